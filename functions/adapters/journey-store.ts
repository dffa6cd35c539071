/**
 * Journey dedupe records in the STATE table: one per account and cycle (sk JOURNEY#cycle).
 */
import { BatchGetCommand, GetCommand, PutCommand, UpdateCommand, type BatchGetCommandOutput } from '@aws-sdk/lib-dynamodb';
import type { JourneyRecord, JourneyStatus, JourneyStore } from '../domain/storage';
import { isConditionFailure, stripInternal, type DynamoTable } from './dynamo-table';
import { keys, retainedUntil, STATE_ITEM_TYPE as TYPE } from './tables';

export class DynamoJourneyStore implements JourneyStore {
  constructor(private readonly table: DynamoTable) {}

  /** Claims the one journey of an account's cycle. isNew is false when the record already existed. */
  async claimJourney(accountId: string, cycleId: string, at: string): Promise<{ isNew: boolean; status: JourneyStatus }> {
    try {
      await this.table.doc.send(
        new PutCommand({
          TableName: this.table.tableName,
          Item: {
            ...keys.journey(accountId, cycleId),
            type: TYPE.journey,
            accountId,
            cycleId,
            status: 'running',
            claimedAt: at,
            updatedAt: at,
            expiresAt: retainedUntil(at),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return { isNew: true, status: 'running' };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const existing = await this.getJourney(accountId, cycleId);
      return { isNew: false, status: existing?.status ?? 'running' };
    }
  }

  async getJourney(accountId: string, cycleId: string): Promise<JourneyRecord | undefined> {
    const { Item } = await this.table.doc.send(
      new GetCommand({ TableName: this.table.tableName, Key: keys.journey(accountId, cycleId), ConsistentRead: true }),
    );
    return Item ? stripInternal<JourneyRecord>(Item) : undefined;
  }

  /** Sets the journey record's status (created if missing, e.g. a journey started before the record existed). */
  async setJourneyStatus(accountId: string, cycleId: string, status: JourneyStatus, at: string): Promise<void> {
    await this.table.doc.send(
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: keys.journey(accountId, cycleId),
        UpdateExpression:
          'SET #type = :type, accountId = :account, cycleId = :cycle, #status = :status, updatedAt = :at, ' +
          'claimedAt = if_not_exists(claimedAt, :at), expiresAt = :expiresAt',
        ExpressionAttributeNames: { '#type': 'type', '#status': 'status' },
        ExpressionAttributeValues: {
          ':type': TYPE.journey,
          ':account': accountId,
          ':cycle': cycleId,
          ':status': status,
          ':at': at,
          ':expiresAt': retainedUntil(at),
        },
      }),
    );
  }

  async recordGeneration(
    accountId: string,
    cycleId: string,
    generation: number,
    resumeAt: string | undefined,
    at: string,
  ): Promise<boolean> {
    try {
      await this.table.doc.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: keys.journey(accountId, cycleId),
          UpdateExpression: `SET generation = :generation, updatedAt = :at${resumeAt ? ', resumeAt = :resumeAt' : ''}${resumeAt ? '' : ' REMOVE resumeAt'}`,
          // Generations only move forward: a retried or late handover never rewinds the record.
          ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(generation) OR generation < :generation)',
          ExpressionAttributeValues: { ':generation': generation, ':at': at, ...(resumeAt ? { ':resumeAt': resumeAt } : {}) },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  /** Keeps the first confirmation; renews the retention like every write. */
  async markJourneyStarted(accountId: string, cycleId: string, at: string): Promise<void> {
    await this.table.doc.send(
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: keys.journey(accountId, cycleId),
        UpdateExpression: 'SET startedAt = if_not_exists(startedAt, :at), expiresAt = :expiresAt',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':at': at, ':expiresAt': retainedUntil(at) },
      }),
    );
  }

  /**
   * BatchGetItem, 100 keys a call, unprocessed keys asked again. Eventually consistent (half the read
   * units): a record read a moment stale only makes the sweep ask Step Functions about its execution.
   */
  async getJourneys(refs: ReadonlyArray<{ accountId: string; cycleId: string }>): Promise<JourneyRecord[]> {
    const records: JourneyRecord[] = [];
    for (let start = 0; start < refs.length; start += BATCH_GET_MAX) {
      let pending: Array<Record<string, unknown>> | undefined = refs
        .slice(start, start + BATCH_GET_MAX)
        .map((ref) => keys.journey(ref.accountId, ref.cycleId));
      for (let attempt = 0; pending?.length; attempt++) {
        if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 50 * 2 ** attempt)));
        const { Responses, UnprocessedKeys }: BatchGetCommandOutput = await this.table.doc.send(
          new BatchGetCommand({ RequestItems: { [this.table.tableName]: { Keys: pending } } }),
        );
        records.push(...(Responses?.[this.table.tableName] ?? []).map((item) => stripInternal<JourneyRecord>(item)));
        pending = UnprocessedKeys?.[this.table.tableName]?.Keys;
      }
    }
    return records;
  }
}

/** BatchGetItem's limit of keys per call. */
const BATCH_GET_MAX = 100;
