/**
 * The scale model's identity shards (bench/scale.ts): run on worker threads, or one after another in
 * this thread, and merged into one deployment's meters (every count added second by second).
 */
import { Worker } from 'node:worker_threads';
import type { CapacityConfig } from '../functions/domain/pacing/capacity';
import { mergeLimits, type LimitsMeters } from './journey-limits';
import { runShard, type ShardResult, type ShardSpec } from './scale-model';
import { mergeMeters, type Meters } from './scale-meters';
import type { Options } from './scale-report';

export interface MergedRun {
  meters: Meters;
  limits: LimitsMeters;
  /** CPU seconds of this process and its workers (user and system). */
  cpuSeconds: number;
}

function onWorker(spec: ShardSpec): Promise<ShardResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./scale-shard-worker.mjs', import.meta.url), { workerData: spec });
    let result: ShardResult | undefined;
    worker.once('message', (message: ShardResult) => (result = message));
    worker.once('error', reject);
    worker.once('exit', (code) =>
      result ? resolve(result) : reject(new Error(`a scale model shard exited (code ${code}) without its meters`)),
    );
  });
}

/** Shards `first`, `first + threads`, ... one after another: one thread's share. */
async function shardsInTurn(specs: ShardSpec[]): Promise<ShardResult[]> {
  const results: ShardResult[] = [];
  for (const spec of specs) results.push(await runShard(spec));
  return results;
}

/** Every shard of the portfolio, on `o.threads` threads (1: all in this one), merged. */
export async function runShards(o: Options, capacity: CapacityConfig): Promise<MergedRun> {
  const specs = Array.from({ length: o.shards }, (_, shard): ShardSpec => ({ ...o, shard, shards: o.shards, capacity }));
  const before = process.cpuUsage();
  const results =
    o.threads <= 1
      ? await shardsInTurn(specs)
      : (
          await Promise.all(
            Array.from({ length: o.threads }, (_, k) => Promise.all(specs.filter((s) => s.shard % o.threads === k).map(onWorker))),
          )
        ).flat();
  const cpu = process.cpuUsage(before);
  return {
    meters: results.map((r) => r.meters).reduce(mergeMeters),
    limits: results.map((r) => r.limits).reduce(mergeLimits),
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
  };
}
