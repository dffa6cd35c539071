/**
 * What every provider-event parser shares: the error that names problems by field path (never by
 * value), the normalised DeliveryEvent, message ids and timestamps as providers write them, and the
 * PII-safe reason filter. Pure functions, no AWS SDK.
 */
import * as z from '../domain/zod';
import type { DeliveryReport } from '../domain/lifecycle-types';
import { describeIssues } from '../domain/zod-issues';

/** A delivery event, normalised (the shape the lifecycle reducer applies). */
export type DeliveryEvent = DeliveryReport & {
  /**
   * The message key Amicable sent with the message (the SMS/voice Context, the SES tag), which the
   * provider echoes in every event: it finds a send whose answer was lost (its provider id never learned).
   */
  messageKey?: string;
};

/** A message key longer than this is not one of ours (keys are account:cycle:step:channel). */
const MAX_MESSAGE_KEY = 800;
export const messageKeyOf = (value: string | undefined): string | undefined =>
  value && value.length <= MAX_MESSAGE_KEY ? value : undefined;

/** A provider payload that cannot be used. The message names every problem by field path, never by value. */
export class ProviderEventError extends Error {
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`invalid ${source}: ${problems.join('; ')}`);
    this.name = 'ProviderEventError';
  }
}

// ---------------------------------------------------------------------------------------------------------
// The mapping, as data.

export const required = z.string().check(z.trim(), z.minLength(1));

/**
 * Provider message ids become keys (MESSAGE#<id>, a claim's reply step): End User Messaging ids are UUIDs,
 * SES ids about 60 characters, so anything longer than this is not a provider's id and is refused before
 * it reaches a key (DynamoDB keys are at most 2048 bytes).
 */
export const MAX_PROVIDER_MESSAGE_ID = 256;
export const messageIdSchema = required.check(
  z.maxLength(MAX_PROVIDER_MESSAGE_ID),
  z.regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces'),
);

/** ISO-8601 with a time and an offset, as AWS writes them. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/;

/** Epoch milliseconds (number or digits) or an ISO-8601 instant, as ISO-8601 UTC; undefined if neither. */
export function toIsoUtc(value: number | string): string | undefined {
  let ms: number;
  if (typeof value === 'number') ms = value;
  else if (/^\d{1,16}$/.test(value)) ms = Number(value);
  else if (ISO_INSTANT.test(value)) ms = Date.parse(value);
  else return undefined;
  if (!Number.isFinite(ms) || ms <= 0) return undefined;
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

const TIMESTAMP_MESSAGE = 'not a valid timestamp (epoch milliseconds or ISO-8601)';
export const epochOrIso = z.union([z.number(), z.string()]).check(z.refine((v) => toIsoUtc(v) !== undefined, TIMESTAMP_MESSAGE));
export const isoTimestamp = z.string().check(z.refine((v) => ISO_INSTANT.test(v) && toIsoUtc(v) !== undefined, TIMESTAMP_MESSAGE));

/** JSON.parse without its error text: V8 quotes the input, which may hold a number or a message body. */
export function jsonOf(text: string, source: string): unknown {
  if (typeof text !== 'string') throw new ProviderEventError(source, ['(root): expected the SNS Message string']);
  try {
    return JSON.parse(text);
  } catch {
    throw new ProviderEventError(source, ['(root): not valid JSON']);
  }
}

export function parseWith<T extends z.ZodMiniType>(schema: T, input: unknown, source: string): z.output<T> {
  const result = schema.safeParse(input);
  if (!result.success) throw new ProviderEventError(source, describeIssues(result.error));
  return result.data;
}

/** A DeliveryEvent without an undefined reason key. */
export function event(e: DeliveryEvent): DeliveryEvent {
  const { reason, messageKey, ...rest } = e;
  return { ...rest, ...(reason === undefined ? {} : { reason }), ...(messageKey === undefined ? {} : { messageKey }) };
}

/**
 * A provider code fit for `reason`: starts with a letter, at most 64 characters of letters, digits, space
 * and _ . / -, no '@' or '+', no run of five digits (a phone number fragment). Anything else is dropped.
 */
export function safeReason(...parts: (string | null | undefined)[]): string | undefined {
  const kept: string[] = [];
  for (const part of parts) {
    const p = part?.trim();
    if (!p || !/^[A-Za-z][A-Za-z0-9 _./-]{0,63}$/.test(p) || /\d{5}/.test(p)) break;
    kept.push(p);
  }
  return kept.length ? kept.join('/') : undefined;
}
