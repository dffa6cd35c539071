/**
 * The stage's `replies.bedrock` block and what it gives the inbound-sms function: an optional second
 * reading, by a foundation model on Amazon Bedrock, of replies the local rules cannot place (it can only
 * add caution: functions/domain/conversations/second-reading.ts). Off by default. When on, the function
 * may invoke that one model in the stack's own Region and nothing else; when off, it gets no Bedrock
 * permission and no model variable at all.
 */
import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as z from 'zod';
import { ENV } from '../functions/commons/environment';

/**
 * Cross-Region inference profiles (us., eu., apac., global. ...) may send a reply to another Region;
 * only a foundation model invoked in the stack's Region keeps customers' words where the stack is.
 */
const CROSS_REGION_PROFILE = /^(us|us-gov|eu|apac|au|ca|jp|global)\./;

const foundationModelId = z
  .string()
  .regex(/^[a-z0-9-]+\.[a-z0-9][a-z0-9.:-]*$/, 'a Bedrock foundation model id such as anthropic.claude-3-haiku-20240307-v1:0')
  .refine(
    (id) => !CROSS_REGION_PROFILE.test(id),
    'a foundation model invoked in the stack Region, not a cross-Region inference profile (replies would leave the Region)',
  );

export const REPLY_MODEL_DEFAULTS = {
  enabled: false,
  /** Supports a forced tool choice (structured output) and on-demand invocation in-Region. */
  modelId: 'anthropic.claude-3-haiku-20240307-v1:0',
  timeoutMs: 3000,
} as const;

export const repliesConfigSchema = z.strictObject({
  bedrock: z
    .strictObject({
      enabled: z.boolean().default(REPLY_MODEL_DEFAULTS.enabled),
      modelId: foundationModelId.default(REPLY_MODEL_DEFAULTS.modelId),
      /** How long a reply waits for the model before the local reading stands (Lambda's own timeout is 30 s). */
      timeoutMs: z.number().int().min(200).max(10_000).default(REPLY_MODEL_DEFAULTS.timeoutMs),
    })
    .default({ ...REPLY_MODEL_DEFAULTS }),
});
export type RepliesConfig = z.infer<typeof repliesConfigSchema>;
export type ReplyModelConfig = RepliesConfig['bedrock'];

/** When enabled: bedrock:InvokeModel (what Converse needs) on that one foundation model, and the variables that name it. */
export function useReplyModel(fn: lambda.Function, config: ReplyModelConfig): void {
  if (!config.enabled) return;
  const modelArn = Stack.of(fn).formatArn({
    service: 'bedrock',
    account: '',
    resource: 'foundation-model',
    resourceName: config.modelId,
    arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
  });
  fn.addToRolePolicy(new iam.PolicyStatement({ sid: 'ReadUnplacedReplies', actions: ['bedrock:InvokeModel'], resources: [modelArn] }));
  fn.addEnvironment(ENV.replyModelId, config.modelId);
  fn.addEnvironment(ENV.replyModelTimeoutMs, String(config.timeoutMs));
}
