/**
 * Counts the DynamoDB requests of a local run by operation, table and the journey step or event handler
 * that made them (benchmarks: AMICABLE_COUNT_REQUESTS=1). Off by default: the local client then carries
 * no extra middleware and the steps no async context. Each thread counts its own; a shard posts its
 * counts to the main thread when it ends (shards.ts).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

export const COUNT_REQUESTS_ENV = 'AMICABLE_COUNT_REQUESTS';

/** "Operation table step" -> requests (a transaction or batch counts once, under its first table). */
export type RequestCounts = Record<string, number>;

const counting = () => process.env[COUNT_REQUESTS_ENV] === '1';
const currentStep = new AsyncLocalStorage<string>();
const counts: RequestCounts = {};

/** Runs `work` as `step` (a Task state, or the handler an event went to): its requests are counted under it. */
export function inStep<T>(step: string, work: () => Promise<T>): Promise<T> {
  return counting() ? currentStep.run(step, work) : work();
}

/** The first table a request names (a transaction's or batch's items may name several). */
function tableOf(input: Record<string, unknown>): string {
  if (typeof input.TableName === 'string') return input.TableName;
  const statements = input.Statements as Array<{ Statement?: string }> | undefined;
  if (statements) return /"([^"]+)"/.exec(statements[0]?.Statement ?? '')?.[1] ?? '?';
  const batch = input.RequestItems as Record<string, unknown> | undefined;
  if (batch) return Object.keys(batch)[0] ?? '?';
  const items = (input.TransactItems as Array<Record<string, { TableName?: string }>> | undefined) ?? [];
  return Object.values(items[0] ?? {})[0]?.TableName ?? '?';
}

/** Counts every request `client` sends (and every document client built on it: they share its middleware). */
export function countRequests(client: DynamoDBClient): void {
  if (!counting()) return;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const operation = String(context.commandName ?? '?').replace(/Command$/, '');
      const key = `${operation} ${tableOf(args.input as Record<string, unknown>)} ${currentStep.getStore() ?? 'run'}`;
      counts[key] = (counts[key] ?? 0) + 1;
      return next(args);
    },
    { step: 'initialize', name: 'amicableRequestCounts' },
  );
}

/** This thread's counts so far, with those `merge` added (a shard's). */
export function requestCounts(merge?: RequestCounts): RequestCounts {
  for (const [key, n] of Object.entries(merge ?? {})) counts[key] = (counts[key] ?? 0) + n;
  return { ...counts };
}
