// Amicable self-service portal. Plain ES module: no framework, no build step, nothing from other origins.
// The HTTP contract is functions/domain/portal/contract.ts; every request below sends exactly its shapes.
// Works under the strict CSP in portal/README.md: the DOM is built with createElement, never innerHTML,
// and styling is by class only.

const LOCALES = { en: 'en-US', es: 'es-US' };
const CHANNELS = ['sms', 'email', 'voice'];
const REASONS = ['not-mine', 'wrong-amount', 'already-paid', 'other'];
const DRIVERS = ['health', 'life-events', 'resilience', 'capability'];
const ZONES = [
  'America/New_York', 'America/Chicago', 'America/Denver', 'America/Phoenix', 'America/Los_Angeles',
  'America/Anchorage', 'Pacific/Honolulu', 'America/Puerto_Rico', 'Europe/London',
];
const DAY_MS = 86_400_000;

// The token is read from the fragment (never sent to a server in a URL or Referer) and at once taken
// out of the address bar, so it is not bookmarked, shared or left in the history.
function readToken() {
  const hash = location.hash.replace(/^#/, '');
  if (hash) history.replaceState(null, '', location.pathname + location.search);
  for (const part of hash.split('&')) {
    if (!part.startsWith('t=')) continue;
    try {
      const t = decodeURIComponent(part.slice(2));
      return t.length >= 10 && t.length <= 200 ? t : '';
    } catch {
      return '';
    }
  }
  return null; // no token at all
}

// Everything lives in memory only: nothing in storage or cookies.
const state = {
  token: readToken(),
  lang: 'en',
  langChosen: false,
  strings: null,
  check: null,
  session: null,
  view: null,
  current: null, // re-renders the screen in view (used when the language changes)
};

const $ = (id) => document.getElementById(id);
const screen = $('screen');

// ---------- i18n ----------
const loaded = {};
const loadStrings = (lang) =>
  (loaded[lang] ??= fetch(`i18n/${lang}.json`).then((r) => {
    if (!r.ok) throw new Error(String(r.status));
    return r.json();
  }));

async function setLang(lang) {
  lang = lang === 'es' ? 'es' : 'en';
  try {
    state.strings = await loadStrings(lang);
    state.lang = lang;
  } catch {
    loaded[lang] = undefined;
    if (!state.strings) throw new Error('strings');
  }
  document.documentElement.lang = state.lang;
  const other = state.lang === 'es' ? 'en' : 'es';
  const toggle = $('lang-toggle');
  toggle.textContent = t('app.switchTo');
  toggle.lang = other;
  toggle.hidden = false;
  $('brand').textContent = t('app.name');
  $('footer-person').textContent = t('footer.person');
  $('footer-privacy').textContent = t('footer.privacy');
}

function t(key, vars) {
  let s = key.split('.').reduce((o, k) => (o && typeof o === 'object' ? o[k] : undefined), state.strings);
  if (s && typeof s === 'object' && vars && 'count' in vars) s = s[new Intl.PluralRules(locale()).select(vars.count)] ?? s.other;
  if (typeof s !== 'string') return key;
  return vars ? s.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m)) : s;
}

// ---------- formatting (Intl; calendar dates in UTC so YYYY-MM-DD never shifts) ----------
const locale = () => LOCALES[state.lang];
const deviceZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

function money(n) {
  const currency = state.view?.currency || 'USD';
  try {
    return new Intl.NumberFormat(locale(), { style: 'currency', currency }).format(n);
  } catch {
    return `${new Intl.NumberFormat(locale(), { minimumFractionDigits: 2 }).format(n)} ${currency}`;
  }
}

