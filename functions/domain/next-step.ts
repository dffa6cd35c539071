/**
 * Which step of the playbook comes next and on which channel, or why none may go now: the cadence's
 * progress, the per-step checks as rules with ids, the best hour, and the end of the cadence.
 */
import { minutesOf, evaluateChannel, isTimeBarred, inValidationPeriod, RuleContext, templateThreatens, type ChannelVerdict } from './rules';
import type { Playbook, PlaybookStep } from './playbook';
import type { Account, Channel, HistoryEntry } from './types';
import type { Action, Reason } from './decision-types';
import { bestHour } from './best-hour';
import { ceilToMinute, DAY_MS } from './rules/time';
import { earliestInsideWindow } from './rules/contact-window';
import { WINDOW_SEARCH_DAYS } from './rules/local-hours';
import { localTimeParts, instantAtLocal } from './zone-clock';
import { handedOffFor } from './care';
import { voicemailName } from './collector';
import { VALIDATION_NOTICE_TEMPLATE, validationNoticeDue } from './rules/validation-notice';

/** Contact outcomes that count as a message the customer got (or may have got). */
const DELIVERED = new Set(['sent', 'unconfirmed']);

export interface Progress {
  /** Index of the first step with no delivered message; steps.length when all are done. */
  stepIndex: number;
  /** Channels already tried for the current step (any outcome): never chosen again for it. */
  attempted: Map<Channel, string>;
  /** Time (ms) and channel of the latest delivered contact, if any. */
  lastDelivered?: { at: number; channel: Channel };
}
export function progress(ctx: RuleContext, playbook: Playbook): Progress {
  const deliveredSteps = new Set<string>();
  let lastDelivered: Progress['lastDelivered'];
  ctx.history.forEach((h, i) => {
    if (h.kind !== 'contact' || !DELIVERED.has(h.outcome)) return;
    deliveredSteps.add(h.stepId);
    lastDelivered = { at: ctx.historyTimes[i], channel: h.channel };
  });
  let stepIndex = playbook.steps.findIndex((s) => !deliveredSteps.has(s.id));
  if (stepIndex < 0) stepIndex = playbook.steps.length;
  const attempted = new Map<Channel, string>();
  const stepId = playbook.steps[stepIndex]?.id;
  for (const h of ctx.history) {
    if (h.kind === 'contact' && h.stepId === stepId) attempted.set(h.channel, h.outcome);
  }
  return { stepIndex, attempted, lastDelivered };
}
/** Channels to try for a step, best first; later ones are fallbacks when earlier ones are blocked. */
export function channelCandidates(step: PlaybookStep, playbook: Playbook, account: Account, lastChannel: Channel | undefined): Channel[] {
  const order = playbook.channelOrder;
  const startingWith = (first: Channel) => [first, ...order.filter((c) => c !== first)];
  if (step.channel === 'next' && lastChannel && order.includes(lastChannel)) {
    const i = order.indexOf(lastChannel);
    return [...order.slice(i + 1), ...order.slice(0, i + 1)];
  }
  if (step.channel === 'preferred' || step.channel === 'next') {
    const preferred = account.customer.preferredChannel;
    return startingWith(preferred && order.includes(preferred) ? preferred : order[0]);
  }
  return startingWith(step.channel);
}
/** The message a step sends instead of its own after a part payment. */
export const PARTIAL_PAYMENT_TEMPLATE = 'partial-payment-thanks';
export function lastPaymentAfter(ctx: RuleContext, after: number): Extract<HistoryEntry, { kind: 'payment' }> | undefined {
  for (let i = ctx.history.length - 1; i >= 0 && ctx.historyTimes[i] >= after; i--) {
    const h = ctx.history[i];
    if (h.kind === 'payment') return h;
  }
  return undefined;
}
export function days(n: number): string {
  return `${n} day${n === 1 ? '' : 's'}`;
}
/** The latest local time a best-hour wait may end at (and never past the contact window's end). */
export const BEST_HOUR_LATEST_MINUTE = 20 * 60;
/** A best-hour wait is never longer than this. */
export const BEST_HOUR_MAX_WAIT_MS = 10 * 3600000;
/**
 * When the customer stated no contact-time preference and usually engages at a later hour today (in
 * their first possible zone), the reason to wait until then; undefined to contact now. The wait ends
 * the same local day, before 20:00 and the contact window's end, at most 10 hours away, and only at an
 * instant the contact rules allow this channel.
 */
