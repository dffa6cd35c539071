// Amicable self-service portal: plain ES modules, no framework, no build step, nothing from other origins.
// The HTTP contract is functions/domain/portal/contract.ts; every request sends exactly its shapes, and
// tsc checks the page against it (tsconfig.portal.json). This module is the flow: the link, the check,
// then the account (account.js); ui.js is the toolkit.
// @ts-check
/* global document, navigator, addEventListener */
import {
  $,
  ACTION_DONE,
  SESSION_ENDED,
  api,
  busy,
  button,
  clearErrors,
  field,
  h,
  p,
  screen,
  section,
  setLang,
  show,
  showError,
  state,
  t,
} from './ui.js';
import { accountScreen } from './account.js';
import { CHECKS } from './constants.js';

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
  if (ok && Object.hasOwn(CHECKS, res.data.check)) {
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
    state.view = /** @type {import("../functions/domain/portal/contract").PortalView} */ (res.data); // a 200 is a whole view
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
    nodes: [
      section(
        'session-ended',
        t('ended.title'),
        p(t('ended.body')),
        state.token && h('button', { type: 'button', class: 'button', onclick: () => start() }, t('ended.again')),
      ),
    ],
  }));
}

// ---------- screens before the account ----------
const linkError = (kind) => ({
  title: t(`link.${kind}.title`),
  nodes: [section('link-error', t(`link.${kind}.title`), p(t(`link.${kind}.body`)), p(t('link.person')))],
});

const unavailable = (retry) => ({
  title: t('unavailable.title'),
  nodes: [
    section(
      'unavailable',
      t('unavailable.title'),
      p(t('unavailable.body')),
      h('button', { type: 'button', class: 'button', onclick: () => retry() }, t('unavailable.retry')),
      p(t('link.person')),
    ),
  ],
});

/** One input per question the check asks: what it accepts, and the field the request carries it in. */
const QUESTIONS = {
  postal: { name: 'answer', maxlength: 20, autocomplete: 'postal-code', inputmode: 'text', size: 'medium' },
  phone: { maxlength: 8, autocomplete: 'off', inputmode: 'numeric', size: 'short' },
  dob: { name: 'answer', type: 'date', autocomplete: 'bday', size: 'medium' },
};

function checkScreen() {
  const questions = CHECKS[state.check];
  const inputs = questions.map((q) => {
    const o = QUESTIONS[q];
    // The phone digits are the answer on their own, and phoneLast4 beside the postcode.
    const name = o.name ?? (questions.length > 1 ? 'phoneLast4' : 'answer');
    return {
      q,
      input: h('input', {
        type: o.type ?? 'text',
        name,
        'data-testid': name === 'answer' ? 'check-input' : 'check-phone-input',
        required: true,
        maxlength: o.maxlength,
        autocomplete: o.autocomplete,
        inputmode: o.inputmode,
        autocapitalize: 'characters',
        spellcheck: 'false',
        class: o.size,
      }),
    };
  });
  const form = h(
    'form',
    { id: 'check-form', 'data-testid': 'check-form', novalidate: true, onsubmit: (e) => submitCheck(e, form, inputs) },
    inputs.map(({ q, input }) => field(`check-${input.name}`, t(`check.${q}.label`), input, t(`check.${q}.hint`))),
    button(t('check.submit'), { 'data-testid': 'check-submit' }),
  );
  const intro = questions.length > 1 ? t('check.introBoth') : t('check.intro');
  return { title: t('check.title'), nodes: [section(null, t('check.title'), p(intro), form, p(t('check.why'), 'hint'))] };
}

/** The first problem with what was typed, before anything is sent (a malformed answer is no guess). */
function typedProblem({ q, input }) {
  const value = input.value.trim();
  if (!value) return t(`check.${q}.empty`);
  if (q === 'phone' && value.replace(/\D/g, '').length !== 4) return t('check.phone.format');
  return undefined;
}

async function submitCheck(e, form, inputs) {
  e.preventDefault();
  if (form.getAttribute('aria-busy') === 'true') return;
  const fail = (msg, fields = inputs.map((i) => i.input)) => showError(form, [msg], fields);
  const wrong = inputs.find((i) => typedProblem(i));
  if (wrong) return fail(typedProblem(wrong), [wrong.input]);
  const value = (name) => inputs.find((i) => i.input.name === name)?.input.value.trim();
  const phoneLast4 = value('phoneLast4')?.replace(/\D/g, '');
  clearErrors();
  busy(form, true);
  const { status, data } = await api('/verify', { token: state.token, answer: value('answer'), ...(phoneLast4 ? { phoneLast4 } : {}) });
  busy(form, false);
  if (status === 200 && data.session) {
    state.session = data.session;
    return loadAccount();
  }
  // One message for the whole check: with two questions it does not say which answer was wrong.
  const kind = inputs.length > 1 ? 'both' : inputs[0].q;
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

// ---------- go ----------
$('lang-toggle').addEventListener('click', async () => {
  state.langChosen = true;
  await setLang(state.lang === 'es' ? 'en' : 'es').catch(() => {});
  if (state.current) show(state.current, { focus: false });
});

addEventListener(SESSION_ENDED, () => sessionEnded());
addEventListener(ACTION_DONE, (e) => show(() => accountScreen(/** @type {CustomEvent} */ (e).detail), { target: '#done-title' }));

// Back from the payment page (bfcache): show what is true now.
addEventListener('pageshow', (e) => e.persisted && state.session && loadAccount());

start().catch(() => {
  const h1 = screen.querySelector('h1');
  if (h1)
    h1.textContent =
      document.documentElement.lang === 'es'
        ? 'No pudimos abrir esta página. Inténtelo de nuevo en unos minutos.'
        : "We couldn't open this page. Please try again in a few minutes.";
});
