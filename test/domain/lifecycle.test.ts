import { describe, expect, it } from 'vitest';
import type { ReplyClassification } from '../../functions/domain/conversations/classify';
import type { ReplyIntent } from '../../functions/domain/conversations/reply-phrases';
import { CARE_STEP } from '../../functions/domain/care';
import { applyLifecycleEvent, messageFactsFor } from '../../functions/domain/lifecycle';
import { planOptions } from '../../functions/domain/lifecycle-account';
import { REPLY_HANDOFF_REASON } from '../../functions/domain/lifecycle-types';
import { LifecycleRejection } from '../../functions/domain/lifecycle-types';
import { type LifecycleChange } from '../../functions/domain/lifecycle-types';
import { type LifecycleEffect } from '../../functions/domain/lifecycle-types';
import { type LifecycleEvent } from '../../functions/domain/lifecycle-types';
import { DEFAULT_CARE, DEFAULT_PLAYBOOK, type Playbook } from '../../functions/domain/playbook';
import type { Account, Channel, DeliveryOutcome, PaymentPlan, PromiseToPay } from '../../functions/domain/types';
import { account, NOTICE_SENT_AT } from './fixtures';

const NOW = new Date('2026-03-12T15:00:00.000Z');
const NOW_ISO = NOW.toISOString();

const apply = (a: Account, event: LifecycleEvent, playbook: Playbook = DEFAULT_PLAYBOOK, now: Date = NOW): LifecycleChange =>
  applyLifecycleEvent(a, event, { now, playbook });

const ofType = <T extends LifecycleEffect['type']>(c: LifecycleChange, type: T) =>
  c.effects.filter((e): e is Extract<LifecycleEffect, { type: T }> => e.type === type);
const replies = (c: LifecycleChange) => ofType(c, 'reply');
const handoffs = (c: LifecycleChange) => ofType(c, 'handoff').map((h) => h.reason);
const kpis = (c: LifecycleChange) => ofType(c, 'kpi');
const kpi = (c: LifecycleChange, name: string) => kpis(c).filter((k) => k.kpi === name);

const payment = (amount: number, paymentId = 'pay-1', currency = 'USD', paidAt = '2026-03-12T14:30:00Z'): LifecycleEvent => ({
  detailType: 'PaymentReceived',
  detail: { accountId: 'acc-1', paymentId, amount, currency, paidAt },
});

const openPromise = (overrides: Partial<PromiseToPay> = {}): PromiseToPay => ({
  promiseId: 'prm-1',
  amount: 50,
  dueDate: '2026-03-20',
  madeAt: '2026-03-11T15:00:00Z',
  source: 'portal',
  paid: 0,
  status: 'open',
  ...overrides,
});

const activePlan = (): PaymentPlan => ({
  planId: 'plan-1',
  agreedAt: '2026-03-11T15:00:00Z',
  source: 'portal',
  status: 'active',
  instalments: [
    { dueDate: '2026-04-01', amount: 50, paid: 0 },
    { dueDate: '2026-05-01', amount: 50, paid: 0 },
    { dueDate: '2026-06-01', amount: 25.5, paid: 0 },
  ],
});

const classification = (intent: ReplyIntent, extra: Partial<ReplyClassification> = {}): ReplyClassification => ({
  intent,
  ruleId: `test.${intent}`,
  explanation: `built by hand for ${intent}`,
  ...extra,
});

const replyEvent = (
  c: ReplyClassification,
  options: { channel?: Channel; answeredByProvider?: boolean; inboundMessageId?: string; receivedAt?: string } = {},
): LifecycleEvent => ({
  detailType: 'ReplyReceived',
  detail: {
    accountId: 'acc-1',
    channel: options.channel ?? 'sms',
    receivedAt: options.receivedAt ?? '2026-03-12T14:59:00.000Z',
    inboundMessageId: options.inboundMessageId ?? 'in-1',
    classification: c,
    ...(options.answeredByProvider !== undefined ? { answeredByProvider: options.answeredByProvider } : {}),
  },
});

const delivery = (
  outcome: DeliveryOutcome,
  channel: Channel = 'sms',
  extra: { reason?: string; providerEventType?: string; providerMessageId?: string } = {},
): LifecycleEvent => ({
  detailType: 'DeliveryReported',
  detail: {
    accountId: 'acc-1',
    channel,
    providerMessageId: extra.providerMessageId ?? 'msg-1',
    outcome,
    providerEventType: extra.providerEventType ?? `TEXT_${outcome.toUpperCase()}`,
    at: '2026-03-12T14:00:00Z',
    ...(extra.reason ? { reason: extra.reason } : {}),
  },
});

const noOffers: Playbook = { ...DEFAULT_PLAYBOOK, offers: undefined };

