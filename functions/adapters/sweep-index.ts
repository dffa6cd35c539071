/**
 * The sweep's sparse indexes on the STATE table (tables.ts SWEEP_INDEXES): the attributes the writers
 * set while an item needs the sweep and remove when it no longer does, and the sweep's paged Query of
 * one shard. An index holds only what the sweep must look at, so its reads follow the open work, not
 * the table's size.
 */
import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { PendingEffect, SendClaim, SweepIndex } from '../domain/storage';
import type { AccountStatus } from '../domain/types';
import { sweepShardOf, type IndexPosition, type Page } from '../domain/sweep-shards';
import { stripInternal, type DynamoTable } from './dynamo-table';
import { SWEEP_INDEXES } from './tables';

/** Items per Query page: a page's follow-up work (batched reads, restarts) fits well inside one run. */
export const SWEEP_PAGE_SIZE = 500;

const shardKey = {
  open: (accountId: string) => `OPEN#${sweepShardOf(accountId)}`,
  outbox: (accountId: string) => `OUTBOX#${sweepShardOf(accountId)}`,
  claimed: (accountId: string) => `CLAIMED#${sweepShardOf(accountId)}`,
  unknown: (accountId: string) => `UNKNOWN#${sweepShardOf(accountId)}`,
};

/** The index attributes of an account item written whole: in the open index while overdue, in the outbox index while it owes. */
export function accountSweepAttributes(
  accountId: string,
  status: AccountStatus,
  outbox: Record<string, PendingEffect>,
): { openShard?: string; outboxShard?: string } {
  return {
    ...(status === 'overdue' ? { [SWEEP_INDEXES.openAccounts.partitionKey]: shardKey.open(accountId) } : {}),
    ...(Object.keys(outbox).length ? { [SWEEP_INDEXES.pendingOutboxes.partitionKey]: shardKey.outbox(accountId) } : {}),
  };
}

/**
 * The claim index attributes for a claim becoming 'claimed' or 'unknown' at `at` (an update's SET
 * clause and its values); a claim settled any other way REMOVEs them (CLAIM_INDEX_REMOVE).
 */
export function claimIndexSet(accountId: string, state: 'claimed' | 'unknown', at: string) {
  const { partitionKey, sortKey } = SWEEP_INDEXES.openClaims;
  return {
    clause: `${partitionKey} = :claimShard, ${sortKey} = :claimSweepAt`,
    values: { ':claimShard': state === 'claimed' ? shardKey.claimed(accountId) : shardKey.unknown(accountId), ':claimSweepAt': at },
  };
}

export const CLAIM_INDEX_REMOVE = `${SWEEP_INDEXES.openClaims.partitionKey}, ${SWEEP_INDEXES.openClaims.sortKey}`;

type Item = Record<string, unknown>;

export class DynamoSweepIndex implements SweepIndex {
  constructor(private readonly table: DynamoTable) {}

  async overdueAccounts(shard: number, after?: IndexPosition): Promise<Page<{ accountId: string; cycleId: string }>> {
    const page = await this.page(after, {
      IndexName: SWEEP_INDEXES.openAccounts.indexName,
      KeyConditionExpression: '#shard = :shard',
      ExpressionAttributeNames: { '#shard': SWEEP_INDEXES.openAccounts.partitionKey },
      ExpressionAttributeValues: { ':shard': `OPEN#${shard}` },
    });
    return { ...page, items: page.items.map((item) => ({ accountId: String(item.accountId), cycleId: String(item.cycleId) })) };
  }

  async crashedClaims(shard: number, olderThan: Date, after?: IndexPosition): Promise<Page<SendClaim>> {
    const page = await this.page(after, {
      IndexName: SWEEP_INDEXES.openClaims.indexName,
      KeyConditionExpression: '#shard = :shard AND #at < :before',
      ExpressionAttributeNames: { '#shard': SWEEP_INDEXES.openClaims.partitionKey, '#at': SWEEP_INDEXES.openClaims.sortKey },
      ExpressionAttributeValues: { ':shard': `CLAIMED#${shard}`, ':before': olderThan.toISOString() },
    });
    return { ...page, items: page.items.map(asClaim) };
  }

  async unknownClaims(shard: number, after?: IndexPosition): Promise<Page<SendClaim>> {
    const page = await this.page(after, {
      IndexName: SWEEP_INDEXES.openClaims.indexName,
      KeyConditionExpression: '#shard = :shard',
      ExpressionAttributeNames: { '#shard': SWEEP_INDEXES.openClaims.partitionKey },
      ExpressionAttributeValues: { ':shard': `UNKNOWN#${shard}` },
    });
    return { ...page, items: page.items.map(asClaim) };
  }

  async accountsWithPendingEffects(shard: number, after?: IndexPosition): Promise<Page<string>> {
    const page = await this.page(after, {
      IndexName: SWEEP_INDEXES.pendingOutboxes.indexName,
      KeyConditionExpression: '#shard = :shard',
      ExpressionAttributeNames: { '#shard': SWEEP_INDEXES.pendingOutboxes.partitionKey },
      ExpressionAttributeValues: { ':shard': `OUTBOX#${shard}` },
    });
    return { ...page, items: page.items.map((item) => String(item.accountId)) };
  }

  private async page(after: IndexPosition | undefined, query: Omit<QueryCommandInput, 'TableName'>): Promise<Page<Item>> {
    const { Items, LastEvaluatedKey } = await this.table.doc.send(
      new QueryCommand({ ...query, TableName: this.table.tableName, Limit: SWEEP_PAGE_SIZE, ExclusiveStartKey: after }),
    );
    return { items: Items ?? [], ...(LastEvaluatedKey ? { next: LastEvaluatedKey as IndexPosition } : {}) };
  }
}

const asClaim = (item: Item): SendClaim => stripInternal<SendClaim>(item);
