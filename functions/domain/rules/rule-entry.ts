/**
 * The schema of one rule entry in a jurisdiction profile (../jurisdictions/*.json): its id, citation and
 * kind-specific parameters. Kept apart from profile.ts so the rule types (types.ts) can name entries
 * without importing the profile registry, which imports every rule.
 */
import * as z from '../zod';
import { channelSchema } from '../schema-primitives';
import { PHONE_TYPES } from '../types';
import { hhmmSchema } from './compliance-schema';
import { minutesOf } from './rule-set';

export const ruleId = z.string().check(z.regex(/^[a-z]+\.[a-z-]+$/, 'a rule id such as regf.call-frequency (lowercase, one dot, hyphens)'));
/**
 * Whether the rule applies when the deployment is a first-party creditor collecting its own debts:
 * `binds` (the law binds creditors too), `policy` (the law binds debt collectors only; Amicable applies it
 * to creditors anyway, for the customer's protection) or `exempt` (it binds debt collectors only and
 * does not apply to a creditor). Absent: the rule applies.
 */
export const FIRST_PARTY_CREDITOR = ['binds', 'policy', 'exempt'] as const;
const meta = {
  id: ruleId,
  description: z.string().check(z.minLength(10), z.maxLength(400)),
  source: z.string().check(z.minLength(3), z.maxLength(300)),
  firstPartyCreditor: z.optional(z.enum(FIRST_PARTY_CREDITOR)),
};
const channels = z.array(channelSchema).check(
  z.minLength(1),
  z.refine((c) => new Set(c).size === c.length, 'a channel is listed twice'),
);
const regexSource = z.string().check(
  z.refine((s) => {
    try {
      new RegExp(s, 'i');
      return true;
    } catch {
      return false;
    }
  }, 'a valid regular expression'),
);

const entry = <K extends string, S extends z.core.$ZodShape>(kind: K, shape: S) =>
  z.strictObject({ ...meta, kind: z.literal(kind), ...shape });

export const ruleEntrySchema = z.discriminatedUnion('kind', [
  // suppression
  entry('moratorium', {}),
  entry('dispute', {}),
  entry('original-creditor', {}),
  entry('bankruptcy', {}),
  entry('attorney', {}),
  entry('deceased', {}),
  entry('time-barred', { legalThreatPatterns: z.array(regexSource).check(z.minLength(1)) }),
  entry('vulnerable-person-first', {}),
  entry('validation-notice', {
    sendWithinDays: z.number().check(z.int(), z.gte(0), z.lte(60)),
    receiptBusinessDays: z.number().check(z.int(), z.gte(0), z.lte(30)),
    periodDays: z.number().check(z.int(), z.gte(1), z.lte(120)),
    /** Escalate an overdue notice on every account (else only where compliance.validationNoticeRequired). */
    require: z._default(z.boolean(), false),
    /** Wording that overshadows the validation notice: templates matching it are not used in the period. */
    overshadowingPatterns: z.array(regexSource).check(z.minLength(1)),
  }),
  entry('statute-of-limitations', { basis: z._default(z.enum(['shorter', 'written-contract', 'open-account']), 'shorter') }),
  // windows
  entry('contact-window', { start: hhmmSchema, end: hhmmSchema }).check(
    z.refine((w) => minutesOf(w.start) < minutesOf(w.end), {
      message: 'contact window start must be before its end',
      path: ['end'],
    }),
  ),
  entry('customer-blocked-times', {}),
  entry('consumer-reply', { hours: z.number().check(z.int(), z.gte(1), z.lte(168)) }),
  // counters
  entry('call-attempt-cap', {
    attempts: z.number().check(z.int(), z.gte(1), z.lte(100)),
    days: z.number().check(z.int(), z.gte(1), z.lte(60)),
  }),
  entry('conversation-block', { days: z.number().check(z.int(), z.gte(0), z.lte(60)) }),
  entry('frequency-cap', {
    channels,
    max: z.number().check(z.int(), z.gte(1), z.lte(100)),
    days: z.number().check(z.int(), z.gte(1), z.lte(60)),
    scope: z.enum(['debt', 'person']),
    appliesTo: z._default(z.enum(['everyone', 'vulnerable']), 'everyone'),
    /** Only when the customer's number is of one of these types (e.g. a work number). */
    phoneTypes: z.optional(z.array(z.enum(PHONE_TYPES)).check(z.minLength(1))),
  }),
  // channel checks
  entry('automated-consent', {
    channels,
    revocationKeywords: z.array(z.string().check(z.minLength(1), z.maxLength(20))).check(z.minLength(1)),
  }),
  entry('written-consent', { channels }),
  entry('employer-email', {}),
  entry('text-safe-harbor', { days: z.number().check(z.int(), z.gte(1), z.lte(365)), require: z._default(z.boolean(), false) }),
  entry('vulnerable-no-automated-voice', {}),
  entry('email-safe-harbor', { minOptOutDays: z.number().check(z.int(), z.gte(1), z.lte(365)), require: z._default(z.boolean(), false) }),
]);
export type RuleEntry = z.infer<typeof ruleEntrySchema>;
export type RuleKind = RuleEntry['kind'];
