// Sending an action and showing its result or the server's problems next to the form. A done action is
// announced with ACTION_DONE (app.js shows the account screen) so this module needs no screen of its own.
// @ts-check
/* global location, dispatchEvent, Event, CustomEvent */
import { ACTION_DONE, SESSION_ENDED, api, busy, clearErrors, day, first, money, setLang, showError, state, t } from './ui.js';

/** @typedef {import('../functions/domain/portal/contract').PortalAction} PortalAction */

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
    dispatchEvent(new CustomEvent(ACTION_DONE, { detail: { type, url, ...details } })); // the account screen shows what it did
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
