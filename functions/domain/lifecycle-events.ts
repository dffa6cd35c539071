/**
 * The billing events that do not start a journey (payments, opt-outs, cease requests, closures and the
 * customer events of customer-events.ts), the name of every detail-type, and the strict parse every
 * billing event goes through. events.ts adds the two that start a journey (AccountOverdue,
 * PaymentDueSoon): they read phone numbers with libphonenumber-js, so they are kept apart and the
 * functions that never read a phone number (lifecycle and the rest) do not bundle it.
 */
import * as z from './zod';
import { describeIssues, safeParseStrict, suggestName } from './zod-issues';
import { customerEventSchemas, type CustomerEvent } from './customer-events';
import {
  channelSchema,
  CONTRACT_SCHEMA_VERSION,
  currencySchema as currency,
  idSchema as id,
  isoDateTimeSchema as isoDateTime,
  moneySchema as money,
  schemaVersionSchema as schemaVersion,
} from './schema-primitives';

/**
 * A payment. `paymentId` is the billing system's id for the payment: the same id is the same payment,
 * applied once per account whatever the event id or cycle. `cycleId` names the cycle it settles
 * (README "Cycle contract"); without it, it settles the current cycle while that is owed, and otherwise
 * waits (parked) for the next cycle's AccountOverdue.
 */
export const paymentReceivedSchema = z.strictObject({
  schemaVersion,
  accountId: id,
  paymentId: id,
  cycleId: z.optional(id),
  amount: money,
  currency,
  paidAt: isoDateTime,
});

export const channelOptedOutSchema = z.strictObject({
  schemaVersion,
  accountId: id,
  channel: channelSchema,
  at: isoDateTime,
});

export const communicationCeasedSchema = z.strictObject({
  schemaVersion,
  accountId: id,
  /** When the written cease request was received: effective on receipt. */
  receivedAt: isoDateTime,
});

export const accountClosedSchema = z.strictObject({
  schemaVersion,
  accountId: id,
  reason: z.enum(['written-off', 'settled', 'closed-by-creditor', 'sold']),
  at: isoDateTime,
});

/** The detail-types lifecycle applies, with their schemas. */
export const lifecycleEventSchemas = {
  PaymentReceived: paymentReceivedSchema,
  ChannelOptedOut: channelOptedOutSchema,
  CommunicationCeased: communicationCeasedSchema,
  AccountClosed: accountClosedSchema,
  ...customerEventSchemas,
} as const;

export type JourneyStartDetailType = 'AccountOverdue' | 'PaymentDueSoon';
export type BillingDetailType = JourneyStartDetailType | keyof typeof lifecycleEventSchemas;
/** Events that start a journey go to ingest; every other detail-type goes to lifecycle (which rejects unknown ones). */
export const JOURNEY_START_DETAIL_TYPES: BillingDetailType[] = ['AccountOverdue', 'PaymentDueSoon'];
/** Every detail-type a billing system, CRM or the portal may send (events.ts has each one's schema). */
export const BILLING_DETAIL_TYPES: BillingDetailType[] = [
  ...JOURNEY_START_DETAIL_TYPES,
  ...(Object.keys(lifecycleEventSchemas) as BillingDetailType[]),
];

export type PaymentReceived = z.infer<typeof paymentReceivedSchema>;
export type ChannelOptedOut = z.infer<typeof channelOptedOutSchema>;
export type CommunicationCeased = z.infer<typeof communicationCeasedSchema>;
export type AccountClosed = z.infer<typeof accountClosedSchema>;

/** A billing event that does not start a journey, as lifecycle applies it. */
export type LifecycleBillingEvent =
  | { detailType: 'PaymentReceived'; detail: PaymentReceived }
  | { detailType: 'ChannelOptedOut'; detail: ChannelOptedOut }
  | { detailType: 'CommunicationCeased'; detail: CommunicationCeased }
  | { detailType: 'AccountClosed'; detail: AccountClosed }
  | CustomerEvent;

export class InvalidEventError extends Error {
  constructor(
    readonly detailType: string,
    readonly problems: string[],
  ) {
    super(`invalid ${detailType}: ${problems.join('; ')}`);
    this.name = 'InvalidEventError';
  }
}

/** The rejection of a detail-type no billing contract has, naming the one it probably meant. */
export function unknownDetailType(detailType: string): InvalidEventError {
  const suggestion = suggestName(detailType, BILLING_DETAIL_TYPES);
  return new InvalidEventError(detailType, [
    `unknown detail-type${suggestion ? `; did you mean ${suggestion}?` : ''} (expected one of ${BILLING_DETAIL_TYPES.join(', ')})`,
  ]);
}

function declaredVersion(detail: unknown): number | undefined {
  const version = typeof detail === 'object' && detail !== null ? (detail as { schemaVersion?: unknown }).schemaVersion : undefined;
  return typeof version === 'number' ? version : undefined;
}

/** A copy of the detail without the unknown fields zod reported, and the dotted paths of those fields. */
function withoutUnknownFields(detail: unknown, issues: z.core.$ZodIssue[]): { detail: unknown; removed: string[] } {
  const copy = structuredClone(detail);
  const removed: string[] = [];
  for (const issue of issues) {
    if (issue.code !== 'unrecognized_keys') continue;
    const parent = issue.path.reduce<unknown>((node, key) => (node as Record<PropertyKey, unknown>)[key], copy);
    for (const key of issue.keys) {
      delete (parent as Record<string, unknown>)[key];
      removed.push([...issue.path.map(String), key].join('.'));
    }
  }
  return { detail: copy, removed };
}

/** A parsed detail and the fields of a newer contract version this build ignored (see CONTRACT_SCHEMA_VERSION). */
export interface ParsedDetail {
  detail: unknown;
  ignoredFields: string[];
}

/**
 * Validate a billing event's detail against its schema, or throw InvalidEventError. Strict: an unknown
 * or misspelt field rejects the event, naming the field it probably meant, unless the event declares a
 * newer schemaVersion than this build's (then it is ignored and listed in ignoredFields).
 */
export function parseContract(detailType: string, schema: z.ZodMiniType, detail: unknown): ParsedDetail {
  let result = safeParseStrict(schema, detail);
  let ignoredFields: string[] = [];
  const version = declaredVersion(detail);
  if (!result.success && version !== undefined && version > CONTRACT_SCHEMA_VERSION) {
    const newer = withoutUnknownFields(detail, result.error.issues);
    ignoredFields = newer.removed;
    result = safeParseStrict(schema, newer.detail);
  }
  if (!result.success) throw new InvalidEventError(detailType, describeIssues(result.error));
  return { detail: result.data, ignoredFields };
}

/**
 * Validate a billing event lifecycle applies, or throw InvalidEventError: an unknown detail-type, one
 * that starts a journey (it goes to the ingest handler) or a detail its contract refuses.
 */
export function parseLifecycleEvent(detailType: string, detail: unknown): LifecycleBillingEvent {
  // Own keys only: `constructor`, `__proto__` or `toString` are not detail-types.
  if (Object.hasOwn(lifecycleEventSchemas, detailType)) {
    const schema = lifecycleEventSchemas[detailType as keyof typeof lifecycleEventSchemas];
    return { detailType, detail: parseContract(detailType, schema, detail).detail } as LifecycleBillingEvent;
  }
  if (JOURNEY_START_DETAIL_TYPES.includes(detailType as BillingDetailType)) {
    throw new InvalidEventError(detailType, [`${detailType} starts a journey and goes to the ingest handler`]);
  }
  throw unknownDetailType(detailType);
}
