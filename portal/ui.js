// The page's toolkit: its state (memory only), translations, formatting, DOM building, error display and
// the one way to call the portal API. Strict-CSP safe: the DOM is built with createElement (never
// innerHTML) and styled by class only.
// @ts-check
/* global document, location, history, fetch, setTimeout */
import { LOCALES } from './constants.js';

/** @typedef {import('../functions/domain/portal/contract').PortalView} PortalView */
/** @typedef {import('../functions/domain/portal/contract').ErrorBody} ErrorBody */

// The token comes in the fragment (never sent to a server, never in a Referer) and is taken out of the
// address bar at once, so it is not bookmarked, shared or kept in the history. null: none; '': malformed.
export function readToken() {
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
/**
 * @type {{ token: string | null, lang: 'en' | 'es', langChosen: boolean, strings: object | null,
 *   check: import('../functions/domain/portal/contract').CheckKind | null, session: string | null,
 *   view: PortalView | null, current: (() => { title: string, nodes: Array<Node | false | null | undefined> }) | null,
 *   helpPhone: string | null }}
 */
export const state = {
  token: readToken(),
  lang: 'en',
  langChosen: false,
  strings: null,
  check: null,
  session: null,
  view: null,
  current: null,
  helpPhone: null,
};
export const $ = (id) => document.getElementById(id);
export const screen = $('screen');

// ---------- i18n ----------
const loaded = {};
export async function setLang(lang) {
  lang = lang === 'es' ? 'es' : 'en';
  loaded[lang] ??= fetch(`i18n/${lang}.json`).then((r) => (r.ok ? r.json() : Promise.reject(new Error(String(r.status)))));
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

export function t(key, vars) {
  let s = key.split('.').reduce((o, k) => o?.[k], state.strings);
  if (s && typeof s === 'object' && vars && 'count' in vars) s = s[new Intl.PluralRules(locale()).select(vars.count)] ?? s.other;
  if (typeof s !== 'string') return key;
  return vars ? s.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m)) : s;
}

// ---------- formatting: Intl; calendar dates in UTC so a YYYY-MM-DD never shifts ----------
export const locale = () => LOCALES[state.lang];
export const deviceZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;
export const fmt = (opts) => new Intl.DateTimeFormat(locale(), opts);

export function money(n) {
  const currency = state.view?.currency || 'USD';
  try {
    return new Intl.NumberFormat(locale(), { style: 'currency', currency }).format(n);
  } catch {
    return `${n.toFixed(2)} ${currency}`;
  }
}

export const day = (iso, dateStyle = 'long') =>
  fmt({ dateStyle, timeZone: 'UTC' }).format(new Date(`${String(iso).slice(0, 10)}T00:00:00Z`));

/** The calendar day of an instant, where the customer is (their stated zone, else this device's). */
export function dayOf(isoTime) {
  const d = new Date(isoTime);
  if (Number.isNaN(d.getTime())) return day(isoTime);
  try {
    return fmt({ dateStyle: 'long', timeZone: state.view?.preferences?.timeZone || deviceZone() }).format(d);
  } catch {
    return fmt({ dateStyle: 'long' }).format(d);
  }
}

export const moment = (isoTime) => fmt({ dateStyle: 'full', timeStyle: 'short' }).format(new Date(isoTime));
export const clock = (hhmm) =>
  fmt({ timeStyle: 'short', timeZone: 'UTC' }).format(new Date(`2000-01-01T${hhmm === '24:00' ? '00:00' : hhmm}:00Z`));
