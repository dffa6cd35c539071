/**
 * How the lifecycle answers a classified reply: one handler per intent in a map the compiler keeps
 * complete, the safety floor's protective handling first, and the other intents of the reply kept.
 */
import { LifecycleOptions, LifecycleChange, KpiFn, REPLY_HANDOFF_REASON, LifecycleEvent } from './lifecycle-types';
import { customerMediumPermission } from './medium-permission';
import type { MessageFacts } from './templates';
import { recordLegalStatus, PROTECTIVE_HANDOFF_REASON, markWrongNumber, applyRestriction, OptOutFn } from './reply-protections';
import type { Account, Channel } from './types';
import type { ReplyClassification } from './conversations/reply-reading';
import {
  handOffForbearanceBeyondJourney,
  answerSurvey,
  makePromise,
  openDispute,
  optOut,
  planOptions,
  reportHardship,
  raiseComplaint,
} from './lifecycle-account';
import { helpAnswerDue, promiseProblems } from './bounds';

/** A reply may only be answered automatically while automated contact is allowed at all. */
export function mayReply(account: Account, channel: Channel, at: string, options: { optedOutJustNow?: boolean } = {}): boolean {
  const c = account.compliance;
  const open = options.optedOutJustNow || customerMediumPermission(account, channel, new Date(at)).open;
  return account.status !== 'ceased' && open && !c?.attorney && !c?.bankruptcy && !c?.deceased;
}
/** What a reply's handling works on, with the two things most replies do: answer, and hand to a person. */
export interface ReplyContext {
  account: Account;
  reply: ReplyDetail;
  options: LifecycleOptions;
  change: LifecycleChange;
  kpi: KpiFn;
  answer: (template: string, facts?: MessageFacts) => void;
  handoff: (reason: string) => void;
  optOutBy: OptOutFn;
}
export type ReplyIntent = ReplyClassification['intent'];
/** Answers and hands off: the reply template, then the hand-off reason (none: answered only). */
export const answerThenHandOff =
  (template: string, reason?: string) =>
  ({ answer, handoff }: ReplyContext) => {
    answer(template);
    if (reason) handoff(reason);
  };
export function stopReply({ account, reply, change, kpi }: ReplyContext): void {
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
export function helpReply({ account, reply, change, answer }: ReplyContext): void {
  // Answered at most once per interval (domain/bounds.ts); the others are recorded, not answered.
  if (helpAnswerDue(account, reply.receivedAt)) {
    answer('reply-help');
    account.helpAnsweredAt = reply.receivedAt;
  } else change.facts.unanswered = 'help-answered-recently';
}
export function planReply({ account, options, answer, handoff }: ReplyContext): void {
  const choices = planOptions(account, options.playbook);
  if (choices.length > 0) return answer('reply-plan-options', { planOptions: choices });
  answer('reply-handoff');
  handoff(REPLY_HANDOFF_REASON.planWithoutOffers);
}
export function promiseReply({ account, reply, change, kpi, answer, handoff }: ReplyContext): void {
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
export const protectiveReply = ({ account, reply, change, optOutBy }: ReplyContext) =>
  applyProtectiveReply(account, reply.classification.intent as ProtectiveIntent, reply, change, optOutBy);
/** One handling per reply intent; the compiler insists every intent has one. */
export const REPLY_HANDLERS: Record<ReplyIntent, (r: ReplyContext) => void> = {
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
export function applyReply(account: Account, reply: ReplyDetail, options: LifecycleOptions, change: LifecycleChange, kpi: KpiFn): void {
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
export type ReplyDetail = Extract<LifecycleEvent, { detailType: 'ReplyReceived' }>['detail'];
/**
 * Wrong party, legal status and contact limits: recorded, a person takes over where needed, and the
 * only reply is the note of a limit (never anything about the debt to someone who is not the customer).
 */
export type ProtectiveIntent =
  'wrong-number' | 'third-party' | 'attorney' | 'bankruptcy' | 'deceased' | 'restrict-medium' | 'restrict-time-or-place';
export function applyProtectiveReply(
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
export function applyKeptIntents(
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
