import { describe, expect, it } from 'vitest';
import type { ReplyClassification } from '../../functions/domain/conversations/classify';
import { HELP_ANSWER_INTERVAL_MINUTES, JOURNEY_LIMIT_DAYS, PROMISE_HORIZON_DAYS, journeyHorizon } from '../../functions/domain/bounds';
import { applyLifecycleEvent } from '../../functions/domain/lifecycle';
import { FORBEARANCE_BEYOND_JOURNEY } from '../../functions/domain/lifecycle-account';
import { REPLY_HANDOFF_REASON } from '../../functions/domain/lifecycle-types';
import { LifecycleRejection } from '../../functions/domain/lifecycle-types';
import { type LifecycleChange } from '../../functions/domain/lifecycle-types';
import { type LifecycleEvent } from '../../functions/domain/lifecycle-types';
import { DEFAULT_PLAYBOOK } from '../../functions/domain/playbook';
import { DAY_MS, MINUTE_MS } from '../../functions/domain/rules/time';
import type { Account } from '../../functions/domain/types';
import { account } from './fixtures';

const NOW = new Date('2026-03-12T15:00:00.000Z');
const apply = (a: Account, event: LifecycleEvent, now = NOW): LifecycleChange =>
  applyLifecycleEvent(a, event, { now, playbook: DEFAULT_PLAYBOOK });
const problemsOf = (run: () => unknown): string[] => {
  try {
    run();
  } catch (error) {
    if (error instanceof LifecycleRejection) return error.problems;
    throw error;
  }
  return [];
};
const handoffs = (c: LifecycleChange) => c.effects.flatMap((e) => (e.type === 'handoff' ? [e.reason] : []));
const replies = (c: LifecycleChange) => c.effects.flatMap((e) => (e.type === 'reply' ? [e.template] : []));

const promiseMade = (dueDate: string): LifecycleEvent => ({
  detailType: 'PromiseToPayMade',
  detail: { accountId: 'acc-1', promiseId: 'prm-far', amount: 50, dueDate, madeAt: NOW.toISOString(), source: 'phone' },
});
const reply = (classification: ReplyClassification, receivedAt: string, inboundMessageId: string): LifecycleEvent => ({
  detailType: 'ReplyReceived',
  detail: { accountId: 'acc-1', channel: 'sms', receivedAt, inboundMessageId, classification },
});

describe('a promise is due within the promise horizon', () => {
  it('rejects a promise due in 2099 with the reason and the last allowed date', () => {
    const problems = problemsOf(() => apply(account(), promiseMade('2099-01-01')));
    expect(problems).toEqual([expect.stringContaining(`within ${PROMISE_HORIZON_DAYS} days of being made`)]);
    expect(problems[0]).toContain('(by 2026-05-11)');
  });

  it('keeps a promise due on the last day of the horizon', () => {
    expect(apply(account(), promiseMade('2026-05-11')).account.promise).toMatchObject({ dueDate: '2026-05-11', status: 'open' });
  });

  it('hands a texted promise for 2099 to a person instead of waiting 73 years', () => {
    const change = apply(
      account(),
      reply({ intent: 'promise', ruleId: 't', explanation: 't', promise: { date: '2099-01-01' } }, NOW.toISOString(), 'in-1'),
    );
    expect(change.account.promise).toBeUndefined();
    expect(handoffs(change)).toEqual([REPLY_HANDOFF_REASON.promiseWithoutDate]);
  });
});

describe('a forbearance never outlasts the journey', () => {
  const hardship = (days: number): LifecycleEvent => ({
    detailType: 'HardshipReported',
    detail: { accountId: 'acc-1', reportedAt: NOW.toISOString(), source: 'agent', forbearance: { kind: 'pause', days } },
  });

  it('holds a 365-day forbearance until the horizon, inside the one-year execution, and tells a person at once', () => {
    const a = account();
    const change = apply(a, hardship(365));
    const until = Date.parse(change.account.hardship!.forbearance!.until);
    expect(until).toBeLessThanOrEqual(journeyHorizon(a));
    expect(until).toBeLessThan(Date.parse(a.openedAt) + JOURNEY_LIMIT_DAYS * DAY_MS);
    expect(handoffs(change)).toEqual([FORBEARANCE_BEYOND_JOURNEY]);
    expect(change.facts).toMatchObject({ forbearanceDays: 355, forbearanceDaysAgreed: 365 });
  });

  it('holds a forbearance that fits in full, with no hand-off', () => {
    const change = apply(account(), hardship(90));
    expect(change.account.hardship!.forbearance!.until).toBe(new Date(NOW.getTime() + 90 * DAY_MS).toISOString());
    expect(handoffs(change)).toEqual([]);
  });
});

describe("a plan's instalments cover the balance", () => {
  const plan = (amounts: number[]): LifecycleEvent => ({
    detailType: 'PaymentPlanAgreed',
    detail: {
      accountId: 'acc-1',
      planId: 'plan-cents',
      agreedAt: NOW.toISOString(),
      source: 'portal',
      instalments: amounts.map((amount, i) => ({ dueDate: `2026-0${4 + i}-01`, amount })),
    },
  });

  it('rejects 2 x $0.01 on a $100 debt, so it can never close as completed with $99.98 owed', () => {
    expect(problemsOf(() => apply(account({ balance: 100 }), plan([0.01, 0.01])))).toEqual([
      expect.stringContaining('instalments: they total 0.02 but the balance is 100.00'),
    ]);
  });

  it('takes a plan whose instalments add up to the balance', () => {
    expect(apply(account({ balance: 100 }), plan([33.33, 33.33, 33.34])).account.plan).toMatchObject({ status: 'active' });
  });
});

describe('HELP is answered at most once per interval', () => {
  it(`answers 30 HELP texts in 30 minutes ${30 / HELP_ANSWER_INTERVAL_MINUTES} times and records the rest`, () => {
    let current = account();
    let answered = 0;
    const unanswered: unknown[] = [];
    for (let i = 0; i < 30; i++) {
      const at = new Date(NOW.getTime() + i * MINUTE_MS);
      const change = apply(current, reply({ intent: 'help', ruleId: 't', explanation: 't' }, at.toISOString(), `help-${i}`), at);
      answered += replies(change).filter((t) => t === 'reply-help').length;
      if (change.facts.unanswered) unanswered.push(change.facts.unanswered);
      current = change.account;
    }
    expect(answered).toBe(30 / HELP_ANSWER_INTERVAL_MINUTES);
    expect(unanswered).toHaveLength(30 - answered);
    expect(new Set(unanswered)).toEqual(new Set(['help-answered-recently']));
  });
});
