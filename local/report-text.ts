/**
 * The readable form of a local run's report: each account cycle's story in ledger order (decisions, events,
 * replies, hand-offs, in UTC and the customer's local time), the rejected events, and the summary.
 */
import type { Reason } from '../functions/domain/decision-types';
import type { LedgerRecord } from '../functions/domain/ledger';
import { formatLocal } from '../functions/domain/zone-clock';
import { SEGMENT_LABELS, type Segment } from '../functions/domain/segments';
import type { CustomerOutcomes } from './outcomes';
import { BLOCKING, STRATEGY_FACTS, isContactRule, type RunReport, type Summary, type TimelineEntry } from './report';

const shortUtc = (iso: string) => iso.slice(0, 16).replace('T', ' ') + 'Z';

function describeReasons(reasons: Reason[]): string {
  const notable = reasons.filter((r) => BLOCKING.includes(r.effect));
  return notable
    .map((r) => `${r.effect} ${r.channel ? r.channel + ' ' : ''}by ${r.ruleId}${r.until ? ` until ${shortUtc(r.until)}` : ''}`)
    .join('; ');
}

/**
 * What a sent message's line says about the rules: the other channels' blocks and deferrals. A rule that
 * stopped outreach as a whole (status.stop once paid) did not stop this message, which a care step
 * (care.survey, a confirmation) sent: saying "suppressed" next to a message that went out is a contradiction.
 */
function describeSentReasons(e: TimelineEntry): string {
  const others = describeReasons(e.reasons.filter((r) => r.channel !== undefined && r.channel !== e.channel));
  const care = e.reasons.find((r) => r.effect === 'allowed' && r.ruleId.startsWith('care.'));
  const stopped = e.reasons.filter((r) => r.channel === undefined && BLOCKING.includes(r.effect)).map((r) => r.ruleId);
  const careNote = care && stopped.length ? `a care message (${care.ruleId}) after outreach stopped by ${stopped.join(', ')}` : '';
  return [careNote, others].filter(Boolean).join('; ');
}

/** One line of the readable timeline for a decision. */
function describeEntry(e: TimelineEntry): string {
  const why = e.kind === 'message' ? describeSentReasons(e) : describeReasons(e.reasons);
  const because = why ? `   (${why})` : '';
  switch (e.kind) {
    case 'message':
      return `message   ${e.channel!.padEnd(5)} ${e.template}${because}${e.link ? `   link ${e.link}` : ''}`;
    case 'blocked':
      return `not sent  ${e.channel!.padEnd(5)} ${e.template}: ${e.outcome}${because}`;
    case 'wait':
      return `wait      until ${shortUtc(e.until!)}${because}`;
    case 'escalated':
      return `escalated to a person: ${e.outcome}`;
    case 'closed':
      return `closed: ${e.outcome}${because}`;
  }
}

/** Waits are frequent; the readable story shows only those a contact rule (not the cadence) shaped. */
const isRuleShapedWait = (e: TimelineEntry) =>
  e.reasons.some((r) => BLOCKING.includes(r.effect) && (isContactRule(r) || r.ruleId.startsWith('care.')));

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

function outcomeLines(o: CustomerOutcomes): string[] {
  return [
    `  customers         contacted ${o.accountsContacted}; first-contact resolution ${pct(o.firstContactResolution)}`,
    `  replies           ${list(o.repliesByIntent)}`,
    `  satisfaction      ${o.csat.meanScore ?? '-'} of 5 (${o.csat.responses} of ${o.csat.surveysSent} answered, ${pct(o.csat.responseRate)})`,
    `  complaints        ${o.complaints.received} (${o.complaints.per1000Contacted} per 1,000 contacted); resolved ${o.complaints.resolved}, median ${o.complaints.medianHoursToResolve ?? '-'} h`,
    `  rates             opt-out ${pct(o.optOutRate)}, escalation ${pct(o.escalationRate)}, dispute ${pct(o.disputeRate)} of accounts contacted`,
    `  promises, plans   promises made ${o.promises.made}, kept ${o.promises.kept}, broken ${o.promises.broken}; plans agreed ${o.plans.agreed}, completed ${o.plans.completed}, with a missed instalment ${o.plans.instalmentsMissed}`,
  ];
}

