/**
 * Analytics facts from what Amicable already writes: the contact ledger (decisions, contacts, replies,
 * billing events, hand-offs, closure) and the account state's changes (promises, plans, complaints,
 * disputes, opt-outs, the survey's answer). Each fact type comes from exactly one of the two, so nothing is counted
 * twice. In AWS the two DynamoDB streams feed these functions; locally the report feeds them the ledger and
 * the account as the run left it (a change from nothing to the final state). Pure.
 */
import { createHash } from 'node:crypto';
import type { LedgerRecord } from '../ledger';
import { CARE_KIND, isCareStep } from '../care';
import { REPLY_INTENTS, type ReplyIntent } from '../conversations/reply-phrases';
import type { Account, Channel } from '../types';
import type { Reason } from '../decision-types';
import { CHANNELS } from '../types';
import { analyticsFactSchema, type AnalyticsFact, type FactDraft, FACT_COLUMNS } from './facts';
import { describeIssues } from '../zod-issues';

/** A fact that did not fit the schema: kept with its reasons (never its values, which might be PII). */
export interface RejectedFact {
  factType: string;
  accountId: string;
  problems: string[];
}

export interface DerivedFacts {
  facts: AnalyticsFact[];
  rejected: RejectedFact[];
}

const BLOCKING: Reason['effect'][] = ['blocked', 'deferred', 'suppressed'];
const utc = (iso: string) => new Date(iso).toISOString();
const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
const number = (v: unknown) => (typeof v === 'number' ? v : undefined);

/** Fills the absent columns with null, adds the deterministic id, and checks the row against the schema. */
function finish(draft: FactDraft, sourceKey: string, out: DerivedFacts): void {
  const row: Record<string, unknown> = Object.fromEntries(FACT_COLUMNS.map((c) => [c, null]));
  for (const [k, v] of Object.entries(draft)) if (v !== undefined) row[k] = v;
  row.occurred_at = utc(draft.occurred_at);
  // Same source, same id: a redelivered stream record gives the same row, which the views de-duplicate.
  row.fact_id = createHash('sha256')
    .update(`${draft.fact_type}|${draft.account_id}|${draft.cycle_id}|${sourceKey}`)
    .digest('hex')
    .slice(0, 32);
  const parsed = analyticsFactSchema.safeParse(row);
  if (parsed.success) out.facts.push(parsed.data);
  else out.rejected.push({ factType: draft.fact_type, accountId: draft.account_id, problems: describeIssues(parsed.error) });
}

const firstBlockingRule = (reasons: readonly Reason[] | undefined) => reasons?.find((r) => BLOCKING.includes(r.effect))?.ruleId;
const asIntent = (v: unknown): ReplyIntent => ((REPLY_INTENTS as readonly unknown[]).includes(v) ? (v as ReplyIntent) : 'other');
/** Strategy tags as columns (an escalation reason or a segment reason is text: never copied). */
const tags = (r: { segment?: string; variant?: string }) => ({
  ...(r.segment ? { segment: r.segment as FactDraft['segment'] } : {}),
  ...(r.variant ? { variant: r.variant } : {}),
});

/** The facts of one billing or customer event in the ledger (the rest come from the state). */
function eventFacts(r: Extract<LedgerRecord, { kind: 'event' }>): Array<Partial<FactDraft> & Pick<FactDraft, 'fact_type'>> {
  const f = r.facts;
  switch (r.detailType) {
    case 'AccountOverdue':
      // A repeated overdue event for the same cycle places nothing new.
      if (f.repeated === true) return [];
      return [
        {
          fact_type: 'placed',
          amount: number(f.amountDue),
          currency: text(f.currency),
          jurisdiction: text(f.jurisdiction),
          segment: text(f.segment) as FactDraft['segment'],
          experiment: text(f.experiment),
          variant: text(f.variant),
          playbook: text(f.playbookId),
        },
      ];
    case 'PaymentReceived':
      return [{ fact_type: 'payment', amount: number(f.amount), currency: text(f.currency) }];
    case 'DeliveryReported':
      return [{ fact_type: 'delivery', channel: text(f.channel) as Channel, outcome: text(f.outcome) }];
    case 'DisputeResolved':
      return [{ fact_type: 'dispute-resolved', outcome: text(f.resolution) }];
    case 'HardshipReported':
      return [{ fact_type: 'hardship-reported' }];
    case 'CommunicationCeased':
      return [{ fact_type: 'ceased' }];
    default:
      return [];
  }
}

