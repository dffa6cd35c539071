/**
 * Journeys within the Step Functions limits (README "Journeys within their limits"). A journey is a
 * chain of executions, one per generation: a wait longer than `restAfterMs` ends the execution and a
 * one-time schedule starts the next generation at the decided time (no open execution while it rests),
 * and an execution that has run `loopsPerExecution` loops starts its successor and ends, so none comes
 * near the one-year or the 25,000-event limit. The ledger and the send claims are keyed by account,
 * cycle and step, never by execution, so every generation sees the same history and the same claims.
 */
import { hash } from 'node:crypto';
import { DAY_MS } from './rules/time';
import { journeyExecutionName } from './journey-name';
import type { JourneyRef } from './ports';

export const HOUR_MS = 3_600_000;

export const JOURNEY_LIMITS = {
  /**
   * A decided wait longer than this ends the execution; a schedule resumes the journey. One hour: waits
   * for a reserved send second or a window opening later today stay in the execution, cadence waits of
   * days rest (bench/journey-limits.ts measures both sides of the choice).
   */
  restAfterMs: HOUR_MS,
  /**
   * Loops (entries into Decide) one execution may run before it continues as a new execution. The
   * state machine's WithinLimits state holds the same number (test/infra/journey-limits-asl.test.ts).
   */
  loopsPerExecution: 100,
  /** Step Functions Standard: an execution fails at 25,000 history events and ends at one year. */
  historyEventQuota: 25_000,
  executionAgeQuotaMs: 365 * DAY_MS,
} as const;

/** Whether the journey waits inside its execution, or ends it and rests until a schedule resumes it. */
export function waitsInExecution(now: Date, until: Date): boolean {
  return until.getTime() - now.getTime() <= JOURNEY_LIMITS.restAfterMs;
}

const MINUTE_MS = 60_000;

/**
 * How long before its decided time a resting journey is resumed. Scheduler's at() has minute
 * precision, so every schedule of a minute fires in its first seconds: resumed at the decided time
 * (rounded up, as before), the paced sends of a whole minute went out together in its first second
 * (over the identity's per-second capacity) and the StartExecution calls of the busiest minute came as
 * one burst. Instead each resume fires a spread lead before the decided time -- `minMinutes` plus a
 * hash of account, cycle and generation over `spreadMinutes` -- and the execution waits the rest of
 * the way in its first state, to the second (statemachines/journey.asl.json, WaitForResume). The lead
 * stays under the rest threshold, so the remaining wait is one an execution would keep anyway.
 */
export const RESUME_LEAD = {
  /**
   * Scheduler's flexible time window: it invokes a schedule at some point of this many minutes after its
   * at() time, dispersing the invocations of one minute over seconds instead of its first one.
   */
  flexibleWindowMinutes: 15,
  /** The flexible window, plus room for a late start (Scheduler's retries, StartExecution throttled), before the decided second. */
  minMinutes: 17,
  /** The resumes of one busy minute of sends are spread over this many minutes before it. */
  spreadMinutes: 40,
} as const;

const digest = (ref: JourneyRef, generation: number) =>
  // The one-shot hash: the same digest as createHash's, without a Hash object per call (every resting wait asks).
  hash('sha256', `${ref.accountId}\u0000${ref.cycleId}\u0000${generation}`, 'hex').slice(0, 16);

/** The whole minutes before the decided time that this generation's resume fires (a hash, so the same on every retry). */
export function resumeLeadMinutes(ref: JourneyRef, generation: number): number {
  return RESUME_LEAD.minMinutes + (Number.parseInt(digest(ref, generation).slice(0, 8), 16) % RESUME_LEAD.spreadMinutes);
}

/**
 * When the schedule that resumes a generation fires: on a whole minute (at()'s precision), at least
 * `minMinutes` and less than the rest threshold before the decided time `until`, which the resumed
 * execution then waits for. Never after `until`: a resumed journey is never late for its paced second.
 */
export function resumeAt(ref: JourneyRef, generation: number, until: Date): Date {
  return new Date(Math.floor((until.getTime() - resumeLeadMinutes(ref, generation) * MINUTE_MS) / MINUTE_MS) * MINUTE_MS);
}

/** `<readable prefix>-g<generation>-<hash>`, at most `max` characters of [A-Za-z0-9_-]. */
function generationName(ref: JourneyRef, generation: number, max: number): string {
  const suffix = `-g${generation}-${digest(ref, generation)}`;
  const readable = `${ref.accountId}--${ref.cycleId}`.replace(/[^A-Za-z0-9_-]/g, '_');
  return `${readable.slice(0, max - suffix.length)}${suffix}`;
}

/**
 * The execution name of a journey's generation (Step Functions: 1-80 of [A-Za-z0-9-_]). Generation 0
 * keeps the name journeys always had; later ones end in a hash of account, cycle and generation, so two
 * accounts can never share a name however their ids look.
 */
export function generationExecutionName(ref: JourneyRef, generation: number): string {
  if (!Number.isInteger(generation) || generation < 0) throw new Error(`generation must be a whole number: ${generation}`);
  return generation === 0 ? journeyExecutionName(ref.accountId, ref.cycleId) : generationName(ref, generation, 80);
}

/** The one-time schedule that starts a generation (Scheduler: 1-64 of [0-9a-zA-Z-_.]). */
export function resumeScheduleName(ref: JourneyRef, generation: number): string {
  if (!Number.isInteger(generation) || generation < 1) throw new Error(`a resumed generation is 1 or more: ${generation}`);
  return generationName(ref, generation, 64);
}

/**
 * What a generation's execution starts with (the state machine's input). `until`: a resumed generation
 * first waits for its decided time (it was started a lead before it, see RESUME_LEAD).
 */
export function generationInput(
  ref: JourneyRef,
  generation: number,
  until?: Date,
): { accountId: string; cycleId: string; generation: number; loops: number; until?: string } {
  return { accountId: ref.accountId, cycleId: ref.cycleId, generation, loops: 0, ...(until ? { until: until.toISOString() } : {}) };
}
