import { describe, expect, it } from 'vitest';
import { makeIngestHandler } from '../../functions/ingest';
import { makeLifecycleHandler } from '../../functions/lifecycle';
import { billingEvent, context, newAccountId, overdueDetail, T0, useWorld, type World } from './harness';

let w: World;
let ingest: ReturnType<typeof makeIngestHandler>;
let lifecycle: ReturnType<typeof makeLifecycleHandler>;

useWorld((created) => {
  w = created;
  ingest = makeIngestHandler(() => w.deps);
  lifecycle = makeLifecycleHandler(() => w.deps);
});

const overdue = (accountId: string, cycleId: string, dueDate: string, overrides: Record<string, unknown> = {}) =>
  ingest(billingEvent('AccountOverdue', overdueDetail(accountId, cycleId, { dueDate, ...overrides })), context('ingest'));
const payment = (accountId: string, paymentId: string, amount: number, cycle: { cycleId?: string } = {}) =>
  lifecycle(
    billingEvent('PaymentReceived', { accountId, paymentId, amount, currency: 'USD', paidAt: T0.toISOString(), ...cycle }),
    context(),
  );

describe('what carries across billing cycles', () => {
  it("keeps an opt-out and the billing system's protective facts when the next cycle's event omits them", async () => {
    const accountId = newAccountId('carry');
    await overdue(accountId, 'c1', '2026-02-20', {
      compliance: { attorney: { since: '2026-02-01T00:00:00Z' }, disputeOpenedAt: '2026-02-25T00:00:00Z' },
    });
    await lifecycle(billingEvent('ChannelOptedOut', { accountId, channel: 'sms', at: T0.toISOString() }), context());
    await lifecycle(billingEvent('ChannelOptedOut', { accountId, channel: 'voice', at: T0.toISOString() }), context());

    await overdue(accountId, 'c2', '2026-03-20', { optOuts: [] });

    const account = await w.deps.state.getAccount(accountId);
    expect(account).toMatchObject({
      cycleId: 'c2',
      status: 'overdue',
      channels: { sms: { optedOut: true }, voice: { optedOut: true }, email: { optedOut: false } },
      compliance: { attorney: { since: '2026-02-01T00:00:00Z' }, disputeOpenedAt: '2026-02-25T00:00:00Z' },
      priorCycles: ['c1'],
    });
  });

  it('keeps a written cease request: the next cycle starts ceased', async () => {
    const accountId = newAccountId('cease');
    await overdue(accountId, 'c1', '2026-02-20');
    await lifecycle(billingEvent('CommunicationCeased', { accountId, receivedAt: T0.toISOString() }), context());
    await overdue(accountId, 'c2', '2026-03-20');
    expect(await w.deps.state.getAccount(accountId)).toMatchObject({ cycleId: 'c2', status: 'ceased' });
  });

  it('lets the billing event add a protection but keeps a revoked consent revoked', async () => {
    const accountId = newAccountId('consent');
    const customer = (consent: Record<string, unknown>) => ({ ...overdueDetail(accountId).customer, consent });
    await overdue(accountId, 'c1', '2026-02-20', {
      customer: customer({
        sms: { source: 'provided-for-account', at: '2026-01-01T00:00:00Z', revokedAt: '2026-02-10T00:00:00Z', revokedBy: 'STOP' },
      }),
    });
    await overdue(accountId, 'c2', '2026-03-20', {
      customer: customer({ sms: { source: 'provided-for-account', at: '2026-01-01T00:00:00Z' } }),
      compliance: { bankruptcy: { filedAt: '2026-03-01T00:00:00Z' } },
    });
    const account = await w.deps.state.getAccount(accountId);
    expect(account?.customer.consent?.sms).toMatchObject({ revokedAt: '2026-02-10T00:00:00Z', revokedBy: 'STOP' });
    expect(account?.compliance?.bankruptcy).toEqual({ filedAt: '2026-03-01T00:00:00Z' });
  });
});

