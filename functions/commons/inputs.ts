/**
 * Shapes of what the handlers receive (EventBridge envelopes, state machine payloads), validated with
 * zod at the edge, plus small helpers that keep PII out of logs, ledger errors and metrics.
 */
import * as z from '../domain/zod';
import { InvalidInputError } from '../domain/errors';
import { describeIssues } from '../domain/zod-issues';
import { channelSchema } from '../domain/schema-primitives';
import { CLOSE_REASONS } from '../domain/decision-types';

/** The EventBridge envelope; the detail is validated separately against its detail-type. */
export const eventBridgeEnvelopeSchema = z.looseObject({
  id: z.string().check(z.minLength(1)),
  'detail-type': z.string(),
  source: z.string(),
  time: z.optional(z.string()),
  detail: z.unknown(),
});

export type EventBridgeEnvelope = z.infer<typeof eventBridgeEnvelopeSchema>;

/** An SNS notification as Lambda receives it; each record's Message is parsed by its own schema. */
export const snsEventSchema = z.looseObject({
  Records: z
    .array(
      z.looseObject({
        Sns: z.looseObject({ MessageId: z.string().check(z.minLength(1)), Message: z.string(), TopicArn: z.optional(z.string()) }),
      }),
    )
    .check(z.minLength(1)),
});

const ref = {
  accountId: z.string().check(z.minLength(1), z.maxLength(64)),
  cycleId: z.string().check(z.minLength(1), z.maxLength(64)),
};

export const journeyRefSchema = z.object(ref);

export const contactActionSchema = z.object({
  type: z.literal('contact'),
  stepId: z.string().check(z.minLength(1)),
  channel: channelSchema,
  template: z.string().check(z.minLength(1)),
  tone: z.enum(['friendly', 'clear', 'supportive']),
});

export const closeReasonSchema = z.enum(CLOSE_REASONS);

export const sendInputSchema = z.object({ ...ref, action: contactActionSchema });
export const escalateInputSchema = z.object({
  ...ref,
  action: z.object({ type: z.literal('escalate'), reason: z.string().check(z.minLength(1)) }),
});
export const closeInputSchema = z.object({ ...ref, action: z.object({ type: z.literal('close'), reason: closeReasonSchema }) });

/** Throws an InvalidInputError naming every problem (the state machine records it as a failure). */
export function parseInput<S extends z.ZodMiniType>(schema: S, input: unknown, what: string): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new InvalidInputError(describeIssues(result.error), what);
}

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
const PHONE = /\+?\d[\d\s().-]{6,}\d/g;

/** Removes anything that looks like an email address or a phone number; cuts to `max` characters. */
export function redact(text: string, max = 300): string {
  const clean = text.replace(EMAIL, '[email]').replace(PHONE, '[number]');
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

/** The error name and a short, PII-free cause, for the ledger. */
export function describeError(error: unknown): { name: string; cause: string } {
  if (error instanceof Error) return { name: error.name || 'Error', cause: redact(error.message) };
  return { name: 'Error', cause: redact(String(error)) };
}
