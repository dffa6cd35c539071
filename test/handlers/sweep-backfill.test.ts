/**
 * The one-off sweep index backfill on DynamoDB Local: accounts, claims and journeys written the way they
 * were before the sparse indexes existed (no index attributes) are found by the sweep's index queries
 * after one backfill pass, exactly once each; accounts that are not open, claims that are settled and
 * items already indexed are left alone; a second pass changes nothing.
 */
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { backfillSweepIndex } from '../../functions/adapters/sweep-backfill';
import { accountSweepAttributes } from '../../functions/adapters/sweep-index';
import { keys, STATE_ITEM_TYPE as TYPE } from '../../functions/adapters/tables';
import { documentClient } from '../../functions/commons/dependencies';
import { accountFromOverdue } from '../../functions/application/place-account';
import { parseBillingEvent, type AccountOverdue } from '../../functions/domain/events';
import { ALL_SWEEP_SHARDS } from '../../functions/domain/sweep-shards';
import type { IndexPosition, Page } from '../../functions/domain/sweep-shards';
import { newAccountId, overdueDetail, T0, useWorld, type World } from './harness';

let w: World;
useWorld((created) => (w = created));

const AT = new Date(T0.getTime() - 86_400_000).toISOString();
const legacyAccount = (accountId: string, status: string, extra: Record<string, unknown> = {}) => ({
  ...keys.account(accountId),
  type: TYPE.account,
  version: 3,
  ...accountFromOverdue(parseBillingEvent('AccountOverdue', overdueDetail(accountId, 'c1')).detail as AccountOverdue, AT),
  status,
  ...extra,
});
const legacyClaim = (accountId: string, claimStatus: string) => ({
  ...keys.claim(accountId, 'c1', 's1', 'sms'),
  type: TYPE.claim,
  accountId,
  cycleId: 'c1',
  stepId: 's1',
  channel: 'sms',
  claimStatus,
  claimedAt: AT,
  updatedAt: AT,
  attempts: 1,
  ...(claimStatus === 'unknown' ? { unknownAt: AT } : {}),
});
const legacyJourney = (accountId: string, started: boolean) => ({
  ...keys.journey(accountId, 'c1'),
  type: TYPE.journey,
  accountId,
  cycleId: 'c1',
  status: 'running',
  claimedAt: AT,
  updatedAt: AT,
  ...(started ? { startedAt: AT } : {}),
});

async function put(items: Array<Record<string, unknown>>): Promise<void> {
  const doc = documentClient(w.dynamo.client);
  for (let i = 0; i < items.length; i += 25) {
    let pending = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
    while (pending.length) {
      const { UnprocessedItems } = await doc.send(new BatchWriteCommand({ RequestItems: { [w.dynamo.tables.state]: pending } }));
      pending = (UnprocessedItems?.[w.dynamo.tables.state] ?? []) as typeof pending;
    }
  }
}

/** Every item of one sweep index query over all shards. */
async function everyShard<T>(read: (shard: number, after?: IndexPosition) => Promise<Page<T>>): Promise<T[]> {
  const out: T[] = [];
  for (const shard of ALL_SWEEP_SHARDS) {
    let after: IndexPosition | undefined;
    do {
      const page = await read(shard, after);
      out.push(...page.items);
      after = page.next;
    } while (after);
  }
  return out;
}

describe('the sweep index backfill (one-off migration)', () => {
  it('indexes what was written before the indexes, once, and leaves everything else as it is', { timeout: 300_000 }, async () => {
    const open = Array.from({ length: 400 }, () => newAccountId('legacy'));
    const paid = Array.from({ length: 40 }, () => newAccountId('legacy-paid'));
    const owing = open.slice(0, 7);
    const claimed = open.slice(10, 25);
    const unknown = open.slice(25, 30);
    const settled = open.slice(30, 35);
    const unconfirmed = open.slice(40, 52);
    const indexedAlready = newAccountId('indexed');
    const effect = { id: 'e-1', cycleId: 'c1', at: AT, type: 'handoff', reason: 'dispute' };
    await put([
      ...open.map((id) => legacyAccount(id, 'overdue', owing.includes(id) ? { outbox: { 'e-1': effect } } : {})),
      ...paid.map((id) => legacyAccount(id, 'paid')),
      legacyAccount(indexedAlready, 'overdue', accountSweepAttributes(indexedAlready, 'overdue', {})),
      ...claimed.map((id) => legacyClaim(id, 'claimed')),
      ...unknown.map((id) => legacyClaim(id, 'unknown')),
      ...settled.map((id) => legacyClaim(id, 'sent')),
      ...open.map((id) => legacyJourney(id, !unconfirmed.includes(id))),
    ]);
    const table = { doc: documentClient(w.dynamo.client), tableName: w.dynamo.tables.state };
    const mine = (ids: string[]) => (found: string[]) => found.filter((id) => ids.includes(id) || id === indexedAlready).sort();

    const totals = await backfillSweepIndex(table, { segments: 4, pageSize: 100 });
    // The table is shared with the other tests of the file run: count what is this test's own.
    expect(totals.accounts).toBeGreaterThanOrEqual(open.length);
    expect(totals.claims).toBeGreaterThanOrEqual(claimed.length + unknown.length);
    expect(totals.journeysUnconfirmed).toBeGreaterThanOrEqual(unconfirmed.length);

    const overdue = (await everyShard((s, a) => w.deps.state.overdueAccounts(s, a))).map((x) => x.accountId);
    expect(mine([...open, ...paid])(overdue)).toEqual([...open, indexedAlready].sort());
    const owes = await everyShard((s, a) => w.deps.state.accountsWithPendingEffects(s, a));
    expect(mine(open)(owes)).toEqual([...owing].sort());
    const crashed = (await everyShard((s, a) => w.deps.state.crashedClaims(s, new Date(T0), a))).map((c) => c.accountId);
    expect(mine(open)(crashed)).toEqual([...claimed].sort());
    const unknowns = (await everyShard((s, a) => w.deps.state.unknownClaims(s, a))).map((c) => c.accountId);
    expect(mine(open)(unknowns)).toEqual([...unknown].sort());
    // The account's own data is as it was: only the index attributes were added.
    const account = await w.deps.state.getVersionedAccount(owing[0]);
    expect(account?.version).toBe(3);
    expect(account?.outbox).toHaveLength(1);

    // A second pass finds nothing left to do for these items.
    const again = await backfillSweepIndex(table, { segments: 2, pageSize: 100 });
    expect(again).toMatchObject({ accounts: 0, claims: 0, changedMeanwhile: 0 });
  });

  it('refuses a segment count DynamoDB would refuse', async () => {
    const table = { doc: documentClient(w.dynamo.client), tableName: w.dynamo.tables.state };
    await expect(backfillSweepIndex(table, { segments: 0 })).rejects.toThrow('segments');
  });
});
