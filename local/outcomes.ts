/**
 * The CX outcomes of a local run, with the definitions of reference/collections-practice.md (the same
 * names the dashboard shows): first-contact resolution, CSAT with its response rate, complaint-to-
 * resolution time, and the complaint, opt-out, escalation and dispute rates per account contacted,
 * beside promises and plans. Computed from what the run left in the ledger and the state table.
 */
import type { LedgerRecord } from '../functions/domain/ledger';
import { CARE_KIND, isCareStep } from '../functions/domain/care';
import { type Account } from '../functions/domain/types';
import { RESOLVED_CLOSE_REASONS } from '../functions/domain/decision-types';

export interface CustomerOutcomes {
  accountsContacted: number;
  repliesByIntent: Record<string, number>;
  /** Resolved after exactly one of our messages / accounts contacted. */
  firstContactResolution: number;
  csat: { surveysSent: number; responses: number; responseRate: number; meanScore: number | null };
  complaints: { received: number; resolved: number; medianHoursToResolve: number | null; per1000Contacted: number };
  optOutRate: number;
  escalationRate: number;
  disputeRate: number;
  promises: { made: number; kept: number; broken: number };
  plans: { agreed: number; completed: number; instalmentsMissed: number };
}

const ratio = (n: number, d: number) => (d > 0 ? Math.round((n / d) * 1000) / 1000 : 0);

function countArrangements(o: CustomerOutcomes, account: Account): void {
  if (account.promise) {
    o.promises.made += 1;
    if (account.promise.status === 'kept') o.promises.kept += 1;
    if (account.promise.status === 'broken') o.promises.broken += 1;
  }
  if (account.plan) {
    o.plans.agreed += 1;
    if (account.plan.status === 'completed') o.plans.completed += 1;
  }
}

export function customerOutcomes(cycles: Array<{ records: readonly LedgerRecord[]; account?: Account }>): CustomerOutcomes {
  const o: CustomerOutcomes = {
    accountsContacted: 0,
    repliesByIntent: {},
    firstContactResolution: 0,
    csat: { surveysSent: 0, responses: 0, responseRate: 0, meanScore: null },
    complaints: { received: 0, resolved: 0, medianHoursToResolve: null, per1000Contacted: 0 },
    optOutRate: 0,
    escalationRate: 0,
    disputeRate: 0,
    promises: { made: 0, kept: 0, broken: 0 },
    plans: { agreed: 0, completed: 0, instalmentsMissed: 0 },
  };
  let firstContact = 0;
  let optedOut = 0;
  let escalated = 0;
  let disputed = 0;
  const scores: number[] = [];
  const hours: number[] = [];
  for (const { records, account } of cycles) {
    // A promise or a plan counts whether or not we wrote first (one made on the portal before the bill was
    // overdue, then handed over, is one), as the analytics views count them over every placed cycle.
    if (account) countArrangements(o, account);
    const outreach = records.filter((r) => r.kind === 'contact' && r.outcome === 'sent' && !r.initiatedBy && !isCareStep(r.stepId));
    if (outreach.length === 0) continue;
    o.accountsContacted += 1;
    const closed = records.find((r): r is Extract<LedgerRecord, { kind: 'closed' }> => r.kind === 'closed');
    if (closed && RESOLVED_CLOSE_REASONS.has(closed.reason) && outreach.length === 1) firstContact += 1;
    for (const r of records)
      if (r.kind === 'inbound') o.repliesByIntent[r.intent ?? 'unknown'] = (o.repliesByIntent[r.intent ?? 'unknown'] ?? 0) + 1;
    if (records.some((r) => r.kind === 'escalated')) escalated += 1;
    // From the ledger, as the survey-sent fact: the state keeps only the current cycle's survey.
    if (records.some((r) => r.kind === 'contact' && r.outcome === 'sent' && r.stepId.startsWith(CARE_KIND.survey))) o.csat.surveysSent += 1;
    if (records.some((r) => r.kind === 'contact' && r.stepId.startsWith(CARE_KIND.planMissed) && r.outcome === 'sent'))
      o.plans.instalmentsMissed += 1;
    if (!account) continue;
    if (Object.values(account.channels).some((c) => c.optedOut)) optedOut += 1;
    if (account.compliance?.disputeOpenedAt) disputed += 1;
    if (account.survey?.score !== undefined) scores.push(account.survey.score);
    for (const c of account.complaints ?? []) {
      o.complaints.received += 1;
      if (c.resolvedAt) hours.push((Date.parse(c.resolvedAt) - Date.parse(c.receivedAt)) / 3_600_000);
    }
  }
  const n = o.accountsContacted;
  o.firstContactResolution = ratio(firstContact, n);
  o.csat.responses = scores.length;
  o.csat.responseRate = ratio(scores.length, o.csat.surveysSent);
  o.csat.meanScore = scores.length ? Math.round((scores.reduce((s, x) => s + x, 0) / scores.length) * 100) / 100 : null;
  o.complaints.resolved = hours.length;
  if (hours.length) {
    const sorted = [...hours].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    o.complaints.medianHoursToResolve = Math.round((sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2) * 10) / 10;
  }
  // Scaled before rounding: 2 of 34 is 58.8 per 1,000, not the 59 a rate rounded to 0.059 first gives.
  o.complaints.per1000Contacted = n > 0 ? Math.round((o.complaints.received / n) * 1000 * 10) / 10 : 0;
  o.optOutRate = ratio(optedOut, n);
  o.escalationRate = ratio(escalated, n);
  o.disputeRate = ratio(disputed, n);
  return o;
}
