/**
 * Care through decide(): what the journey does once the customer talked to us (a promise, a plan,
 * hardship, a complaint), once a person has the account, and when it is resolved (the survey).
 */
import { describe, expect, it } from 'vitest';
import { CARE_STEP, handoffState, isCareStep } from '../../functions/domain/care';
import { decide } from '../../functions/domain/decide';
import { applyLifecycleEvent } from '../../functions/domain/lifecycle';
import { type LifecycleEvent } from '../../functions/domain/lifecycle-types';
import { DEFAULT_CARE, DEFAULT_PLAYBOOK, type Playbook } from '../../functions/domain/playbook';
import type { Account, HistoryEntry, PaymentPlan, PromiseToPay } from '../../functions/domain/types';
import type { Decision } from '../../functions/domain/decision-types';
import { account, contact } from './fixtures';

const run = (a: Account, history: HistoryEntry[], now: string, playbook: Playbook = DEFAULT_PLAYBOOK): Decision =>
  decide({ account: a, history, playbook, now: new Date(now) });
const ruleIds = (d: Decision) => d.reasons.map((r) => `${r.ruleId}:${r.effect}`);
/** The assumption every decision for this Illinois customer states: no state overlay applies. */
const NO_OVERLAY = 'profile.overlay-not-applied:allowed';
const escalated = (at: string, reason: string): HistoryEntry => ({ kind: 'escalated', at, reason });
const completed = (at: string, outcome: 'resume' | 'resolved' | 'keep'): HistoryEntry => ({ kind: 'handoff-completed', at, outcome });
const inbound = (at: string): HistoryEntry => ({ kind: 'inbound', at, channel: 'sms' });
/** A reply to the customer's own message, as the ledger gives it back (initiatedBy customer = consented). */
const replied = (at: string, template: string, stepId = 'reply-in-1'): HistoryEntry =>
  ({ ...contact(at, stepId, 'sms', 'sent', template), consented: true }) as HistoryEntry;

/** The first reminder went out by sms on day 0 (10 March 2026, 10:00 in Chicago). */
const FIRST: HistoryEntry = contact('2026-03-10T15:00:00.000Z', 's1-friendly', 'sms');

describe('care: a promise to pay', () => {
  const promise: PromiseToPay = {
    promiseId: 'prm-1',
    amount: 125.5,
    dueDate: '2026-03-20',
    madeAt: '2026-03-11T15:00:00.000Z',
    source: 'sms-reply',
    paid: 0,
    status: 'open',
  };
  const promised = account({ promise });

  it('is quiet until the day after the promised date plus the grace day, at 14:00 UTC', () => {
    // Step 2 of the playbook would be due on the 13th: the promise holds it back.
    const d = run(promised, [FIRST], '2026-03-13T15:00:00Z');
    expect(d.action).toEqual({ type: 'wait', until: '2026-03-22T14:00:00.000Z' });
    expect(ruleIds(d)).toContain('care.promise:suppressed');
    expect(run(promised, [FIRST], '2026-03-22T13:59:00Z').action).toEqual({ type: 'wait', until: '2026-03-22T14:00:00.000Z' });
  });

  it('a promise made in the future of the decision does not hold the playbook back yet', () => {
    const later = account({ promise: { ...promise, madeAt: '2026-03-14T00:00:00.000Z' } });
    expect(run(later, [FIRST], '2026-03-13T15:00:00Z').action).toMatchObject({ type: 'contact', stepId: 's2-followup' });
  });

  it('then sends one kind reminder, after which the playbook resumes', () => {
    const d = run(promised, [FIRST], '2026-03-22T14:00:00Z');
    expect(d.action).toEqual({
      type: 'contact',
      stepId: 'promise-reminder-prm-1',
      channel: 'sms',
      template: 'promise-reminder',
      tone: 'friendly',
    });
    expect(ruleIds(d)).toContain('care.promise-broken:allowed');

    const reminded = [FIRST, contact('2026-03-22T14:00:00.000Z', CARE_STEP.promiseReminder('prm-1'), 'sms', 'sent', 'promise-reminder')];
    const next = run(promised, reminded, '2026-03-22T14:01:00Z');
    // The playbook's step 2 is next, three days after the reminder.
    expect(next.action).toEqual({ type: 'wait', until: '2026-03-25T14:00:00.000Z' });
    expect(ruleIds(next)).toContain('playbook.cadence:deferred');
    expect(ruleIds(next)).not.toContain('care.promise:suppressed');
    expect(run(promised, reminded, '2026-03-25T14:00:00Z').action).toMatchObject({ type: 'contact', stepId: 's2-followup' });
  });

  it('honours the playbook grace days', () => {
    const playbook: Playbook = { ...DEFAULT_PLAYBOOK, care: { ...DEFAULT_CARE, promiseGraceDays: 3 } };
    expect(run(promised, [FIRST], '2026-03-13T15:00:00Z', playbook).action).toEqual({ type: 'wait', until: '2026-03-24T14:00:00.000Z' });
  });

  it('a kept promise lets the playbook go on', () => {
    const kept = account({ balance: 25.5, promise: { ...promise, amount: 100, paid: 100, status: 'kept' } });
    expect(run(kept, [FIRST], '2026-03-13T15:00:00Z').action).toMatchObject({ type: 'contact', stepId: 's2-followup' });
  });
});

