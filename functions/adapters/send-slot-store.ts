/**
 * Send slots in the STATE table, every item under a PACE# key and expiring (TTL) two days after its time:
 * - per identity and minute, one item (sk MINUTE): a count per second (s00 .. s59) and the minute's
 *   count (n), both added by one conditional ADD that refuses to pass the second's limit, so a claim is
 *   one write and the minute's count (which lets a full minute be skipped) is never behind its seconds;
 * - per identity and UTC day, the day's count (sk DAY) for a daily cap;
 * - per message, the second it holds (pk PACE#HOLD#<account>).
 * A version before December 2026 kept a second per item (sk S#ss): seconds it reserved (at most two days
 * ahead) are not seen by these claims, so during an upgrade a second may take up to twice its limit.
 */
import { BatchGetCommand, GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SendSlotKey, SendSlotStore } from '../domain/storage';
import { isConditionFailure } from './dynamo-table';
import { keys, STATE_ITEM_TYPE } from './tables';
import { MINUTE_MS } from '../domain/rules/time';

/** Slot items outlive their time by two days: long enough for any late reader, short enough to stay small. */
const KEEP_S = 2 * 86_400;
/** BatchGetItem returns unprocessed keys under load; they are asked for again this many times. */
const BATCH_ATTEMPTS = 5;

/** A second's count on its minute's item: s00 .. s59. */
const secondAttribute = (ms: number) => `s${String(new Date(ms).getUTCSeconds()).padStart(2, '0')}`;
const SECOND_ATTRIBUTE = /^s(\d\d)$/;

/** The count a claim adds to and may not pass, and another count the same write adds to. */
interface CountUnder {
  attribute: string;
  limit: number;
  alsoCounted?: string;
}

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

  async hold(key: SendSlotKey, slot: number, replacing: number): Promise<number | undefined> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...keys.paceHold(key.accountId, key.cycleId, key.stepId, key.channel),
            type: STATE_ITEM_TYPE.pace,
            slotAt: slot,
            expiresAt: expiry(slot),
          },
          ConditionExpression: 'attribute_not_exists(slotAt) OR slotAt <= :replacing',
          ExpressionAttributeValues: { ':replacing': replacing },
          // The second held already comes back with the refusal: no read to find it.
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return undefined;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      // The document client leaves the returned item in DynamoDB's own form.
      const held = Number((error as { Item?: { slotAt?: { N?: string } } }).Item?.slotAt?.N);
      return Number.isFinite(held) ? held : this.heldSlot(key);
    }
  }

  async releaseSecond(identity: string, second: number, units: number): Promise<void> {
    await this.takeBack(keys.paceMinute(identity, minuteIso(second)), units, { attribute: secondAttribute(second), alsoCounted: 'n' });
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
    const { Item = {} } = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: keys.paceMinute(identity, minuteIso(base)), ConsistentRead: true }),
    );
    const used = new Map<number, number>();
    for (const [attribute, n] of Object.entries(Item)) {
      const second = SECOND_ATTRIBUTE.exec(attribute);
      if (second && typeof n === 'number') used.set(base + Number(second[1]) * 1000, n);
    }
    return used;
  }

  async claimSecond(identity: string, second: number, units: number, limit: number): Promise<boolean> {
    const key = keys.paceMinute(identity, minuteIso(second));
    return this.addUnder(key, units, { attribute: secondAttribute(second), limit, alsoCounted: 'n' }, expiry(second));
  }

  async claimDay(identity: string, day: string, cap: number): Promise<boolean> {
    const dayEnd = Date.parse(`${day}T00:00:00Z`) + 86_400_000;
    return this.addUnder(keys.paceDay(identity, day), 1, { attribute: 'n', limit: cap }, expiry(dayEnd));
  }

  async releaseDay(identity: string, day: string): Promise<void> {
    await this.takeBack(keys.paceDay(identity, day), 1, { attribute: 'n' });
  }

  /**
   * ADD `units` to the item's `attribute` (and to `alsoCounted`, in the same write), refused (false)
   * when the attribute would pass `limit`.
   */
  private async addUnder(key: { pk: string; sk: string }, units: number, count: CountUnder, expiresAt: number): Promise<boolean> {
    // A fresh item would pass the condition whatever the units: more than the limit is refused here.
    if (units > count.limit) return false;
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key,
          UpdateExpression: `ADD #count :units${count.alsoCounted ? ', #also :units' : ''} SET expiresAt = :expiresAt, #type = :type`,
          ConditionExpression: 'attribute_not_exists(#count) OR #count <= :room',
          ExpressionAttributeNames: {
            '#count': count.attribute,
            '#type': 'type',
            ...(count.alsoCounted ? { '#also': count.alsoCounted } : {}),
          },
          ExpressionAttributeValues: {
            ':units': units,
            ':expiresAt': expiresAt,
            ':type': STATE_ITEM_TYPE.pace,
            ':room': count.limit - units,
          },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }
  /** Takes `units` back from the item's `attribute` (and `alsoCounted`), unless fewer are left there. */
  private async takeBack(key: { pk: string; sk: string }, units: number, count: Omit<CountUnder, 'limit'>): Promise<void> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key,
          UpdateExpression: `ADD #count :minus${count.alsoCounted ? ', #also :minus' : ''}`,
          ConditionExpression: '#count >= :units',
          ExpressionAttributeNames: { '#count': count.attribute, ...(count.alsoCounted ? { '#also': count.alsoCounted } : {}) },
          ExpressionAttributeValues: { ':minus': -units, ':units': units },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error; // nothing of it left to give back
    }
  }
}
