/**
 * The reply interpreter in AWS: a Bedrock model when the function is given one (REPLY_MODEL_ID: only
 * inbound-sms, and only when the stage turns replies.bedrock on). Kept out of aws-dependencies.ts so only
 * the inbound-sms bundle carries the adapter and the intent list it needs.
 */
import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import * as z from '../domain/zod';
import { BedrockReplyInterpreter } from '../adapters/bedrock-reply-interpreter';
import type { ReplyInterpreter } from '../domain/ports';
import { readEnvironment } from './configuration';
import { ENV } from './environment';

const replyModelEnvSchema = z.object({
  [ENV.replyModelId]: z.string().check(z.trim(), z.minLength(1)),
  [ENV.replyModelTimeoutMs]: z._default(z.coerce.number().check(z.int(), z.gte(200), z.lte(10_000)), 3000),
});

/** The interpreter the environment names, or none; a named model with a bad limit is refused at once. */
export function replyInterpreterFromEnvironment(env: Record<string, string | undefined> = process.env): ReplyInterpreter | undefined {
  if (!env[ENV.replyModelId]) return undefined;
  const parsed = readEnvironment(replyModelEnvSchema, 'reply model', env);
  return new BedrockReplyInterpreter(new BedrockRuntimeClient({}), {
    modelId: parsed[ENV.replyModelId],
    timeoutMs: parsed[ENV.replyModelTimeoutMs],
  });
}

let built: { interpreter: ReplyInterpreter | undefined } | undefined;

/** Built on the first invocation and reused while the runtime is warm, like awsDependencies. */
export function awsReplyInterpreter(): ReplyInterpreter | undefined {
  built ??= { interpreter: replyInterpreterFromEnvironment() };
  return built.interpreter;
}
