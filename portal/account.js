// The account screen: where the customer stands, the ways to resolve it, their preferences, and sending
// an action (the request shapes are the portal contract's PortalAction).
// @ts-check
/* global location, dispatchEvent, Event */
import { CHANNELS, DAY_MS, DRIVERS, REASONS, ZONES } from './constants.js';
import {
  $,
  SESSION_ENDED,
  announce,
  api,
  busy,
  button,
  checked,
  choice,
  clearErrors,
  clock,
  day,
  dayOf,
  deviceZone,
  field,
  first,
  group,
  h,
  heading,
  list,
  localInput,
  moment,
  money,
  p,
  parseAmount,
  region,
  setLang,
  show,
  showError,
  state,
  t,
  weekday,
  zoneLabel,
} from './ui.js';

/** @typedef {import('../functions/domain/portal/contract').PortalAction} PortalAction */

// ---------- the account ----------
export function accountScreen(done) {
  const v = state.view;
  return {
    title: t('account.title'),
    nodes: [
      heading(1, v.firstName ? t('account.hello', { name: v.firstName }) : t('account.helloNoName')),
      p(t('account.intro'), 'lead'),
      done && doneBox(done),
      summary(v),
      rights(v),
      inPlace(v),
      actions(v),
      preferences(v),
      help(v),
    ],
  };
}

export function summary(v) {
  const row = (label, value, props) => [h('dt', {}, label), h('dd', props || {}, value)];
  return h(
    'section',
    { class: 'panel', 'data-testid': 'summary', 'aria-labelledby': 'summary-title' },
    h('h2', { id: 'summary-title' }, t('summary.title')),
    p(t(`summary.status.${v.status}`, { creditor: v.creditorName })),
    h(
      'dl',
      { class: 'facts' },
      row(t('summary.creditor'), v.creditorName),
      row(t('summary.balance'), money(v.balance), { 'data-testid': 'balance', class: 'amount' }),
      v.status === 'overdue' && row(t('summary.overdue'), money(v.amountOverdue)),
      row(t('summary.since'), day(v.dueDate)),
    ),
  );
}

export function rights(v) {
  if (!v.validation) return null;
  const by = v.validation.disputeBy;
  return region(
    'rights-title',
    t('rights.title'),
    p(t('rights.intro')),
    h(
      'ul',
      { class: 'bullets' },
      v.validation.rights.map((r) => h('li', {}, t(`rights.${r}.${by ? 'by' : 'any'}`, { date: by ? day(by) : '' }))),
    ),
    p(t('rights.how')),
    h(
      'p',
      {},
      t('rights.more'),
      ' ',
      h('a', { href: 'https://www.cfpb.gov/debt-collection', target: '_blank', rel: 'noopener noreferrer' }, t('rights.moreLink')),
    ),
  );
}

