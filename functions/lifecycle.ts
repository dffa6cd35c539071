/**
 * Billing events that change an account during its journey: payments, channel opt-outs, cease requests
 * and closures. They change the account state and go in the ledger; the journey sees them at its next
 * step (and the send-time guard sees them before any delivery). Invalid events, events for accounts we
 * do not know and unknown detail-types are rejected and kept, never lost. Idempotent per event id, and
 * payments also per payment id.
 */
import { InvalidEventError, parseBillingEvent, type BillingEvent } from './domain/events';
import { awsDependencies, type Dependencies } from './commons/dependencies';
import { idempotentPerEventId } from './commons/idempotency';
import { eventBridgeEnvelopeSchema } from './commons/inputs';
import { withPowertools } from './commons/middleware';
import { countMetric, logger, METRIC, MetricUnit } from './commons/powertools';
import { rejectEvent } from './commons/rejections';
import type { EventFacts } from './adapters/ledger-store';

export type LifecycleResult =
  | { status: 'rejected'; eventId: string; reasons: string[] }
  | { status: 'applied' | 'duplicate'; eventId: string; detailType: string; accountId: string; cycleId: string };

const lifecycle = idempotentPerEventId(async (raw: unknown, _context, deps: Dependencies): Promise<LifecycleResult> => {
  const envelope = eventBridgeEnvelopeSchema.safeParse(raw);
  if (!envelope.success) {
    return rejectEvent(deps, raw, envelope.error.issues.map((i) => `${i.path.join('.') || '(envelope)'}: ${i.message}`));
  }
  const event = envelope.data;
  let parsed: BillingEvent;
  try {
    parsed = parseBillingEvent(event['detail-type'], event.detail);
  } catch (error) {
    if (error instanceof InvalidEventError) return rejectEvent(deps, raw, error.problems);
    throw error;
  }
  if (parsed.detailType === 'AccountOverdue') {
    return rejectEvent(deps, raw, ['AccountOverdue starts a journey and goes to the ingest handler']);
  }

  const { accountId } = parsed.detail;
  const account = await deps.state.getAccount(accountId);
  // A payment before the overdue event (or for an account never seen) is kept as a rejection, not lost.
  if (!account) return rejectEvent(deps, raw, ['unknown account']);

  const now = deps.clock.now().toISOString();
  const { cycleId } = account;
  let facts: EventFacts;
  let applied = true;

  switch (parsed.detailType) {
    case 'PaymentReceived': {
      const payment = parsed.detail;
      if (payment.currency !== account.currency) {
        return rejectEvent(deps, raw, [`currency: payment in ${payment.currency} but the account is in ${account.currency}`]);
      }
      const result = await deps.state.applyPayment(accountId, payment.paymentId, payment.amount, now);
      applied = result.applied;
      facts = {
        paymentId: payment.paymentId,
        amount: payment.amount,
        currency: payment.currency,
        paidAt: payment.paidAt,
        balanceAfter: result.account.balance,
        statusAfter: result.account.status,
      };
      if (applied) countMetric(METRIC.amountPaid, payment.amount, MetricUnit.NoUnit);
      break;
    }
    case 'ChannelOptedOut':
      await deps.state.markChannelOptedOut(accountId, parsed.detail.channel, now);
      facts = { channel: parsed.detail.channel, optedOutAt: parsed.detail.at };
      break;
    case 'CommunicationCeased':
      await deps.state.setStatus(accountId, 'ceased', now);
      facts = { receivedAt: parsed.detail.receivedAt };
      break;
    case 'AccountClosed':
      await deps.state.setStatus(accountId, 'closed', now);
      facts = { reason: parsed.detail.reason, closedAt: parsed.detail.at };
      break;
  }

  if (!applied) {
    logger.info('payment already applied', { accountId, cycleId, eventId: event.id });
    return { status: 'duplicate', eventId: event.id, detailType: parsed.detailType, accountId, cycleId };
  }
  await deps.ledger.append({ kind: 'event', accountId, cycleId, at: now, detailType: parsed.detailType, eventId: event.id, facts });
  logger.info('billing event applied', { accountId, cycleId, detailType: parsed.detailType, eventId: event.id });
  return { status: 'applied', eventId: event.id, detailType: parsed.detailType, accountId, cycleId };
});

export const makeLifecycleHandler = (deps: () => Dependencies) =>
  withPowertools(async (event: unknown, context): Promise<LifecycleResult> => lifecycle(deps(), event, context));

export const handler = makeLifecycleHandler(awsDependencies);
