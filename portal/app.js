// Amicable self-service portal: a plain ES module, no framework, no build step, nothing from other origins.
// The HTTP contract is functions/domain/portal/contract.ts; every request sends exactly its shapes.
// Strict-CSP safe: the DOM is built with createElement (never innerHTML) and styled by class only.
/* global document, location, history, navigator, fetch, setTimeout, addEventListener */

const LOCALES = { en: 'en-US', es: 'es-US' };
const CHANNELS = ['sms', 'email', 'voice'];
const REASONS = ['not-mine', 'wrong-amount', 'already-paid', 'other'];
const DRIVERS = ['health', 'life-events', 'resilience', 'capability'];
const ZONES = ['America/New_York', 'America/Chicago', 'America/Denver', 'America/Phoenix', 'America/Los_Angeles',
  'America/Anchorage', 'Pacific/Honolulu', 'America/Puerto_Rico', 'Europe/London'];
const DAY_MS = 86_400_000;

// The token comes in the fragment (never sent to a server, never in a Referer) and is taken out of the
// address bar at once, so it is not bookmarked, shared or kept in the history. null: none; '': malformed.
function readToken() {
  const hash = location.hash.slice(1);
  if (hash) history.replaceState(null, '', location.pathname + location.search);
  const part = hash.split('&').find((p) => p.startsWith('t='));
  if (!part) return null;
  try {
    const t = decodeURIComponent(part.slice(2));
    return t.length >= 10 && t.length <= 200 ? t : '';
  } catch {
    return '';
  }
}

// Memory only: nothing in storage or cookies.
const state = { token: readToken(), lang: 'en', langChosen: false, strings: null, check: null, session: null, view: null, current: null, helpPhone: null };
const $ = (id) => document.getElementById(id);
const screen = $('screen');

// ---------- i18n ----------
const loaded = {};
async function setLang(lang) {
  lang = lang === 'es' ? 'es' : 'en';
  loaded[lang] ??= fetch(`i18n/${lang}.json`).then((r) => (r.ok ? r.json() : Promise.reject(new Error(r.status))));
  try {
    state.strings = await loaded[lang];
    state.lang = lang;
  } catch (e) {
    delete loaded[lang];
    if (!state.strings) throw e;
  }
  document.documentElement.lang = state.lang;
  const toggle = $('lang-toggle');
  toggle.textContent = t('app.switchTo');
  toggle.lang = state.lang === 'es' ? 'en' : 'es';
  toggle.hidden = false;
  $('brand').textContent = t('app.name');
  showHelpPhone();
  $('footer-privacy').textContent = t('footer.privacy');
}

function t(key, vars) {
  let s = key.split('.').reduce((o, k) => o?.[k], state.strings);
  if (s && typeof s === 'object' && vars && 'count' in vars) s = s[new Intl.PluralRules(locale()).select(vars.count)] ?? s.other;
  if (typeof s !== 'string') return key;
  return vars ? s.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m)) : s;
}

// ---------- formatting: Intl; calendar dates in UTC so a YYYY-MM-DD never shifts ----------
const locale = () => LOCALES[state.lang];
const deviceZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;
const fmt = (opts) => new Intl.DateTimeFormat(locale(), opts);

function money(n) {
  const currency = state.view?.currency || 'USD';
  try {
    return new Intl.NumberFormat(locale(), { style: 'currency', currency }).format(n);
  } catch {
    return `${n.toFixed(2)} ${currency}`;
  }
}

const day = (iso, dateStyle = 'long') => fmt({ dateStyle, timeZone: 'UTC' }).format(new Date(`${String(iso).slice(0, 10)}T00:00:00Z`));

/** The calendar day of an instant, where the customer is (their stated zone, else this device's). */
function dayOf(isoTime) {
  const d = new Date(isoTime);
  if (Number.isNaN(d.getTime())) return day(isoTime);
  try {
    return fmt({ dateStyle: 'long', timeZone: state.view?.preferences?.timeZone || deviceZone() }).format(d);
  } catch {
    return fmt({ dateStyle: 'long' }).format(d);
  }
}

