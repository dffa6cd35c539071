/**
 * Event contracts: defined once here as zod schemas. The ingest and lifecycle handlers validate with
 * them, the CDK stack registers their JSON Schema in the EventBridge schema registry, the local runtime
 * and the README examples use them. Amounts are in major units (125.50 = one hundred twenty-five fifty).
 */
import * as z from './zod';
import { readPhoneNumber } from './phone-numbers';
import { addTransformIssue } from './zod-issues';
import { DEFAULT_PHONE_COUNTRY } from './phone-countries';
import {
  channelSchema,
  currencySchema,
  ianaTimeZoneSchema,
  idSchema,
  isoDateSchema,
  moneySchema,
  schemaVersionSchema,
} from './schema-primitives';
import { complianceFlagsSchema, customerComplianceShape } from './rules/compliance-schema';
import { segmentSignalsSchema } from './segments';
import { preDueContract } from './pre-due/contract';
import { CHANNELS, LANGUAGES } from './types';
import {
  BILLING_DETAIL_TYPES,
  lifecycleEventSchemas,
  parseContract,
  unknownDetailType,
  type BillingDetailType,
  type LifecycleBillingEvent,
} from './lifecycle-events';

// The contracts that do not read a phone number live in lifecycle-events.ts and amicable-events.ts;
// they are exported here too, so this module stays the one place that names every event contract.
export {
  accountClosedSchema,
  BILLING_DETAIL_TYPES,
  channelOptedOutSchema,
  communicationCeasedSchema,
  InvalidEventError,
  JOURNEY_START_DETAIL_TYPES,
  paymentReceivedSchema,
  type AccountClosed,
  type BillingDetailType,
  type ChannelOptedOut,
  type CommunicationCeased,
  type PaymentReceived,
} from './lifecycle-events';
export { AMICABLE_SOURCE, agentHandoffRequestedSchema, type AgentHandoffRequested } from './amicable-events';
export { channelSchema } from './schema-primitives';

const id = idSchema;
const money = moneySchema;
const currency = currencySchema;
const isoDate = isoDateSchema;
const ianaTimeZone = ianaTimeZoneSchema;
const schemaVersion = schemaVersionSchema;

/** A customer's address: the region (state) and city decide which state and city rules apply. */
export const addressSchema = z.strictObject({
  country: z.string().check(z.regex(/^[A-Z]{2}$/, 'ISO 3166-1 alpha-2 country code')),
  region: z.optional(z.string().check(z.minLength(1), z.maxLength(10))),
  city: z.optional(z.string().check(z.minLength(1), z.maxLength(100))),
  postalCode: z.optional(z.string().check(z.minLength(1), z.maxLength(12))),
});

/**
 * A date of birth (for the portal's date-of-birth check): a real calendar date, after 1900 and before
 * today. The messages never repeat the value (rejection records keep problems, not personal data).
 */
export const dateOfBirthSchema = z.string().check(
  z.regex(/^\d{4}-\d{2}-\d{2}$/, 'a date of birth as YYYY-MM-DD'),
  z.refine(
    (s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s),
    'a date of birth that exists on the calendar',
  ),
  z.refine((s) => s >= '1900-01-01' && s < new Date().toISOString().slice(0, 10), 'a date of birth after 1900 and before today'),
);

/**
 * The customer, with the phone read into E.164 in the address country or else `defaultPhoneCountry`
 * (see phone-numbers.ts). Exported for the default country (US); parseBillingEvent takes another.
 */
export function customerSchemaFor(defaultPhoneCountry: string) {
  return z.pipe(
    z
      .strictObject({
        firstName: z.string().check(z.minLength(1), z.maxLength(100)),
        lastName: z.optional(z.string().check(z.minLength(1), z.maxLength(100))),
        /** Any written form with a country code, or a national number of the address (or default) country. */
        phone: z.optional(
          z
            .string()
            .check(z.minLength(1), z.maxLength(32), z.regex(/^[0-9+()./ -]+$/, 'a phone number such as +12065550123 or (206) 555-0123')),
        ),
        email: z.optional(z.email().check(z.maxLength(254))),
        preferredChannel: z.optional(channelSchema),
        timeZone: z.optional(ianaTimeZone),
        address: z.optional(addressSchema),
        /** Only for the portal's date-of-birth check; personal data, never logged or counted. */
        dateOfBirth: z.optional(dateOfBirthSchema),
        language: z._default(z.enum(LANGUAGES), 'en'),
        // Optional compliance facts: person id, phone type and source, employer email, blocked times,
        // consent records, text safe-harbour evidence (see rules/compliance-schema.ts).
        ...customerComplianceShape,
      })
      .check(
        z.refine((c) => c.phone !== undefined || c.email !== undefined, {
          message: 'a customer needs a phone number or an email address',
          path: ['phone'],
        }),
      ),
    z.transform((c, ctx) => {
      if (c.phone === undefined) return c;
      const reading = readPhoneNumber(c.phone, c.address?.country ?? defaultPhoneCountry);
      if (reading.ok) return { ...c, phone: reading.e164 };
      addTransformIssue(ctx, reading.problem, ['phone']);
      return z.NEVER;
    }),
  );
}
export const customerSchema = customerSchemaFor(DEFAULT_PHONE_COUNTRY);

