/**
 * The clock in a zone: whether a string names an IANA zone, a zone's UTC offset at an instant, wall-clock
 * parts, and the instant of a local time. Apart from where a customer may be (time-zones.ts and its
 * area-code and region tables, 8 KB), so that the functions that only check a zone or read a local
 * time do not carry those tables.
 */

/** The zone assumed when nothing (customer, address, phone, configuration) says where someone is. */
export const LAST_RESORT_TIME_ZONE = 'America/New_York';

// Building an Intl.DateTimeFormat costs far more than using one: one per zone, built on first use.
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(timeZone: string): Intl.DateTimeFormat {
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

export interface LocalTimeParts {
  year: number;
  /** 1-12 */
  month: number;
  day: number;
  /** 0-23 */
  hour: number;
  minute: number;
  second: number;
  /** 0 = Sunday ... 6 = Saturday */
  weekday: number;
  /** hour * 60 + minute */
  minutesOfDay: number;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

// Even formatToParts costs ~20 us: too slow for p99 < 0.5 ms per decision. So Intl is only asked for
// a zone's UTC offset, once per 15-minute bucket (every modern zone changes offset on a 15-minute UTC
// boundary), and wall-clock parts are then plain arithmetic.
const BUCKET_MS = 15 * 60_000;
const MAX_BUCKETS_PER_ZONE = 50_000;
const offsetCache = new Map<string, Map<number, number>>();

function offsetFromIntl(ms: number, timeZone: string): number {
  let year = 0;
  let month = 0;
  let day = 0;
  let hour = 0;
  let minute = 0;
  let second = 0;
  for (const p of formatterFor(timeZone).formatToParts(new Date(ms))) {
    if (p.type === 'year') year = Number(p.value);
    else if (p.type === 'month') month = Number(p.value);
    else if (p.type === 'day') day = Number(p.value);
    else if (p.type === 'hour') hour = Number(p.value) % 24;
    else if (p.type === 'minute') minute = Number(p.value);
    else if (p.type === 'second') second = Number(p.value);
  }
  return Date.UTC(year, month - 1, day, hour, minute, second) - ms;
}

/** Offset of the zone from UTC at an instant, in milliseconds (local = utc + offset). */
export function zoneOffsetMs(at: Date, timeZone: string): number {
  const bucket = Math.floor(at.getTime() / BUCKET_MS);
  let zone = offsetCache.get(timeZone);
  if (!zone) {
    zone = new Map();
    offsetCache.set(timeZone, zone);
  }
  let offset = zone.get(bucket);
  if (offset === undefined) {
    if (zone.size >= MAX_BUCKETS_PER_ZONE) zone.clear();
    offset = offsetFromIntl(bucket * BUCKET_MS, timeZone);
    zone.set(bucket, offset);
  }
  return offset;
}

/** Wall-clock parts of an instant in a zone. */
export function localTimeParts(at: Date, timeZone: string): LocalTimeParts {
  const local = new Date(at.getTime() + zoneOffsetMs(at, timeZone));
  const hour = local.getUTCHours();
  const minute = local.getUTCMinutes();
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    hour,
    minute,
    second: local.getUTCSeconds(),
    weekday: local.getUTCDay(),
    minutesOfDay: hour * 60 + minute,
  };
}

/** Minutes since local midnight: the hot path of the contact-window rule. */
export function localMinutesOfDay(at: Date, timeZone: string): number {
  const local = at.getTime() + zoneOffsetMs(at, timeZone);
  return Math.floor((((local % 86_400_000) + 86_400_000) % 86_400_000) / 60_000);
}

/**
 * The instant when the wall clock in a zone shows the given local date and minute of day. In a DST
 * gap (a local time that does not exist) it returns the instant just after the gap.
 */
export function instantAtLocal(date: { year: number; month: number; day: number }, minutesOfDay: number, timeZone: string): Date {
  const wall = Date.UTC(date.year, date.month - 1, date.day, 0, minutesOfDay);
  const first = wall - zoneOffsetMs(new Date(wall), timeZone);
  const second = wall - zoneOffsetMs(new Date(first), timeZone);
  if (first === second) return new Date(first);
  // Offsets disagree around a transition: prefer the candidate whose wall time matches, else the later one.
  const matches = (t: number) => t + zoneOffsetMs(new Date(t), timeZone) === wall;
  if (matches(first) && matches(second)) return new Date(Math.min(first, second));
  if (matches(second)) return new Date(second);
  if (matches(first)) return new Date(first);
  return new Date(Math.max(first, second));
}

/** "Tue 10:05 America/Chicago": short, PII-free, for reason texts and timelines. */
export function formatLocal(at: Date, timeZone: string): string {
  const p = localTimeParts(at, timeZone);
  return `${WEEKDAYS[p.weekday]} ${pad(p.hour)}:${pad(p.minute)} ${timeZone}`;
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}
