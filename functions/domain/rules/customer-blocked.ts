import { formatLocal, instantAtLocal, localTimeParts } from '../time-zones';
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
        const day = WEEKDAY_CODES[p.weekday];
        for (const b of parsed(blocked)) {
          if (b.days && !b.days.has(day)) continue;
          if (p.minutesOfDay < b.start || p.minutesOfDay >= b.end) continue;
          const endAt = instantAtLocal({ year: p.year, month: p.month, day: p.day }, b.end, zone).getTime();
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
