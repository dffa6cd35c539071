/**
 * How a journey moves from one execution to the next (domain/journey-generations.ts, README "Journeys
 * within their limits"): a long wait rests (the next generation is scheduled for the decided time and
 * this execution ends), a long-running execution continues as a new one, and an event that ends,
 * pauses or un-pauses the journey wakes it at once (the waiting execution is stopped, its pending resume
 * deleted and the next generation started now, which decides again: it closes, resumes, or rests until
 * something changes).
 * The journey record keeps the latest generation, so each of these finds the one to stop or cancel.
 */
import { waitsInExecution } from '../domain/journey-generations';
import type { WakeReason } from '../domain/journey-wake';
import type { JourneyRef } from '../domain/ports';
import type { Dependencies } from '../commons/dependencies';
import type { PaymentSettlement } from './settle-payment';
import { logger } from '../commons/powertools';

/** A decided wait: kept in the execution when short; otherwise the next generation is scheduled for it and this one ends. */
export async function restOrWait(d: Dependencies, ref: JourneyRef, generation: number, until: Date): Promise<{ rested: boolean }> {
  const now = d.clock.now();
  if (waitsInExecution(now, until)) return { rested: false };
  const next = generation + 1;
  // Scheduled before it is recorded: a crash in between leaves a schedule the retry finds (same name), never a record without one.
  const { scheduleName, alreadyScheduled } = await d.generations.scheduleGeneration(ref, next, until);
  await d.state.recordGeneration(ref.accountId, ref.cycleId, next, until.toISOString(), now.toISOString());
  logger.info('journey rests until its next step', {
    ...ref,
    generation: next,
    resumeAt: until.toISOString(),
    scheduleName,
    alreadyScheduled,
  });
  return { rested: true };
}

/** The execution has run its share of loops: its successor starts now and this one ends. */
export async function continueAsNew(d: Dependencies, ref: JourneyRef, generation: number): Promise<{ executionName: string }> {
  const next = generation + 1;
  const { executionName, alreadyStarted } = await d.generations.startGeneration(ref, next);
  await d.state.recordGeneration(ref.accountId, ref.cycleId, next, undefined, d.clock.now().toISOString());
  logger.info('journey continues as a new execution', { ...ref, generation: next, executionName, alreadyStarted });
  return { executionName };
}

export type WakeOutcome = { woken: false; why: 'no-journey' | 'closed' } | { woken: true; generation: number; executionName: string };

/**
 * Wakes a journey now: whatever it is waiting for (a Wait state in its execution, or a schedule) is
 * ended and the next generation decides at once. Safe to repeat: a later wake starts a later generation,
 * and the send claims keep every message at most once whichever generation reaches it.
 */
export async function wakeJourney(d: Dependencies, ref: JourneyRef, reason: WakeReason): Promise<WakeOutcome> {
  const journey = await d.state.getJourney(ref.accountId, ref.cycleId);
  if (!journey) return { woken: false, why: 'no-journey' };
  if (journey.status === 'closed') return { woken: false, why: 'closed' };
  const current = journey.generation ?? 0;
  if (journey.resumeAt) await d.generations.cancelSchedule(ref, current);
  // A schedule may have fired just before it was deleted: its execution is stopped too.
  await d.generations.stopGeneration(ref, current, reason);
  const next = current + 1;
  const { executionName } = await d.generations.startGeneration(ref, next);
  await d.state.recordGeneration(ref.accountId, ref.cycleId, next, undefined, d.clock.now().toISOString());
  logger.info('journey woken early', { ...ref, reason, generation: next, executionName });
  return { woken: true, generation: next, executionName };
}

/**
 * Wakes the journey of an event that ends, pauses or un-pauses it. A wake-up that fails is logged, not
 * thrown: the event is applied already, and the journey still sees it at its next step (Send's guard
 * re-checks first). For a paused journey that is the pause's end (a hand-off's timeout, the complaint
 * bound): a lost wake-up leaves it quiet for longer, never sends anything sooner.
 */
export async function wakeForEvent(d: Dependencies, ref: JourneyRef, reason: WakeReason | undefined): Promise<WakeReason | undefined> {
  if (!reason) return undefined;
  try {
    const outcome = await wakeJourney(d, ref, reason);
    return outcome.woken ? reason : undefined;
  } catch (error) {
    logger.warn('journey not woken: it sees the event at its next step', { ...ref, reason, errorName: (error as Error)?.name });
    return undefined;
  }
}

/**
 * The wake-up an applied event owes, wherever it came in: a billing event (lifecycle), a customer's
 * text (inbound-sms: STOP on the last medium, a dispute, hardship, a wish to talk to a person) or the
 * portal (a dispute, hardship). One path, so no entry point leaves a journey asleep until its next step.
 */
export async function wakeAfterApplied(d: Dependencies, result: PaymentSettlement): Promise<WakeReason | undefined> {
  if (result.status !== 'applied') return undefined;
  return wakeForEvent(d, { accountId: result.accountId, cycleId: result.cycleId }, result.wake);
}
