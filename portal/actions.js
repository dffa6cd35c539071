// The ways to resolve the account: pay, promise, plan, dispute, hardship, a call back (each a form that sends
// one PortalAction through submit.js).
// @ts-check
import { DAY_MS, DRIVERS, REASONS } from './constants.js';
import {
  announce,
  button,
  checked,
  choice,
  clearErrors,
  day,
  deviceZone,
  field,
  first,
  group,
  h,
  localInput,
  money,
  p,
  parseAmount,
  showError,
  t,
  zoneLabel,
} from './ui.js';
import { send } from './submit.js';

/** @typedef {import('../functions/domain/portal/contract').PortalAction} PortalAction */

// ---------- the ways to resolve it ----------
export function actions(v) {
  const o = v.options;
  const parts = [
    v.status === 'overdue' && v.balance > 0 && o.payUrl && payAction(v),
    o.promise && promiseAction(v),
    o.plans?.length > 0 && planAction(v),
    o.canDispute && disputeAction(v),
    o.canReportHardship && hardshipAction(),
    o.canAskForPerson && callbackAction(),
  ].filter(Boolean);
  if (!parts.length) return null;
  return h(
    'section',
    { class: 'actions', 'aria-labelledby': 'actions-title' },
    h('h2', { id: 'actions-title' }, t('actions.title')),
    p(t('actions.intro')),
    parts,
  );
}

/**
 * One way to resolve it: a section with a heading and a form. read(form) returns [action, details for the
 * confirmation] or nothing (after showing what to fix).
 * @param {(form: HTMLFormElement) => [PortalAction, object?] | void} read
 */
export function option(id, testid, intro, kids, read) {
  const form = h(
    'form',
    {
      id: `${id}-form`,
      novalidate: true,
      onsubmit: (e) => {
        e.preventDefault();
        const r = read(form);
        if (r) send(form, r[0], r[1]);
      },
    },
    kids,
  );
  return h(
    'section',
    { class: 'panel option', 'data-testid': testid, 'aria-labelledby': `${id}-title` },
    h('h3', { id: `${id}-title` }, t(`${id}.title`)),
    intro && p(intro),
    form,
  );
}

export const amountInput = () => h('input', { type: 'text', name: 'amount', inputmode: 'decimal', autocomplete: 'off', class: 'medium' });

/** An optional amount: undefined when empty, null (after showing the error) when not a usable amount. */
export function readAmount(form, max) {
  const input = first(form, 'amount');
  if (!input.value.trim()) return undefined;
  const n = parseAmount(input.value);
  if (n > 0 && n <= max) return n;
  showError(form, [t('problems.amount', { max: money(max) })], [input]);
  return null;
}

export const payAction = (v) =>
  option(
    'pay',
    null,
    t('pay.intro', { amount: money(v.balance), creditor: v.creditorName }),
    button(t('pay.button'), { 'data-testid': 'action-pay' }),
    () => [{ type: 'pay' }],
  );

export function promiseAction(v) {
  const { earliest, latest } = v.options.promise;
  const range = { earliest: day(earliest), latest: day(latest) };
  const date = h('input', { type: 'date', name: 'date', min: earliest, max: latest, required: true, class: 'medium' });
  return option(
    'promise',
    'action-promise',
    t('promise.intro'),
    [
      field('promise-date', t('promise.date'), date, t('promise.dateHint', range)),
      field('promise-amount', t('promise.amount'), amountInput(), t('promise.amountHint', { amount: money(v.balance) })),
      button(t('promise.button')),
    ],
    (form) => {
      const d = date.value;
      if (!/^\d{4}-\d{2}-\d{2}$/.test(d) || d < earliest || d > latest) return void showError(form, [t('problems.date', range)], [date]);
      const amount = readAmount(form, v.balance);
      if (amount !== null)
        return [
          { type: 'promise', date: d, ...(amount ? { amount } : {}) },
          { amount: amount ?? v.balance, date: d },
        ];
    },
  );
}

export function planLabel(plan) {
  const [a, ...rest] = plan.amounts;
  const last = rest[rest.length - 1];
  const even = rest.slice(0, -1).every((x) => x === a);
  const what = even
    ? t('plan.each', { count: plan.instalments, amount: money(a) })
    : t('plan.total', { count: plan.instalments, amount: money(plan.amounts.reduce((s, x) => s + x, 0)) });
  const when = t('plan.when', { first: day(plan.dates[0]), last: day(plan.dates[plan.dates.length - 1]) });
  return [what, even && last !== a ? `${when} ${t('plan.lastOne', { amount: money(last) })}` : when];
}

