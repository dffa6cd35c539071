/**
 * Account-level suppression rules built from a jurisdiction profile's entries: each kind is code, its
 * id, description and citation are data. The first rule that suppresses decides what the journey does:
 * wait until a date (moratorium), or hand the account to a person (dispute, attorney, bankruptcy,
 * deceased, a vulnerable customer not yet reviewed).
 */
import type { Account, VulnerabilityDriver } from '../types';
import { timeBarredStatus } from './statute-of-limitations';
import type { RuleContext, RuleMeta, RuleOutcome, SuppressionRule } from './types';

const timeOf = (iso: string | undefined): number => (iso ? Date.parse(iso) : NaN);
/** A flag recorded at or before the decision time (an absent time counts as "already"). */
const inEffect = (iso: string | undefined, ctx: RuleContext): boolean => !iso || !(timeOf(iso) > ctx.now.getTime());

export function vulnerabilityOf(account: Account): readonly VulnerabilityDriver[] | undefined {
  const v = account.compliance?.vulnerability;
  return v && v.drivers.length > 0 ? v.drivers : undefined;
}

function suppressionRule(meta: RuleMeta, evaluate: (ctx: RuleContext) => RuleOutcome): SuppressionRule {
  return { ...meta, stage: 'suppression', evaluate };
}

export function disputeRule(meta: RuleMeta): SuppressionRule {
  return suppressionRule(meta, (ctx) => {
    const c = ctx.account.compliance;
    if (c?.disputeUpheldAt && inEffect(c.disputeUpheldAt, ctx)) {
      return {
        effect: 'suppressed',
        close: 'dispute-upheld',
        detail: `the dispute was resolved in the customer's favour on ${c.disputeUpheldAt}: nothing is collected`,
      };
    }
    if (!c?.disputeOpenedAt || !inEffect(c.disputeOpenedAt, ctx)) return { effect: 'allowed', detail: 'no open dispute' };
    if (c.disputeVerifiedAt && timeOf(c.disputeVerifiedAt) >= timeOf(c.disputeOpenedAt)) {
      return { effect: 'allowed', detail: `the dispute of ${c.disputeOpenedAt} was answered with verification on ${c.disputeVerifiedAt}` };
    }
    const { balance, currency } = ctx.account;
    if (c.disputedAmount !== undefined && c.disputedAmount < balance) {
      return {
        effect: 'allowed',
        detail: `${c.disputedAmount} of ${balance} ${currency} is disputed: only the undisputed part may be collected until verification is sent`,
      };
    }
    return {
      effect: 'suppressed',
      escalate: 'dispute-pending-verification',
      detail: `the debt is disputed (since ${c.disputeOpenedAt}): collection pauses until a person sends verification`,
    };
  });
}

export function originalCreditorRule(meta: RuleMeta): SuppressionRule {
  return suppressionRule(meta, (ctx) => {
    const c = ctx.account.compliance;
    if (!c?.originalCreditorRequestedAt || !inEffect(c.originalCreditorRequestedAt, ctx)) {
      return { effect: 'allowed', detail: 'no request for the original creditor pending' };
    }
    if (c.originalCreditorSentAt && timeOf(c.originalCreditorSentAt) >= timeOf(c.originalCreditorRequestedAt)) {
      return { effect: 'allowed', detail: `the original creditor's name and address were sent on ${c.originalCreditorSentAt}` };
    }
    return {
      effect: 'suppressed',
      escalate: 'original-creditor-request',
      detail: `the customer asked for the original creditor on ${c.originalCreditorRequestedAt}: collection pauses until a person answers`,
    };
  });
}

export function attorneyRule(meta: RuleMeta): SuppressionRule {
  return suppressionRule(meta, (ctx) => {
    const a = ctx.account.compliance?.attorney;
    if (!a || !inEffect(a.since, ctx)) return { effect: 'allowed', detail: 'no representative on record' };
    return {
      effect: 'suppressed',
      escalate: 'attorney-represented',
      detail: 'the customer is represented for this debt: contact goes through the representative, by a person',
    };
  });
}

export function bankruptcyRule(meta: RuleMeta): SuppressionRule {
  return suppressionRule(meta, (ctx) => {
    const b = ctx.account.compliance?.bankruptcy;
    if (!b || !inEffect(b.filedAt, ctx)) return { effect: 'allowed', detail: 'no bankruptcy or insolvency on record' };
    return {
      effect: 'suppressed',
      escalate: 'bankruptcy',
      detail: `a bankruptcy or insolvency case is open${b.chapter ? ` (chapter ${b.chapter})` : ''}: no collection contact; a person handles the claim`,
    };
  });
}

export function deceasedRule(meta: RuleMeta): SuppressionRule {
  return suppressionRule(meta, (ctx) => {
    const d = ctx.account.compliance?.deceased;
    if (!d || !inEffect(d.reportedAt, ctx)) return { effect: 'allowed', detail: 'no report that the customer died' };
    return {
      effect: 'suppressed',
      escalate: 'deceased',
      detail: 'the customer is reported deceased: no automated contact; a person handles the estate with care',
    };
  });
}

export function moratoriumRule(meta: RuleMeta): SuppressionRule {
  return suppressionRule(meta, (ctx) => {
    const c = ctx.account.compliance;
    const until = timeOf(c?.moratoriumUntil);
    if (!c?.moratoriumUntil || !(until > ctx.now.getTime())) return { effect: 'allowed', detail: 'no moratorium in force' };
    return {
      effect: 'suppressed',
      until: new Date(until),
      detail: `a ${c.moratoriumKind ?? 'moratorium'} is in force until ${c.moratoriumUntil}: no contact asking for payment before then`,
    };
  });
}

export function timeBarredRule(meta: RuleMeta): SuppressionRule {
  return suppressionRule(meta, (ctx) => {
    const status = timeBarredStatus(ctx);
    if (!status.barred) return { effect: 'allowed', detail: status.derived ? status.detail : 'the debt is not flagged as time-barred' };
    return {
      effect: 'allowed',
      detail: `${status.derived ? `${status.detail}: ` : 'time-barred debt: '}messages may never threaten or mention legal action (templates checked before use)`,
    };
  });
}

export function vulnerablePersonFirstRule(meta: RuleMeta): SuppressionRule {
  return suppressionRule(meta, (ctx) => {
    const drivers = vulnerabilityOf(ctx.account);
    if (!drivers) return { effect: 'allowed', detail: 'no vulnerability recorded' };
    const reviewed = ctx.account.compliance?.vulnerability?.reviewedByPersonAt;
    if (reviewed && inEffect(reviewed, ctx)) {
      return { effect: 'allowed', detail: `vulnerable (${drivers.join(', ')}); a person reviewed the approach on ${reviewed}` };
    }
    return {
      effect: 'suppressed',
      escalate: 'vulnerable-customer',
      detail: `vulnerability recorded (${drivers.join(', ')}): a person talks to the customer before any automated contact`,
    };
  });
}
