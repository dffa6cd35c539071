/**
 * Handing an account to people: AgentHandoffRequested on the bus (for a CRM or contact centre) with
 * the reason, the segment, when and how the customer prefers to be contacted, and a short PII-free
 * summary of the cycle; then the hand-off in the ledger, which pauses automated outreach until
 * AgentHandoffCompleted. The journey's Escalate step and the reply/delivery handlers both use it.
 */
import { agentHandoffRequestedSchema } from '../domain/amicable-events';
import { handoffState } from '../domain/care';
import type { Account, Channel } from '../domain/types';
import { toHistoryEntries, WITHOUT_DECISIONS, type LedgerRecord } from '../domain/ledger';
import type { StoredAccount } from '../domain/storage';
import type { Dependencies } from '../commons/dependencies';
import { dimensionedMetric, logger, METRIC } from '../commons/powertools';
import { strategyDimensions, strategyTags } from './strategy';
import { strategyOf } from '../domain/decision';

export const AGENT_HANDOFF_REQUESTED = 'AgentHandoffRequested';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** E.g. "3 messages sent (sms, email); no reply; balance 120.00 USD". No names, numbers or addresses. */
export function summarise(account: Account, records: readonly LedgerRecord[]): string {
  const contacts = records.filter((r): r is Extract<LedgerRecord, { kind: 'contact' }> => r.kind === 'contact');
  const sent = contacts.filter((c) => c.outcome === 'sent');
  const channels = [...new Set(sent.map((c) => c.channel))];
  const unconfirmed = contacts.filter((c) => c.outcome === 'unconfirmed' || c.outcome === 'already-claimed').length;
  const states = Object.entries(account.channels) as Array<[Channel, Account['channels'][Channel]]>;
  const unusable = states.filter(([, state]) => state.unusable).map(([channel]) => channel);
  const optedOut = states.filter(([, state]) => state.optedOut).map(([channel]) => channel);
  const conversations = records.filter((r) => r.kind === 'conversation').length;
  const replies = records.filter((r): r is Extract<LedgerRecord, { kind: 'inbound' }> => r.kind === 'inbound');
  const failures = records.filter((r) => r.kind === 'failure').length;

  const parts = [`${plural(sent.length, 'message')} sent${channels.length ? ` (${channels.join(', ')})` : ''}`];
  if (unconfirmed) parts.push(`${unconfirmed} unconfirmed`);
  if (replies.length)
    parts.push(
      `${plural(replies.length, 'reply')}${replies.some((r) => r.intent) ? ` (${[...new Set(replies.map((r) => r.intent).filter(Boolean))].join(', ')})` : ''}`,
    );
  parts.push(conversations ? plural(conversations, 'conversation') : replies.length ? 'no call' : 'no reply');
  if (unusable.length) parts.push(`unusable: ${unusable.join(', ')}`);
  if (optedOut.length) parts.push(`opted out: ${optedOut.join(', ')}`);
  if (account.promise) parts.push(`promise ${account.promise.status} (${account.promise.amount} by ${account.promise.dueDate})`);
  if (account.plan) parts.push(`plan ${account.plan.status} (${account.plan.instalments.length} instalments)`);
  if (account.hardship) parts.push('hardship reported');
  const open = account.complaints?.filter((c) => !c.resolvedAt).length ?? 0;
  if (open) parts.push(`${plural(open, 'open complaint')}`);
  if (failures) parts.push(plural(failures, 'system failure'));
  parts.push(`balance ${account.balance.toFixed(2)} ${account.currency}`);
  return parts.join('; ');
}

/** How the customer prefers to be reached: channel, language, zone and the times they asked us to avoid. */
function preferredContact(account: Account) {
  const c = account.customer;
  return {
    ...(c.preferredChannel ? { channel: c.preferredChannel } : {}),
    language: c.language,
    ...(c.timeZone ? { timeZone: c.timeZone } : {}),
    ...(c.blockedTimes?.length ? { avoid: c.blockedTimes } : {}),
    ...(account.callback ? { callbackAt: account.callback.at } : {}),
  };
}

/**
 * Asks people to take over. Nothing is published when a person already has the account for the same
 * reason (a retried step, a second identical reply): the hand-off stays one.
 */
export async function requestHandoff(
  d: Dependencies,
  account: StoredAccount,
  cycleId: string,
  reason: string,
): Promise<{ published: boolean }> {
  const { accountId } = account;
  const records = await d.ledger.history(accountId, cycleId, WITHOUT_DECISIONS);
  const open = handoffState(toHistoryEntries(records));
  if (open.last && !open.completed && open.last.reason === reason) {
    logger.info('a person already has the account for this reason: not publishing again', { accountId, cycleId, reason });
    return { published: false };
  }
  const at = d.clock.now().toISOString();
  // The hand-off says which segment (and experiment variant) the journey was in: people see why.
  const strategy = strategyOf(account, cycleId);
  const tags = strategyTags(strategy);
  const detail = agentHandoffRequestedSchema.parse({
    accountId,
    cycleId,
    reason,
    summary: summarise(account, records),
    requestedAt: at,
    preferredContact: preferredContact(account),
    ...tags,
  });
  // Publish first: a crash before the ledger entry can repeat the event (a CRM dedupes on account +
  // cycle + reason); the other order could lose the hand-off altogether.
  await d.bus.publish(AGENT_HANDOFF_REQUESTED, detail);
  await d.ledger.append({ kind: 'escalated', accountId, cycleId, at, reason, summary: detail.summary, ...tags });
  dimensionedMetric(METRIC.escalations, [{ name: 'reason', value: reason }, ...strategyDimensions(strategy)]);
  logger.info('handed off to people', { accountId, cycleId, reason, ...tags });
  return { published: true };
}
