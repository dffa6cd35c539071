/**
 * What every customer action and provider report does to an account, as one pure function: the next
 * account state, PII-free facts for the audit trail, entries for the journey's history, and effects for
 * the handler to carry out (a reply on the same medium, a hand-off to a person, KPI counts). The
 * lifecycle, inbound-SMS and delivery-event handlers and the local runtime all apply events through it.
 */
import { cents } from './money';
import { CARE_STEP, careOf } from './care';
import type { ReplyClassification } from './conversations/classify';
import type { BillingEvent } from './events';
import type { Playbook } from './playbook';
import type { MessageFacts } from './templates';
import { customerMediumPermission } from './medium-permission';
import { paymentKey } from './cycles';
import { forbearanceDaysHeld, helpAnswerDue, planProblems, promiseProblems } from './bounds';
import { applyRestriction, markWrongNumber, PROTECTIVE_HANDOFF_REASON, recordLegalStatus, type OptOutFn } from './reply-protections';
import { DAY_MS } from './rules/time';
import { profileFor } from './rules/profile';
import { disputeByDate, VALIDATION_NOTICE_TEMPLATE } from './rules/validation-notice';
import type {
  Account,
  ActionSource,
  Channel,
  Complaint,
  DeliveryOutcome,
  Forbearance,
  HandoffOutcome,
  Instalment,
  PromiseToPay,
  VulnerabilityDriver,
} from './types';

export type LifecycleEvent =
  | Exclude<BillingEvent, { detailType: 'AccountOverdue' | 'PaymentDueSoon' }>
  | {
      detailType: 'ReplyReceived';
      detail: {
        accountId: string;
        channel: Channel;
        receivedAt: string;
        inboundMessageId: string;
        classification: ReplyClassification;
        /** The provider matched an opt-out or help keyword and answered it itself (its own auto-response). */
        answeredByProvider?: boolean;
      };
    }
  | { detailType: 'DeliveryReported'; detail: DeliveryReport & { accountId: string } };

/** What a provider said happened to one of our messages, normalised across SMS, voice and email. */
export interface DeliveryReport {
  channel: Channel;
  /** The MessageId SendTextMessage / SendVoiceMessage / SES SendEmail returned. */
  providerMessageId: string;
  outcome: DeliveryOutcome;
  /** e.g. TEXT_DELIVERED, VOICE_NO_ANSWER, Bounce */
  providerEventType: string;
  /** ISO-8601 UTC. */
  at: string;
  /** PII-free provider detail, e.g. 'Permanent/General' bounce type, 'UNREACHABLE' -- never addresses. */
  reason?: string;
}

/** PII-free facts about an event: ids, amounts, channels, codes. Never names, numbers, addresses or text. */
export type Facts = Record<string, string | number | boolean | string[]>;

/** Entries the journey's history gains (the ledger keeps them; decide() reads them). */
export type HistoryAddition =
  | { kind: 'inbound'; channel: Channel }
  /** The customer opened or clicked a message (the best-hour strategy learns from it). */
  | { kind: 'engaged'; channel: Channel }
  | { kind: 'conversation'; channel: Channel }
  | { kind: 'handoff-completed'; outcome: HandoffOutcome }
  | { kind: 'payment'; amount: number };

/** KPI counts (the handlers emit them as metrics of the same name). */
export type Kpi =
  | 'repliesReceived'
  | 'deliveryEvents'
  | 'optOuts'
  | 'handoffsCompleted'
  | 'disputesRaised'
  | 'complaintsReceived'
  | 'complaintResolutionHours'
  | 'promisesMade'
  | 'promisesKept'
  | 'plansAgreed'
  | 'plansCompleted'
  | 'hardshipReported'
  | 'surveyResponses'
  | 'surveyScore'
  | 'amountPaid';