export function planAction(v) {
  const plans = v.options.plans;
  const chosen = (form) => plans.find((x) => x.instalments === Number(checked(form, 'instalments')));
  // Choosing a plan shows every payment of it, with the button that commits: nothing is agreed before.
  const review = h('div', { class: 'review', id: 'plan-review', hidden: true });
  const showReview = (e) => {
    const plan = chosen(e.target.form);
    clearErrors();
    review.replaceChildren(
      h('h4', {}, t('plan.reviewTitle')),
      schedule(
        plan.dates.map((dueDate, i) => ({ dueDate, amount: plan.amounts[i] })),
        t('plan.reviewCaption', { count: plan.instalments }),
      ),
      p(t('plan.reviewNote')),
      button(t('plan.confirm'), { 'data-testid': 'plan-confirm' }),
    );
    review.hidden = false;
    announce(t('plan.reviewAnnounce'));
  };
  return option(
    'plan',
    'action-plan',
    t('plan.intro'),
    [
      group(
        t('plan.legend'),
        plans.map((plan) => {
          const [what, when] = planLabel(plan);
          return choice('radio', 'instalments', plan.instalments, what, {
            id: `plan-${plan.instalments}`,
            testid: `plan-option-${plan.instalments}`,
            hint: when,
            onchange: showReview,
          });
        }),
      ),
      review,
    ],
    (form) => {
      const plan = chosen(form);
      if (!plan) return void showError(form, [t('problems.instalments')], [first(form, 'instalments')]);
      return [
        { type: 'plan', instalments: plan.instalments },
        { count: plan.instalments, amount: plan.amounts[0], date: plan.dates[0] },
      ];
    },
  );
}

export const disputeAction = (v) =>
  option(
    'dispute',
    'action-dispute',
    t('dispute.intro'),
    [
      group(
        t('dispute.legend'),
        REASONS.map((r) => choice('radio', 'reason', r, t(`dispute.reasons.${r}`))),
      ),
      field('dispute-amount', t('dispute.amount'), amountInput(), t('dispute.amountHint')),
      p(t('dispute.more'), 'hint'),
      button(t('dispute.button')),
    ],
    (form) => {
      const reason = checked(form, 'reason');
      if (!reason) return void showError(form, [t('problems.reason')], [first(form, 'reason')]);
      const amount = readAmount(form, v.balance);
      if (amount !== null) return [{ type: 'dispute', reason, ...(amount ? { amount } : {}) }];
    },
  );

export const hardshipAction = () =>
  option(
    'hardship',
    'action-hardship',
    t('hardship.intro'),
    [
      group(t('hardship.legend'), [
        p(t('hardship.optional'), 'hint'),
        DRIVERS.map((d) => choice('checkbox', 'drivers', d, t(`hardship.drivers.${d}`))),
      ]),
      button(t('hardship.button')),
    ],
    (form) => {
      const boxes = /** @type {NodeListOf<HTMLInputElement>} */ (form.querySelectorAll('input[name="drivers"]:checked'));
      // The boxes' values are DRIVERS, the contract's own.
      const drivers = [...boxes].map((i) => /** @type {import('./constants.js').HardshipDriver} */ (i.value));
      return [{ type: 'hardship', ...(drivers.length ? { drivers } : {}) }];
    },
  );

export function callbackAction() {
  const now = new Date();
  const at = h('input', {
    type: 'datetime-local',
    name: 'at',
    required: true,
    class: 'medium',
    min: localInput(now),
    max: localInput(new Date(+now + 14 * DAY_MS - 60_000)),
  });
  return option(
    'callback',
    'action-callback',
    t('callback.intro'),
    [field('callback-at', t('callback.at'), at, t('callback.atHint', { zone: zoneLabel(deviceZone()) })), button(t('callback.button'))],
    (form) => {
      const when = new Date(at.value); // datetime-local: this device's local time; sent as ISO UTC
      const ms = when.getTime();
      if (!(ms > Date.now() && ms <= Date.now() + 14 * DAY_MS)) return void showError(form, [t('problems.at')], [at]);
      return [{ type: 'callback', at: when.toISOString() }, { at: when.toISOString() }];
    },
  );
}

/** Every instalment's date and amount (and, for a plan in place, what is paid). */
export function schedule(rows, caption, withPaid) {
  const th = (k) => h('th', { scope: 'col' }, t(k));
  const paid = (r) =>
    r.paid >= r.amount ? t('plan.paidAll') : r.paid > 0 ? t('plan.paidPart', { amount: money(r.paid) }) : t('plan.paidNone');
  return h(
    'table',
    { class: 'schedule' },
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, th('plan.date'), th('plan.amount'), withPaid && th('plan.paid'))),
    h(
      'tbody',
      {},
      rows.map((r) => h('tr', {}, h('td', {}, day(r.dueDate, 'medium')), h('td', {}, money(r.amount)), withPaid && h('td', {}, paid(r)))),
    ),
  );
}
