/**
 * The pre-due stage of a journey: one friendly reminder a few days before a bill's due date, decided by
 * the same decide() and contact rules as any message (windows, caps, consent, opt-outs, best hour), and
 * nothing once the due date has come. The journey then ends; if the bill goes unpaid its AccountOverdue
 * opens the overdue cycle, which takes over what the customer told us (domain/pre-due/handover.ts).
 */
import { decide, type DecideInput } from '../decide';
import type { Playbook } from '../playbook';
import { profileForAccount } from '../rules/jurisdiction-overlays';
import { ceilToMinute, DAY_MS } from '../rules/time';
import type { Account } from '../types';
import type { Action, CloseReason, Decision, Reason } from '../decision-types';
import type { PreDue } from './playbook';

/** The reminder's step id: with the channel, the one message the pre-due stage may send. */
export const PRE_DUE_STEP_ID = 'pre-due-reminder';

const HOUR_MS = 3_600_000;
/** The reminder's day starts being due at 16:00 UTC (late morning in the Americas, afternoon in Europe). */
const REMINDER_HOUR_UTC = 16;
/**
 * 10:00 UTC on the due date is still the due date in every zone from UTC-10 to UTC+14: after it nothing
 * is sent, so no customer anywhere gets a "due on" reminder after the day it names.
 */
const CUTOFF_HOUR_UTC = 10;

const CLOSE_FOR_STATUS: Partial<Record<Account['status'], CloseReason>> = { paid: 'paid', closed: 'account-closed', ceased: 'ceased' };

const dayStart = (isoDate: string) => Date.parse(`${isoDate}T00:00:00Z`);

/** The instant after which the pre-due stage sends nothing. */
export function preDueCutoff(dueDate: string): Date {
  return new Date(dayStart(dueDate) + CUTOFF_HOUR_UTC * HOUR_MS);
}

/**
 * The journey's playbook reduced to the reminder: one friendly step due daysBeforeDue before the due
 * date, on text or email only (no call before anything is owed), no person at the end of it.
 */
export function reminderPlaybook(playbook: Playbook, preDue: PreDue, account: { dueDate: string; openedAt: string }): Playbook {
  const remindAt = dayStart(account.dueDate) - preDue.daysBeforeDue * DAY_MS + REMINDER_HOUR_UTC * HOUR_MS;
  const afterDays = Math.max(0, (remindAt - Date.parse(account.openedAt)) / DAY_MS);
  return {
    ...playbook,
    channelOrder: playbook.channelOrder.filter((c) => c !== 'voice'),
    steps: [{ id: PRE_DUE_STEP_ID, afterDays, template: preDue.template, tone: 'friendly', channel: 'preferred', offerPerson: false }],
    // The cadence "ends" a year after the reminder: the due-date cutoff always comes first.
    handOffAfterDays: 365,
    endOfCadence: undefined,
    segments: undefined,
    whenToOfferPerson: undefined,
    stopWhen: { maxMessages: 1 },
  };
}

/** Replaces the engine's action with the pre-due stage's own, its reason first and decisive. */
function overridden(decision: Decision, action: Action, reason: Reason): Decision {
  const others = decision.reasons.map((r) => ({ ...r, decisive: undefined }));
  return { ...decision, action, reasons: [{ ...reason, decisive: true }, ...others] };
}

function dueDatePassed(dueDate: string): Reason {
  return {
    ruleId: 'pre-due.due-date',
    effect: 'suppressed',
    detail: `the bill is due on ${dueDate}: nothing is sent before it is overdue once the due date has come; if it goes unpaid, the overdue journey takes over with what the customer told us`,
  };
}

/**
 * The pre-due stage's decision. The validation notice belongs to the first message about an overdue
 * debt, so the reminder is decided without it (it would turn a reminder into a collection notice); every
 * other contact rule of the account's profile applies.
 */
export function decidePreDue(input: DecideInput & { preDue: PreDue | undefined }): Decision {
  const { account, now, preDue } = input;
  const { profile, notes } = profileForAccount(account, input.collectorType);
  const reminder = preDue ? reminderPlaybook(input.playbook, preDue, account) : input.playbook;
  const decided = decide({ ...input, playbook: reminder, profile: { ...profile, validation: undefined } });
  const decision = { ...decided, reasons: [...notes, ...decided.reasons] };
  const cutoff = preDueCutoff(account.dueDate);
  if (!preDue && decision.action.type !== 'close') {
    return overridden(
      decision,
      { type: 'close', reason: 'playbook-complete' },
      {
        ruleId: 'pre-due.not-in-playbook',
        effect: 'suppressed',
        detail: `playbook ${input.playbook.id}@${input.playbook.version} has no preDue block: no reminder before the due date`,
      },
    );
  }
  if (now.getTime() >= cutoff.getTime()) {
    // A bill paid (or ended) before its due date closes as that, without the survey the engine would ask.
    const reason = CLOSE_FOR_STATUS[account.status] ?? 'playbook-complete';
    return decision.action.type === 'close' ? decision : overridden(decision, { type: 'close', reason }, dueDatePassed(account.dueDate));
  }
  if (decision.action.type === 'wait' && Date.parse(decision.action.until) > cutoff.getTime()) {
    const until = ceilToMinute(cutoff.getTime()).toISOString();
    return overridden(decision, { type: 'wait', until }, { ...dueDatePassed(account.dueDate), effect: 'deferred', until });
  }
  return decision;
}
