/**
 * Validation notice (12 CFR 1006.34): sent with the first communication or within 5 days of it; the
 * validation period ends 30 days after the consumer receives it, and receipt may be assumed 5 days
 * after sending, excluding weekends and US federal holidays (1006.34(b)(5)). Nothing may overshadow
 * the consumer's rights during that period (1006.38): decide() refuses templates with overshadowing
 * wording (the profile's patterns) until it ends. Holidays are computed by rule (us-federal-holidays.ts),
 * so the calendar never runs out.
 */
import { DAY_MS } from './time';
import { isUsFederalHoliday } from './us-federal-holidays';
import type { RuleContext, RuleMeta, SuppressionRule, ValidationNoticeParams } from './types';

/** Whether a UTC calendar day (days since the epoch) is a weekend day or a US federal holiday. */
export function isNonBusinessDay(epochDay: number, isHoliday: (epochDay: number) => boolean = isUsFederalHoliday): boolean {
  const weekday = (epochDay + 4) % 7; // 1970-01-01 was a Thursday (4)
  return weekday === 0 || weekday === 6 || isHoliday(epochDay);
}

/** The start (00:00 UTC) of the calendar day `n` business days after the day of `ms`. */
export function addBusinessDays(ms: number, n: number, isHoliday: (epochDay: number) => boolean = isUsFederalHoliday): number {
  let day = Math.floor(ms / DAY_MS);
  for (let left = n; left > 0;) {
    day++;
    if (!isNonBusinessDay(day, isHoliday)) left--;
  }
  return day * DAY_MS;
}

/** Time (ms) of this debt's first communication (a contact that went out or may have), if any. */
export function firstCommunication(ctx: RuleContext): number | undefined {
  for (let i = 0; i < ctx.history.length; i++) {
    const h = ctx.history[i];
    if (h.kind === 'contact' && h.outcome !== 'failed-permanent') return ctx.historyTimes[i];
  }
  return undefined;
}

const sentAtOf = (ctx: RuleContext): number | undefined => {
  const s = ctx.account.compliance?.validationNoticeSentAt;
  const t = s ? Date.parse(s) : NaN;
  return t <= ctx.now.getTime() ? t : undefined;
};

/** Assumed receipt and the end of the validation period for a notice sent at `sentMs`. */
export function validationPeriodOf(sentMs: number, p: ValidationNoticeParams): { receipt: number; end: number } {
  const receipt = addBusinessDays(sentMs, p.receiptBusinessDays);
  // The period runs through the whole of the 30th day after receipt.
  return { receipt, end: receipt + (p.periodDays + 1) * DAY_MS };
}

/**
 * Whether `at` is inside the validation period: from before the notice (it is still to come) until the
 * end of the period. Without a recorded notice the period has not even started: still inside.
 */
export function inValidationPeriod(ctx: RuleContext, p: ValidationNoticeParams, at: number): { inside: boolean; end?: number } {
  const sent = sentAtOf(ctx);
  if (sent === undefined) return { inside: true };
  const { end } = validationPeriodOf(sent, p);
  return { inside: at < end, end };
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The template that carries the validation notice (the first message that can, when one is due). */
export const VALIDATION_NOTICE_TEMPLATE = 'validation-notice';

/**
 * Whether the next message must carry the validation notice: the profile (or the account) requires
 * one, none is recorded, and none has gone out in this cycle.
 */
export function validationNoticeDue(ctx: RuleContext, p: ValidationNoticeParams): boolean {
  if (!(ctx.account.compliance?.validationNoticeRequired ?? p.require) || ctx.account.compliance?.validationNoticeSentAt) return false;
  return !ctx.history.some((h) => h.kind === 'contact' && h.template === VALIDATION_NOTICE_TEMPLATE && h.outcome !== 'failed-permanent');
}

/** The last day (YYYY-MM-DD) of the validation period for a notice sent at `sentMs`. */
export function disputeByDate(sentMs: number, p: ValidationNoticeParams): string {
  return day(validationPeriodOf(sentMs, p).end - DAY_MS);
}

/**
 * When the rule below starts to stop contact by itself: the first moment past `sendWithinDays` after
 * the first communication with a required notice still unrecorded. Undefined when no such moment can
 * come from time alone (a notice is recorded, none is required, or nothing was sent yet). A journey
 * resting without sending (a pause) looks again then: the rule hands the account to a person.
 */
export function validationNoticeOverdueAt(ctx: RuleContext, p: ValidationNoticeParams): number | undefined {
  if (sentAtOf(ctx) !== undefined || !(ctx.account.compliance?.validationNoticeRequired ?? p.require)) return undefined;
  const first = firstCommunication(ctx);
  return first === undefined ? undefined : first + p.sendWithinDays * DAY_MS + 1;
}

export function validationNoticeRule(meta: RuleMeta, p: ValidationNoticeParams): SuppressionRule {
  const windowMs = p.sendWithinDays * DAY_MS;
  return {
    ...meta,
    stage: 'suppression',
    evaluate(ctx) {
      const first = firstCommunication(ctx);
      const sent = sentAtOf(ctx);
      if (sent !== undefined) {
        const { receipt, end } = validationPeriodOf(sent, p);
        const late =
          first !== undefined && sent - first > windowMs ? ` (more than ${p.sendWithinDays} days after the first communication)` : '';
        const period =
          ctx.now.getTime() < end
            ? `the validation period runs until ${day(end - DAY_MS)} (receipt assumed ${day(receipt)}): no overshadowing messages`
            : `the validation period ended on ${day(end - DAY_MS)}`;
        return { effect: 'allowed', detail: `validation notice sent on ${day(sent)}${late}; ${period}` };
      }
      if (first === undefined) {
        return {
          effect: 'allowed',
          detail: `no communication yet: the validation notice goes with the first one or within ${p.sendWithinDays} days of it`,
        };
      }
      if (ctx.now.getTime() - first <= windowMs) {
        return {
          effect: 'allowed',
          detail: `first communication on ${day(first)}: the validation notice is due by ${new Date(first + windowMs).toISOString()}`,
        };
      }
      if (!(ctx.account.compliance?.validationNoticeRequired ?? p.require)) {
        return {
          effect: 'allowed',
          detail: `no validation notice on record and the first communication was on ${day(first)}: not enforced for this account (validationNoticeRequired is not set)`,
        };
      }
      return {
        effect: 'suppressed',
        escalate: 'validation-notice-missing',
        detail: `the first communication was on ${day(first)} and no validation notice is recorded within ${p.sendWithinDays} days of it: contact stops until a person sends it`,
      };
    },
  };
}
