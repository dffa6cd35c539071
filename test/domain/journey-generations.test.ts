import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  generationExecutionName,
  HOUR_MS,
  JOURNEY_LIMITS,
  resumeScheduleName,
  resumeTime,
  waitsInExecution,
} from '../../functions/domain/journey-generations';
import { journeyExecutionName } from '../../functions/domain/journey-name';
import { journeyWakeReason } from '../../functions/domain/journey-wake';
import type { Account } from '../../functions/domain/types';

const id = fc.string({ minLength: 1, maxLength: 64 });

describe('generation names', () => {
  it('keeps the name generation 0 always had', () => {
    expect(generationExecutionName({ accountId: 'a-1', cycleId: 'inv-1' }, 0)).toBe(journeyExecutionName('a-1', 'inv-1'));
  });

  it('fits Step Functions (1-80 of [A-Za-z0-9-_]) and Scheduler (1-64 of [0-9a-zA-Z-_.]) for any ids', () => {
    fc.assert(
      fc.property(id, id, fc.integer({ min: 1, max: 1_000_000 }), (accountId, cycleId, generation) => {
        expect(generationExecutionName({ accountId, cycleId }, generation)).toMatch(/^[A-Za-z0-9_-]{1,80}$/);
        expect(resumeScheduleName({ accountId, cycleId }, generation)).toMatch(/^[0-9a-zA-Z_.-]{1,64}$/);
      }),
    );
  });

  it('never gives two accounts, cycles or generations one name, even when the readable part is the same', () => {
    const names = new Set([
      generationExecutionName({ accountId: 'a', cycleId: 'b--g1' }, 1),
      generationExecutionName({ accountId: 'a--b', cycleId: 'g1' }, 1),
      generationExecutionName({ accountId: 'a.b', cycleId: 'c' }, 1),
      generationExecutionName({ accountId: 'a_b', cycleId: 'c' }, 1),
      generationExecutionName({ accountId: 'a_b', cycleId: 'c' }, 2),
    ]);
    expect(names.size).toBe(5);
    expect(resumeScheduleName({ accountId: 'a.b', cycleId: 'c' }, 1)).not.toBe(resumeScheduleName({ accountId: 'a_b', cycleId: 'c' }, 1));
  });

  it('rejects a generation that is not a whole number (and a resume of generation 0)', () => {
    expect(() => generationExecutionName({ accountId: 'a', cycleId: 'c' }, -1)).toThrow();
    expect(() => generationExecutionName({ accountId: 'a', cycleId: 'c' }, 1.5)).toThrow();
    expect(() => resumeScheduleName({ accountId: 'a', cycleId: 'c' }, 0)).toThrow();
  });
});

describe('rest or wait', () => {
  const now = new Date('2026-03-10T18:00:00Z');
  it(`waits in the execution up to ${JOURNEY_LIMITS.restAfterMs / HOUR_MS} h, rests beyond`, () => {
    expect(waitsInExecution(now, new Date(now.getTime() + JOURNEY_LIMITS.restAfterMs))).toBe(true);
    expect(waitsInExecution(now, new Date(now.getTime() + JOURNEY_LIMITS.restAfterMs + 1))).toBe(false);
  });
  it('resumes at the decided minute or after, never before', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4e12 }), (ms) => {
        const at = resumeTime(new Date(ms)).getTime();
        expect(at).toBeGreaterThanOrEqual(ms);
        expect(at - ms).toBeLessThan(60_000);
        expect(at % 60_000).toBe(0);
      }),
    );
  });
});

describe('journeyWakeReason', () => {
  const base = {
    accountId: 'a',
    cycleId: 'c',
    status: 'overdue',
    channels: { sms: { optedOut: false }, email: { optedOut: false }, voice: { optedOut: true } },
  } as unknown as Account;
  const after = (change: Partial<Account>) => ({ ...base, ...change }) as Account;

  it('wakes on a settling payment, a closure and a cease', () => {
    expect(journeyWakeReason(base, after({ status: 'paid' }), false)).toBe('settled');
    expect(journeyWakeReason(base, after({ status: 'closed' }), false)).toBe('account-closed');
    expect(journeyWakeReason(base, after({ status: 'ceased' }), false)).toBe('ceased');
  });

  it('wakes when the last medium is stopped, not when one of several is', () => {
    const allStopped = { sms: { optedOut: true }, email: { optedOut: true }, voice: { optedOut: true } };
    expect(journeyWakeReason(base, after({ channels: allStopped }), false)).toBe('ceased');
    const smsStopped = { ...base.channels, sms: { optedOut: true } };
    expect(journeyWakeReason(base, after({ channels: smsStopped }), false)).toBeUndefined();
  });

  it('wakes on a new dispute, a new suppression, a hand-off and hardship; not on what was already there', () => {
    expect(journeyWakeReason(base, after({ compliance: { disputeOpenedAt: '2026-03-10T18:00:00Z' } }), false)).toBe('dispute');
    expect(journeyWakeReason(base, after({ compliance: { bankruptcy: { filedAt: '2026-03-01' } } }), false)).toBe('suppressed');
    expect(journeyWakeReason(base, base, true)).toBe('hand-off');
    expect(journeyWakeReason(base, after({ hardship: { reportedAt: '2026-03-10T18:00:00Z', source: 'portal' } }), false)).toBe('hardship');
    const disputed = after({ compliance: { disputeOpenedAt: '2026-03-10T18:00:00Z' } });
    expect(journeyWakeReason(disputed, { ...disputed, balance: 10 } as Account, false)).toBeUndefined();
  });
});