export type LifecycleEffect =
  /** Answer the customer at once on the medium they used (one reply: 12 CFR 1006.6(b)(1) commentary). */
  | { type: 'reply'; channel: Channel; template: string; facts?: MessageFacts }
  /** Ask a person to take over (AgentHandoffRequested), unless one already has the account. */
  | { type: 'handoff'; reason: string }
  | { type: 'kpi'; kpi: Kpi; value?: number; dimensions?: Record<string, string> };

export interface LifecycleChange {
  account: Account;
  facts: Facts;
  history: HistoryAddition[];
  effects: LifecycleEffect[];
  /** Applying an event with this key twice has no second effect (a payment id, a message id ...). */
  dedupeKey?: string;
}

/** The event cannot be applied to this account (wrong currency, unknown plan ...): rejected and kept. */
export class LifecycleRejection extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('; '));
    this.name = 'LifecycleRejection';
  }
}

export interface LifecycleOptions {
  now: Date;
  /** The journey's playbook: its care settings and the plan offers a PLAN reply lists. */
  playbook: Playbook;
}

const HOUR_MS = 3_600_000;

/** Hand-off reasons a reply can give; the dispute one is the suppression rule's own, so decide() pauses rather than asks again. */
export const REPLY_HANDOFF_REASON = {
  dispute: 'dispute-pending-verification',
  complaint: 'complaint',
  'wants-person': 'customer-asked-for-person',
  'already-paid': 'customer-says-paid',
  other: 'reply-needs-a-person',
  promiseWithoutDate: 'promise-needs-a-date',
  planWithoutOffers: 'plan-requested',
} as const;

/** What each event's handler works on: the next account state, the change being built, and the moment. */
interface Reduction {
  account: Account;
  change: LifecycleChange;
  kpi: KpiFn;
  at: string;
  options: LifecycleOptions;
}

type DetailOf<K extends LifecycleEvent['detailType']> = Extract<LifecycleEvent, { detailType: K }>['detail'];
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

type KpiFn = (name: Kpi, value?: number, dimensions?: Record<string, string>) => void;

function setStatus(account: Account, status: Account['status'], at: string): void {
  if (account.status === status) return;
  account.status = status;
  if (status === 'overdue') delete account.resolvedAt;
  else account.resolvedAt ??= at;
}

/** Reduces the balance (never below zero) and credits an open promise and the plan's instalments in order. */
function applyPayment(account: Account, amount: number, paidAt: string, at: string, kpi: KpiFn): void {
  account.balance = Math.max(0, cents(account.balance - amount));
  if (account.balance <= 0 && account.status === 'overdue') setStatus(account, 'paid', at);

  const promise = account.promise;
  if (promise?.status === 'open') {
    promise.paid = cents(promise.paid + amount);
    if (promise.paid + 0.005 >= promise.amount || account.balance <= 0) {
      promise.status = 'kept';
      promise.settledAt = paidAt;
      kpi('promisesKept');
    }
  }

  const plan = account.plan;
  if (plan?.status === 'active') {
    let left = amount;
    for (const instalment of plan.instalments) {
      if (left <= 0) break;
      const owed = cents(instalment.amount - instalment.paid);
      if (owed <= 0) continue;
      const credit = Math.min(owed, left);
      instalment.paid = cents(instalment.paid + credit);
      left = cents(left - credit);
    }
    if (plan.instalments.every((x: Instalment) => x.paid + 0.005 >= x.amount) || account.balance <= 0) {
      plan.status = 'completed';
      plan.completedAt = paidAt;
      kpi('plansCompleted');
    }
  }
}

/** A dispute of the whole balance (amount absent) or a part, from now; an earlier verification no longer answers it. */
function openDispute(account: Account, raisedAt: string, disputedAmount: number | undefined, source: ActionSource, kpi: KpiFn): void {
  const compliance = { ...account.compliance, disputeOpenedAt: raisedAt };
  delete compliance.disputeVerifiedAt;
  if (disputedAmount === undefined) delete compliance.disputedAmount;
  else compliance.disputedAmount = disputedAmount;
  account.compliance = compliance;
  kpi('disputesRaised', 1, { source });
}

