/**
 * One-off migration (README "Sweep", backfill): items written before the sweep's sparse indexes existed
 * lack the index attributes, so the sweep never sees them. This pass SCANS the state table once -- the
 * only Scan in Amicable, started by an operator (bin/backfill-sweep-index.ts), never by a handler or
 * the daily sweep -- in parallel segments, and gives each account and send claim the attributes its
 * writers give it today (sweep-index.ts). Each write is conditional on the item being as it was read,
 * so a writer that changed it meanwhile (and so set the attributes itself) wins. Safe to rerun: an item
 * already indexed is left alone.
 */
import { ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { PendingEffect } from '../domain/storage';
import type { AccountStatus } from '../domain/types';
import { isConditionFailure, type DynamoTable } from './dynamo-table';
import { accountSweepAttributes, claimIndexSet } from './sweep-index';
import { SWEEP_INDEXES, STATE_ITEM_TYPE as TYPE } from './tables';

export interface BackfillTotals {
  scanned: number;
  /** Accounts given `openShard` and/or `outboxShard`. */
  accounts: number;
  /** Send claims (claimed or unknown) given `claimShard` and `claimSweepAt`. */
  claims: number;
  /** Changed by a writer between the read and the write: the writer indexed it. */
  changedMeanwhile: number;
  /** Open journeys with no `startedAt`: the daily sweep confirms each with DescribeExecution (README). */
  journeysUnconfirmed: number;
}

const NO_TOTALS: BackfillTotals = { scanned: 0, accounts: 0, claims: 0, changedMeanwhile: 0, journeysUnconfirmed: 0 };

/** Only what deciding and writing the attributes needs (the customer's profile is never read). */
const ATTRIBUTES = [
  'pk',
  'sk',
  'type',
  'accountId',
  'status',
  'outbox',
  'version',
  'claimStatus',
  'claimedAt',
  'unknownAt',
  'updatedAt',
  'startedAt',
  SWEEP_INDEXES.openAccounts.partitionKey,
  SWEEP_INDEXES.pendingOutboxes.partitionKey,
  SWEEP_INDEXES.openClaims.partitionKey,
];

type Item = Record<string, unknown>;
type Update = { set: string; condition: string; values: Record<string, unknown> };

/** The attributes an account item lacks (to be written only if its version is still the one read). */
function accountUpdate(item: Item): Update | undefined {
  const wanted = accountSweepAttributes(
    String(item.accountId),
    item.status as AccountStatus,
    (item.outbox as Record<string, PendingEffect> | undefined) ?? {},
  );
  const missing = Object.entries(wanted).filter(([name]) => item[name] === undefined);
  if (missing.length === 0) return undefined;
  return {
    set: missing.map(([name]) => `${name} = :${name}`).join(', '),
    condition: item.version === undefined ? 'attribute_not_exists(version)' : 'version = :version',
    values: { ...Object.fromEntries(missing.map(([name, value]) => [`:${name}`, value])), ':version': item.version },
  };
}

/** A claim still claimed or unknown, not in the claim index: in it from when it became so. */
function claimUpdate(item: Item): Update | undefined {
  const state = item.claimStatus;
  if ((state !== 'claimed' && state !== 'unknown') || item[SWEEP_INDEXES.openClaims.partitionKey] !== undefined) return undefined;
  const since = String((state === 'claimed' ? item.claimedAt : (item.unknownAt ?? item.updatedAt)) ?? item.updatedAt);
  const index = claimIndexSet(String(item.accountId), state, since);
  return {
    set: index.clause,
    condition: 'claimStatus = :state AND updatedAt = :updatedAt',
    values: { ...index.values, ':state': state, ':updatedAt': item.updatedAt },
  };
}

async function apply(table: DynamoTable, item: Item, update: Update): Promise<boolean> {
  const values = Object.fromEntries(Object.entries(update.values).filter(([, v]) => v !== undefined));
  try {
    await table.doc.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: { pk: item.pk, sk: item.sk },
        UpdateExpression: `SET ${update.set}`,
        ConditionExpression: update.condition,
        ExpressionAttributeValues: values,
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

async function backfillItem(table: DynamoTable, item: Item, totals: BackfillTotals): Promise<void> {
  totals.scanned += 1;
  if (item.type === TYPE.journey) {
    if (item.status !== 'closed' && item.startedAt === undefined) totals.journeysUnconfirmed += 1;
    return;
  }
  const update = item.type === TYPE.account ? accountUpdate(item) : item.type === TYPE.claim ? claimUpdate(item) : undefined;
  if (!update) return;
  if (!(await apply(table, item, update))) totals.changedMeanwhile += 1;
  else if (item.type === TYPE.account) totals.accounts += 1;
  else totals.claims += 1;
}

/** One segment of the parallel scan, page by page. */
async function backfillSegment(table: DynamoTable, segment: number, segments: number, pageSize: number): Promise<BackfillTotals> {
  const totals = { ...NO_TOTALS };
  let after: Item | undefined;
  do {
    const page = await table.doc.send(
      new ScanCommand({
        TableName: table.tableName,
        Segment: segment,
        TotalSegments: segments,
        Limit: pageSize,
        ProjectionExpression: ATTRIBUTES.map((_, i) => `#a${i}`).join(', '),
        ExpressionAttributeNames: Object.fromEntries(ATTRIBUTES.map((name, i) => [`#a${i}`, name])),
        ...(after ? { ExclusiveStartKey: after } : {}),
      }),
    );
    for (const item of page.Items ?? []) await backfillItem(table, item, totals);
    after = page.LastEvaluatedKey;
  } while (after);
  return totals;
}

/** The whole table in `segments` parallel segments (DynamoDB's parallel scan); the totals of all. */
export async function backfillSweepIndex(table: DynamoTable, { segments = 8, pageSize = 500 } = {}): Promise<BackfillTotals> {
  if (!Number.isInteger(segments) || segments < 1 || segments > 1_000_000) throw new Error(`segments must be 1 to 1,000,000: ${segments}`);
  const parts = await Promise.all(Array.from({ length: segments }, (_, segment) => backfillSegment(table, segment, segments, pageSize)));
  const sum = { ...NO_TOTALS };
  for (const part of parts) for (const key of Object.keys(sum) as Array<keyof BackfillTotals>) sum[key] += part[key];
  return sum;
}