const moment = (isoTime) => fmt({ dateStyle: 'full', timeStyle: 'short' }).format(new Date(isoTime));
const clock = (hhmm) => fmt({ timeStyle: 'short', timeZone: 'UTC' }).format(new Date(`2000-01-01T${hhmm === '24:00' ? '00:00' : hhmm}:00Z`));
const weekday = (code) =>
  fmt({ weekday: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2023, 0, 1 + ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'].indexOf(code))));
const list = (items) => new Intl.ListFormat(locale(), { type: 'conjunction' }).format(items);

function zoneLabel(zone) {
  try {
    const name = fmt({ timeZone: zone, timeZoneName: 'longGeneric' }).formatToParts(new Date()).find((p) => p.type === 'timeZoneName');
    return name ? `${name.value} (${zone.split('/').pop().replace(/_/g, ' ')})` : zone;
  } catch {
    return zone;
  }
}

/** "1,234.50", "1234,5", "$20" -> a number of cents / 100; NaN when it is not an amount. */
function parseAmount(text) {
  const s = text.replace(/[^\d.,-]/g, '');
  if (!/\d/.test(s) || s.includes('-')) return NaN;
  const sep = Math.max(s.lastIndexOf('.'), s.lastIndexOf(','));
  const dec = sep >= 0 && s.length - sep - 1 <= 2 ? sep : -1;
  const whole = (dec >= 0 ? s.slice(0, dec) : s).replace(/[.,]/g, '');
  return Math.round(Number(`${whole || '0'}.${dec >= 0 ? s.slice(dec + 1) || '0' : '0'}`) * 100) / 100;
}

const pad = (n) => String(n).padStart(2, '0');
const localInput = (d) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;

// ---------- DOM helpers ----------
function h(tag, props, ...kids) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (v == null || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const kid of kids.flat(Infinity)) if (kid != null && kid !== false) el.append(kid);
  return el;
}

function announce(text) {
  const live = $('announce');
  live.textContent = '';
  setTimeout(() => (live.textContent = text), 50);
}

/** Shows a screen and moves focus to its heading (h1, or the given one). */
function show(render, { focus = true, target } = {}) {
  state.current = render;
  const { title, nodes } = render();
  screen.replaceChildren(...nodes.filter(Boolean));
  document.title = `${title} · ${t('app.name')}`;
  if (focus) (screen.querySelector(target || 'h1') || screen.querySelector('h1'))?.focus();
}

const heading = (level, text, props) => h(`h${level}`, { tabindex: '-1', ...props }, text);
const p = (text, cls) => h('p', cls ? { class: cls } : {}, text);
const button = (text, props) => h('button', { type: 'submit', class: 'button', ...props }, text);
const group = (legend, kids) => h('fieldset', {}, h('legend', {}, legend), kids);
const section = (testid, title, ...kids) => h('section', { class: 'panel', 'data-testid': testid }, heading(1, title), kids);
const region = (id, title, ...kids) => h('section', { class: 'panel', 'aria-labelledby': id }, h('h2', { id }, title), kids);

function field(id, label, input, hint) {
  input.id = id;
  if (hint) input.setAttribute('aria-describedby', `${id}-hint`);
  return h('div', { class: 'field' }, h('label', { for: id }, label), hint && h('p', { class: 'hint', id: `${id}-hint` }, hint), input);
}

function choice(type, name, value, label, o = {}) {
  const id = o.id || `${name}-${value}`;
  return h('div', { class: 'choice' },
    h('input', { type, name, value, id, checked: o.checked, onchange: o.onchange }),
    h('label', { for: id, 'data-testid': o.testid, lang: o.lang }, label, o.hint && h('span', { class: 'choice-hint' }, o.hint)));
}

const checked = (form, name) => form.querySelector(`input[name="${name}"]:checked`)?.value;
const first = (form, name) => form.querySelector(`[name="${name}"]`);

// ---------- errors: one box at a time, announced, tied to the fields by aria-describedby ----------
function clearErrors() {
  document.querySelectorAll('[data-testid="error"]').forEach((e) => e.remove());
  document.querySelectorAll('[aria-invalid]').forEach((el) => {
    el.removeAttribute('aria-invalid');
    if (el.dataset.describedby) el.setAttribute('aria-describedby', el.dataset.describedby);
    else el.removeAttribute('aria-describedby');
    delete el.dataset.describedby;
  });
}

/** messages: strings, or [text, lang] for the server's own words in another language. */
function showError(form, messages, invalid = []) {
  clearErrors();
  const id = `${form.id}-error`;
  const item = (m) => (Array.isArray(m) ? h('span', { lang: m[1] }, m[0]) : m);
  const box = h('div', { class: 'error', id, 'data-testid': 'error', tabindex: '-1' }, p(t('errors.title'), 'error-title'),
    messages.length === 1 ? h('p', {}, item(messages[0])) : h('ul', {}, messages.map((m) => h('li', {}, item(m)))));
  form.prepend(box);
  invalid = invalid.filter(Boolean);
  for (const el of invalid) {
    el.dataset.describedby = el.getAttribute('aria-describedby') || '';
    el.setAttribute('aria-invalid', 'true');
    el.setAttribute('aria-describedby', `${el.dataset.describedby} ${id}`.trim());
  }
  announce([t('errors.title'), ...messages.map((m) => (Array.isArray(m) ? m[0] : m))].join(' '));
  (invalid[0] || box).focus();
}

function busy(form, on) {
  form.setAttribute('aria-busy', String(on));
  form.querySelectorAll('button').forEach((b) => (b.disabled = on));
}

// ---------- API ----------
/** The footer's way to a person: the help number once the server named it. */
function showHelpPhone() {
  $('footer-person').textContent = state.helpPhone ? t('footer.personPhone', { phone: state.helpPhone }) : t('footer.person');
}

async function api(path, body) {
  const headers = { accept: 'application/json' };
  if (body) headers['content-type'] = 'application/json';
  if (state.session && path !== '/session' && path !== '/verify') headers.authorization = `Bearer ${state.session}`;
  try {
    const res = await fetch(`/api${path}`, {
      method: body ? 'POST' : 'GET', headers, body: body && JSON.stringify(body),
      credentials: 'omit', cache: 'no-store', referrerPolicy: 'no-referrer',
    });
    const data = await res.json().catch(() => ({}));
    // Every answer names the number where a person can help (no account details): show it.
    if (data?.help?.phone && data.help.phone !== state.helpPhone) {
      state.helpPhone = data.help.phone;
      showHelpPhone();
    }
    return { status: res.status, data: data || {} };
  } catch {
    return { status: 0, data: {} };
  }
}

// ---------- flow ----------
async function start() {
  // One language file per visit: the customer's (from /api/session), else the browser's.
  const guess = state.langChosen ? state.lang : /^es\b/i.test(navigator.language || '') ? 'es' : 'en';
  if (!state.token) {
    await setLang(guess);
    return show(() => linkError(state.token === '' ? 'invalid' : 'missing'));
  }
  const res = await api('/session', { token: state.token });
  const ok = res.status === 200;
  await setLang(ok && !state.langChosen && res.data.language ? res.data.language : guess).catch(() => setLang('en'));
  if (ok && ['postal-code', 'phone-last4'].includes(res.data.check)) {
    state.check = res.data.check;
    return show(checkScreen);
  }
  if (ok) return show(() => linkError('no-check'));
  if (res.status === 401 || res.status === 400) return show(() => linkError('invalid'));
  if (res.status === 410) return show(() => linkError('expired'));
  if (res.status === 423) return show(() => linkError('locked'));
  show(() => unavailable(start));
}

async function loadAccount() {
  const res = await api('/account');
  if (res.status === 200 && res.data.options) {
    state.view = res.data;
    if (!state.langChosen && res.data.language !== state.lang) await setLang(res.data.language).catch(() => {});
    return show(() => accountScreen());
  }
  if (res.status === 401) return sessionEnded();
  show(() => unavailable(loadAccount));
}

function sessionEnded() {
  state.session = state.view = null;
  show(() => ({
    title: t('ended.title'),
    nodes: [section('session-ended', t('ended.title'), p(t('ended.body')),
      state.token && h('button', { type: 'button', class: 'button', onclick: () => start() }, t('ended.again')))],
  }));
}

// ---------- screens before the account ----------
const linkError = (kind) => ({
  title: t(`link.${kind}.title`),
  nodes: [section('link-error', t(`link.${kind}.title`), p(t(`link.${kind}.body`)), p(t('link.person')))],
});

const unavailable = (retry) => ({
  title: t('unavailable.title'),
  nodes: [section('unavailable', t('unavailable.title'), p(t('unavailable.body')),
    h('button', { type: 'button', class: 'button', onclick: () => retry() }, t('unavailable.retry')), p(t('link.person')))],
});

function checkScreen() {
  const kind = state.check === 'phone-last4' ? 'phone' : 'postal';
  const phone = kind === 'phone';
  const input = h('input', {
    type: 'text', name: 'answer', 'data-testid': 'check-input', required: true, maxlength: phone ? 8 : 20,
    autocomplete: phone ? 'off' : 'postal-code', inputmode: phone ? 'numeric' : 'text', autocapitalize: 'characters',
    spellcheck: 'false', class: phone ? 'short' : 'medium',
  });
  const form = h('form', { id: 'check-form', 'data-testid': 'check-form', novalidate: true, onsubmit: (e) => submitCheck(e, form, input, kind) },
    field('check-answer', t(`check.${kind}.label`), input, t(`check.${kind}.hint`)),
    button(t('check.submit'), { 'data-testid': 'check-submit' }));
  return { title: t('check.title'), nodes: [section(null, t('check.title'), p(t('check.intro')), form, p(t('check.why'), 'hint'))] };
}

async function submitCheck(e, form, input, kind) {
  e.preventDefault();
  if (form.getAttribute('aria-busy') === 'true') return;
  const answer = input.value.trim();
  const fail = (msg) => showError(form, [msg], [input]);
  if (!answer) return fail(t(`check.${kind}.empty`));
  if (kind === 'phone' && answer.replace(/\D/g, '').length !== 4) return fail(t('check.phone.format'));
  clearErrors();
  busy(form, true);
  const { status, data } = await api('/verify', { token: state.token, answer });
  busy(form, false);
  if (status === 200 && data.session) {
    state.session = data.session;
    return loadAccount();
  }
  if (status === 401) return show(() => linkError('invalid'));
  if (status === 410) return show(() => linkError('expired'));
  if (status === 423) return show(() => linkError('locked'));
  if (status === 403) {
    const left = data.attemptsLeft;
    return fail(`${t(`check.${kind}.failed`)}${left > 0 ? ` ${t('check.attemptsLeft', { count: left })}` : ''}`);
  }
  if (status === 429) return fail(t('check.tooMany', { count: Math.max(1, Math.ceil((Number(data.retryAfterSeconds) || 60) / 60)) }));
  if (status === 400) return fail(t(`check.${kind}.format`));
  showError(form, [t('errors.network')]);
}

// ---------- the account ----------
function accountScreen(done) {
  const v = state.view;
  return {
    title: t('account.title'),
    nodes: [
      heading(1, v.firstName ? t('account.hello', { name: v.firstName }) : t('account.helloNoName')),
      p(t('account.intro'), 'lead'),
      done && doneBox(done), summary(v), rights(v), inPlace(v), actions(v), preferences(v), help(v),
    ],
  };
}

function summary(v) {
  const row = (label, value, props) => [h('dt', {}, label), h('dd', props || {}, value)];
  return h('section', { class: 'panel', 'data-testid': 'summary', 'aria-labelledby': 'summary-title' },
    h('h2', { id: 'summary-title' }, t('summary.title')),
    p(t(`summary.status.${v.status}`, { creditor: v.creditorName })),
    h('dl', { class: 'facts' },
      row(t('summary.creditor'), v.creditorName),
      row(t('summary.balance'), money(v.balance), { 'data-testid': 'balance', class: 'amount' }),
      v.status === 'overdue' && row(t('summary.overdue'), money(v.amountOverdue)),
      row(t('summary.since'), day(v.dueDate))));
}

function rights(v) {
  if (!v.validation) return null;
  const by = v.validation.disputeBy;
  return region('rights-title', t('rights.title'), p(t('rights.intro')),
    h('ul', { class: 'bullets' }, v.validation.rights.map((r) => h('li', {}, t(`rights.${r}.${by ? 'by' : 'any'}`, { date: by ? day(by) : '' })))),
    p(t('rights.how')),
    h('p', {}, t('rights.more'), ' ', h('a', { href: 'https://www.cfpb.gov/debt-collection', target: '_blank', rel: 'noopener noreferrer' }, t('rights.moreLink'))));
}

function inPlace(v) {
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
function schedule(rows, caption, withPaid) {
  const th = (k) => h('th', { scope: 'col' }, t(k));
  const paid = (r) => (r.paid >= r.amount ? t('plan.paidAll') : r.paid > 0 ? t('plan.paidPart', { amount: money(r.paid) }) : t('plan.paidNone'));
  return h('table', { class: 'schedule' }, h('caption', {}, caption),
    h('thead', {}, h('tr', {}, th('plan.date'), th('plan.amount'), withPaid && th('plan.paid'))),
    h('tbody', {}, rows.map((r) => h('tr', {}, h('td', {}, day(r.dueDate, 'medium')), h('td', {}, money(r.amount)), withPaid && h('td', {}, paid(r))))));
}

function doneBox(d) {
  const v = state.view;
  const vars = {
    creditor: v.creditorName, amount: money(d.amount ?? 0), date: d.date && day(d.date), count: d.count,
    when: d.at && moment(d.at), channel: d.channel && t(`channels.inline.${d.channel}`),
  };
  return h('section', { class: 'panel done', 'data-testid': 'done', 'aria-labelledby': 'done-title' },
    heading(2, t(`done.title.${d.type === 'pay' ? 'pay' : 'other'}`), { id: 'done-title' }),
    p(t(`done.${d.type === 'opt-out' ? 'optOut' : d.type}`, vars)),
    d.type === 'pay' && d.url && h('p', {}, h('a', { href: d.url }, t('done.payLink'))),
    d.type === 'hardship' && v.advice && h('p', { class: 'advice' }, h('strong', {}, t('help.adviceLead')), ' ', t('help.advice', { advice: v.advice })));
}

// ---------- the ways to resolve it ----------
function actions(v) {
  const o = v.options;
  const parts = [
    v.status === 'overdue' && v.balance > 0 && o.payUrl && payAction(v),
    o.promise && promiseAction(v), o.plans?.length > 0 && planAction(v), o.canDispute && disputeAction(v),
    o.canReportHardship && hardshipAction(), o.canAskForPerson && callbackAction(),
  ].filter(Boolean);
  if (!parts.length) return null;
  return h('section', { class: 'actions', 'aria-labelledby': 'actions-title' }, h('h2', { id: 'actions-title' }, t('actions.title')), p(t('actions.intro')), parts);
}

/**
 * One way to resolve it: a section with a heading and a form. read(form) returns [action, details for the
 * confirmation] or nothing (after showing what to fix).
 */
function option(id, testid, intro, kids, read) {
  const form = h('form', { id: `${id}-form`, novalidate: true, onsubmit: (e) => {
    e.preventDefault();
    const r = read(form);
    if (r) send(form, ...r);
  } }, kids);
  return h('section', { class: 'panel option', 'data-testid': testid, 'aria-labelledby': `${id}-title` },
    h('h3', { id: `${id}-title` }, t(`${id}.title`)), intro && p(intro), form);
}

const amountInput = () => h('input', { type: 'text', name: 'amount', inputmode: 'decimal', autocomplete: 'off', class: 'medium' });

/** An optional amount: undefined when empty, null (after showing the error) when not a usable amount. */
function readAmount(form, max) {
  const input = first(form, 'amount');
  if (!input.value.trim()) return undefined;
  const n = parseAmount(input.value);
  if (n > 0 && n <= max) return n;
  showError(form, [t('problems.amount', { max: money(max) })], [input]);
  return null;
}

const payAction = (v) =>
  option('pay', null, t('pay.intro', { amount: money(v.balance), creditor: v.creditorName }),
    button(t('pay.button'), { 'data-testid': 'action-pay' }), () => [{ type: 'pay' }]);

function promiseAction(v) {
  const { earliest, latest } = v.options.promise;
  const range = { earliest: day(earliest), latest: day(latest) };
  const date = h('input', { type: 'date', name: 'date', min: earliest, max: latest, required: true, class: 'medium' });
  return option('promise', 'action-promise', t('promise.intro'), [
    field('promise-date', t('promise.date'), date, t('promise.dateHint', range)),
    field('promise-amount', t('promise.amount'), amountInput(), t('promise.amountHint', { amount: money(v.balance) })),
    button(t('promise.button')),
  ], (form) => {
    const d = date.value;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(d) || d < earliest || d > latest) return void showError(form, [t('problems.date', range)], [date]);
    const amount = readAmount(form, v.balance);
    if (amount !== null) return [{ type: 'promise', date: d, ...(amount ? { amount } : {}) }, { amount: amount ?? v.balance, date: d }];
  });
}

function planLabel(plan) {
  const [a, ...rest] = plan.amounts;
  const last = rest[rest.length - 1];
  const even = rest.slice(0, -1).every((x) => x === a);
  const what = even ? t('plan.each', { count: plan.instalments, amount: money(a) })
    : t('plan.total', { count: plan.instalments, amount: money(plan.amounts.reduce((s, x) => s + x, 0)) });
  const when = t('plan.when', { first: day(plan.dates[0]), last: day(plan.dates[plan.dates.length - 1]) });
  return [what, even && last !== a ? `${when} ${t('plan.lastOne', { amount: money(last) })}` : when];
}

function planAction(v) {
  const plans = v.options.plans;
  const chosen = (form) => plans.find((x) => x.instalments === Number(checked(form, 'instalments')));
  // Choosing a plan shows every payment of it, with the button that commits: nothing is agreed before.
  const review = h('div', { class: 'review', id: 'plan-review', hidden: true });
  const showReview = (e) => {
    const plan = chosen(e.target.form);
    clearErrors();
    review.replaceChildren(h('h4', {}, t('plan.reviewTitle')),
      schedule(plan.dates.map((dueDate, i) => ({ dueDate, amount: plan.amounts[i] })), t('plan.reviewCaption', { count: plan.instalments })),
      p(t('plan.reviewNote')), button(t('plan.confirm'), { 'data-testid': 'plan-confirm' }));
    review.hidden = false;
    announce(t('plan.reviewAnnounce'));
  };
  return option('plan', 'action-plan', t('plan.intro'), [
    group(t('plan.legend'), plans.map((plan) => {
      const [what, when] = planLabel(plan);
      return choice('radio', 'instalments', plan.instalments, what, { id: `plan-${plan.instalments}`, testid: `plan-option-${plan.instalments}`, hint: when, onchange: showReview });
    })),
    review,
  ], (form) => {
    const plan = chosen(form);
    if (!plan) return void showError(form, [t('problems.instalments')], [first(form, 'instalments')]);
    return [{ type: 'plan', instalments: plan.instalments }, { count: plan.instalments, amount: plan.amounts[0], date: plan.dates[0] }];
  });
}

const disputeAction = (v) =>
  option('dispute', 'action-dispute', t('dispute.intro'), [
    group(t('dispute.legend'), REASONS.map((r) => choice('radio', 'reason', r, t(`dispute.reasons.${r}`)))),
    field('dispute-amount', t('dispute.amount'), amountInput(), t('dispute.amountHint')),
    p(t('dispute.more'), 'hint'),
    button(t('dispute.button')),
  ], (form) => {
    const reason = checked(form, 'reason');
    if (!reason) return void showError(form, [t('problems.reason')], [first(form, 'reason')]);
    const amount = readAmount(form, v.balance);
    if (amount !== null) return [{ type: 'dispute', reason, ...(amount ? { amount } : {}) }];
  });

const hardshipAction = () =>
  option('hardship', 'action-hardship', t('hardship.intro'), [
    group(t('hardship.legend'), [p(t('hardship.optional'), 'hint'), DRIVERS.map((d) => choice('checkbox', 'drivers', d, t(`hardship.drivers.${d}`)))]),
    button(t('hardship.button')),
  ], (form) => {
    const drivers = [...form.querySelectorAll('input[name="drivers"]:checked')].map((i) => i.value);
    return [{ type: 'hardship', ...(drivers.length ? { drivers } : {}) }];
  });

function callbackAction() {
  const now = new Date();
  const at = h('input', { type: 'datetime-local', name: 'at', required: true, class: 'medium', min: localInput(now), max: localInput(new Date(+now + 14 * DAY_MS - 60_000)) });
  return option('callback', 'action-callback', t('callback.intro'), [
    field('callback-at', t('callback.at'), at, t('callback.atHint', { zone: zoneLabel(deviceZone()) })),
    button(t('callback.button')),
  ], (form) => {
    const when = new Date(at.value); // datetime-local: this device's local time; sent as ISO UTC
    const ms = when.getTime();
    if (!(ms > Date.now() && ms <= Date.now() + 14 * DAY_MS)) return void showError(form, [t('problems.at')], [at]);
    return [{ type: 'callback', at: when.toISOString() }, { at: when.toISOString() }];
  });
}

// ---------- preferences ----------
function preferences(v) {
  const pr = v.preferences;
  const ch = pr.channels || {};
  const usable = CHANNELS.filter((c) => ch[c]?.available);
  const zones = [...new Set([...ZONES, ...(pr.timeZone ? [pr.timeZone] : [])])];
  const zone = h('select', { name: 'timeZone', class: 'wide' }, !pr.timeZone && h('option', { value: '' }, t('prefs.zoneUnset')),
    zones.map((z) => h('option', { value: z, selected: z === pr.timeZone }, zoneLabel(z))));
  const from = h('input', { type: 'time', name: 'blockedTimes', class: 'short' });
  const to = h('input', { type: 'time', name: 'avoidTo', class: 'short' });
  const blocked = pr.blockedTimes || [];
  const range = (b) => t(b.days?.length ? 'prefs.avoidDays' : 'prefs.avoidEvery', { from: clock(b.start), to: clock(b.end), days: b.days ? list(b.days.map(weekday)) : '' });

  const form = h('form', { id: 'prefs-form', 'data-testid': 'preferences-form', novalidate: true, onsubmit: (e) => {
    e.preventDefault();
    const change = readPreferences(form, pr, zone, from, to);
    if (change) send(form, change);
  } },
  usable.length > 0 && group(t('prefs.channel'), usable.map((c) =>
    choice('radio', 'preferredChannel', c, t(`channels.name.${c}`), { id: `pref-${c}`, checked: pr.preferredChannel === c, hint: ch[c].optedOut && t('prefs.stopped') }))),
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
  button(t('prefs.button')));

  const stoppable = usable.filter((c) => !ch[c].optedOut);
  const stopped = CHANNELS.filter((c) => ch[c]?.optedOut);
  const optOut = h('form', { id: 'optout-form', 'data-testid': 'opt-out', novalidate: true, onsubmit: (e) => {
    e.preventDefault();
    const channel = checked(optOut, 'channel');
    if (!channel) return showError(optOut, [t('problems.channel')], [first(optOut, 'channel')]);
    send(optOut, { type: 'opt-out', channel }, { channel });
  } },
  group(t('optout.legend'), stoppable.map((c) => choice('radio', 'channel', c, t(`channels.name.${c}`), { id: `optout-${c}` }))),
  p(t('optout.note'), 'hint'),
  button(t('optout.button'), { class: 'button secondary' }));

  return h('section', { class: 'panel', 'data-testid': 'preferences', 'aria-labelledby': 'prefs-title' },
    h('h2', { id: 'prefs-title' }, t('prefs.title')), p(t('prefs.intro')), form,
    h('h3', {}, t('optout.title')),
    stopped.length > 0 && p(t('optout.already', { channels: list(stopped.map((c) => t(`channels.inline.${c}`))) })),
    stoppable.length > 0 ? optOut : p(t('optout.none')));
}

/** Only what changed is sent; a range over midnight becomes two (the rules want start < end). */
function readPreferences(form, pr, zone, from, to) {
  const change = { type: 'preferences' };
  const channel = checked(form, 'preferredChannel');
  const language = checked(form, 'language');
  if (channel && channel !== pr.preferredChannel) change.preferredChannel = channel;
  if (language && language !== pr.language) change.language = language;
  if (zone.value && zone.value !== pr.timeZone) change.timeZone = zone.value;
  const blocked = pr.blockedTimes || [];
  const kept = blocked.filter((_, i) => !$(`avoid-remove-${i}`)?.checked);
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

const help = (v) =>
  region('help-title', t('help.title'), v.advice && p(t('help.advice', { advice: v.advice })),
    p(t(v.options.canAskForPerson ? 'help.person' : 'help.personReply')));

// ---------- sending an action ----------
/** Where the browser may be sent: https, or http on this machine (local runs). */
function safeUrl(u) {
  try {
    const url = new URL(u, location.href);
    if (url.protocol === 'https:' || (url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname))) return url.href;
  } catch {
    /* not a URL */
  }
  return null;
}

async function send(form, action, details = {}) {
  if (form.getAttribute('aria-busy') === 'true') return; // never twice
  clearErrors();
  busy(form, true);
  const { status, data } = await api('/actions', action);
  busy(form, false);
  if (status === 200 && data.view) {
    state.view = data.view;
    const type = data.done || action.type;
    if (action.language) {
      state.langChosen = false;
      await setLang(action.language).catch(() => {});
    }
    const url = type === 'pay' && safeUrl(data.redirect || data.view.options.payUrl);
    show(() => accountScreen({ type, url, ...details }), { target: '#done-title' });
    if (url) location.assign(url);
    return;
  }
  if (status === 401) return sessionEnded();
  if (status === 400 || status === 409) return showProblems(form, status, data.problems);
  showError(form, [t('errors.network')]);
}

/** The server's problems next to the form: known fields in our words (and marked), others as sent. */
function showProblems(form, status, problems) {
  const v = state.view;
  const w = v.options.promise;
  const ours = {
    date: () => w && t('problems.date', { earliest: day(w.earliest), latest: day(w.latest) }),
    amount: () => t('problems.amount', { max: money(v.balance) }),
    at: () => t('problems.at'), instalments: () => t('problems.instalments'), preferredChannel: () => t('problems.preferredChannel'),
    timeZone: () => t('problems.timeZone'), blockedTimes: () => t('problems.blockedTimes'),
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

// ---------- go ----------
$('lang-toggle').addEventListener('click', async () => {
  state.langChosen = true;
  await setLang(state.lang === 'es' ? 'en' : 'es').catch(() => {});
  if (state.current) show(state.current, { focus: false });
});

// Back from the payment page (bfcache): show what is true now.
addEventListener('pageshow', (e) => e.persisted && state.session && loadAccount());

start().catch(() => {
  const h1 = screen.querySelector('h1');
  if (h1) h1.textContent = document.documentElement.lang === 'es'
    ? 'No pudimos abrir esta página. Inténtelo de nuevo en unos minutos.'
    : "We couldn't open this page. Please try again in a few minutes.";
});