function makePromise(account: Account, p: Pick<PromiseToPay, 'promiseId' | 'amount' | 'dueDate' | 'madeAt' | 'source'>, kpi: KpiFn): void {
  account.promise = {
    promiseId: p.promiseId,
    amount: p.amount,
    dueDate: p.dueDate,
    madeAt: p.madeAt,
    source: p.source,
    paid: 0,
    status: 'open',
  };
  kpi('promisesMade', 1, { source: p.source });
}

/**
 * Hardship: support instead of reminders, with the agreed forbearance or the playbook's pause (held
 * until the journey's horizon at the latest: domain/bounds.ts); drivers are recorded as vulnerability.
 * Returns the forbearance days agreed and held.
 */
function reportHardship(
  account: Account,
  h: {
    reportedAt: string;
    source: ActionSource;
    drivers?: VulnerabilityDriver[];
    forbearance?: { kind: Forbearance['kind']; days: number; reducedAmount?: number };
  },
  playbook: Playbook,
  kpi: KpiFn,
): HeldForbearance {
  const agreedDays = h.forbearance?.days ?? careOf(playbook).hardshipPauseDays;
  const pauseDays = forbearanceDaysHeld(account, h.reportedAt, agreedDays);
  account.hardship = {
    reportedAt: h.reportedAt,
    source: h.source,
    ...(pauseDays > 0
      ? {
          forbearance: {
            kind: h.forbearance?.kind ?? 'pause',
            until: new Date(Date.parse(h.reportedAt) + pauseDays * DAY_MS).toISOString(),
            ...(h.forbearance?.reducedAmount !== undefined ? { reducedAmount: h.forbearance.reducedAmount } : {}),
          },
        }
      : {}),
  };
  if (h.drivers?.length) {
    const drivers = [...new Set([...(account.compliance?.vulnerability?.drivers ?? []), ...h.drivers])];
    account.compliance = {
      ...account.compliance,
      vulnerability: { ...account.compliance?.vulnerability, drivers, recordedAt: h.reportedAt },
    };
  }
  kpi('hardshipReported', 1, { source: h.source });
  return { agreedDays, heldDays: pauseDays };
}

interface HeldForbearance {
  agreedDays: number;
  heldDays: number;
}

/** Why a person takes over at once when the agreed forbearance outlasts what the journey can hold. */
export const FORBEARANCE_BEYOND_JOURNEY = 'forbearance-beyond-journey';

function handOffForbearanceBeyondJourney(change: LifecycleChange, forbearance: HeldForbearance): void {
  if (forbearance.heldDays >= forbearance.agreedDays) return;
  change.effects.push({ type: 'handoff', reason: FORBEARANCE_BEYOND_JOURNEY });
  change.facts.forbearanceDaysAgreed = forbearance.agreedDays;
}

function rejectIfAny(problems: string[]): void {
  if (problems.length) throw new LifecycleRejection(problems);
}

function optOut(account: Account, channel: Channel, at: string, by: string, kpi: KpiFn): boolean {
  const state = account.channels[channel];
  if (state.optedOut) return false;
  state.optedOut = true;
  const consent = account.customer.consent?.[channel];
  if (consent) consent.revokedAt ??= at;
  if (channel === 'sms' || channel === 'voice') {
    account.customer.consent = {
      ...account.customer.consent,
      [channel]: { ...(consent ?? { source: 'provided-for-account' }), revokedAt: consent?.revokedAt ?? at, revokedBy: by },
    };
  }
  kpi('optOuts', 1, { channel });
  return true;
}

function raiseComplaint(account: Account, complaint: Complaint, change: LifecycleChange, kpi: KpiFn): void {
  const complaints = (account.complaints ??= []);
  if (complaints.some((c) => c.complaintId === complaint.complaintId)) return;
  complaints.push(complaint);
  kpi('complaintsReceived', 1, { source: complaint.source });
  change.effects.push({ type: 'handoff', reason: REPLY_HANDOFF_REASON.complaint });
}