export const weekday = (code) =>
  fmt({ weekday: 'long', timeZone: 'UTC' }).format(
    new Date(Date.UTC(2023, 0, 1 + ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'].indexOf(code))),
  );
export const list = (items) => new Intl.ListFormat(locale(), { type: 'conjunction' }).format(items);

export function zoneLabel(zone) {
  try {
    const name = fmt({ timeZone: zone, timeZoneName: 'longGeneric' })
      .formatToParts(new Date())
      .find((p) => p.type === 'timeZoneName');
    return name ? `${name.value} (${zone.split('/').pop().replace(/_/g, ' ')})` : zone;
  } catch {
    return zone;
  }
}

/** "1,234.50", "1234,5", "$20" -> a number of cents / 100; NaN when it is not an amount. */
export function parseAmount(text) {
  const s = text.replace(/[^\d.,-]/g, '');
  if (!/\d/.test(s) || s.includes('-')) return NaN;
  const sep = Math.max(s.lastIndexOf('.'), s.lastIndexOf(','));
  const dec = sep >= 0 && s.length - sep - 1 <= 2 ? sep : -1;
  const whole = (dec >= 0 ? s.slice(0, dec) : s).replace(/[.,]/g, '');
  return Math.round(Number(`${whole || '0'}.${dec >= 0 ? s.slice(dec + 1) || '0' : '0'}`) * 100) / 100;
}

export const pad = (n) => String(n).padStart(2, '0');
export const localInput = (d) =>
  `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;

// ---------- DOM helpers ----------
export function h(tag, props, ...kids) {
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

export function announce(text) {
  const live = $('announce');
  live.textContent = '';
  setTimeout(() => (live.textContent = text), 50);
}

/**
 * Shows a screen and moves focus to its heading (h1, or the given one).
 * @param {() => { title: string, nodes: Array<Node | false | null | undefined> }} render
 * @param {{ focus?: boolean, target?: string }} [options]
 */
export function show(render, { focus = true, target = undefined } = {}) {
  state.current = render;
  const { title, nodes } = render();
  screen.replaceChildren(.../** @type {Node[]} */ (nodes.filter(Boolean)));
  document.title = `${title} · ${t('app.name')}`;
  if (focus) /** @type {HTMLElement | null} */ (screen.querySelector(target || 'h1') || screen.querySelector('h1'))?.focus();
}

export const heading = (level, text, props) => h(`h${level}`, { tabindex: '-1', ...props }, text);
export const p = (text, cls) => h('p', cls ? { class: cls } : {}, text);
export const button = (text, props) => h('button', { type: 'submit', class: 'button', ...props }, text);
export const group = (legend, kids) => h('fieldset', {}, h('legend', {}, legend), kids);
export const section = (testid, title, ...kids) => h('section', { class: 'panel', 'data-testid': testid }, heading(1, title), kids);
export const region = (id, title, ...kids) => h('section', { class: 'panel', 'aria-labelledby': id }, h('h2', { id }, title), kids);

export function field(id, label, input, hint) {
  input.id = id;
  if (hint) input.setAttribute('aria-describedby', `${id}-hint`);
  return h('div', { class: 'field' }, h('label', { for: id }, label), hint && h('p', { class: 'hint', id: `${id}-hint` }, hint), input);
}

export function choice(type, name, value, label, o = {}) {
  const id = o.id || `${name}-${value}`;
  return h(
    'div',
    { class: 'choice' },
    h('input', { type, name, value, id, checked: o.checked, onchange: o.onchange }),
    h('label', { for: id, 'data-testid': o.testid, lang: o.lang }, label, o.hint && h('span', { class: 'choice-hint' }, o.hint)),
  );
}

export const checked = (form, name) => form.querySelector(`input[name="${name}"]:checked`)?.value;
export const first = (form, name) => form.querySelector(`[name="${name}"]`);

// ---------- errors: one box at a time, announced, tied to the fields by aria-describedby ----------
export function clearErrors() {
  document.querySelectorAll('[data-testid="error"]').forEach((e) => e.remove());
  document.querySelectorAll('[aria-invalid]').forEach((/** @type {HTMLElement} */ el) => {
    el.removeAttribute('aria-invalid');
    if (el.dataset.describedby) el.setAttribute('aria-describedby', el.dataset.describedby);
    else el.removeAttribute('aria-describedby');
    delete el.dataset.describedby;
  });
}

/** messages: strings, or [text, lang] for the server's own words in another language. */
export function showError(form, messages, invalid = []) {
  clearErrors();
  const id = `${form.id}-error`;
  const item = (m) => (Array.isArray(m) ? h('span', { lang: m[1] }, m[0]) : m);
  const box = h(
    'div',
    { class: 'error', id, 'data-testid': 'error', tabindex: '-1' },
    p(t('errors.title'), 'error-title'),
    messages.length === 1
      ? h('p', {}, item(messages[0]))
      : h(
          'ul',
          {},
          messages.map((m) => h('li', {}, item(m))),
        ),
  );
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

export function busy(form, on) {
  form.setAttribute('aria-busy', String(on));
  form.querySelectorAll('button').forEach((b) => (b.disabled = on));
}

// ---------- API ----------
/** The footer's way to a person: the help number once the server named it. */
export function showHelpPhone() {
  $('footer-person').textContent = state.helpPhone ? t('footer.personPhone', { phone: state.helpPhone }) : t('footer.person');
}

/** Fired when the server no longer knows the session (the flow offers to start again). */
export const SESSION_ENDED = 'amicable:session-ended';
/** Announced (with the done action's details) when an action has been carried out; app.js shows the account. */
export const ACTION_DONE = 'amicable:action-done';

/**
 * @overload
 * @param {'/session'} path
 * @param {import('../functions/domain/portal/contract').SessionRequest} body
 * @returns {Promise<{ status: number, data: Partial<import('../functions/domain/portal/contract').SessionStart & ErrorBody> }>}
 */
/**
 * @overload
 * @param {'/verify'} path
 * @param {import('../functions/domain/portal/contract').VerifyRequest} body
 * @returns {Promise<{ status: number, data: Partial<import('../functions/domain/portal/contract').Verified & ErrorBody> }>}
 */
/**
 * @overload
 * @param {'/account'} path
 * @returns {Promise<{ status: number, data: Partial<PortalView & ErrorBody> }>}
 */
/**
 * @overload
 * @param {'/actions'} path
 * @param {import('../functions/domain/portal/contract').PortalAction} body
 * @returns {Promise<{ status: number, data: Partial<import('../functions/domain/portal/contract').ActionDone & ErrorBody> }>}
 */
/**
 * One call to the portal API, typed by the contract: the body a path takes and the answer it gives.
 * @param {string} path
 * @param {object} [body]
 * @returns {Promise<{ status: number, data: any }>}
 */
export async function api(path, body) {
  const headers = { accept: 'application/json' };
  if (body) headers['content-type'] = 'application/json';
  if (state.session && path !== '/session' && path !== '/verify') headers.authorization = `Bearer ${state.session}`;
  try {
    const res = await fetch(`/api${path}`, {
      method: body ? 'POST' : 'GET',
      headers,
      body: body && JSON.stringify(body),
      credentials: 'omit',
      cache: 'no-store',
      referrerPolicy: 'no-referrer',
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
