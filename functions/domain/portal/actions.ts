/**
 * A portal action as the lifecycle event the rest of the system already understands (a promise is a
 * PromiseToPayMade, a plan a PaymentPlanAgreed ...), checked against what the portal offered this
 * customer: a date inside the window, a plan that was on the list, a disputed amount within the balance.
 */
import type { CustomerEvent } from '../customer-events';
import type { ChannelOptedOut } from '../events';
import type { Account } from '../types';
import type { PortalAction, PortalView } from './contract';

export type PortalEvent = CustomerEvent | { detailType: 'ChannelOptedOut'; detail: ChannelOptedOut };

export type ActionResult = { ok: true; event: PortalEvent } | { ok: false; notAvailable?: boolean; problems: string[] };

const DAY_MS = 86_400_000;

/** A short id from the time: one promise or plan per customer per second is plenty. */
const idFrom = (prefix: string, now: Date) => `${prefix}-${now.getTime().toString(36)}`;

/** What every action's check needs: the account, what the portal offered, and the moment. */
interface ActionContext {
  account: Account;
  view: PortalView;
  now: Date;
  at: string;
  base: { accountId: string; source: 'portal' };
}

type ActionOf<K extends PortalAction['type']> = Extract<PortalAction, { type: K }>;

const problem = (text: string, notAvailable = false): ActionResult => ({ ok: false, notAvailable, problems: [text] });
const event = (e: PortalEvent): ActionResult => ({ ok: true, event: e });

function promise({ account, view, now, at, base }: ActionContext, action: ActionOf<'promise'>): ActionResult {
  const window = view.options.promise;
  if (!window) return problem('promises to pay on a date are not offered for this account', true);
  if (action.date < window.earliest || action.date > window.latest)
    return problem(`date: choose a date from ${window.earliest} to ${window.latest}`);
  const amount = action.amount ?? account.balance;
  if (amount > account.balance) return problem(`amount: at most the balance, ${account.balance}`);
  return event({
    detailType: 'PromiseToPayMade',
    detail: { ...base, promiseId: idFrom('portal', now), amount, dueDate: action.date, madeAt: at },
  });
}

function plan({ view, now, at, base }: ActionContext, action: ActionOf<'plan'>): ActionResult {
  const choice = view.options.plans.find((p) => p.instalments === action.instalments);
  if (!choice) {
    const offered = view.options.plans.map((p) => p.instalments).join(', ');
    return problem(
      offered ? `instalments: choose one of the plans offered (${offered} payments)` : 'payment plans are not offered for this account',
      !offered,
    );
  }
  const instalments = choice.dates.map((dueDate, i) => ({ dueDate, amount: choice.amounts[i] }));
  return event({ detailType: 'PaymentPlanAgreed', detail: { ...base, planId: idFrom('plan', now), instalments, agreedAt: at } });
}

function dispute({ account, view, at, base }: ActionContext, action: ActionOf<'dispute'>): ActionResult {
  if (!view.options.canDispute) return problem('a dispute is already open for this account', true);
  if (action.amount !== undefined && action.amount > account.balance) return problem(`amount: at most the balance, ${account.balance}`);
  const amount = action.amount !== undefined ? { disputedAmount: action.amount } : {};
  return event({ detailType: 'DisputeRaised', detail: { ...base, reason: action.reason, raisedAt: at, ...amount } });
}

function hardship({ view, at, base }: ActionContext, action: ActionOf<'hardship'>): ActionResult {
  if (!view.options.canReportHardship) return problem('hardship is already recorded for this account', true);
  const drivers = action.drivers?.length ? { drivers: action.drivers } : {};
  return event({ detailType: 'HardshipReported', detail: { ...base, reportedAt: at, ...drivers } });
}

function callback({ now, at, base }: ActionContext, action: ActionOf<'callback'>): ActionResult {
  const t = Date.parse(action.at);
  if (!(t > now.getTime()) || t > now.getTime() + 14 * DAY_MS) return problem('at: choose a time in the next 14 days');
  return event({ detailType: 'CallbackRequested', detail: { ...base, callbackAt: new Date(t).toISOString(), requestedAt: at } });
}

function preferences({ view, at, base }: ActionContext, action: ActionOf<'preferences'>): ActionResult {
  const changes = Object.fromEntries(Object.entries(action).filter(([key]) => key !== 'type')) as Omit<typeof action, 'type'>;
  if (Object.keys(changes).length === 0) return problem('change at least one preference');
  if (changes.preferredChannel && !view.preferences.channels[changes.preferredChannel].available) {
    return problem(`preferredChannel: we have no ${changes.preferredChannel === 'email' ? 'email address' : 'phone number'} for you`);
  }
  return event({ detailType: 'PreferencesChanged', detail: { ...base, ...changes, changedAt: at } });
}

/** One check per action type; the compiler insists every type of the contract has one. */
const ACTIONS: { [K in PortalAction['type']]: (context: ActionContext, action: ActionOf<K>) => ActionResult } = {
  pay: ({ at, base }) => event({ detailType: 'PaymentIntended', detail: { ...base, at } }),
  promise,
  plan,
  dispute,
  hardship,
  callback,
  preferences,
  'opt-out': ({ account, at }, action) =>
    event({ detailType: 'ChannelOptedOut', detail: { accountId: account.accountId, channel: action.channel, at } }),
};

export function eventForAction(account: Account, view: PortalView, action: PortalAction, now: Date): ActionResult {
  const context: ActionContext = { account, view, now, at: now.toISOString(), base: { accountId: account.accountId, source: 'portal' } };
  const check = ACTIONS[action.type] as (context: ActionContext, action: PortalAction) => ActionResult;
  return check(context, action);
}
