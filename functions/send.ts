/**
 * Send: guard, claim, deliver -- at most once per step and channel.
 * 1. Guard at send time: re-read the account and the history and decide again now; if the world changed
 *    (payment, dispute, opt-out, window closed) the contact is skipped.
 * 2. Claim the step in the state table with a conditional write. An existing claim that was not released
 *    means the message was (or may have been) sent: never send again.
 * 3. Deliver. Throttled: release the claim (nothing was sent) and rethrow, the state machine retries.
 *    Permanent failure: fail the claim and mark the channel unusable. Anything else: the outcome is
 *    unknown, the claim stays 'claimed' for the reconciliation sweep, and the error goes to the journey.
 */
import { renderMessage } from './domain/templates';
import { ChannelPermanentError, ChannelThrottledError } from './domain/ports';
import type { Account, Channel, ContactAction, SendOutcome } from './domain/types';
import { toHistoryEntries } from './adapters/ledger-store';
import { AccountNotFoundError } from './adapters/state-store';
import { awsDependencies, type Dependencies } from './commons/dependencies';
import { parseInput, redact, sendInputSchema } from './commons/inputs';
import { withPowertools } from './commons/middleware';
import { logger } from './commons/powertools';
import { decideFor } from './commons/decision';

export const messageKey = (accountId: string, cycleId: string, stepId: string, channel: Channel) =>
  `${accountId}:${cycleId}:${stepId}:${channel}`;

function addressFor(account: Account, channel: Channel): string | undefined {
  return channel === 'email' ? account.customer.email : account.customer.phone;
}

const isThrottle = (error: unknown) => error instanceof ChannelThrottledError || (error as Error | undefined)?.name === 'ChannelThrottled';
const isPermanent = (error: unknown): error is ChannelPermanentError =>
  error instanceof ChannelPermanentError || (error as Error | undefined)?.name === 'ChannelPermanentFailure';

export const makeSendHandler = (deps: () => Dependencies) =>
  withPowertools(async (event: unknown): Promise<SendOutcome> => {
    const d = deps();
    const { accountId, cycleId, action } = parseInput(sendInputSchema, event, 'send');
    const { stepId, channel } = action as ContactAction;
    const log = { accountId, cycleId, stepId, channel };

    // 1. Guard: the same rules, now.
    const account = await d.state.getAccount(accountId);
    if (!account) throw new AccountNotFoundError(accountId);
    const history = toHistoryEntries(await d.ledger.history(accountId, cycleId));
    const now = d.clock.now();
    const guard = decideFor(d, account, cycleId, history, now);
    if (guard.action.type !== 'contact' || guard.action.stepId !== stepId || guard.action.channel !== channel) {
      logger.info('send skipped by the send-time guard', { ...log, now: guard.action.type });
      return { status: 'skipped', stepId, channel, reasons: guard.reasons };
    }

    // 2. Claim.
    const at = now.toISOString();
    const claim = await d.state.claimSend(accountId, cycleId, stepId, channel, at);
    if (!claim.claimed) {
      logger.warn('step already claimed: not sending again', { ...log, claimStatus: claim.claimStatus });
      return { status: 'already-claimed', stepId, channel, claimStatus: claim.claimStatus };
    }

    // 3. Deliver.
    const to = addressFor(account, channel);
    if (!to) {
      const error = `no ${channel === 'email' ? 'email address' : 'phone number'} on file`;
      await d.state.failSend(accountId, cycleId, stepId, channel, error, at);
      await d.state.markChannelUnusable(accountId, channel, 'no-address', at);
      return { status: 'failed-permanent', stepId, channel, error };
    }
    const rendered = renderMessage({
      template: action.template,
      channel,
      account,
      links: { paymentUrl: d.settings.paymentUrl, helpPhoneNumber: d.settings.helpPhoneNumber },
    });

    try {
      const receipt = await d.channels.send({
        accountId,
        channel,
        to,
        messageKey: messageKey(accountId, cycleId, stepId, channel),
        language: account.customer.language,
        ...rendered,
      });
      await d.state.confirmSend(accountId, cycleId, stepId, channel, receipt.providerMessageId, d.clock.now().toISOString());
      logger.info('message sent', { ...log, providerMessageId: receipt.providerMessageId });
      return { status: 'sent', stepId, channel, providerMessageId: receipt.providerMessageId };
    } catch (error) {
      const settledAt = d.clock.now().toISOString();
      if (isThrottle(error)) {
        await d.state.releaseSend(accountId, cycleId, stepId, channel, settledAt);
        logger.warn('provider throttled: claim released, the journey retries', log);
        throw error;
      }
      if (isPermanent(error)) {
        const description = `${error.reason}: ${redact(error.message)}`;
        await d.state.failSend(accountId, cycleId, stepId, channel, description, settledAt);
        await d.state.markChannelUnusable(accountId, channel, error.reason, settledAt);
        logger.warn('channel failed permanently: marked unusable', { ...log, reason: error.reason });
        return { status: 'failed-permanent', stepId, channel, error: description };
      }
      // Unknown outcome: the provider may have accepted it. Leave the claim for reconciliation.
      logger.error('send outcome unknown: claim left unconfirmed', { ...log, errorName: (error as Error)?.name });
      throw error;
    }
  });

export const handler = makeSendHandler(awsDependencies);
