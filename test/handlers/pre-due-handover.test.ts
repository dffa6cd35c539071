import { describe, expect, it } from 'vitest';
import { makeDecideHandler } from '../../functions/decide';
import { makeIngestHandler } from '../../functions/ingest';
import { makeLifecycleHandler } from '../../functions/lifecycle';
import { billingEvent, context, newAccountId, overdueDetail, T0, useWorld, type World } from './harness';

let w: World;
let ingest: ReturnType<typeof makeIngestHandler>;
let lifecycle: ReturnType<typeof makeLifecycleHandler>;
let decide: ReturnType<typeof makeDecideHandler>;

useWorld((created) => {
  w = created;
  ingest = makeIngestHandler(() => w.deps);
  lifecycle = makeLifecycleHandler(() => w.deps);
  decide = makeDecideHandler(() => w.deps);
});

/** A chronic late payer: a segment cx-default's preDue block names. */
const LATE_PAYER = { signals: { latePaymentsLast12Months: 4 } };
const dueSoon = (accountId: string, overrides: Record<string, unknown> = LATE_PAYER) =>
  ingest(billingEvent('PaymentDueSoon', overdueDetail(accountId, 'bill-1', { dueDate: '2026-03-20', ...overrides })), context('ingest'));
const overdue = (accountId: string, overrides: Record<string, unknown> = {}) =>
  ingest(billingEvent('AccountOverdue', overdueDetail(accountId, 'bill-1', { dueDate: '2026-03-20', ...overrides })), context('ingest'));
const lifecycleEvent = (detailType: string, detail: Record<string, unknown>) => lifecycle(billingEvent(detailType, detail), context());
const ledgerEvents = async (accountId: string, cycleId: string) =>
  (await w.deps.ledger.history(accountId, cycleId)).filter((r) => r.kind === 'event');

describe('PaymentDueSoon opens the pre-due stage for the segments the playbook names', () => {
  it('starts a pre-due journey on its own cycle key for a chronic late payer, and decides the reminder before the due date', async () => {
    const accountId = newAccountId('pre-due');
    expect(await dueSoon(accountId)).toMatchObject({ status: 'started', cycleId: 'bill-1.pre-due' });
    expect(w.journeys.starts).toContainEqual({ accountId, cycleId: 'bill-1.pre-due' });
    expect(await w.deps.state.getAccount(accountId)).toMatchObject({ cycleId: 'bill-1.pre-due', preDue: { billCycleId: 'bill-1' } });
    w.clock.set(new Date('2026-03-17T18:00:00Z'));
    const decision = await decide({ accountId, cycleId: 'bill-1.pre-due' }, context('decide'));
    expect(decision.action).toEqual({
      type: 'contact',
      stepId: 'pre-due-reminder',
      channel: 'sms',
      template: 'pre-due-reminder',
      tone: 'friendly',
    });
    w.clock.set(T0);
  });

  it('records a bill of a segment the playbook does not name, and starts nothing', async () => {
    const accountId = newAccountId('self-cure');
    const starts = w.journeys.starts.length;
    expect(await dueSoon(accountId, {})).toMatchObject({
      status: 'not-reminded',
      reason: 'segment-not-reminded',
      segment: 'likely-self-cure',
    });
    expect(w.journeys.starts.length).toBe(starts);
    expect(await w.deps.state.getAccount(accountId)).toBeUndefined();
    expect(await ledgerEvents(accountId, 'bill-1.pre-due')).toEqual([
      expect.objectContaining({ detailType: 'PaymentDueSoon', facts: expect.objectContaining({ notReminded: 'segment-not-reminded' }) }),
    ]);
  });

  it('never reminds about a bill already overdue, nor while an earlier bill is overdue', async () => {
    const accountId = newAccountId('already');
    await overdue(accountId);
    expect(await dueSoon(accountId)).toMatchObject({ status: 'not-reminded', reason: 'bill-already-overdue' });
    const other = newAccountId('open');
    await ingest(billingEvent('AccountOverdue', overdueDetail(other, 'bill-0', { dueDate: '2026-02-20' })), context('ingest'));
    expect(await dueSoon(other)).toMatchObject({ status: 'not-reminded', reason: 'overdue-cycle-open' });
    expect(await w.deps.state.getAccount(other)).toMatchObject({ cycleId: 'bill-0' });
  });

  it('rejects a misspelt field with the name it probably meant, and keeps the event', async () => {
    const result = await ingest(
      billingEvent('PaymentDueSoon', { ...overdueDetail(newAccountId('bad'), 'bill-1'), dueDat: '2026-03-20' }),
      context('ingest'),
    );
    expect(result).toMatchObject({ status: 'rejected', reasons: expect.arrayContaining(['dueDat: unknown field; did you mean dueDate?']) });
  });

  it('a payment naming the bill before its due date is applied to the pre-due stage and ends it as paid', async () => {
    const accountId = newAccountId('paid-early');
    await dueSoon(accountId);
    const paid = { accountId, paymentId: 'pay-early', cycleId: 'bill-1', amount: 120, currency: 'USD', paidAt: T0.toISOString() };
    expect(await lifecycleEvent('PaymentReceived', paid)).toMatchObject({ status: 'applied' });
    expect(await w.deps.state.getAccount(accountId)).toMatchObject({ status: 'paid', balance: 0 });
    const decision = await decide({ accountId, cycleId: 'bill-1.pre-due' }, context('decide'));
    expect(decision.action).toEqual({ type: 'close', reason: 'paid' });
  });
});

