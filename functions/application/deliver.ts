/**
 * Delivering one message at most once: render it (a message that cannot be rendered is refused before
 * anything is claimed, so it never leaves a claim nobody settles), claim the step in the state table with
 * a conditional write, call the provider, settle the claim and remember the provider's message id (delivery events
 * carry only that id). Throttling releases the claim (nothing was sent) and rethrows for the retry; a
 * permanent failure marks the channel unusable; anything else marks the claim's outcome unknown, settled
 * later by a delivery event for its message key or by the sweep (application/send-outcomes.ts).
 * Send uses it after its guard; the inbound-SMS handler uses it to answer a reply.
 */
import { renderMessage, type MessageFacts } from '../domain/templates';
import { templateUses } from '../domain/rules/content';
import { ChannelPermanentError, ChannelThrottledError, ERROR_NAMES, hasErrorName } from '../domain/errors';
import type { Account, Channel } from '../domain/types';
import type { SendOutcome } from '../domain/decision-types';
import type { Dependencies } from '../commons/dependencies';
import { redact } from '../commons/inputs';
import { countMetric, logger, METRIC } from '../commons/powertools';
import { mintLink } from './portal-links';
import { messageKey } from '../domain/message-key';

function addressFor(account: Account, channel: Channel): string | undefined {
  return channel === 'email' ? account.customer.email : account.customer.phone;
}

const isThrottle = (error: unknown) => error instanceof ChannelThrottledError || hasErrorName(error, ERROR_NAMES.channelThrottled);
const isPermanent = (error: unknown): error is ChannelPermanentError =>
  error instanceof ChannelPermanentError || hasErrorName(error, ERROR_NAMES.channelPermanentFailure);

export interface Delivery {
  stepId: string;
  channel: Channel;
  template: string;
  /** Amounts and dates a care message shows (a promise, an instalment, plan options). */
  facts?: MessageFacts;
}

/** A message that cannot be rendered from its facts (an impossible date, a missing amount): nothing was claimed or sent. */
export class MessageRenderError extends Error {
  constructor(template: string, channel: Channel, cause: unknown) {
    super(`message ${template} (${channel}) cannot be rendered: ${(cause as Error)?.message ?? String(cause)}`);
    this.name = 'MessageRenderError';
  }
}

function renderer(account: Account, message: Delivery, settings: { helpPhoneNumber: string; voicemailBusinessName?: string }) {
  return (paymentUrl: string) => {
    try {
      return renderMessage({
        template: message.template,
        channel: message.channel,
        account,
        links: { paymentUrl, helpPhoneNumber: settings.helpPhoneNumber },
        ...(message.facts ? { facts: message.facts } : {}),
        ...(settings.voicemailBusinessName ? { voicemailBusinessName: settings.voicemailBusinessName } : {}),
      });
    } catch (error) {
      throw new MessageRenderError(message.template, message.channel, error);
    }
  };
}

/**
 * `accountVersion`: the version of the account item the caller decided on; the claim is then taken only
 * while the account is unchanged (StaleAccountError otherwise, nothing claimed or sent).
 */
export async function deliverOnce(
  d: Dependencies,
  account: Account,
  cycleId: string,
  message: Delivery,
  accountVersion?: number,
): Promise<SendOutcome> {
  const { accountId } = account;
  const { stepId, channel } = message;
  const log = { accountId, cycleId, stepId, channel };
  const at = d.clock.now().toISOString();

  // Render first with the shared payment URL: every check a render makes depends on the facts, not the
  // link, so a message that renders now renders again with the customer's own link after the claim.
  const render = renderer(account, message, d.settings);
  const preflight = render(d.settings.paymentUrl);

  const claim = await d.state.claimSend(accountId, cycleId, stepId, channel, at, accountVersion);
  if (!claim.claimed) {
    logger.warn('step already claimed: not sending again', { ...log, claimStatus: claim.claimStatus });
    return { status: 'already-claimed', stepId, channel, claimStatus: claim.claimStatus };
  }

  const to = addressFor(account, channel);
  if (!to) {
    const error = `no ${channel === 'email' ? 'email address' : 'phone number'} on file`;
    await d.state.failSend(accountId, cycleId, stepId, channel, error, at);
    await d.state.markChannelUnusable(accountId, channel, 'no-address', at);
    return { status: 'failed-permanent', stepId, channel, error };
  }
  // With the portal deployed, every message with a link leads to the customer's own signed, expiring one.
  const linked = d.portal !== undefined && templateUses(message.template, channel, 'paymentUrl');
  const rendered = linked ? render(await mintLink(d.portal!, d.state, { accountId, cycleId }, d.clock.now())) : preflight;

  try {
    const receipt = await d.channels.send({
      accountId,
      channel,
      to,
      messageKey: messageKey(accountId, cycleId, stepId, channel),
      language: account.customer.language,
      ...rendered,
    });
    const sentAt = d.clock.now().toISOString();
    await d.state.confirmSend(accountId, cycleId, stepId, channel, receipt.providerMessageId, sentAt);
    await d.state.indexMessage({ providerMessageId: receipt.providerMessageId, accountId, cycleId, stepId, channel }, sentAt);
    logger.info('message sent', { ...log, providerMessageId: receipt.providerMessageId });
    return { status: 'sent', stepId, channel, providerMessageId: receipt.providerMessageId, sentAt };
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
    // Unknown outcome: the provider may have accepted it. Treated as sent (never sent again) until a
    // delivery event for its message key settles it as sent, or the sweep, after the deadline, as not sent.
    if (await d.state.markSendUnknown(accountId, cycleId, stepId, channel, settledAt)) countMetric(METRIC.unknownSendOutcomes);
    logger.error('send outcome unknown: claim kept as unknown until settled', { ...log, errorName: (error as Error)?.name });
    throw error;
  }
}
