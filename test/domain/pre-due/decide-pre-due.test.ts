import { describe, expect, it } from 'vitest';
import { decidePreDue, PRE_DUE_STEP_ID, preDueCutoff } from '../../../functions/domain/pre-due/decide-pre-due';
import { DEFAULT_PLAYBOOK, playbookProblems } from '../../../functions/domain/playbook';
import type { Account, HistoryEntry } from '../../../functions/domain/types';
import type { Decision } from '../../../functions/domain/decision-types';
import { account, contact } from '../fixtures';

const preDue = DEFAULT_PLAYBOOK.preDue!;
/** A bill due on 2026-03-20 seen on 2026-03-10; no validation notice sent (there is no debt yet). */
const bill = (overrides: Parameters<typeof account>[0] = {}): Account =>
  account({
    cycleId: 'bill-7.pre-due',
    dueDate: '2026-03-20',
    openedAt: '2026-03-10T14:00:00.000Z',
    compliance: { validationNoticeSentAt: undefined },
    ...overrides,
  });
const run = (a: Account, history: HistoryEntry[], now: string): Decision =>
  decidePreDue({ account: a, history, playbook: DEFAULT_PLAYBOOK, now: new Date(now), preDue });
const ruleIds = (d: Decision) => d.reasons.map((r) => `${r.ruleId}:${r.effect}`);
const sent = (at: string, channel: 'sms' | 'email' = 'sms') => contact(at, PRE_DUE_STEP_ID, channel, 'sent', 'pre-due-reminder');

describe('the pre-due stage: one friendly reminder before the due date', () => {
  it('waits until daysBeforeDue before the due date, then sends the reminder (not a validation notice)', () => {
    expect(run(bill(), [], '2026-03-10T14:00:00Z').action).toEqual({ type: 'wait', until: '2026-03-17T16:00:00.000Z' });
    const d = run(bill(), [], '2026-03-17T16:00:00Z');
    expect(d.action).toEqual({ type: 'contact', stepId: PRE_DUE_STEP_ID, channel: 'sms', template: 'pre-due-reminder', tone: 'friendly' });
    expect(ruleIds(d)).toContain('window.local-hours:allowed');
  });

  it('sends exactly one reminder: after it, nothing until the due date, then the stage ends', () => {
    const history = [sent('2026-03-17T16:00:00Z')];
    for (const now of ['2026-03-17T16:05:00Z', '2026-03-18T15:00:00Z', '2026-03-19T20:00:00Z']) {
      expect(run(bill(), history, now).action).toEqual({ type: 'wait', until: '2026-03-20T10:00:00.000Z' });
    }
    const end = run(bill(), history, '2026-03-20T10:00:00Z');
    expect(end.action).toEqual({ type: 'close', reason: 'playbook-complete' });
    expect(end.reasons[0]).toMatchObject({ ruleId: 'pre-due.due-date', effect: 'suppressed', decisive: true });
  });

  it('never sends after the due date: a bill seen too late gets nothing', () => {
    const late = bill({ openedAt: '2026-03-20T11:00:00.000Z' });
    expect(run(late, [], '2026-03-20T11:00:00Z').action).toEqual({ type: 'close', reason: 'playbook-complete' });
    expect(run(bill(), [], '2026-03-21T16:00:00Z').action).toEqual({ type: 'close', reason: 'playbook-complete' });
  });

  it('keeps to the contact window, and a window that opens after the due date means no reminder at all', () => {
    // 21:30 in Chicago on the 17th: the window opens at 08:00 (13:00Z) the next day.
    const evening = bill({ openedAt: '2026-03-18T02:30:00.000Z' });
    const d = run(evening, [], '2026-03-18T02:30:00Z');
    expect(d.action).toEqual({ type: 'wait', until: '2026-03-18T13:00:00.000Z' });
    expect(ruleIds(d)).toContain('window.local-hours:deferred');
    // 21:30 on the 19th: the window opens after the cutoff; the stage waits for the cutoff and ends.
    const lastEvening = bill({ openedAt: '2026-03-20T02:30:00.000Z' });
    expect(run(lastEvening, [], '2026-03-20T02:30:00Z').action).toEqual({ type: 'wait', until: preDueCutoff('2026-03-20').toISOString() });
    expect(run(lastEvening, [], '2026-03-20T10:00:00Z').action.type).toBe('close');
  });

  it('honours opt-outs and never calls: text and email opted out leaves no channel (voice is not used before the due date)', () => {
    const optedOut = bill({ channels: { sms: { optedOut: true }, email: { optedOut: true }, voice: { optedOut: false } } });
    const d = run(optedOut, [], '2026-03-17T16:00:00Z');
    expect(d.action).toEqual({ type: 'close', reason: 'no-usable-channel' });
    const smsOnlyOut = bill({ channels: { sms: { optedOut: true }, email: { optedOut: false }, voice: { optedOut: false } } });
    expect(run(smsOnlyOut, [], '2026-03-17T16:00:00Z').action).toMatchObject({ type: 'contact', channel: 'email' });
  });

  it('stops for a cease, and pays off: a payment before the due date closes it as paid', () => {
    expect(run(bill({ status: 'ceased' }), [], '2026-03-17T16:00:00Z').action).toEqual({ type: 'close', reason: 'ceased' });
    expect(run(bill({ status: 'paid', balance: 0 }), [], '2026-03-17T16:00:00Z').action).toEqual({ type: 'close', reason: 'paid' });
    // Paid after the reminder: at the due date it closes as paid (no survey question is asked before then).
    const paidAfterReminder = run(bill({ status: 'paid', balance: 0 }), [sent('2026-03-17T16:00:00Z')], '2026-03-20T10:00:00Z');
    expect(paidAfterReminder.action).toEqual({ type: 'close', reason: 'paid' });
  });

  it('a playbook without a preDue block sends nothing', () => {
    const d = decidePreDue({
      account: bill(),
      history: [],
      playbook: DEFAULT_PLAYBOOK,
      now: new Date('2026-03-17T16:00:00Z'),
      preDue: undefined,
    });
    expect(d.action).toEqual({ type: 'close', reason: 'playbook-complete' });
    expect(d.reasons[0].ruleId).toBe('pre-due.not-in-playbook');
  });
});

describe('the playbook preDue block is strict', () => {
  const withPreDue = (block: unknown) => ({ ...DEFAULT_PLAYBOOK, preDue: block });
  it('names an unknown or misspelt field and an unknown segment', () => {
    expect(playbookProblems(withPreDue({ segments: ['chronic-late-payer'], daysBeforDue: 3 }))).toEqual([
      'preDue.daysBeforDue: unknown field',
    ]);
    expect(playbookProblems(withPreDue({ segments: ['late-payer'] }))[0]).toMatch(/^preDue\.segments\.0:/);
    expect(playbookProblems(withPreDue({ segments: [] }))[0]).toMatch(/^preDue\.segments:/);
    expect(playbookProblems(withPreDue({ segments: ['broken-promise', 'broken-promise'] }))).toEqual([
      'preDue.segments.1: broken-promise is listed twice',
    ]);
  });
});