describe('applyLifecycleEvent: PaymentReceived', () => {
  it('a part payment lowers the balance in cents, records a payment and counts the amount', () => {
    const change = apply(account({ balance: 100.3 }), payment(0.1));
    expect(change.account.balance).toBe(100.2);
    expect(change.account.status).toBe('overdue');
    expect(change.account.resolvedAt).toBeUndefined();
    expect(change.account.updatedAt).toBe(NOW_ISO);
    expect(change.history).toEqual([{ kind: 'payment', amount: 0.1 }]);
    expect(kpis(change)).toEqual([{ type: 'kpi', kpi: 'amountPaid', value: 0.1 }]);
    expect(change.facts).toEqual({
      paymentId: 'pay-1',
      amount: 0.1,
      currency: 'USD',
      paidAt: '2026-03-12T14:30:00Z',
      balanceAfter: 100.2,
      statusAfter: 'overdue',
    });
    expect(change.dedupeKey).toBe('payment:pay-1');
  });

  it('a full payment settles the account: status paid, resolvedAt now, balance 0', () => {
    const change = apply(account(), payment(125.5, 'pay-full'));
    expect(change.account).toMatchObject({ balance: 0, status: 'paid', resolvedAt: NOW_ISO });
    expect(change.facts).toMatchObject({ balanceAfter: 0, statusAfter: 'paid' });
    expect(change.dedupeKey).toBe('payment:pay-full');
  });

  it('an overpayment never makes the balance negative', () => {
    const change = apply(account(), payment(200));
    expect(change.account.balance).toBe(0);
    expect(change.account.status).toBe('paid');
    expect(kpi(change, 'amountPaid')).toEqual([{ type: 'kpi', kpi: 'amountPaid', value: 200 }]);
  });

  it('rejects a payment in another currency, naming both currencies', () => {
    const a = account();
    expect(() => apply(a, payment(10, 'pay-eur', 'EUR'))).toThrow(LifecycleRejection);
    try {
      apply(a, payment(10, 'pay-eur', 'EUR'));
    } catch (error) {
      expect(error).toBeInstanceOf(LifecycleRejection);
      expect((error as LifecycleRejection).problems).toEqual(['currency: payment in EUR but the account is in USD']);
      expect((error as LifecycleRejection).name).toBe('LifecycleRejection');
    }
    expect(a.balance).toBe(125.5);
  });

  it('credits an open promise, and keeps it once the promised amount is reached', () => {
    const first = apply(account({ promise: openPromise() }), payment(20, 'pay-a'));
    expect(first.account.promise).toMatchObject({ status: 'open', paid: 20 });
    expect(kpi(first, 'promisesKept')).toEqual([]);

    const second = apply(first.account, payment(30, 'pay-b', 'USD', '2026-03-19T10:00:00Z'));
    expect(second.account.promise).toMatchObject({ status: 'kept', paid: 50, settledAt: '2026-03-19T10:00:00Z' });
    expect(kpi(second, 'promisesKept')).toEqual([{ type: 'kpi', kpi: 'promisesKept' }]);
    expect(second.account.balance).toBe(75.5);
  });

  it('a payment that clears the balance keeps a promise even when less than promised', () => {
    const change = apply(account({ balance: 40, promise: openPromise({ amount: 50 }) }), payment(40));
    expect(change.account.promise).toMatchObject({ status: 'kept', paid: 40 });
  });

  it('credits plan instalments in order and completes the plan when every one is paid', () => {
    const first = apply(account({ plan: activePlan() }), payment(70, 'pay-a'));
    expect(first.account.plan?.instalments.map((x) => x.paid)).toEqual([50, 20, 0]);
    expect(first.account.plan?.status).toBe('active');
    expect(kpi(first, 'plansCompleted')).toEqual([]);

    const second = apply(first.account, payment(55.5, 'pay-b', 'USD', '2026-05-30T12:00:00Z'));
    expect(second.account.plan?.instalments.map((x) => x.paid)).toEqual([50, 50, 25.5]);
    expect(second.account.plan).toMatchObject({ status: 'completed', completedAt: '2026-05-30T12:00:00Z' });
    expect(kpi(second, 'plansCompleted')).toEqual([{ type: 'kpi', kpi: 'plansCompleted' }]);
    expect(second.account).toMatchObject({ balance: 0, status: 'paid' });
  });

  it('completes the plan early when the balance is paid off at once', () => {
    const change = apply(account({ plan: activePlan() }), payment(125.5));
    expect(change.account.plan?.status).toBe('completed');
    expect(change.account.plan?.instalments.map((x) => x.paid)).toEqual([50, 50, 25.5]);
  });
});

describe('applyLifecycleEvent: promises and plans', () => {
  it('PromiseToPayMade opens a promise and counts it by source', () => {
    const change = apply(account(), {
      detailType: 'PromiseToPayMade',
      detail: {
        accountId: 'acc-1',
        promiseId: 'prm-9',
        amount: 60,
        dueDate: '2026-03-25',
        madeAt: '2026-03-12T14:00:00Z',
        source: 'portal',
      },
    });
    expect(change.account.promise).toEqual({
      promiseId: 'prm-9',
      amount: 60,
      dueDate: '2026-03-25',
      madeAt: '2026-03-12T14:00:00Z',
      source: 'portal',
      paid: 0,
      status: 'open',
    });
    expect(change.dedupeKey).toBe('promise:prm-9');
    expect(kpis(change)).toEqual([{ type: 'kpi', kpi: 'promisesMade', value: 1, dimensions: { source: 'portal' } }]);
    expect(change.facts).toEqual({ promiseId: 'prm-9', amount: 60, dueDate: '2026-03-25', source: 'portal' });
  });

  it('PaymentPlanAgreed starts the plan with nothing paid and replaces an open promise', () => {
    const change = apply(account({ promise: openPromise() }), {
      detailType: 'PaymentPlanAgreed',
      detail: {
        accountId: 'acc-1',
        planId: 'plan-7',
        agreedAt: '2026-03-12T14:00:00Z',
        source: 'agent',
        instalments: [
          { dueDate: '2026-04-01', amount: 41.83 },
          { dueDate: '2026-05-01', amount: 41.83 },
          { dueDate: '2026-06-01', amount: 41.84 },
        ],
      },
    });
    expect(change.account.plan).toEqual({
      planId: 'plan-7',
      agreedAt: '2026-03-12T14:00:00Z',
      source: 'agent',
      status: 'active',
      instalments: [
        { dueDate: '2026-04-01', amount: 41.83, paid: 0 },
        { dueDate: '2026-05-01', amount: 41.83, paid: 0 },
        { dueDate: '2026-06-01', amount: 41.84, paid: 0 },
      ],
    });
    // The promise is no longer open (the plan supersedes it), so care does not remind about it.
    expect(change.account.promise).toMatchObject({ promiseId: 'prm-1', status: 'replaced', settledAt: NOW_ISO });
    expect(change.dedupeKey).toBe('plan:plan-7');
    expect(kpis(change)).toEqual([{ type: 'kpi', kpi: 'plansAgreed', value: 1, dimensions: { source: 'agent' } }]);
    expect(change.facts).toEqual({ planId: 'plan-7', instalments: 3, total: 125.5, source: 'agent' });
  });

  it('a plan leaves an already kept promise alone', () => {
    const kept = openPromise({ status: 'kept', paid: 50, settledAt: '2026-03-11T20:00:00Z' });
    const change = apply(account({ promise: kept, balance: 75.5 }), {
      detailType: 'PaymentPlanAgreed',
      detail: {
        accountId: 'acc-1',
        planId: 'plan-8',
        agreedAt: '2026-03-12T14:00:00Z',
        source: 'portal',
        instalments: [{ dueDate: '2026-04-01', amount: 75.5 }],
      },
    });
    expect(change.account.promise).toEqual(kept);
  });
});

