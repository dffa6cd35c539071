/**
 * A PaymentReceived, matched to the cycle it settles (domain/cycles.ts, README "Cycle contract") before
 * anything is applied: the current cycle's payment goes through the lifecycle reducer (applyEvent, once
 * per payment id); an earlier cycle's is recorded under that cycle and changes nothing newer; a later
 * cycle's (the next bill paid before its AccountOverdue) is left to the caller to park until it opens.
 */
import { cycleOfPayment, paymentKey } from '../domain/cycles';
import type { PaymentReceived } from '../domain/events';
import { StaleAccountError } from '../domain/errors';
import type { Dependencies } from '../commons/dependencies';
import { logger } from '../commons/powertools';
import { applyEvent, type ApplyResult, type EventMeta } from './apply-event';

export type PaymentSettlement =
  | ApplyResult
  /** For a cycle the account has left: kept in that cycle's ledger, the current cycle untouched. */
  | { status: 'earlier-cycle'; accountId: string; cycleId: string; currentCycleId: string }
  /** For a cycle not opened yet: to be parked until its AccountOverdue. */
  | { status: 'later-cycle'; accountId: string; currentCycleId: string };

const ATTEMPTS = 5;

export async function settlePayment(d: Dependencies, payment: PaymentReceived, meta: EventMeta): Promise<PaymentSettlement> {
  const { accountId } = payment;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const read = await d.state.getVersionedAccount(accountId);
    if (!read) return { status: 'unknown-account', accountId };
    const key = paymentKey(payment.paymentId);
    // A payment already applied stays a duplicate, whichever cycle it now seems to name.
    const cycle = read.appliedKeys.includes(key) ? 'current' : cycleOfPayment(read.account, payment);
    const currentCycleId = read.account.cycleId;
    if (cycle === 'current') return applyEvent(d, accountId, { detailType: 'PaymentReceived', detail: payment }, meta);
    if (cycle === 'later') {
      logger.info('payment for a cycle not opened yet', { accountId, currentCycleId, eventId: meta.eventId });
      return { status: 'later-cycle', accountId, currentCycleId };
    }
    try {
      // The account is unchanged; only the payment's key is kept, so a re-sent copy is a duplicate.
      await d.state.replaceAccount(read.account, read, key);
    } catch (error) {
      if (error instanceof StaleAccountError) continue;
      throw error;
    }
    return recordEarlierCyclePayment(d, payment as PaymentReceived & { cycleId: string }, currentCycleId, meta);
  }
  throw new StaleAccountError(accountId);
}

async function recordEarlierCyclePayment(
  d: Dependencies,
  payment: PaymentReceived & { cycleId: string },
  currentCycleId: string,
  meta: EventMeta,
): Promise<PaymentSettlement> {
  const { accountId, cycleId } = payment;
  await d.ledger.append({
    kind: 'event',
    accountId,
    cycleId,
    at: d.clock.now().toISOString(),
    detailType: meta.detailType,
    eventId: meta.eventId,
    facts: {
      paymentId: payment.paymentId,
      amount: payment.amount,
      currency: payment.currency,
      paidAt: payment.paidAt,
      settles: 'earlier-cycle',
      currentCycleId,
    },
  });
  logger.info('payment for an earlier cycle: recorded, the current cycle unchanged', { accountId, cycleId, currentCycleId });
  return { status: 'earlier-cycle', accountId, cycleId, currentCycleId };
}
