/**
 * Journey dedupe records in the STATE table: one per account and cycle (sk JOURNEY#cycle).
 */
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
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
}
