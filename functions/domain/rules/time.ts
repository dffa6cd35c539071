export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;

/** Waits land on whole minutes: easier to read in a timeline, and never earlier than the rule allows. */
export function ceilToMinute(ms: number): Date {
  return new Date(Math.ceil(ms / MINUTE_MS) * MINUTE_MS);
}

const digit = (s: string, i: number): number => {
  const d = s.charCodeAt(i) - 48;
  return d >= 0 && d <= 9 ? d : NaN;
};
const two = (s: string, i: number): number => digit(s, i) * 10 + digit(s, i + 1);

/**
 * Date.parse for the ledger's canonical UTC form (YYYY-MM-DDTHH:MM:SS[.fff]Z), several times faster
 * than Date.parse, which dominated a decision over a long history. Anything else goes to Date.parse.
 */
export function parseInstant(s: string): number {
  const n = s.length;
  if (
    (n === 20 || n === 24) &&
    s.charCodeAt(n - 1) === 90 /* Z */ &&
    s.charCodeAt(4) === 45 &&
    s.charCodeAt(7) === 45 &&
    s.charCodeAt(10) === 84 &&
    s.charCodeAt(13) === 58 &&
    s.charCodeAt(16) === 58
  ) {
    const year = two(s, 0) * 100 + two(s, 2);
    const month = two(s, 5);
    const day = two(s, 8);
    const hour = two(s, 11);
    const minute = two(s, 14);
    const second = two(s, 17);
    let ms = 0;
    if (n === 24) {
      if (s.charCodeAt(19) !== 46) return Date.parse(s);
      ms = digit(s, 20) * 100 + two(s, 21);
    }
    // A non-digit makes a field NaN (fails every comparison): Date.parse then judges the odd string.
    if (!(
      year >= 100 &&
      month >= 1 &&
      month <= 12 &&
      day >= 1 &&
      day <= 31 &&
      hour <= 23 &&
      minute <= 59 &&
      second <= 59 &&
      ms >= 0 &&
      hour >= 0 &&
      minute >= 0 &&
      second >= 0
    )) {
      return Date.parse(s);
    }
    // Days from the civil date (H. Hinnant's algorithm): integer arithmetic, cheaper than Date.UTC.
    const y = month <= 2 ? year - 1 : year;
    const era = Math.floor(y / 400);
    const yoe = y - era * 400;
    const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
    const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
    const days = era * 146_097 + doe - 719_468;
    return days * DAY_MS + hour * 3_600_000 + minute * MINUTE_MS + second * 1000 + ms;
  }
  return Date.parse(s);
}
