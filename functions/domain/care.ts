/**
 * Care: what the journey does once the customer has talked to us or a person has the account. A
 * person owning the account, an open complaint, a payment plan, reported hardship and a promise to pay
 * each replace the playbook's reminders with something kinder and more specific -- a reminder before
 * an instalment, support and free advice instead of payment requests, quiet until a promised date --
 * and a resolution ends with one satisfaction question. Pure: decide() calls it.
 */
import { DEFAULT_CARE, type Care, type Playbook } from './playbook';
import { checkSuppression, evaluateChannel } from './rules/engine';
import { ceilToMinute, DAY_MS } from './rules/time';
import { pauseRestsUntil } from './pause-end';
import type { RuleContext } from './rules/types';
import type { Channel, HistoryEntry, Instalment } from './types';
import type { Action, CloseReason, Reason } from './decision-types';

export interface CareOutcome {
  action: Action;
  reasons: Reason[];
}

const HOUR_MS = 3_600_000;

export const careOf = (playbook: Playbook): Care => playbook.care ?? DEFAULT_CARE;

/** Step ids of the messages care sends: each is sent at most once (the send claim is per step id). */
/** The kinds of care message, as the prefixes of their step ids. */
export const CARE_KIND = {
  survey: 'survey-',
  promiseReminder: 'promise-reminder-',
  planReminder: 'plan-reminder-',
  planMissed: 'plan-missed-',
  hardshipSupport: 'hardship-support-',
} as const;

export const CARE_STEP = {
  survey: (trigger: 'resolution' | 'handoff') => `${CARE_KIND.survey}${trigger}`,
  promiseReminder: (promiseId: string) => `${CARE_KIND.promiseReminder}${promiseId}`,
  planReminder: (planId: string, index: number) => `${CARE_KIND.planReminder}${planId}-${index + 1}`,
  planMissed: (planId: string, index: number) => `${CARE_KIND.planMissed}${planId}-${index + 1}`,
  hardshipSupport: (reportedAt: string) => `${CARE_KIND.hardshipSupport}${reportedAt.slice(0, 10)}`,
} as const;

/** Whether a step id is one of care's own messages rather than a playbook step. */
export const isCareStep = (stepId: string) => Object.values(CARE_KIND).some((prefix) => stepId.startsWith(prefix));

/** The first moment after a calendar date (YYYY-MM-DD) has ended everywhere the customer may be. */
const endOfDay = (isoDate: string) => Date.parse(`${isoDate}T00:00:00Z`) + DAY_MS + 14 * HOUR_MS;
const startOfDay = (isoDate: string) => Date.parse(`${isoDate}T00:00:00Z`);

function attempted(history: readonly HistoryEntry[], stepId: string): Extract<HistoryEntry, { kind: 'contact' }> | undefined {
  for (let i = history.length - 1; i >= 0; i--) {
    const h = history[i];
    if (h.kind === 'contact' && h.stepId === stepId) return h;
  }
  return undefined;
}

const wait = (until: number, reason: Omit<Reason, 'until'>): CareOutcome => {
  const at = ceilToMinute(until).toISOString();
  return { action: { type: 'wait', until: at }, reasons: [{ ...reason, until: at }] };
};

/**
 * Sends a care message on the best channel the rules allow now (the one the customer last used first),
 * or waits for one that is deferred; undefined when no channel can carry it.
 */
function careContact(
  ctx: RuleContext,
  playbook: Playbook,
  message: { stepId: string; template: string; tone: 'friendly' | 'clear' | 'supportive'; channels?: readonly Channel[] },
  reason: Reason,
): CareOutcome | undefined {
  const { history, account, now } = ctx;
  if (attempted(history, message.stepId)) return undefined;
  const lastInbound = [...history].reverse().find((h) => h.kind === 'inbound')?.channel;
  const preferred = account.customer.preferredChannel;
  const order = [lastInbound, preferred, ...playbook.channelOrder].filter(
    (c, i, all): c is Channel => c !== undefined && all.indexOf(c) === i && (message.channels ?? playbook.channelOrder).includes(c),
  );
  const reasons: Reason[] = [reason];
  let earliest: { until: Date; reasons: Reason[] } | undefined;
  for (const channel of order) {
    const verdict = evaluateChannel(ctx, { channel, at: now });
    if (verdict.kind === 'allowed') {
      return {
        action: { type: 'contact', stepId: message.stepId, channel, template: message.template, tone: message.tone },
        reasons: [...reasons, ...verdict.reasons],
      };
    }
    if (verdict.kind === 'deferred' && (!earliest || verdict.until < earliest.until)) earliest = verdict;
    if (verdict.kind === 'blocked') reasons.push(...verdict.reasons);
  }
  if (earliest) {
    return {
      action: { type: 'wait', until: ceilToMinute(earliest.until.getTime()).toISOString() },
      reasons: [...reasons, ...earliest.reasons],
    };
  }
  return undefined;
}

