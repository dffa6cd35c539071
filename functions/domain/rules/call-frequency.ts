import type { ChannelRule } from './types';
import { ceilToMinute, DAY_MS } from './time';

/**
 * At most N call attempts per debt in any N consecutive days (7 in 7), counting every attempt that
 * may have rung: sent and unconfirmed calls. The history is one debt's cycle, so "per debt" holds.
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
    const t = at.getTime();
    const inWindow: number[] = [];
    ctx.history.forEach((h, i) => {
      if (h.kind !== 'contact' || h.channel !== 'voice' || h.outcome === 'failed-permanent') return;
      const ht = ctx.historyTimes[i];
      if (ht > t - windowMs && ht <= t) inWindow.push(ht);
    });
    if (inWindow.length < cap) {
      return { effect: 'allowed', detail: `${inWindow.length} of ${cap} call attempts used in the last ${days} days` };
    }
    // History is sorted, so inWindow is too: once the attempt that brings the count below the cap
    // leaves the window, a call is allowed again.
    const until = ceilToMinute(inWindow[inWindow.length - cap] + windowMs);
    return {
      effect: 'deferred',
      until,
      detail: `${inWindow.length} call attempts in the last ${days} days (limit ${cap})`,
    };
  },
};
