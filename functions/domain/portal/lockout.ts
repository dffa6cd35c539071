/**
 * How wrong answers to the portal's identity check are limited. Failures are counted per account and per
 * person (across every link and every account of theirs), never per link: every message mints a new
 * link, so a per-link count would multiply the guesses by the number of messages sent. The lock grows:
 * a short pause, then a longer one, then every link is revoked and a person takes over.
 *
 * Counts are kept until no wrong answer has been given for `forgetAfterDays` (by default a link's life):
 * a correct answer does not wipe them, so an attacker cannot reset their allowance by waiting for the
 * customer to sign in.
 */
import * as z from '../zod';

export const lockoutStageSchema = z.strictObject({
  /** The failure count at which this stage applies. */
  failures: z
    .number()
    .check(
      z.int('a whole number of wrong answers from 1 to 1000'),
      z.gte(1, 'a whole number of wrong answers from 1 to 1000'),
      z.lte(1000, 'a whole number of wrong answers from 1 to 1000'),
    ),
  /** Locked for this long; absent on the last stage, which revokes the links instead. */
  lockMinutes: z.optional(
    z
      .number()
      .check(
        z.int('a whole number of minutes from 1 to 10080 (a week)'),
        z.gte(1, 'a whole number of minutes from 1 to 10080 (a week)'),
        z.lte(7 * 24 * 60, 'a whole number of minutes from 1 to 10080 (a week)'),
      ),
  ),
});

export const lockoutPolicySchema = z
  .strictObject({
    stages: z.array(lockoutStageSchema).check(z.minLength(1), z.maxLength(10)),
    forgetAfterDays: z
      .number()
      .check(
        z.int('a whole number of days from 1 to 365'),
        z.gte(1, 'a whole number of days from 1 to 365'),
        z.lte(365, 'a whole number of days from 1 to 365'),
      ),
  })
  .check(
    z.refine((p) => p.stages.every((s, i) => i === 0 || s.failures > p.stages[i - 1].failures), {
      message: 'stages must be in increasing order of failures',
      path: ['stages'],
    }),
    z.refine((p) => p.stages.at(-1)!.lockMinutes === undefined && p.stages.slice(0, -1).every((s) => s.lockMinutes !== undefined), {
      message: 'every stage but the last locks for lockMinutes; the last revokes the links (no lockMinutes)',
      path: ['stages'],
    }),
  );

export type LockoutPolicy = z.infer<typeof lockoutPolicySchema>;

/** The default: 5 wrong answers lock for 15 minutes, 10 for an hour, 20 revoke the links. */
export const DEFAULT_LOCKOUT: LockoutPolicy = {
  stages: [{ failures: 5, lockMinutes: 15 }, { failures: 10, lockMinutes: 60 }, { failures: 20 }],
  forgetAfterDays: 14,
};

/** Whose failures are counted: the account, and the person across their accounts (when known). */
export interface GuardScope {
  kind: 'account' | 'person';
  id: string;
}

/** What reaching a failure count means: nothing yet, a lock until a time, or the links revoked. */
export type LockoutStep =
  | { kind: 'none'; nextLockAt: number }
  | { kind: 'lock'; failures: number; until: string; nextLockAt: number }
  | { kind: 'revoke'; failures: number };

/** The failure count at which the first lock applies (before any failure). */
export const firstLockAt = (policy: LockoutPolicy): number => policy.stages[0].failures;

/** What follows when the failure count reaches `failures` at `now`. */
export function stepAt(policy: LockoutPolicy, failures: number, now: Date): LockoutStep {
  const index = policy.stages.findIndex((s) => s.failures === failures);
  const stage = policy.stages[index];
  if (!stage) return { kind: 'none', nextLockAt: policy.stages.find((s) => s.failures > failures)?.failures ?? failures + 1 };
  if (stage.lockMinutes === undefined) return { kind: 'revoke', failures };
  return {
    kind: 'lock',
    failures,
    until: new Date(now.getTime() + stage.lockMinutes * 60_000).toISOString(),
    nextLockAt: policy.stages[index + 1].failures,
  };
}

/** The policy in a few words, e.g. "5: 15 min, 10: 60 min, 20: links revoked" (for notes and acknowledgements). */
export const describeLockout = (policy: LockoutPolicy): string =>
  policy.stages.map((s) => `${s.failures}: ${s.lockMinutes === undefined ? 'links revoked' : `${s.lockMinutes} min`}`).join(', ');

/** The most wrong answers an attacker can have evaluated for one account before its links are revoked. */
export const guessesBeforeRevocation = (policy: LockoutPolicy): number => policy.stages.at(-1)!.failures;

/**
 * The soonest all those guesses can be spent: the sum of the locks on the way. With the default, 20
 * guesses in 1 h 15 min; after that the links are revoked, so this is also the most per day and over a
 * link's life.
 */
export const minutesToExhaust = (policy: LockoutPolicy): number => policy.stages.reduce((sum, s) => sum + (s.lockMinutes ?? 0), 0);
