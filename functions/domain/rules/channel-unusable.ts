import type { Account, Channel } from '../types';
import type { ChannelRule } from './types';

/** The provider told us this address can never work (invalid number, hard bounce, suppression list). */
export const channelUnusable: ChannelRule = {
  id: 'channel.unusable',
  stage: 'channel',
  description: 'Do not use a channel whose address the provider reported as permanently undeliverable.',
  source: 'Amicable policy (avoid repeated failed contacts and reassigned numbers)',
  evaluate(ctx, { channel }) {
    const unusable = ctx.account.channels[channel]?.unusable;
    return unusable
      ? { effect: 'blocked', detail: `${channel} is unusable since ${unusable.at} (${unusable.reason})` }
      : { effect: 'allowed', detail: `${channel} has no delivery problem on record` };
  },
};

export function hasAddressFor(account: Account, channel: Channel): boolean {
  return channel === 'email' ? Boolean(account.customer.email) : Boolean(account.customer.phone);
}

/** No phone number means no sms or voice; no email address means no email. */
export const channelNoAddress: ChannelRule = {
  id: 'channel.no-address',
  stage: 'channel',
  description: 'A channel needs an address: a phone number for sms and voice, an email address for email.',
  source: 'Amicable policy',
  evaluate(ctx, { channel }) {
    return hasAddressFor(ctx.account, channel)
      ? { effect: 'allowed', detail: `an address is on file for ${channel}` }
      : { effect: 'blocked', detail: `no ${channel === 'email' ? 'email address' : 'phone number'} on file for ${channel}` };
  },
};