export function bestHourWait(ctx: RuleContext, channel: Channel): (Reason & { until: string }) | undefined {
  if (ctx.account.customer.blockedTimes?.length) return undefined;
  const zone = ctx.timeZones[0];
  const best = bestHour(ctx.personHistory, ctx.timeZones, ctx.now);
  if (!zone || !best) return undefined;
  const today = localTimeParts(ctx.now, zone);
  if (today.hour >= best.hour) return undefined;
  const minute = best.hour * 60;
  if (minute >= Math.min(BEST_HOUR_LATEST_MINUTE, minutesOf(ctx.ruleSet.contactWindow.end))) return undefined;
  const target = ceilToMinute(instantAtLocal(today, minute, zone).getTime());
  const wait = target.getTime() - ctx.now.getTime();
  if (wait <= 0 || wait > BEST_HOUR_MAX_WAIT_MS) return undefined;
  const then = localTimeParts(target, zone);
  if (then.year !== today.year || then.month !== today.month || then.day !== today.day) return undefined;
  if (evaluateChannel(ctx, { channel, at: target }, false).kind !== 'allowed') return undefined;
  const hh = `${best.hour < 10 ? '0' : ''}${best.hour}:00`;
  const until = target.toISOString();
  return {
    ruleId: 'strategy.best-hour',
    effect: 'deferred',
    channel,
    until,
    detail: `the customer usually engages around ${hh} (${best.support} of ${best.total} replies/opens): waiting until then`,
  };
}
/**
 * Every step sent and nothing resolved: wait handOffAfterDays after the last, then either hand the
 * account to a person or close the cycle as "no response" with the playbook's next step.
 */
export function endOfCadence(
  ctx: RuleContext,
  playbook: Playbook,
  lastDelivered: Progress['lastDelivered'],
): { action: Action; reasons: Reason[] } {
  const endAt = (lastDelivered?.at ?? Date.parse(ctx.account.openedAt)) + playbook.handOffAfterDays * DAY_MS;
  const end = playbook.endOfCadence ?? { action: 'hand-off' as const };
  const sent = `all ${playbook.steps.length} steps sent`;
  if (end.action === 'no-response' && !(end.handOffFromBalance !== undefined && ctx.account.balance >= end.handOffFromBalance)) {
    const detail = `${sent}; ${days(playbook.handOffAfterDays)} after the last with no response the cycle ends and the account goes to the next step: ${end.nextStep}`;
    if (ctx.now.getTime() >= endAt)
      return {
        action: { type: 'close', reason: 'no-response' },
        reasons: [{ ruleId: 'playbook.no-response', effect: 'suppressed', detail }],
      };
    const until = ceilToMinute(endAt).toISOString();
    return { action: { type: 'wait', until }, reasons: [{ ruleId: 'playbook.no-response', effect: 'deferred', until, detail }] };
  }
  const detail = `${sent}; a person takes over ${days(playbook.handOffAfterDays)} after the last`;
  if (ctx.now.getTime() >= endAt) {
    // A person already had the account after the last step and handed it back: the playbook is done.
    if (handedOffFor(ctx.history, 'playbook-hand-off')) {
      return {
        action: { type: 'close', reason: 'playbook-complete' },
        reasons: [{ ruleId: 'playbook.hand-off', effect: 'suppressed', detail: `${detail}; a person already had it` }],
      };
    }
    return {
      action: { type: 'escalate', reason: 'playbook-hand-off' },
      reasons: [{ ruleId: 'playbook.hand-off', effect: 'allowed', detail }],
    };
  }
  const until = ceilToMinute(endAt).toISOString();
  return { action: { type: 'wait', until }, reasons: [{ ruleId: 'playbook.hand-off', effect: 'deferred', until, detail }] };
}
/** What a step's checks on one channel need besides the rule context. */
export interface StepCheck {
  step: Playbook['steps'][number];
  channel: Channel;
  at: Date;
  previous: string | undefined;
  notice: boolean;
  voicemailBusinessName: string | undefined;
}
/**
 * The checks on a step's content and the channel it would go on, before the contact rules: each has its
 * rule id and blocks the channel for this step when it fails. The first that fails is the reason.
 */