describe('applyLifecycleEvent: disputes', () => {
  const verified = { disputeOpenedAt: '2026-03-01T00:00:00Z', disputeVerifiedAt: '2026-03-05T00:00:00Z', disputedAmount: 10 };

  it('DisputeRaised for the whole balance opens a dispute and clears an earlier verification and part', () => {
    const change = apply(account({ compliance: verified }), {
      detailType: 'DisputeRaised',
      detail: { accountId: 'acc-1', reason: 'not-mine', raisedAt: '2026-03-12T10:00:00Z', source: 'email' },
    });
    expect(change.account.compliance).toEqual({ validationNoticeSentAt: NOTICE_SENT_AT, disputeOpenedAt: '2026-03-12T10:00:00Z' });
    expect(kpis(change)).toEqual([{ type: 'kpi', kpi: 'disputesRaised', value: 1, dimensions: { source: 'email' } }]);
    expect(change.facts).toEqual({ reason: 'not-mine', source: 'email' });
  });

  it('DisputeRaised for a part records the disputed amount', () => {
    const change = apply(account(), {
      detailType: 'DisputeRaised',
      detail: { accountId: 'acc-1', reason: 'wrong-amount', disputedAmount: 40, raisedAt: '2026-03-12T10:00:00Z', source: 'portal' },
    });
    expect(change.account.compliance).toEqual({
      validationNoticeSentAt: NOTICE_SENT_AT,
      disputeOpenedAt: '2026-03-12T10:00:00Z',
      disputedAmount: 40,
    });
    expect(change.facts).toEqual({ reason: 'wrong-amount', source: 'portal', disputedAmount: 40 });
  });

  it('DisputeVerified records when verification was sent', () => {
    const change = apply(account({ compliance: { disputeOpenedAt: '2026-03-01T00:00:00Z' } }), {
      detailType: 'DisputeVerified',
      detail: { accountId: 'acc-1', verifiedAt: '2026-03-12T09:00:00Z' },
    });
    expect(change.account.compliance).toEqual({
      validationNoticeSentAt: NOTICE_SENT_AT,
      disputeOpenedAt: '2026-03-01T00:00:00Z',
      disputeVerifiedAt: '2026-03-12T09:00:00Z',
    });
    expect(change.facts).toEqual({ verifiedAt: '2026-03-12T09:00:00Z' });
  });

  const open = { disputeOpenedAt: '2026-03-01T00:00:00Z' };
  const resolved = (resolution: 'upheld' | 'withdrawn' | 'corrected', correctedBalance?: number): LifecycleEvent => ({
    detailType: 'DisputeResolved',
    detail: {
      accountId: 'acc-1',
      resolution,
      resolvedAt: '2026-03-12T09:00:00Z',
      ...(correctedBalance !== undefined ? { correctedBalance } : {}),
    },
  });

  it('upheld: records disputeUpheldAt and leaves balance and status for the journey to close', () => {
    const change = apply(account({ compliance: open }), resolved('upheld'));
    expect(change.account.compliance).toEqual({ validationNoticeSentAt: NOTICE_SENT_AT, ...open, disputeUpheldAt: '2026-03-12T09:00:00Z' });
    expect(change.account).toMatchObject({ balance: 125.5, status: 'overdue' });
    expect(change.facts).toEqual({ resolution: 'upheld', balanceAfter: 125.5 });
  });

  it('withdrawn: collection may resume (the dispute counts as answered)', () => {
    const change = apply(account({ compliance: open }), resolved('withdrawn'));
    expect(change.account.compliance).toEqual({
      validationNoticeSentAt: NOTICE_SENT_AT,
      ...open,
      disputeVerifiedAt: '2026-03-12T09:00:00Z',
    });
    expect(change.account.balance).toBe(125.5);
  });

  it('corrected: sets the balance to the corrected amount', () => {
    const change = apply(account({ compliance: open }), resolved('corrected', 80.456));
    expect(change.account.balance).toBe(80.46);
    expect(change.account.status).toBe('overdue');
    expect(change.account.compliance?.disputeVerifiedAt).toBe('2026-03-12T09:00:00Z');
    expect(change.facts).toEqual({ resolution: 'corrected', balanceAfter: 80.46 });
  });

  it('corrected to 0: the account is settled', () => {
    const change = apply(account({ compliance: open }), resolved('corrected', 0));
    expect(change.account).toMatchObject({ balance: 0, status: 'paid', resolvedAt: NOW_ISO });
  });

  // BUG: lifecycle.ts DisputeResolved calls setStatus(account, 'paid') whatever the status was, so a
  // ceased (or closed) account becomes 'paid' -- and decide() then treats it as a resolution (survey).
  it('corrected to 0 on a ceased account keeps it ceased', () => {
    const change = apply(account({ status: 'ceased', resolvedAt: '2026-03-05T00:00:00.000Z', compliance: open }), resolved('corrected', 0));
    expect(change.account.balance).toBe(0);
    expect(change.account.status).toBe('ceased');
  });
});