describe('care: a payment plan', () => {
  const plan = (overrides: Partial<PaymentPlan> = {}): PaymentPlan => ({
    planId: 'plan-1',
    agreedAt: '2026-03-12T15:00:00.000Z',
    source: 'portal',
    status: 'active',
    instalments: [
      { dueDate: '2026-04-01', amount: 60, paid: 0 },
      { dueDate: '2026-05-01', amount: 65.5, paid: 0 },
    ],
    ...overrides,
  });
  const onPlan = account({ plan: plan() });

  it('waits until three days before the next instalment, at 14:00 UTC', () => {
    const d = run(onPlan, [FIRST], '2026-03-13T15:00:00Z');
    expect(d.action).toEqual({ type: 'wait', until: '2026-03-29T14:00:00.000Z' });
    expect(ruleIds(d)).toContain('care.plan:suppressed');
  });

  it('sends one reminder, then waits for the instalment (plus two grace days)', () => {
    const d = run(onPlan, [FIRST], '2026-03-29T14:00:00Z');
    expect(d.action).toEqual({
      type: 'contact',
      stepId: 'plan-reminder-plan-1-1',
      channel: 'sms',
      template: 'plan-reminder',
      tone: 'friendly',
    });
    expect(ruleIds(d)).toContain('care.plan-reminder:allowed');

    const reminded = [FIRST, contact('2026-03-29T14:00:00.000Z', 'plan-reminder-plan-1-1', 'sms', 'sent', 'plan-reminder')];
    const after = run(onPlan, reminded, '2026-03-29T14:01:00Z');
    expect(after.action).toEqual({ type: 'wait', until: '2026-04-04T14:00:00.000Z' });
    expect(ruleIds(after)).toContain('care.plan:suppressed');
  });

  it('a missed instalment gets one gentle nudge, and a person 7 days after it', () => {
    const reminded = [FIRST, contact('2026-03-29T14:00:00.000Z', 'plan-reminder-plan-1-1', 'sms', 'sent', 'plan-reminder')];
    const nudge = run(onPlan, reminded, '2026-04-04T14:00:00Z');
    expect(nudge.action).toEqual({
      type: 'contact',
      stepId: 'plan-missed-plan-1-1',
      channel: 'sms',
      template: 'plan-missed',
      tone: 'supportive',
    });
    expect(ruleIds(nudge)).toContain('care.plan-missed:allowed');

    const nudged = [...reminded, contact('2026-04-04T14:00:00.000Z', 'plan-missed-plan-1-1', 'sms', 'sent', 'plan-missed')];
    const waiting = run(onPlan, nudged, '2026-04-04T14:01:00Z');
    expect(waiting.action).toEqual({ type: 'wait', until: '2026-04-11T14:00:00.000Z' });
    expect(ruleIds(waiting)).toContain('care.plan-missed:suppressed');

    const handOff = run(onPlan, nudged, '2026-04-11T14:00:00Z');
    expect(handOff.action).toEqual({ type: 'escalate', reason: 'plan-missed-instalment' });

    // A person has it now: the journey rests until the hand-off's timeout, 30 days on (the person
    // finishing, or a payment towards the plan, wakes it sooner: journey-wake.ts).
    const withPerson = run(onPlan, [...nudged, escalated('2026-04-11T14:00:00.000Z', 'plan-missed-instalment')], '2026-04-11T14:01:00Z');
    expect(withPerson.action).toEqual({ type: 'wait', until: '2026-05-11T14:00:00.000Z' });
    expect(ruleIds(withPerson)).toEqual(['care.with-a-person:suppressed', NO_OVERLAY]);
  });

  it('a person on the second miss: the first, still unpaid after its nudge, lets the playbook carry on', () => {
    const playbook: Playbook = { ...DEFAULT_PLAYBOOK, care: { ...DEFAULT_CARE, personOnMissedInstalment: 2 } };
    const reminded = [FIRST, contact('2026-03-29T14:00:00.000Z', 'plan-reminder-plan-1-1', 'sms', 'sent', 'plan-reminder')];
    const nudged = [...reminded, contact('2026-04-04T14:00:00.000Z', 'plan-missed-plan-1-1', 'sms', 'sent', 'plan-missed')];
    // Seven days after the nudge: no person; the playbook's next step goes out.
    const carryOn = run(onPlan, nudged, '2026-04-11T14:00:00Z', playbook);
    expect(carryOn.action).toMatchObject({ type: 'contact', stepId: 's2-followup' });
    expect(run(onPlan, nudged, '2026-04-11T14:00:00Z').action).toEqual({ type: 'escalate', reason: 'plan-missed-instalment' });
    // The customer re-planned on the portal and missed again: the second miss goes to a person.
    const replanned = account({
      plan: plan({
        planId: 'plan-2',
        agreedAt: '2026-04-12T15:00:00.000Z',
        instalments: [{ dueDate: '2026-04-20', amount: 125.5, paid: 0 }],
      }),
    });
    const second = [...nudged, contact('2026-04-23T14:00:00.000Z', 'plan-missed-plan-2-1', 'sms', 'sent', 'plan-missed')];
    expect(run(replanned, second, '2026-04-30T14:00:00Z', playbook).action).toEqual({ type: 'escalate', reason: 'plan-missed-instalment' });
    // A first miss whose nudge could not go out (no channel) still goes to a person: nobody offered a new date.
    const unreachable = account({
      plan: plan(),
      channels: { sms: { optedOut: true }, email: { optedOut: true }, voice: { optedOut: true } },
    });
    expect(run(unreachable, reminded, '2026-04-11T14:00:00Z', playbook).action).toEqual({
      type: 'escalate',
      reason: 'plan-missed-instalment',
    });
  });

  it('once the first instalment is paid, the next reminder is for the second', () => {
    const paidFirst = account({
      balance: 65.5,
      plan: plan({
        instalments: [
          { dueDate: '2026-04-01', amount: 60, paid: 60 },
          { dueDate: '2026-05-01', amount: 65.5, paid: 0 },
        ],
      }),
    });
    const history = [FIRST, contact('2026-03-29T14:00:00.000Z', 'plan-reminder-plan-1-1', 'sms', 'sent', 'plan-reminder')];
    expect(run(paidFirst, history, '2026-04-04T14:00:00Z').action).toEqual({ type: 'wait', until: '2026-04-28T14:00:00.000Z' });
    expect(run(paidFirst, history, '2026-04-28T14:00:00Z').action).toMatchObject({
      type: 'contact',
      stepId: 'plan-reminder-plan-1-2',
      template: 'plan-reminder',
    });
  });

  it('without reminders configured it waits straight for the due date plus grace', () => {
    const playbook: Playbook = { ...DEFAULT_PLAYBOOK, care: { ...DEFAULT_CARE, planReminderDaysBefore: 0 } };
    expect(run(onPlan, [FIRST], '2026-03-30T14:00:00Z', playbook).action).toEqual({ type: 'wait', until: '2026-04-04T14:00:00.000Z' });
  });

  it('a completed plan with a balance left: the survey, then close as plan-completed', () => {
    const done = account({
      balance: 20,
      plan: plan({
        status: 'completed',
        completedAt: '2026-05-01T12:00:00.000Z',
        instalments: [{ dueDate: '2026-04-01', amount: 60, paid: 60 }],
      }),
    });
    const survey = run(done, [FIRST], '2026-05-01T15:00:00Z');
    expect(survey.action).toEqual({ type: 'contact', stepId: 'survey-resolution', channel: 'sms', template: 'survey', tone: 'friendly' });
    expect(ruleIds(survey)).toEqual(expect.arrayContaining(['care.plan-completed:suppressed', 'care.survey:allowed']));
    const asked = [FIRST, contact('2026-05-01T15:00:00.000Z', 'survey-resolution', 'sms', 'sent', 'survey')];
    expect(run(done, asked, '2026-05-01T15:01:00Z').action).toEqual({ type: 'close', reason: 'plan-completed' });
  });

  it('a completed plan that paid everything closes as paid', () => {
    const paid = account({
      balance: 0,
      status: 'paid',
      resolvedAt: '2026-05-01T12:00:00.000Z',
      plan: plan({
        status: 'completed',
        completedAt: '2026-05-01T12:00:00.000Z',
        instalments: [{ dueDate: '2026-04-01', amount: 125.5, paid: 125.5 }],
      }),
    });
    const asked = [FIRST, contact('2026-05-01T15:00:00.000Z', 'survey-resolution', 'sms', 'sent', 'survey')];
    expect(run(paid, asked, '2026-05-01T15:01:00Z').action).toEqual({ type: 'close', reason: 'paid' });
  });
});