describe('the overdue journey takes over what the customer said before the due date', () => {
  it('keeps a chosen date, the language and channel they chose, and a STOP', async () => {
    const accountId = newAccountId('handover');
    await dueSoon(accountId);
    const at = T0.toISOString();
    await lifecycleEvent('PromiseToPayMade', {
      accountId,
      promiseId: 'prm-1',
      amount: 120,
      dueDate: '2026-03-27',
      madeAt: at,
      source: 'portal',
    });
    await lifecycleEvent('PreferencesChanged', { accountId, language: 'es', preferredChannel: 'email', changedAt: at, source: 'portal' });
    await lifecycleEvent('ChannelOptedOut', { accountId, channel: 'sms', at });

    w.clock.set(new Date('2026-03-25T18:00:00Z'));
    expect(await overdue(accountId)).toMatchObject({ status: 'started', cycleId: 'bill-1' });
    const account = await w.deps.state.getAccount(accountId);
    expect(account).toMatchObject({
      cycleId: 'bill-1',
      priorCycles: ['bill-1.pre-due'],
      promise: { promiseId: 'prm-1', dueDate: '2026-03-27', status: 'open', source: 'portal' },
      customer: { language: 'es', preferredChannel: 'email' },
      channels: { sms: { optedOut: true } },
    });
    expect(account?.preDue).toBeUndefined();
    // The overdue journey stays quiet until the date the customer chose; the pre-due journey ends.
    const overdueDecision = await decide({ accountId, cycleId: 'bill-1' }, context('decide'));
    expect(overdueDecision.action).toMatchObject({ type: 'wait' });
    expect(overdueDecision.reasons.some((r) => r.ruleId.startsWith('care.promise'))).toBe(true);
    const preDueDecision = await decide({ accountId, cycleId: 'bill-1.pre-due' }, context('decide'));
    expect(preDueDecision.action).toEqual({ type: 'close', reason: 'playbook-complete' });
    w.clock.set(T0);
  });

  it('keeps a plan agreed before the due date and an open complaint', async () => {
    const accountId = newAccountId('plan');
    await dueSoon(accountId);
    const at = T0.toISOString();
    const instalments = [
      { dueDate: '2026-03-27', amount: 60 },
      { dueDate: '2026-04-27', amount: 60 },
    ];
    await lifecycleEvent('PaymentPlanAgreed', { accountId, planId: 'plan-1', instalments, agreedAt: at, source: 'portal' });
    await lifecycleEvent('ComplaintRaised', { accountId, complaintId: 'cmp-1', category: 'service', receivedAt: at, source: 'phone' });
    await overdue(accountId);
    expect(await w.deps.state.getAccount(accountId)).toMatchObject({
      cycleId: 'bill-1',
      plan: { planId: 'plan-1', status: 'active' },
      complaints: [expect.objectContaining({ complaintId: 'cmp-1' })],
    });
  });

  it("an earlier bill overdue during the next bill's pre-due stage takes over (a reminder never hides a debt)", async () => {
    const accountId = newAccountId('earlier');
    await dueSoon(accountId);
    const result = await ingest(
      billingEvent('AccountOverdue', overdueDetail(accountId, 'bill-0', { dueDate: '2026-02-20' })),
      context('ingest'),
    );
    expect(result).toMatchObject({ status: 'started', cycleId: 'bill-0' });
  });
});
