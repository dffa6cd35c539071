/**
 * A rule set is data: every number a compliance officer may need to read or change lives here, not in
 * code. Jurisdiction overlays (issue 3) will be further rule sets layered over this baseline.
 */
import * as z from 'zod';
import { describeIssues } from '../events';
import usFederal from './us-federal.json';

const hhmm = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'a local time as HH:MM, e.g. 08:00');

export const ruleSetSchema = z
  .object({
    version: z.string().min(1).max(64),
    /** Local hours in which contact is convenient, [start, end), checked in every possible zone. */
    contactWindow: z.object({ start: hhmm, end: hhmm }),
    /** Reg F 1006.14(b)(2): at most `attempts` call attempts per debt in `days` consecutive days. */
    callAttemptCap: z.object({
      attempts: z.number().int().min(1).max(100),
      days: z.number().int().min(1).max(60),
    }),
    /** Days after a telephone conversation in which no call is placed (conversation day = day 1). */
    conversationBlockDays: z.number().int().min(0).max(60),
    /** Failures in a row (with no contact between) after which a person takes over. */
    maxConsecutiveFailures: z.number().int().min(1).max(50),
  })
  .refine((r) => minutesOf(r.contactWindow.start) < minutesOf(r.contactWindow.end), {
    message: 'contact window start must be before its end',
    path: ['contactWindow'],
  });

export type RuleSet = z.infer<typeof ruleSetSchema>;

/** Minutes since local midnight of an 'HH:MM' string. */
export function minutesOf(hhmmText: string): number {
  const [h, m] = hhmmText.split(':').map(Number);
  return h * 60 + m;
}

/** Validate a rule set, or throw an Error naming every problem with its path. */
export function parseRuleSet(json: unknown): RuleSet {
  const result = ruleSetSchema.safeParse(json);
  if (!result.success) {
    throw new Error(`invalid rule set:\n${describeIssues(result.error).map((l) => `  - ${l}`).join('\n')}`);
  }
  return result.data;
}

/** The US federal baseline (Reg F); jurisdiction overlays are added on top of it. */
export const DEFAULT_RULE_SET: RuleSet = parseRuleSet(usFederal);
