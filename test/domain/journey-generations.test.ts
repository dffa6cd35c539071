import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  generationExecutionName,
  HOUR_MS,
  JOURNEY_LIMITS,
  RESUME_LEAD,
  resumeAt,
  resumeLeadMinutes,
  resumeScheduleName,
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
  it('resumes on a whole minute, a lead before the decided time that the resumed execution then waits out within the rest threshold', () => {
    fc.assert(
      fc.property(
        id,
        id,
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 1e12, max: 4e12 }),
        (accountId, cycleId, generation, ms) => {
          const ref = { accountId, cycleId };
          const at = resumeAt(ref, generation, new Date(ms)).getTime();
          expect(at % 60_000).toBe(0);
          // Never late for the decided second, even at the end of Scheduler's flexible window and then late ...
          expect(ms - at).toBeGreaterThanOrEqual(RESUME_LEAD.minMinutes * 60_000);
          expect(RESUME_LEAD.minMinutes).toBeGreaterThan(RESUME_LEAD.flexibleWindowMinutes);
          // ... and what is left to wait is a wait an execution keeps (no second rest, no resume loop).
          expect(waitsInExecution(new Date(at), new Date(ms))).toBe(true);
          expect(resumeAt(ref, generation, new Date(ms)).getTime()).toBe(at);
        },
      ),
    );
  });

  it('spreads the resumes of one decided minute over the lead range (a busy minute of sends is not one burst of starts)', () => {
    const until = new Date('2026-03-10T18:30:17Z');
    const leads = Array.from({ length: 5_000 }, (_, i) => resumeLeadMinutes({ accountId: `a-${i}`, cycleId: 'inv-1' }, 3));
    const perLead = new Map<number, number>();
    for (const lead of leads) perLead.set(lead, (perLead.get(lead) ?? 0) + 1);
    expect(Math.min(...leads)).toBe(RESUME_LEAD.minMinutes);
    expect(Math.max(...leads)).toBe(RESUME_LEAD.minMinutes + RESUME_LEAD.spreadMinutes - 1);
    // Every minute of the range gets its share: the busiest at most 1.5 times the mean.
    expect(perLead.size).toBe(RESUME_LEAD.spreadMinutes);
    expect(Math.max(...perLead.values())).toBeLessThan((1.5 * leads.length) / RESUME_LEAD.spreadMinutes);
    // The same account's next generation resumes at another lead (daily re-checks do not stay in step).
    const next = Array.from({ length: 200 }, (_, i) => resumeLeadMinutes({ accountId: `a-${i}`, cycleId: 'inv-1' }, 4));
    expect(next.filter((lead, i) => lead !== leads[i]).length).toBeGreaterThan(180);
    expect(resumeAt({ accountId: 'a-0', cycleId: 'inv-1' }, 3, until).getTime()).toBeLessThan(until.getTime());
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
  /** The change's history entries and effects: none, or a hand-off asked for. */
  const nothing = { history: [], effects: [] };
  const handOff = { history: [], effects: [{ type: 'handoff' as const, reason: 'customer-asked-for-person' }] };

  it('wakes on a settling payment, a closure and a cease', () => {
    expect(journeyWakeReason(base, after({ status: 'paid' }), nothing)).toBe('settled');
    expect(journeyWakeReason(base, after({ status: 'closed' }), nothing)).toBe('account-closed');
    expect(journeyWakeReason(base, after({ status: 'ceased' }), nothing)).toBe('ceased');
  });

  it('wakes when the last medium is stopped, not when one of several is', () => {
    const allStopped = { sms: { optedOut: true }, email: { optedOut: true }, voice: { optedOut: true } };
    expect(journeyWakeReason(base, after({ channels: allStopped }), nothing)).toBe('ceased');
    const smsStopped = { ...base.channels, sms: { optedOut: true } };
    expect(journeyWakeReason(base, after({ channels: smsStopped }), nothing)).toBeUndefined();
  });

  it('wakes on a new dispute, a new suppression, a hand-off and hardship; not on what was already there', () => {
    expect(journeyWakeReason(base, after({ compliance: { disputeOpenedAt: '2026-03-10T18:00:00Z' } }), nothing)).toBe('dispute');
    expect(journeyWakeReason(base, after({ compliance: { bankruptcy: { filedAt: '2026-03-01' } } }), nothing)).toBe('suppressed');
    expect(journeyWakeReason(base, base, handOff)).toBe('hand-off');
    expect(journeyWakeReason(base, after({ hardship: { reportedAt: '2026-03-10T18:00:00Z', source: 'portal' } }), nothing)).toBe(
      'hardship',
    );
    const disputed = after({ compliance: { disputeOpenedAt: '2026-03-10T18:00:00Z' } });
    expect(journeyWakeReason(disputed, { ...disputed, balance: 10 } as Account, nothing)).toBeUndefined();
  });
});
