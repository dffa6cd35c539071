import { formatLocal, instantAtLocal, localTimeParts } from '../zone-clock';
import { WEEKDAY_CODES } from '../types';
import { minutesOf } from './rule-set';
import type { BlockedTime } from '../types';
import type { ChannelRule, RuleMeta } from './types';

interface ParsedBlock {
  start: number;
  end: number;
  days?: ReadonlySet<string>;
  label: string;
}

// Parsed once per account object: the guard and the simulator re-decide the same account many times.
const parsedCache = new WeakMap<readonly BlockedTime[], ParsedBlock[]>();
function parsed(blocked: readonly BlockedTime[]): ParsedBlock[] {
  let p = parsedCache.get(blocked);
  if (!p) {
    p = blocked.map((b) => ({
      start: minutesOf(b.start),
      end: minutesOf(b.end),
      days: b.days ? new Set(b.days) : undefined,
      label: `${b.start}-${b.end}${b.days ? ` on ${b.days.join(',')}` : ''}`,
    }));
    parsedCache.set(blocked, p);
  }
  return p;
}

interface LocalDay {
  year: number;
  month: number;
  day: number;
  weekday: number;
}

/** The calendar day `offset` days from `d` (offset -1 or +1 across a range that spans midnight). */
function shiftDay(d: LocalDay, offset: number): LocalDay {
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day + offset));
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate(), weekday: t.getUTCDay() };
}

/**
 * The local day on which the block the minute falls in ends, or undefined when it is outside. A range
 * whose start is after its end ("22:00-10:00": not after ten at night, not before ten in the morning)
 * spans midnight; its days name the evening it starts on.
 */
function blockEndDay(b: ParsedBlock, today: LocalDay, minute: number): LocalDay | undefined {
  const onDay = (d: LocalDay) => !b.days || b.days.has(WEEKDAY_CODES[d.weekday]);
  if (b.start < b.end) return minute >= b.start && minute < b.end && onDay(today) ? today : undefined;
  if (minute >= b.start && onDay(today)) return shiftDay(today, 1);
  if (minute < b.end && onDay(shiftDay(today, -1))) return today;
  return undefined;
}

/**
 * Times the customer named as inconvenient are blocked like the night hours (1006.6(b)(1); CONC 7.9:
 * honour reasonable requests about when to be contacted), in every zone the customer may be in.
 */
export function customerBlockedTimesRule(meta: RuleMeta): ChannelRule {
  return {
    ...meta,
    stage: 'window',
    evaluate(ctx, { at }) {
      const blocked = ctx.account.customer.blockedTimes;
      if (!blocked || blocked.length === 0) return { effect: 'allowed', detail: 'the customer named no inconvenient times' };
      let until = 0;
      let hit = '';
      for (const zone of ctx.timeZones) {
        const p = localTimeParts(at, zone);
        for (const b of parsed(blocked)) {
          const endDay = blockEndDay(b, p, p.minutesOfDay);
          if (!endDay) continue;
          const endAt = instantAtLocal({ year: endDay.year, month: endDay.month, day: endDay.day }, b.end, zone).getTime();
          if (endAt > until) {
            until = endAt;
            hit = `${b.label} (${formatLocal(at, zone)})`;
          }
        }
      }
      if (until > at.getTime()) {
        return { effect: 'deferred', until: new Date(until), detail: `the customer asked not to be contacted ${hit}` };
      }
      return { effect: 'allowed', detail: 'outside the times the customer named as inconvenient' };
    },
  };
}
