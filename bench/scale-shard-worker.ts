/** Runs the identity shard it is given and posts its meters back (bench/scale-shards.ts). */
import { parentPort, workerData } from 'node:worker_threads';
import { runShard, type ShardSpec } from './scale-model';

parentPort!.postMessage(await runShard(workerData as ShardSpec));
