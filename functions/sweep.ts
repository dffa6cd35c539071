/**
 * The daily reconciliation sweep (EventBridge Scheduler):
 * - every overdue account whose current cycle has no running and no closed journey gets its journey
 *   started (a crash between the dedupe record and StartExecution, or a journey that never started);
 * - send outcomes are reconciled (application/send-outcomes.ts): a claim a crashed send left is marked
 *   unknown (a metric and a ledger entry, once); an unknown outcome with no delivery event within the
 *   deadline is settled as not sent (only then may it be sent again); the count still unknown is a gauge;
 * - every account whose outbox still owes a reply or a hand-off (an event whose retries all failed) has
 *   it carried out.
 */
import { awsDependencies, type Dependencies } from './commons/dependencies';
import { withPowertools } from './commons/middleware';
import { countMetric, logger, METRIC } from './commons/powertools';
import { finishPendingEffects } from './application/apply-event';
import { reconcileSendOutcomes } from './application/send-outcomes';

export interface SweepResult {
  journeysStarted: number;
  /** Send claims whose outcome is still unknown after this sweep. */
  unconfirmedClaims: number;
  /** Claims a crashed send left, found and marked unknown by this sweep. */
  unknownSurfaced: number;
  /** Unknown outcomes past the deadline with no delivery event, settled as not sent by this sweep. */
  settledNotSent: number;
  /** Outbox effects found pending (each carried out, or left for the next sweep when it fails again). */
  pendingEffects: number;
}

async function reconcileJourneys(d: Dependencies, at: string): Promise<number> {
  let started = 0;
  for (const account of await d.state.findOverdueAccounts()) {
    const ref = { accountId: account.accountId, cycleId: account.cycleId };
    const journey = await d.state.getJourney(ref.accountId, ref.cycleId);
    if (journey?.status === 'closed') continue;
    if (await d.journeys.isRunning(ref)) continue;
    if (!journey) await d.state.claimJourney(ref.accountId, ref.cycleId, at);
    const result = await d.journeys.start(ref);
    if (result.alreadyStarted) continue; // an execution exists (it may have failed visibly): never a second one
    started++;
    countMetric(METRIC.journeysStarted);
    await d.ledger.append({
      kind: 'reconciliation',
      ...ref,
      at,
      finding: 'journey-restarted',
      detail: `the cycle was overdue with no running journey; the sweep started ${result.executionName}`,
    });
    logger.warn('sweep started a missing journey', { ...ref, executionName: result.executionName });
  }
  return started;
}

async function finishOutboxes(d: Dependencies): Promise<number> {
  let pending = 0;
  for (const accountId of await d.state.findAccountsWithPendingEffects()) {
    try {
      pending += await finishPendingEffects(d, accountId);
    } catch (error) {
      logger.warn('pending effects still failing: kept for the next sweep', { accountId, errorName: (error as Error)?.name });
    }
  }
  return pending;
}

export const makeSweepHandler = (deps: () => Dependencies) =>
  withPowertools(async (_event: unknown): Promise<SweepResult> => {
    const d = deps();
    const now = d.clock.now();
    const journeysStarted = await reconcileJourneys(d, now.toISOString());
    // Settle first: a reply whose send was settled as not sent goes out with the outbox below.
    const outcomes = await reconcileSendOutcomes(d, now);
    // A gauge, 0 included: the alarm on it clears once every unknown outcome is settled.
    countMetric(METRIC.unconfirmedClaims, outcomes.unknown);
    const pendingEffects = await finishOutboxes(d);
    const result = {
      journeysStarted,
      unconfirmedClaims: outcomes.unknown,
      unknownSurfaced: outcomes.surfaced,
      settledNotSent: outcomes.settledNotSent,
      pendingEffects,
    };
    logger.info('sweep done', result);
    return result;
  });

export const handler = makeSweepHandler(awsDependencies);
