/**
 * What the lifecycle does to an account, one change each: a payment, a dispute, a promise, hardship and
 * its forbearance, an opt-out, a complaint, a survey answer. Shared by the event and reply handlers.
 */
import { cents } from './money';
import { KpiFn, LifecycleChange, LifecycleRejection, REPLY_HANDOFF_REASON } from './lifecycle-types';
import type { Account, ActionSource, Channel, Complaint, Forbearance, Instalment, PromiseToPay, VulnerabilityDriver } from './types';
import { forbearanceDaysHeld } from './bounds';
import { careOf } from './care';
import type { Playbook } from './playbook';
import { DAY_MS } from './rules/time';
import type { MessageFacts } from './templates';

export function setStatus(account: Account, status: Account['status'], at: string): void {
  if (account.status === status) return;
  account.status = status;
  if (status === 'overdue') delete account.resolvedAt;
  else account.resolvedAt ??= at;
}
/** Reduces the balance (never below zero) and credits an open promise and the plan's instalments in order. */
export function applyPayment(account: Account, amount: number, paidAt: string, at: string, kpi: KpiFn): void {
  account.balance = Math.max(0, cents(account.balance - amount));
  if (account.balance <= 0 && account.status === 'overdue') setStatus(account, 'paid', at);

  const promise = account.promise;
  if (promise?.status === 'open') {
    promise.paid = cents(promise.paid + amount);
    if (promise.paid + 0.005 >= promise.amount || account.balance <= 0) {
      promise.status = 'kept';
      promise.settledAt = paidAt;
      kpi('promisesKept');
    }
  }

  const plan = account.plan;
  if (plan?.status === 'active') {
    let left = amount;
    for (const instalment of plan.instalments) {
      if (left <= 0) break;
      const owed = cents(instalment.amount - instalment.paid);
      if (owed <= 0) continue;
      const credit = Math.min(owed, left);
      instalment.paid = cents(instalment.paid + credit);
      left = cents(left - credit);
    }
    if (plan.instalments.every((x: Instalment) => x.paid + 0.005 >= x.amount) || account.balance <= 0) {
      plan.status = 'completed';
      plan.completedAt = paidAt;
      kpi('plansCompleted');
    }
  }
}
/** A dispute of the whole balance (amount absent) or a part, from now; an earlier verification no longer answers it. */
export function openDispute(
  account: Account,
  raisedAt: string,
  disputedAmount: number | undefined,
  source: ActionSource,
  kpi: KpiFn,
): void {
  const compliance = { ...account.compliance, disputeOpenedAt: raisedAt };
  delete compliance.disputeVerifiedAt;
  if (disputedAmount === undefined) delete compliance.disputedAmount;
  else compliance.disputedAmount = disputedAmount;
  account.compliance = compliance;
  kpi('disputesRaised', 1, { source });
}
export function makePromise(
  account: Account,
  p: Pick<PromiseToPay, 'promiseId' | 'amount' | 'dueDate' | 'madeAt' | 'source'>,
  kpi: KpiFn,
): void {
  account.promise = {
    promiseId: p.promiseId,
    amount: p.amount,
    dueDate: p.dueDate,
    madeAt: p.madeAt,
    source: p.source,
    paid: 0,
    status: 'open',
  };
  kpi('promisesMade', 1, { source: p.source });
}
/**
 * Hardship: support instead of reminders, with the agreed forbearance or the playbook's pause (held
 * until the journey's horizon at the latest: domain/bounds.ts); drivers are recorded as vulnerability.
 * Returns the forbearance days agreed and held.
 */
export function reportHardship(
  account: Account,
  h: {
    reportedAt: string;
    source: ActionSource;
    drivers?: VulnerabilityDriver[];
    forbearance?: { kind: Forbearance['kind']; days: number; reducedAmount?: number };
  },
  playbook: Playbook,
  kpi: KpiFn,
): HeldForbearance {
  const agreedDays = h.forbearance?.days ?? careOf(playbook).hardshipPauseDays;
  const pauseDays = forbearanceDaysHeld(account, h.reportedAt, agreedDays);
  account.hardship = {
    reportedAt: h.reportedAt,
    source: h.source,
    ...(pauseDays > 0
      ? {
          forbearance: {
            kind: h.forbearance?.kind ?? 'pause',
            until: new Date(Date.parse(h.reportedAt) + pauseDays * DAY_MS).toISOString(),
            ...(h.forbearance?.reducedAmount !== undefined ? { reducedAmount: h.forbearance.reducedAmount } : {}),
          },
        }
      : {}),
  };
  if (h.drivers?.length) {
    const drivers = [...new Set([...(account.compliance?.vulnerability?.drivers ?? []), ...h.drivers])];
    account.compliance = {
      ...account.compliance,
      vulnerability: { ...account.compliance?.vulnerability, drivers, recordedAt: h.reportedAt },
    };
  }
  kpi('hardshipReported', 1, { source: h.source });
  return { agreedDays, heldDays: pauseDays };
}
export interface HeldForbearance {
  agreedDays: number;
  heldDays: number;
}
/** Why a person takes over at once when the agreed forbearance outlasts what the journey can hold. */
export const FORBEARANCE_BEYOND_JOURNEY = 'forbearance-beyond-journey';
export function handOffForbearanceBeyondJourney(change: LifecycleChange, forbearance: HeldForbearance): void {
  if (forbearance.heldDays >= forbearance.agreedDays) return;
  change.effects.push({ type: 'handoff', reason: FORBEARANCE_BEYOND_JOURNEY });
  change.facts.forbearanceDaysAgreed = forbearance.agreedDays;
}
export function rejectIfAny(problems: string[]): void {
  if (problems.length) throw new LifecycleRejection(problems);
}
export function optOut(account: Account, channel: Channel, at: string, by: string, kpi: KpiFn): boolean {
  const state = account.channels[channel];
  if (state.optedOut) return false;
  state.optedOut = true;
  const consent = account.customer.consent?.[channel];
  if (consent) consent.revokedAt ??= at;
  if (channel === 'sms' || channel === 'voice') {
    account.customer.consent = {
      ...account.customer.consent,
      [channel]: { ...(consent ?? { source: 'provided-for-account' }), revokedAt: consent?.revokedAt ?? at, revokedBy: by },
    };
  }
  kpi('optOuts', 1, { channel });
  return true;
}
export function raiseComplaint(account: Account, complaint: Complaint, change: LifecycleChange, kpi: KpiFn): void {
  const complaints = (account.complaints ??= []);
  if (complaints.some((c) => c.complaintId === complaint.complaintId)) return;
  complaints.push(complaint);
  kpi('complaintsReceived', 1, { source: complaint.source });
  change.effects.push({ type: 'handoff', reason: REPLY_HANDOFF_REASON.complaint });
}
export function answerSurvey(account: Account, score: number, answeredAt: string, kpi: KpiFn): boolean {
  if (account.survey?.answeredAt) return false;
  account.survey = { ...(account.survey ?? { trigger: 'resolution', channel: 'sms', sentAt: answeredAt }), answeredAt, score };
  kpi('surveyResponses');
  kpi('surveyScore', score);
  return true;
}
/** Plan choices for a PLAN reply: the playbook's plan lengths over the balance. */
export function planOptions(account: Account, playbook: Playbook): NonNullable<MessageFacts['planOptions']> {
  const lengths = playbook.offers?.planLengthsMonths ?? [];
  return lengths.filter((n) => n > 1).map((n) => ({ instalments: n, amount: Math.ceil((account.balance * 100) / n) / 100 }));
}
