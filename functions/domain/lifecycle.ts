/**
 * What every customer action and provider report does to an account, as one pure function: the next
 * account state, PII-free facts for the audit trail, entries for the journey's history, and effects for
 * the handler to carry out (a reply on the same medium, a hand-off to a person, KPI counts). The
 * lifecycle, inbound-SMS and delivery-event handlers and the local runtime all apply events through it.
 */
import { cents } from './money';
import { CARE_STEP } from './care';
import type { Playbook } from './playbook';
import type { MessageFacts } from './templates';
import { paymentKey } from './cycles';
import { planProblems, promiseProblems } from './bounds';
import { validationParamsFor } from './rules/profile-composition';
import { disputeByDate, VALIDATION_NOTICE_TEMPLATE } from './rules/validation-notice';
import type { Account } from './types';
import {
  DetailOf,
  KpiFn,
  LifecycleChange,
  LifecycleEvent,
  LifecycleOptions,
  LifecycleRejection,
  Reduction,
  REPLY_HANDOFF_REASON,
} from './lifecycle-types';
import {
  answerSurvey,
  applyPayment,
  handOffForbearanceBeyondJourney,
  makePromise,
  openDispute,
  optOut,
  planOptions,
  raiseComplaint,
  rejectIfAny,
  reportHardship,
  setStatus,
} from './lifecycle-account';
import { applyReply } from './lifecycle-replies';

const HOUR_MS = 3_600_000;

type EventHandlers = { [K in LifecycleEvent['detailType']]: (detail: DetailOf<K>, r: Reduction) => void };

function paymentReceived(p: DetailOf<'PaymentReceived'>, { account, change, kpi, at }: Reduction): void {
  if (p.currency !== account.currency) {
    throw new LifecycleRejection([`currency: payment in ${p.currency} but the account is in ${account.currency}`]);
  }
  change.dedupeKey = paymentKey(p.paymentId);
  applyPayment(account, p.amount, p.paidAt, at, kpi);
  change.history.push({ kind: 'payment', amount: p.amount });
  kpi('amountPaid', p.amount);
  change.facts = {
    paymentId: p.paymentId,
    amount: p.amount,
    currency: p.currency,
    paidAt: p.paidAt,
    balanceAfter: account.balance,
    statusAfter: account.status,
  };
}

function planAgreed(p: DetailOf<'PaymentPlanAgreed'>, { account, change, kpi, at }: Reduction): void {
  change.dedupeKey = `plan:${p.planId}`;
  rejectIfAny(planProblems(account, p.instalments));
  account.plan = {
    planId: p.planId,
    agreedAt: p.agreedAt,
    source: p.source,
    instalments: p.instalments.map((x) => ({ ...x, paid: 0 })),
    status: 'active',
  };
  // A plan replaces a promise that was still open (neither kept nor broken).
  if (account.promise?.status === 'open') account.promise = { ...account.promise, status: 'replaced', settledAt: at };
  kpi('plansAgreed', 1, { source: p.source });
  change.facts = {
    planId: p.planId,
    instalments: p.instalments.length,
    total: cents(p.instalments.reduce((s, x) => s + x.amount, 0)),
    source: p.source,
  };
}

function disputeResolved(d: DetailOf<'DisputeResolved'>, { account, change, at }: Reduction): void {
  if (d.resolution === 'upheld') {
    // The customer was right: nothing is owed, and the journey closes saying so.
    account.compliance = { ...account.compliance, disputeUpheldAt: d.resolvedAt };
  } else {
    if (d.resolution === 'corrected') account.balance = cents(d.correctedBalance!);
    // Collection may resume: the dispute is answered.
    account.compliance = { ...account.compliance, disputeVerifiedAt: d.resolvedAt };
  }
  if (account.balance <= 0 && d.resolution !== 'upheld' && account.status === 'overdue') setStatus(account, 'paid', at);
  change.facts = { resolution: d.resolution, balanceAfter: account.balance };
}