describe('applyLifecycleEvent: hardship', () => {
  const hardship = (extra: Partial<Extract<LifecycleEvent, { detailType: 'HardshipReported' }>['detail']> = {}): LifecycleEvent => ({
    detailType: 'HardshipReported',
    detail: { accountId: 'acc-1', reportedAt: '2026-03-12T10:00:00.000Z', source: 'phone', ...extra },
  });

  it('without configuration: a 30-day pause from the report', () => {
    const change = apply(account(), hardship());
    expect(change.account.hardship).toEqual({
      reportedAt: '2026-03-12T10:00:00.000Z',
      source: 'phone',
      forbearance: { kind: 'pause', until: '2026-04-11T10:00:00.000Z' },
    });
    expect(kpis(change)).toEqual([{ type: 'kpi', kpi: 'hardshipReported', value: 1, dimensions: { source: 'phone' } }]);
    expect(change.facts).toEqual({ source: 'phone', forbearanceDays: 30 });
  });

  it("uses the playbook's configured pause", () => {
    const playbook: Playbook = { ...DEFAULT_PLAYBOOK, care: { ...DEFAULT_CARE, hardshipPauseDays: 14 } };
    const change = apply(account(), hardship(), playbook);
    expect(change.account.hardship?.forbearance).toEqual({ kind: 'pause', until: '2026-03-26T10:00:00.000Z' });
  });

  it('a configured pause of 0 days grants no forbearance', () => {
    const playbook: Playbook = { ...DEFAULT_PLAYBOOK, care: { ...DEFAULT_CARE, hardshipPauseDays: 0 } };
    const change = apply(account(), hardship(), playbook);
    expect(change.account.hardship).toEqual({ reportedAt: '2026-03-12T10:00:00.000Z', source: 'phone' });
  });

  it("the event's own forbearance overrides the playbook's", () => {
    const playbook: Playbook = { ...DEFAULT_PLAYBOOK, care: { ...DEFAULT_CARE, hardshipPauseDays: 14 } };
    const change = apply(account(), hardship({ forbearance: { kind: 'reduced-payments', days: 60, reducedAmount: 20 } }), playbook);
    expect(change.account.hardship?.forbearance).toEqual({
      kind: 'reduced-payments',
      until: '2026-05-11T10:00:00.000Z',
      reducedAmount: 20,
    });
    expect(change.facts.forbearanceDays).toBe(60);
  });

  it('records the drivers as vulnerability, merged with those already known', () => {
    const a = account({ compliance: { vulnerability: { drivers: ['health'], recordedAt: '2026-01-01T00:00:00Z' } } });
    const change = apply(a, hardship({ drivers: ['life-events', 'health'] }));
    expect(change.account.compliance?.vulnerability).toEqual({
      drivers: ['health', 'life-events'],
      recordedAt: '2026-03-12T10:00:00.000Z',
    });
    expect(change.facts.drivers).toEqual(['life-events', 'health']);
  });
});

describe('applyLifecycleEvent: complaints', () => {
  const raised: LifecycleEvent = {
    detailType: 'ComplaintRaised',
    detail: { accountId: 'acc-1', complaintId: 'cmp-1', category: 'privacy', receivedAt: '2026-03-10T09:00:00Z', source: 'email' },
  };

  it('ComplaintRaised records the complaint, asks a person to take over and counts it', () => {
    const change = apply(account(), raised);
    expect(change.account.complaints).toEqual([
      { complaintId: 'cmp-1', category: 'privacy', source: 'email', receivedAt: '2026-03-10T09:00:00Z' },
    ]);
    expect(handoffs(change)).toEqual(['complaint']);
    expect(kpi(change, 'complaintsReceived')).toEqual([
      { type: 'kpi', kpi: 'complaintsReceived', value: 1, dimensions: { source: 'email' } },
    ]);
    expect(change.dedupeKey).toBe('complaint:cmp-1');
    expect(change.facts).toEqual({ complaintId: 'cmp-1', category: 'privacy', source: 'email' });
  });

  it('the same complaint twice is recorded once, with no second hand-off', () => {
    const again = apply(apply(account(), raised).account, raised);
    expect(again.account.complaints).toHaveLength(1);
    expect(again.effects).toEqual([]);
  });

  it('ComplaintResolved reports the hours it took', () => {
    const withComplaint = apply(account(), raised).account;
    const change = apply(withComplaint, {
      detailType: 'ComplaintResolved',
      detail: { accountId: 'acc-1', complaintId: 'cmp-1', resolvedAt: '2026-03-12T15:30:00Z' },
    });
    expect(change.account.complaints?.[0].resolvedAt).toBe('2026-03-12T15:30:00Z');
    expect(kpis(change)).toEqual([{ type: 'kpi', kpi: 'complaintResolutionHours', value: 54.5 }]);
    expect(change.facts).toEqual({ complaintId: 'cmp-1', category: 'privacy', hoursToResolve: 55 });
    expect(change.dedupeKey).toBe('complaint-resolved:cmp-1');

    // Resolving it again changes nothing and is not counted twice.
    const again = apply(change.account, {
      detailType: 'ComplaintResolved',
      detail: { accountId: 'acc-1', complaintId: 'cmp-1', resolvedAt: '2026-03-13T15:30:00Z' },
    });
    expect(again.account.complaints?.[0].resolvedAt).toBe('2026-03-12T15:30:00Z');
    expect(kpis(again)).toEqual([]);
  });

  it('ComplaintResolved for an unknown complaint is rejected, naming it', () => {
    const event: LifecycleEvent = {
      detailType: 'ComplaintResolved',
      detail: { accountId: 'acc-1', complaintId: 'cmp-404', resolvedAt: '2026-03-12T15:30:00Z' },
    };
    expect(() => apply(account(), event)).toThrow(new LifecycleRejection(['complaintId: no complaint cmp-404 on this account']));
  });
});

