/** One shard of a sharded local run, on its own worker thread (see shards.ts): runs its accounts and posts their outcomes. */
import './quiet-powertools';
import './polyfills';
import { parentPort, workerData } from 'node:worker_threads';
import { runAccounts } from './account-run';
import { connectDynamoDbLocal } from './dynamodb-local';
import { portalFromData } from './local-portal';
import { COUNT_REQUESTS_ENV, requestCounts } from './request-counts';
import type { ShardInput, ShardMessage } from './shards';

const input = workerData as ShardInput;
const port = parentPort!;
const dynamo = connectDynamoDbLocal(input.endpoint);
try {
  const outcomes = await runAccounts(
    input.keys,
    (key) => input.events[key],
    {
      until: input.until,
      dynamo,
      settings: input.settings,
      faults: {},
      injected: { throttles: 0, crashes: 0 },
      ...(input.experiment ? { experiment: input.experiment } : {}),
      ...(input.playbook ? { playbook: input.playbook } : {}),
      ...(input.portal ? { portal: portalFromData(input.portal) } : {}),
      ...(input.pacing ? { pacing: input.pacing } : {}),
    },
    input.concurrency,
    () => port.postMessage({ done: 'account' } satisfies ShardMessage),
  );
  if (process.env[COUNT_REQUESTS_ENV] === '1') port.postMessage({ requests: requestCounts() } satisfies ShardMessage);
  port.postMessage({ outcomes } satisfies ShardMessage);
} finally {
  await dynamo.stop();
}