function complaintResolved(c: DetailOf<'ComplaintResolved'>, { account, change, kpi }: Reduction): void {
  const complaint = account.complaints?.find((x) => x.complaintId === c.complaintId);
  if (!complaint) throw new LifecycleRejection([`complaintId: no complaint ${c.complaintId} on this account`]);
  change.dedupeKey = `complaint-resolved:${c.complaintId}`;
  if (!complaint.resolvedAt) {
    complaint.resolvedAt = c.resolvedAt;
    kpi('complaintResolutionHours', Math.max(0, (Date.parse(c.resolvedAt) - Date.parse(complaint.receivedAt)) / HOUR_MS));
  }
  change.facts = {
    complaintId: c.complaintId,
    category: complaint.category,
    hoursToResolve: Math.round((Date.parse(c.resolvedAt) - Date.parse(complaint.receivedAt)) / HOUR_MS),
  };
}

function preferencesChanged(p: DetailOf<'PreferencesChanged'>, { account, change }: Reduction): void {
  const c = account.customer;
  if (p.preferredChannel) c.preferredChannel = p.preferredChannel;
  if (p.language) c.language = p.language;
  if (p.timeZone) c.timeZone = p.timeZone;
  if (p.blockedTimes) c.blockedTimes = p.blockedTimes;
  change.facts = { changed: Object.keys(p).filter((k) => !['accountId', 'changedAt', 'source'].includes(k)), source: p.source };
}

/** One handler per event type; the compiler insists every lifecycle event has one. */
const HANDLERS: EventHandlers = {
  PaymentReceived: paymentReceived,
  ChannelOptedOut: (d, { account, change, kpi }) => {
    optOut(account, d.channel, d.at, 'billing-system', kpi);
    change.facts = { channel: d.channel, optedOutAt: d.at };
  },
  CommunicationCeased: (d, { account, change, at }) => {
    setStatus(account, 'ceased', at);
    change.facts = { receivedAt: d.receivedAt };
  },
  AccountClosed: (d, { account, change, at }) => {
    setStatus(account, 'closed', at);
    change.facts = { reason: d.reason, closedAt: d.at };
  },
  PromiseToPayMade: (p, { account, change, kpi }) => {
    change.dedupeKey = `promise:${p.promiseId}`;
    rejectIfAny(promiseProblems(account, p));
    makePromise(account, p, kpi);
    change.facts = { promiseId: p.promiseId, amount: p.amount, dueDate: p.dueDate, source: p.source };
  },
  PaymentPlanAgreed: planAgreed,
  DisputeRaised: (d, { account, change, kpi }) => {
    openDispute(account, d.raisedAt, d.disputedAmount, d.source, kpi);
    change.facts = { reason: d.reason, source: d.source, ...(d.disputedAmount !== undefined ? { disputedAmount: d.disputedAmount } : {}) };
  },
  DisputeVerified: (d, { account, change }) => {
    account.compliance = { ...account.compliance, disputeVerifiedAt: d.verifiedAt };
    change.facts = { verifiedAt: d.verifiedAt };
  },
  DisputeResolved: disputeResolved,
  HardshipReported: (h, { account, change, kpi, options }) => {
    const forbearance = reportHardship(account, h, options.playbook, kpi);
    change.facts = { source: h.source, forbearanceDays: forbearance.heldDays, ...(h.drivers ? { drivers: h.drivers } : {}) };
    handOffForbearanceBeyondJourney(change, forbearance);
  },
  ComplaintRaised: (c, { account, change, kpi }) => {
    change.dedupeKey = `complaint:${c.complaintId}`;
    const complaint = { complaintId: c.complaintId, category: c.category, source: c.source, receivedAt: c.receivedAt };
    raiseComplaint(account, complaint, change, kpi);
    change.facts = { complaintId: c.complaintId, category: c.category, source: c.source };
  },
  ComplaintResolved: complaintResolved,
  AgentHandoffCompleted: (d, { change, kpi }) => {
    change.history.push({ kind: 'handoff-completed', outcome: d.outcome });
    kpi('handoffsCompleted', 1, { outcome: d.outcome });
    change.facts = { outcome: d.outcome, completedAt: d.completedAt };
  },
  PreferencesChanged: preferencesChanged,
  SurveyAnswered: (d, { account, change, kpi }) => {
    change.dedupeKey = 'survey-answer';
    answerSurvey(account, d.score, d.answeredAt, kpi);
    change.facts = { score: d.score, source: d.source };
  },
  PaymentIntended: (d, { change }) => {
    change.facts = { source: d.source, at: d.at };
  },
  CallbackRequested: (d, { account, change }) => {
    account.callback = { at: d.callbackAt, requestedAt: d.requestedAt };
    change.effects.push({ type: 'handoff', reason: REPLY_HANDOFF_REASON['wants-person'] });
    change.facts = { callbackAt: d.callbackAt, source: d.source };
  },
  ReplyReceived: (d, { account, change, kpi, options }) => applyReply(account, d, options, change, kpi),
  DeliveryReported: (d, { account, change, kpi }) => applyDelivery(account, d, change, kpi),
};

