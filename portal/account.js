// The account screen: where the customer stands, what is in place, and the help line; the ways to resolve it
// are in actions.js, the preferences in preferences.js.
// @ts-check
import { day, dayOf, h, heading, moment, money, p, region, state, t } from './ui.js';
import { actions, schedule } from './actions.js';
import { preferences } from './preferences.js';

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

export const help = (v) =>
  region(
    'help-title',
    t('help.title'),
    v.advice && p(t('help.advice', { advice: v.advice })),
    p(t(v.options.canAskForPerson ? 'help.person' : 'help.personReply')),
  );
