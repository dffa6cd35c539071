/**
 * A broken promise or a missed plan instalment, written onto the simulated account as the live journey
 * holds it, so the SAME decide() -- care.ts -- answers it as it does in production: one kind reminder
 * after a broken promise (then the playbook carries on), one gentle nudge after a missed instalment and
 * a person if it stays unpaid. Before this the simulator resumed the cadence at once after a broken
 * promise and, worse, froze an account whose plan was never kept: no journey, no self-cure, nothing
 * collected for the rest of the run, whatever the strategy.
 */
import { careOf } from '../functions/domain/care';
import type { Playbook } from '../functions/domain/playbook';
import { DAY_MS } from '../functions/domain/rules/time';
import type { PaymentPlan, PromiseToPay } from '../functions/domain/types';

const HOUR_MS = 3_600_000;

const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The promise the customer made on `madeAt` for `dueAt`, still open and unpaid (care sees it broken). */
export function openPromise(id: number, amount: number, madeAt: number, dueAt: number): PromiseToPay {
  return {
    promiseId: `sim-promise-${id}`,
    amount,
    dueDate: isoDate(dueAt),
    madeAt: new Date(madeAt).toISOString(),
    source: 'portal',
    paid: 0,
    status: 'open',
  };
}

/** A plan agreed at `agreedAt` whose first instalment (due that day) was never paid. */
export function missedPlan(id: number, agreedAt: number, instalment: number, months: number): PaymentPlan {
  return {
    planId: `sim-plan-${id}`,
    agreedAt: new Date(agreedAt).toISOString(),
    source: 'portal',
    instalments: Array.from({ length: months }, (_, i) => ({ dueDate: isoDate(agreedAt + i * 30 * DAY_MS), amount: instalment, paid: 0 })),
    status: 'active',
  };
}

/**
 * When the live journey sees the first instalment of a plan agreed at `agreedAt` missed: the end of its
 * due date everywhere (14:00 UTC the next day) plus the playbook's grace days -- care.ts's `missedAt`.
 */
export function instalmentMissedAt(playbook: Playbook, agreedAt: number): number {
  const dueDay = Math.floor(agreedAt / DAY_MS) * DAY_MS;
  return dueDay + DAY_MS + 14 * HOUR_MS + careOf(playbook).missedInstalmentGraceDays * DAY_MS;
}
