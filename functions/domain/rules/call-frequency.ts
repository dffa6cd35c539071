import { countedTimes, windowRange } from './counting';
import type { ChannelRule } from './types';
import { ceilToMinute, DAY_MS } from './time';

/**
 * At most N call attempts per debt in any N consecutive days (7 in 7), counting every attempt that
 * may have rung: sent and unconfirmed calls, except those placed with the consumer's prior consent.
 * ctx.history holds this debt's entries only (other debts' are in ctx.personHistory), so "per debt" holds.
 */
export const callFrequency: ChannelRule = {
  id: 'regf.call-frequency',
  stage: 'counter',
  description: 'No more than the allowed number of call attempts per debt in a rolling number of days.',
  source: '12 CFR 1006.14(b)(2)(i)',
  evaluate(ctx, { channel, at }) {
    const { attempts: cap, days } = ctx.ruleSet.callAttemptCap;
    if (channel !== 'voice') return { effect: 'allowed', detail: 'not a call' };
    const windowMs = days * DAY_MS;
    // Calls placed with the consumer's direct prior consent do not count (1006.14(b)(3)).
    const times = countedTimes(
      ctx,
      'regf.call-frequency',
      'debt',
      (h) => h.kind === 'contact' && h.channel === 'voice' && h.outcome !== 'failed-permanent' && !h.consented,
    );
    const { from, to } = windowRange(times, at.getTime(), windowMs);
    const used = to - from;
    if (used < cap) {
      return { effect: 'allowed', detail: `${used} of ${cap} call attempts used in the last ${days} days` };
    }
    // Once the attempt that brings the count below the cap leaves the window, a call is allowed again.
    const until = ceilToMinute(times[to - cap] + windowMs);
    return {
      effect: 'deferred',
      until,
      detail: `${used} call attempts in the last ${days} days (limit ${cap})`,
    };
  },
};