const day = (iso) =>
  new Intl.DateTimeFormat(locale(), { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${String(iso).slice(0, 10)}T00:00:00Z`));

function dayOf(isoTime) {
  const d = new Date(isoTime);
  if (Number.isNaN(d.getTime())) return day(isoTime);
  try {
    return new Intl.DateTimeFormat(locale(), { dateStyle: 'long', timeZone: state.view?.preferences?.timeZone || deviceZone() }).format(d);
  } catch {
    return new Intl.DateTimeFormat(locale(), { dateStyle: 'long' }).format(d);
  }
}

const moment = (isoTime) =>
  new Intl.DateTimeFormat(locale(), { dateStyle: 'full', timeStyle: 'short' }).format(new Date(isoTime));

function clock(hhmm) {
  if (hhmm === '24:00') hhmm = '00:00';
  const [hh, mm] = hhmm.split(':').map(Number);
  return new Intl.DateTimeFormat(locale(), { timeStyle: 'short', timeZone: 'UTC' }).format(new Date(Date.UTC(2000, 0, 1, hh, mm)));
}

function weekday(code) {
  const i = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'].indexOf(code);
  return new Intl.DateTimeFormat(locale(), { weekday: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2023, 0, 1 + i)));
}

function zoneLabel(zone) {
  try {
    const part = new Intl.DateTimeFormat(locale(), { timeZone: zone, timeZoneName: 'longGeneric' })
      .formatToParts(new Date())
      .find((p) => p.type === 'timeZoneName');
    const city = zone.split('/').pop().replace(/_/g, ' ');
    return part ? `${part.value} (${city})` : zone;
  } catch {
    return zone;
  }
}

const list = (items) => {
  try {
    return new Intl.ListFormat(locale(), { type: 'conjunction' }).format(items);
  } catch {
    return items.join(', ');
  }
};

/** "1,234.50", "1234,5", "$20" -> number; NaN when it is not an amount. */
function parseAmount(text) {
  const raw = text.trim();
  if (!raw || /-/.test(raw)) return NaN;
  const s = raw.replace(/[^\d.,]/g, '');
  if (!/\d/.test(s)) return NaN;
  const sep = Math.max(s.lastIndexOf('.'), s.lastIndexOf(','));
  const decimals = sep >= 0 ? s.length - sep - 1 : 0;
  const whole = (decimals >= 1 && decimals <= 2 ? s.slice(0, sep) : s).replace(/[.,]/g, '');
  const frac = decimals >= 1 && decimals <= 2 ? s.slice(sep + 1) : '';
  return Math.round(Number(`${whole || '0'}.${frac || '0'}`) * 100) / 100;
}

const pad = (n) => String(n).padStart(2, '0');
const localInputValue = (d) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;

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

function show(render, opts = {}) {
  state.current = render;
  const { nodes, title } = render();
  screen.replaceChildren(...nodes);
  document.title = `${title} · ${t('app.name')}`;
  if (opts.focus !== false) (screen.querySelector(opts.focusSelector || 'h1') || screen.querySelector('h1'))?.focus();
}

const heading = (level, text, props = {}) => h(`h${level}`, { tabindex: '-1', ...props }, text);

function field(id, label, input, hint) {
  input.id = id;
  if (hint) input.setAttribute('aria-describedby', `${id}-hint`);
  return h('div', { class: 'field' }, h('label', { for: id }, label), hint && h('p', { class: 'hint', id: `${id}-hint` }, hint), input);
}

function choice(type, name, value, label, opts = {}) {
  const id = opts.id || `${name}-${value}`;
  return h(
    'div',
    { class: 'choice' },
    h('input', { type, name, value, id, checked: opts.checked, onchange: opts.onchange }),
    h('label', { for: id, 'data-testid': opts.testid, lang: opts.lang }, label, opts.hint && h('span', { class: 'choice-hint' }, opts.hint)),
  );
}

const group = (legend, kids, props = {}) => h('fieldset', props, h('legend', {}, legend), kids);
const button = (text, props = {}) => h('button', { type: 'submit', class: 'button', ...props }, text);

// ---------- errors: one visible box at a time, announced, tied to the fields with aria-describedby ----------
function clearErrors() {
  document.querySelectorAll('[data-testid="error"]').forEach((e) => e.remove());
  document.querySelectorAll('[aria-invalid="true"]').forEach((el) => {
    el.removeAttribute('aria-invalid');
    const own = el.dataset.describedby;
    if (own) el.setAttribute('aria-describedby', own);
    else el.removeAttribute('aria-describedby');
    delete el.dataset.describedby;
  });
}

/** messages: strings, or [text, lang] for text in another language (the server's own wording). */
function showError(form, messages, invalid = []) {
  clearErrors();
  const id = `${form.id}-error`;
  const item = (m) => (Array.isArray(m) ? h('span', { lang: m[1] }, m[0]) : m);
  const box = h(
    'div',
    { class: 'error', id, 'data-testid': 'error', tabindex: '-1' },
    h('p', { class: 'error-title' }, t('errors.title')),
    messages.length === 1 ? h('p', {}, item(messages[0])) : h('ul', {}, messages.map((m) => h('li', {}, item(m)))),
  );
  form.prepend(box);
  for (const el of invalid.filter(Boolean)) {
    el.dataset.describedby = el.getAttribute('aria-describedby') || '';
    el.setAttribute('aria-invalid', 'true');
    el.setAttribute('aria-describedby', `${el.dataset.describedby} ${id}`.trim());
  }
  announce(`${t('errors.title')} ${messages.map((m) => (Array.isArray(m) ? m[0] : m)).join(' ')}`);
  (invalid.find(Boolean) || box).focus();
}

function busy(form, on) {
  form.setAttribute('aria-busy', String(on));
  form.querySelectorAll('button').forEach((b) => (b.disabled = on));
}

// ---------- API ----------
async function api(path, body) {
  const headers = { accept: 'application/json' };
  if (body) headers['content-type'] = 'application/json';
  if (state.session && (path === '/account' || path === '/actions')) headers.authorization = `Bearer ${state.session}`;
  try {
    const res = await fetch(`/api${path}`, {
      method: body ? 'POST' : 'GET',
      headers,
      body: body ? JSON.stringify(body) : undefined,
      credentials: 'omit',
      cache: 'no-store',
      referrerPolicy: 'no-referrer',
    });
    let data = {};
    try {
      data = (await res.json()) || {};
    } catch {
      /* not JSON */
    }
    return { status: res.status, data };
  } catch {
    return { status: 0, data: {} };
  }
}

// ---------- flow ----------
async function start() {
  const guess = /^es\b/i.test(navigator.language || '') ? 'es' : 'en';
  const strings = setLang(state.langChosen ? state.lang : guess);
  if (!state.token) {
    await strings;
    return show(() => linkError(state.token === '' ? 'invalid' : 'missing'));
  }
  const res = await api('/session', { token: state.token });
  await strings.catch(() => undefined);
  if (res.status === 200 && !state.langChosen && res.data.language) await setLang(res.data.language).catch(() => undefined);
  if (!state.strings) await setLang('en');
  if (res.status === 200 && ['postal-code', 'phone-last4'].includes(res.data.check)) {
    state.check = res.data.check;
    return show(checkScreen);
  }
  if (res.status === 200) return show(() => linkError('no-check'));
  if (res.status === 401 || res.status === 400) return show(() => linkError('invalid'));
  if (res.status === 410) return show(() => linkError('expired'));
  return show(() => unavailable(start));
}

async function loadAccount() {
  const res = await api('/account');
  if (res.status === 200 && res.data && res.data.options) {
    state.view = res.data;
    if (!state.langChosen && res.data.language !== state.lang) await setLang(res.data.language).catch(() => undefined);
    return show(() => accountScreen());
  }
  if (res.status === 401) return sessionEnded();
  return show(() => unavailable(loadAccount));
}

function sessionEnded() {
  state.session = null;
  state.view = null;
  show(() => ({
    title: t('ended.title'),
    nodes: [
      h(
        'section',
        { class: 'panel', 'data-testid': 'session-ended' },
        heading(1, t('ended.title')),
        h('p', {}, t('ended.body')),
        state.token && h('button', { type: 'button', class: 'button', onclick: start }, t('ended.again')),
      ),
    ],
  }));
}

// ---------- screens ----------
function linkError(kind) {
  return {
    title: t(`link.${kind}.title`),
    nodes: [
      h(
        'section',
        { class: 'panel', 'data-testid': 'link-error' },
        heading(1, t(`link.${kind}.title`)),
        h('p', {}, t(`link.${kind}.body`)),
        h('p', {}, t('link.person')),
      ),
    ],
  };
}

function unavailable(retry) {
  return {
    title: t('unavailable.title'),
    nodes: [
      h(
        'section',
        { class: 'panel', 'data-testid': 'unavailable' },
        heading(1, t('unavailable.title')),
        h('p', {}, t('unavailable.body')),
        h('button', { type: 'button', class: 'button', onclick: retry }, t('unavailable.retry')),
        h('p', {}, t('link.person')),
      ),
    ],
  };
}

function checkScreen() {
  const kind = state.check === 'phone-last4' ? 'phone' : 'postal';
  const input = h('input', {
    type: 'text',
    name: 'answer',
    'data-testid': 'check-input',
    required: true,
    maxlength: kind === 'phone' ? 8 : 20,
    autocomplete: kind === 'phone' ? 'off' : 'postal-code',
    inputmode: kind === 'phone' ? 'numeric' : 'text',
    autocapitalize: 'characters',
    spellcheck: 'false',
    class: kind === 'phone' ? 'short' : 'medium',
  });
  const form = h(
    'form',
    { id: 'check-form', 'data-testid': 'check-form', novalidate: true, onsubmit: (e) => submitCheck(e, form, input, kind) },
    field('check-answer', t(`check.${kind}.label`), input, t(`check.${kind}.hint`)),
    button(t('check.submit'), { 'data-testid': 'check-submit' }),
  );
  return {
    title: t('check.title'),
    nodes: [h('section', { class: 'panel' }, heading(1, t('check.title')), h('p', {}, t('check.intro')), form, h('p', { class: 'hint' }, t('check.why')))],
  };
}

async function submitCheck(e, form, input, kind) {
  e.preventDefault();
  if (form.getAttribute('aria-busy') === 'true') return;
  const answer = input.value.trim();
  if (!answer) return showError(form, [t(`check.${kind}.empty`)], [input]);
  if (kind === 'phone' && answer.replace(/\D/g, '').length !== 4) return showError(form, [t('check.phone.format')], [input]);
  clearErrors();
  busy(form, true);
  const res = await api('/verify', { token: state.token, answer });
  busy(form, false);
  if (res.status === 200 && res.data.session) {
    state.session = res.data.session;
    return loadAccount();
  }
  if (res.status === 401) return show(() => linkError('invalid'));
  if (res.status === 410) return show(() => linkError('expired'));
  if (res.status === 403) {
    const left = res.data.attemptsLeft;
    const msgs = [t(`check.${kind}.failed`)];
    if (typeof left === 'number' && left > 0) msgs.push(t('check.attemptsLeft', { count: left }));
    return showError(form, [msgs.join(' ')], [input]);
  }
  if (res.status === 429) {
    const minutes = Math.max(1, Math.ceil((Number(res.data.retryAfterSeconds) || 60) / 60));
    return showError(form, [t('check.tooMany', { count: minutes })], [input]);
  }
  if (res.status === 400) return showError(form, [t(`check.${kind}.format`)], [input]);
  return showError(form, [t('errors.network')]);
}

// ---------- the account ----------
function accountScreen(done) {
  const v = state.view;
  const nodes = [
    heading(1, v.firstName ? t('account.hello', { name: v.firstName }) : t('account.helloNoName')),
    h('p', { class: 'lead' }, t('account.intro')),
    done && doneBox(done),
    summary(v),
    rights(v),
    inPlace(v),
    actions(v),
    preferences(v),
    help(v),
  ];
  return { title: t('account.title'), nodes };
}

function summary(v) {
  const row = (label, value, props) => [h('dt', {}, label), h('dd', props || {}, value)];
  return h(
    'section',
    { class: 'panel summary', 'data-testid': 'summary', 'aria-labelledby': 'summary-title' },
    h('h2', { id: 'summary-title' }, t('summary.title')),
    h('p', {}, t(`summary.status.${v.status}`, { creditor: v.creditorName })),
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

function rights(v) {
  if (!v.validation) return null;
  const by = v.validation.disputeBy;
  return h(
    'section',
    { class: 'panel', 'aria-labelledby': 'rights-title' },
    h('h2', { id: 'rights-title' }, t('rights.title')),
    h('p', {}, t('rights.intro')),
    h('ul', { class: 'bullets' }, v.validation.rights.map((r) => h('li', {}, t(`rights.${r}.${by ? 'by' : 'any'}`, { date: by ? day(by) : '' })))),
    h('p', {}, t('rights.how')),
    h('p', {}, t('rights.more'), ' ', h('a', { href: 'https://www.cfpb.gov/debt-collection', target: '_blank', rel: 'noopener noreferrer' }, t('rights.moreLink'))),
  );
}

function inPlace(v) {
  const items = [];
  if (v.promise) items.push(h('p', {}, t(`state.promise.${v.promise.status}`, { amount: money(v.promise.amount), date: day(v.promise.dueDate) })));
  if (v.plan) {
    items.push(h('p', {}, t(`state.plan.${v.plan.status}`)));
    if (v.plan.status === 'active') items.push(schedule(v.plan.instalments, t('state.plan.caption'), true));
  }
  if (v.dispute) {
    const part = v.dispute.amount !== undefined ? t('state.dispute.part', { amount: money(v.dispute.amount) }) : t('state.dispute.all');
    items.push(h('p', {}, t(v.dispute.verified ? 'state.dispute.reviewed' : 'state.dispute.open', { date: dayOf(v.dispute.openedAt), part })));
  }
  if (v.hardship) {
    items.push(h('p', {}, t('state.hardship.reported', { date: dayOf(v.hardship.reportedAt) })));
    if (v.hardship.pauseUntil) items.push(h('p', {}, t('state.hardship.pause', { date: dayOf(v.hardship.pauseUntil) })));
  }
  if (v.callback) items.push(h('p', {}, t('state.callback', { when: moment(v.callback.at) })));
  if (!items.length) return null;
  return h('section', { class: 'panel', 'aria-labelledby': 'state-title' }, h('h2', { id: 'state-title' }, t('state.title')), items);
}

/** A table of instalments: every date and amount (and what is paid, for a plan in place). */
function schedule(rows, caption, withPaid) {
  return h(
    'table',
    { class: 'schedule' },
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('plan.number')), h('th', { scope: 'col' }, t('plan.date')), h('th', { scope: 'col' }, t('plan.amount')), withPaid && h('th', { scope: 'col' }, t('plan.paid')))),
    h(
      'tbody',
      {},
      rows.map((r, i) =>
        h(
          'tr',
          {},
          h('td', {}, String(i + 1)),
          h('td', {}, day(r.dueDate)),
          h('td', {}, money(r.amount)),
          withPaid && h('td', {}, r.paid >= r.amount ? t('plan.paidAll') : r.paid > 0 ? t('plan.paidPart', { amount: money(r.paid) }) : t('plan.paidNone')),
        ),
      ),
    ),
  );
}

function doneBox(done) {
  const v = state.view;
  const text = {
    pay: () => t('done.pay', { creditor: v.creditorName }),
    promise: () => t('done.promise', { amount: money(done.amount), date: day(done.date) }),
    plan: () => t('done.plan', { count: done.count, amount: money(done.first), date: day(done.firstDate) }),
    dispute: () => t('done.dispute'),
    hardship: () => t('done.hardship'),
    callback: () => t('done.callback', { when: moment(done.at) }),
    preferences: () => t('done.preferences'),
    'opt-out': () => t('done.optOut', { channel: t(`channels.inline.${done.channel}`) }),
  }[done.type];
  return h(
    'section',
    { class: 'panel done', 'data-testid': 'done', 'aria-labelledby': 'done-title' },
    heading(2, t(`done.title.${done.type === 'pay' ? 'pay' : 'other'}`), { id: 'done-title' }),
    h('p', {}, text ? text() : t('done.preferences')),
    done.type === 'pay' && done.url && h('p', {}, h('a', { href: done.url }, t('done.payLink'))),
    done.type === 'hardship' && v.advice && h('p', { class: 'advice' }, h('strong', {}, t('help.adviceLead')), ' ', t('help.advice', { advice: v.advice })),
  );
}

function actions(v) {
  const o = v.options;
  const open = v.status === 'overdue' && v.balance > 0;
  const parts = [
    open && o.payUrl && payAction(v),
    o.promise && promiseAction(v),
    o.plans?.length > 0 && planAction(v),
    o.canDispute && disputeAction(v),
    o.canReportHardship && hardshipAction(v),
    o.canAskForPerson && callbackAction(v),
  ].filter(Boolean);
  if (!parts.length) return null;
  return h('section', { class: 'actions', 'aria-labelledby': 'actions-title' }, h('h2', { id: 'actions-title' }, t('actions.title')), h('p', {}, t('actions.intro')), parts);
}

const option = (id, title, intro, ...kids) =>
  h('section', { class: 'panel option', 'data-testid': `action-${id}`, 'aria-labelledby': `${id}-title` }, h('h3', { id: `${id}-title` }, title), intro && h('p', {}, intro), kids);

function payAction(v) {
  const form = h(
    'form',
    { id: 'pay-form', novalidate: true, onsubmit: (e) => send(e, form, { type: 'pay' }) },
    button(t('pay.button'), { 'data-testid': 'action-pay' }),
  );
  return h(
    'section',
    { class: 'panel option', 'aria-labelledby': 'pay-title' },
    h('h3', { id: 'pay-title' }, t('pay.title')),
    h('p', {}, t('pay.intro', { amount: money(v.balance), creditor: v.creditorName })),
    form,
  );
}

function amountInput(name) {
  return h('input', { type: 'text', name, inputmode: 'decimal', autocomplete: 'off', class: 'medium' });
}

/** Reads an optional amount field: undefined when empty, null (after showing the error) when wrong. */
function readAmount(form, input, max) {
  if (!input.value.trim()) return undefined;
  const n = parseAmount(input.value);
  if (!(n > 0) || n > max) {
    showError(form, [t('problems.amount', { max: money(max) })], [input]);
    return null;
  }
  return n;
}

function promiseAction(v) {
  const { earliest, latest } = v.options.promise;
  const date = h('input', { type: 'date', name: 'date', min: earliest, max: latest, required: true, class: 'medium' });
  const amount = amountInput('amount');
  const form = h(
    'form',
    {
      id: 'promise-form',
      novalidate: true,
      onsubmit: (e) => {
        e.preventDefault();
        const d = date.value;
        if (!/^\d{4}-\d{2}-\d{2}$/.test(d) || d < earliest || d > latest) return showError(form, [t('problems.date', { earliest: day(earliest), latest: day(latest) })], [date]);
        const a = readAmount(form, amount, v.balance);
        if (a === null) return;
        send(e, form, { type: 'promise', date: d, ...(a !== undefined ? { amount: a } : {}) }, { amount: a ?? v.balance, date: d });
      },
    },
    field('promise-date', t('promise.date'), date, t('promise.dateHint', { earliest: day(earliest), latest: day(latest) })),
    field('promise-amount', t('promise.amount'), amount, t('promise.amountHint', { amount: money(v.balance) })),
    button(t('promise.button')),
  );
  return option('promise', t('promise.title'), t('promise.intro'), form);
}

function planLabel(p) {
  const first = p.amounts[0];
  const last = p.amounts[p.amounts.length - 1];
  const same = p.amounts.slice(0, -1).every((a) => a === first);
  const what = same ? t('plan.each', { count: p.instalments, amount: money(first) }) : t('plan.total', { count: p.instalments, amount: money(p.amounts.reduce((s, a) => s + a, 0)) });
  const when = t('plan.when', { first: day(p.dates[0]), last: day(p.dates[p.dates.length - 1]) });
  const tail = same && last !== first ? ` ${t('plan.lastOne', { amount: money(last) })}` : '';
  return [what, `${when}${tail}`];
}

function planAction(v) {
  const plans = v.options.plans;
  const review = h('div', { class: 'review', id: 'plan-review', hidden: true });
  const showReview = () => {
    const n = Number(form.querySelector('input[name="instalments"]:checked')?.value);
    const p = plans.find((x) => x.instalments === n);
    if (!p) return;
    clearErrors();
    review.replaceChildren(
      h('h4', { id: 'plan-review-title' }, t('plan.reviewTitle')),
      schedule(p.dates.map((dueDate, i) => ({ dueDate, amount: p.amounts[i] })), t('plan.reviewCaption', { count: p.instalments }), false),
      h('p', {}, t('plan.reviewNote')),
      button(t('plan.confirm'), { 'data-testid': 'plan-confirm' }),
    );
    review.hidden = false;
    announce(t('plan.reviewAnnounce'));
  };
  const form = h(
    'form',
    {
      id: 'plan-form',
      novalidate: true,
      onsubmit: (e) => {
        e.preventDefault();
        const radios = form.querySelectorAll('input[name="instalments"]');
        const n = Number(form.querySelector('input[name="instalments"]:checked')?.value);
        const p = plans.find((x) => x.instalments === n);
        if (!p) return showError(form, [t('problems.instalments')], [radios[0]]);
        send(e, form, { type: 'plan', instalments: n }, { count: n, first: p.amounts[0], firstDate: p.dates[0] });
      },
    },
    group(
      t('plan.legend'),
      plans.map((p) => {
        const [what, when] = planLabel(p);
        return choice('radio', 'instalments', p.instalments, what, { id: `plan-${p.instalments}`, testid: `plan-option-${p.instalments}`, hint: when, onchange: showReview });
      }),
    ),
    review,
  );
  return option('plan', t('plan.title'), t('plan.intro'), form);
}

function disputeAction(v) {
  const amount = amountInput('amount');
  const form = h(
    'form',
    {
      id: 'dispute-form',
      novalidate: true,
      onsubmit: (e) => {
        e.preventDefault();
        const reason = form.querySelector('input[name="reason"]:checked')?.value;
        if (!reason) return showError(form, [t('problems.reason')], [form.querySelector('input[name="reason"]')]);
        const a = readAmount(form, amount, v.balance);
        if (a === null) return;
        send(e, form, { type: 'dispute', reason, ...(a !== undefined ? { amount: a } : {}) });
      },
    },
    group(t('dispute.legend'), REASONS.map((r) => choice('radio', 'reason', r, t(`dispute.reasons.${r}`), { id: `reason-${r}` }))),
    field('dispute-amount', t('dispute.amount'), amount, t('dispute.amountHint')),
    h('p', { class: 'hint' }, t('dispute.more')),
    button(t('dispute.button')),
  );
  return option('dispute', t('dispute.title'), t('dispute.intro'), form);
}

function hardshipAction() {
  const form = h(
    'form',
    {
      id: 'hardship-form',
      novalidate: true,
      onsubmit: (e) => {
        e.preventDefault();
        const drivers = [...form.querySelectorAll('input[name="drivers"]:checked')].map((i) => i.value);
        send(e, form, { type: 'hardship', ...(drivers.length ? { drivers } : {}) });
      },
    },
    group(t('hardship.legend'), [h('p', { class: 'hint' }, t('hardship.optional')), DRIVERS.map((d) => choice('checkbox', 'drivers', d, t(`hardship.drivers.${d}`), { id: `driver-${d}` }))]),
    button(t('hardship.button')),
  );
  return option('hardship', t('hardship.title'), t('hardship.intro'), form);
}

function callbackAction() {
  const now = new Date();
  const at = h('input', { type: 'datetime-local', name: 'at', required: true, min: localInputValue(now), max: localInputValue(new Date(now.getTime() + 14 * DAY_MS - 60_000)), class: 'medium' });
  const form = h(
    'form',
    {
      id: 'callback-form',
      novalidate: true,
      onsubmit: (e) => {
        e.preventDefault();
        const when = at.value ? new Date(at.value) : null; // datetime-local is the device's local time
        const ms = when ? when.getTime() : NaN;
        if (!(ms > Date.now()) || ms > Date.now() + 14 * DAY_MS) return showError(form, [t('problems.at')], [at]);
        const iso = when.toISOString();
        send(e, form, { type: 'callback', at: iso }, { at: iso });
      },
    },
    field('callback-at', t('callback.at'), at, t('callback.atHint', { zone: zoneLabel(deviceZone()) })),
    button(t('callback.button')),
  );
  return option('callback', t('callback.title'), t('callback.intro'), form);
}

function preferences(v) {
  const p = v.preferences;
  const channels = CHANNELS.filter((c) => p.channels?.[c]?.available);
  const zones = [...new Set([...ZONES, ...(p.timeZone ? [p.timeZone] : [])])];
  const zone = h(
    'select',
    { name: 'timeZone', class: 'wide' },
    !p.timeZone && h('option', { value: '' }, t('prefs.zoneUnset')),
    zones.map((z) => h('option', { value: z, selected: z === p.timeZone }, zoneLabel(z))),
  );
  const from = h('input', { type: 'time', name: 'avoidFrom', 'data-field': 'blockedTimes', class: 'short' });
  const to = h('input', { type: 'time', name: 'avoidTo', class: 'short' });
  const blocked = p.blockedTimes || [];
  const blockedText = (b) => t(b.days?.length ? 'prefs.avoidDays' : 'prefs.avoidEvery', { from: clock(b.start), to: clock(b.end), days: b.days ? list(b.days.map(weekday)) : '' });

  const form = h(
    'form',
    { id: 'prefs-form', 'data-testid': 'preferences-form', novalidate: true, onsubmit: (e) => savePreferences(e, form, p, zone, from, to) },
    channels.length > 0 &&
      group(t('prefs.channel'), channels.map((c) => choice('radio', 'preferredChannel', c, t(`channels.name.${c}`), { id: `pref-${c}`, checked: p.preferredChannel === c, hint: p.channels[c].optedOut ? t('prefs.stopped') : null }))),
    group(t('prefs.language'), [
      choice('radio', 'language', 'en', 'English', { id: 'pref-lang-en', checked: p.language === 'en', lang: 'en' }),
      choice('radio', 'language', 'es', 'Español', { id: 'pref-lang-es', checked: p.language === 'es', lang: 'es' }),
    ]),
    field('pref-zone', t('prefs.zone'), zone, t('prefs.zoneHint')),
    group(t('prefs.avoid'), [
      h('p', { class: 'hint', id: 'avoid-hint' }, t('prefs.avoidHint')),
      blocked.length > 0 && h('div', { class: 'existing' }, blocked.map((b, i) => choice('checkbox', 'avoidRemove', String(i), t('prefs.remove', { range: blockedText(b) }), { id: `avoid-remove-${i}` }))),
      h('div', { class: 'pair' }, field('avoid-from', t('prefs.from'), from), field('avoid-to', t('prefs.to'), to)),
    ]),
    button(t('prefs.button')),
  );

  const stoppable = CHANNELS.filter((c) => p.channels?.[c]?.available && !p.channels[c].optedOut);
  const stopped = CHANNELS.filter((c) => p.channels?.[c]?.optedOut);
  const optOut = h(
    'form',
    {
      id: 'optout-form',
      'data-testid': 'opt-out',
      novalidate: true,
      onsubmit: (e) => {
        e.preventDefault();
        const channel = optOut.querySelector('input[name="channel"]:checked')?.value;
        if (!channel) return showError(optOut, [t('problems.channel')], [optOut.querySelector('input[name="channel"]')]);
        send(e, optOut, { type: 'opt-out', channel }, { channel });
      },
    },
    group(t('optout.legend'), stoppable.map((c) => choice('radio', 'channel', c, t(`channels.name.${c}`), { id: `optout-${c}` }))),
    h('p', { class: 'hint' }, t('optout.note')),
    button(t('optout.button'), { class: 'button secondary' }),
  );

  return h(
    'section',
    { class: 'panel', 'data-testid': 'preferences', 'aria-labelledby': 'prefs-title' },
    h('h2', { id: 'prefs-title' }, t('prefs.title')),
    h('p', {}, t('prefs.intro')),
    form,
    h('h3', { id: 'optout-title' }, t('optout.title')),
    stopped.length > 0 && h('p', {}, t('optout.already', { channels: list(stopped.map((c) => t(`channels.inline.${c}`))) })),
    stoppable.length > 0 ? optOut : h('p', {}, t('optout.none')),
  );
}

function savePreferences(e, form, p, zone, from, to) {
  e.preventDefault();
  const change = { type: 'preferences' };
  const channel = form.querySelector('input[name="preferredChannel"]:checked')?.value;
  if (channel && channel !== p.preferredChannel) change.preferredChannel = channel;
  const language = form.querySelector('input[name="language"]:checked')?.value;
  if (language && language !== p.language) change.language = language;
  if (zone.value && zone.value !== (p.timeZone || '')) change.timeZone = zone.value;

  const blocked = p.blockedTimes || [];
  const kept = blocked.filter((_, i) => !form.querySelector(`#avoid-remove-${i}`)?.checked);
  const added = [];
  const a = from.value.slice(0, 5);
  const b = to.value.slice(0, 5);
  if (a || b) {
    if (!a || !b || a === b) return showError(form, [t('problems.blockedTimes')], [!a ? from : to]);
    if (a < b) added.push({ start: a, end: b });
    else {
      // Over midnight: two ranges, as the rules want them.
      added.push({ start: a, end: '24:00' });
      if (b !== '00:00') added.push({ start: '00:00', end: b });
    }
  }
  if (kept.length !== blocked.length || added.length) {
    const all = [...kept, ...added].map((x) => ({ start: x.start, end: x.end, ...(x.days?.length ? { days: x.days } : {}) }));
    if (all.length > 20) return showError(form, [t('problems.tooManyTimes')], [from]);
    change.blockedTimes = all;
  }
  if (Object.keys(change).length === 1) return showError(form, [t('prefs.nothing')]);
  send(e, form, change);
}

function help(v) {
  return h(
    'section',
    { class: 'panel', 'aria-labelledby': 'help-title' },
    h('h2', { id: 'help-title' }, t('help.title')),
    v.advice && h('p', {}, t('help.advice', { advice: v.advice })),
    h('p', {}, t(v.options.canAskForPerson ? 'help.person' : 'help.personReply')),
  );
}

/** A safe place to send the browser: https (or http on this machine, for local runs). */
function safeUrl(u) {
  try {
    const url = new URL(u, location.href);
    if (url.protocol === 'https:' || (url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname))) return url.href;
  } catch {
    /* fall through */
  }
  return null;
}