function answerSurvey(account: Account, score: number, answeredAt: string, kpi: KpiFn): boolean {
  if (account.survey?.answeredAt) return false;
  account.survey = { ...(account.survey ?? { trigger: 'resolution', channel: 'sms', sentAt: answeredAt }), answeredAt, score };
  kpi('surveyResponses');
  kpi('surveyScore', score);
  return true;
}

/** Plan choices for a PLAN reply: the playbook's plan lengths over the balance. */
export function planOptions(account: Account, playbook: Playbook): NonNullable<MessageFacts['planOptions']> {
  const lengths = playbook.offers?.planLengthsMonths ?? [];
  return lengths.filter((n) => n > 1).map((n) => ({ instalments: n, amount: Math.ceil((account.balance * 100) / n) / 100 }));
}

/** A reply may only be answered automatically while automated contact is allowed at all. */
function mayReply(account: Account, channel: Channel, at: string, options: { optedOutJustNow?: boolean } = {}): boolean {
  const c = account.compliance;
  const open = options.optedOutJustNow || customerMediumPermission(account, channel, new Date(at)).open;
  return account.status !== 'ceased' && open && !c?.attorney && !c?.bankruptcy && !c?.deceased;
}

/** What a reply's handling works on, with the two things most replies do: answer, and hand to a person. */
interface ReplyContext {
  account: Account;
  reply: ReplyDetail;
  options: LifecycleOptions;
  change: LifecycleChange;
  kpi: KpiFn;
  answer: (template: string, facts?: MessageFacts) => void;
  handoff: (reason: string) => void;
  optOutBy: OptOutFn;
}

type ReplyIntent = ReplyClassification['intent'];

/** Answers and hands off: the reply template, then the hand-off reason (none: answered only). */
const answerThenHandOff =
  (template: string, reason?: string) =>
  ({ answer, handoff }: ReplyContext) => {
    answer(template);
    if (reason) handoff(reason);
  };

function stopReply({ account, reply, change, kpi }: ReplyContext): void {
  const { channel, receivedAt, classification: c } = reply;
  // Opt out of this number at once; one confirmation with nothing else in it (FCC 24-24).
  if (
    optOut(account, channel, receivedAt, `reply:${c.matched ?? 'stop'}`, kpi) &&
    !reply.answeredByProvider &&
    mayReply(account, channel, receivedAt, { optedOutJustNow: true })
  ) {
    change.effects.push({ type: 'reply', channel, template: 'reply-stop-confirmation' });
  }
}

function helpReply({ account, reply, change, answer }: ReplyContext): void {
  // Answered at most once per interval (domain/bounds.ts); the others are recorded, not answered.
  if (helpAnswerDue(account, reply.receivedAt)) {
    answer('reply-help');
    account.helpAnsweredAt = reply.receivedAt;
  } else change.facts.unanswered = 'help-answered-recently';
}

function planReply({ account, options, answer, handoff }: ReplyContext): void {
  const choices = planOptions(account, options.playbook);
  if (choices.length > 0) return answer('reply-plan-options', { planOptions: choices });
  answer('reply-handoff');
  handoff(REPLY_HANDOFF_REASON.planWithoutOffers);
}

function promiseReply({ account, reply, change, kpi, answer, handoff }: ReplyContext): void {
  const { classification: c, receivedAt } = reply;
  const date = c.promise?.date;
  // A date beyond the promise horizon (domain/bounds.ts) is an arrangement for a person, as is none.
  if (!date || promiseProblems(account, { madeAt: receivedAt, dueDate: date }).length) {
    answer('reply-handoff');
    handoff(REPLY_HANDOFF_REASON.promiseWithoutDate);
    return;
  }
  const amount = Math.min(c.promise?.amount ?? account.balance, account.balance);
  if (amount <= 0) return;
  const promiseId = `reply-${reply.inboundMessageId}`.slice(0, 64);
  makePromise(account, { promiseId, amount, dueDate: date, madeAt: receivedAt, source: 'sms-reply' }, kpi);
  answer('reply-promise', { promise: { amount, dueDate: date } });
  change.facts.promiseDate = date;
  change.facts.promiseAmount = amount;
}

