/**
 * Which lifecycle events wake a journey that rests in a pause (a person has the account, a complaint is
 * open), through the real reducer: each event that could end or alter the pause wakes it; one that
 * cannot (a preference, a survey answer, an email opened) leaves it resting until the pause ends.
 */
import { describe, expect, it } from 'vitest';
import { journeyWakeReason } from '../../functions/domain/journey-wake';
import { applyLifecycleEvent } from '../../functions/domain/lifecycle';
import type { LifecycleEvent } from '../../functions/domain/lifecycle-types';
import { DEFAULT_PLAYBOOK } from '../../functions/domain/playbook';
import type { Account } from '../../functions/domain/types';
import { account } from './fixtures';

const NOW = '2026-03-20T15:00:00.000Z';
const complaint = { complaintId: 'cmp-1', category: 'service' as const, source: 'phone' as const, receivedAt: '2026-03-12T15:00:00.000Z' };
/** Handed to a person for a complaint (the ledger holds the hand-off; the account holds the complaint). */
const paused = account({ complaints: [complaint] });
const instalments = [
  { dueDate: '2026-04-01', amount: 62.75 },
  { dueDate: '2026-05-01', amount: 62.75 },
];
const onPlan = account({
  complaints: [complaint],
  plan: {
    planId: 'plan-1',
    agreedAt: '2026-03-11T15:00:00.000Z',
    source: 'portal',
    status: 'active',
    instalments: instalments.map((x) => ({ ...x, paid: 0 })),
  },
});
const disputedInPart = account({ compliance: { disputeOpenedAt: '2026-03-12T15:00:00.000Z', disputedAmount: 100 } });

const wakeFor = (before: Account, event: LifecycleEvent) => {
  const change = applyLifecycleEvent(before, event, { now: new Date(NOW), playbook: DEFAULT_PLAYBOOK });
  return journeyWakeReason(before, change.account, change);
};
const payment = (amount: number): LifecycleEvent => ({
  detailType: 'PaymentReceived',
  detail: { accountId: 'acc-1', paymentId: `p-${amount}`, amount, currency: 'USD', paidAt: NOW },
});

describe('journeyWakeReason: what ends or alters a pause wakes the journey at once', () => {
  it.each<[string, Account, LifecycleEvent, string]>([
    [
      'the person finishing (any outcome)',
      paused,
      { detailType: 'AgentHandoffCompleted', detail: { accountId: 'acc-1', outcome: 'resume', completedAt: NOW } },
      'handoff-completed',
    ],
    [
      'the complaint resolved',
      paused,
      { detailType: 'ComplaintResolved', detail: { accountId: 'acc-1', complaintId: 'cmp-1', resolvedAt: NOW } },
      'complaint-resolved',
    ],
    [
      'the dispute verified',
      disputedInPart,
      { detailType: 'DisputeVerified', detail: { accountId: 'acc-1', verifiedAt: NOW } },
      'dispute-answered',
    ],
    [
      'the dispute corrected',
      disputedInPart,
      { detailType: 'DisputeResolved', detail: { accountId: 'acc-1', resolution: 'corrected', correctedBalance: 80, resolvedAt: NOW } },
      'dispute-answered',
    ],
    [
      'the dispute upheld',
      disputedInPart,
      { detailType: 'DisputeResolved', detail: { accountId: 'acc-1', resolution: 'upheld', resolvedAt: NOW } },
      'dispute',
    ],
    [
      'a plan agreed',
      paused,
      { detailType: 'PaymentPlanAgreed', detail: { accountId: 'acc-1', planId: 'plan-2', agreedAt: NOW, source: 'agent', instalments } },
      'arrangement',
    ],
    [
      'a promise made',
      paused,
      {
        detailType: 'PromiseToPayMade',
        detail: { accountId: 'acc-1', promiseId: 'prm-1', amount: 50, dueDate: '2026-03-27', madeAt: NOW, source: 'agent' },
      },
      'arrangement',
    ],
    ['a payment towards a plan', onPlan, payment(62.75), 'plan-payment'],
    ['a part payment that leaves only the disputed part', disputedInPart, payment(30), 'dispute'],
    ['a settling payment', paused, payment(125.5), 'settled'],
    ['a cease', paused, { detailType: 'CommunicationCeased', detail: { accountId: 'acc-1', receivedAt: NOW } }, 'ceased'],
    [
      'a new dispute',
      paused,
      { detailType: 'DisputeRaised', detail: { accountId: 'acc-1', raisedAt: NOW, reason: 'not-mine', source: 'phone' } },
      'dispute',
    ],
    ['hardship', paused, { detailType: 'HardshipReported', detail: { accountId: 'acc-1', reportedAt: NOW, source: 'phone' } }, 'hardship'],
    [
      'a second complaint (a hand-off for it)',
      account(),
      {
        detailType: 'ComplaintRaised',
        detail: { accountId: 'acc-1', complaintId: 'cmp-2', category: 'service', source: 'phone', receivedAt: NOW },
      },
      'hand-off',
    ],
  ])('%s', (_what, before, event, reason) => {
    expect(wakeFor(before, event)).toBe(reason);
  });

  it.each<[string, Account, LifecycleEvent]>([
    ['a part payment with no plan or dispute', paused, payment(20)],
    [
      'a changed preference',
      paused,
      { detailType: 'PreferencesChanged', detail: { accountId: 'acc-1', language: 'es', changedAt: NOW, source: 'portal' } },
    ],
    [
      'a survey answer',
      paused,
      { detailType: 'SurveyAnswered', detail: { accountId: 'acc-1', score: 4, answeredAt: NOW, source: 'sms-reply' } },
    ],
    ['a visit to the payment page', paused, { detailType: 'PaymentIntended', detail: { accountId: 'acc-1', at: NOW, source: 'portal' } }],
    [
      'an email opened',
      paused,
      {
        detailType: 'DeliveryReported',
        detail: { accountId: 'acc-1', channel: 'email', providerMessageId: 'm-1', outcome: 'opened', providerEventType: 'Open', at: NOW },
      },
    ],
  ])('not %s: the pause stays as it was', (_what, before, event) => {
    expect(wakeFor(before, event)).toBeUndefined();
  });
});
