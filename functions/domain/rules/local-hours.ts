import { formatLocal } from '../zone-clock';
import { earliestInsideWindow, zonesOutsideWindow, type LocalWindow } from './contact-window';
import { minutesOf } from './rule-set';
import type { ChannelRule, RuleContext } from './types';

/** How far ahead to look for a time convenient in every zone before giving up on the channel. */
export const WINDOW_SEARCH_DAYS = 14;

// Parsing 'HH:MM' per evaluation is cheap but not free; rule sets are few and immutable.
const windowCache = new WeakMap<object, LocalWindow>();
function windowOf(ctx: RuleContext): LocalWindow {
  const key = ctx.ruleSet.contactWindow;
  let w = windowCache.get(key);
  if (!w) {
    w = { startMinute: minutesOf(key.start), endMinute: minutesOf(key.end) };
    windowCache.set(key, w);
  }
  return w;
}

/**
 * Before 08:00 or after 21:00 local time is presumed inconvenient for every medium; when the customer
 * may be in several zones, contact only when it is convenient in all of them.
 */
export const localHours: ChannelRule = {
  id: 'window.local-hours',
  stage: 'window',
  description: 'Contact only inside the local contact window in every time zone the customer may be in.',
  source: '12 CFR 1006.6(b)(1) and its commentary on unknown or multiple locations',
  evaluate(ctx, { at }) {
    const { start, end } = ctx.ruleSet.contactWindow;
    const span = `${start}-${end}`;
    const outside = zonesOutsideWindow(at, ctx.timeZones, windowOf(ctx));
    if (outside.length === 0) {
      return {
        effect: 'allowed',
        detail: `inside ${span} local time: ${ctx.timeZones.map((z) => formatLocal(at, z)).join(', ')}`,
      };
    }
    const now = outside.map((z) => formatLocal(at, z)).join(', ');
    const until = earliestInsideWindow(at, ctx.timeZones, windowOf(ctx), WINDOW_SEARCH_DAYS);
    if (!until) {
      return {
        effect: 'blocked',
        detail: `no time in the next ${WINDOW_SEARCH_DAYS} days is inside ${span} in all of ${ctx.timeZones.join(', ')}`,
      };
    }
    return {
      effect: 'deferred',
      until,
      detail: `outside ${span} local time (${now}); next time inside ${span} in all of ${ctx.timeZones.join(', ')}: ${formatLocal(until, ctx.timeZones[0])}`,
    };
  },
};
