/**
 * The self-service portal's HTTP contract, defined once: the portal function validates requests with
 * these schemas, the page (portal/*.js, type-checked against this file) sends exactly these shapes, and the
 * tests drive both.
 *
 *   POST /api/session  { token }           -> 200 SessionStart | 401 link-invalid | 410 link-expired
 *   POST /api/verify   { token, answer, phoneLast4? } -> 200 Verified | 401 | 410 | 403 check-failed | 429 too-many-attempts | 423 locked-out
 *   GET  /api/account  (Bearer session)    -> 200 PortalView | 401 session-invalid | session-expired
 *   POST /api/actions  (Bearer) PortalAction -> 200 ActionDone | 400 invalid-action | 401 | 409 not-available
 *
 * The link's token travels in the URL fragment (#t=...), which browsers never send to a server or in a
 * Referer, and holds no personal data: a random link id, its expiry and a MAC.
 */
import * as z from '../zod';
import { blockedTimeSchema } from '../rules/compliance-schema';
import { ianaTimeZoneSchema, isoDateSchema, isoDateTimeSchema, moneySchema } from '../schema-primitives';
import { CHANNELS, LANGUAGES, VULNERABILITY_DRIVERS } from '../types';

/**
 * How the customer proves it is them before anything is shown (configured per deployment; an account
 * without the data for it gets the strongest check it can answer, see domain/portal/check.ts).
 */
export const CHECK_KINDS = ['postal-code', 'phone-last4', 'postal-code+phone-last4', 'date-of-birth'] as const;
export type CheckKind = (typeof CHECK_KINDS)[number];

const token = z.string().check(z.minLength(10), z.maxLength(200));

/** The vocabularies the page builds its choices from (portal/constants.js is checked against these). */
export type PageLanguage = (typeof LANGUAGES)[number];
export type Channel = (typeof CHANNELS)[number];
export const DISPUTE_REASONS = ['not-mine', 'wrong-amount', 'already-paid', 'other'] as const;
export type DisputeReason = (typeof DISPUTE_REASONS)[number];
export type HardshipDriver = (typeof VULNERABILITY_DRIVERS)[number];

export const sessionRequestSchema = z.strictObject({ token });
export const verifyRequestSchema = z.strictObject({
  token,
  /** The postcode, the phone's last four digits or the date of birth, as the check asks. */
  answer: z.string().check(z.trim(), z.minLength(1), z.maxLength(20)),
  /** postal-code+phone-last4 only: the phone's last four digits (answer carries the postcode). */
  phoneLast4: z.optional(z.string().check(z.trim(), z.regex(/^\d{4}$/, 'exactly 4 digits'))),
});
export type SessionRequest = z.input<typeof sessionRequestSchema>;
export type VerifyRequest = z.input<typeof verifyRequestSchema>;

/** Where a person can help: on every answer, so even a refused link shows a way to reach us. */
export interface Help {
  /** The help line, formatted for display. */
  phone: string;
}

export interface SessionStart {
  check: CheckKind;
  help: Help;
  /** The page's language: the customer's, before they prove who they are (nothing else is revealed). */
  language: (typeof LANGUAGES)[number];
}

export interface Verified {
  /** Bearer token for /api/account and /api/actions; short-lived. */
  session: string;
  expiresAt: string;
}

export const PORTAL_ERRORS = [
  'link-invalid',
  'link-expired',
  'check-failed',
  'too-many-attempts',
  /** Too many wrong answers: every link of the account is revoked; a person can help. */
  'locked-out',
  'session-invalid',
  'session-expired',
  'invalid-action',
  'not-available',
  'not-found',
  /** Not through CloudFront: the API answers only requests carrying the distribution's origin header. */
  'forbidden',
  /** The body is not application/json. */
  'unsupported-media-type',
  /** The body is larger than any portal request needs. */
  'payload-too-large',
] as const;
export type PortalError = (typeof PORTAL_ERRORS)[number];