describe('care: hardship', () => {
  const hardship = account({
    hardship: {
      reportedAt: '2026-03-12T15:00:00.000Z',
      source: 'phone',
      forbearance: { kind: 'pause', until: '2026-04-11T15:00:00.000Z' },
    },
  });
  const supportStep = CARE_STEP.hardshipSupport('2026-03-12T15:00:00.000Z');

  it('first sends the support message', () => {
    expect(supportStep).toBe('hardship-support-2026-03-12');
    const d = run(hardship, [FIRST], '2026-03-12T15:30:00Z');
    expect(d.action).toEqual({
      type: 'contact',
      stepId: 'hardship-support-2026-03-12',
      channel: 'sms',
      template: 'hardship-support',
      tone: 'supportive',
    });
    expect(ruleIds(d)).toContain('care.hardship:allowed');
  });

  it('then is quiet until the forbearance ends', () => {
    const supported = [FIRST, contact('2026-03-12T15:30:00.000Z', supportStep, 'sms', 'sent', 'hardship-support')];
    const d = run(hardship, supported, '2026-03-12T15:31:00Z');
    expect(d.action).toEqual({ type: 'wait', until: '2026-04-11T15:00:00.000Z' });
    expect(ruleIds(d)).toContain('care.hardship-forbearance:suppressed');
  });

  it('does not send it again when it already went out as the reply to the customer', () => {
    const viaReply = [FIRST, inbound('2026-03-12T15:00:00.000Z'), replied('2026-03-12T15:00:01.000Z', 'hardship-support')];
    const d = run(hardship, viaReply, '2026-03-12T15:30:00Z');
    expect(d.action).toEqual({ type: 'wait', until: '2026-04-11T15:00:00.000Z' });
  });

  it('a support message from before this report does not count', () => {
    const earlier = [FIRST, contact('2026-03-11T15:00:00.000Z', 'hardship-support-2026-03-11', 'sms', 'sent', 'hardship-support')];
    expect(run(hardship, earlier, '2026-03-12T15:30:00Z').action).toMatchObject({ type: 'contact', stepId: 'hardship-support-2026-03-12' });
  });

  it('after the forbearance a person reviews it, once; when they hand it back the playbook goes on', () => {
    const supported = [FIRST, contact('2026-03-12T15:30:00.000Z', supportStep, 'sms', 'sent', 'hardship-support')];
    const review = run(hardship, supported, '2026-04-11T15:00:00Z');
    expect(review.action).toEqual({ type: 'escalate', reason: 'hardship-review' });
    expect(ruleIds(review)).toContain('care.hardship-review:suppressed');

    const handed = [...supported, escalated('2026-04-11T15:00:00.000Z', 'hardship-review')];
    expect(run(hardship, handed, '2026-04-11T15:01:00Z').action).toEqual({ type: 'wait', until: '2026-05-11T15:00:00.000Z' });

    const back = [...handed, completed('2026-04-13T15:00:00.000Z', 'resume')];
    const resumed = run(hardship, back, '2026-04-13T15:00:00Z');
    expect(resumed.action).toMatchObject({ type: 'contact', stepId: 's2-followup' });
  });

  it('through the lifecycle: a HARDSHIP reply, then the journey waits out the pause', () => {
    const change = applyLifecycleEvent(
      account(),
      {
        detailType: 'ReplyReceived',
        detail: {
          accountId: 'acc-1',
          channel: 'sms',
          receivedAt: '2026-03-12T15:00:00.000Z',
          inboundMessageId: 'in-1',
          classification: { intent: 'hardship', ruleId: 'phrase.hardship', explanation: 'hardship words' },
        },
      },
      { now: new Date('2026-03-12T15:00:00.000Z'), playbook: DEFAULT_PLAYBOOK },
    );
    expect(change.effects).toContainEqual({ type: 'reply', channel: 'sms', template: 'hardship-support' });
    // What the handler records: the inbound message, then the reply it sent.
    const history: HistoryEntry[] = [FIRST, inbound('2026-03-12T15:00:00.000Z'), replied('2026-03-12T15:00:00.000Z', 'hardship-support')];
    expect(run(change.account, history, '2026-03-12T15:01:00Z').action).toEqual({ type: 'wait', until: '2026-04-11T15:00:00.000Z' });
  });
});