/** A line for a ledger record that is not a decision (events, replies, answers, hand-offs), or none. */
function recordText(r: LedgerRecord): { local: boolean; text: string } | undefined {
  if (r.kind === 'event') {
    const facts = Object.entries(r.facts)
      .filter(([k]) => !STRATEGY_FACTS.includes(k))
      .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('+') : v}`)
      .join(' ');
    return { local: false, text: `event     ${r.detailType} ${facts}` };
  }
  if (r.kind === 'inbound') return { local: true, text: `reply in  ${r.channel.padEnd(5)} the customer wrote: ${r.intent ?? 'a message'}` };
  if (r.kind === 'contact' && r.initiatedBy === 'customer')
    return { local: true, text: `answered  ${r.channel.padEnd(5)} ${r.template}${r.outcome === 'sent' ? '' : `: ${r.outcome}`}` };
  if (r.kind === 'escalated') return { local: true, text: `handed to a person: ${r.reason}` };
  if (r.kind === 'handoff-completed') return { local: true, text: `a person handed it back: ${r.outcome}` };
  if (r.kind === 'conversation') return { local: true, text: `conversation on ${r.channel} (no further call for 7 days)` };
  return undefined;
}

/** The heading lines of one account cycle: its zones, segment and experiment variant. */
function cycleHeading(report: RunReport, key: string): string[] {
  const [accountId, cycleId] = key.split(' ');
  const out = ['', `${accountId} · cycle ${cycleId} · customer time zones: ${(report.zones.get(accountId) ?? []).join(', ')}`];
  const strategy = report.strategies.get(key);
  if (strategy?.segment) {
    const label = SEGMENT_LABELS[strategy.segment as Segment] ?? strategy.segment;
    const because = strategy.segmentReasons.map((r) => r.replace(/^[A-Za-z]+: /, '')).join('; ');
    out.push(`  segment: ${label}${because ? ` (${because})` : ''}`);
  }
  if (strategy?.variant) {
    out.push(
      `  variant: ${strategy.variant} of ${strategy.experiment ?? 'the experiment'} · playbook ${strategy.playbook ?? '?'}${strategy.variantReason?.startsWith('drew') ? ` (${strategy.variantReason})` : ''}`,
    );
  }
  return out;
}

/** One account cycle's story: its decisions (from the timeline) between the ledger's other records. */
function cycleLines(report: RunReport, key: string, records: LedgerRecord[]): string[] {
  const [accountId, cycleId] = key.split(' ');
  const out = cycleHeading(report, key);
  const entries = report.timeline.filter((e) => e.accountId === accountId && e.cycleId === cycleId);
  const zone = report.zones.get(accountId)?.[0];
  const localAt = (at: string) => (zone ? formatLocal(new Date(at), zone) : '');
  const line = (at: string, local: string, text: string) => out.push(`  ${shortUtc(at)}  ${local.padEnd(30)}  ${text}`);
  let next = 0;
  // A pause (a person has the account, a plan, a promise) may be decided again with nothing changed (a wake-up, a timed look): show it once.
  let lastWait = '';
  for (const r of records) {
    if (r.kind === 'decision') {
      const e = entries[next++];
      if (!e || e.kind === 'escalated' || (e.kind === 'wait' && !isRuleShapedWait(e))) continue;
      const signature = e.kind === 'wait' ? describeReasons(e.reasons).replace(/ until \S+ \S+/g, '') : '';
      if (signature && signature === lastWait) continue;
      lastWait = signature;
      line(e.at, e.localTimes[0] ?? '', describeEntry(e));
      continue;
    }
    lastWait = '';
    const text = recordText(r);
    if (text) line(r.at, text.local ? localAt(r.at) : '', text.text);
  }
  return out;
}

const list = (counts: Record<string, number>) =>
  Object.entries(counts)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ') || 'none';

function variantLines(s: Summary): string[] {
  if (!s.byVariant) return [];
  return [
    `  experiment        ${s.experiment}`,
    ...Object.entries(s.byVariant).map(
      ([variant, v]) =>
        `    ${variant.padEnd(16)}accounts ${v.accounts}; messages ${v.messages}; closed ${list(v.closed)}; hand-offs ${v.escalations}` +
        Object.entries(v.amounts)
          .map(([cur, a]) => `; ${cur} paid ${a.paid.toFixed(2)} of ${a.overdue.toFixed(2)} (${(a.recoveryRate * 100).toFixed(1)}%)`)
          .join(''),
    ),
  ];
}

function summaryLines(s: Summary): string[] {
  return [
    '',
    'Summary',
    `  period            ${s.period.from} .. ${s.period.until}`,
    `  accounts          ${s.accounts} with a journey${s.accountsWithoutJourney.length ? ` (${s.accountIdsInEvents} account ids in the events; none for ${s.accountsWithoutJourney.join(', ')})` : ''}; events delivered ${s.events.delivered}, rejected ${s.events.rejected}`,
    `  journeys          started ${s.journeys.started}; closed ${list(s.journeys.closed)}; still waiting ${s.journeys.stillWaitingAtEnd}; failed ${s.journeys.failed}`,
    `  messages          ${s.messages.total} (${list(s.messages.byChannel)})`,
    `  blocked/deferred  ${list(s.contactsBlockedOrDeferred.byRule)}`,
    `  hand-offs         ${s.escalations}, for ${s.cyclesHandedOff} account cycle${s.cyclesHandedOff === 1 ? '' : 's'} (closed handed-off counts those whose journey ended there)`,
    ...Object.entries(s.amounts).map(
      ([cur, a]) =>
        `  ${cur.padEnd(18)}overdue ${a.overdue.toFixed(2)}, paid ${a.paid.toFixed(2)}, recovery ${(a.recoveryRate * 100).toFixed(1)}%`,
    ),
    `  segments          ${list(s.segments)}`,
    ...(s.preDue.bills > 0
      ? [
          `  before due date   ${s.preDue.bills} bill${s.preDue.bills === 1 ? '' : 's'} in a pre-due stage (not placements: in none of the figures above); messages ${s.preDue.messages.total} (${list(s.preDue.messages.byChannel)}); closed ${list(s.preDue.closed)}`,
        ]
      : []),
    ...outcomeLines(s.outcomes),
    ...variantLines(s),
    `  reconciliation    ${JSON.stringify(s.reconciliation)}`,
  ];
}

/** The human-readable timeline and summary printed by `amicable run`, in ledger order. */
export function renderText(report: RunReport): string {
  const out: string[] = [];
  for (const [key, records] of report.ledger) out.push(...cycleLines(report, key, records));
  if (report.rejections.length) {
    out.push('', 'Rejected events (kept with their reasons):');
    for (const r of report.rejections) out.push(`  ${shortUtc(r.at)}  ${r.detailType} ${r.eventId}: ${r.reasons.join('; ')}`);
  }
  out.push(...summaryLines(report.summary));
  return out.join('\n') + '\n';
}