// ------------------------------------------------------------------ resolution and the survey

/**
 * The journey is about to close because the account was resolved: ask the one satisfaction question
 * first (when the playbook asks it, the customer heard from us, and a channel allows it within two
 * days), then close.
 */
export function closeWithSurvey(ctx: RuleContext, playbook: Playbook, close: CloseReason, reasons: Reason[]): CareOutcome {
  const closing: CareOutcome = { action: { type: 'close', reason: close }, reasons };
  const care = careOf(playbook);
  const trigger = close === 'resolved-by-agent' ? 'handoff' : close === 'paid' || close === 'plan-completed' ? 'resolution' : undefined;
  if (!care.survey || !trigger || ctx.account.survey) return closing;
  // Only when nothing but the resolution stops contact (no representative, bankruptcy, cease ...).
  const asIfOpen = { ...ctx, account: { ...ctx.account, status: 'overdue' as const, balance: Math.max(ctx.account.balance, 0.01) } };
  if (checkSuppression(asIfOpen).suppressed) return closing;
  const heardFromUs = ctx.history.some((h) => h.kind === 'contact' && h.outcome === 'sent' && !h.consented);
  if (!heardFromUs) return closing;
  const stepId = CARE_STEP.survey(trigger);
  if (attempted(ctx.history, stepId)) return closing;
  const survey = careContact(
    ctx,
    playbook,
    { stepId, template: 'survey', tone: 'friendly', channels: ['sms', 'email'] },
    { ruleId: 'care.survey', effect: 'allowed', detail: `resolved (${close}): one short satisfaction question before the journey ends` },
  );
  if (!survey) return closing;
  if (survey.action.type === 'wait' && Date.parse(survey.action.until) - ctx.now.getTime() > 2 * DAY_MS) return closing;
  return { action: survey.action, reasons: [...reasons, ...survey.reasons] };
}

// ------------------------------------------------------------------ people

export interface HandoffState {
  /** The latest hand-off, if any. */
  last?: Extract<HistoryEntry, { kind: 'escalated' }>;
  /** When the person finished with it (absent: they still have it). */
  completed?: Extract<HistoryEntry, { kind: 'handoff-completed' }>;
}

export function handoffState(history: readonly HistoryEntry[]): HandoffState {
  let last: HandoffState['last'];
  let completed: HandoffState['completed'];
  for (const h of history) {
    if (h.kind === 'escalated') {
      last = h;
      completed = undefined;
    } else if (h.kind === 'handoff-completed' && last) {
      completed = h;
    }
  }
  return { last, completed };
}

/** Whether a person was already asked to take over for this reason in this cycle. */
export const handedOffFor = (history: readonly HistoryEntry[], reason: string) =>
  history.some((h) => h.kind === 'escalated' && h.reason === reason);

/**
 * Automated outreach pauses while a person owns the account, and leaves it with them after
 * handoffTimeoutDays. The journey rests until then (pause-end.ts: sooner only when time alone could
 * change this decision): the person finishing, and every other change that could end or alter the
 * pause, wakes it at once (journey-wake.ts).
 */
export function pauseWithPerson(ctx: RuleContext, playbook: Playbook, since: string, why: string): CareOutcome {
  const care = careOf(playbook);
  const timeout = Date.parse(since) + care.handoffTimeoutDays * DAY_MS;
  if (ctx.now.getTime() >= timeout) {
    return {
      action: { type: 'close', reason: 'handed-off' },
      reasons: [
        {
          ruleId: 'care.with-a-person',
          effect: 'suppressed',
          detail: `${why}; a person has had the account since ${since}: after ${care.handoffTimeoutDays} days it stays with them`,
        },
      ],
    };
  }
  return wait(pauseRestsUntil(ctx, care, timeout), {
    ruleId: 'care.with-a-person',
    effect: 'suppressed',
    detail: `${why}: no automated messages while a person has the account (since ${since})`,
  });
}