export function inPlace(v) {
  const items = [];
  if (v.promise) items.push(p(t(`state.promise.${v.promise.status}`, { amount: money(v.promise.amount), date: day(v.promise.dueDate) })));
  if (v.plan) {
    items.push(p(t(`state.plan.${v.plan.status}`)));
    if (v.plan.status === 'active') items.push(schedule(v.plan.instalments, t('state.plan.caption'), true));
  }
  if (v.dispute) {
    const part = v.dispute.amount !== undefined ? t('state.dispute.part', { amount: money(v.dispute.amount) }) : t('state.dispute.all');
    items.push(p(t(v.dispute.verified ? 'state.dispute.reviewed' : 'state.dispute.open', { date: dayOf(v.dispute.openedAt), part })));
  }
  if (v.hardship) {
    items.push(p(t('state.hardship.reported', { date: dayOf(v.hardship.reportedAt) })));
    if (v.hardship.pauseUntil) items.push(p(t('state.hardship.pause', { date: dayOf(v.hardship.pauseUntil) })));
  }
  if (v.callback) items.push(p(t('state.callback', { when: moment(v.callback.at) })));
  return items.length ? region('state-title', t('state.title'), items) : null;
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

export function doneBox(d) {
  const v = state.view;
  const vars = {
    creditor: v.creditorName,
    amount: money(d.amount ?? 0),
    date: d.date && day(d.date),
    count: d.count,
    when: d.at && moment(d.at),
    channel: d.channel && t(`channels.inline.${d.channel}`),
  };
  return h(
    'section',
    { class: 'panel done', 'data-testid': 'done', 'aria-labelledby': 'done-title' },
    heading(2, t(`done.title.${d.type === 'pay' ? 'pay' : 'other'}`), { id: 'done-title' }),
    p(t(`done.${d.type === 'opt-out' ? 'optOut' : d.type}`, vars)),
    d.type === 'pay' && d.url && h('p', {}, h('a', { href: d.url }, t('done.payLink'))),
    d.type === 'hardship' &&
      v.advice &&
      h('p', { class: 'advice' }, h('strong', {}, t('help.adviceLead')), ' ', t('help.advice', { advice: v.advice })),
  );
}

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

// ---------- preferences ----------
export function preferences(v) {
  const pr = v.preferences;
  const ch = pr.channels || {};
  const usable = CHANNELS.filter((c) => ch[c]?.available);
  const zones = [...new Set([...ZONES, ...(pr.timeZone ? [pr.timeZone] : [])])];
  const zone = h(
    'select',
    { name: 'timeZone', class: 'wide' },
    !pr.timeZone && h('option', { value: '' }, t('prefs.zoneUnset')),
    zones.map((z) => h('option', { value: z, selected: z === pr.timeZone }, zoneLabel(z))),
  );
  const from = h('input', { type: 'time', name: 'blockedTimes', class: 'short' });
  const to = h('input', { type: 'time', name: 'avoidTo', class: 'short' });
  const blocked = pr.blockedTimes || [];
  const range = (b) =>
    t(b.days?.length ? 'prefs.avoidDays' : 'prefs.avoidEvery', {
      from: clock(b.start),
      to: clock(b.end),
      days: b.days ? list(b.days.map(weekday)) : '',
    });

  const form = h(
    'form',
    {
      id: 'prefs-form',
      'data-testid': 'preferences-form',
      novalidate: true,
      onsubmit: (e) => {
        e.preventDefault();
        const change = readPreferences(form, pr, zone, from, to);
        if (change) send(form, change);
      },
    },
    usable.length > 0 &&
      group(
        t('prefs.channel'),
        usable.map((c) =>
          choice('radio', 'preferredChannel', c, t(`channels.name.${c}`), {
            id: `pref-${c}`,
            checked: pr.preferredChannel === c,
            hint: ch[c].optedOut && t('prefs.stopped'),
          }),
        ),
      ),
    group(t('prefs.language'), [
      choice('radio', 'language', 'en', 'English', { id: 'pref-lang-en', checked: pr.language === 'en', lang: 'en' }),
      choice('radio', 'language', 'es', 'Español', { id: 'pref-lang-es', checked: pr.language === 'es', lang: 'es' }),
    ]),
    field('pref-zone', t('prefs.zone'), zone, t('prefs.zoneHint')),
    group(t('prefs.avoid'), [
      p(t('prefs.avoidHint'), 'hint'),
      blocked.map((b, i) => choice('checkbox', 'avoidRemove', i, t('prefs.remove', { range: range(b) }), { id: `avoid-remove-${i}` })),
      h('div', { class: 'pair' }, field('avoid-from', t('prefs.from'), from), field('avoid-to', t('prefs.to'), to)),
    ]),
    button(t('prefs.button')),
  );

  const stoppable = usable.filter((c) => !ch[c].optedOut);
  const stopped = CHANNELS.filter((c) => ch[c]?.optedOut);
  const optOut = h(
    'form',
    {
      id: 'optout-form',
      'data-testid': 'opt-out',
      novalidate: true,
      onsubmit: (e) => {
        e.preventDefault();
        const channel = checked(optOut, 'channel');
        if (!channel) return showError(optOut, [t('problems.channel')], [first(optOut, 'channel')]);
        send(optOut, { type: 'opt-out', channel }, { channel });
      },
    },
    group(
      t('optout.legend'),
      stoppable.map((c) => choice('radio', 'channel', c, t(`channels.name.${c}`), { id: `optout-${c}` })),
    ),
    p(t('optout.note'), 'hint'),
    button(t('optout.button'), { class: 'button secondary' }),
  );

  return h(
    'section',
    { class: 'panel', 'data-testid': 'preferences', 'aria-labelledby': 'prefs-title' },
    h('h2', { id: 'prefs-title' }, t('prefs.title')),
    p(t('prefs.intro')),
    form,
    h('h3', {}, t('optout.title')),
    stopped.length > 0 && p(t('optout.already', { channels: list(stopped.map((c) => t(`channels.inline.${c}`))) })),
    stoppable.length > 0 ? optOut : p(t('optout.none')),
  );
}

/** Only what changed is sent; a range over midnight becomes two (the rules want start < end). */
export function readPreferences(form, pr, zone, from, to) {
  /** @type {Extract<PortalAction, { type: 'preferences' }>} */
  const change = { type: 'preferences' };
  const channel = checked(form, 'preferredChannel');
  const language = checked(form, 'language');
  if (channel && channel !== pr.preferredChannel) change.preferredChannel = channel;
  if (language && language !== pr.language) change.language = language;
  if (zone.value && zone.value !== pr.timeZone) change.timeZone = zone.value;
  const blocked = pr.blockedTimes || [];
  const kept = blocked.filter((_, i) => !(/** @type {HTMLInputElement | null} */ ($(`avoid-remove-${i}`))?.checked));
  const [a, b] = [from.value.slice(0, 5), to.value.slice(0, 5)];
  const added = [];
  if (a || b) {
    if (!a || !b || a === b) return void showError(form, [t('problems.blockedTimes')], [a ? to : from]);
    if (a < b) added.push({ start: a, end: b });
    else added.push({ start: a, end: '24:00' }, ...(b === '00:00' ? [] : [{ start: '00:00', end: b }]));
  }
  if (kept.length < blocked.length || added.length) {
    const all = [...kept, ...added].map((x) => ({ start: x.start, end: x.end, ...(x.days?.length ? { days: x.days } : {}) }));
    if (all.length > 20) return void showError(form, [t('problems.tooManyTimes')], [from]);
    change.blockedTimes = all;
  }
  if (Object.keys(change).length > 1) return change;
  showError(form, [t('prefs.nothing')]);
}

export const help = (v) =>
  region(
    'help-title',
    t('help.title'),
    v.advice && p(t('help.advice', { advice: v.advice })),
    p(t(v.options.canAskForPerson ? 'help.person' : 'help.personReply')),
  );

// ---------- sending an action ----------
/** Where the browser may be sent: https, or http on this machine (local runs). */
export function safeUrl(u) {
  try {
    const url = new URL(u, location.href);
    if (url.protocol === 'https:' || (url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname)))
      return url.href;
  } catch {
    /* not a URL */
  }
  return null;
}

