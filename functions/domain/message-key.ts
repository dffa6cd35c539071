/**
 * The key of one message: account, cycle, step and channel. It travels with the message to the provider
 * (the SMS Context, an SES tag) and comes back in every delivery event, so a send whose answer was lost
 * can still be matched to its claim.
 */
import type { Channel } from './types';

export const messageKey = (accountId: string, cycleId: string, stepId: string, channel: Channel) =>
  `${accountId}:${cycleId}:${stepId}:${channel}`;
