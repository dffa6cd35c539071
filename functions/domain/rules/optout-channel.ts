import { customerMediumPermission } from '../medium-permission';
import type { ChannelRule } from './types';

/**
 * "Stop texting me" blocks texts, "stop calling me" blocks calls: per medium, whether it was recorded as
 * an opt-out or as a revoked consent (customerMediumPermission reads both).
 */
export const optoutChannel: ChannelRule = {
  id: 'optout.channel',
  stage: 'channel',
  description: 'Never use a channel the customer opted out of or revoked consent to.',
  source: '12 CFR 1006.6(e), 1006.14(h); TCPA revocation (FCC 24-24)',
  evaluate(ctx, { channel, at }) {
    const permission = customerMediumPermission(ctx.account, channel, at);
    return permission.open
      ? { effect: 'allowed', detail: `no opt-out or revoked consent on ${channel}` }
      : { effect: 'blocked', detail: permission.reason };
  },
};