export function applyLifecycleEvent(current: Account, event: LifecycleEvent, options: LifecycleOptions): LifecycleChange {
  const at = options.now.toISOString();
  const account: Account = structuredClone(current);
  account.updatedAt = at;
  const change: LifecycleChange = { account, facts: {}, history: [], effects: [] };
  const kpi: KpiFn = (name, value, dimensions) =>
    change.effects.push({ type: 'kpi', kpi: name, ...(value !== undefined ? { value } : {}), ...(dimensions ? { dimensions } : {}) });
  const handle = HANDLERS[event.detailType] as (detail: LifecycleEvent['detail'], r: Reduction) => void;
  handle(event.detail, { account, change, kpi, at, options });
  return change;
}

function applyDelivery(
  account: Account,
  d: Extract<LifecycleEvent, { detailType: 'DeliveryReported' }>['detail'],
  change: LifecycleChange,
  kpi: KpiFn,
): void {
  change.dedupeKey = `delivery:${d.providerMessageId}:${d.providerEventType}`;
  kpi('deliveryEvents', 1, { channel: d.channel, outcome: d.outcome });
  change.facts = {
    channel: d.channel,
    outcome: d.outcome,
    providerEventType: d.providerEventType,
    providerMessageId: d.providerMessageId,
    ...(d.reason ? { reason: d.reason } : {}),
  };
  switch (d.outcome) {
    case 'failed-permanent':
      // A hard bounce or an invalid number: this address can never work.
      account.channels[d.channel].unusable ??= { reason: d.reason ?? d.providerEventType, at: d.at };
      break;
    case 'opted-out':
      optOut(account, d.channel, d.at, d.providerEventType, kpi);
      break;
    case 'complained':
      // An email complaint: never email this address again, and record it as a complaint.
      optOut(account, d.channel, d.at, 'complaint', kpi);
      raiseComplaint(
        account,
        {
          complaintId: `${d.channel}-${d.providerMessageId}`.replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 64),
          category: 'communication-tactics',
          source: 'email',
          receivedAt: d.at,
        },
        change,
        kpi,
      );
      break;
    case 'answered':
      // Someone picked up: counts as a conversation (the 7-day call block starts).
      change.history.push({ kind: 'conversation', channel: d.channel });
      break;
    case 'opened':
    case 'clicked':
      // The customer read or acted on a message: when they engage tells the hour that suits them.
      change.history.push({ kind: 'engaged', channel: d.channel });
      break;
    default:
      break;
  }
}

/** The facts a message needs (amounts and dates), from the account, for its step and template. */
export function messageFactsFor(
  account: Account,
  message: { stepId: string; template: string },
  playbook: Playbook,
  now: Date,
): MessageFacts | undefined {
  const { stepId } = message;
  if (message.template === VALIDATION_NOTICE_TEMPLATE) {
    const params = validationParamsFor(account.jurisdiction);
    if (params) return { validation: { disputeBy: disputeByDate(now.getTime(), params) } };
  }
  const plan = account.plan;
  if (plan) {
    const index = plan.instalments.findIndex(
      (_, i) => stepId === CARE_STEP.planReminder(plan.planId, i) || stepId === CARE_STEP.planMissed(plan.planId, i),
    );
    if (index >= 0) return { instalment: { amount: plan.instalments[index].amount, dueDate: plan.instalments[index].dueDate } };
  }
  const promise = account.promise;
  if (promise && stepId === CARE_STEP.promiseReminder(promise.promiseId)) {
    return { promise: { amount: cents(promise.amount - promise.paid), dueDate: promise.dueDate } };
  }
  const options = planOptions(account, playbook);
  return options.length ? { planOptions: options } : undefined;
}
