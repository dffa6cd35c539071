/**
 * The cycle contract (README "Billing cycles"): how a new AccountOverdue relates to the account's current
 * cycle, and what carries from one cycle to the next.
 *
 * Order: a cycle already seen on the account (the current one or an earlier one) is never new again, and
 * a cycle due before the current one is older. Only an unseen cycle due on or after the current one
 * replaces it. An older or replayed cycle changes nothing (it is recorded, not applied).
 *
 * Carried across cycles: what belongs to the person, the contact point or the debt rather than to one
 * bill -- opt-outs, consent revocations, cease, attorney, bankruptcy, deceased, blocked times, disputes,
 * moratoria, vulnerability, unusable addresses, validation notices -- and the keys of every change applied
 * (payment ids), so a payment is never applied twice. The new cycle's billing event may add to these,
 * never erase them: only the customer's own action (or an audited operator action) lifts one.
 */
import { handOverPreDue, preDueOrder } from './pre-due/handover';
import type { StoredAccount } from './storage';
import type { Account, BlockedTime, Channel, ChannelState, ComplianceFlags, ConsentRecord } from './types';

export type CycleOrder = 'same' | 'newer' | 'older' | 'replayed';

/** How an AccountOverdue for `incoming` relates to the account's current cycle. */
export function orderOfCycle(current: StoredAccount, incoming: Pick<StoredAccount, 'cycleId' | 'dueDate' | 'preDue'>): CycleOrder {
  if (incoming.cycleId === current.cycleId) return 'same';
  if (current.priorCycles?.includes(incoming.cycleId)) return 'replayed';
  return preDueOrder(current, incoming) ?? (incoming.dueDate < current.dueDate ? 'older' : 'newer');
}

/** Facts that protect the customer, kept from the earlier cycle when the new event lacks them. */
const PROTECTIVE_FLAGS = [
  'disputeOpenedAt',
  'disputedAmount',
  'disputeVerifiedAt',
  'disputeUpheldAt',
  'originalCreditorRequestedAt',
  'originalCreditorSentAt',
  'attorney',
  'bankruptcy',
  'deceased',
  'vulnerability',
  'validationNoticeSentAt',
] as const satisfies ReadonlyArray<keyof ComplianceFlags>;

function carryCompliance(previous: ComplianceFlags | undefined, next: ComplianceFlags | undefined): ComplianceFlags | undefined {
  if (!previous) return next;
  const merged: ComplianceFlags = { ...next };
  const target = merged as Record<string, unknown>;
  for (const flag of PROTECTIVE_FLAGS) {
    if (previous[flag] !== undefined) target[flag] = previous[flag];
  }
  // A moratorium still running carries with its kind; the later end wins.
  if (previous.moratoriumUntil && (!merged.moratoriumUntil || previous.moratoriumUntil > merged.moratoriumUntil)) {
    merged.moratoriumUntil = previous.moratoriumUntil;
    if (previous.moratoriumKind) merged.moratoriumKind = previous.moratoriumKind;
  }
  if (previous.timeBarred) merged.timeBarred = true;
  return Object.keys(merged).length ? merged : undefined;
}

/** The address a channel reaches: an unusable mark belongs to that address, not to the channel. */
const addressOf = (account: Account, channel: Channel) => (channel === 'email' ? account.customer.email : account.customer.phone);

function carryChannel(previous: StoredAccount, next: Account, channel: Channel): ChannelState {
  const before = previous.channels[channel];
  const after = next.channels[channel];
  const sameAddress = addressOf(previous, channel) === addressOf(next, channel);
  const unusable = after.unusable ?? (sameAddress ? before.unusable : undefined);
  return { ...after, optedOut: after.optedOut || before.optedOut, ...(unusable ? { unusable } : {}) };
}

const blockedKey = (b: BlockedTime) => JSON.stringify(b);

function carryBlockedTimes(previous: BlockedTime[] | undefined, next: BlockedTime[] | undefined): BlockedTime[] | undefined {
  if (!previous?.length) return next;
  const merged = [...(next ?? [])];
  const seen = new Set(merged.map(blockedKey));
  for (const blocked of previous) if (!seen.has(blockedKey(blocked))) merged.push(blocked);
  return merged;
}

/** A revocation stands until the customer gives consent again after it (a later consent `at`). */
function carryConsent(
  previous: Partial<Record<Channel, ConsentRecord>> | undefined,
  next: Partial<Record<Channel, ConsentRecord>> | undefined,
): Partial<Record<Channel, ConsentRecord>> | undefined {
  if (!previous) return next;
  const merged: Partial<Record<Channel, ConsentRecord>> = { ...next };
  for (const [channel, record] of Object.entries(previous) as Array<[Channel, ConsentRecord]>) {
    if (!record.revokedAt) continue;
    const incoming = merged[channel];
    const givenAgainLater = incoming && !incoming.revokedAt && incoming.at !== undefined && incoming.at > record.revokedAt;
    if (!givenAgainLater)
      merged[channel] = {
        ...(incoming ?? record),
        revokedAt: record.revokedAt,
        ...(record.revokedBy ? { revokedBy: record.revokedBy } : {}),
      };
  }
  return merged;
}

/** The new cycle's account with everything that outlives a cycle carried over from the previous one. */
export function carryOver(previous: StoredAccount, next: StoredAccount): StoredAccount {
  const compliance = carryCompliance(previous.compliance, next.compliance);
  const blockedTimes = carryBlockedTimes(previous.customer.blockedTimes, next.customer.blockedTimes);
  const consent = carryConsent(previous.customer.consent, next.customer.consent);
  return handOverPreDue(previous, {
    ...next,
    // A written cease request ends collection communications on the debt, whatever the bill says.
    status: previous.status === 'ceased' ? 'ceased' : next.status,
    customer: { ...next.customer, ...(blockedTimes ? { blockedTimes } : {}), ...(consent ? { consent } : {}) },
    channels: {
      sms: carryChannel(previous, next, 'sms'),
      email: carryChannel(previous, next, 'email'),
      voice: carryChannel(previous, next, 'voice'),
    },
    ...(compliance ? { compliance } : {}),
    priorCycles: [...(previous.priorCycles ?? []), previous.cycleId],
  });
}

/**
 * Which cycle a payment settles (README "Cycle contract"). The same payment is the same `paymentId` on
 * the account, whatever its event id or cycle: its key outlives the cycle (appliedKeys), so it is never
 * applied twice.
 *
 * - current: it names the current cycle, or names none while the current cycle is still owed.
 * - earlier: it names a cycle the account has left: recorded under that cycle, never applied to a newer one.
 * - later: it names a cycle not opened yet, or names none while the current cycle is already paid (the
 *   next bill's payment before its AccountOverdue): parked and matched when that cycle opens.
 */
export type PaymentCycle = 'current' | 'earlier' | 'later';

export function cycleOfPayment(account: StoredAccount, payment: { cycleId?: string }): PaymentCycle {
  if (payment.cycleId === undefined) return account.status === 'paid' ? 'later' : 'current';
  if (payment.cycleId === account.cycleId || payment.cycleId === account.preDue?.billCycleId) return 'current';
  return account.priorCycles?.includes(payment.cycleId) ? 'earlier' : 'later';
}

/** The key that makes a payment apply at most once to an account, across all its cycles. */
export const paymentKey = (paymentId: string) => `payment:${paymentId}`;
