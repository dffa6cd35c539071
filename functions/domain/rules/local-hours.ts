import { formatLocal } from '../zone-clock';
import { earliestInsideWindow, zonesOutsideWindow, type LocalWindow } from './contact-window';
import { minutesOf } from './rule-set';
import type { ChannelRule, RuleContext, RuleOutcome } from './types';

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
  evaluate(ctx, { at, explain = true }) {
    // Every channel of a decision asks at the same instants (now, a wait's end, the window's opening).
    let byInstant = outcomes.get(ctx);
    if (!byInstant) {
      byInstant = new Map();
      outcomes.set(ctx, byInstant);
    }
    let outcome = byInstant.get(at.getTime());
    // An outcome found without its detail is found again, with it, when a caller explains.
    if (!outcome || (explain && outcome.detail === '')) {
      outcome = localHoursAt(ctx, at, explain);
      byInstant.set(at.getTime(), outcome);
    }
    return outcome;
  },
};

/** The rule's outcomes by instant, for one decision's context (it holds what the window depends on). */
const outcomes = new WeakMap<RuleContext, Map<number, RuleOutcome>>();

/** The rule at an instant; without `explain`, no detail (formatting the local times cost more than the check). */
function localHoursAt(ctx: RuleContext, at: Date, explain: boolean): RuleOutcome {
  const { start, end } = ctx.ruleSet.contactWindow;
  const span = `${start}-${end}`;
  const outside = zonesOutsideWindow(at, ctx.timeZones, windowOf(ctx));
  if (outside.length === 0) {
    return {
      effect: 'allowed',
      detail: explain ? `inside ${span} local time: ${ctx.timeZones.map((z) => formatLocal(at, z)).join(', ')}` : '',
    };
  }
  const until = earliestInsideWindow(at, ctx.timeZones, windowOf(ctx), WINDOW_SEARCH_DAYS);
  if (!until) {
    return {
      effect: 'blocked',
      detail: explain ? `no time in the next ${WINDOW_SEARCH_DAYS} days is inside ${span} in all of ${ctx.timeZones.join(', ')}` : '',
    };
  }
  const now = explain ? outside.map((z) => formatLocal(at, z)).join(', ') : '';
  return {
    effect: 'deferred',
    until,
    detail: explain
      ? `outside ${span} local time (${now}); next time inside ${span} in all of ${ctx.timeZones.join(', ')}: ${formatLocal(until, ctx.timeZones[0])}`
      : '',
  };
}