describe('care: complaints', () => {
  const complaint = {
    complaintId: 'cmp-1',
    category: 'communication-tactics' as const,
    source: 'phone' as const,
    receivedAt: '2026-03-11T10:00:00.000Z',
  };

  it('an open complaint pauses payment requests, resting four weeks at most (its resolution wakes the journey)', () => {
    const d = run(account({ complaints: [complaint] }), [FIRST], '2026-03-13T15:00:00Z');
    expect(d.action).toEqual({ type: 'wait', until: '2026-04-10T15:00:00.000Z' });
    expect(ruleIds(d)).toContain('care.complaint-open:suppressed');
    // A playbook that asks for a periodic look (the former daily re-check) keeps it.
    const daily: Playbook = { ...DEFAULT_PLAYBOOK, care: { ...DEFAULT_CARE, pauseRecheckHours: 24 } };
    expect(run(account({ complaints: [complaint] }), [FIRST], '2026-03-13T15:00:00Z', daily).action).toEqual({
      type: 'wait',
      until: '2026-03-14T15:00:00.000Z',
    });
  });

  it('nothing time-based is lost while it rests: a validation notice falling overdue ends the rest, and a person is asked', () => {
    // The notice was due within 5 days of the first message (10 March, 15:00) and none is recorded.
    const owed = account({ complaints: [complaint], compliance: { validationNoticeRequired: true, validationNoticeSentAt: undefined } });
    const d = run(owed, [FIRST], '2026-03-13T15:00:00Z');
    expect(d.action).toEqual({ type: 'wait', until: '2026-03-15T15:01:00.000Z' });
    expect(run(owed, [FIRST], '2026-03-15T15:01:00Z').action).toEqual({ type: 'escalate', reason: 'validation-notice-missing' });
  });

  it('a resolved complaint lets the playbook go on', () => {
    const d = run(account({ complaints: [{ ...complaint, resolvedAt: '2026-03-12T10:00:00.000Z' }] }), [FIRST], '2026-03-13T15:00:00Z');
    expect(d.action).toMatchObject({ type: 'contact', stepId: 's2-followup', template: 'reminder-followup' });
  });
});

