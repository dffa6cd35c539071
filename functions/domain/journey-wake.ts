/**
 * Which changes to an account end or pause its journey at once rather than at its next wake-up: a
 * settling payment, a closure, a cease (or STOP on every medium), a dispute, a new suppression (attorney,
 * bankruptcy, death, moratorium), hardship or a hand-off to a person. Woken, the journey decides again
 * straight away (it closes, or rests until a person or the customer moves it on). Where in doubt the
 * journey is woken: a wake-up that changes nothing costs one decision, a late one costs a wrong message.
 */
import type { Account, ComplianceFlags } from './types';

/** Why a journey is woken before its decided time: reason codes only, never personal data. */
export const WAKE_REASONS = ['settled', 'account-closed', 'ceased', 'dispute', 'suppressed', 'hand-off', 'hardship'] as const;
export type WakeReason = (typeof WAKE_REASONS)[number];

const SUPPRESSIONS: ReadonlyArray<keyof ComplianceFlags> = ['attorney', 'bankruptcy', 'deceased', 'moratoriumUntil'];

const STATUS_REASONS: Record<Exclude<Account['status'], 'overdue'>, WakeReason> = {
  paid: 'settled',
  closed: 'account-closed',
  ceased: 'ceased',
};

const gained = (before: unknown, after: unknown) => after !== undefined && JSON.stringify(after) !== JSON.stringify(before);

export function journeyWakeReason(before: Account, after: Account, handedOff: boolean): WakeReason | undefined {
  if (before.status === 'overdue' && after.status !== 'overdue') return STATUS_REASONS[after.status];
  const everyMediumStopped = Object.values(after.channels).every((c) => c.optedOut);
  if (everyMediumStopped && !Object.values(before.channels).every((c) => c.optedOut)) return 'ceased';
  const was = before.compliance ?? {};
  const now = after.compliance ?? {};
  if (gained(was.disputeOpenedAt, now.disputeOpenedAt) || gained(was.disputeUpheldAt, now.disputeUpheldAt)) return 'dispute';
  if (SUPPRESSIONS.some((flag) => gained(was[flag], now[flag]))) return 'suppressed';
  if (handedOff) return 'hand-off';
  if (gained(before.hardship, after.hardship)) return 'hardship';
  return undefined;
}
