/**
 * The analytics facts of a local run: the same rows Firehose carries to S3 in AWS, derived by the same
 * functions from the ledger and the final account state, written as JSON Lines to the report folder.
 */
import type { LocalRunResult } from './runtime';
import { factsFromLedger, factsFromStateChange, type DerivedFacts } from '../functions/domain/analytics/derive';

export async function collectFacts(run: LocalRunResult): Promise<DerivedFacts> {
  const { ledger, state } = run.dependencies;
  const out: DerivedFacts = { facts: [], rejected: [] };
  for (const { accountId, cycleId } of run.cycles) {
    const records = await ledger.history(accountId, cycleId);
    records.forEach((record, index) => factsFromLedger(record, `${index}`, out));
    const account = await state.getAccount(accountId);
    // The state is the account's current cycle's; an earlier cycle's outcomes are in its ledger only.
    if (account?.cycleId === cycleId && records.length > 0) factsFromStateChange(undefined, account, out);
  }
  out.facts.sort((a, b) => a.occurred_at.localeCompare(b.occurred_at) || a.fact_id.localeCompare(b.fact_id));
  return out;
}

export const toJsonLines = (rows: readonly object[]) => rows.map((r) => JSON.stringify(r)).join('\n') + (rows.length ? '\n' : '');
