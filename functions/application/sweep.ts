/**
 * The daily reconciliation sweep, one shard at a time (domain/sweep-shards.ts), reading only the sweep's
 * sparse indexes (never a Scan), page by page, until its time runs out -- then it hands back a cursor
 * and the next run of the shard carries on from there. In each shard, in order:
 * - journeys: every overdue account whose cycle's journey was never confirmed started (a crash between
 *   the dedupe record and StartExecution, or before the record) gets it started. Only those are asked
 *   about in Step Functions, at a rate inside the API quota; a journey confirmed started (its execution
 *   exists or existed) is never started again: never a second journey for a cycle;
 * - send outcomes: a claim a crashed send left is marked unknown (a metric and a ledger entry, once); an
 *   unknown outcome with no delivery event within the deadline is settled as not sent (only then may it
 *   be sent again); the count still unknown feeds a gauge;
 * - outboxes: every account whose outbox still owes a reply or a hand-off has it carried out (after
 *   the claims: a reply whose send was settled as not sent goes out here).
 */
import type { Dependencies } from '../commons/dependencies';
import { countMetric, logger, METRIC } from '../commons/powertools';
import type { JourneyRecord } from '../domain/storage';
import { SWEEP_LANES, type IndexPosition, type Page, type SweepCursor, type SweepLane } from '../domain/sweep-shards';
import { finishPendingEffects } from './apply-event';
import { RateLimiter } from './rate-limiter';
import { settleUnknownSend, surfaceCrashedSend, UNCONFIRMED_AFTER_MS } from './send-outcomes';

