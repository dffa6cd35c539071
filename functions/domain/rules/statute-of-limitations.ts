/**
 * Statute of limitations: when the billing system did not say whether a debt is time-barred, derive it
 * from the last payment (or the charge-off) and the customer's state, using the per-state table
 * (../jurisdictions/us-statute-of-limitations.json; entries marked `verify` need counsel's check). A
 * time-barred debt gets the legal-threat lint (12 CFR 1006.26(b)): its messages never threaten suit.
 */
import * as z from '../zod';
import solJson from '../jurisdictions/us-statute-of-limitations.json';
import type { RuleContext, RuleMeta, SuppressionRule } from './types';

const years = z.number().check(z.int(), z.gte(1), z.lte(30));
const solFileSchema = z.strictObject({
  name: z.string(),
  version: z.string(),
  source: z.string(),
  states: z.record(
    z.string().check(z.regex(/^[A-Z]{2}$/)),
    z.strictObject({ writtenContract: years, openAccount: years, verify: z.optional(z.boolean()), note: z.optional(z.string()) }),
  ),
});

/** The shipped table: the 50 states and DC. */
export const US_STATUTE_OF_LIMITATIONS = solFileSchema.parse(solJson);

export interface TimeBarredStatus {
  barred: boolean;
  /** Derived from the table (not a flag the billing system sent). */
  derived: boolean;
  detail: string;
}

const memo = new WeakMap<RuleContext, TimeBarredStatus>();

function addYears(ms: number, n: number): number {
  const d = new Date(ms);
  d.setUTCFullYear(d.getUTCFullYear() + n);
  return d.getTime();
}

/**
 * Whether the debt is time-barred: the billing system's flag when it sent one, else derived from the
 * profile's statute-of-limitations rule (when it has one), else not.
 */
export function timeBarredStatus(ctx: RuleContext): TimeBarredStatus {
  let s = memo.get(ctx);
  if (s) return s;
  s = deriveTimeBarred(ctx);
  memo.set(ctx, s);
  return s;
}

export function isTimeBarred(ctx: RuleContext): boolean {
  return timeBarredStatus(ctx).barred;
}

function deriveTimeBarred(ctx: RuleContext): TimeBarredStatus {
  const c = ctx.account.compliance;
  if (c?.timeBarred !== undefined) {
    return {
      barred: c.timeBarred,
      derived: false,
      detail: c.timeBarred ? 'the billing system flags the debt as time-barred' : 'the billing system says the debt is not time-barred',
    };
  }
  const basis = ctx.profile.limitations?.basis;
  if (!basis) return { barred: false, derived: false, detail: 'the debt is not flagged as time-barred' };
  const address = ctx.account.customer.address;
  const state = address && address.country.toUpperCase() === 'US' ? address.region?.toUpperCase() : undefined;
  const from = c?.lastPaymentAt ?? c?.chargedOffAt;
  const fromLabel = c?.lastPaymentAt ? 'the last payment' : 'the charge-off';
  if (!from) return { barred: false, derived: false, detail: 'no last payment or charge-off date on record: limitations not derived' };
  const row = state ? US_STATUTE_OF_LIMITATIONS.states[state] : undefined;
  if (!row)
    return { barred: false, derived: false, detail: `no limitations period on file for the customer's state (${state ?? 'unknown'})` };
  const type = c?.debtType ?? basis;
  const n =
    type === 'written-contract'
      ? row.writtenContract
      : type === 'open-account'
        ? row.openAccount
        : Math.min(row.writtenContract, row.openAccount);
  const ends = addYears(Date.parse(from), n);
  const barred = ctx.now.getTime() >= ends;
  const period = `${state}: ${n} years${type === 'shorter' ? ' (the shorter period)' : ` (${type})`}${row.verify ? ', table entry to be verified' : ''}`;
  return {
    barred,
    derived: true,
    detail: barred
      ? `time-barred: the limitations period (${period}) from ${fromLabel} on ${from.slice(0, 10)} ended on ${new Date(ends).toISOString().slice(0, 10)}`
      : `not time-barred: the limitations period (${period}) from ${fromLabel} on ${from.slice(0, 10)} ends on ${new Date(ends).toISOString().slice(0, 10)}`,
  };
}

export function statuteOfLimitationsRule(meta: RuleMeta): SuppressionRule {
  return {
    ...meta,
    stage: 'suppression',
    evaluate: (ctx) => ({ effect: 'allowed', detail: timeBarredStatus(ctx).detail }),
  };
}
