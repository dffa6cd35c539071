/**
 * Send slots in the STATE table, every item under a PACE# key and expiring (TTL) two days after its time:
 * - per identity and minute, one partition: a counter per second (sk S#ss), claimed with a conditional
 *   ADD that refuses to pass the second's limit, and the minute's count (sk MINUTE), added after each claim
 *   (a hint that lets a full minute be skipped; a crash between the two only costs a read later);
 * - per identity and UTC day, the day's count (sk DAY) for a daily cap;
 * - per message, the second it holds (pk PACE#HOLD#<account>).
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SendSlotKey, SendSlotStore } from '../domain/storage';
import { keys, STATE_ITEM_TYPE } from './tables';
import { MINUTE_MS } from '../domain/rules/time';

/** Slot items outlive their time by two days: long enough for any late reader, short enough to stay small. */
const KEEP_S = 2 * 86_400;
/** BatchGetItem returns unprocessed keys under load; they are asked for again this many times. */
const BATCH_ATTEMPTS = 5;

const isConditionFailure = (error: unknown) =>
  error instanceof ConditionalCheckFailedException || (error as { name?: string } | undefined)?.name === 'ConditionalCheckFailedException';

/** The minute as its key names it: 2026-03-10T18:04. */
const minuteIso = (ms: number) => new Date(Math.floor(ms / MINUTE_MS) * MINUTE_MS).toISOString().slice(0, 16);
const expiry = (ms: number) => Math.floor(ms / 1000) + KEEP_S;

export class DynamoSendSlotStore implements SendSlotStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async heldSlot(key: SendSlotKey): Promise<number | undefined> {
    const { Item } = await this.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.paceHold(key.accountId, key.cycleId, key.stepId, key.channel),
        ConsistentRead: true,
      }),
    );
    return typeof Item?.slotAt === 'number' ? Item.slotAt : undefined;
  }

  async hold(key: SendSlotKey, slot: number): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...keys.paceHold(key.accountId, key.cycleId, key.stepId, key.channel),
          type: STATE_ITEM_TYPE.pace,
          slotAt: slot,
          expiresAt: expiry(slot),
        },
      }),
    );
  }

  async minutesUsed(identity: string, minutes: readonly number[]): Promise<ReadonlyMap<number, number>> {
    const byKey = new Map(minutes.map((m) => [keys.paceMinute(identity, minuteIso(m)).pk, m]));
    const out = new Map<number, number>();
    let pending: Record<string, unknown>[] = [...byKey.keys()].map((pk) => ({ pk, sk: 'MINUTE' }));
    for (let attempt = 0; pending.length > 0 && attempt < BATCH_ATTEMPTS; attempt++) {
      const result = await this.doc.send(
        new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: pending, ConsistentRead: true } } }),
      );
      for (const item of result.Responses?.[this.tableName] ?? []) out.set(byKey.get(item.pk as string)!, item.n as number);
      pending = result.UnprocessedKeys?.[this.tableName]?.Keys ?? [];
    }
    // A minute left unread counts as free: its seconds' conditional claims still refuse any excess.
    return out;
  }

  async secondsUsed(identity: string, minute: number): Promise<ReadonlyMap<number, number>> {
    const base = Math.floor(minute / MINUTE_MS) * MINUTE_MS;
    const { Items } = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :s)',
        ExpressionAttributeValues: { ':pk': keys.paceMinute(identity, minuteIso(base)).pk, ':s': keys.paceSecondPrefix },
        ConsistentRead: true,
      }),
    );
    return new Map(
      (Items ?? []).map((item) => [base + Number((item.sk as string).slice(keys.paceSecondPrefix.length)) * 1000, item.n as number]),
    );
  }

  async claimSecond(identity: string, second: number, units: number, limit: number): Promise<boolean> {
    const minute = minuteIso(second);
    const claimed = await this.addUnder(keys.paceSecond(identity, minute, new Date(second).getUTCSeconds()), units, limit, expiry(second));
    if (claimed) await this.addUnder(keys.paceMinute(identity, minute), units, undefined, expiry(second));
    return claimed;
  }

  async claimDay(identity: string, day: string, cap: number): Promise<boolean> {
    return this.addUnder(keys.paceDay(identity, day), 1, cap, expiry(Date.parse(`${day}T00:00:00Z`) + 86_400_000));
  }

  async releaseDay(identity: string, day: string): Promise<void> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.paceDay(identity, day),
          UpdateExpression: 'ADD n :minus',
          ConditionExpression: 'n > :zero',
          ExpressionAttributeValues: { ':minus': -1, ':zero': 0 },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  /** ADD `units` to the item's count, refused (false) when the count would pass `limit`. */
  private async addUnder(key: { pk: string; sk: string }, units: number, limit: number | undefined, expiresAt: number): Promise<boolean> {
    // A fresh item would pass the condition whatever the units: more than the limit is refused here.
    if (limit !== undefined && units > limit) return false;
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key,
          UpdateExpression: 'ADD n :units SET expiresAt = :expiresAt, #type = :type',
          ...(limit === undefined ? {} : { ConditionExpression: 'attribute_not_exists(n) OR n <= :room' }),
          ExpressionAttributeNames: { '#type': 'type' },
          ExpressionAttributeValues: {
            ':units': units,
            ':expiresAt': expiresAt,
            ':type': STATE_ITEM_TYPE.pace,
            ...(limit === undefined ? {} : { ':room': limit - units }),
          },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }
}