// ------------------------------------------------------------------ complaints, plans, hardship, promises

/** Everything care decides after the suppression rules let the journey go on; undefined: the playbook runs. */
export function careDecision(ctx: RuleContext, playbook: Playbook): CareOutcome | undefined {
  const care = careOf(playbook);
  return (
    complaintDecision(ctx, care) ??
    planOutcome(ctx, playbook, care) ??
    hardshipDecision(ctx, playbook) ??
    promiseDecision(ctx, playbook, care)
  );
}

/**
 * An open complaint rests this long at most without an event. Its resolution wakes the journey at once
 * (journey-wake.ts), so this is only the backstop for one that never reaches it (a wake-up that fails
 * is logged, not retried). Four weeks: inside the eight weeks a firm has for its final response (FCA
 * DISP 1.6.2R) and the 60 days in which the CFPB expects a complaint closed, so a lost resolution is
 * seen before the complaint could properly still be open. Looking later never sends anything sooner:
 * while the complaint is open nothing is asked for.
 */
export const COMPLAINT_REST_DAYS = 28;

/** An open complaint pauses payment requests until it is resolved. */
function complaintDecision(ctx: RuleContext, care: Care): CareOutcome | undefined {
  const t = ctx.now.getTime();
  const openComplaint = ctx.account.complaints?.find((c) => !c.resolvedAt && Date.parse(c.receivedAt) <= t);
  if (!openComplaint) return undefined;
  return wait(pauseRestsUntil(ctx, care, t + COMPLAINT_REST_DAYS * DAY_MS), {
    ruleId: 'care.complaint-open',
    effect: 'suppressed',
    detail: `a complaint received ${openComplaint.receivedAt} (${openComplaint.category}) is open: no payment requests until it is resolved`,
  });
}

function planOutcome(ctx: RuleContext, playbook: Playbook, care: Care): CareOutcome | undefined {
  const plan = ctx.account.plan;
  if (plan?.status === 'completed') {
    return closeWithSurvey(ctx, playbook, 'plan-completed', [
      { ruleId: 'care.plan-completed', effect: 'suppressed', detail: `every instalment of plan ${plan.planId} is paid` },
    ]);
  }
  if (plan?.status === 'active') return planDecision(ctx, playbook, care, plan.planId, plan.instalments);
  return undefined;
}

/** Hardship: support once, quiet through the forbearance, then a person reviews (never more reminders). */
function hardshipDecision(ctx: RuleContext, playbook: Playbook): CareOutcome | undefined {
  const hardship = ctx.account.hardship;
  const t = ctx.now.getTime();
  if (!hardship || Date.parse(hardship.reportedAt) > t) return undefined;
  const support = careContact(
    ctx,
    playbook,
    { stepId: CARE_STEP.hardshipSupport(hardship.reportedAt), template: 'hardship-support', tone: 'supportive' },
    {
      ruleId: 'care.hardship',
      effect: 'allowed',
      detail: `hardship reported ${hardship.reportedAt}: support, a plan offer and free advice instead of reminders`,
    },
  );
  const alreadySupported = ctx.history.some(
    (h) => h.kind === 'contact' && h.template === 'hardship-support' && Date.parse(h.at) >= Date.parse(hardship.reportedAt),
  );
  if (support && !alreadySupported) return support;
  const forbearance = hardship.forbearance;
  if (forbearance && Date.parse(forbearance.until) > t) {
    return wait(Date.parse(forbearance.until), {
      ruleId: 'care.hardship-forbearance',
      effect: 'suppressed',
      detail: `${forbearance.kind === 'pause' ? 'a pause' : 'reduced payments'} agreed for hardship until ${forbearance.until}: no payment requests`,
    });
  }
  if (handedOffFor(ctx.history, 'hardship-review')) return undefined;
  return {
    action: { type: 'escalate', reason: 'hardship-review' },
    reasons: [
      {
        ruleId: 'care.hardship-review',
        effect: 'suppressed',
        detail: 'hardship without a plan after the forbearance: a person reviews the arrangement, not more reminders',
      },
    ],
  };
}

