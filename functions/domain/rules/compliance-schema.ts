/**
 * zod schemas for the optional compliance facts a billing system (or a person) may record on an
 * account and a customer: suppression flags, consent records, blocked times. Shared by the billing
 * events (events.ts), the decide request (decide-schema.ts) and the published JSON Schemas.
 * Imports nothing from events.ts so events.ts can import it.
 */
import * as z from '../zod';
import { CHANNELS, PHONE_TYPES, VULNERABILITY_DRIVERS, WEEKDAY_CODES } from '../types';
import { isoDateTimeSchema } from '../schema-primitives';

const dateTime = isoDateTimeSchema;
export const hhmmSchema = z.string().check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'a local time as HH:MM, e.g. 08:00'));

const minutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));

export const blockedTimeSchema = z
  .strictObject({
    start: hhmmSchema,
    end: hhmmSchema,
    days: z.optional(z.array(z.enum(WEEKDAY_CODES)).check(z.minLength(1), z.maxLength(WEEKDAY_CODES.length))),
  })
  .check(
    z.refine((b) => minutes(b.start) !== minutes(b.end), {
      message: 'start and end must differ (a start after the end spans midnight, e.g. 22:00-10:00)',
      path: ['end'],
    }),
  );

export const consentRecordSchema = z.strictObject({
  source: z.enum(['provided-for-account', 'written', 'customer-initiated']),
  at: z.optional(dateTime),
  revokedAt: z.optional(dateTime),
  revokedBy: z.optional(z.string().check(z.minLength(1), z.maxLength(40))),
});

/** The optional customer fields the compliance engine reads (added to the event's customer schema). */
export const customerComplianceShape = {
  personId: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
  phoneType: z.optional(z.enum(PHONE_TYPES)),
  phoneSource: z.optional(z.enum(['customer', 'third-party'])),
  employerEmail: z.optional(z.boolean()),
  blockedTimes: z.optional(z.array(blockedTimeSchema).check(z.maxLength(20))),
  consent: z.optional(z.partialRecord(z.enum(CHANNELS), consentRecordSchema)),
  textSafeHarbor: z.optional(z.strictObject({ lastCustomerTextAt: z.optional(dateTime), notReassignedCheckedAt: z.optional(dateTime) })),
  emailSource: z.optional(
    z.strictObject({
      source: z.enum(['consumer-used', 'consented', 'creditor-notice']),
      at: z.optional(dateTime),
      noticeAt: z.optional(dateTime),
      optOutWindowDays: z.optional(z.number().check(z.int(), z.gte(0), z.lte(365))),
    }),
  ),
};

export const complianceFlagsSchema = z.strictObject({
  disputeOpenedAt: z.optional(dateTime),
  disputedAmount: z.optional(z.number().check(z.positive(), z.lte(1e9))),
  disputeVerifiedAt: z.optional(dateTime),
  disputeUpheldAt: z.optional(dateTime),
  originalCreditorRequestedAt: z.optional(dateTime),
  originalCreditorSentAt: z.optional(dateTime),
  attorney: z.optional(z.strictObject({ since: z.optional(dateTime) })),
  bankruptcy: z.optional(z.strictObject({ filedAt: z.optional(dateTime), chapter: z.optional(z.string().check(z.maxLength(8))) })),
  deceased: z.optional(z.strictObject({ reportedAt: z.optional(dateTime) })),
  moratoriumUntil: z.optional(dateTime),
  moratoriumKind: z.optional(z.enum(['breathing-space', 'mental-health-crisis', 'forbearance', 'other'])),
  timeBarred: z.optional(z.boolean()),
  vulnerability: z.optional(
    z.strictObject({
      drivers: z.array(z.enum(VULNERABILITY_DRIVERS)).check(z.minLength(1), z.maxLength(VULNERABILITY_DRIVERS.length)),
      recordedAt: z.optional(dateTime),
      reviewedByPersonAt: z.optional(dateTime),
    }),
  ),
  validationNoticeSentAt: z.optional(dateTime),
  validationNoticeRequired: z.optional(z.boolean()),
  lastPaymentAt: z.optional(dateTime),
  chargedOffAt: z.optional(dateTime),
  debtType: z.optional(z.enum(['written-contract', 'open-account'])),
});
