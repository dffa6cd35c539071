/**
 * What every DynamoDB adapter shares: one table, reading every page of a query, and telling a
 * failed condition (an expected outcome of a conditional write) from a real error.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { QueryCommand, type DynamoDBDocumentClient, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';

type Item = Record<string, unknown>;

export function isConditionFailure(error: unknown): boolean {
  return (
    error instanceof ConditionalCheckFailedException || (error as { name?: string } | undefined)?.name === 'ConditionalCheckFailedException'
  );
}

export interface DynamoTable {
  readonly doc: DynamoDBDocumentClient;
  readonly tableName: string;
}

/** Follows LastEvaluatedKey until the last page: the one paging loop. */
async function allPages(readPage: (start: Item | undefined) => Promise<{ Items?: Item[]; LastEvaluatedKey?: Item }>): Promise<Item[]> {
  const items: Item[] = [];
  let start: Item | undefined;
  do {
    const page = await readPage(start);
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

/** Every item a query matches, following the pages. */
export function queryAll(table: DynamoTable, input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>): Promise<Item[]> {
  return allPages((ExclusiveStartKey) => table.doc.send(new QueryCommand({ ...input, TableName: table.tableName, ExclusiveStartKey })));
}

/** Attributes kept on STATE items that are not part of the stored shapes (the sweep's index keys included). */
const INTERNAL_ATTRIBUTES = [
  'pk',
  'sk',
  'type',
  'version',
  'appliedKeys',
  'outbox',
  'expiresAt',
  'openShard',
  'outboxShard',
  'claimShard',
  'claimSweepAt',
] as const;

export function stripInternal<T>(item: Item): T {
  const copy: Item = { ...item };
  for (const attribute of INTERNAL_ATTRIBUTES) delete copy[attribute];
  return copy as T;
}
