/**
 * Events that came before their account, kept under the account (sk PARKED#at#eventId) until its
 * overdue event arrives, for 30 days.
 */
import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { ParkedEvent, ParkedEventStore } from '../domain/storage';
import { isConditionFailure, queryAll, type DynamoTable } from './dynamo-table';
import { keys, STATE_ITEM_TYPE as TYPE } from './tables';

/** An event for an account never seen is kept 30 days for its overdue event. */
const PARKED_SECONDS = 30 * 24 * 3600;

export class DynamoParkedEventStore implements ParkedEventStore {
  constructor(private readonly table: DynamoTable) {}

  /** Keeps an event for an account not seen yet (a payment before the overdue event): applied when it arrives. */
  async parkEvent(accountId: string, event: ParkedEvent): Promise<void> {
    try {
      await this.table.doc.send(
        new PutCommand({
          TableName: this.table.tableName,
          Item: {
            ...keys.parked(accountId, event.at, event.eventId),
            type: TYPE.parked,
            accountId,
            ...event,
            expiresAt: Math.floor(Date.parse(event.at) / 1000) + PARKED_SECONDS,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  /** Events parked for an account, oldest first. */
  async parkedEvents(accountId: string): Promise<ParkedEvent[]> {
    const items = await queryAll(this.table, {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.account(accountId).pk, ':prefix': keys.parkedPrefix },
      ConsistentRead: true,
    });
    return items.map((item) => ({
      at: item.at as string,
      eventId: item.eventId as string,
      source: item.source as string,
      detailType: item.detailType as string,
      detail: item.detail as Record<string, unknown>,
    }));
  }

  async unparkEvent(accountId: string, event: ParkedEvent): Promise<void> {
    await this.table.doc.send(new DeleteCommand({ TableName: this.table.tableName, Key: keys.parked(accountId, event.at, event.eventId) }));
  }
}
