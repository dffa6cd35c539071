/**
 * Send slots in memory, for the scale model and the property tests: the same contract as the DynamoDB
 * store (a claim never takes a second past its limit), in one process, with a count of the reads and
 * writes the DynamoDB store would have made for the same calls.
 */
import type { SendSlotKey, SendSlotStore } from '../domain/storage';
import { MINUTE_MS } from '../domain/rules/time';

export interface SlotStoreOperations {
  /** Item reads (a minute read, a held slot, each item a Query or BatchGetItem returns counts one). */
  reads: number;
  /** Item writes (conditional or not, refused or not). */
  writes: number;
}

export class MemorySendSlotStore implements SendSlotStore {
  readonly operations: SlotStoreOperations = { reads: 0, writes: 0 };
  private readonly seconds = new Map<string, number>();
  private readonly minutes = new Map<string, number>();
  private readonly days = new Map<string, number>();
  private readonly holds = new Map<string, number>();

  async heldSlot(key: SendSlotKey): Promise<number | undefined> {
    this.operations.reads += 1;
    return this.holds.get(holdKey(key));
  }

  async hold(key: SendSlotKey, slot: number, replacing: number): Promise<number | undefined> {
    this.operations.writes += 1;
    const held = this.holds.get(holdKey(key));
    if (held !== undefined && held > replacing) return held;
    this.holds.set(holdKey(key), slot);
    return undefined;
  }

  async releaseSecond(identity: string, second: number, units: number): Promise<void> {
    this.operations.writes += 1;
    const key = `${identity}#${second}`;
    const n = this.seconds.get(key) ?? 0;
    if (n < units) return;
    this.seconds.set(key, n - units);
    const minute = `${identity}#${Math.floor(second / MINUTE_MS) * MINUTE_MS}`;
    this.minutes.set(minute, (this.minutes.get(minute) ?? 0) - units);
  }

  async minutesUsed(identity: string, minutes: readonly number[]): Promise<ReadonlyMap<number, number>> {
    const out = new Map<number, number>();
    for (const minute of minutes) {
      this.operations.reads += 1;
      const n = this.minutes.get(`${identity}#${minute}`);
      if (n !== undefined) out.set(minute, n);
    }
    return out;
  }

  async secondsUsed(identity: string, minute: number): Promise<ReadonlyMap<number, number>> {
    const out = new Map<number, number>();
    for (let at = minute; at < minute + MINUTE_MS; at += 1000) {
      const n = this.seconds.get(`${identity}#${at}`);
      if (n !== undefined) out.set(at, n);
    }
    this.operations.reads += 1; // the minute's one item
    return out;
  }

  async claimSecond(identity: string, second: number, units: number, limit: number): Promise<boolean> {
    this.operations.writes += 1;
    const key = `${identity}#${second}`;
    const n = this.seconds.get(key) ?? 0;
    if (n + units > limit) return false;
    this.seconds.set(key, n + units);
    // The same write counts the minute (one item holds the minute's seconds and its count).
    const minute = `${identity}#${Math.floor(second / MINUTE_MS) * MINUTE_MS}`;
    this.minutes.set(minute, (this.minutes.get(minute) ?? 0) + units);
    return true;
  }

  async claimDay(identity: string, day: string, cap: number): Promise<boolean> {
    this.operations.writes += 1;
    const key = `${identity}#${day}`;
    const n = this.days.get(key) ?? 0;
    if (n >= cap) return false;
    this.days.set(key, n + 1);
    return true;
  }

  async releaseDay(identity: string, day: string): Promise<void> {
    this.operations.writes += 1;
    const key = `${identity}#${day}`;
    this.days.set(key, Math.max(0, (this.days.get(key) ?? 0) - 1));
  }

  /** Units claimed in one second (for checks). */
  usedAt(identity: string, second: number): number {
    return this.seconds.get(`${identity}#${second}`) ?? 0;
  }
}

const holdKey = (key: SendSlotKey) => `${key.accountId}#${key.cycleId}#${key.stepId}#${key.channel}`;