export const STEP_CHECKS: Array<(ctx: RuleContext, c: StepCheck) => Reason | undefined> = [
  (_ctx, { step, channel, previous }) =>
    previous
      ? {
          ruleId: 'playbook.step-once',
          effect: 'blocked',
          channel,
          detail: `${step.id} was already attempted on ${channel} (${previous}); a step is sent at most once per channel`,
        }
      : undefined,
  (ctx, { step, channel }) => {
    if (ctx.profile.legalThreatPatterns.length === 0 || !isTimeBarred(ctx)) return undefined;
    const phrase = templateThreatens(step.template, channel, ctx.profile.legalThreatPatterns);
    if (!phrase) return undefined;
    return {
      ruleId: ctx.profile.timeBarredRuleId ?? 'content.legal-threat',
      effect: 'blocked',
      channel,
      detail: `the ${channel} message ${step.template} says "${phrase}": never used for a time-barred debt`,
    };
  },
  (ctx, { step, channel, at }) => {
    const validation = ctx.profile.validation;
    if (!validation) return undefined;
    const phrase = templateThreatens(step.template, channel, validation.overshadowingPatterns);
    const period = phrase ? inValidationPeriod(ctx, validation.params, at.getTime()) : undefined;
    if (!phrase || !period?.inside) return undefined;
    const until = period.end !== undefined ? ` (until ${new Date(period.end).toISOString()})` : ' (no notice recorded yet)';
    return {
      ruleId: validation.ruleId,
      effect: 'blocked',
      channel,
      detail: `the ${channel} message ${step.template} says "${phrase}", which overshadows the validation notice: not used during the validation period${until}`,
    };
  },
  // The validation notice goes with the first message that can carry it (never a voicemail).
  (ctx, { channel, notice }) =>
    notice && channel === 'voice'
      ? {
          ruleId: ctx.profile.validation!.ruleId,
          effect: 'blocked',
          channel,
          detail: 'the validation notice is due and a voicemail cannot carry it',
        }
      : undefined,
  (ctx, { channel, voicemailBusinessName }) => {
    const spoken = channel === 'voice' ? voicemailName(ctx.account.creditorName, voicemailBusinessName) : undefined;
    if (!spoken || spoken.ok) return undefined;
    return {
      ruleId: 'voicemail.limited-content',
      effect: 'blocked',
      channel,
      detail: `no voicemail: ${spoken.problem}; a voicemail may not reveal that the caller collects debts (12 CFR 1006.2(j))`,
    };
  },
];
/** The step may go now on this channel: the message it is (the notice, a thank-you, or the step's own), or a wait for the best hour. */
export function contactNow(
  ctx: RuleContext,
  c: StepCheck,
  lastDelivered: Progress['lastDelivered'],
  stepLabel: string,
  ruleReasons: Reason[],
  reasons: Reason[],
): { action: Action; reasons: Reason[] } {
  const { step, channel, notice } = c;
  // A part payment since our last message: this one thanks the customer for it first.
  const paidSince = lastPaymentAfter(ctx, lastDelivered?.at ?? Date.parse(ctx.account.openedAt));
  reasons.push({ ruleId: 'playbook.step', effect: 'allowed', channel, detail: `${stepLabel} is due; tone ${step.tone}` });
  // An ordinary step (no notice or thanks to carry) waits for the hour the customer usually engages.
  const best = notice || paidSince ? undefined : bestHourWait(ctx, channel);
  if (best) {
    reasons.push(best);
    return { action: { type: 'wait', until: best.until }, reasons };
  }
  reasons.push(...ruleReasons);
  if (notice) {
    reasons.push({
      ruleId: ctx.profile.validation!.ruleId,
      effect: 'allowed',
      channel,
      detail: 'this first message carries the validation notice (12 CFR 1006.34): the amount, the creditor and the right to dispute',
    });
    return { action: { type: 'contact', stepId: step.id, channel, template: VALIDATION_NOTICE_TEMPLATE, tone: step.tone }, reasons };
  }
  if (paidSince) {
    reasons.push({
      ruleId: 'care.partial-payment',
      effect: 'allowed',
      channel,
      detail: `${paidSince.amount} paid on ${paidSince.at}: the message thanks the customer and shows what is left`,
    });
    return { action: { type: 'contact', stepId: step.id, channel, template: PARTIAL_PAYMENT_TEMPLATE, tone: 'friendly' }, reasons };
  }
  return { action: { type: 'contact', stepId: step.id, channel, template: step.template, tone: step.tone }, reasons };
}
export function nextStep(
  ctx: RuleContext,
  playbook: Playbook,
  atNow: Map<Channel, ChannelVerdict>,
  voicemailBusinessName: string | undefined,
): { action: Action; reasons: Reason[] } {
  const { now, account } = ctx;
  const { stepIndex, attempted, lastDelivered } = progress(ctx, playbook);

  if (stepIndex >= playbook.steps.length) return endOfCadence(ctx, playbook, lastDelivered);

  const step = playbook.steps[stepIndex];
  const anchor = stepIndex === 0 || !lastDelivered ? Date.parse(account.openedAt) : lastDelivered.at;
  const due = ceilToMinute(anchor + step.afterDays * DAY_MS);
  const since = stepIndex === 0 ? 'the journey started' : 'the previous reminder';
  const stepLabel = `step ${stepIndex + 1} of ${playbook.steps.length} (${step.id})`;

  const reasons: Reason[] = [];
  if (due.getTime() > now.getTime()) {
    reasons.push({
      ruleId: 'playbook.cadence',
      effect: 'deferred',
      until: due.toISOString(),
      detail: `${stepLabel} is due ${days(step.afterDays)} after ${since}`,
    });
  }
  const at = insideSendHours(ctx, playbook, due.getTime() > now.getTime() ? due : now, reasons);
  const notYetDue = at.getTime() > now.getTime();

  const validation = ctx.profile.validation;
  const notice = validation !== undefined && validationNoticeDue(ctx, validation.params);
  for (const channel of channelCandidates(step, playbook, account, lastDelivered?.channel)) {
    const check: StepCheck = { step, channel, at, previous: attempted.get(channel), notice, voicemailBusinessName };
    const failed = firstDefined(STEP_CHECKS, (rule) => rule(ctx, check));
    if (failed) {
      reasons.push(failed);
      continue;
    }
    const verdict = evaluateChannel(ctx, { channel, at });
    if (at === now) atNow.set(channel, verdict);
    if (verdict.kind === 'blocked') {
      reasons.push(...verdict.reasons);
      continue;
    }
    if (verdict.kind === 'deferred') {
      reasons.push(...verdict.reasons);
      return { action: { type: 'wait', until: ceilToMinute(verdict.until.getTime()).toISOString() }, reasons };
    }
    if (notYetDue) return { action: { type: 'wait', until: at.toISOString() }, reasons };
    return contactNow(ctx, check, lastDelivered, stepLabel, verdict.reasons, reasons);
  }

  const end = playbook.endOfCadence;
  // Nothing reaches the customer (bounced, invalid, no consent): a playbook that ends unanswered cycles
  // as no response sends them to its next step (a letter needs no consent), not to nowhere.
  const next =
    end?.action === 'no-response' ? `; the cycle ends as no response and the account goes to the next step: ${end.nextStep}` : '';
  reasons.push({
    ruleId: 'playbook.no-usable-channel',
    effect: 'suppressed',
    detail: `no channel in ${playbook.channelOrder.join(', ')} can be used for ${step.id}${next}`,
  });
  return { action: { type: 'close', reason: next ? 'no-response' : 'no-usable-channel' }, reasons };
}
/**
 * The first instant from `from` inside the playbook's own sending hours in every zone the customer may
 * be in (a reason added when that is later); `from` itself without sendHours, or when the zones' hours
 * never overlap (the legal window's rules then decide).
 */
export function insideSendHours(ctx: RuleContext, playbook: Playbook, from: Date, reasons: Reason[]): Date {
  const hours = playbook.sendHours;
  if (!hours) return from;
  const window = { startMinute: minutesOf(hours.start), endMinute: minutesOf(hours.end) };
  const opening = earliestInsideWindow(from, ctx.timeZones, window, WINDOW_SEARCH_DAYS);
  if (!opening || opening.getTime() <= from.getTime()) return from;
  const until = ceilToMinute(opening.getTime());
  reasons.push({
    ruleId: 'playbook.send-hours',
    effect: 'deferred',
    until: until.toISOString(),
    detail: `the playbook sends its steps between ${hours.start} and ${hours.end} local time`,
  });
  return until;
}
export function firstDefined<T, R>(items: readonly T[], f: (item: T) => R | undefined): R | undefined {
  for (const item of items) {
    const r = f(item);
    if (r !== undefined) return r;
  }
  return undefined;
}
