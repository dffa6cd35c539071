/**
 * Which changes to an account end, pause or un-pause its journey at once rather than at its next
 * wake-up: a settling payment, a closure, a cease (or STOP on every medium), a dispute, a new suppression
 * (attorney, bankruptcy, death, moratorium), hardship or a hand-off to a person -- and, because a pause
 * (a person has the account, a complaint is open) rests until it ends instead of looking again daily
 * (pause-end.ts), every change that could end or alter a pause: the person finishing, the complaint
 * resolved, the dispute answered, a plan or a promise agreed, a payment towards a plan. Woken, the
 * journey decides again straight away (it closes, resumes, or rests until a person or the customer moves
 * it on). Where in doubt the journey is woken: a wake-up that changes nothing costs one decision, a late
 * one costs a wrong message or a customer left waiting.
 */
import type { LifecycleChange } from './lifecycle-types';
import type { Account, ComplianceFlags } from './types';

/** Why a journey is woken before its decided time: reason codes only, never personal data. */
export const WAKE_REASONS = [
  'settled',
  'account-closed',
  'ceased',
  'dispute',
  'suppressed',
  'hand-off',
  'hardship',
  'handoff-completed',
  'complaint-resolved',
  'dispute-answered',
  'arrangement',
  'plan-payment',
] as const;
export type WakeReason = (typeof WAKE_REASONS)[number];

const SUPPRESSIONS: ReadonlyArray<keyof ComplianceFlags> = ['attorney', 'bankruptcy', 'deceased', 'moratoriumUntil'];

const STATUS_REASONS: Record<Exclude<Account['status'], 'overdue'>, WakeReason> = {
  paid: 'settled',
  closed: 'account-closed',
  ceased: 'ceased',
};

const gained = (before: unknown, after: unknown) => after !== undefined && JSON.stringify(after) !== JSON.stringify(before);

/**
 * Only part of the debt is disputed and not yet answered, and that part is now all of it (a payment or
 * a correction lowered the balance): the dispute rule stops collection (rules/suppression-rules.ts).
 */
const wholeNowDisputed = (account: Account) => {
  const c = account.compliance;
  if (!c?.disputeOpenedAt || c.disputedAmount === undefined) return false;
  const answered = c.disputeVerifiedAt !== undefined && Date.parse(c.disputeVerifiedAt) >= Date.parse(c.disputeOpenedAt);
  return !answered && !(c.disputedAmount < account.balance);
};

/** The changes that end the journey or stop contact (the suppression rules and care's hardship). */
function stopReason(before: Account, after: Account, handedOff: boolean): WakeReason | undefined {
  if (before.status === 'overdue' && after.status !== 'overdue') return STATUS_REASONS[after.status];
  const everyMediumStopped = Object.values(after.channels).every((c) => c.optedOut);
  if (everyMediumStopped && !Object.values(before.channels).every((c) => c.optedOut)) return 'ceased';
  const was = before.compliance ?? {};
  const now = after.compliance ?? {};
  if (gained(was.disputeOpenedAt, now.disputeOpenedAt) || gained(was.disputeUpheldAt, now.disputeUpheldAt)) return 'dispute';
  if (wholeNowDisputed(after) && !wholeNowDisputed(before)) return 'dispute';
  if (SUPPRESSIONS.some((flag) => gained(was[flag], now[flag]))) return 'suppressed';
  if (handedOff) return 'hand-off';
  if (gained(before.hardship, after.hardship)) return 'hardship';
  return undefined;
}

/**
 * The changes that end or alter a pause. Each is rare beside a journey's own steps except a plan's
 * instalment payments, and those replace the look the journey would take at the instalment's miss anyway.
 * A plan or a promise cannot move a pause by itself (decide() reads them after it) but is woken for all
 * the same: it is what a person has just arranged, and it is where the doubt is resolved toward waking.
 */
function pauseReason(before: Account, after: Account, change: Pick<LifecycleChange, 'history'>): WakeReason | undefined {
  if (change.history.some((h) => h.kind === 'handoff-completed')) return 'handoff-completed';
  const resolved = (a: Account) => new Set(a.complaints?.filter((c) => c.resolvedAt).map((c) => c.complaintId));
  const resolvedBefore = resolved(before);
  if ([...resolved(after)].some((id) => !resolvedBefore.has(id))) return 'complaint-resolved';
  if (gained(before.compliance?.disputeVerifiedAt, after.compliance?.disputeVerifiedAt)) return 'dispute-answered';
  if (gained(before.plan?.planId, after.plan?.planId) || gained(before.promise?.promiseId, after.promise?.promiseId)) return 'arrangement';
  if (before.plan?.status === 'active' && change.history.some((h) => h.kind === 'payment')) return 'plan-payment';
  return undefined;
}

export function journeyWakeReason(
  before: Account,
  after: Account,
  change: Pick<LifecycleChange, 'history' | 'effects'>,
): WakeReason | undefined {
  const handedOff = change.effects.some((e) => e.type === 'handoff');
  return stopReason(before, after, handedOff) ?? pauseReason(before, after, change);
}
