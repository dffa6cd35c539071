/**
 * US federal holidays by rule (5 U.S.C. 6103), so the calendar never runs out: fixed dates and "nth
 * weekday of the month" holidays, observed on the Friday before when they fall on a Saturday and the
 * Monday after when they fall on a Sunday (Executive Order 11582; OPM). Juneteenth counts from 2021.
 */
import { DAY_MS } from './time';

export const US_FEDERAL_HOLIDAYS_SOURCE =
  '5 U.S.C. 6103; OPM federal holiday schedule (a holiday on a Saturday is observed the Friday before, on a Sunday the Monday after)';

export interface Holiday {
  date: string;
  name: string;
}

type HolidayRule = { name: string; month: number; since?: number } & ({ day: number } | { weekday: number; nth: number });

const LAST = -1;
const RULES: readonly HolidayRule[] = [
  { name: "New Year's Day", month: 1, day: 1 },
  { name: 'Birthday of Martin Luther King, Jr.', month: 1, weekday: 1, nth: 3 },
  { name: "Washington's Birthday", month: 2, weekday: 1, nth: 3 },
  { name: 'Memorial Day', month: 5, weekday: 1, nth: LAST },
  { name: 'Juneteenth National Independence Day', month: 6, day: 19, since: 2021 },
  { name: 'Independence Day', month: 7, day: 4 },
  { name: 'Labor Day', month: 9, weekday: 1, nth: 1 },
  { name: 'Columbus Day', month: 10, weekday: 1, nth: 2 },
  { name: 'Veterans Day', month: 11, day: 11 },
  { name: 'Thanksgiving Day', month: 11, weekday: 4, nth: 4 },
  { name: 'Christmas Day', month: 12, day: 25 },
];

/** Days since the epoch of the nth (or last) given weekday of a month. */
function nthWeekday(year: number, month: number, weekday: number, nth: number): number {
  if (nth === LAST) {
    const last = Date.UTC(year, month, 0) / DAY_MS;
    return last - ((new Date(last * DAY_MS).getUTCDay() - weekday + 7) % 7);
  }
  const first = Date.UTC(year, month - 1, 1) / DAY_MS;
  return first + ((weekday - new Date(first * DAY_MS).getUTCDay() + 7) % 7) + (nth - 1) * 7;
}

/** A holiday's legal date moved off the weekend. */
function observed(epochDay: number): number {
  const weekday = new Date(epochDay * DAY_MS).getUTCDay();
  return weekday === 6 ? epochDay - 1 : weekday === 0 ? epochDay + 1 : epochDay;
}

function legalDays(year: number): Array<{ day: number; name: string }> {
  return RULES.filter((r) => !r.since || year >= r.since).map((r) => ({
    name: r.name,
    day: 'day' in r ? Date.UTC(year, r.month - 1, r.day) / DAY_MS : nthWeekday(year, r.month, r.weekday, r.nth),
  }));
}

const cache = new Map<number, ReadonlySet<number>>();

/** The observed holidays whose observed date falls in `year` (1 Jan of the next year may be observed on 31 Dec). */
export function usFederalHolidays(year: number): Holiday[] {
  return [...legalDays(year), ...legalDays(year + 1)]
    .map((h) => ({ name: h.name, day: observed(h.day) }))
    .filter((h) => new Date(h.day * DAY_MS).getUTCFullYear() === year)
    .sort((a, b) => a.day - b.day)
    .map((h) => ({ date: new Date(h.day * DAY_MS).toISOString().slice(0, 10), name: h.name }));
}

/** Whether a UTC calendar day (days since the epoch) is an observed US federal holiday. */
export function isUsFederalHoliday(epochDay: number): boolean {
  const year = new Date(epochDay * DAY_MS).getUTCFullYear();
  let days = cache.get(year);
  if (!days) {
    days = new Set(usFederalHolidays(year).map((h) => Date.parse(`${h.date}T00:00:00Z`) / DAY_MS));
    cache.set(year, days);
  }
  return days.has(epochDay);
}
