/**
 * Settling sends whose outcome is unknown. A provider error that is neither throttling nor a known
 * permanent refusal (a 5xx, a lost answer) or a send that crashed mid-call leaves a claim nobody can
 * read as sent or not. At most once comes first: such a claim counts as sent -- it is never sent again --
 * until it is settled:
 * - as sent, when a delivery event for its message key arrives (End User Messaging copies the SMS/voice
 *   Context into every event of the message, SES its tags; the configuration sets publish every event
 *   type, SES's Send included, so an accepted message always reports within seconds);
 * - as not sent, when no event for it has come by the deadline: a provider that accepted the message
 *   would have reported it. Only then may a retry claim the step again. An event that still comes after
 *   the deadline settles it as sent (never sent twice after that).
 * The deadline is generous (a day, one sweep): when in doubt the message counts as sent, within the
 * rules' caps, rather than risk a second one.
 */
import type { MessageRef, SendClaim } from '../domain/storage';
import type { Dependencies } from '../commons/dependencies';
import { countMetric, dimensionedMetric, logger, METRIC } from '../commons/powertools';

/** A claim left 'claimed' this long was left by a crash mid-send: its outcome is unknown. */
export const UNCONFIRMED_AFTER_MS = 15 * 60 * 1000;
/** No delivery event for an unknown send within this long: the provider did not take it. */
export const UNKNOWN_SETTLE_AFTER_MS = 24 * 3600 * 1000;

const settled = (as: 'sent' | 'not-sent') => dimensionedMetric(METRIC.sendOutcomesSettled, { name: 'settledAs', value: as });

/**
 * A delivery event whose provider id Amicable never learned (the send's answer was lost): its message
 * key finds the claim, which is settled as sent and indexed under the provider's id, so the event applies.
 */
export async function settleByMessageKey(d: Dependencies, key: string, providerMessageId: string): Promise<MessageRef | undefined> {
  const claim = await d.state.unknownClaimFor(key);
  if (!claim) return undefined;
  const { accountId, cycleId, stepId, channel } = claim;
  const at = d.clock.now().toISOString();
  // Settled by a concurrent event for the same message: that one indexed it.
  if (!(await d.state.settleUnknownSend(accountId, cycleId, stepId, channel, { as: 'sent', providerMessageId }, at)))
    return d.state.messageRef(providerMessageId);
  settled('sent');
  const ref = { providerMessageId, accountId, cycleId, stepId, channel };
  await d.state.indexMessage(ref, at);
  await d.ledger.append({
    kind: 'reconciliation',
    accountId,
    cycleId,
    at,
    finding: 'send-settled-sent',
    stepId,
    channel,
    detail: 'a delivery event for the message arrived: it was sent',
  });
  return ref;
}

/**
 * A claim a crash left 'claimed' (the sweep finds those older than UNCONFIRMED_AFTER_MS): its outcome is
 * unknown, surfaced once with a ledger entry. False when it was settled meanwhile.
 */
export async function surfaceCrashedSend(d: Dependencies, claim: SendClaim, now: Date): Promise<boolean> {
  const { accountId, cycleId, stepId, channel, claimedAt } = claim;
  if (!(await d.state.markSendUnknown(accountId, cycleId, stepId, channel, now.toISOString()))) return false;
  countMetric(METRIC.unknownSendOutcomes);
  await d.ledger.append({
    kind: 'reconciliation',
    accountId,
    cycleId,
    at: now.toISOString(),
    finding: 'unconfirmed-claim',
    stepId,
    channel,
    detail: `claimed at ${claimedAt}, outcome unknown (the send may have reached the provider); not re-sent unless settled as not sent`,
  });
  return true;
}

async function settleNotSent(d: Dependencies, claim: SendClaim, now: Date): Promise<boolean> {
  const { accountId, cycleId, stepId, channel } = claim;
  if (!(await d.state.settleUnknownSend(accountId, cycleId, stepId, channel, { as: 'not-sent' }, now.toISOString()))) return false;
  settled('not-sent');
  await d.ledger.append({
    kind: 'reconciliation',
    accountId,
    cycleId,
    at: now.toISOString(),
    finding: 'send-settled-not-sent',
    stepId,
    channel,
    detail: `outcome unknown since ${claim.unknownAt}; no delivery event within ${UNKNOWN_SETTLE_AFTER_MS / 3600_000} h: the provider did not take it`,
  });
  logger.warn('unknown send settled as not sent: it may be sent again', { accountId, cycleId, stepId, channel });
  return true;
}

/** An unknown outcome past the deadline is settled as not sent; before it, it stays unknown (counted as sent). */
export async function settleUnknownSend(d: Dependencies, claim: SendClaim, now: Date): Promise<'settled-not-sent' | 'still-unknown'> {
  const since = Date.parse(claim.unknownAt ?? claim.updatedAt);
  if (now.getTime() - since >= UNKNOWN_SETTLE_AFTER_MS && (await settleNotSent(d, claim, now))) return 'settled-not-sent';
  return 'still-unknown';
}
