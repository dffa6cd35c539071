/**
 * decide(): the whole outreach policy as one pure function of (account, history, playbook, now).
 * It returns ONE action and the reasons for it, so every contact (and every non-contact) is explained
 * by named rules. Order: suppression -> journey state (handed off, failing) -> the playbook's next
 * step -> the contact rules (window -> counters -> channel checks) for each candidate channel.
 */
import { bestHour } from './best-hour';
import { voicemailName, type CollectorType } from './collector';
import { careDecision, closeWithSurvey, handedOffFor, handoffState, pauseWithPerson, type CareOutcome } from './care';
import type { Playbook, PlaybookStep } from './playbook';
import { templateThreatens } from './rules/content';
import { explainReasons } from './rules/explain';
import { buildContext, checkSuppression, evaluateChannel, type ChannelVerdict } from './rules/engine';
import type { CompiledProfile } from './rules/types';
import { profileForAccount } from './rules/jurisdiction-overlays';
import { minutesOf, type RuleSet } from './rules/rule-set';
import { isTimeBarred } from './rules/statute-of-limitations';
import { inValidationPeriod, validationNoticeDue, VALIDATION_NOTICE_TEMPLATE } from './rules/validation-notice';
import { ceilToMinute, DAY_MS } from './rules/time';
import type { RuleContext } from './rules/types';
import { instantAtLocal, isLocationUnknown, localTimeParts } from './time-zones';
import { CHANNELS, type Account, type Action, type Channel, type Decision, type HistoryEntry, type Reason } from './types';

export interface DecideInput {
  account: Account;
  history: readonly HistoryEntry[];
  playbook: Playbook;
  now: Date;
  ruleSet?: RuleSet;
  /** The jurisdiction profile; when absent, the one for account.jurisdiction (see rules/profile.ts). */
  profile?: CompiledProfile;
  /** The business zone, used only when nothing tells us where the customer may be. */
  businessTimeZone?: string;
  /** Who the deployment is (default: a debt collector, whom Regulation F binds). */
  collectorType?: CollectorType;
  /** The voicemail-safe business name (stage config), spoken instead of a creditor name that reveals the debt. */
  voicemailBusinessName?: string;
}

/** A first-party creditor is decided without the rules that bind debt collectors only: said once, as a reason. */
function collectorNote(collectorType: CollectorType | undefined, profile: CompiledProfile): Reason[] {
  if (collectorType !== 'first-party-creditor') return [];
  return [
    {
      ruleId: 'profile.collector',
      effect: 'allowed',
      detail: `decided as a first-party creditor: rules that bind debt collectors only are not applied; ${profile.version}`,
    },
  ];
}

/** The assumption made when nothing says where the customer is, as a reason of its own. */
function locationNote(account: DecideInput['account'], zones: readonly string[]): Reason[] {
  if (!isLocationUnknown(account.customer)) return [];
  return [
    {
      ruleId: 'location.unknown',
      effect: 'allowed',
      detail: `the customer's location is unknown (no stated zone, phone area code or address region): every zone they may be in is assumed (${zones.join(', ')})`,
    },
  ];
}

/** Outcomes that mean a step's message went out (or may have): the step is done. */
const DELIVERED = new Set(['sent', 'unconfirmed']);

