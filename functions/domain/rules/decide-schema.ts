/**
 * The decide request and response as zod schemas: the `amicable decide` command validates requests
 * with them, and schemas/decide-*.schema.json are generated from them (scripts/generate-schemas.ts).
 */
import * as z from 'zod';
import { channelSchema, customerSchema } from '../events';
import { collectorTypeSchema, voicemailBusinessNameSchema } from '../collector';
import { playbookSchema } from '../playbook';
import { ACTION_SOURCES, CHANNELS, COMPLAINT_CATEGORIES, HANDOFF_OUTCOMES } from '../types';
import { CLOSE_REASONS } from '../decision-types';
import { complianceFlagsSchema } from './compliance-schema';
import { idSchema, isoDateSchema, isoDateTimeSchema } from '../schema-primitives';
import { jurisdictionProfileSchema } from './profile';

const dateTime = isoDateTimeSchema;
const isoDate = isoDateSchema;
const id = idSchema;

const channelStateSchema = z
  .object({
    optedOut: z.boolean(),
    unusable: z
      .object({ reason: z.string().min(1).max(200), at: dateTime })
      .strict()
      .optional(),
  })
  .strict();

export const accountSchema = z
  .object({
    accountId: id,
    cycleId: id,
    status: z.enum(['overdue', 'paid', 'closed', 'ceased']),
    customer: customerSchema,
    balance: z.number().min(0).max(1e9),
    /** Defaults to the balance. */
    amountOverdue: z.number().min(0).max(1e9).optional(),
    currency: z.string().regex(/^[A-Z]{3}$/, 'ISO 4217 code such as USD'),
    dueDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'date as YYYY-MM-DD'),
    creditorName: z.string().min(1).max(120),
    /** Jurisdiction profile id: US, US-MA, US-NY-NYC, US-WA, GB (others fall back to their parent or US). */
    jurisdiction: z.string().min(2).max(16),
    /** Defaults to every channel usable and not opted out. */
    channels: z.object({ sms: channelStateSchema, email: channelStateSchema, voice: channelStateSchema }).strict().optional(),
    openedAt: dateTime,
    resolvedAt: dateTime.optional(),
    /** Defaults to openedAt. */
    updatedAt: dateTime.optional(),
    compliance: complianceFlagsSchema.optional(),
    promise: z
      .object({
        promiseId: id,
        amount: z.number().positive(),
        dueDate: isoDate,
        madeAt: dateTime,
        source: z.enum(ACTION_SOURCES),
        paid: z.number().min(0).default(0),
        status: z.enum(['open', 'kept', 'broken', 'replaced']).default('open'),
        settledAt: dateTime.optional(),
      })
      .strict()
      .optional(),
    plan: z
      .object({
        planId: id,
        agreedAt: dateTime,
        source: z.enum(ACTION_SOURCES),
        instalments: z
          .array(z.object({ dueDate: isoDate, amount: z.number().positive(), paid: z.number().min(0).default(0) }).strict())
          .min(1),
        status: z.enum(['active', 'completed', 'cancelled']).default('active'),
        completedAt: dateTime.optional(),
      })
      .strict()
      .optional(),
    hardship: z
      .object({
        reportedAt: dateTime,
        source: z.enum(ACTION_SOURCES),
        forbearance: z
          .object({ kind: z.enum(['pause', 'reduced-payments']), until: dateTime, reducedAmount: z.number().positive().optional() })
          .strict()
          .optional(),
      })
      .strict()
      .optional(),
    complaints: z
      .array(
        z
          .object({
            complaintId: id,
            category: z.enum(COMPLAINT_CATEGORIES),
            source: z.enum(ACTION_SOURCES),
            receivedAt: dateTime,
            resolvedAt: dateTime.optional(),
          })
          .strict(),
      )
      .optional(),
    callback: z.object({ at: dateTime, requestedAt: dateTime }).strict().optional(),
    survey: z
      .object({
        trigger: z.enum(['resolution', 'handoff']),
        channel: channelSchema,
        sentAt: dateTime,
        answeredAt: dateTime.optional(),
        score: z.number().int().min(1).max(5).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

const debtId = id.optional().describe('the accountId of the debt this entry is about; absent = the account being decided');

export const historyEntrySchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('contact'),
      at: dateTime,
      stepId: z.string().min(1).max(64),
      channel: channelSchema,
      template: z.string().min(1).max(64),
      outcome: z.enum(['sent', 'failed-permanent', 'unconfirmed']),
      debtId,
      consented: z.boolean().optional(),
    })
    .strict(),
  z.object({ kind: z.literal('conversation'), at: dateTime, channel: channelSchema, debtId }).strict(),
  z.object({ kind: z.literal('escalated'), at: dateTime, reason: z.string().min(1).max(200), debtId }).strict(),
  z.object({ kind: z.literal('failure'), at: dateTime, error: z.string().min(1).max(500), debtId }).strict(),
  z
    .object({ kind: z.literal('handoff-completed'), at: dateTime, outcome: z.enum(HANDOFF_OUTCOMES), debtId })
    .strict()
    .describe('a person finished with the account: resume automated outreach, resolved, or they keep it'),
  z.object({ kind: z.literal('payment'), at: dateTime, amount: z.number().positive(), debtId }).strict(),
  z
    .object({ kind: z.literal('inbound'), at: dateTime, channel: channelSchema, debtId })
    .strict()
    .describe('the customer contacted us on this channel: one reply in the same medium may go outside the contact window'),
  z
    .object({ kind: z.literal('engaged'), at: dateTime, channel: channelSchema, debtId })
    .strict()
    .describe('the customer opened or clicked one of our messages on this channel: not a contact; tells the hour they usually engage'),
]);

