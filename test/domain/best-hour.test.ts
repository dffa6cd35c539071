import { describe, expect, it } from 'vitest';
import { toHistoryEntries } from '../../functions/domain/ledger';
import { bestHour } from '../../functions/domain/best-hour';
import { decide } from '../../functions/domain/decide';
import { applyLifecycleEvent } from '../../functions/domain/lifecycle';
import { type LifecycleEvent } from '../../functions/domain/lifecycle-types';
import { DEFAULT_PLAYBOOK } from '../../functions/domain/playbook';
import type { Account, Channel, DeliveryOutcome, HistoryEntry } from '../../functions/domain/types';
import { account, contact } from './fixtures';

const CHICAGO = ['America/Chicago'];
const inbound = (at: string, channel: Channel = 'sms'): HistoryEntry => ({ kind: 'inbound', at, channel });
const engaged = (at: string, channel: Channel = 'email'): HistoryEntry => ({ kind: 'engaged', at, channel });

// Chicago is on CDT (UTC-5) from 2026-03-08: 18:00 local = 23:00Z.
const NOW = new Date('2026-03-13T15:00:00Z'); // Fri 10:00 Chicago

describe('bestHour', () => {
  it('picks the local hour around which the customer replies and opens', () => {
    const history = [
      inbound('2026-03-10T23:05:00Z'), // 18:05
      engaged('2026-03-11T23:20:00Z'), // 18:20
      engaged('2026-03-12T22:40:00Z'), // 17:40
      engaged('2026-03-13T14:00:00Z'), // 09:00
    ];
    expect(bestHour(history, CHICAGO, NOW)).toEqual({ hour: 18, support: 3, total: 4 });
  });

  it('reads hours in the first possible zone', () => {
    const history = [inbound('2026-03-10T23:05:00Z'), engaged('2026-03-11T23:20:00Z'), engaged('2026-03-12T23:10:00Z')];
    expect(bestHour(history, ['America/New_York', 'America/Chicago'], NOW)?.hour).toBe(19);
  });

  it('needs at least three moments of engagement', () => {
    expect(bestHour([], CHICAGO, NOW)).toBeUndefined();
    expect(bestHour([inbound('2026-03-10T23:05:00Z'), engaged('2026-03-11T23:20:00Z')], CHICAGO, NOW)).toBeUndefined();
  });

  it('is undefined when engagement is scattered across the day', () => {
    const history = [
      engaged('2026-03-09T13:00:00Z'), // 08:00
      engaged('2026-03-10T17:00:00Z'), // 12:00
      inbound('2026-03-11T21:00:00Z'), // 16:00
      engaged('2026-03-12T01:30:00Z'), // 20:30
    ];
    expect(bestHour(history, CHICAGO, NOW)).toBeUndefined();
  });

  it('is undefined when two separate habits are equally strong', () => {
    const history = [
      engaged('2026-03-09T14:10:00Z'), // 09:10
      engaged('2026-03-10T14:20:00Z'), // 09:20
      engaged('2026-03-10T23:10:00Z'), // 18:10
      engaged('2026-03-11T23:20:00Z'), // 18:20
    ];
    expect(bestHour(history, CHICAGO, NOW)).toBeUndefined();
  });

  it('ignores events older than 90 days, events after now and entries that are not engagement', () => {
    const old = [engaged('2025-12-01T00:05:00Z'), engaged('2025-12-02T00:05:00Z'), engaged('2025-12-03T00:05:00Z')];
    expect(bestHour(old, CHICAGO, NOW)).toBeUndefined();
    const future = [engaged('2026-03-14T23:05:00Z'), engaged('2026-03-15T23:05:00Z'), engaged('2026-03-16T23:05:00Z')];
    expect(bestHour(future, CHICAGO, NOW)).toBeUndefined();
    const contacts = [
      contact('2026-03-10T23:05:00Z', 's1', 'sms'),
      contact('2026-03-11T23:05:00Z', 's2', 'sms'),
      contact('2026-03-12T23:05:00Z', 's3', 'sms'),
    ];
    expect(bestHour(contacts, CHICAGO, NOW)).toBeUndefined();
  });

  it('counts an open and a click of the same message (or a burst of replies) once', () => {
    const history = [engaged('2026-03-10T23:05:00Z'), engaged('2026-03-10T23:06:00Z'), inbound('2026-03-10T23:30:00Z')];
    expect(bestHour(history, CHICAGO, NOW)).toBeUndefined();
  });
});

