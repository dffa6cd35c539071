/**
 * zod schemas for the optional compliance facts a billing system (or a person) may record on an
 * account and a customer: suppression flags, consent records, blocked times. Shared by the billing
 * events (events.ts), the decide request (decide-schema.ts) and the published JSON Schemas.
 * Imports nothing from events.ts so events.ts can import it.
 */
import * as z from 'zod';
import { CHANNELS, PHONE_TYPES, VULNERABILITY_DRIVERS, WEEKDAY_CODES } from '../types';
import { isoDateTimeSchema } from '../schema-primitives';

const dateTime = isoDateTimeSchema;
export const hhmmSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'a local time as HH:MM, e.g. 08:00');

const minutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));

export const blockedTimeSchema = z
  .object({
    start: hhmmSchema,
    end: hhmmSchema,
    days: z.array(z.enum(WEEKDAY_CODES)).min(1).max(WEEKDAY_CODES.length).optional(),
  })
  .strict()
  // A start after the end spans midnight ("22:00-10:00"); an empty range names no time at all.
  .refine((b) => minutes(b.start) !== minutes(b.end), {
    message: 'start and end must differ (a start after the end spans midnight, e.g. 22:00-10:00)',
    path: ['end'],
  });

export const consentRecordSchema = z
  .object({
    source: z.enum(['provided-for-account', 'written', 'customer-initiated']),
    at: dateTime.optional(),
    revokedAt: dateTime.optional(),
    revokedBy: z.string().min(1).max(40).optional(),
  })
  .strict();

/** The optional customer fields the compliance engine reads (added to the event's customer schema). */
export const customerComplianceShape = {
  personId: z.string().min(1).max(64).optional(),
  phoneType: z.enum(PHONE_TYPES).optional(),
  phoneSource: z.enum(['customer', 'third-party']).optional(),
  employerEmail: z.boolean().optional(),
  blockedTimes: z.array(blockedTimeSchema).max(20).optional(),
  consent: z.partialRecord(z.enum(CHANNELS), consentRecordSchema).optional(),
  textSafeHarbor: z.object({ lastCustomerTextAt: dateTime.optional(), notReassignedCheckedAt: dateTime.optional() }).strict().optional(),
  emailSource: z
    .object({
      source: z.enum(['consumer-used', 'consented', 'creditor-notice']),
      at: dateTime.optional(),
      noticeAt: dateTime.optional(),
      optOutWindowDays: z.number().int().min(0).max(365).optional(),
    })
    .strict()
    .optional(),
};

export const complianceFlagsSchema = z
  .object({
    disputeOpenedAt: dateTime.optional(),
    disputedAmount: z.number().positive().max(1e9).optional(),
    disputeVerifiedAt: dateTime.optional(),
    disputeUpheldAt: dateTime.optional(),
    originalCreditorRequestedAt: dateTime.optional(),
    originalCreditorSentAt: dateTime.optional(),
    attorney: z.object({ since: dateTime.optional() }).strict().optional(),
    bankruptcy: z
      .object({ filedAt: dateTime.optional(), chapter: z.string().max(8).optional() })
      .strict()
      .optional(),
    deceased: z.object({ reportedAt: dateTime.optional() }).strict().optional(),
    moratoriumUntil: dateTime.optional(),
    moratoriumKind: z.enum(['breathing-space', 'mental-health-crisis', 'forbearance', 'other']).optional(),
    timeBarred: z.boolean().optional(),
    vulnerability: z
      .object({
        drivers: z.array(z.enum(VULNERABILITY_DRIVERS)).min(1).max(VULNERABILITY_DRIVERS.length),
        recordedAt: dateTime.optional(),
        reviewedByPersonAt: dateTime.optional(),
      })
      .strict()
      .optional(),
    validationNoticeSentAt: dateTime.optional(),
    validationNoticeRequired: z.boolean().optional(),
    lastPaymentAt: dateTime.optional(),
    chargedOffAt: dateTime.optional(),
    debtType: z.enum(['written-contract', 'open-account']).optional(),
  })
  .strict();
