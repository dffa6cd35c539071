/**
 * Whether a string names an IANA zone, and the one Intl formatter per zone that time-zones.ts computes
 * offsets with. Apart from the area-code and region tables of time-zones.ts, so that the functions that
 * only check a configured or stated zone do not carry those tables (8 KB).
 */
// Building an Intl.DateTimeFormat costs far more than using one: one per zone, built on first use.
const formatters = new Map<string, Intl.DateTimeFormat>();
export function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}