describe('applyLifecycleEvent: people, preferences, survey, billing', () => {
  it('AgentHandoffCompleted adds a handoff-completed entry and counts it by outcome', () => {
    const change = apply(account(), {
      detailType: 'AgentHandoffCompleted',
      detail: { accountId: 'acc-1', outcome: 'resume', completedAt: '2026-03-12T12:00:00Z' },
    });
    expect(change.history).toEqual([{ kind: 'handoff-completed', outcome: 'resume' }]);
    expect(kpis(change)).toEqual([{ type: 'kpi', kpi: 'handoffsCompleted', value: 1, dimensions: { outcome: 'resume' } }]);
    expect(change.facts).toEqual({ outcome: 'resume', completedAt: '2026-03-12T12:00:00Z' });
  });

  it('PreferencesChanged updates only what was given, and lists the changed fields (not their values)', () => {
    const change = apply(account(), {
      detailType: 'PreferencesChanged',
      detail: {
        accountId: 'acc-1',
        preferredChannel: 'email',
        timeZone: 'America/Denver',
        blockedTimes: [{ start: '12:00', end: '13:00' }],
        changedAt: '2026-03-12T12:00:00Z',
        source: 'portal',
      },
    });
    expect(change.account.customer).toMatchObject({
      preferredChannel: 'email',
      timeZone: 'America/Denver',
      language: 'en',
      blockedTimes: [{ start: '12:00', end: '13:00' }],
    });
    expect(change.facts).toEqual({ changed: ['preferredChannel', 'timeZone', 'blockedTimes'], source: 'portal' });
  });

  it('SurveyAnswered records the first answer only', () => {
    const answer = (score: number, answeredAt: string): LifecycleEvent => ({
      detailType: 'SurveyAnswered',
      detail: { accountId: 'acc-1', score, answeredAt, source: 'portal' },
    });
    const a = account({ survey: { trigger: 'resolution', channel: 'email', sentAt: '2026-03-12T10:00:00Z' } });
    const first = apply(a, answer(4, '2026-03-12T11:00:00Z'));
    expect(first.account.survey).toEqual({
      trigger: 'resolution',
      channel: 'email',
      sentAt: '2026-03-12T10:00:00Z',
      answeredAt: '2026-03-12T11:00:00Z',
      score: 4,
    });
    expect(kpis(first)).toEqual([
      { type: 'kpi', kpi: 'surveyResponses' },
      { type: 'kpi', kpi: 'surveyScore', value: 4 },
    ]);
    expect(first.dedupeKey).toBe('survey-answer');
    const second = apply(first.account, answer(1, '2026-03-12T12:00:00Z'));
    expect(second.account.survey).toMatchObject({ score: 4, answeredAt: '2026-03-12T11:00:00Z' });
    expect(kpis(second)).toEqual([]);
  });

  it('ChannelOptedOut opts the channel out and revokes its consent', () => {
    const change = apply(account(), {
      detailType: 'ChannelOptedOut',
      detail: { accountId: 'acc-1', channel: 'voice', at: '2026-03-12T12:00:00Z' },
    });
    expect(change.account.channels.voice).toEqual({ optedOut: true });
    expect(change.account.customer.consent?.voice).toEqual({
      source: 'provided-for-account',
      revokedAt: '2026-03-12T12:00:00Z',
      revokedBy: 'billing-system',
    });
    expect(kpis(change)).toEqual([{ type: 'kpi', kpi: 'optOuts', value: 1, dimensions: { channel: 'voice' } }]);
  });

  it('CommunicationCeased and AccountClosed end the account with resolvedAt', () => {
    const ceased = apply(account(), {
      detailType: 'CommunicationCeased',
      detail: { accountId: 'acc-1', receivedAt: '2026-03-12T09:00:00Z' },
    });
    expect(ceased.account).toMatchObject({ status: 'ceased', resolvedAt: NOW_ISO });
    const closed = apply(account(), {
      detailType: 'AccountClosed',
      detail: { accountId: 'acc-1', reason: 'written-off', at: '2026-03-12T09:00:00Z' },
    });
    expect(closed.account).toMatchObject({ status: 'closed', resolvedAt: NOW_ISO });
    expect(closed.facts).toEqual({ reason: 'written-off', closedAt: '2026-03-12T09:00:00Z' });
  });
});

