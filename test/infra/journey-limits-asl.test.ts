/**
 * The journey definition cannot reach a Step Functions Standard limit: every loop passes CountLoop, so
 * one loop visits each state at most once and writes at most the sum of every state's worst case; the
 * WithinLimits state ends the execution after JOURNEY_LIMITS.loopsPerExecution loops; and no wait kept
 * in an execution is longer than the rest threshold (longer ones go through PlanWait and rest).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { JOURNEY_DEFINITION_FILE } from '../../lib/journey-definition';
import { JOURNEY_LIMITS } from '../../functions/domain/journey-generations';

interface State {
  Type: string;
  Next?: string;
  Default?: string;
  Seconds?: number;
  TimestampPath?: string;
  Choices?: Array<{ Next: string; NumericGreaterThan?: number; Variable?: string }>;
  Retry?: Array<{ MaxAttempts?: number; IntervalSeconds?: number; BackoffRate?: number; MaxDelaySeconds?: number }>;
  Catch?: Array<{ Next: string }>;
}
const definition = JSON.parse(readFileSync(JOURNEY_DEFINITION_FILE, 'utf8')) as { StartAt: string; States: Record<string, State> };
const states = definition.States;

/**
 * History events a state can write, at worst: entered + exited for every state; a Lambda task adds
 * scheduled, started and succeeded or failed per attempt (every retry taken).
 */
function worstEvents(state: State): number {
  if (state.Type !== 'Task') return 2;
  const attempts = 1 + (state.Retry ?? []).reduce((sum, r) => sum + (r.MaxAttempts ?? 3), 0);
  return 2 + 3 * attempts;
}

/** Every state reachable from `from` without passing `through` (one loop). */
function loopStates(from: string, through: string): Set<string> {
  const seen = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name) || (name === through && seen.size > 0)) return;
    seen.add(name);
    const s = states[name];
    for (const next of [s.Next, s.Default, ...(s.Choices ?? []).map((c) => c.Next), ...(s.Catch ?? []).map((c) => c.Next)]) {
      if (next) visit(next);
    }
  };
  visit(from);
  return seen;
}

describe('the journey definition within the Standard limits', () => {
  it('holds the loop limit of domain/journey-generations.ts in its WithinLimits state', () => {
    const rule = states.WithinLimits.Choices?.find((c) => c.Next === 'ContinueAsNew');
    expect(rule).toMatchObject({ Variable: '$.loops', NumericGreaterThan: JOURNEY_LIMITS.loopsPerExecution });
    expect(states.WithinLimits.Default).toBe('Decide');
  });

  it('counts every loop: each way back to Decide passes CountLoop, and nothing but WithinLimits enters Decide', () => {
    const intoDecide = Object.entries(states).filter(
      ([, s]) => s.Next === 'Decide' || s.Default === 'Decide' || (s.Choices ?? []).some((c) => c.Next === 'Decide'),
    );
    expect(intoDecide.map(([name]) => name)).toEqual(['WithinLimits']);
    expect(definition.StartAt).toBe('Generation');
  });

  it(`stays below ${JOURNEY_LIMITS.historyEventQuota} history events even if every state of every loop takes every retry`, () => {
    const perLoop = [...loopStates('CountLoop', 'CountLoop')].reduce((sum, name) => sum + worstEvents(states[name]), 0);
    const start = ['Generation', 'FirstLoop', 'WaitForResume'].reduce((sum, name) => sum + worstEvents(states[name]), 0);
    const worst = start + (JOURNEY_LIMITS.loopsPerExecution + 1) * perLoop;
    expect(perLoop).toBeGreaterThan(50);
    expect(worst).toBeLessThan(JOURNEY_LIMITS.historyEventQuota);
  });

  it('keeps no wait longer than the rest threshold in an execution, so it stays far from one year', () => {
    const waits = Object.entries(states).filter(([, s]) => s.Type === 'Wait');
    for (const [name, s] of waits) {
      if (s.TimestampPath) {
        const into = Object.entries(states).filter(
          ([, o]) => o.Next === name || o.Default === name || (o.Choices ?? []).some((c) => c.Next === name),
        );
        // Reached only when PlanWait said the wait stays in the execution (at most restAfterMs), or once at
        // the start of a resumed generation, for what is left of its lead (resumeAt: under restAfterMs).
        expect(into.map(([n]) => n)).toEqual([s.TimestampPath === '$.until' ? 'Generation' : 'RestOrWait']);
      } else {
        expect((s.Seconds ?? 0) * 1000, name).toBeLessThanOrEqual(JOURNEY_LIMITS.restAfterMs);
      }
    }
    // A loop's tasks at worst: every attempt runs to the 15-minute Lambda limit, plus the retry delays (capped at an hour each).
    const taskHours = Object.values(states)
      .filter((s) => s.Type === 'Task')
      .reduce((sum, s) => sum + (1 + (s.Retry ?? []).reduce((n, r) => n + (r.MaxAttempts ?? 3), 0)) * 1.25, 0);
    const worstLoopMs = JOURNEY_LIMITS.restAfterMs + taskHours * 3_600_000;
    expect((JOURNEY_LIMITS.loopsPerExecution + 1) * worstLoopMs).toBeLessThan(JOURNEY_LIMITS.executionAgeQuotaMs);
  });
});