const protectiveReply = ({ account, reply, change, optOutBy }: ReplyContext) =>
  applyProtectiveReply(account, reply.classification.intent as ProtectiveIntent, reply, change, optOutBy);

/** One handling per reply intent; the compiler insists every intent has one. */
const REPLY_HANDLERS: Record<ReplyIntent, (r: ReplyContext) => void> = {
  stop: stopReply,
  help: helpReply,
  pay: answerThenHandOff('reply-pay'),
  plan: planReply,
  'survey-score': ({ account, reply, kpi }) => {
    if (reply.classification.score !== undefined) answerSurvey(account, reply.classification.score, reply.receivedAt, kpi);
  },
  'already-paid': answerThenHandOff('reply-already-paid', REPLY_HANDOFF_REASON['already-paid']),
  dispute: (r) => {
    openDispute(r.account, r.reply.receivedAt, undefined, 'sms-reply', r.kpi);
    answerThenHandOff('reply-dispute', REPLY_HANDOFF_REASON.dispute)(r);
  },
  hardship: ({ account, reply, options, change, kpi, answer }) => {
    const held = reportHardship(account, { reportedAt: reply.receivedAt, source: 'sms-reply' }, options.playbook, kpi);
    handOffForbearanceBeyondJourney(change, held);
    // The support message is the reply: the journey does not send it again.
    answer('hardship-support');
  },
  complaint: ({ account, reply, change, kpi, answer }) => {
    const complaintId = `reply-${reply.inboundMessageId}`.slice(0, 64);
    raiseComplaint(
      account,
      { complaintId, category: 'communication-tactics', source: 'sms-reply', receivedAt: reply.receivedAt },
      change,
      kpi,
    );
    answer('reply-complaint');
  },
  'wants-person': answerThenHandOff('reply-handoff', REPLY_HANDOFF_REASON['wants-person']),
  promise: promiseReply,
  'wrong-number': protectiveReply,
  'third-party': protectiveReply,
  attorney: protectiveReply,
  bankruptcy: protectiveReply,
  deceased: protectiveReply,
  'restrict-medium': protectiveReply,
  'restrict-time-or-place': protectiveReply,
  other: answerThenHandOff('reply-handoff', REPLY_HANDOFF_REASON.other),
};

function applyReply(account: Account, reply: ReplyDetail, options: LifecycleOptions, change: LifecycleChange, kpi: KpiFn): void {
  const { classification: c, channel, receivedAt } = reply;
  change.dedupeKey = `reply:${reply.inboundMessageId}`;
  change.history.push({ kind: 'inbound', channel });
  if (channel === 'sms') account.customer.textSafeHarbor = { ...account.customer.textSafeHarbor, lastCustomerTextAt: receivedAt };
  kpi('repliesReceived', 1, { intent: c.intent });
  change.facts = { channel, intent: c.intent, ruleId: c.ruleId, ...(c.matched ? { matched: c.matched.slice(0, 40) } : {}) };
  const context: ReplyContext = {
    account,
    reply,
    options,
    change,
    kpi,
    answer: (template, facts) => {
      if (!reply.answeredByProvider && mayReply(account, channel, receivedAt))
        change.effects.push({ type: 'reply', channel, template, ...(facts ? { facts } : {}) });
    },
    handoff: (reason) => change.effects.push({ type: 'handoff', reason }),
    optOutBy: (ch, by) => void optOut(account, ch, receivedAt, by, kpi),
  };
  REPLY_HANDLERS[c.intent](context);
  applyKeptIntents(account, reply, options, change, kpi, context.optOutBy);
}

type ReplyDetail = Extract<LifecycleEvent, { detailType: 'ReplyReceived' }>['detail'];

/**
 * Wrong party, legal status and contact limits: recorded, a person takes over where needed, and the
 * only reply is the note of a limit (never anything about the debt to someone who is not the customer).
 */