/** A promise keeps the journey quiet until its date and a grace period; a broken one gets one kind reminder. */
function promiseDecision(ctx: RuleContext, playbook: Playbook, care: Care): CareOutcome | undefined {
  const promise = ctx.account.promise;
  const t = ctx.now.getTime();
  if (promise?.status !== 'open' || Date.parse(promise.madeAt) > t) return undefined;
  const due = endOfDay(promise.dueDate) + care.promiseGraceDays * DAY_MS;
  if (t < due) {
    return wait(due, {
      ruleId: 'care.promise',
      effect: 'suppressed',
      detail: `the customer promised ${promise.amount} by ${promise.dueDate}: quiet until then`,
    });
  }
  return careContact(
    ctx,
    playbook,
    { stepId: CARE_STEP.promiseReminder(promise.promiseId), template: 'promise-reminder', tone: 'friendly' },
    {
      ruleId: 'care.promise-broken',
      effect: 'allowed',
      detail: `the promise for ${promise.dueDate} was not kept (${promise.paid} of ${promise.amount} paid): one kind reminder`,
    },
  );
}

/** Instalments nudged as missed in this cycle's history (any plan): each is one miss. */
const missesNudged = (history: readonly HistoryEntry[]) =>
  history.filter((h) => h.kind === 'contact' && h.stepId.startsWith(CARE_KIND.planMissed)).length;

function planDecision(
  ctx: RuleContext,
  playbook: Playbook,
  care: Care,
  planId: string,
  instalments: readonly Instalment[],
): CareOutcome | undefined {
  const t = ctx.now.getTime();
  const index = instalments.findIndex((x) => x.paid + 0.005 < x.amount);
  const next = instalments[index];
  const label = `instalment ${index + 1} of ${instalments.length} (${next.amount} due ${next.dueDate})`;
  // Reminders go out in the morning (14:00 UTC is 09:00 in New York; the window rules move it for later zones).
  const remindAt = startOfDay(next.dueDate) - care.planReminderDaysBefore * DAY_MS + 14 * HOUR_MS;
  const missedAt = endOfDay(next.dueDate) + care.missedInstalmentGraceDays * DAY_MS;

  if (t < missedAt) {
    if (care.planReminderDaysBefore > 0 && t >= remindAt) {
      const reminder = careContact(
        ctx,
        playbook,
        { stepId: CARE_STEP.planReminder(planId, index), template: 'plan-reminder', tone: 'friendly' },
        { ruleId: 'care.plan-reminder', effect: 'allowed', detail: `payment plan ${planId}: a reminder before ${label}` },
      );
      if (reminder) return reminder;
    }
    const until = care.planReminderDaysBefore > 0 && t < remindAt ? remindAt : missedAt;
    return wait(until, {
      ruleId: 'care.plan',
      effect: 'suppressed',
      detail: `on payment plan ${planId}: next is ${label}; no other reminders`,
    });
  }

  const nudgeStep = CARE_STEP.planMissed(planId, index);
  const nudged = attempted(ctx.history, nudgeStep);
  if (!nudged) {
    const nudge = careContact(
      ctx,
      playbook,
      { stepId: nudgeStep, template: 'plan-missed', tone: 'supportive' },
      { ruleId: 'care.plan-missed', effect: 'allowed', detail: `payment plan ${planId}: ${label} was missed; one gentle nudge` },
    );
    if (nudge) return nudge;
  }
  const handOffAt = (nudged ? Date.parse(nudged.at) : missedAt) + care.missedInstalmentHandOffDays * DAY_MS;
  const reason = 'plan-missed-instalment';
  // Not yet the miss a person takes: the playbook carries on (the nudge offered the portal and the number).
  if (t >= handOffAt && nudged && missesNudged(ctx.history) < care.personOnMissedInstalment) return undefined;
  if (t >= handOffAt && !handedOffFor(ctx.history, reason)) {
    return {
      action: { type: 'escalate', reason },
      reasons: [
        {
          ruleId: 'care.plan-missed',
          effect: 'suppressed',
          detail: `payment plan ${planId}: ${label} is still unpaid after a nudge; a person talks it through`,
        },
      ],
    };
  }
  if (t >= handOffAt) return pauseWithPerson(ctx, playbook, new Date(handOffAt).toISOString(), `payment plan ${planId}: ${label} missed`);
  return wait(handOffAt, {
    ruleId: 'care.plan-missed',
    effect: 'suppressed',
    detail: `payment plan ${planId}: ${label} missed and nudged; a person looks if it stays unpaid`,
  });
}