describe('applyLifecycleEvent: ReplyReceived', () => {
  it('STOP opts the sms channel out, revokes consent and confirms exactly once', () => {
    const change = apply(account(), replyEvent(classification('stop', { matched: 'stop' })));
    expect(change.account.channels.sms.optedOut).toBe(true);
    expect(change.account.customer.consent?.sms).toEqual({
      source: 'provided-for-account',
      revokedAt: '2026-03-12T14:59:00.000Z',
      revokedBy: 'reply:stop',
    });
    expect(replies(change)).toEqual([{ type: 'reply', channel: 'sms', template: 'reply-stop-confirmation' }]);
    expect(handoffs(change)).toEqual([]);
    expect(kpi(change, 'optOuts')).toEqual([{ type: 'kpi', kpi: 'optOuts', value: 1, dimensions: { channel: 'sms' } }]);

    // A second STOP: already opted out, nothing more is sent.
    const again = apply(change.account, replyEvent(classification('stop', { matched: 'stop' }), { inboundMessageId: 'in-2' }));
    expect(again.account.channels.sms.optedOut).toBe(true);
    expect(replies(again)).toEqual([]);
    expect(kpi(again, 'optOuts')).toEqual([]);
  });

  it('STOP keeps an existing consent record and adds the revocation to it', () => {
    const a = account({ customer: { consent: { sms: { source: 'written', at: '2026-01-01T00:00:00Z' } } } });
    const change = apply(a, replyEvent(classification('stop', { matched: 'quit' })));
    expect(change.account.customer.consent?.sms).toEqual({
      source: 'written',
      at: '2026-01-01T00:00:00Z',
      revokedAt: '2026-03-12T14:59:00.000Z',
      revokedBy: 'reply:quit',
    });
  });

  it('STOP the provider already answered: opted out, but we send nothing', () => {
    const change = apply(account(), replyEvent(classification('stop', { matched: 'stop' }), { answeredByProvider: true }));
    expect(change.account.channels.sms.optedOut).toBe(true);
    expect(change.account.customer.consent?.sms?.revokedAt).toBe('2026-03-12T14:59:00.000Z');
    expect(replies(change)).toEqual([]);
  });

  it('STOP from a customer who asked us to cease: opted out, no confirmation', () => {
    const change = apply(account({ status: 'ceased' }), replyEvent(classification('stop', { matched: 'stop' })));
    expect(change.account.channels.sms.optedOut).toBe(true);
    expect(replies(change)).toEqual([]);
  });

  it.each([
    ['help', 'reply-help'],
    ['pay', 'reply-pay'],
  ] as const)('%s is answered with %s and nothing else', (intent, template) => {
    const change = apply(account(), replyEvent(classification(intent)));
    expect(replies(change)).toEqual([{ type: 'reply', channel: 'sms', template }]);
    expect(handoffs(change)).toEqual([]);
    expect(change.account.channels.sms.optedOut).toBe(false);
  });

  it('plan lists the playbook plan lengths over the balance', () => {
    const change = apply(account({ balance: 300 }), replyEvent(classification('plan')));
    const expected = [
      { instalments: 2, amount: 150 },
      { instalments: 3, amount: 100 },
      { instalments: 6, amount: 50 },
    ];
    expect(replies(change)).toEqual([{ type: 'reply', channel: 'sms', template: 'reply-plan-options', facts: { planOptions: expected } }]);
    expect(handoffs(change)).toEqual([]);
  });

  it('plan with a playbook that offers no plans: a person takes it', () => {
    const change = apply(account({ balance: 300 }), replyEvent(classification('plan')), noOffers);
    expect(replies(change)).toEqual([{ type: 'reply', channel: 'sms', template: 'reply-handoff' }]);
    expect(handoffs(change)).toEqual(['plan-requested']);
  });

  it('survey-score answers the survey without a reply', () => {
    const a = account({ status: 'paid', balance: 0, survey: { trigger: 'resolution', channel: 'sms', sentAt: '2026-03-12T14:00:00Z' } });
    const change = apply(a, replyEvent(classification('survey-score', { score: 5, matched: '5' })));
    expect(change.account.survey).toMatchObject({ score: 5, answeredAt: '2026-03-12T14:59:00.000Z', channel: 'sms' });
    expect(replies(change)).toEqual([]);
    expect(kpi(change, 'surveyScore')).toEqual([{ type: 'kpi', kpi: 'surveyScore', value: 5 }]);
  });

  it('already-paid: acknowledged, and a person checks', () => {
    const change = apply(account(), replyEvent(classification('already-paid')));
    expect(replies(change).map((r) => r.template)).toEqual(['reply-already-paid']);
    expect(handoffs(change)).toEqual(['customer-says-paid']);
    expect(change.account.balance).toBe(125.5);
  });

  it('dispute: opens a dispute for the whole balance and hands off for verification', () => {
    const a = account({
      compliance: { disputeOpenedAt: '2026-03-01T00:00:00Z', disputeVerifiedAt: '2026-03-02T00:00:00Z', disputedAmount: 10 },
    });
    const change = apply(a, replyEvent(classification('dispute')));
    expect(change.account.compliance).toEqual({ validationNoticeSentAt: NOTICE_SENT_AT, disputeOpenedAt: '2026-03-12T14:59:00.000Z' });
    expect(replies(change).map((r) => r.template)).toEqual(['reply-dispute']);
    expect(handoffs(change)).toEqual([REPLY_HANDOFF_REASON.dispute]);
    expect(handoffs(change)).toEqual(['dispute-pending-verification']);
    expect(kpi(change, 'disputesRaised')).toEqual([{ type: 'kpi', kpi: 'disputesRaised', value: 1, dimensions: { source: 'sms-reply' } }]);
  });

  it('hardship: a pause from the reply, and the support message is the reply', () => {
    const change = apply(account(), replyEvent(classification('hardship')));
    expect(change.account.hardship).toEqual({
      reportedAt: '2026-03-12T14:59:00.000Z',
      source: 'sms-reply',
      forbearance: { kind: 'pause', until: '2026-04-11T14:59:00.000Z' },
    });
    expect(replies(change)).toEqual([{ type: 'reply', channel: 'sms', template: 'hardship-support' }]);
    expect(handoffs(change)).toEqual([]);
    expect(kpi(change, 'hardshipReported')).toHaveLength(1);
  });

  it('complaint: recorded as a complaint about our communication, acknowledged and handed off', () => {
    const change = apply(account(), replyEvent(classification('complaint'), { inboundMessageId: 'in-77' }));
    expect(change.account.complaints).toEqual([
      { complaintId: 'reply-in-77', category: 'communication-tactics', source: 'sms-reply', receivedAt: '2026-03-12T14:59:00.000Z' },
    ]);
    expect(replies(change).map((r) => r.template)).toEqual(['reply-complaint']);
    expect(handoffs(change)).toEqual(['complaint']);
  });

  it('wants-person: told a person will be in touch, and handed off', () => {
    const change = apply(account(), replyEvent(classification('wants-person')));
    expect(replies(change).map((r) => r.template)).toEqual(['reply-handoff']);
    expect(handoffs(change)).toEqual(['customer-asked-for-person']);
  });

  it('promise with a date: opens a promise capped at the balance and confirms it with the facts', () => {
    const change = apply(
      account(),
      replyEvent(classification('promise', { promise: { amount: 500, date: '2026-03-20' } }), { inboundMessageId: 'in-5' }),
    );
    expect(change.account.promise).toEqual({
      promiseId: 'reply-in-5',
      amount: 125.5,
      dueDate: '2026-03-20',
      madeAt: '2026-03-12T14:59:00.000Z',
      source: 'sms-reply',
      paid: 0,
      status: 'open',
    });
    expect(replies(change)).toEqual([
      { type: 'reply', channel: 'sms', template: 'reply-promise', facts: { promise: { amount: 125.5, dueDate: '2026-03-20' } } },
    ]);
    expect(change.facts).toMatchObject({ promiseDate: '2026-03-20', promiseAmount: 125.5 });
    expect(handoffs(change)).toEqual([]);
    expect(kpi(change, 'promisesMade')).toEqual([{ type: 'kpi', kpi: 'promisesMade', value: 1, dimensions: { source: 'sms-reply' } }]);
  });

  it('promise of a part with a date keeps the amount; without an amount it is the whole balance', () => {
    const part = apply(account(), replyEvent(classification('promise', { promise: { amount: 50, date: '2026-03-20' } })));
    expect(part.account.promise).toMatchObject({ amount: 50, dueDate: '2026-03-20' });
    const whole = apply(account(), replyEvent(classification('promise', { promise: { date: '2026-03-21' } })));
    expect(whole.account.promise).toMatchObject({ amount: 125.5, dueDate: '2026-03-21' });
  });

  it('promise without a date: no promise, a person asks for one', () => {
    const change = apply(account(), replyEvent(classification('promise', { promise: { amount: 50 } })));
    expect(change.account.promise).toBeUndefined();
    expect(replies(change).map((r) => r.template)).toEqual(['reply-handoff']);
    expect(handoffs(change)).toEqual(['promise-needs-a-date']);
  });

  it('other: a person reads it', () => {
    const change = apply(account(), replyEvent(classification('other')));
    expect(replies(change).map((r) => r.template)).toEqual(['reply-handoff']);
    expect(handoffs(change)).toEqual(['reply-needs-a-person']);
  });

  describe('no automated reply when contact is not allowed', () => {
    const cases: [string, Account][] = [
      ['ceased', account({ status: 'ceased' })],
      ['attorney-represented', account({ compliance: { attorney: { since: '2026-03-01T00:00:00Z' } } })],
      ['in bankruptcy', account({ compliance: { bankruptcy: { chapter: '7' } } })],
      ['opted out of sms', account({ channels: { sms: { optedOut: true }, email: { optedOut: false }, voice: { optedOut: false } } })],
    ];
    it.each(cases)('%s: help, pay, plan and other get no reply (hand-offs still happen)', (_label, a) => {
      for (const intent of ['help', 'pay', 'plan', 'wants-person', 'other'] as const) {
        const change = apply(a, replyEvent(classification(intent)));
        expect(replies(change), intent).toEqual([]);
      }
      expect(handoffs(apply(a, replyEvent(classification('other'))))).toEqual(['reply-needs-a-person']);
      const promise = apply(a, replyEvent(classification('promise', { promise: { date: '2026-03-20' } })));
      expect(replies(promise)).toEqual([]);
    });

    it('an attorney-represented customer who texts STOP is still opted out, with no automated text back', () => {
      const change = apply(account({ compliance: { attorney: {} } }), replyEvent(classification('stop', { matched: 'stop' })));
      expect(change.account.channels.sms.optedOut).toBe(true);
      expect(replies(change)).toEqual([]);
      expect(change.account.customer.consent?.sms?.revokedAt).toBe('2026-03-12T14:59:00.000Z');
    });
  });

  it('every reply adds an inbound entry, is counted by intent, and keeps the message text out of the facts', () => {
    const intents: ReplyIntent[] = [
      'stop',
      'help',
      'pay',
      'plan',
      'survey-score',
      'already-paid',
      'dispute',
      'hardship',
      'wants-person',
      'complaint',
      'promise',
      'other',
    ];
    const secret = 'my account number is 4111111111111111 please call 555-0100 at home';
    for (const intent of intents) {
      // The classifier puts only the phrase it matched in `matched`; the explanation may quote more.
      const phrase = 'i have lost my job and cannot pay anything this month';
      const c = classification(intent, {
        explanation: `The reply was "${secret}"`,
        matched: phrase,
        score: 3,
        promise: { date: '2026-03-20' },
      });
      const change = apply(account(), replyEvent(c, { inboundMessageId: `in-${intent}` }));
      expect(change.history, intent).toEqual([{ kind: 'inbound', channel: 'sms' }]);
      expect(change.dedupeKey).toBe(`reply:in-${intent}`);
      expect(kpi(change, 'repliesReceived')).toEqual([{ type: 'kpi', kpi: 'repliesReceived', value: 1, dimensions: { intent } }]);
      expect(change.facts).toMatchObject({ channel: 'sms', intent, ruleId: `test.${intent}` });
      // The matched phrase is kept only as a short excerpt; the explanation never.
      expect(change.facts.matched).toBe(phrase.slice(0, 40));
      expect(JSON.stringify(change.facts)).not.toContain('4111111111111111');
      expect(JSON.stringify(change.facts)).not.toContain('555-0100');
    }
  });

  it('an sms reply records the text safe-harbour evidence; an email reply does not', () => {
    expect(apply(account(), replyEvent(classification('help'))).account.customer.textSafeHarbor).toEqual({
      lastCustomerTextAt: '2026-03-12T14:59:00.000Z',
    });
    const email = apply(account(), replyEvent(classification('help'), { channel: 'email' }));
    expect(email.account.customer.textSafeHarbor).toBeUndefined();
    expect(replies(email)).toEqual([{ type: 'reply', channel: 'email', template: 'reply-help' }]);
    expect(email.history).toEqual([{ kind: 'inbound', channel: 'email' }]);
  });
});

