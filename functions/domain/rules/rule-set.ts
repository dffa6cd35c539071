/**
 * A rule set is data: every number a compliance officer may need to read or change lives here, not in
 * code. It is the flat view of a jurisdiction profile (../jurisdictions/*.json, see profile.ts) that the
 * window, call-cap and conversation-block rules read; profiles add every other rule.
 */
import * as z from '../zod';
import { describeIssues } from '../zod-issues';
import usFederal from '../jurisdictions/us-federal.json';

const hhmm = z.string().check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'a local time as HH:MM, e.g. 08:00'));

export const ruleSetSchema = z
  .object({
    version: z.string().check(z.minLength(1), z.maxLength(160)),
    /** Local hours in which contact is convenient, [start, end), checked in every possible zone. */
    contactWindow: z.object({ start: hhmm, end: hhmm }),
    /** Reg F 1006.14(b)(2): at most `attempts` call attempts per debt in `days` consecutive days. */
    callAttemptCap: z.object({
      attempts: z.number().check(z.int(), z.gte(1), z.lte(100)),
      days: z.number().check(z.int(), z.gte(1), z.lte(60)),
    }),
    /** Days after a telephone conversation in which no call is placed (conversation day = day 1). */
    conversationBlockDays: z.number().check(z.int(), z.gte(0), z.lte(60)),
    /** Failures in a row (with no contact between) after which a person takes over. */
    maxConsecutiveFailures: z.number().check(z.int(), z.gte(1), z.lte(50)),
  })
  .check(
    z.refine((r) => minutesOf(r.contactWindow.start) < minutesOf(r.contactWindow.end), {
      message: 'contact window start must be before its end',
      path: ['contactWindow'],
    }),
  );

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
    throw new Error(
      `invalid rule set:\n${describeIssues(result.error)
        .map((l) => `  - ${l}`)
        .join('\n')}`,
    );
  }
  return result.data;
}

interface LegacyEntry {
  kind: string;
  start?: string;
  end?: string;
  attempts?: number;
  days?: number;
}

/** A profile without a call cap still needs one in the flat view; it is never evaluated. */
const INERT_CALL_CAP = { attempts: 100, days: 1 };

/** The flat rule set of a profile's (composed) rule entries. */
export function ruleSetFromEntries(version: string, maxConsecutiveFailures: number, rules: readonly LegacyEntry[]): unknown {
  const window = rules.find((r) => r.kind === 'contact-window');
  const cap = rules.find((r) => r.kind === 'call-attempt-cap');
  const block = rules.find((r) => r.kind === 'conversation-block');
  return {
    version,
    contactWindow: { start: window?.start, end: window?.end },
    callAttemptCap: cap ? { attempts: cap.attempts, days: cap.days } : INERT_CALL_CAP,
    conversationBlockDays: block?.days ?? 0,
    maxConsecutiveFailures,
  };
}

/** The US federal baseline (Reg F), from the US profile; jurisdiction overlays are added on top of it. */
export const DEFAULT_RULE_SET: RuleSet = parseRuleSet(
  ruleSetFromEntries(usFederal.version, usFederal.maxConsecutiveFailures, usFederal.rules as readonly LegacyEntry[]),
);

const floored = new WeakMap<RuleSet, RuleSet>();

/**
 * Regulation F's numbers as a floor for a debt collector (12 CFR 1006.6(b)(1), 1006.14(b)(2)): the
 * window never opens earlier or closes later than the federal one, the call cap never allows more
 * calls or a shorter period, the block after a conversation is never shorter. A rule set already
 * inside the floor is returned as it is.
 */
export function withRegulationFFloor(ruleSet: RuleSet, floor: RuleSet = DEFAULT_RULE_SET): RuleSet {
  const cached = floored.get(ruleSet);
  if (cached) return cached;
  const start = Math.max(minutesOf(ruleSet.contactWindow.start), minutesOf(floor.contactWindow.start));
  const end = Math.min(minutesOf(ruleSet.contactWindow.end), minutesOf(floor.contactWindow.end));
  const attempts = Math.min(ruleSet.callAttemptCap.attempts, floor.callAttemptCap.attempts);
  const days = Math.max(ruleSet.callAttemptCap.days, floor.callAttemptCap.days);
  const block = Math.max(ruleSet.conversationBlockDays, floor.conversationBlockDays);
  const inside =
    start === minutesOf(ruleSet.contactWindow.start) &&
    end === minutesOf(ruleSet.contactWindow.end) &&
    attempts === ruleSet.callAttemptCap.attempts &&
    days === ruleSet.callAttemptCap.days &&
    block === ruleSet.conversationBlockDays;
  const result = inside
    ? ruleSet
    : {
        ...ruleSet,
        contactWindow: { start: hhmmOf(start), end: hhmmOf(end) },
        callAttemptCap: { attempts, days },
        conversationBlockDays: block,
      };
  floored.set(ruleSet, result);
  return result;
}

function hhmmOf(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}