export interface ErrorBody {
  error: PortalError;
  help?: Help;
  /** check-failed: tries left before the link is locked for a while. */
  attemptsLeft?: number;
  /** too-many-attempts: seconds until it may be tried again. */
  retryAfterSeconds?: number;
  /** invalid-action / not-available: what was wrong, in plain words. */
  problems?: string[];
}

export const portalActionSchema = z.discriminatedUnion('type', [
  /** Pay now on the creditor's payment page; the intent is recorded. */
  z.object({ type: z.literal('pay') }),
  /** Promise to pay on a date the customer picks (within options.promise). Amount: the balance when absent. */
  z.object({ type: z.literal('promise'), date: isoDateSchema, amount: z.optional(moneySchema) }),
  /** Choose one of the offered plans by its number of instalments (options.plans). */
  z.object({ type: z.literal('plan'), instalments: z.number().check(z.int(), z.gte(2), z.lte(60)) }),
  /** Dispute the debt or part of it. */
  z.object({
    type: z.literal('dispute'),
    reason: z.enum(DISPUTE_REASONS),
    amount: z.optional(moneySchema),
  }),
  z.object({ type: z.literal('hardship'), drivers: z.optional(z.array(z.enum(VULNERABILITY_DRIVERS)).check(z.maxLength(4))) }),
  /** Ask for a person to call back at a time that suits (ISO time; within the next 14 days). */
  z.object({ type: z.literal('callback'), at: isoDateTimeSchema }),
  z.object({
    type: z.literal('preferences'),
    preferredChannel: z.optional(z.enum(CHANNELS)),
    language: z.optional(z.enum(LANGUAGES)),
    timeZone: z.optional(ianaTimeZoneSchema),
    blockedTimes: z.optional(z.array(blockedTimeSchema).check(z.maxLength(20))),
  }),
  z.object({ type: z.literal('opt-out'), channel: z.enum(CHANNELS) }),
]);
export type PortalAction = z.infer<typeof portalActionSchema>;

export interface PlanChoice {
  instalments: number;
  /** Each instalment's amount (the last one may be a few cents less). */
  amounts: number[];
  dates: string[];
}

/** Everything the page shows once the customer passed the check. Plain data, localised by the page. */
export interface PortalView {
  language: (typeof LANGUAGES)[number];
  firstName: string;
  creditorName: string;
  currency: string;
  balance: number;
  amountOverdue: number;
  /** YYYY-MM-DD */
  dueDate: string;
  status: 'overdue' | 'paid' | 'closed' | 'ceased';
  /**
   * The validation information where it applies (12 CFR 1006.34, US jurisdictions): the right to
   * dispute and to ask for the original creditor, in plain words, keyed for the page's translations.
   */
  validation?: { disputeBy?: string; rights: Array<'dispute' | 'original-creditor' | 'verification'> };
  promise?: { amount: number; dueDate: string; status: 'open' | 'kept' | 'broken' | 'replaced' };
  plan?: { status: 'active' | 'completed' | 'cancelled'; instalments: Array<{ dueDate: string; amount: number; paid: number }> };
  dispute?: { openedAt: string; amount?: number; verified: boolean };
  hardship?: { reportedAt: string; pauseUntil?: string };
  callback?: { at: string };
  options: {
    /** The creditor's own payment page (pay now). */
    payUrl: string;
    /** The dates a promise may name; null when promises are not offered. */
    promise: { earliest: string; latest: string } | null;
    plans: PlanChoice[];
    canDispute: boolean;
    canReportHardship: boolean;
    canAskForPerson: boolean;
  };
  preferences: {
    preferredChannel?: (typeof CHANNELS)[number];
    language: (typeof LANGUAGES)[number];
    timeZone?: string;
    blockedTimes: Array<{ start: string; end: string; days?: string[] }>;
    /** Per channel: whether we have an address for it, and whether the customer opted out. */
    channels: Record<(typeof CHANNELS)[number], { available: boolean; optedOut: boolean }>;
  };
  /** Free, confidential debt advice for the customer's jurisdiction (a service name, phone and site). */
  advice: string;
  help: Help;
}

export interface ActionDone {
  done: PortalAction['type'];
  /** pay: where to go next (the creditor's payment page). */
  redirect?: string;
  view: PortalView;
}