export const decideRequestSchema = z
  .object({
    $schema: z.string().optional(),
    account: accountSchema,
    /** The contact ledger: this debt's entries and, for person-level counters, the person's other debts'. */
    history: z.array(historyEntrySchema).max(10_000).default([]),
    /** The decision time (UTC ISO-8601). */
    now: dateTime,
    /** A profile id overriding account.jurisdiction, or a whole profile (which may extend a built-in one). */
    jurisdiction: z.union([z.string().min(2).max(16), jurisdictionProfileSchema]).optional(),
    /** A playbook; the shipped default (cx-digital-first) when absent. */
    playbook: playbookSchema.optional(),
    /** The business zone, used only when nothing tells where the customer may be. */
    businessTimeZone: z.string().min(1).max(64).optional(),
    /** Who decides: a debt collector (default; Regulation F is the floor) or a first-party creditor. */
    collectorType: collectorTypeSchema.optional(),
    /** The voicemail-safe business name, spoken instead of a creditor name that reveals the debt. */
    voicemailBusinessName: voicemailBusinessNameSchema.optional(),
  })
  .strict();
export type DecideRequest = z.infer<typeof decideRequestSchema>;

const reasonSchema = z
  .object({
    ruleId: z.string(),
    effect: z.enum(['allowed', 'deferred', 'blocked', 'suppressed']),
    channel: channelSchema.optional(),
    until: dateTime.optional(),
    detail: z.string(),
    citation: z.string().optional().describe('the legal source of the rule, from the jurisdiction profile'),
    decisive: z.boolean().optional().describe('true for the reasons that decided the action; they come first'),
  })
  .strict();

export const decisionSchema = z
  .object({
    action: z.discriminatedUnion('type', [
      z
        .object({
          type: z.literal('contact'),
          stepId: z.string(),
          channel: channelSchema,
          template: z.string(),
          tone: z.enum(['friendly', 'clear', 'supportive']),
        })
        .strict(),
      z.object({ type: z.literal('wait'), until: dateTime }).strict(),
      z.object({ type: z.literal('escalate'), reason: z.string() }).strict(),
      z
        .object({
          type: z.literal('close'),
          reason: z.enum(CLOSE_REASONS),
        })
        .strict(),
    ]),
    reasons: z.array(reasonSchema).min(1),
    decidedAt: dateTime,
    playbookId: z.string(),
    playbookVersion: z.string(),
    ruleSetVersion: z.string(),
    nextAllowed: z.partialRecord(z.enum(CHANNELS), dateTime.nullable()).optional(),
  })
  .strict();

/** The published JSON Schemas (draft 2020-12), as committed under schemas/. */
export function decideJsonSchemas(): { request: object; response: object } {
  const request = z.toJSONSchema(decideRequestSchema, { io: 'input', unrepresentable: 'any' });
  const response = z.toJSONSchema(decisionSchema, { io: 'output', unrepresentable: 'any' });
  return {
    request: {
      $schema: request.$schema,
      title: 'Amicable decide request',
      description:
        "One decision: the account, its contact history (and the person's other debts'), the time, optionally a jurisdiction profile and a playbook.",
      ...request,
    },
    response: {
      $schema: response.$schema,
      title: 'Amicable decision',
      description: 'The action, every rule that shaped it with its effect, and the next time each channel is allowed.',
      ...response,
    },
  };
}