async function send(e, form, action, extra = {}) {
  e.preventDefault();
  if (form.getAttribute('aria-busy') === 'true') return; // never twice
  clearErrors();
  busy(form, true);
  const res = await api('/actions', action);
  busy(form, false);
  if (res.status === 200 && res.data && res.data.view) {
    state.view = res.data.view;
    const type = res.data.done || action.type;
    if (action.type === 'preferences' && action.language) {
      state.langChosen = false;
      await setLang(action.language).catch(() => undefined);
    }
    if (type === 'pay') {
      const url = safeUrl(res.data.redirect || res.data.view.options.payUrl);
      show(() => accountScreen({ type, url }), { focusSelector: '#done-title' });
      if (url) location.assign(url);
      return;
    }
    return show(() => accountScreen({ type, ...extra }), { focusSelector: '#done-title' });
  }
  if (res.status === 401) return sessionEnded();
  if (res.status === 400 || res.status === 409) return showProblems(form, res.status, res.data.problems);
  showError(form, [t('errors.network')]);
}

/** The server's problems, next to the form: known fields in our words (and marked), others as sent. */
function showProblems(form, status, problems) {
  const v = state.view;
  const msgs = status === 409 ? [t('errors.notAvailable')] : [];
  const invalid = [];
  const words = {
    date: () => v.options.promise && t('problems.date', { earliest: day(v.options.promise.earliest), latest: day(v.options.promise.latest) }),
    amount: () => t('problems.amount', { max: money(v.balance) }),
    at: () => t('problems.at'),
    instalments: () => t('problems.instalments'),
    preferredChannel: () => t('problems.preferredChannel'),
    timeZone: () => t('problems.timeZone'),
    blockedTimes: () => t('problems.blockedTimes'),
  };
  for (const p of Array.isArray(problems) ? problems : []) {
    const key = /^([A-Za-z]+)\b[^:]*:/.exec(String(p))?.[1];
    const el = key && form.querySelector(`[data-field="${key}"], [name="${key}"]`);
    if (el) invalid.push(el);
    const ours = status === 400 && el && words[key]?.();
    const text = ours || (state.lang === 'en' ? String(p) : [String(p), 'en']);
    if (!msgs.some((m) => m === text)) msgs.push(text);
  }
  if (!msgs.length) msgs.push(t('errors.invalid'));
  showError(form, msgs, invalid);
}

// ---------- start ----------
$('lang-toggle').addEventListener('click', async () => {
  state.langChosen = true;
  await setLang(state.lang === 'es' ? 'en' : 'es').catch(() => undefined);
  if (state.current) show(state.current, { focus: false });
});

// Back from the payment page (bfcache): show what is true now.
addEventListener('pageshow', (e) => {
  if (e.persisted && state.session) loadAccount();
});

start().catch(() => {
  const es = document.documentElement.lang === 'es';
  const h1 = screen.querySelector('h1');
  if (h1) h1.textContent = es ? 'No pudimos abrir esta página. Inténtelo de nuevo en unos minutos.' : "We couldn't open this page. Please try again in a few minutes.";
});