describe('applyLifecycleEvent: DeliveryReported', () => {
  it('failed-permanent marks the channel unusable with the reason', () => {
    const change = apply(account(), delivery('failed-permanent', 'sms', { reason: 'invalid-number', providerEventType: 'TEXT_INVALID' }));
    expect(change.account.channels.sms).toEqual({ optedOut: false, unusable: { reason: 'invalid-number', at: '2026-03-12T14:00:00Z' } });
    expect(change.dedupeKey).toBe('delivery:msg-1:TEXT_INVALID');
    expect(change.facts).toEqual({
      channel: 'sms',
      outcome: 'failed-permanent',
      providerEventType: 'TEXT_INVALID',
      providerMessageId: 'msg-1',
      reason: 'invalid-number',
    });
    expect(kpis(change)).toEqual([
      { type: 'kpi', kpi: 'deliveryEvents', value: 1, dimensions: { channel: 'sms', outcome: 'failed-permanent' } },
    ]);
  });

  it('failed-permanent without a reason uses the provider event type, and keeps the first reason', () => {
    const first = apply(account(), delivery('failed-permanent', 'email', { providerEventType: 'Bounce' }));
    expect(first.account.channels.email.unusable).toEqual({ reason: 'Bounce', at: '2026-03-12T14:00:00Z' });
    const second = apply(
      first.account,
      delivery('failed-permanent', 'email', { providerEventType: 'Reject', reason: 'later', providerMessageId: 'msg-2' }),
    );
    expect(second.account.channels.email.unusable).toEqual({ reason: 'Bounce', at: '2026-03-12T14:00:00Z' });
  });

  it('complained: email opted out, recorded as a complaint, and a person is asked', () => {
    const change = apply(
      account(),
      delivery('complained', 'email', { providerEventType: 'Complaint', providerMessageId: '0100018e<abc>@email' }),
    );
    expect(change.account.channels.email.optedOut).toBe(true);
    expect(change.account.complaints).toEqual([
      { complaintId: 'email-0100018e-abc--email', category: 'communication-tactics', source: 'email', receivedAt: '2026-03-12T14:00:00Z' },
    ]);
    expect(handoffs(change)).toEqual(['complaint']);
    expect(kpis(change).map((k) => k.kpi)).toEqual(['deliveryEvents', 'optOuts', 'complaintsReceived']);
    expect(change.dedupeKey).toBe('delivery:0100018e<abc>@email:Complaint');
  });

  it('answered: a conversation on the channel', () => {
    const change = apply(account(), delivery('answered', 'voice', { providerEventType: 'CALL_ANSWERED' }));
    expect(change.history).toEqual([{ kind: 'conversation', channel: 'voice' }]);
    expect(change.account.channels.voice).toEqual({ optedOut: false });
  });

  it('opted-out: the channel is opted out, revoked by the provider event', () => {
    const change = apply(account(), delivery('opted-out', 'sms', { providerEventType: 'TEXT_BLOCKED_OPTOUT' }));
    expect(change.account.channels.sms.optedOut).toBe(true);
    expect(change.account.customer.consent?.sms).toEqual({
      source: 'provided-for-account',
      revokedAt: '2026-03-12T14:00:00Z',
      revokedBy: 'TEXT_BLOCKED_OPTOUT',
    });
    expect(replies(change)).toEqual([]);
  });

  it('delivered: only facts and the count', () => {
    const a = account();
    const change = apply(a, delivery('delivered', 'sms', { providerEventType: 'TEXT_DELIVERED' }));
    expect(change.account).toEqual({ ...a, updatedAt: NOW_ISO });
    expect(change.history).toEqual([]);
    expect(change.effects).toEqual([
      { type: 'kpi', kpi: 'deliveryEvents', value: 1, dimensions: { channel: 'sms', outcome: 'delivered' } },
    ]);
    expect(change.facts).toEqual({ channel: 'sms', outcome: 'delivered', providerEventType: 'TEXT_DELIVERED', providerMessageId: 'msg-1' });
  });

  it('the dedupe key is per message and event type', () => {
    const keys = [
      apply(account(), delivery('delivered', 'sms', { providerEventType: 'TEXT_DELIVERED' })).dedupeKey,
      apply(account(), delivery('sent', 'sms', { providerEventType: 'TEXT_SENT' })).dedupeKey,
      apply(account(), delivery('delivered', 'sms', { providerEventType: 'TEXT_DELIVERED', providerMessageId: 'msg-2' })).dedupeKey,
    ];
    expect(keys).toEqual(['delivery:msg-1:TEXT_DELIVERED', 'delivery:msg-1:TEXT_SENT', 'delivery:msg-2:TEXT_DELIVERED']);
  });
});