export function decide(input: DecideInput): Decision {
  const ctx = buildContext(input);
  const { playbook, now } = input;
  // Which overlays applied and why, and a billing jurisdiction without a profile of its own: said as reasons.
  const profileNote: Reason[] = [
    ...(input.profile ? [] : profileForAccount(input.account, input.collectorType).notes),
    ...collectorNote(input.collectorType, ctx.profile),
    ...locationNote(input.account, ctx.timeZones),
  ];
  const decision = (action: Action, reasons: Reason[], nextAllowed?: Decision['nextAllowed']): Decision => ({
    action,
    reasons: explainReasons(action, [...profileNote, ...reasons], ctx.profile),
    decidedAt: now.toISOString(),
    playbookId: playbook.id,
    playbookVersion: playbook.version,
    ruleSetVersion: ctx.ruleSet.version,
    nextAllowed: nextAllowed ?? NONE_ALLOWED,
  });

  const fromCare = (outcome: CareOutcome, extra: Reason[] = []) =>
    decision(
      outcome.action,
      [...extra, ...outcome.reasons],
      outcome.action.type === 'wait' ? nextAllowedPerChannel(ctx, new Date(outcome.action.until)) : undefined,
    );

  const suppression = checkSuppression(ctx);
  if (suppression.suppressed) {
    const { close, until, escalate } = suppression.outcome;
    if (close) return fromCare(closeWithSurvey(ctx, playbook, close, suppression.reasons));
    if (until) {
      const at = ceilToMinute(until.getTime());
      return decision({ type: 'wait', until: at.toISOString() }, suppression.reasons, nextAllowedPerChannel(ctx, at));
    }
    const reason = escalate ?? 'suppressed';
    // A person was already asked for this, or has the account anyway: collection stays paused while
    // they work on it (escalating again would loop Decide -> Escalate without ever waiting).
    const open = handoffState(ctx.history);
    const asked = lastEscalation(ctx.history, reason) ?? (open.last && !open.completed ? open.last : undefined);
    if (asked) return fromCare(pauseWithPerson(ctx, playbook, asked.at, suppression.reasons[0].detail), suppression.reasons);
    return decision({ type: 'escalate', reason }, suppression.reasons);
  }

  const handoff = handoffState(ctx.history);
  // A hand-off for a suppression that has since cleared (verification sent) is over: the journey resumes.
  if (handoff.last && !handoff.completed && !RESUMES_WHEN_CLEARED.has(handoff.last.reason)) {
    return fromCare(pauseWithPerson(ctx, playbook, handoff.last.at, `handed to a person (${handoff.last.reason})`));
  }
  if (handoff.completed?.outcome === 'resolved') {
    return fromCare(
      closeWithSurvey(ctx, playbook, 'resolved-by-agent', [
        { ruleId: 'care.handoff-completed', effect: 'suppressed', detail: `a person resolved the account on ${handoff.completed.at}` },
      ]),
    );
  }
  if (handoff.completed?.outcome === 'keep') {
    return decision({ type: 'close', reason: 'handed-off' }, [
      { ruleId: 'care.handoff-completed', effect: 'suppressed', detail: `a person keeps the account (since ${handoff.completed.at})` },
    ]);
  }

  const cared = careDecision(ctx, playbook);
  if (cared) return fromCare(cared, suppression.reasons);

  const failures = trailingFailures(ctx.history);
  if (failures >= ctx.ruleSet.maxConsecutiveFailures) {
    return decision({ type: 'escalate', reason: 'repeated-failures' }, [
      {
        ruleId: 'journey.repeated-failures',
        effect: 'suppressed',
        detail: `${failures} failures in a row without a contact (limit ${ctx.ruleSet.maxConsecutiveFailures}); a person should look`,
      },
    ]);
  }

  // Channels evaluated at `now` while choosing the step are not evaluated again for nextAllowed.
  const atNow = new Map<Channel, ChannelVerdict>();
  const result = nextStep(ctx, playbook, atNow, input.voicemailBusinessName);
  return decision(result.action, [...suppression.reasons, ...result.reasons], nextAllowedPerChannel(ctx, now, atNow));
}

/** Hand-offs whose only purpose was a suppression (a person sends verification): over when it clears. */
const RESUMES_WHEN_CLEARED: ReadonlySet<string> = new Set(['dispute-pending-verification', 'original-creditor-request']);

const NONE_ALLOWED: Readonly<Record<Channel, null>> = Object.freeze({ sms: null, email: null, voice: null });

/**
 * Per channel, the earliest instant from `from` at which the contact rules allow it (the playbook's
 * cadence aside); null when a rule blocks the channel outright.
 */
export function nextAllowedPerChannel(
  ctx: RuleContext,
  from: Date,
  known?: ReadonlyMap<Channel, ChannelVerdict>,
): Record<Channel, string | null> {
  const out = {} as Record<Channel, string | null>;
  for (const channel of CHANNELS) {
    const verdict = known?.get(channel) ?? evaluateChannel(ctx, { channel, at: from });
    out[channel] =
      verdict.kind === 'allowed'
        ? from.toISOString()
        : verdict.kind === 'deferred'
          ? ceilToMinute(verdict.until.getTime()).toISOString()
          : null;
  }
  return out;
}