describe('care: a person has the account', () => {
  it('rests until the hand-off timeout in one wait (an event wakes it sooner), then leaves it with them', () => {
    const history = [FIRST, escalated('2026-03-11T15:00:00.000Z', 'customer-asked-for-person')];
    const paused = run(account(), history, '2026-03-12T09:30:00Z');
    expect(paused.action).toEqual({ type: 'wait', until: '2026-04-10T15:00:00.000Z' });
    expect(paused.reasons).toEqual([
      expect.objectContaining({ ruleId: 'care.with-a-person', effect: 'suppressed', until: '2026-04-10T15:00:00.000Z' }),
      expect.objectContaining({ ruleId: 'profile.overlay-not-applied', effect: 'allowed' }),
    ]);
    expect(paused.nextAllowed).toBeDefined();
    expect(run(account(), history, '2026-04-10T03:00:00Z').action).toEqual({ type: 'wait', until: '2026-04-10T15:00:00.000Z' });
    expect(run(account(), history, '2026-04-10T15:00:00Z').action).toEqual({ type: 'close', reason: 'handed-off' });
    // pauseRecheckHours, when a playbook sets it, bounds the rest: the former daily re-check, never past the timeout.
    const daily: Playbook = { ...DEFAULT_PLAYBOOK, care: { ...DEFAULT_CARE, pauseRecheckHours: 24 } };
    expect(run(account(), history, '2026-03-12T09:30:00Z', daily).action).toEqual({ type: 'wait', until: '2026-03-13T09:30:00.000Z' });
    expect(run(account(), history, '2026-04-10T03:00:00Z', daily).action).toEqual({ type: 'wait', until: '2026-04-10T15:00:00.000Z' });
  });

  it('a fact recorded ahead of its date ends the rest when it takes effect: a dispute upheld from a later date closes the journey then', () => {
    const history = [FIRST, escalated('2026-03-11T15:00:00.000Z', 'customer-asked-for-person')];
    const upheldLater = account({
      compliance: { disputeOpenedAt: '2026-03-11T12:00:00.000Z', disputeUpheldAt: '2026-03-20T12:00:00.000Z' },
    });
    const paused = run(upheldLater, history, '2026-03-12T09:30:00Z');
    expect(paused.action).toEqual({ type: 'wait', until: '2026-03-20T12:00:00.000Z' });
    expect(run(upheldLater, history, '2026-03-20T12:00:00Z').action).toEqual({ type: 'close', reason: 'dispute-upheld' });
  });

  it('a suppression that was handed off pauses instead of escalating again', () => {
    const represented = account({ compliance: { attorney: { since: '2026-03-11T00:00:00.000Z' } } });
    const first = run(represented, [FIRST], '2026-03-11T15:00:00Z');
    expect(first.action).toEqual({ type: 'escalate', reason: 'attorney-represented' });

    const history = [FIRST, escalated('2026-03-11T15:00:00.000Z', 'attorney-represented')];
    const later = run(represented, history, '2026-03-12T15:00:00Z');
    expect(later.action).toEqual({ type: 'wait', until: '2026-04-10T15:00:00.000Z' });
    expect(ruleIds(later)).toEqual(['regf.attorney:suppressed', 'care.with-a-person:suppressed', NO_OVERLAY]);
    expect(run(represented, history, '2026-04-10T15:00:00Z').action).toEqual({ type: 'close', reason: 'handed-off' });
  });

  it('a suppression that arises while a person already has the account for another reason also pauses', () => {
    const vulnerable = account({ compliance: { vulnerability: { drivers: ['health'], recordedAt: '2026-03-12T00:00:00.000Z' } } });
    const history = [FIRST, escalated('2026-03-11T15:00:00.000Z', 'customer-asked-for-person')];
    const d = run(vulnerable, history, '2026-03-12T15:00:00Z');
    expect(d.action).toEqual({ type: 'wait', until: '2026-04-10T15:00:00.000Z' });
    expect(ruleIds(d)).toEqual(['amicable.vulnerable-person-first:suppressed', 'care.with-a-person:suppressed', NO_OVERLAY]);
  });

  it('a dispute hand-off ends by itself once verification clears the dispute', () => {
    const options = (now: string) => ({ now: new Date(now), playbook: DEFAULT_PLAYBOOK });
    const disputed = applyLifecycleEvent(
      account(),
      {
        detailType: 'ReplyReceived',
        detail: {
          accountId: 'acc-1',
          channel: 'sms',
          receivedAt: '2026-03-12T14:59:00.000Z',
          inboundMessageId: 'in-1',
          classification: { intent: 'dispute', ruleId: 'phrase.dispute', explanation: 'dispute words' },
        },
      },
      options('2026-03-12T14:59:00.000Z'),
    );
    expect(disputed.effects).toContainEqual({ type: 'handoff', reason: 'dispute-pending-verification' });
    const history: HistoryEntry[] = [
      FIRST,
      inbound('2026-03-12T14:59:00.000Z'),
      replied('2026-03-12T14:59:01.000Z', 'reply-dispute'),
      escalated('2026-03-12T15:00:00.000Z', 'dispute-pending-verification'),
    ];
    const paused = run(disputed.account, history, '2026-03-13T15:00:00Z');
    expect(paused.action).toEqual({ type: 'wait', until: '2026-04-11T15:00:00.000Z' });
    expect(ruleIds(paused)).toEqual(['regf.dispute:suppressed', 'care.with-a-person:suppressed', NO_OVERLAY]);

    const verified = applyLifecycleEvent(
      disputed.account,
      { detailType: 'DisputeVerified', detail: { accountId: 'acc-1', verifiedAt: '2026-03-13T16:00:00.000Z' } } satisfies LifecycleEvent,
      options('2026-03-13T16:00:00.000Z'),
    );
    // No person closed the hand-off, yet the journey is back on the playbook: step 2 is due three days
    // after the last message (the reply to the dispute counts), then goes out on the next channel.
    expect(handoffState(history).completed).toBeUndefined();
    const resumed = run(verified.account, history, '2026-03-13T16:00:00Z');
    expect(resumed.action).toEqual({ type: 'wait', until: '2026-03-15T15:00:00.000Z' });
    expect(ruleIds(resumed)).toEqual(expect.arrayContaining(['regf.dispute:allowed', 'playbook.cadence:deferred']));
    expect(ruleIds(resumed)).not.toContain('care.with-a-person:suppressed');
    const step2 = run(verified.account, history, '2026-03-15T15:00:00Z');
    expect(step2.action).toEqual({
      type: 'contact',
      stepId: 's2-followup',
      channel: 'email',
      template: 'reminder-followup',
      tone: 'friendly',
    });
  });

  it('a hand-off the customer asked for does not end by itself', () => {
    const history = [FIRST, escalated('2026-03-12T15:00:00.000Z', 'customer-asked-for-person')];
    expect(run(account(), history, '2026-03-20T15:00:00Z').action).toEqual({ type: 'wait', until: '2026-04-11T15:00:00.000Z' });
  });

  it('handoffState: the latest hand-off and whether it was completed', () => {
    const first = escalated('2026-03-11T15:00:00.000Z', 'complaint');
    const done = completed('2026-03-12T15:00:00.000Z', 'resume');
    const second = escalated('2026-03-13T15:00:00.000Z', 'customer-says-paid');
    expect(handoffState([FIRST])).toEqual({ last: undefined, completed: undefined });
    expect(handoffState([FIRST, first, done])).toEqual({ last: first, completed: done });
    expect(handoffState([FIRST, first, done, second])).toEqual({ last: second, completed: undefined });
    // A completion with no hand-off before it means nothing.
    expect(handoffState([done])).toEqual({ last: undefined, completed: undefined });
  });
});

