/**
 * The daily sweep's shards. Every item the sweep must look at (an overdue account, a send claim whose
 * outcome is open, an account whose outbox owes an effect) carries its account's shard in a sparse
 * index, so the sweep reads each shard's share with Query (never a Scan) and the shards run in
 * parallel. All items of one account fall in the same shard, so one shard's worker sees an account's
 * claims before its outbox (a reply settled as not sent goes out with the outbox, in the same run).
 */

/**
 * 32 shards: 62,500 open journeys each at two million accounts (a few Query pages and one Lambda run
 * per shard), enough partitions that no index partition is hot (bench/sweep.ts has the figures).
 * Changing it re-shards only items written afterwards: never change it on a live table.
 */
export const SWEEP_SHARDS = 32;

export const ALL_SWEEP_SHARDS: readonly number[] = Array.from({ length: SWEEP_SHARDS }, (_, shard) => shard);

/** FNV-1a (32 bit) of the account id, mod the shard count: stable, evenly spread, no crypto needed. */
export function sweepShardOf(accountId: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < accountId.length; i++) {
    hash ^= accountId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % SWEEP_SHARDS;
}

/** The parts of a shard's sweep, in the order they run (claims are settled before the outbox is finished). */
export const SWEEP_LANES = ['journeys', 'crashed-claims', 'unknown-claims', 'outboxes'] as const;
export type SweepLane = (typeof SWEEP_LANES)[number];

/** The last index key read (opaque, from DynamoDB's LastEvaluatedKey): the next page starts after it. */
export type IndexPosition = Record<string, string>;

/** Where one shard's sweep stopped: the lane it was in and the position in that lane. */
export interface SweepCursor {
  lane: SweepLane;
  after?: IndexPosition;
}

export interface Page<T> {
  items: T[];
  /** Absent on the last page. */
  next?: IndexPosition;
}

/** Shards swept at once (the sweep state machine's Map MaxConcurrency): the workers share the API quotas. */
export const SWEEP_CONCURRENCY = 8;
