/**
 * Every handler is wrapped the same way: X-Ray tracing of the handler, the Lambda context in every
 * log line, and metrics flushed (with a cold-start metric) at the end of each invocation.
 *
 * The trace never carries what a handler returns: results hold personal data (the portal's first
 * names, balances and session tokens, account states). Errors are only flagged, not recorded, where
 * the functions run (POWERTOOLS_TRACER_CAPTURE_ERROR=false, set by lib/lambda-defaults.ts), since a
 * message can quote the data that failed.
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
    .use(captureLambdaHandler(tracer, { captureResponse: false }))
    .use(injectLambdaContext(logger))
    .use(logMetrics(metrics, { captureColdStartMetric: true }));
  return handler as unknown as LambdaFunction<TEvent, TResult>;
}