type ProtectiveIntent =
  'wrong-number' | 'third-party' | 'attorney' | 'bankruptcy' | 'deceased' | 'restrict-medium' | 'restrict-time-or-place';

function applyProtectiveReply(
  account: Account,
  intent: ProtectiveIntent,
  reply: ReplyDetail,
  change: LifecycleChange,
  optOut: OptOutFn,
): void {
  const { receivedAt, channel, classification: c } = reply;
  const handoff = (reason: string) => change.effects.push({ type: 'handoff', reason });
  switch (intent) {
    case 'wrong-number':
      markWrongNumber(account, receivedAt, optOut);
      handoff(PROTECTIVE_HANDOFF_REASON['wrong-number']);
      break;
    case 'third-party':
      handoff(PROTECTIVE_HANDOFF_REASON['third-party']);
      break;
    case 'attorney':
    case 'bankruptcy':
    case 'deceased':
      recordLegalStatus(account, intent, receivedAt);
      handoff(PROTECTIVE_HANDOFF_REASON[intent]);
      break;
    case 'restrict-medium':
    case 'restrict-time-or-place': {
      const read = applyRestriction(account, c.restriction, optOut);
      if (c.restriction?.place === 'work' || !read) handoff(PROTECTIVE_HANDOFF_REASON.unreadRestriction);
      if (read && !reply.answeredByProvider && mayReply(account, channel, receivedAt))
        change.effects.push({ type: 'reply', channel, template: 'reply-preference-noted' });
      change.facts.restriction = [
        ...(c.restriction?.channels ?? []),
        ...(c.restriction?.blockedTimes ?? []).map((t) => `${t.start}-${t.end}`),
      ];
      break;
    }
  }
}

/**
 * The intents kept beside the deciding one (the safety floor): their records are kept, without a second
 * reply and at most one hand-off. A STOP with "I already paid" opts out and hands the payment claim to a person; requests and
 * promises that would go on collecting are only listed in the facts.
 */
function applyKeptIntents(
  account: Account,
  reply: ReplyDetail,
  options: LifecycleOptions,
  change: LifecycleChange,
  kpi: KpiFn,
  optOut: OptOutFn,
): void {
  const { classification: c, receivedAt, channel } = reply;
  if (!c.also?.length) return;
  change.facts.also = c.also;
  for (const intent of c.also) {
    switch (intent) {
      case 'stop':
        optOut(channel, `reply:${c.matched ?? 'stop'}`);
        break;
      case 'dispute':
        openDispute(account, receivedAt, undefined, 'sms-reply', kpi);
        change.effects.push({ type: 'handoff', reason: REPLY_HANDOFF_REASON.dispute });
        break;
      case 'complaint':
        raiseComplaint(
          account,
          {
            complaintId: `reply-${reply.inboundMessageId}`.slice(0, 64),
            category: 'communication-tactics',
            source: 'sms-reply',
            receivedAt,
          },
          change,
          kpi,
        );
        break;
      case 'hardship':
        reportHardship(account, { reportedAt: receivedAt, source: 'sms-reply' }, options.playbook, kpi);
        break;
      case 'already-paid':
      case 'wants-person':
        // One hand-off per reply: a person already asked for sees the kept intents in the facts.
        if (!change.effects.some((e) => e.type === 'handoff'))
          change.effects.push({ type: 'handoff', reason: REPLY_HANDOFF_REASON[intent] });
        break;
      case 'wrong-number':
        markWrongNumber(account, receivedAt, optOut);
        break;
      case 'attorney':
      case 'bankruptcy':
      case 'deceased':
        recordLegalStatus(account, intent, receivedAt);
        break;
      case 'restrict-medium':
      case 'restrict-time-or-place':
        applyRestriction(account, c.restriction, optOut);
        break;
      default:
        break;
    }
  }
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
    const params = profileFor(account.jurisdiction).profile.validation?.params;
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