export interface SweepTotals {
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

export const NO_TOTALS: SweepTotals = {
  journeysStarted: 0,
  unconfirmedClaims: 0,
  unknownSurfaced: 0,
  settledNotSent: 0,
  pendingEffects: 0,
};

export const addTotals = (a: SweepTotals, b: SweepTotals): SweepTotals => ({
  journeysStarted: a.journeysStarted + b.journeysStarted,
  unconfirmedClaims: a.unconfirmedClaims + b.unconfirmedClaims,
  unknownSurfaced: a.unknownSurfaced + b.unknownSurfaced,
  settledNotSent: a.settledNotSent + b.settledNotSent,
  pendingEffects: a.pendingEffects + b.pendingEffects,
});

/**
 * The Step Functions calls the whole sweep may make, per second, shared by its parallel workers: well
 * inside the older published defaults of the smaller Regions (DescribeExecution refill 10/s,
 * StartExecution 150/s; the large Regions 15/s and 300/s), leaving the rest to intake, which uses both.
 */
export const SWEEP_API_RATES = { describeExecution: 8, startExecution: 80 } as const;

/** The Step Functions calls one worker may make: its share when `workers` run at once. */
export interface SweepLimits {
  describe: RateLimiter;
  start: RateLimiter;
}

export const sweepLimits = (workers: number): SweepLimits => ({
  describe: new RateLimiter(SWEEP_API_RATES.describeExecution / workers),
  start: new RateLimiter(SWEEP_API_RATES.startExecution / workers),
});

/** One run over part of a shard: what it did, and where the next run starts (absent: the shard is done). */
export interface ShardProgress {
  totals: SweepTotals;
  cursor?: SweepCursor;
}

export interface ShardRun {
  d: Dependencies;
  shard: number;
  now: Date;
  limits: SweepLimits;
  /** Whether there is time left for more work (a Lambda run stops well before its timeout). */
  hasTime: () => boolean;
}

/**
 * Sweeps the shard from `from` (its start when absent) while there is time; a cursor when it stopped
 * early. Every run does at least one page: a run always moves on, so a shard's loop always ends.
 */
export async function sweepShard(run: ShardRun, from?: SweepCursor): Promise<ShardProgress> {
  let totals = NO_TOTALS;
  let lane: SweepLane | undefined = from?.lane ?? SWEEP_LANES[0];
  let after = from?.after;
  for (let pages = 0; lane; pages++) {
    if (pages > 0 && !run.hasTime()) return { totals, cursor: { lane, ...(after ? { after } : {}) } };
    const page = await sweepPage(run, lane, after);
    totals = addTotals(totals, page.totals);
    if (page.unfinished) continue; // out of time within the page: the next run reads it again
    after = page.next;
    if (!after) lane = SWEEP_LANES[SWEEP_LANES.indexOf(lane) + 1];
  }
  return { totals };
}

interface PageDone {
  totals: SweepTotals;
  next?: IndexPosition;
  /** The page was left part done (time ran out): it is read again from its start. */
  unfinished?: boolean;
}

/** One index page of one lane, and what was done with it. */
async function sweepPage(run: ShardRun, lane: SweepLane, after: IndexPosition | undefined): Promise<PageDone> {
  const { d, shard, now } = run;
  const counted = <T>(page: Page<T>, totals: Partial<SweepTotals>) => ({ totals: { ...NO_TOTALS, ...totals }, next: page.next });
  switch (lane) {
    case 'journeys': {
      // Only this lane waits on a rate limit, so only it may run out of time within a page. Doing the
      // page's start again is harmless: what it started is confirmed started and skipped.
      const page = await d.state.overdueAccounts(shard, after);
      const { started, unfinished } = await reconcileJourneys(run, page.items);
      return { ...counted(page, { journeysStarted: started }), unfinished };
    }
    case 'crashed-claims': {
      const page = await d.state.crashedClaims(shard, new Date(now.getTime() - UNCONFIRMED_AFTER_MS), after);
      let surfaced = 0;
      for (const claim of page.items) if (await surfaceCrashedSend(d, claim, now)) surfaced++;
      return counted(page, { unknownSurfaced: surfaced });
    }
    case 'unknown-claims': {
      const page = await d.state.unknownClaims(shard, after);
      let settled = 0;
      for (const claim of page.items) if ((await settleUnknownSend(d, claim, now)) === 'settled-not-sent') settled++;
      return counted(page, { settledNotSent: settled, unconfirmedClaims: page.items.length - settled });
    }
    case 'outboxes': {
      const page = await d.state.accountsWithPendingEffects(shard, after);
      return counted(page, { pendingEffects: await finishOutboxes(d, page.items) });
    }
  }
}

const cycleKey = (ref: { accountId: string; cycleId: string }) => `${ref.accountId}\u0000${ref.cycleId}`;

/** A page of overdue accounts: their journey records in batches, then Step Functions for the unconfirmed only. */
async function reconcileJourneys(
  run: ShardRun,
  accounts: Array<{ accountId: string; cycleId: string }>,
): Promise<{ started: number; unfinished: boolean }> {
  const records = new Map((await run.d.state.getJourneys(accounts)).map((record) => [cycleKey(record), record]));
  const inFlightSince = new Date(run.now.getTime() - UNCONFIRMED_AFTER_MS).toISOString();
  let started = 0;
  let asked = 0;
  for (const ref of accounts) {
    const journey = records.get(cycleKey(ref));
    if (journey?.status === 'closed' || journey?.startedAt) continue;
    // Claimed moments ago: the placement that claimed it is starting it now.
    if (journey && journey.claimedAt > inFlightSince) continue;
    // At least one each run (what it asks about is then confirmed and skipped by the next): progress.
    if (asked++ > 0 && !run.hasTime()) return { started, unfinished: true };
    if (await startMissingJourney(run, ref, journey)) started++;
  }
  return { started, unfinished: false };
}

/** Starts the cycle's journey unless its execution exists; true when this sweep started it. */
async function startMissingJourney(
  run: ShardRun,
  ref: { accountId: string; cycleId: string },
  journey: JourneyRecord | undefined,
): Promise<boolean> {
  const { d, limits } = run;
  const at = run.now.toISOString();
  await limits.describe.take();
  if (await d.journeys.isRunning(ref)) {
    await d.state.markJourneyStarted(ref.accountId, ref.cycleId, at);
    return false;
  }
  if (!journey) await d.state.claimJourney(ref.accountId, ref.cycleId, at);
  await limits.start.take();
  const result = await d.journeys.start(ref);
  await d.state.markJourneyStarted(ref.accountId, ref.cycleId, at);
  if (result.alreadyStarted) return false; // an execution exists (it may have failed visibly): never a second one
  countMetric(METRIC.journeysStarted);
  await d.ledger.append({
    kind: 'reconciliation',
    ...ref,
    at,
    finding: 'journey-restarted',
    detail: `the cycle was overdue with no running journey; the sweep started ${result.executionName}`,
  });
  logger.warn('sweep started a missing journey', { ...ref, executionName: result.executionName });
  return true;
}

async function finishOutboxes(d: Dependencies, accountIds: string[]): Promise<number> {
  let pending = 0;
  for (const accountId of accountIds) {
    try {
      pending += await finishPendingEffects(d, accountId);
    } catch (error) {
      logger.warn('pending effects still failing: kept for the next sweep', { accountId, errorName: (error as Error)?.name });
    }
  }
  return pending;
}