/**
 * Sends one action (the contract's shape, checked by tsc) and shows what it did.
 * @param {HTMLFormElement} form
 * @param {PortalAction} action
 * @param {object} [details] what the confirmation box shows beside the action's own result
 */
export async function send(form, action, details = {}) {
  if (form.getAttribute('aria-busy') === 'true') return; // never twice
  clearErrors();
  busy(form, true);
  const { status, data } = await api('/actions', action);
  busy(form, false);
  if (status === 200 && data.view) {
    state.view = data.view;
    const type = data.done || action.type;
    if (action.type === 'preferences' && action.language) {
      state.langChosen = false;
      await setLang(action.language).catch(() => {});
    }
    const url = type === 'pay' && safeUrl(data.redirect || data.view.options.payUrl);
    show(() => accountScreen({ type, url, ...details }), { target: '#done-title' });
    if (url) location.assign(url);
    return;
  }
  if (status === 401) return void dispatchEvent(new Event(SESSION_ENDED));
  if (status === 400 || status === 409) return showProblems(form, status, data.problems);
  showError(form, [t('errors.network')]);
}

/** The server's problems next to the form: known fields in our words (and marked), others as sent. */
export function showProblems(form, status, problems) {
  const v = state.view;
  const w = v.options.promise;
  const ours = {
    date: () => w && t('problems.date', { earliest: day(w.earliest), latest: day(w.latest) }),
    amount: () => t('problems.amount', { max: money(v.balance) }),
    at: () => t('problems.at'),
    instalments: () => t('problems.instalments'),
    preferredChannel: () => t('problems.preferredChannel'),
    timeZone: () => t('problems.timeZone'),
    blockedTimes: () => t('problems.blockedTimes'),
  };
  const msgs = status === 409 ? [t('errors.notAvailable')] : [];
  const invalid = [];
  for (const text of Array.isArray(problems) ? problems.map(String) : []) {
    const key = /^(\w+)[^:\s]*:/.exec(text)?.[1];
    const el = key && first(form, key);
    if (el) invalid.push(el);
    const m = (status === 400 && el && Object.hasOwn(ours, key) && ours[key]()) || (state.lang === 'en' ? text : [text, 'en']);
    if (!msgs.includes(m)) msgs.push(m);
  }
  showError(form, msgs.length ? msgs : [t('errors.invalid')], invalid);
}
