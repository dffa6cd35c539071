/**
 * Escalate: hands the account to people. Publishes AgentHandoffRequested (for a CRM or contact centre)
 * with a short, PII-free summary of the cycle, and records the hand-off in the ledger. At most one
 * hand-off per cycle: a retried or repeated Escalate finds the ledger entry and publishes nothing.
 */
import { agentHandoffRequestedSchema } from './domain/events';
import type { Account, Channel } from './domain/types';
import type { LedgerRecord } from './adapters/ledger-store';
import { AccountNotFoundError } from './adapters/state-store';
import { awsDependencies, type Dependencies } from './commons/dependencies';
import { escalateInputSchema, parseInput } from './commons/inputs';
import { withPowertools } from './commons/middleware';
import { logger } from './commons/powertools';
import { strategyOf, strategyTags } from './commons/strategy';

export const AGENT_HANDOFF_REQUESTED = 'AgentHandoffRequested';

export type EscalateResult = { published: boolean };

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** E.g. "3 messages sent (sms, email); no reply; balance 120.00 USD". No names, numbers or addresses. */
export function summarise(account: Account, records: readonly LedgerRecord[]): string {
  const contacts = records.filter((r): r is Extract<LedgerRecord, { kind: 'contact' }> => r.kind === 'contact');
  const sent = contacts.filter((c) => c.outcome === 'sent');
  const channels = [...new Set(sent.map((c) => c.channel))];
  const unconfirmed = contacts.filter((c) => c.outcome === 'unconfirmed' || c.outcome === 'already-claimed').length;
  const unusable = (Object.entries(account.channels) as Array<[Channel, Account['channels'][Channel]]>)
    .filter(([, state]) => state.unusable)
    .map(([channel]) => channel);
  const optedOut = (Object.entries(account.channels) as Array<[Channel, Account['channels'][Channel]]>)
    .filter(([, state]) => state.optedOut)
    .map(([channel]) => channel);
  const conversations = records.filter((r) => r.kind === 'conversation').length;
  const failures = records.filter((r) => r.kind === 'failure').length;

  const parts = [`${plural(sent.length, 'message')} sent${channels.length ? ` (${channels.join(', ')})` : ''}`];
  if (unconfirmed) parts.push(`${unconfirmed} unconfirmed`);
  parts.push(conversations ? plural(conversations, 'conversation') : 'no reply');
  if (unusable.length) parts.push(`unusable: ${unusable.join(', ')}`);
  if (optedOut.length) parts.push(`opted out: ${optedOut.join(', ')}`);
  if (failures) parts.push(plural(failures, 'system failure'));
  parts.push(`balance ${account.balance.toFixed(2)} ${account.currency}`);
  return parts.join('; ');
}

export const makeEscalateHandler = (deps: () => Dependencies) =>
  withPowertools(async (event: unknown): Promise<EscalateResult> => {
    const d = deps();
    const { accountId, cycleId, action } = parseInput(escalateInputSchema, event, 'escalate');
    const records = await d.ledger.history(accountId, cycleId);
    if (records.some((r) => r.kind === 'escalated')) {
      logger.info('already handed off in this cycle: not publishing again', { accountId, cycleId });
      return { published: false };
    }
    const account = await d.state.getAccount(accountId);
    if (!account) throw new AccountNotFoundError(accountId);

    const at = d.clock.now().toISOString();
    // The hand-off says which segment (and experiment variant) the journey was in: people see why.
    const tags = strategyTags(strategyOf(account, cycleId));
    const detail = agentHandoffRequestedSchema.parse({
      accountId,
      cycleId,
      reason: action.reason,
      summary: summarise(account, records),
      requestedAt: at,
      ...tags,
    });
    // Publish first: a crash before the ledger entry can repeat the event (a CRM dedupes on account +
    // cycle); the other order could lose the hand-off altogether.
    await d.bus.publish(AGENT_HANDOFF_REQUESTED, detail);
    await d.ledger.append({ kind: 'escalated', accountId, cycleId, at, reason: action.reason, summary: detail.summary, ...tags });
    logger.info('handed off to people', { accountId, cycleId, reason: action.reason, ...tags });
    return { published: true };
  });

export const handler = makeEscalateHandler(awsDependencies);
