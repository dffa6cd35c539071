import type { ChannelRule } from './types';

/** "Stop texting me" blocks texts, "stop calling me" blocks calls: per medium. */
export const optoutChannel: ChannelRule = {
  id: 'optout.channel',
  stage: 'channel',
  description: 'Never use a channel the customer opted out of.',
  source: '12 CFR 1006.6(e), 1006.14(h); TCPA revocation (FCC 24-24)',
  evaluate(ctx, { channel }) {
    return ctx.account.channels[channel]?.optedOut
      ? { effect: 'blocked', detail: `the customer opted out of ${channel}` }
      : { effect: 'allowed', detail: `no opt-out on ${channel}` };
  },
};