describe('care: the satisfaction survey', () => {
  const paid = account({ status: 'paid', balance: 0, resolvedAt: '2026-03-12T14:00:00.000Z' });

  it('after a payment that followed one of our messages: one survey on sms, then close as paid', () => {
    const d = run(paid, [FIRST], '2026-03-12T15:00:00Z');
    expect(d.action).toEqual({ type: 'contact', stepId: 'survey-resolution', channel: 'sms', template: 'survey', tone: 'friendly' });
    expect(ruleIds(d)).toEqual(expect.arrayContaining(['status.stop:suppressed', 'care.survey:allowed']));
    const asked = [FIRST, contact('2026-03-12T15:00:00.000Z', 'survey-resolution', 'sms', 'sent', 'survey')];
    expect(run(paid, asked, '2026-03-12T15:01:00Z').action).toEqual({ type: 'close', reason: 'paid' });
    // Even a survey that failed is not asked again.
    const failed = [FIRST, contact('2026-03-12T15:00:00.000Z', 'survey-resolution', 'sms', 'failed-permanent', 'survey')];
    expect(run(paid, failed, '2026-03-12T15:01:00Z').action).toEqual({ type: 'close', reason: 'paid' });
  });

  it('goes by email when the customer prefers it, and never by voice', () => {
    expect(run(account({ ...paid, customer: { preferredChannel: 'email' } }), [FIRST], '2026-03-12T15:00:00Z').action).toMatchObject({
      stepId: 'survey-resolution',
      channel: 'email',
    });
    const voiceOnly = account({
      ...paid,
      customer: { preferredChannel: 'voice' },
      channels: { sms: { optedOut: true }, email: { optedOut: true }, voice: { optedOut: false } },
    });
    expect(run(voiceOnly, [FIRST], '2026-03-12T15:00:00Z').action).toEqual({ type: 'close', reason: 'paid' });
    const voicePreferred = account({ ...paid, customer: { preferredChannel: 'voice' } });
    expect(run(voicePreferred, [FIRST], '2026-03-12T15:00:00Z').action).toMatchObject({ stepId: 'survey-resolution', channel: 'sms' });
  });

  it('a payment at 23:00 local: the survey waits for 08:00', () => {
    const late = account({ ...paid, resolvedAt: '2026-03-13T04:00:00.000Z' });
    const d = run(late, [FIRST], '2026-03-13T04:00:00Z'); // 23:00 in Chicago
    expect(d.action).toEqual({ type: 'wait', until: '2026-03-13T13:00:00.000Z' });
    expect(run(late, [FIRST], '2026-03-13T13:00:00Z').action).toMatchObject({ type: 'contact', stepId: 'survey-resolution' });
  });

  it('is skipped when no channel could carry it within two days', () => {
    // Three sms and three emails in the last week: both caps are full for days.
    const busy: HistoryEntry[] = [
      contact('2026-03-11T15:00:00.000Z', 'a', 'sms'),
      contact('2026-03-11T16:00:00.000Z', 'b', 'sms'),
      contact('2026-03-11T17:00:00.000Z', 'c', 'sms'),
      contact('2026-03-11T15:00:00.000Z', 'd', 'email'),
      contact('2026-03-11T16:00:00.000Z', 'e', 'email'),
      contact('2026-03-11T17:00:00.000Z', 'f', 'email'),
    ];
    expect(run(paid, busy, '2026-03-12T15:00:00Z').action).toEqual({ type: 'close', reason: 'paid' });
  });

  it('not when the customer only ever got replies to their own messages', () => {
    const replyOnly: HistoryEntry[] = [inbound('2026-03-12T13:00:00.000Z'), replied('2026-03-12T13:00:01.000Z', 'reply-pay')];
    expect(run(paid, replyOnly, '2026-03-12T15:00:00Z').action).toEqual({ type: 'close', reason: 'paid' });
    expect(run(paid, [], '2026-03-12T15:00:00Z').action).toEqual({ type: 'close', reason: 'paid' });
  });

  it('never to an attorney-represented, ceased or everywhere-opted-out customer', () => {
    const represented = account({ ...paid, compliance: { attorney: {} } });
    expect(run(represented, [FIRST], '2026-03-12T15:00:00Z').action).toEqual({ type: 'close', reason: 'paid' });
    const ceased = account({ status: 'ceased', balance: 0, resolvedAt: '2026-03-12T14:00:00.000Z' });
    expect(run(ceased, [FIRST], '2026-03-12T15:00:00Z').action).toEqual({ type: 'close', reason: 'ceased' });
    const optedOut = account({ ...paid, channels: { sms: { optedOut: true }, email: { optedOut: true }, voice: { optedOut: true } } });
    expect(run(optedOut, [FIRST], '2026-03-12T15:00:00Z').action).toEqual({ type: 'close', reason: 'paid' });
  });

  it('not when the playbook turns it off, or the cycle already had its survey', () => {
    const noSurvey: Playbook = { ...DEFAULT_PLAYBOOK, care: { ...DEFAULT_CARE, survey: false } };
    expect(run(paid, [FIRST], '2026-03-12T15:00:00Z', noSurvey).action).toEqual({ type: 'close', reason: 'paid' });
    const surveyed = account({ ...paid, survey: { trigger: 'resolution', channel: 'sms', sentAt: '2026-03-12T14:30:00.000Z' } });
    expect(run(surveyed, [FIRST], '2026-03-12T15:00:00Z').action).toEqual({ type: 'close', reason: 'paid' });
  });

  // BUG (lifecycle.ts, DisputeResolved): a correction to 0 turns a ceased account into a paid one, so the
  // journey treats it as a resolution and surveys a customer who asked us to stop communicating.
  it('a ceased customer whose dispute was corrected to zero is not surveyed', () => {
    const ceased = account({
      status: 'ceased',
      resolvedAt: '2026-03-11T00:00:00.000Z',
      compliance: { disputeOpenedAt: '2026-03-10T20:00:00.000Z' },
    });
    const change = applyLifecycleEvent(
      ceased,
      {
        detailType: 'DisputeResolved',
        detail: { accountId: 'acc-1', resolution: 'corrected', correctedBalance: 0, resolvedAt: '2026-03-12T14:00:00.000Z' },
      },
      { now: new Date('2026-03-12T14:00:00.000Z'), playbook: DEFAULT_PLAYBOOK },
    );
    const d = run(change.account, [FIRST], '2026-03-12T15:00:00Z');
    expect(d.action.type).toBe('close');
  });
});

