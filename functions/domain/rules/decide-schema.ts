/**
 * The decide request and response as zod schemas: the `amicable decide` command validates requests
 * with them, and schemas/decide-*.schema.json are generated from them (scripts/generate-schemas.ts).
 */
import * as z from '../zod';
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

const channelStateSchema = z.strictObject({
  optedOut: z.boolean(),
  unusable: z.optional(z.strictObject({ reason: z.string().check(z.minLength(1), z.maxLength(200)), at: dateTime })),
});

export const accountSchema = z.strictObject({
  accountId: id,
  cycleId: id,
  status: z.enum(['overdue', 'paid', 'closed', 'ceased']),
  customer: customerSchema,
  balance: z.number().check(z.gte(0), z.lte(1e9)),
  /** Defaults to the balance. */
  amountOverdue: z.optional(z.number().check(z.gte(0), z.lte(1e9))),
  currency: z.string().check(z.regex(/^[A-Z]{3}$/, 'ISO 4217 code such as USD')),
  dueDate: z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'date as YYYY-MM-DD')),
  creditorName: z.string().check(z.minLength(1), z.maxLength(120)),
  /** Jurisdiction profile id: US, US-MA, US-NY-NYC, US-WA, GB (others fall back to their parent or US). */
  jurisdiction: z.string().check(z.minLength(2), z.maxLength(16)),
  /** Defaults to every channel usable and not opted out. */
  channels: z.optional(z.strictObject({ sms: channelStateSchema, email: channelStateSchema, voice: channelStateSchema })),
  openedAt: dateTime,
  resolvedAt: z.optional(dateTime),
  /** Defaults to openedAt. */
  updatedAt: z.optional(dateTime),
  compliance: z.optional(complianceFlagsSchema),
  promise: z.optional(
    z.strictObject({
      promiseId: id,
      amount: z.number().check(z.positive()),
      dueDate: isoDate,
      madeAt: dateTime,
      source: z.enum(ACTION_SOURCES),
      paid: z._default(z.number().check(z.gte(0)), 0),
      status: z._default(z.enum(['open', 'kept', 'broken', 'replaced']), 'open'),
      settledAt: z.optional(dateTime),
    }),
  ),
  plan: z.optional(
    z.strictObject({
      planId: id,
      agreedAt: dateTime,
      source: z.enum(ACTION_SOURCES),
      instalments: z
        .array(
          z.strictObject({ dueDate: isoDate, amount: z.number().check(z.positive()), paid: z._default(z.number().check(z.gte(0)), 0) }),
        )
        .check(z.minLength(1)),
      status: z._default(z.enum(['active', 'completed', 'cancelled']), 'active'),
      completedAt: z.optional(dateTime),
    }),
  ),
  hardship: z.optional(
    z.strictObject({
      reportedAt: dateTime,
      source: z.enum(ACTION_SOURCES),
      forbearance: z.optional(
        z.strictObject({
          kind: z.enum(['pause', 'reduced-payments']),
          until: dateTime,
          reducedAmount: z.optional(z.number().check(z.positive())),
        }),
      ),
    }),
  ),
  complaints: z.optional(
    z.array(
      z.strictObject({
        complaintId: id,
        category: z.enum(COMPLAINT_CATEGORIES),
        source: z.enum(ACTION_SOURCES),
        receivedAt: dateTime,
        resolvedAt: z.optional(dateTime),
      }),
    ),
  ),
  callback: z.optional(z.strictObject({ at: dateTime, requestedAt: dateTime })),
  survey: z.optional(
    z.strictObject({
      trigger: z.enum(['resolution', 'handoff']),
      channel: channelSchema,
      sentAt: dateTime,
      answeredAt: z.optional(dateTime),
      score: z.optional(z.number().check(z.int(), z.gte(1), z.lte(5))),
    }),
  ),
});

const debtId = z.optional(id).check(z.describe('the accountId of the debt this entry is about; absent = the account being decided'));

