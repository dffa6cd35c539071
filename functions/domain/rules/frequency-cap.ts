/**
 * A rolling-window contact cap: at most `max` contacts on the listed channels in any `days` consecutive
 * days, counted per debt (this account's history) or per person (every debt's history passed in).
 * Massachusetts, New York City, Washington and the per-channel email/SMS caps are all this one rule
 * with different numbers, so a new cap is a profile entry, not code.
 */
import type { Channel, PhoneType } from '../types';
import { countedTimes, windowRange } from './counting';
import { vulnerabilityOf } from './suppression-rules';
import { ceilToMinute, DAY_MS } from './time';
import type { ChannelRule, RuleMeta } from './types';

export interface FrequencyCapParams {
  channels: readonly Channel[];
  max: number;
  days: number;
  scope: 'debt' | 'person';
  appliesTo: 'everyone' | 'vulnerable';
  /** The cap applies only when the customer's number is of one of these types (e.g. work). */
  phoneTypes?: readonly PhoneType[];
}

export function frequencyCapRule(meta: RuleMeta, p: FrequencyCapParams): ChannelRule {
  const windowMs = p.days * DAY_MS;
  const counted = new Set(p.channels);
  const label = p.channels.length === 3 ? 'contacts on any channel' : `${p.channels.join(' or ')} contacts`;
  const per = `${p.scope === 'person' ? 'per person, all debts' : 'per debt'}${p.phoneTypes ? `, to a ${p.phoneTypes.join(' or ')} number` : ''}`;
  return {
    ...meta,
    stage: 'counter',
    evaluate(ctx, { channel, at }) {
      if (!counted.has(channel)) return { effect: 'allowed', detail: `${channel} is not counted by this cap` };
      if (p.appliesTo === 'vulnerable' && !vulnerabilityOf(ctx.account)) {
        return { effect: 'allowed', detail: 'applies to vulnerable customers only' };
      }
      if (p.phoneTypes && !p.phoneTypes.includes(ctx.account.customer.phoneType ?? 'unknown')) {
        return { effect: 'allowed', detail: `applies to ${p.phoneTypes.join(' or ')} numbers only` };
      }
      const times = countedTimes(
        ctx,
        meta.id,
        p.scope,
        (h) => h.kind === 'contact' && h.outcome !== 'failed-permanent' && !h.consented && counted.has(h.channel),
      );
      const { from, to } = windowRange(times, at.getTime(), windowMs);
      const used = to - from;
      if (used < p.max) {
        return { effect: 'allowed', detail: `${used} of ${p.max} ${label} used in the last ${p.days} days (${per})` };
      }
      // Sorted times: once the attempt that brings the count below the cap leaves the window, contact is allowed.
      const until = ceilToMinute(times[to - p.max] + windowMs);
      return {
        effect: 'deferred',
        until,
        detail: `${used} ${label} in the last ${p.days} days (limit ${p.max}, ${per})`,
      };
    },
  };
}