/** The facts of one ledger record. sourceKey tells records with the same time apart (the ledger's sort key in AWS). */
export function factsFromLedger(record: LedgerRecord, sourceKey: string, out: DerivedFacts = { facts: [], rejected: [] }): DerivedFacts {
  const base = { occurred_at: record.at, account_id: record.accountId, cycle_id: record.cycleId };
  const add = (draft: Partial<FactDraft> & Pick<FactDraft, 'fact_type'>) => finish({ ...base, ...draft }, sourceKey, out);
  switch (record.kind) {
    case 'event':
      for (const draft of eventFacts(record)) add({ ...tags(record), ...draft });
      break;
    case 'decision': {
      const a = record.action;
      add({
        ...tags(record),
        fact_type: 'decision',
        outcome: a.type,
        rule_id: firstBlockingRule(record.reasons),
        ...(a.type === 'contact' ? { channel: a.channel, template: a.template, step_id: a.stepId } : {}),
      });
      break;
    }
    case 'contact':
      add({
        ...tags(record),
        fact_type: 'contact',
        channel: record.channel,
        template: record.template,
        step_id: record.stepId,
        outcome: record.outcome,
        outreach: !record.initiatedBy && !isCareStep(record.stepId),
        rule_id: firstBlockingRule(record.reasons),
      });
      // The survey question went out: from the ledger, which keeps every cycle's (the state keeps only the
      // current cycle's survey, so an earlier cycle's would be lost locally). One per cycle: the same id.
      if (record.outcome === 'sent' && record.stepId.startsWith(CARE_KIND.survey)) {
        finish({ ...base, fact_type: 'survey-sent', channel: record.channel }, 'survey', out);
      }
      break;
    case 'inbound':
      add({ fact_type: 'reply', channel: record.channel, intent: asIntent(record.intent) });
      break;
    case 'engaged':
      add({ fact_type: 'engaged', channel: record.channel });
      break;
    case 'escalated':
      add({ ...tags(record), fact_type: 'handoff' });
      break;
    case 'handoff-completed':
      add({ fact_type: 'handoff-completed', outcome: record.outcome });
      break;
    case 'closed':
      add({ ...tags(record), fact_type: 'closed', outcome: record.reason });
      break;
    default:
      // conversation, payment (the history's copy of PaymentReceived), failure, reconciliation: not facts.
      break;
  }
  return out;
}

/**
 * The facts of one change of an account's state: what is in `after` and was not in `before` (for the same
 * cycle). Locally `before` is undefined and `after` the final state, which gives the same facts for the
 * cycle's final promise, plan, survey, complaints, dispute and opt-outs.
 */
export function factsFromStateChange(
  before: Account | undefined,
  after: Account,
  out: DerivedFacts = { facts: [], rejected: [] },
): DerivedFacts {
  const old = before?.cycleId === after.cycleId ? before : undefined;
  const add = (at: string, sourceKey: string, draft: Partial<FactDraft> & Pick<FactDraft, 'fact_type'>) =>
    finish({ occurred_at: at, account_id: after.accountId, cycle_id: after.cycleId, ...draft }, sourceKey, out);
  for (const channel of CHANNELS) {
    if (after.channels[channel]?.optedOut && !old?.channels[channel]?.optedOut)
      add(after.updatedAt, channel, { fact_type: 'opted-out', channel });
  }
  const disputedAt = after.compliance?.disputeOpenedAt;
  if (disputedAt && disputedAt !== old?.compliance?.disputeOpenedAt) add(disputedAt, disputedAt, { fact_type: 'dispute-opened' });
  promiseFacts(old, after, add);
  planFacts(old, after, add);
  // survey-sent comes from the ledger's contact record (factsFromLedger); the answer is only in the state.
  const survey = after.survey;
  if (survey?.score !== undefined && old?.survey?.score === undefined)
    add(survey.answeredAt ?? after.updatedAt, survey.sentAt, {
      fact_type: 'survey-answered',
      channel: survey.channel,
      score: survey.score,
    });
  for (const c of after.complaints ?? []) {
    const was = old?.complaints?.find((x) => x.complaintId === c.complaintId);
    if (!was) add(c.receivedAt, c.complaintId, { fact_type: 'complaint-opened', category: c.category });
    if (c.resolvedAt && !was?.resolvedAt) {
      add(c.resolvedAt, c.complaintId, {
        fact_type: 'complaint-resolved',
        category: c.category,
        hours: (Date.parse(c.resolvedAt) - Date.parse(c.receivedAt)) / 3_600_000,
      });
    }
  }
  return out;
}

type AddFact = (at: string, sourceKey: string, draft: Partial<FactDraft> & Pick<FactDraft, 'fact_type'>) => void;

function promiseFacts(old: Account | undefined, after: Account, add: AddFact): void {
  const p = after.promise;
  if (!p) return;
  const was = old?.promise?.promiseId === p.promiseId ? old.promise : undefined;
  if (!was) add(p.madeAt, p.promiseId, { fact_type: 'promise-made', amount: p.amount, currency: after.currency });
  if (p.status !== was?.status && (p.status === 'kept' || p.status === 'broken')) {
    add(p.settledAt ?? after.updatedAt, p.promiseId, {
      fact_type: p.status === 'kept' ? 'promise-kept' : 'promise-broken',
      amount: p.amount,
      currency: after.currency,
    });
  }
}

function planFacts(old: Account | undefined, after: Account, add: AddFact): void {
  const plan = after.plan;
  if (!plan) return;
  const was = old?.plan?.planId === plan.planId ? old.plan : undefined;
  const total = Math.round(plan.instalments.reduce((s, i) => s + i.amount, 0) * 100) / 100;
  if (!was) add(plan.agreedAt, plan.planId, { fact_type: 'plan-agreed', amount: total, currency: after.currency });
  if (plan.status === 'completed' && was?.status !== 'completed')
    add(plan.completedAt ?? after.updatedAt, plan.planId, { fact_type: 'plan-completed', amount: total, currency: after.currency });
}