export const historyEntrySchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('contact'),
    at: dateTime,
    stepId: z.string().check(z.minLength(1), z.maxLength(64)),
    channel: channelSchema,
    template: z.string().check(z.minLength(1), z.maxLength(64)),
    outcome: z.enum(['sent', 'failed-permanent', 'unconfirmed']),
    debtId,
    consented: z.optional(z.boolean()),
  }),
  z.strictObject({ kind: z.literal('conversation'), at: dateTime, channel: channelSchema, debtId }),
  z.strictObject({ kind: z.literal('escalated'), at: dateTime, reason: z.string().check(z.minLength(1), z.maxLength(200)), debtId }),
  z.strictObject({ kind: z.literal('failure'), at: dateTime, error: z.string().check(z.minLength(1), z.maxLength(500)), debtId }),
  z
    .strictObject({ kind: z.literal('handoff-completed'), at: dateTime, outcome: z.enum(HANDOFF_OUTCOMES), debtId })
    .check(z.describe('a person finished with the account: resume automated outreach, resolved, or they keep it')),
  z.strictObject({ kind: z.literal('payment'), at: dateTime, amount: z.number().check(z.positive()), debtId }),
  z
    .strictObject({ kind: z.literal('inbound'), at: dateTime, channel: channelSchema, debtId })
    .check(z.describe('the customer contacted us on this channel: one reply in the same medium may go outside the contact window')),
  z
    .strictObject({ kind: z.literal('engaged'), at: dateTime, channel: channelSchema, debtId })
    .check(
      z.describe('the customer opened or clicked one of our messages on this channel: not a contact; tells the hour they usually engage'),
    ),
]);

export const decideRequestSchema = z.strictObject({
  $schema: z.optional(z.string()),
  account: accountSchema,
  /** The contact ledger: this debt's entries and, for person-level counters, the person's other debts'. */
  history: z._default(z.array(historyEntrySchema).check(z.maxLength(10_000)), []),
  /** The decision time (UTC ISO-8601). */
  now: dateTime,
  /** A profile id overriding account.jurisdiction, or a whole profile (which may extend a built-in one). */
  jurisdiction: z.optional(z.union([z.string().check(z.minLength(2), z.maxLength(16)), jurisdictionProfileSchema])),
  /** A playbook; the shipped default (cx-digital-first) when absent. */
  playbook: z.optional(playbookSchema),
  /** The business zone, used only when nothing tells where the customer may be. */
  businessTimeZone: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
  /** Who decides: a debt collector (default; Regulation F is the floor) or a first-party creditor. */
  collectorType: z.optional(collectorTypeSchema),
  /** The voicemail-safe business name, spoken instead of a creditor name that reveals the debt. */
  voicemailBusinessName: z.optional(voicemailBusinessNameSchema),
});
export type DecideRequest = z.infer<typeof decideRequestSchema>;

const reasonSchema = z.strictObject({
  ruleId: z.string(),
  effect: z.enum(['allowed', 'deferred', 'blocked', 'suppressed']),
  channel: z.optional(channelSchema),
  until: z.optional(dateTime),
  detail: z.string(),
  citation: z.optional(z.string()).check(z.describe('the legal source of the rule, from the jurisdiction profile')),
  decisive: z.optional(z.boolean()).check(z.describe('true for the reasons that decided the action; they come first')),
});

export const decisionSchema = z.strictObject({
  action: z.discriminatedUnion('type', [
    z.strictObject({
      type: z.literal('contact'),
      stepId: z.string(),
      channel: channelSchema,
      template: z.string(),
      tone: z.enum(['friendly', 'clear', 'supportive']),
    }),
    z.strictObject({ type: z.literal('wait'), until: dateTime }),
    z.strictObject({ type: z.literal('escalate'), reason: z.string() }),
    z.strictObject({
      type: z.literal('close'),
      reason: z.enum(CLOSE_REASONS),
    }),
  ]),
  reasons: z.array(reasonSchema).check(z.minLength(1)),
  decidedAt: dateTime,
  playbookId: z.string(),
  playbookVersion: z.string(),
  ruleSetVersion: z.string(),
  nextAllowed: z.optional(z.partialRecord(z.enum(CHANNELS), z.nullable(dateTime))),
});

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
