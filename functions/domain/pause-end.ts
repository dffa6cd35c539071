/**
 * How long a pause rests. While a person has the account or a complaint is open, decide() returns the
 * same wait until something changes: an event -- which wakes the journey at once (journey-wake.ts) for
 * every change that could end or alter the pause -- or time. This module finds the moments at which time
 * alone changes what decide() returns during a pause, so that a pause rests until the earliest of them
 * and its own end (the hand-off timeout, the complaint bound) instead of looking again every day.
 *
 * Only the suppression rules are read before a pause (decide.ts), so only their clocks matter: a
 * compliance fact recorded ahead of its date takes effect, a moratorium ends, the validation notice
 * falls overdue. The playbook's steps, promise dates and plan instalments are all decided after the
 * pause and cannot end it; when the pause ends, the decision then sees them as they stand.
 */
import type { Care } from './playbook';
import { validationNoticeOverdueAt } from './rules/validation-notice';
import type { RuleContext } from './rules/types';

const HOUR_MS = 3_600_000;

/**
 * The instants at which a suppression rule starts (or stops) reading a compliance fact as in effect:
 * rules/suppression-rules.ts (`inEffect`, the moratorium's end) and rules/validation-notice.ts.
 */
function complianceInstants(ctx: RuleContext): Array<string | undefined> {
  const c = ctx.account.compliance;
  if (!c) return [];
  return [
    c.disputeOpenedAt,
    c.disputeUpheldAt,
    c.originalCreditorRequestedAt,
    c.attorney?.since,
    c.bankruptcy?.filedAt,
    c.deceased?.reportedAt,
    c.vulnerability?.reviewedByPersonAt,
    c.moratoriumUntil,
    c.validationNoticeSentAt,
  ];
}

/** The first moment after now at which time alone may change what a paused decision returns; undefined: none. */
export function nextTimedChange(ctx: RuleContext): number | undefined {
  const t = ctx.now.getTime();
  const validation = ctx.profile.validation;
  const candidates = [
    ...complianceInstants(ctx).map((iso) => (iso ? Date.parse(iso) : undefined)),
    validation ? validationNoticeOverdueAt(ctx, validation.params) : undefined,
  ];
  let next: number | undefined;
  for (const c of candidates) if (c !== undefined && c > t && (next === undefined || c < next)) next = c;
  return next;
}

/**
 * When a pause that ends at `end` at the latest looks again: then, or at the first timed change before
 * it, or -- when the playbook sets `pauseRecheckHours` -- after that many hours if sooner.
 */
export function pauseRestsUntil(ctx: RuleContext, care: Care, end: number): number {
  const recheck = care.pauseRecheckHours === undefined ? Infinity : ctx.now.getTime() + care.pauseRecheckHours * HOUR_MS;
  return Math.min(end, nextTimedChange(ctx) ?? Infinity, recheck);
}
