/**
 * Everything a billing system, a CRM or the portal tells us during a journey: payments, opt-outs,
 * cease requests, closures, promises, plans, disputes, hardship, complaints, a person finishing with the
 * account, preferences, survey answers. Each is validated, applied through the one lifecycle reducer
 * (application/apply-event.ts) and kept in the ledger; the journey sees it at its next step and Send's
 * guard before any delivery. Idempotent per event id (and per payment, promise, plan or complaint id).
 * An event for an account not seen yet (a payment before the overdue event) is parked and applied when
 * the account arrives, and so is a payment for a cycle not opened yet (README "Cycle contract"); invalid events and unknown detail-types are rejected and kept, never lost.
 */
import { parseLifecycleEvent } from './domain/lifecycle-events';
import type { LifecycleEvent } from './domain/lifecycle-types';
import { awsDependencies, type AwsWiring } from './commons/aws-dependencies';
import { awsPortal } from './commons/aws-portal';
import { awsChannels } from './commons/aws-channels';
import { awsBus } from './commons/aws-bus';
import { awsGenerations } from './commons/aws-journeys';
import type { Dependencies } from './commons/dependencies';
import { applyEvent } from './application/apply-event';
import { settlePayment } from './application/settle-payment';
import { idempotentPerEventId } from './commons/idempotency';
import { withPowertools } from './commons/middleware';
import { logger } from './commons/powertools';
import { readBillingEvent, rejectEvent } from './commons/rejections';
import { wakeAfterApplied } from './application/journey-generations';
import type { WakeReason } from './domain/journey-wake';

export type LifecycleResult =
  | { status: 'rejected'; eventId: string; reasons: string[] }
  | { status: 'parked'; eventId: string; detailType: string; accountId: string }
  /** A payment for a cycle the account has left: recorded under it, the current cycle unchanged. */
  | { status: 'earlier-cycle'; eventId: string; accountId: string; cycleId: string; currentCycleId: string }
  | { status: 'applied' | 'duplicate'; eventId: string; detailType: string; accountId: string; cycleId: string; journeyWoken?: WakeReason };

const lifecycle = idempotentPerEventId(async (raw: unknown, _context, deps: Dependencies): Promise<LifecycleResult> => {
  const read = await readBillingEvent(deps, raw, parseLifecycleEvent);
  if ('rejected' in read) return read.rejected;
  const { event, parsed } = read;

  const { accountId } = parsed.detail;
  const meta = { eventId: event.id, detailType: parsed.detailType };
  const result =
    parsed.detailType === 'PaymentReceived'
      ? await settlePayment(deps, parsed.detail, meta)
      : await applyEvent(deps, accountId, parsed as LifecycleEvent, meta);
  switch (result.status) {
    case 'unknown-account':
    case 'later-cycle':
      // Out of order (a payment before the overdue event of its account or its cycle): kept under the
      // account and matched when that overdue event arrives.
      await deps.state.parkEvent(accountId, {
        at: deps.clock.now().toISOString(),
        eventId: event.id,
        source: event.source,
        detailType: parsed.detailType,
        // What was validated, not what was sent: unknown fields (one nested past DynamoDB's 32 levels,
        // a large extra) are not parked; they never mattered to the event.
        detail: parsed.detail as Record<string, unknown>,
      });
      logger.info('event for an account not seen yet: parked until its overdue event', {
        accountId,
        detailType: parsed.detailType,
        eventId: event.id,
      });
      return { status: 'parked', eventId: event.id, detailType: parsed.detailType, accountId };
    case 'rejected':
      return rejectEvent(deps, raw, result.problems);
    case 'earlier-cycle':
      return { status: 'earlier-cycle', eventId: event.id, accountId, cycleId: result.cycleId, currentCycleId: result.currentCycleId };
    default: {
      // A settling payment, a cease, a dispute, a hand-off or its completion ends, pauses or un-pauses the journey now, not at its next wake-up.
      const woken = await wakeAfterApplied(deps, result);
      return {
        status: result.status,
        eventId: event.id,
        detailType: parsed.detailType,
        accountId,
        cycleId: result.cycleId,
        ...(woken ? { journeyWoken: woken } : {}),
      };
    }
  }
});

export const makeLifecycleHandler = (deps: () => Dependencies) =>
  withPowertools(async (event: unknown, context): Promise<LifecycleResult> => lifecycle(deps(), event, context));

/** The ports this function uses (test/infra/bundle-sizes.test.ts checks its code reads no other). */
export const wiring: AwsWiring = { portal: awsPortal, channels: awsChannels, bus: awsBus, generations: awsGenerations };

export const handler = makeLifecycleHandler(awsDependencies(wiring));