describe('cycle order', () => {
  it("ignores a replay of an earlier cycle's AccountOverdue while the next one runs", async () => {
    const accountId = newAccountId('replay');
    await overdue(accountId, 'c1', '2026-02-20');
    await payment(accountId, 'p1', 120);
    await overdue(accountId, 'c2', '2026-03-20', { amountDue: 80 });
    const before = await w.deps.state.getAccount(accountId);

    const replay = await overdue(accountId, 'c1', '2026-02-20');

    expect(replay).toMatchObject({ status: 'stale-cycle', cycleId: 'c1', currentCycleId: 'c2', order: 'replayed' });
    expect(await w.deps.state.getAccount(accountId)).toEqual(before);
    expect(w.journeys.startsFor(accountId).map((s) => s.cycleId)).toEqual(['c1', 'c2']);
    const c1 = await w.deps.ledger.history(accountId, 'c1');
    expect(c1.at(-1)).toMatchObject({
      kind: 'event',
      detailType: 'AccountOverdue',
      facts: { ignored: 'replayed-cycle', currentCycleId: 'c2' },
    });
  });

  it('never lets an unseen cycle due before the current one take over', async () => {
    const accountId = newAccountId('older');
    await overdue(accountId, 'c2', '2026-03-20', { amountDue: 80 });
    const late = await overdue(accountId, 'c1', '2026-02-20');
    expect(late).toMatchObject({ status: 'stale-cycle', order: 'older', currentCycleId: 'c2' });
    expect(await w.deps.state.getAccount(accountId)).toMatchObject({ cycleId: 'c2', balance: 80 });
    expect(w.journeys.startsFor(accountId).map((s) => s.cycleId)).toEqual(['c2']);
  });
});

describe('payment de-duplication across cycles', () => {
  it("does not apply c1's payment again to c2 when it is re-sent with a new event id", async () => {
    const accountId = newAccountId('dedupe');
    await overdue(accountId, 'c1', '2026-02-20');
    await payment(accountId, 'p1', 120);
    await overdue(accountId, 'c2', '2026-03-20', { amountDue: 80 });

    await payment(accountId, 'p1', 120);

    expect(await w.deps.state.getAccount(accountId)).toMatchObject({ cycleId: 'c2', status: 'overdue', balance: 80 });
  });
});

describe('payments matched to the cycle they settle', () => {
  it("records a payment naming c1 under c1 after c2 started, never on c2's balance, and only once", async () => {
    const accountId = newAccountId('late-pay');
    await overdue(accountId, 'c1', '2026-02-20');
    await overdue(accountId, 'c2', '2026-03-20', { amountDue: 80 });

    const late = await payment(accountId, 'p-late', 120, { cycleId: 'c1' });
    const resent = await payment(accountId, 'p-late', 120, { cycleId: 'c1' });

    expect(late).toMatchObject({ status: 'earlier-cycle', cycleId: 'c1', currentCycleId: 'c2' });
    expect(resent).toMatchObject({ status: 'duplicate', cycleId: 'c2' });
    expect(await w.deps.state.getAccount(accountId)).toMatchObject({ cycleId: 'c2', status: 'overdue', balance: 80 });
    const c1 = (await w.deps.ledger.history(accountId, 'c1')).filter((r) => r.kind === 'event' && r.detailType === 'PaymentReceived');
    expect(c1).toHaveLength(1);
    expect(c1[0]).toMatchObject({ facts: { paymentId: 'p-late', amount: 120, settles: 'earlier-cycle', currentCycleId: 'c2' } });
  });

  it("parks the next bill's payment that comes before its AccountOverdue and applies it to that cycle", async () => {
    const accountId = newAccountId('early-pay');
    await overdue(accountId, 'c1', '2026-02-20');
    await payment(accountId, 'p1', 120);

    const early = await payment(accountId, 'p2', 80);
    expect(early).toMatchObject({ status: 'parked' });
    expect(await w.deps.state.getAccount(accountId)).toMatchObject({ cycleId: 'c1', status: 'paid', balance: 0 });

    await overdue(accountId, 'c2', '2026-03-20', { amountDue: 80 });
    expect(await w.deps.state.getAccount(accountId)).toMatchObject({ cycleId: 'c2', status: 'paid', balance: 0 });
    expect(await w.deps.state.parkedEvents(accountId)).toEqual([]);
  });

  it('keeps a payment naming a cycle not opened yet parked until that cycle opens, whatever opens before', async () => {
    const accountId = newAccountId('named-pay');
    await overdue(accountId, 'c1', '2026-02-20');
    expect(await payment(accountId, 'p3', 50, { cycleId: 'c3' })).toMatchObject({ status: 'parked' });
    expect(await w.deps.state.getAccount(accountId)).toMatchObject({ cycleId: 'c1', balance: 120 });

    await overdue(accountId, 'c2', '2026-03-20', { amountDue: 80 });
    expect(await w.deps.state.getAccount(accountId)).toMatchObject({ cycleId: 'c2', balance: 80 });
    expect(await w.deps.state.parkedEvents(accountId)).toHaveLength(1);

    await overdue(accountId, 'c3', '2026-04-20', { amountDue: 90 });
    expect(await w.deps.state.getAccount(accountId)).toMatchObject({ cycleId: 'c3', balance: 40 });
    expect(await w.deps.state.parkedEvents(accountId)).toEqual([]);
  });
});
