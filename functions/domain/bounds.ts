/**
 * Bounds on values that are valid but would harm the customer or outlive the journey (README "Cycle
 * contract"). A cycle's journey is one Step Functions Standard execution, which runs at most one year:
 * any wait it is asked for must end inside that year, with a week left for what follows the wait (a
 * kind reminder after a broken promise, a person's review after a forbearance).
 *
 * - A promise to pay is due within PROMISE_HORIZON_DAYS of being made, and inside the journey: a longer
 *   arrangement is a payment plan. An event beyond it is rejected with the reason; a texted promise
 *   beyond it goes to a person.
 * - A plan's instalments cover the balance: a plan for less would close as completed with money owed.
 * - A forbearance is held until the journey's horizon at the latest and a person is told at once
 *   (clamped toward the customer: the hardship and its support stand; after the held pause the care
 *   rule hands the account to a person for review, never back to reminders).
 * - HELP is answered at most once per HELP_ANSWER_INTERVAL_MINUTES; further HELP texts are recorded.
 */
import { cents } from './money';
import type { Account } from './types';
import { DAY_MS, MINUTE_MS } from './rules/time';

/** Step Functions Standard: an execution runs at most one year. */
export const JOURNEY_LIMIT_DAYS = 365;
/** The last day a journey's wait may end, counted from the cycle's start (a week before the limit). */
export const JOURNEY_HORIZON_DAYS = JOURNEY_LIMIT_DAYS - 7;
/** A promise is due within this many days of being made. */
export const PROMISE_HORIZON_DAYS = 60;
/** One HELP answer per this many minutes and account. */
export const HELP_ANSWER_INTERVAL_MINUTES = 15;

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The last moment this cycle's journey can still wait for. */
export function journeyHorizon(account: Pick<Account, 'openedAt'>): number {
  return Date.parse(account.openedAt) + JOURNEY_HORIZON_DAYS * DAY_MS;
}

/** The last date a promise made at `madeAt` may be due: PROMISE_HORIZON_DAYS on, and inside the journey. */
export function latestPromiseDate(account: Pick<Account, 'openedAt'>, madeAt: string): string {
  return day(Math.min(Date.parse(madeAt) + PROMISE_HORIZON_DAYS * DAY_MS, journeyHorizon(account) - DAY_MS));
}

export function promiseProblems(account: Pick<Account, 'openedAt'>, promise: { madeAt: string; dueDate: string }): string[] {
  const latest = latestPromiseDate(account, promise.madeAt);
  if (promise.dueDate <= latest) return [];
  return [
    `dueDate: a promise is due within ${PROMISE_HORIZON_DAYS} days of being made and inside this cycle's journey ` +
      `(by ${latest}); a longer arrangement is a payment plan (PaymentPlanAgreed)`,
  ];
}

export function planProblems(account: Pick<Account, 'balance'>, instalments: ReadonlyArray<{ amount: number }>): string[] {
  const total = cents(instalments.reduce((sum, x) => sum + x.amount, 0));
  if (total + 0.005 >= account.balance) return [];
  return [
    `instalments: they total ${total.toFixed(2)} but the balance is ${account.balance.toFixed(2)}; a plan covers the balance ` +
      '(a balance agreed lower is a DisputeResolved with correctedBalance)',
  ];
}

/** The forbearance days the journey can hold from `reportedAt` (never fewer than zero). */
export function forbearanceDaysHeld(account: Pick<Account, 'openedAt'>, reportedAt: string, days: number): number {
  const left = Math.floor((journeyHorizon(account) - Date.parse(reportedAt)) / DAY_MS);
  return Math.max(0, Math.min(days, left));
}

/** Whether a HELP text at `at` gets an answer (none was given in the interval before it). */
export function helpAnswerDue(account: Pick<Account, 'helpAnsweredAt'>, at: string): boolean {
  if (!account.helpAnsweredAt) return true;
  return Math.abs(Date.parse(at) - Date.parse(account.helpAnsweredAt)) >= HELP_ANSWER_INTERVAL_MINUTES * MINUTE_MS;
}
