/**
 * Lookups in the STATE table: which accounts a (hashed) phone number belongs to, and which account,
 * cycle and step a provider message id belongs to.
 */
import { createHash } from 'node:crypto';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Channel } from '../domain/types';
import type { LookupStore, MessageRef } from '../domain/storage';
import { queryAll, type DynamoTable } from './dynamo-table';
import { keys, STATE_ITEM_TYPE as TYPE } from './tables';

/** Delivery events arrive within days; the index is kept 90 days (the table's TTL). */
const MESSAGE_INDEX_SECONDS = 90 * 24 * 3600;

/** Phone numbers are keys of lookups: hashed, so no key holds a number in clear. */
const phoneKey = (phone: string) => createHash('sha256').update(phone.trim()).digest('hex');

export class DynamoLookupStore implements LookupStore {
  constructor(private readonly table: DynamoTable) {}

  /** Remembers which account a phone number belongs to (inbound SMS arrive with the number only). */
  async indexPhone(phone: string, accountId: string, at: string): Promise<void> {
    await this.table.doc.send(
      new PutCommand({
        TableName: this.table.tableName,
        Item: { ...keys.phone(phoneKey(phone), accountId), type: TYPE.phone, accountId, at },
      }),
    );
  }

  /** The accounts a phone number belongs to (a person may owe on several). */
  async accountsForPhone(phone: string): Promise<string[]> {
    const { pk } = keys.phone(phoneKey(phone), '');
    const items = await queryAll(this.table, { KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk } });
    return items.map((item) => item.accountId as string);
  }

  /** Remembers which account, cycle and step a provider message id belongs to (delivery events carry only the id). */
  async indexMessage(ref: MessageRef, at: string): Promise<void> {
    await this.table.doc.send(
      new PutCommand({
        TableName: this.table.tableName,
        Item: {
          ...keys.message(ref.providerMessageId),
          type: TYPE.message,
          ...ref,
          at,
          expiresAt: Math.floor(Date.parse(at) / 1000) + MESSAGE_INDEX_SECONDS,
        },
      }),
    );
  }

  async messageRef(providerMessageId: string): Promise<MessageRef | undefined> {
    const { Item } = await this.table.doc.send(
      new GetCommand({ TableName: this.table.tableName, Key: keys.message(providerMessageId), ConsistentRead: true }),
    );
    return Item
      ? {
          providerMessageId,
          accountId: Item.accountId as string,
          cycleId: Item.cycleId as string,
          stepId: Item.stepId as string,
          channel: Item.channel as Channel,
        }
      : undefined;
  }
}
