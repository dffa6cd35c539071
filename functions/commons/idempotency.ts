/**
 * Idempotency per EventBridge event id (Powertools, DynamoDB persistence): a redelivered billing event
 * returns the first delivery's result without running again. Built lazily per Dependencies instance, so
 * importing a handler builds nothing and local runs use DynamoDB Local; only the billing-event handlers
 * import this module, so only their bundles carry the idempotency library.
 */
import type { Context } from 'aws-lambda';
import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { Dependencies } from './dependencies';

/** EventBridge retries delivery for up to 24 hours; remember event ids for two days. */
const EXPIRES_AFTER_SECONDS = 2 * 24 * 3600;

/** One prefix for every billing-event handler: an event id is processed once, whichever handler gets it. */
const KEY_PREFIX = 'amicable.billing-event';

export function idempotentPerEventId<TEvent, TResult>(
  fn: (event: TEvent, context: Context, deps: Dependencies) => Promise<TResult>,
): (deps: Dependencies, event: TEvent, context: Context) => Promise<TResult> {
  const byDeps = new WeakMap<Dependencies, (event: TEvent, context: Context) => Promise<TResult>>();
  return (deps, event, context) => {
    let wrapped = byDeps.get(deps);
    if (!wrapped) {
      const config = new IdempotencyConfig({ eventKeyJmesPath: 'id', expiresAfterSeconds: EXPIRES_AFTER_SECONDS });
      wrapped = makeIdempotent((e: TEvent, c: Context) => fn(e, c, deps), {
        persistenceStore: new DynamoDBPersistenceLayer({ tableName: deps.idempotency.tableName, awsSdkV3Client: deps.idempotency.client }),
        config,
        keyPrefix: KEY_PREFIX,
      }) as (event: TEvent, context: Context) => Promise<TResult>;
      byDeps.set(deps, wrapped);
    }
    return wrapped(event, context);
  };
}