function lastEscalation(history: readonly HistoryEntry[], reason: string): Extract<HistoryEntry, { kind: 'escalated' }> | undefined {
  for (let i = history.length - 1; i >= 0; i--) {
    const h = history[i];
    if (h.kind === 'escalated' && h.reason === reason) return h;
  }
  return undefined;
}

/** Failures at the end of the history with nothing else after them. */
function trailingFailures(history: readonly HistoryEntry[]): number {
  let n = 0;
  for (let i = history.length - 1; i >= 0 && history[i].kind === 'failure'; i--) n++;
  return n;
}

interface Progress {
  /** Index of the first step with no delivered message; steps.length when all are done. */
  stepIndex: number;
  /** Channels already tried for the current step (any outcome): never chosen again for it. */
  attempted: Map<Channel, string>;
  /** Time (ms) and channel of the latest delivered contact, if any. */
  lastDelivered?: { at: number; channel: Channel };
}

function progress(ctx: RuleContext, playbook: Playbook): Progress {
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

function lastPaymentAfter(ctx: RuleContext, after: number): Extract<HistoryEntry, { kind: 'payment' }> | undefined {
  for (let i = ctx.history.length - 1; i >= 0 && ctx.historyTimes[i] >= after; i--) {
    const h = ctx.history[i];
    if (h.kind === 'payment') return h;
  }
  return undefined;
}

function days(n: number): string {
  return `${n} day${n === 1 ? '' : 's'}`;
}

/** The latest local time a best-hour wait may end at (and never past the contact window's end). */
const BEST_HOUR_LATEST_MINUTE = 20 * 60;
/** A best-hour wait is never longer than this. */
const BEST_HOUR_MAX_WAIT_MS = 10 * 3_600_000;

/**
 * When the customer stated no contact-time preference and usually engages at a later hour today (in
 * their first possible zone), the reason to wait until then; undefined to contact now. The wait ends
 * the same local day, before 20:00 and the contact window's end, at most 10 hours away, and only at an
 * instant the contact rules allow this channel.
 */
function bestHourWait(ctx: RuleContext, channel: Channel): (Reason & { until: string }) | undefined {
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
  if (evaluateChannel(ctx, { channel, at: target }).kind !== 'allowed') return undefined;
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
function endOfCadence(
  ctx: RuleContext,
  playbook: Playbook,
  lastDelivered: Progress['lastDelivered'],
): { action: Action; reasons: Reason[] } {
  const endAt = (lastDelivered?.at ?? Date.parse(ctx.account.openedAt)) + playbook.handOffAfterDays * DAY_MS;
  const end = playbook.endOfCadence ?? { action: 'hand-off' as const };
  const sent = `all ${playbook.steps.length} steps sent`;
  if (end.action === 'no-response') {
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
interface StepCheck {
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
const STEP_CHECKS: Array<(ctx: RuleContext, c: StepCheck) => Reason | undefined> = [
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
function contactNow(
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

function nextStep(
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
  const notYetDue = due.getTime() > now.getTime();
  const at = notYetDue ? due : now;
  const since = stepIndex === 0 ? 'the journey started' : 'the previous reminder';
  const stepLabel = `step ${stepIndex + 1} of ${playbook.steps.length} (${step.id})`;

  const reasons: Reason[] = [];
  if (notYetDue) {
    reasons.push({
      ruleId: 'playbook.cadence',
      effect: 'deferred',
      until: due.toISOString(),
      detail: `${stepLabel} is due ${days(step.afterDays)} after ${since}`,
    });
  }

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
    if (notYetDue) return { action: { type: 'wait', until: due.toISOString() }, reasons };
    return contactNow(ctx, check, lastDelivered, stepLabel, verdict.reasons, reasons);
  }

  reasons.push({
    ruleId: 'playbook.no-usable-channel',
    effect: 'suppressed',
    detail: `no channel in ${playbook.channelOrder.join(', ')} can be used for ${step.id}`,
  });
  return { action: { type: 'close', reason: 'no-usable-channel' }, reasons };
}

function firstDefined<T, R>(items: readonly T[], f: (item: T) => R | undefined): R | undefined {
  for (const item of items) {
    const r = f(item);
    if (r !== undefined) return r;
  }
  return undefined;
}
