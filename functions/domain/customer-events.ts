/**
 * Contracts for what customers and people do during a journey -- promises, plans, disputes, hardship,
 * complaints, a person finishing with the account, preferences, survey answers -- as zod schemas.
 * Billing systems, CRMs and the portal put them on the bus; a two-way SMS reply becomes the same events.
 */
import * as z from './zod';
import { blockedTimeSchema } from './rules/compliance-schema';
import { ianaTimeZoneSchema, idSchema, isoDateSchema, isoDateTimeSchema, moneySchema, schemaVersionSchema } from './schema-primitives';
import { ACTION_SOURCES, CHANNELS, COMPLAINT_CATEGORIES, HANDOFF_OUTCOMES, LANGUAGES, VULNERABILITY_DRIVERS } from './types';

const source = z._default(z.enum(ACTION_SOURCES), 'billing-system');

export const promiseToPayMadeSchema = z.strictObject({
  schemaVersion: schemaVersionSchema,
  accountId: idSchema,
  promiseId: idSchema,
  amount: moneySchema,
  /** The date the customer will pay by (their choice). */
  dueDate: isoDateSchema,
  madeAt: isoDateTimeSchema,
  source,
});

export const paymentPlanAgreedSchema = z
  .strictObject({
    schemaVersion: schemaVersionSchema,
    accountId: idSchema,
    planId: idSchema,
    instalments: z.array(z.strictObject({ dueDate: isoDateSchema, amount: moneySchema })).check(z.minLength(1), z.maxLength(60)),
    agreedAt: isoDateTimeSchema,
    source,
  })
  .check(
    z.refine((p) => p.instalments.every((x, i) => i === 0 || x.dueDate > p.instalments[i - 1].dueDate), {
      message: 'instalment dates must be in order, one per date',
      path: ['instalments'],
    }),
  );

export const disputeRaisedSchema = z.strictObject({
  schemaVersion: schemaVersionSchema,
  accountId: idSchema,
  /** The disputed part in major units; absent = the whole balance. */
  disputedAmount: z.optional(moneySchema),
  reason: z._default(z.enum(['not-mine', 'wrong-amount', 'already-paid', 'other']), 'other'),
  raisedAt: isoDateTimeSchema,
  source,
});

export const disputeVerifiedSchema = z.strictObject({
  schemaVersion: schemaVersionSchema,
  accountId: idSchema,
  /** When verification of the debt was sent to the customer: collection of the disputed part may resume. */
  verifiedAt: isoDateTimeSchema,
});

export const disputeResolvedSchema = z
  .strictObject({
    schemaVersion: schemaVersionSchema,
    accountId: idSchema,
    /** upheld: the customer was right, nothing is owed; withdrawn: collection resumes; corrected: the balance was wrong. */
    resolution: z.enum(['upheld', 'withdrawn', 'corrected']),
    correctedBalance: z.optional(z.number().check(z.gte(0), z.lte(1e9))),
    resolvedAt: isoDateTimeSchema,
  })
  .check(
    z.refine((d) => d.resolution !== 'corrected' || d.correctedBalance !== undefined, {
      message: 'a corrected dispute needs correctedBalance',
      path: ['correctedBalance'],
    }),
  );

export const hardshipReportedSchema = z.strictObject({
  schemaVersion: schemaVersionSchema,
  accountId: idSchema,
  reportedAt: isoDateTimeSchema,
  source,
  /** FCA FG21/1 drivers, when known: recorded as vulnerability too. */
  drivers: z.optional(z.array(z.enum(VULNERABILITY_DRIVERS)).check(z.maxLength(VULNERABILITY_DRIVERS.length))),
  /** Forbearance agreed by a person; absent: the playbook's configured forbearance applies. */
  forbearance: z.optional(
    z.strictObject({
      kind: z.enum(['pause', 'reduced-payments']),
      days: z.number().check(z.int(), z.gte(1), z.lte(365)),
      reducedAmount: z.optional(moneySchema),
    }),
  ),
});

export const complaintRaisedSchema = z.strictObject({
  schemaVersion: schemaVersionSchema,
  accountId: idSchema,
  complaintId: idSchema,
  category: z._default(z.enum(COMPLAINT_CATEGORIES), 'other'),
  receivedAt: isoDateTimeSchema,
  source,
});

export const complaintResolvedSchema = z.strictObject({
  schemaVersion: schemaVersionSchema,
  accountId: idSchema,
  complaintId: idSchema,
  resolvedAt: isoDateTimeSchema,
});

export const agentHandoffCompletedSchema = z.strictObject({
  schemaVersion: schemaVersionSchema,
  accountId: idSchema,
  /** resume: automated outreach carries on; resolved: the person settled it; keep: a person keeps the account. */
  outcome: z.enum(HANDOFF_OUTCOMES),
  completedAt: isoDateTimeSchema,
});

export const preferencesChangedSchema = z
  .strictObject({
    schemaVersion: schemaVersionSchema,
    accountId: idSchema,
    preferredChannel: z.optional(z.enum(CHANNELS)),
    language: z.optional(z.enum(LANGUAGES)),
    timeZone: z.optional(ianaTimeZoneSchema),
    /** Times the customer asked us to avoid (replaces the previous list). */
    blockedTimes: z.optional(z.array(blockedTimeSchema).check(z.maxLength(20))),
    changedAt: isoDateTimeSchema,
    source,
  })
  .check(
    z.refine((p) => p.preferredChannel || p.language || p.timeZone || p.blockedTimes, {
      message: 'change at least one of preferredChannel, language, timeZone, blockedTimes',
    }),
  );

export const surveyAnsweredSchema = z.strictObject({
  schemaVersion: schemaVersionSchema,
  accountId: idSchema,
  score: z.number().check(z.int(), z.gte(1), z.lte(5)),
  answeredAt: isoDateTimeSchema,
  source,
});

export const paymentIntendedSchema = z.strictObject({
  schemaVersion: schemaVersionSchema,
  accountId: idSchema,
  /** The customer chose to pay now and went to the creditor's payment page. */
  at: isoDateTimeSchema,
  source,
});

export const callbackRequestedSchema = z.strictObject({
  schemaVersion: schemaVersionSchema,
  accountId: idSchema,
  /** When the customer would like a person to call. */
  callbackAt: isoDateTimeSchema,
  requestedAt: isoDateTimeSchema,
  source,
});

/** Every customer-action detail-type, with its schema. */
export const customerEventSchemas = {
  PromiseToPayMade: promiseToPayMadeSchema,
  PaymentPlanAgreed: paymentPlanAgreedSchema,
  DisputeRaised: disputeRaisedSchema,
  DisputeVerified: disputeVerifiedSchema,
  DisputeResolved: disputeResolvedSchema,
  HardshipReported: hardshipReportedSchema,
  ComplaintRaised: complaintRaisedSchema,
  ComplaintResolved: complaintResolvedSchema,
  AgentHandoffCompleted: agentHandoffCompletedSchema,
  PreferencesChanged: preferencesChangedSchema,
  SurveyAnswered: surveyAnsweredSchema,
  PaymentIntended: paymentIntendedSchema,
  CallbackRequested: callbackRequestedSchema,
} as const;

export type CustomerDetailType = keyof typeof customerEventSchemas;
export type CustomerEvent = {
  [K in CustomerDetailType]: { detailType: K; detail: z.infer<(typeof customerEventSchemas)[K]> };
}[CustomerDetailType];
