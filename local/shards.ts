/**
 * A local run split over threads: accounts never share state in memory (only DynamoDB Local, where the
 * pacing slots, capacity and ledger live, as in AWS), so account i goes to shard i mod n, shard 0 runs
 * on this thread and every other shard on a worker thread of its own (its own interpreter, its own
 * handlers, the same DynamoDB Local). Outcomes come back as plain data and are merged in account order,
 * so the result is the one a single thread gives.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Settings } from '../functions/commons/dependencies';
import type { Experiment } from '../functions/domain/experiments';
import type { Playbook } from '../functions/domain/playbook';
import type { PacingSettings } from '../functions/domain/pacing/capacity';
import { runAccounts, type AccountOutcome, type AccountRunContext } from './account-run';
import type { LocalEvent } from './event-file';
import { localPortalData, type LocalPortalData } from './local-portal';
import { requestCounts, type RequestCounts } from './request-counts';

/** What a worker needs to run its accounts: plain data only (it crosses the thread boundary). */
export interface ShardInput {
  keys: string[];
  events: Record<string, LocalEvent[]>;
  until: Date;
  endpoint: string;
  settings: Settings;
  experiment?: Experiment;
  playbook?: Playbook;
  portal?: LocalPortalData;
  pacing?: PacingSettings;
  concurrency: number;
}

/** Messages a worker posts: one per account done, then its request counts (when counted), then its outcomes. */
export type ShardMessage = { done: string } | { requests: RequestCounts } | { outcomes: AccountOutcome[] };

/**
 * A worker loads the whole handler graph again (a few seconds of CPU), which pays off from a couple of
 * dozen accounts per extra thread (each account costs about 0.1 s of CPU in the runtime, measured).
 */
const ACCOUNTS_PER_EXTRA_SHARD = 20;

/**
 * DynamoDB Local's JVM needs about as much CPU as the runtime (every request is parsed, stored and
 * answered there), so a thread runs beside it per two cores: on two cores one thread keeps both busy
 * (2,000 accounts: 198 s and 356 s of CPU on one thread, 230 s and 437 s on two, which only contend).
 */
const CORES_PER_SHARD = 2;

/** Threads a run uses when asked for `auto`: one per two cores, while each has enough accounts to pay its start. */
export function autoShards(accounts: number): number {
  const threads = Math.floor(availableParallelism() / CORES_PER_SHARD);
  return Math.max(1, Math.min(threads, Math.floor(accounts / ACCOUNTS_PER_EXTRA_SHARD)));
}

/**
 * The shard count a context allows: faults are drawn and counted by one generator for the whole run
 * (their order is the seed's), and a portal other than the local one holds a key that stays on this
 * thread, so those runs stay on one thread.
 */
export function shardsAllowed(requested: number, context: AccountRunContext, accounts: number): number {
  const faults = context.injector !== undefined || context.faults.throttleNext !== undefined || context.faults.crashOnSend !== undefined;
  const portalMovable = context.portal === undefined || localPortalData(context.portal) !== undefined;
  if (faults || !portalMovable) return 1;
  return Math.max(1, Math.min(Math.floor(requested), accounts));
}

function runWorker(input: ShardInput, onDone: () => void): Promise<AccountOutcome[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./shard-worker.mjs', import.meta.url), { workerData: input });
    let outcomes: AccountOutcome[] | undefined;
    worker.on('message', (message: ShardMessage) => {
      if ('done' in message) onDone();
      else if ('requests' in message) requestCounts(message.requests);
      else outcomes = message.outcomes;
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (outcomes) resolve(outcomes);
      else reject(new Error(`a local run shard exited (code ${code}) before it reported its accounts`));
    });
  });
}

/** Every account through the real handlers on `shards` threads; outcomes in the order of `keys`. */
export async function runShards(
  keys: readonly string[],
  byAccount: Map<string, LocalEvent[]>,
  context: AccountRunContext,
  options: { shards: number; concurrency: number; onDone: () => void },
): Promise<AccountOutcome[]> {
  const { shards, concurrency, onDone } = options;
  const eventsOf = (key: string) => byAccount.get(key)!;
  if (shards <= 1) return runAccounts(keys, eventsOf, context, concurrency, onDone);
  const shardKeys = Array.from({ length: shards }, (_, s) => keys.filter((_k, i) => i % shards === s));
  const portal = context.portal ? localPortalData(context.portal) : undefined;
  const results = await Promise.all(
    shardKeys.map((own, s) =>
      s === 0
        ? runAccounts(own, eventsOf, context, concurrency, onDone)
        : runWorker(
            {
              keys: own,
              events: Object.fromEntries(own.map((k) => [k, eventsOf(k)])),
              until: context.until,
              endpoint: context.dynamo.endpoint,
              settings: context.settings,
              concurrency,
              ...(context.experiment ? { experiment: context.experiment } : {}),
              ...(context.playbook ? { playbook: context.playbook } : {}),
              ...(portal ? { portal } : {}),
              ...(context.pacing ? { pacing: context.pacing } : {}),
            },
            onDone,
          ),
    ),
  );
  const byKey = new Map(results.flat().map((o) => [o.key, o]));
  return keys.map((k) => byKey.get(k)!);
}
