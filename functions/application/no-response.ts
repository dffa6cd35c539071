/** Publishes AccountNoResponse (domain/no-response.ts) when a cycle closes as no response. */
import type { Dependencies } from '../commons/dependencies';
import { logger } from '../commons/powertools';
import { strategyOf } from '../domain/decision';
import { ACCOUNT_NO_RESPONSE, accountNoResponse } from '../domain/no-response';
import type { LedgerRecord } from '../domain/ledger';
import type { StoredAccount } from '../domain/storage';
import { decisionContext, strategyTags } from './strategy';

/**
 * Called before the closing is recorded: a crash in between publishes again on the retry (subscribers
 * dedupe on account + cycle), where the other order could lose the next step altogether.
 */
export async function publishNoResponse(
  d: Dependencies,
  account: StoredAccount,
  cycleId: string,
  closedAt: string,
  records: readonly LedgerRecord[],
): Promise<void> {
  const strategy = strategyOf(account, cycleId);
  const playbook = decisionContext(d).playbookFor(strategy);
  const unreachable = closedForNoChannel(records);
  const detail = accountNoResponse(playbook, { accountId: account.accountId, cycleId, closedAt, unreachable, ...strategyTags(strategy) });
  await d.bus.publish(ACCOUNT_NO_RESPONSE, detail);
  logger.info('no response: next step published', { accountId: account.accountId, cycleId, nextStep: detail.nextStep });
}

/** The closing decision (the cycle's last) said no channel could reach the customer. */
function closedForNoChannel(records: readonly LedgerRecord[]): boolean {
  const last = records.findLast((r) => r.kind === 'decision');
  return last?.kind === 'decision' && last.reasons.some((r) => r.ruleId === 'playbook.no-usable-channel');
}
