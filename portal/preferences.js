// The customer's contact preferences: channels, language, time zone and the times not to be contacted.
// @ts-check
import { CHANNELS, ZONES } from './constants.js';
import { $, button, checked, choice, clock, field, first, group, h, list, p, showError, t, weekday, zoneLabel } from './ui.js';
import { send } from './submit.js';

/** @typedef {import('../functions/domain/portal/contract').PortalAction} PortalAction */

// ---------- preferences ----------
export function preferences(v) {
  const pr = v.preferences;
  const ch = pr.channels || {};
  const usable = CHANNELS.filter((c) => ch[c]?.available);
  const stoppable = usable.filter((c) => !ch[c].optedOut);
  const stopped = CHANNELS.filter((c) => ch[c]?.optedOut);
  return h(
    'section',
    { class: 'panel', 'data-testid': 'preferences', 'aria-labelledby': 'prefs-title' },
    h('h2', { id: 'prefs-title' }, t('prefs.title')),
    p(t('prefs.intro')),
    preferencesForm(pr, usable),
    h('h3', {}, t('optout.title')),
    stopped.length > 0 && p(t('optout.already', { channels: list(stopped.map((c) => t(`channels.inline.${c}`))) })),
    stoppable.length > 0 ? optOutForm(stoppable) : p(t('optout.none')),
  );
}

/** The preferred channel, language, time zone and the times to avoid (adding one, removing those set). */
function preferencesForm(pr, usable) {
  const zones = [...new Set([...ZONES, ...(pr.timeZone ? [pr.timeZone] : [])])];
  const zone = h(
    'select',
    { name: 'timeZone', class: 'wide' },
    !pr.timeZone && h('option', { value: '' }, t('prefs.zoneUnset')),
    zones.map((z) => h('option', { value: z, selected: z === pr.timeZone }, zoneLabel(z))),
  );
  const from = h('input', { type: 'time', name: 'blockedTimes', class: 'short' });
  const to = h('input', { type: 'time', name: 'avoidTo', class: 'short' });
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
            hint: pr.channels[c].optedOut && t('prefs.stopped'),
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
      (pr.blockedTimes || []).map((b, i) =>
        choice('checkbox', 'avoidRemove', i, t('prefs.remove', { range: avoidedRange(b) }), { id: `avoid-remove-${i}` }),
      ),
      h('div', { class: 'pair' }, field('avoid-from', t('prefs.from'), from), field('avoid-to', t('prefs.to'), to)),
    ]),
    button(t('prefs.button')),
  );
  return form;
}

const avoidedRange = (b) =>
  t(b.days?.length ? 'prefs.avoidDays' : 'prefs.avoidEvery', {
    from: clock(b.start),
    to: clock(b.end),
    days: b.days ? list(b.days.map(weekday)) : '',
  });

/** Stopping one channel (the STOP of the page), with the channel named in the confirmation. */
function optOutForm(stoppable) {
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
  return optOut;
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
