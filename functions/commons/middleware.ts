/**
 * Every handler is wrapped the same way: X-Ray tracing of the handler, the Lambda context in every
 * log line, and metrics flushed (with a cold-start metric) at the end of each invocation.
 */
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import { logger, metrics, tracer } from './powertools';

export type LambdaFunction<TEvent, TResult> = (event: TEvent, context: Context) => Promise<TResult>;

export function withPowertools<TEvent, TResult>(fn: LambdaFunction<TEvent, TResult>): LambdaFunction<TEvent, TResult> {
  const handler = middy(fn)
    .use(captureLambdaHandler(tracer))
    .use(injectLambdaContext(logger))
    .use(logMetrics(metrics, { captureColdStartMetric: true }));
  return handler as unknown as LambdaFunction<TEvent, TResult>;
}