describe('applyLifecycleEvent: purity', () => {
  it('never changes the account it was given', () => {
    const a = account({
      promise: openPromise(),
      plan: activePlan(),
      complaints: [{ complaintId: 'cmp-1', category: 'other', source: 'phone', receivedAt: '2026-03-10T09:00:00Z' }],
      customer: { consent: { sms: { source: 'written' } } },
      compliance: { vulnerability: { drivers: ['health'] } },
    });
    const before = structuredClone(a);
    const events: LifecycleEvent[] = [
      payment(70),
      payment(500),
      { detailType: 'ComplaintResolved', detail: { accountId: 'acc-1', complaintId: 'cmp-1', resolvedAt: '2026-03-12T10:00:00Z' } },
      {
        detailType: 'HardshipReported',
        detail: { accountId: 'acc-1', reportedAt: '2026-03-12T10:00:00Z', source: 'phone', drivers: ['resilience'] },
      },
      {
        detailType: 'PreferencesChanged',
        detail: { accountId: 'acc-1', language: 'es', changedAt: '2026-03-12T10:00:00Z', source: 'portal' },
      },
      {
        detailType: 'PaymentPlanAgreed',
        detail: {
          accountId: 'acc-1',
          planId: 'plan-2',
          agreedAt: '2026-03-12T10:00:00Z',
          source: 'portal',
          instalments: [{ dueDate: '2026-04-01', amount: 125.5 }],
        },
      },
      replyEvent(classification('stop', { matched: 'stop' })),
      replyEvent(classification('promise', { promise: { date: '2026-03-20' } })),
      replyEvent(classification('complaint')),
      delivery('failed-permanent', 'email'),
      delivery('complained', 'email'),
    ];
    for (const event of events) {
      const change = apply(a, event);
      expect(change.account).not.toBe(a);
      expect(a, event.detailType).toEqual(before);
    }
  });
});

describe('planOptions and messageFactsFor', () => {
  it('planOptions rounds each instalment up to the cent and skips single payments', () => {
    const playbook: Playbook = { ...DEFAULT_PLAYBOOK, offers: { planLengthsMonths: [1, 3, 4], paymentDateChoiceDays: 0 } };
    expect(planOptions(account({ balance: 100 }), playbook)).toEqual([
      { instalments: 3, amount: 33.34 },
      { instalments: 4, amount: 25 },
    ]);
    expect(planOptions(account({ balance: 300 }), noOffers)).toEqual([]);
  });

  it('gives a plan step its instalment, a promise reminder what is left, anything else the plan options', () => {
    const a = account({ balance: 300, plan: activePlan(), promise: openPromise({ amount: 80, paid: 30.25 }) });
    expect(messageFactsFor(a, { stepId: CARE_STEP.planReminder('plan-1', 1), template: 't' }, DEFAULT_PLAYBOOK, NOW)).toEqual({
      instalment: { amount: 50, dueDate: '2026-05-01' },
    });
    expect(messageFactsFor(a, { stepId: CARE_STEP.planMissed('plan-1', 2), template: 't' }, DEFAULT_PLAYBOOK, NOW)).toEqual({
      instalment: { amount: 25.5, dueDate: '2026-06-01' },
    });
    expect(messageFactsFor(a, { stepId: 'promise-reminder-prm-1', template: 't' }, DEFAULT_PLAYBOOK, NOW)).toEqual({
      promise: { amount: 49.75, dueDate: '2026-03-20' },
    });
    expect(messageFactsFor(a, { stepId: 's4-help', template: 't' }, DEFAULT_PLAYBOOK, NOW)).toEqual({
      planOptions: [
        { instalments: 2, amount: 150 },
        { instalments: 3, amount: 100 },
        { instalments: 6, amount: 50 },
      ],
    });
    expect(messageFactsFor(a, { stepId: 's4-help', template: 't' }, noOffers, NOW)).toBeUndefined();
  });

  it('gives the validation notice the last day to dispute: 30 days after receipt, assumed 5 business days after sending', () => {
    // Sent Thursday 2026-03-12: received Thursday 03-19, the period runs through 04-18.
    expect(messageFactsFor(account(), { stepId: 's1-friendly', template: 'validation-notice' }, DEFAULT_PLAYBOOK, NOW)).toEqual({
      validation: { disputeBy: '2026-04-18' },
    });
  });
});
