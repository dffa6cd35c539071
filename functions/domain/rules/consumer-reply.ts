/**
 * The one permitted reply to a consumer-initiated contact (12 CFR 1006.6(b)(1) commentary): when the
 * customer contacted us on a channel, one reply on the same channel within the configured hours is
 * allowed outside the contact window (and the customer's own blocked times). The rule grants an
 * exception to the other window rules; caps and channel checks still apply.
 */
import { countedTimes, upperBound } from './counting';
import type { ChannelRule, RuleMeta } from './types';
import type { Channel } from '../types';

// The counters' keys, built once: the rule runs for every channel at every instant pacing probes.
const keysOf = (prefix: string) =>
  ({ sms: `${prefix}|sms`, email: `${prefix}|email`, voice: `${prefix}|voice` }) satisfies Record<Channel, string>;
const INBOUND_KEY = keysOf('inbound');
const REPLY_KEY = keysOf('reply');

export function consumerReplyRule(meta: RuleMeta, p: { hours: number }): ChannelRule {
  const limitMs = p.hours * 3_600_000;
  return {
    ...meta,
    stage: 'window',
    grantsException: true,
    evaluate(ctx, { channel, at }) {
      const t = at.getTime();
      // Sorted times, collected once per decision: the customer's contacts and ours on this channel.
      const inbound = countedTimes(ctx, INBOUND_KEY[channel], 'debt', (h) => h.kind === 'inbound' && h.channel === channel);
      const i = upperBound(inbound, t);
      if (i === 0) return { effect: 'allowed', detail: `no customer-initiated ${channel} contact to reply to` };
      const since = inbound[i - 1];
      const sinceIso = new Date(since).toISOString();
      if (t - since > limitMs) {
        return { effect: 'allowed', detail: `the customer's ${channel} of ${sinceIso} is more than ${p.hours} h old: no reply exception` };
      }
      // A contact on the channel at or after the inbound one (same instant included) was the reply.
      const ours = countedTimes(ctx, REPLY_KEY[channel], 'debt', (h) => h.kind === 'contact' && h.channel === channel);
      if (upperBound(ours, t) > upperBound(ours, since - 1)) {
        return { effect: 'allowed', detail: `the customer's ${channel} of ${sinceIso} was already answered: no further reply exception` };
      }
      return {
        effect: 'allowed',
        exempt: true,
        detail: `one reply by ${channel} to the customer-initiated ${channel} of ${sinceIso} (within ${p.hours} h): allowed outside the contact window`,
      };
    },
  };
}