describe('care: a part payment since our last message', () => {
  it('the next step thanks the customer for it first', () => {
    const history: HistoryEntry[] = [FIRST, { kind: 'payment', at: '2026-03-11T18:00:00.000Z', amount: 25.5 }];
    const d = run(account({ balance: 100 }), history, '2026-03-13T15:00:00Z');
    expect(d.action).toEqual({
      type: 'contact',
      stepId: 's2-followup',
      channel: 'email',
      template: 'partial-payment-thanks',
      tone: 'friendly',
    });
    expect(d.reasons).toContainEqual(expect.objectContaining({ ruleId: 'care.partial-payment', effect: 'allowed', channel: 'email' }));
  });

  it('a payment before our last message does not change the next one', () => {
    const history: HistoryEntry[] = [{ kind: 'payment', at: '2026-03-10T12:00:00.000Z', amount: 25.5 }, FIRST];
    const d = run(account({ balance: 100 }), history, '2026-03-13T15:00:00Z');
    expect(d.action).toMatchObject({ stepId: 's2-followup', template: 'reminder-followup', tone: 'friendly' });
    expect(ruleIds(d)).not.toContain('care.partial-payment:allowed');
  });
});

describe('care step ids', () => {
  it('names each care message once per promise, instalment and report', () => {
    expect(CARE_STEP.survey('resolution')).toBe('survey-resolution');
    expect(CARE_STEP.survey('handoff')).toBe('survey-handoff');
    expect(CARE_STEP.promiseReminder('p9')).toBe('promise-reminder-p9');
    expect(CARE_STEP.planReminder('plan-1', 0)).toBe('plan-reminder-plan-1-1');
    expect(CARE_STEP.planMissed('plan-1', 2)).toBe('plan-missed-plan-1-3');
    expect(isCareStep('plan-missed-plan-1-3')).toBe(true);
    expect(isCareStep('s1-friendly')).toBe(false);
  });
});