export function accountOverdueSchemaFor(defaultPhoneCountry: string) {
  return z.strictObject({
    schemaVersion,
    accountId: id,
    /** Identifies the delinquency cycle, e.g. the invoice id or the due date. */
    cycleId: id,
    amountDue: money,
    currency,
    dueDate: isoDate,
    creditorName: z.string().check(z.minLength(1), z.maxLength(120)),
    jurisdiction: z._default(z.string().check(z.minLength(2), z.maxLength(16)), 'US'),
    customer: customerSchemaFor(defaultPhoneCountry),
    /** Channels the customer had already opted out of in the billing system. */
    optOuts: z._default(z.array(channelSchema).check(z.maxLength(CHANNELS.length)), []),
    /** Optional suppression and restriction facts (dispute, attorney, bankruptcy, moratorium, vulnerability ...). */
    compliance: z.optional(complianceFlagsSchema),
    /**
     * Optional behaviour signals the journey is segmented on (payment history, promises, hardship,
     * engagement, a propensity-to-pay score): see functions/domain/segments.ts.
     */
    signals: z.optional(segmentSignalsSchema),
  });
}
export const accountOverdueSchema = accountOverdueSchemaFor(DEFAULT_PHONE_COUNTRY);

/** PaymentDueSoon carries what AccountOverdue does, before the due date (functions/domain/pre-due/contract.ts). */
export const paymentDueSoonSchemaFor = preDueContract(accountOverdueSchemaFor);
export const paymentDueSoonSchema = paymentDueSoonSchemaFor(DEFAULT_PHONE_COUNTRY);

/** Every detail-type a billing system, CRM or the portal may send, with its schema. */
export const billingEventSchemas = {
  AccountOverdue: accountOverdueSchema,
  PaymentDueSoon: paymentDueSoonSchema,
  ...lifecycleEventSchemas,
} as const satisfies Record<BillingDetailType, z.ZodMiniType>;

export type AccountOverdue = z.infer<typeof accountOverdueSchema>;
export type PaymentDueSoon = z.infer<typeof paymentDueSoonSchema>;

export type BillingEvent =
  | { detailType: 'AccountOverdue'; detail: AccountOverdue }
  | { detailType: 'PaymentDueSoon'; detail: PaymentDueSoon }
  | LifecycleBillingEvent;

export interface ParseOptions {
  /** The country a national phone number is read in when the customer has no address country. */
  defaultPhoneCountry?: string;
}

/** A parsed event and the fields of a newer contract version this build ignored (see CONTRACT_SCHEMA_VERSION). */
export interface ParsedBillingEvent {
  event: BillingEvent;
  ignoredFields: string[];
}

/** Own keys only: `constructor`, `__proto__` or `toString` are not detail-types. */
function isBillingDetailType(detailType: string): detailType is BillingDetailType {
  return Object.hasOwn(billingEventSchemas, detailType);
}

function schemaFor(detailType: BillingDetailType, options: ParseOptions): z.ZodMiniType {
  const country = options.defaultPhoneCountry ?? DEFAULT_PHONE_COUNTRY;
  if (country !== DEFAULT_PHONE_COUNTRY && detailType === 'AccountOverdue') return accountOverdueSchemaFor(country);
  if (country !== DEFAULT_PHONE_COUNTRY && detailType === 'PaymentDueSoon') return paymentDueSoonSchemaFor(country);
  return billingEventSchemas[detailType];
}

/**
 * Validate a billing event's detail against its detail-type, or throw InvalidEventError. Strict: an
 * unknown or misspelt field rejects the event, naming the field it probably meant, unless the event
 * declares a newer schemaVersion than this build's (then it is ignored and listed in ignoredFields).
 */
export function parseBillingEventDetailed(detailType: string, detail: unknown, options: ParseOptions = {}): ParsedBillingEvent {
  if (!isBillingDetailType(detailType)) throw unknownDetailType(detailType);
  const parsed = parseContract(detailType, schemaFor(detailType, options), detail);
  return { event: { detailType, detail: parsed.detail } as BillingEvent, ignoredFields: parsed.ignoredFields };
}

/** Validate a billing event's detail against its detail-type, or throw InvalidEventError. */
export function parseBillingEvent(detailType: string, detail: unknown, options: ParseOptions = {}): BillingEvent {
  return parseBillingEventDetailed(detailType, detail, options).event;
}

/** JSON Schema (draft 2020-12 from zod, accepted by EventBridge as JSONSchemaDraft4-compatible subset). */
export function billingEventJsonSchemas(): Record<BillingDetailType, object> {
  return Object.fromEntries(
    BILLING_DETAIL_TYPES.map((t) => [t, z.toJSONSchema(billingEventSchemas[t], { target: 'draft-4', io: 'input' })]),
  ) as Record<BillingDetailType, object>;
}
