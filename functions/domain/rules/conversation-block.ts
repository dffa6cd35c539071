import { formatLocal, instantAtLocal, localTimeParts } from '../zone-clock';
import type { ChannelRule, RuleContext } from './types';

/**
 * The block ends at local midnight starting day (N + 1), counting the conversation day as day 1, in
 * the latest of the customer's possible zones. Every conversation entry counts: recording one means a
 * person spoke with the customer about this debt.
 */
function blockEnd(ctx: RuleContext, conversationAt: number): number {
  let end = 0;
  for (const zone of ctx.timeZones) {
    const p = localTimeParts(new Date(conversationAt), zone);
    const date = new Date(Date.UTC(p.year, p.month - 1, p.day + ctx.ruleSet.conversationBlockDays));
    const midnight = instantAtLocal(
      { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() },
      0,
      zone,
    ).getTime();
    end = Math.max(end, midnight);
  }
  return end;
}

export const conversationBlock: ChannelRule = {
  id: 'regf.conversation-block',
  stage: 'counter',
  description: 'No call for a number of days after a telephone conversation about the debt.',
  source: '12 CFR 1006.14(b)(2)(ii)',
  evaluate(ctx, { channel, at }) {
    if (channel !== 'voice') return { effect: 'allowed', detail: 'not a call' };
    const days = ctx.ruleSet.conversationBlockDays;
    if (days === 0) return { effect: 'allowed', detail: 'no conversation block configured' };
    let latestEnd = 0;
    for (let i = ctx.history.length - 1; i >= 0; i--) {
      const h = ctx.history[i];
      if (h.kind !== 'conversation' || ctx.historyTimes[i] > at.getTime()) continue;
      latestEnd = Math.max(latestEnd, blockEnd(ctx, ctx.historyTimes[i]));
      break; // sorted history: the latest conversation ends the latest block
    }
    if (latestEnd > at.getTime()) {
      const until = new Date(latestEnd);
      return {
        effect: 'deferred',
        until,
        detail: `a telephone conversation took place within the last ${days} days; calls resume ${formatLocal(until, ctx.timeZones[0])}`,
      };
    }
    return { effect: 'allowed', detail: `no telephone conversation in the last ${days} days` };
  },
};
