/**
 * The daily reconciliation sweep (EventBridge Scheduler):
 * - every overdue account whose current cycle has no running and no closed journey gets its journey
 *   started (a crash between the dedupe record and StartExecution, or a journey that never started);
 * - every send claim still unconfirmed 15 minutes after it was made is surfaced: a metric, a PII-free
 *   warning and (once) a ledger entry, for a person to check with the provider. It is never re-sent;
 * - every account whose outbox still owes a reply or a hand-off (an event whose retries all failed) has
 *   it carried out.
 */
import { awsDependencies, type Dependencies } from './commons/dependencies';
import { withPowertools } from './commons/middleware';
import { countMetric, logger, METRIC } from './commons/powertools';
import { finishPendingEffects } from './application/apply-event';

export const UNCONFIRMED_AFTER_MS = 15 * 60 * 1000;

export interface SweepResult {
  journeysStarted: number;
  unconfirmedClaims: number;
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

async function surfaceUnconfirmedClaims(d: Dependencies, now: Date): Promise<number> {
  const claims = await d.state.findUnconfirmedClaims(new Date(now.getTime() - UNCONFIRMED_AFTER_MS));
  for (const claim of claims) {
    const { accountId, cycleId, stepId, channel, claimedAt } = claim;
    logger.warn('unconfirmed send claim: check with the provider, it will not be re-sent', {
      accountId,
      cycleId,
      stepId,
      channel,
      claimedAt,
    });
    if (await d.state.markClaimSurfaced(accountId, cycleId, stepId, channel, now.toISOString())) {
      await d.ledger.append({
        kind: 'reconciliation',
        accountId,
        cycleId,
        at: now.toISOString(),
        finding: 'unconfirmed-claim',
        stepId,
        channel,
        detail: `claimed at ${claimedAt}, outcome unknown (the send may have reached the provider); not re-sent`,
      });
    }
  }
  if (claims.length) countMetric(METRIC.unconfirmedClaims, claims.length);
  return claims.length;
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
    const pendingEffects = await finishOutboxes(d);
    const unconfirmedClaims = await surfaceUnconfirmedClaims(d, now);
    logger.info('sweep done', { journeysStarted, unconfirmedClaims, pendingEffects });
    return { journeysStarted, unconfirmedClaims, pendingEffects };
  });

export const handler = makeSweepHandler(awsDependencies);
