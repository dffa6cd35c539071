import { describe, expect, it, vi } from 'vitest';
import { makeIngestHandler } from '../../functions/ingest';
import { makeLifecycleHandler } from '../../functions/lifecycle';
import { makeDecideHandler } from '../../functions/decide';
import { metrics } from '../../functions/commons/powertools';
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

const metricNames = (spy: { mock: { calls: unknown[][] } }) => spy.mock.calls.map((c) => c[0]);

describe('ingest', () => {
  it('saves the account, claims the cycle, starts one journey and records the event without PII', async () => {
    const accountId = newAccountId('ingest');
    const result = await ingest(
      billingEvent('AccountOverdue', overdueDetail(accountId, 'inv-1', { optOuts: ['voice'] })),
      context('ingest'),
    );

    expect(result).toMatchObject({ status: 'started', accountId, cycleId: 'inv-1' });
    expect(w.journeys.startsFor(accountId)).toEqual([{ accountId, cycleId: 'inv-1' }]);
    const account = await w.deps.state.getAccount(accountId);
    expect(account).toMatchObject({
      status: 'overdue',
      balance: 120,
      amountOverdue: 120,
      openedAt: T0.toISOString(),
      channels: { sms: { optedOut: false }, email: { optedOut: false }, voice: { optedOut: true } },
      customer: { firstName: 'Ana', phone: '+12065550123' },
    });
    expect(await w.deps.state.getJourney(accountId, 'inv-1')).toMatchObject({ status: 'running' });
    const history = await w.deps.ledger.history(accountId, 'inv-1');
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ kind: 'event', detailType: 'AccountOverdue', facts: { amountDue: 120, optOuts: ['voice'] } });
    expect(JSON.stringify(history)).not.toMatch(/Ana|2065550123|ana@example\.com/);
  });

  it("reads a national phone number in the stage's default phone country", async () => {
    const accountId = newAccountId('ingest-gb');
    const inBritain = makeIngestHandler(() => ({ ...w.deps, settings: { ...w.deps.settings, defaultPhoneCountry: 'GB' } }));
    const customer = { ...overdueDetail(accountId).customer, phone: '020 7946 0018', address: undefined };
    const result = await inBritain(billingEvent('AccountOverdue', overdueDetail(accountId, 'inv-1', { customer })), context('ingest-gb'));
    expect(result).toMatchObject({ status: 'started' });
    expect((await w.deps.state.getAccount(accountId))?.customer.phone).toBe('+442079460018');
  });

  it('rejects an invalid event with every problem, writes nothing else and does not throw', async () => {
    const spy = vi.spyOn(metrics, 'addMetric');
    const accountId = newAccountId('invalid');
    const detail = overdueDetail(accountId, 'inv-1', {
      amountDue: -5,
      currency: 'dollars',
      customer: { firstName: 'Ana', language: 'en' },
    });
    const event = billingEvent('AccountOverdue', detail);
    const result = await ingest(event, context('ingest'));

    expect(result.status).toBe('rejected');
    const reasons = (result as { reasons: string[] }).reasons;
    expect(reasons.some((r) => r.startsWith('amountDue'))).toBe(true);
    expect(reasons.some((r) => r.startsWith('currency'))).toBe(true);
    expect(reasons.some((r) => r.startsWith('customer.phone'))).toBe(true);
    expect(await w.deps.state.getAccount(accountId)).toBeUndefined();
    expect(w.journeys.startsFor(accountId)).toEqual([]);
    const rejections = await w.deps.ledger.rejections(w.clock.now().toISOString().slice(0, 10));
    const mine = rejections.find((r) => r.eventId === event.id);
    expect(mine).toMatchObject({ detailType: 'AccountOverdue', source: 'northwind.billing', reasons });
    expect(JSON.parse(mine!.event!)).toEqual(event);
    expect(metricNames(spy)).toContain('EventsRejected');
    spy.mockRestore();
  });

  it('starts one journey for a repeated overdue event (new event id) and the same event redelivered', async () => {
    const spy = vi.spyOn(metrics, 'addMetric');
    const accountId = newAccountId('dup');
    const first = billingEvent('AccountOverdue', overdueDetail(accountId));
    await ingest(first, context('ingest'));
    const redelivered = await ingest(first, context('ingest'));
    const repeated = await ingest(billingEvent('AccountOverdue', overdueDetail(accountId, 'inv-1', { amountDue: 999 })), context('ingest'));

    expect(redelivered).toMatchObject({ status: 'started' }); // the first delivery's result, from the idempotency table
    expect(repeated).toMatchObject({ status: 'duplicate' });
    expect(w.journeys.startsFor(accountId)).toHaveLength(1);
    expect((await w.deps.state.getAccount(accountId))!.balance).toBe(120); // the cycle's state is kept
    expect(metricNames(spy)).toContain('DuplicateJourneysPrevented');
    // The redelivery was not processed at all: only two events in the ledger.
    expect((await w.deps.ledger.history(accountId, 'inv-1')).filter((r) => r.kind === 'event')).toHaveLength(2);
    spy.mockRestore();
  });

  it('starts the journey again when the cycle was claimed but its execution never started', async () => {
    const accountId = newAccountId('crash');
    await ingest(billingEvent('AccountOverdue', overdueDetail(accountId)), context('ingest'));
    w.journeys.forget({ accountId, cycleId: 'inv-1' });
    const again = await ingest(billingEvent('AccountOverdue', overdueDetail(accountId)), context('ingest'));
    expect(again).toMatchObject({ status: 'restarted' });
    expect(w.journeys.startsFor(accountId)).toHaveLength(2);
    expect(await w.journeys.isRunning({ accountId, cycleId: 'inv-1' })).toBe(true);
  });

  it('does not restart a closed cycle', async () => {
    const accountId = newAccountId('closed');
    await ingest(billingEvent('AccountOverdue', overdueDetail(accountId)), context('ingest'));
    await w.deps.state.setJourneyStatus(accountId, 'inv-1', 'closed', T0.toISOString());
    w.journeys.forget({ accountId, cycleId: 'inv-1' });
    expect(await ingest(billingEvent('AccountOverdue', overdueDetail(accountId)), context('ingest'))).toMatchObject({
      status: 'duplicate',
    });
    expect(w.journeys.startsFor(accountId)).toHaveLength(1);
  });

  it('a new cycle replaces the account state and starts its own journey', async () => {
    const accountId = newAccountId('cycle');
    await ingest(billingEvent('AccountOverdue', overdueDetail(accountId, 'inv-1')), context('ingest'));
    await lifecycle(
      billingEvent('PaymentReceived', { accountId, paymentId: 'p1', amount: 120, currency: 'USD', paidAt: T0.toISOString() }),
      context(),
    );
    await ingest(billingEvent('AccountOverdue', overdueDetail(accountId, 'inv-2', { amountDue: 80 })), context('ingest'));
    expect(await w.deps.state.getAccount(accountId)).toMatchObject({ cycleId: 'inv-2', status: 'overdue', balance: 80 });
    expect(w.journeys.startsFor(accountId).map((s) => s.cycleId)).toEqual(['inv-1', 'inv-2']);
    // The old cycle's journey, if still around, closes instead of contacting anyone.
    const old = await decide({ accountId, cycleId: 'inv-1' }, context('decide'));
    expect(old.action).toEqual({ type: 'close', reason: 'playbook-complete' });
  });
});

