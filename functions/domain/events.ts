/**
 * Event contracts: defined once here as zod schemas. The ingest and lifecycle handlers validate with
 * them, the CDK stack registers their JSON Schema in the EventBridge schema registry, the local runtime
 * and the README examples use them. Amounts are in major units (125.50 = one hundred twenty-five fifty).
 */
import * as z from 'zod';
import { describeIssues } from './zod-issues';
import { customerEventSchemas, type CustomerEvent } from './customer-events';
import { currencySchema, ianaTimeZoneSchema, idSchema, isoDateSchema, isoDateTimeSchema, moneySchema } from './schema-primitives';
import { blockedTimeSchema, complianceFlagsSchema, customerComplianceShape } from './rules/compliance-schema';
import { segmentSchema, segmentSignalsSchema } from './segments';
import { CHANNELS, LANGUAGES } from './types';

const id = idSchema;
const money = moneySchema;
const currency = currencySchema;
const isoDate = isoDateSchema;
const isoDateTime = isoDateTimeSchema;
const ianaTimeZone = ianaTimeZoneSchema;

export const channelSchema = z.enum(CHANNELS);

export const customerSchema = z
  .object({
    firstName: z.string().min(1).max(100),
    lastName: z.string().min(1).max(100).optional(),
    phone: z
      .string()
      .regex(/^\+[1-9]\d{6,14}$/, 'E.164 phone number such as +12065550123')
      .optional(),
    email: z.email().optional(),
    preferredChannel: channelSchema.optional(),
    timeZone: ianaTimeZone.optional(),
    address: z
      .object({
        country: z.string().regex(/^[A-Z]{2}$/, 'ISO 3166-1 alpha-2 country code'),
        region: z.string().min(1).max(10).optional(),
        postalCode: z.string().min(1).max(12).optional(),
      })
      .optional(),
    language: z.enum(LANGUAGES).default('en'),
    // Optional compliance facts: person id, phone type and source, employer email, blocked times,
    // consent records, text safe-harbour evidence (see rules/compliance-schema.ts).
    ...customerComplianceShape,
  })
  .refine((c) => c.phone !== undefined || c.email !== undefined, {
    message: 'a customer needs a phone number or an email address',
    path: ['phone'],
  });

export const accountOverdueSchema = z.object({
  accountId: id,
  /** Identifies the delinquency cycle, e.g. the invoice id or the due date. */
  cycleId: id,
  amountDue: money,
  currency,
  dueDate: isoDate,
  creditorName: z.string().min(1).max(120),
  jurisdiction: z.string().min(2).max(16).default('US'),
  customer: customerSchema,
  /** Channels the customer had already opted out of in the billing system. */
  optOuts: z.array(channelSchema).default([]),
  /** Optional suppression and restriction facts (dispute, attorney, bankruptcy, moratorium, vulnerability ...). */
  compliance: complianceFlagsSchema.optional(),
  /**
   * Optional behaviour signals the journey is segmented on (payment history, promises, hardship,
   * engagement, a propensity-to-pay score): see functions/domain/segments.ts.
   */
  signals: segmentSignalsSchema.optional(),
});

export const paymentReceivedSchema = z.object({
  accountId: id,
  paymentId: id,
  amount: money,
  currency,
  paidAt: isoDateTime,
});

export const channelOptedOutSchema = z.object({
  accountId: id,
  channel: channelSchema,
  at: isoDateTime,
});

export const communicationCeasedSchema = z.object({
  accountId: id,
  /** When the written cease request was received: effective on receipt. */
  receivedAt: isoDateTime,
});

export const accountClosedSchema = z.object({
  accountId: id,
  reason: z.enum(['written-off', 'settled', 'closed-by-creditor', 'sold']),
  at: isoDateTime,
});