describe('decide: the best hour', () => {
  // s1 went out on sms at 10:00 on Tuesday; s2 (email, 3 days later) is due Friday 10:00 Chicago.
  const s1 = contact('2026-03-10T15:00:00Z', 's1-friendly', 'sms');
  const evenings = [
    inbound('2026-03-10T23:05:00Z'),
    engaged('2026-03-11T23:20:00Z'),
    engaged('2026-03-12T22:40:00Z'),
    engaged('2026-03-13T14:00:00Z'),
  ];
  const run = (a: Account, history: HistoryEntry[], now: string) =>
    decide({ account: a, history, playbook: DEFAULT_PLAYBOOK, now: new Date(now) });

  it('without engagement, a due step is sent at once', () => {
    expect(run(account(), [s1], '2026-03-13T15:00:00Z').action).toMatchObject({ type: 'contact', stepId: 's2-followup', channel: 'email' });
  });

  it('a step due at 10:00 waits until 18:00 local for a customer who usually engages around then', () => {
    const d = run(account(), [s1, ...evenings], '2026-03-13T15:00:00Z');
    expect(d.action).toEqual({ type: 'wait', until: '2026-03-13T23:00:00.000Z' });
    expect(d.reasons[0]).toEqual({
      ruleId: 'strategy.best-hour',
      decisive: true,
      effect: 'deferred',
      channel: 'email',
      until: '2026-03-13T23:00:00.000Z',
      detail: 'the customer usually engages around 18:00 (3 of 4 replies/opens): waiting until then',
    });
    // At 18:00 it goes.
    expect(run(account(), [s1, ...evenings], '2026-03-13T23:00:00Z').action).toMatchObject({
      type: 'contact',
      stepId: 's2-followup',
      channel: 'email',
    });
  });

  it('a customer who stated blocked times gets their own preference, not a learned hour', () => {
    const a = account({ customer: { blockedTimes: [{ start: '12:00', end: '13:00' }] } });
    expect(run(a, [s1, ...evenings], '2026-03-13T15:00:00Z').action).toMatchObject({ type: 'contact', stepId: 's2-followup' });
  });

  it('a best hour already past today sends now', () => {
    const d = run(account(), [s1, ...evenings], '2026-03-13T23:30:00Z'); // 18:30
    expect(d.action).toMatchObject({ type: 'contact', stepId: 's2-followup' });
    expect(d.reasons.map((r) => r.ruleId)).not.toContain('strategy.best-hour');
  });

  it('never waits more than 10 hours, nor until 20:00 or later', () => {
    const early = contact('2026-03-10T13:00:00Z', 's1-friendly', 'sms'); // s2 due Friday 08:00 Chicago
    // 08:00 local, best hour 18:00: exactly 10 hours, so it waits.
    expect(run(account(), [early, ...evenings], '2026-03-13T13:00:00Z').action).toEqual({
      type: 'wait',
      until: '2026-03-13T23:00:00.000Z',
    });
    // 08:00 local, best hour 19:00: 11 hours away, so it sends now.
    const nineteen = evenings.map((h) => ({ ...h, at: new Date(Date.parse(h.at) + 3_600_000).toISOString() }));
    expect(bestHour(nineteen, CHICAGO, NOW)?.hour).toBe(19);
    expect(run(account(), [early, ...nineteen], '2026-03-13T13:00:00Z').action).toMatchObject({ type: 'contact', stepId: 's2-followup' });
    // Best hour 21:00 (past 20:00 and the window's end): sends now.
    const late = evenings.map((h) => ({ ...h, at: new Date(Date.parse(h.at) + 3 * 3_600_000).toISOString() }));
    expect(bestHour(late, CHICAGO, new Date('2026-03-14T12:00:00Z'))?.hour).toBe(21);
    expect(run(account(), [early, ...late], '2026-03-14T15:00:00Z').action).toMatchObject({ type: 'contact', stepId: 's2-followup' });
  });

  it('does not hold back the validation notice or the thanks for a part payment', () => {
    const noticeDue = account({ compliance: { validationNoticeSentAt: undefined } });
    expect(run(noticeDue, [s1, ...evenings], '2026-03-13T15:00:00Z').action).toMatchObject({
      type: 'contact',
      template: 'validation-notice',
    });
    const paid: HistoryEntry = { kind: 'payment', at: '2026-03-12T16:00:00Z', amount: 20 };
    expect(run(account(), [s1, ...evenings, paid], '2026-03-13T15:00:00Z').action).toMatchObject({
      type: 'contact',
      template: 'partial-payment-thanks',
    });
  });

  it('engagement is never counted as a contact', () => {
    // Many opens in a day do not use up any cap: the first step still goes (at the best hour).
    const opens = Array.from({ length: 12 }, (_, i) => engaged(`2026-03-09T23:${String(i * 4).padStart(2, '0')}:00Z`));
    const d = run(account({ openedAt: '2026-03-10T14:00:00.000Z' }), [...opens, ...evenings.slice(0, 3)], '2026-03-13T23:00:00Z');
    expect(d.action).toMatchObject({ type: 'contact', stepId: 's1-friendly' });
  });
});

describe('engagement in the history', () => {
  const delivery = (outcome: DeliveryOutcome, channel: Channel = 'email'): LifecycleEvent => ({
    detailType: 'DeliveryReported',
    detail: { accountId: 'acc-1', channel, providerMessageId: 'msg-1', outcome, providerEventType: outcome, at: '2026-03-12T23:00:00Z' },
  });
  const apply = (outcome: DeliveryOutcome, channel?: Channel) =>
    applyLifecycleEvent(account(), delivery(outcome, channel), { now: new Date('2026-03-12T23:00:05Z'), playbook: DEFAULT_PLAYBOOK })
      .history;

  it('an opened or clicked message adds an engaged entry; a delivery does not', () => {
    expect(apply('opened')).toEqual([{ kind: 'engaged', channel: 'email' }]);
    expect(apply('clicked', 'sms')).toEqual([{ kind: 'engaged', channel: 'sms' }]);
    expect(apply('delivered')).toEqual([]);
    expect(apply('sent')).toEqual([]);
  });

  it('the ledger gives engaged records back to decide()', () => {
    const base = { accountId: 'acc-1', cycleId: 'cyc-1', at: '2026-03-12T23:00:05Z' };
    expect(toHistoryEntries([{ ...base, kind: 'engaged', channel: 'email' }])).toEqual([
      { kind: 'engaged', at: base.at, channel: 'email' },
    ]);
  });
});