describe('lifecycle', () => {
  const payment = (accountId: string, paymentId: string, amount: number) =>
    billingEvent('PaymentReceived', { accountId, paymentId, amount, currency: 'USD', paidAt: '2026-03-10T17:00:00Z' });

  it('a payment settles the account once per payment id, and the next decision closes as paid', async () => {
    const spy = vi.spyOn(metrics, 'addMetric');
    const accountId = newAccountId('pay');
    await ingest(billingEvent('AccountOverdue', overdueDetail(accountId)), context('ingest'));

    expect(await lifecycle(payment(accountId, 'p1', 50), context())).toMatchObject({ status: 'applied' });
    expect(await w.deps.state.getAccount(accountId)).toMatchObject({ balance: 70, status: 'overdue' });
    // The same payment again under another event id: not applied twice.
    expect(await lifecycle(payment(accountId, 'p1', 50), context())).toMatchObject({ status: 'duplicate' });
    expect((await w.deps.state.getAccount(accountId))!.balance).toBe(70);

    await lifecycle(payment(accountId, 'p2', 100), context());
    const account = (await w.deps.state.getAccount(accountId))!;
    expect(account).toMatchObject({ balance: 0, status: 'paid', resolvedAt: T0.toISOString() });
    expect(spy.mock.calls.filter((c) => c[0] === 'AmountPaid').map((c) => c[2])).toEqual([50, 100]);

    const decision = await decide({ accountId, cycleId: 'inv-1' }, context('decide'));
    expect(decision.action).toEqual({ type: 'close', reason: 'paid' });
    const events = (await w.deps.ledger.history(accountId, 'inv-1')).filter((r) => r.kind === 'event');
    expect(events.map((e) => e.kind === 'event' && e.detailType)).toEqual(['AccountOverdue', 'PaymentReceived', 'PaymentReceived']);
    spy.mockRestore();
  });

  it('keeps a payment that arrives before its overdue event, and applies it when the account arrives', async () => {
    const accountId = newAccountId('early');
    const event = payment(accountId, 'p0', 20);
    expect(await lifecycle(event, context())).toMatchObject({ status: 'parked', accountId });
    expect(await w.deps.state.getAccount(accountId)).toBeUndefined();
    expect(await w.deps.state.parkedEvents(accountId)).toHaveLength(1);

    await ingest(billingEvent('AccountOverdue', overdueDetail(accountId)), context('ingest'));
    expect(await w.deps.state.getAccount(accountId)).toMatchObject({ balance: 100, status: 'overdue' });
    expect(await w.deps.state.parkedEvents(accountId)).toEqual([]);
    const events = (await w.deps.ledger.history(accountId, 'inv-1')).filter((r) => r.kind === 'event');
    expect(events.map((e) => e.kind === 'event' && e.detailType)).toEqual(['AccountOverdue', 'PaymentReceived']);
    // Redelivered after that: the payment id was applied once.
    expect(await lifecycle(payment(accountId, 'p0', 20), context())).toMatchObject({ status: 'duplicate' });
    expect((await w.deps.state.getAccount(accountId))!.balance).toBe(100);
  });

  it('rejects an unknown detail-type and an invalid detail', async () => {
    expect(await lifecycle(billingEvent('DisputeOpened', { accountId: 'x' }), context())).toMatchObject({ status: 'rejected' });
    const bad = await lifecycle(billingEvent('ChannelOptedOut', { accountId: 'x', channel: 'fax', at: 'yesterday' }), context());
    expect(bad.status).toBe('rejected');
    expect((bad as { reasons: string[] }).reasons).toHaveLength(2);
  });

  it('opt-out, cease and close change the account', async () => {
    const accountId = newAccountId('life');
    await ingest(billingEvent('AccountOverdue', overdueDetail(accountId)), context('ingest'));
    await lifecycle(billingEvent('ChannelOptedOut', { accountId, channel: 'sms', at: '2026-03-10T17:00:00Z' }), context());
    expect((await w.deps.state.getAccount(accountId))!.channels.sms.optedOut).toBe(true);

    await lifecycle(billingEvent('CommunicationCeased', { accountId, receivedAt: '2026-03-10T17:00:00Z' }), context());
    expect(await w.deps.state.getAccount(accountId)).toMatchObject({ status: 'ceased', resolvedAt: T0.toISOString() });
    const decision = await decide({ accountId, cycleId: 'inv-1' }, context('decide'));
    expect(decision.action).toEqual({ type: 'close', reason: 'ceased' });

    await lifecycle(billingEvent('AccountClosed', { accountId, reason: 'written-off', at: '2026-03-10T17:00:00Z' }), context());
    expect((await w.deps.state.getAccount(accountId))!.status).toBe('closed');
  });
});