/** Every detail-type a billing system, CRM or the portal may send, with its schema. */
export const billingEventSchemas = {
  AccountOverdue: accountOverdueSchema,
  PaymentReceived: paymentReceivedSchema,
  ChannelOptedOut: channelOptedOutSchema,
  CommunicationCeased: communicationCeasedSchema,
  AccountClosed: accountClosedSchema,
  ...customerEventSchemas,
} as const;

export type BillingDetailType = keyof typeof billingEventSchemas;
export const BILLING_DETAIL_TYPES = Object.keys(billingEventSchemas) as BillingDetailType[];
/** Events that start a journey go to ingest; every other detail-type goes to lifecycle (which rejects unknown ones). */
export const JOURNEY_START_DETAIL_TYPES: BillingDetailType[] = ['AccountOverdue'];

export type AccountOverdue = z.infer<typeof accountOverdueSchema>;
export type PaymentReceived = z.infer<typeof paymentReceivedSchema>;
export type ChannelOptedOut = z.infer<typeof channelOptedOutSchema>;
export type CommunicationCeased = z.infer<typeof communicationCeasedSchema>;
export type AccountClosed = z.infer<typeof accountClosedSchema>;

export type BillingEvent =
  | { detailType: 'AccountOverdue'; detail: AccountOverdue }
  | { detailType: 'PaymentReceived'; detail: PaymentReceived }
  | { detailType: 'ChannelOptedOut'; detail: ChannelOptedOut }
  | { detailType: 'CommunicationCeased'; detail: CommunicationCeased }
  | { detailType: 'AccountClosed'; detail: AccountClosed }
  | CustomerEvent;

/** Events Amicable itself puts on the bus. */
export const AMICABLE_SOURCE = 'amicable';
export const agentHandoffRequestedSchema = z.object({
  accountId: id,
  cycleId: id,
  reason: z.string(),
  /** Short, PII-free summary of what happened so far. */
  summary: z.string(),
  requestedAt: isoDateTime,
  /** The segment the journey started in, so people see why the account was treated as it was. */
  segment: segmentSchema.optional(),
  /** The experiment variant the account is in (champion/challenger), when an experiment runs. */
  variant: z.string().optional(),
  /** How and when the customer prefers to be contacted: channel, language, zone, times to avoid. */
  preferredContact: z
    .object({
      channel: channelSchema.optional(),
      language: z.enum(LANGUAGES),
      timeZone: z.string().optional(),
      avoid: z.array(blockedTimeSchema).optional(),
      /** The time the customer asked a person to call back. */
      callbackAt: z.string().optional(),
    })
    .optional(),
});
export type AgentHandoffRequested = z.infer<typeof agentHandoffRequestedSchema>;

export class InvalidEventError extends Error {
  constructor(
    readonly detailType: string,
    readonly problems: string[],
  ) {
    super(`invalid ${detailType}: ${problems.join('; ')}`);
    this.name = 'InvalidEventError';
  }
}

export { describeIssues };

/** Validate a billing event's detail against its detail-type, or throw InvalidEventError. */
export function parseBillingEvent(detailType: string, detail: unknown): BillingEvent {
  if (!(detailType in billingEventSchemas)) {
    throw new InvalidEventError(detailType, [
      `unknown detail-type; expected one of ${BILLING_DETAIL_TYPES.join(', ')}`,
    ]);
  }
  const schema = billingEventSchemas[detailType as BillingDetailType];
  const result = schema.safeParse(detail);
  if (!result.success) throw new InvalidEventError(detailType, describeIssues(result.error));
  return { detailType, detail: result.data } as BillingEvent;
}

/** JSON Schema (draft 2020-12 from zod, accepted by EventBridge as JSONSchemaDraft4-compatible subset). */
export function billingEventJsonSchemas(): Record<BillingDetailType, object> {
  return Object.fromEntries(
    BILLING_DETAIL_TYPES.map((t) => [t, z.toJSONSchema(billingEventSchemas[t], { target: 'draft-4', io: 'input' })]),
  ) as Record<BillingDetailType, object>;
}
