/**
 * The scale model's identity shards merge exactly: the same shards run on two worker threads or one
 * after another in one thread give the same meters, and merging adds every count second by second.
 */
import { describe, expect, it } from 'vitest';
import { runShards } from '../../bench/scale-shards';
import { shardCapacityFor } from '../../bench/scale-capacity';
import { peakLevel, peakSecond } from '../../bench/scale-meters';
import type { Options } from '../../bench/scale-report';

const options = (threads: number): Options => ({
  accounts: 80,
  target: 1_600,
  days: 3,
  placementDays: 1,
  json: false,
  wakeAtWindow: false,
  shards: 2,
  threads,
});

describe('scale model shards', () => {
  it('merge to the same meters on two threads as in one', async () => {
    const capacity = shardCapacityFor(20, 2);
    const inTurn = await runShards(options(1), capacity);
    const threaded = await runShards(options(2), capacity);
    expect(threaded.meters).toEqual(inTurn.meters);
    expect(threaded.limits).toEqual(inTurn.limits);
    expect(inTurn.meters.counters.sends).toBeGreaterThan(0);
    expect(peakLevel(inTurn.meters.open)).toBeGreaterThan(0);
    expect(peakSecond(inTurn.meters.transitions)).toBeGreaterThan(0);
  }, 120_000);
});
