/**
 * What a local run shows: a timeline per account built from the contact ledger (the audit trail, so
 * the report proves the ledger is complete), and a summary. One timeline entry per decision.
 */
import type { Account, Channel, Reason } from '../functions/domain/types';
import type { LedgerRecord } from '../functions/domain/ledger';
import { formatLocal, possibleTimeZones } from '../functions/domain/time-zones';
import type { LocalRunResult } from './runtime';
import { SEGMENT_LABELS, type Segment } from '../functions/domain/segments';
import { customerOutcomes, type CustomerOutcomes } from './outcomes';

export type TimelineKind = 'message' | 'blocked' | 'wait' | 'escalated' | 'closed';

export interface TimelineEntry {
  accountId: string;
  cycleId: string;
  /** UTC. */
  at: string;
  kind: TimelineKind;
  channel?: Channel;
  template?: string;
  stepId?: string;
  /** For a wait: when the journey decides again. */
  until?: string;
  /** For closed: why the journey ended. For blocked: what stopped the send. */
  outcome?: string;
  /** The customer's local time(s) when it happened. */
  localTimes: string[];
  reasons: Reason[];
  /** The segment the journey started in (see functions/domain/segments.ts). */
  segment?: string;
  /** The experiment variant the account is in, when an experiment runs. */
  variant?: string;
  /** The personal portal link the message carried (local portal). */
  link?: string;
}

/** How a cycle's journey was run, as its AccountOverdue ledger entry recorded it. */
export interface JourneyStrategyView {
  segment?: string;
  segmentReasons: string[];
  experiment?: string;
  variant?: string;
  variantReason?: string;
  playbook?: string;
}

/** Ledger facts of the AccountOverdue event that describe the strategy, not the debt. */
const STRATEGY_FACTS = ['segment', 'segmentReasons', 'experiment', 'variant', 'variantReason', 'playbookId', 'playbookVersion'];

function strategyOfRecords(records: LedgerRecord[]): JourneyStrategyView {
  const overdue = records.find(
    (r): r is Extract<LedgerRecord, { kind: 'event' }> =>
      r.kind === 'event' && r.detailType === 'AccountOverdue' && r.facts.segment !== undefined,
  );
  const f = overdue?.facts ?? {};
  const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const playbookId = text(f.playbookId);
  return {
    segment: text(f.segment),
    segmentReasons: Array.isArray(f.segmentReasons) ? f.segmentReasons : [],
    experiment: text(f.experiment),
    variant: text(f.variant),
    variantReason: text(f.variantReason),
    playbook: playbookId ? `${playbookId}@${text(f.playbookVersion) ?? '?'}` : undefined,
  };
}

export interface VariantSummary {
  accounts: number;
  messages: number;
  closed: Record<string, number>;
  escalations: number;
  bySegment: Record<string, number>;
  amounts: Record<string, { overdue: number; paid: number; recoveryRate: number }>;
}

export interface RunReport {
  timeline: TimelineEntry[];
  /** Ledger records per account and cycle, in order (for the readable output). */
  ledger: Map<string, LedgerRecord[]>;
  zones: Map<string, string[]>;
  /** Per account and cycle (same keys as ledger): the segment, variant and playbook its journey ran. */
  strategies: Map<string, JourneyStrategyView>;
  rejections: Array<{ at: string; detailType: string; eventId: string; reasons: string[] }>;
  summary: Summary;
}

export interface Summary {
  period: { from: string; until: string };
  /** Accounts with a journey (a ledger): what every other figure is over. */
  accounts: number;
  /**
   * Account ids the event file names (what the run's progress counts): more than `accounts` when an id
   * is only in rejected events or never had an overdue event; those are listed in accountsWithoutJourney.
   */
  accountIdsInEvents: number;
  accountsWithoutJourney: string[];
  events: { delivered: number; rejected: number };
  journeys: { started: number; closed: Record<string, number>; stillWaitingAtEnd: number; failed: number };
  messages: { total: number; byChannel: Record<string, number>; byTemplate: Record<string, number> };
  contactsBlockedOrDeferred: { byRule: Record<string, number> };
  escalations: number;
  /** Account cycles with at least one hand-off (a cycle may be handed to a person more than once). */
  cyclesHandedOff: number;
  handOffEventsPublished: number;
  amounts: Record<string, { overdue: number; paid: number; recoveryRate: number }>;
  /** Journeys per segment. */
  segments: Record<string, number>;
  /** First-contact resolution, CSAT, complaint-to-resolution time and the rates per account contacted. */
  outcomes: CustomerOutcomes;
  /** The experiment the run assigned accounts in, if any, and the results per variant. */
  experiment?: string;
  byVariant?: Record<string, VariantSummary>;
  reconciliation: unknown;
}

const BLOCKING: Reason['effect'][] = ['blocked', 'deferred', 'suppressed'];
/**
 * Contact rules, as opposed to the playbook's own cadence (playbook.*), a message waiting for its reserved
 * second (pacing.*: how every paced message goes out) and journey bookkeeping (journey.*).
 */
const NOT_CONTACT_RULES = ['playbook.', 'journey.', 'care.', 'pacing.'];
const isContactRule = (r: Reason) => !NOT_CONTACT_RULES.some((prefix) => r.ruleId.startsWith(prefix));
const increment = (counts: Record<string, number>, key: string) => (counts[key] = (counts[key] ?? 0) + 1);
const cents = (n: number) => Math.round(n * 100) / 100;
/**
 * One definition per count, the same the analytics facts use: a message is a contact the ledger says was
 * sent (our outreach, care steps and answers to the customer); a hand-off is an escalated ledger entry
 * (one AgentHandoffRequested event each), whether Decide or a customer's request made it.
 */
const isMessageSent = (r: LedgerRecord): r is Extract<LedgerRecord, { kind: 'contact' }> => r.kind === 'contact' && r.outcome === 'sent';
const isHandOff = (r: LedgerRecord) => r.kind === 'escalated';

/** Portal links in the messages sent (http(s)://host/#t=token), by message key. */
export function linksByMessage(sent: readonly { messageKey: string; text: string }[]): Map<string, string> {
  const links = new Map<string, string>();
  for (const m of sent) {
    const link = /https?:\/\/\S+\/#t=[A-Za-z0-9._-]+/.exec(m.text)?.[0];
    if (link) links.set(m.messageKey, link);
  }
  return links;
}

function timelineOf(records: LedgerRecord[], zones: string[], strategy: JourneyStrategyView, links: Map<string, string>): TimelineEntry[] {
  const entries: TimelineEntry[] = [];
  const local = (at: string) => zones.map((z) => formatLocal(new Date(at), z));
  const tags = { ...(strategy.segment ? { segment: strategy.segment } : {}), ...(strategy.variant ? { variant: strategy.variant } : {}) };
  records.forEach((record, index) => {
    if (record.kind !== 'decision') return;
    const base = {
      accountId: record.accountId,
      cycleId: record.cycleId,
      at: record.at,
      localTimes: local(record.at),
      reasons: record.reasons,
      ...tags,
    };
    const action = record.action;
    switch (action.type) {
      case 'contact': {
        const contact = records
          .slice(index + 1)
          .find(
            (r): r is Extract<LedgerRecord, { kind: 'contact' }> =>
              r.kind === 'contact' && r.stepId === action.stepId && r.channel === action.channel,
          );
        const sent = contact?.outcome === 'sent';
        const link = sent ? links.get(`${record.accountId}:${record.cycleId}:${action.stepId}:${action.channel}`) : undefined;
        entries.push({
          ...(link ? { link } : {}),
          ...base,
          kind: sent ? 'message' : 'blocked',
          channel: action.channel,
          template: action.template,
          stepId: action.stepId,
          outcome: contact ? contact.outcome + (contact.error ? `: ${contact.error}` : '') : 'no outcome recorded',
          reasons: [...record.reasons, ...(contact?.reasons ?? [])],
        });
        break;
      }
      case 'wait':
        entries.push({ ...base, kind: 'wait', until: action.until });
        break;
      case 'escalate':
        entries.push({ ...base, kind: 'escalated', outcome: action.reason });
        break;
      case 'close':
        entries.push({ ...base, kind: 'closed', outcome: action.reason });
        break;
    }
  });
  return entries;
}

export async function buildReport(run: LocalRunResult): Promise<RunReport> {
  const { ledger: ledgerStore, state, settings } = run.dependencies;
  const ledger = new Map<string, LedgerRecord[]>();
  const zones = new Map<string, string[]>();
  const strategies = new Map<string, JourneyStrategyView>();
  const timeline: TimelineEntry[] = [];
  const amounts: Summary['amounts'] = {};
  const segments: Record<string, number> = {};
  const byVariant: Record<string, VariantSummary> = {};
  const cycles: Array<{ records: LedgerRecord[]; account?: Account }> = [];
  const links = linksByMessage(run.sent);

  for (const { accountId, cycleId } of run.cycles) {
    const account: Account | undefined = await state.getAccount(accountId);
    const accountZones = account ? possibleTimeZones(account.customer, settings.businessTimeZone) : [settings.businessTimeZone];
    zones.set(accountId, accountZones);
    const records = await ledgerStore.history(accountId, cycleId);
    if (records.length === 0) continue; // its overdue event was rejected: nothing was created
    ledger.set(`${accountId} ${cycleId}`, records);
    // Outcomes belong to the account's current cycle (its state is that cycle's).
    cycles.push({ records, ...(account?.cycleId === cycleId ? { account } : {}) });
    const strategy = strategyOfRecords(records);
    strategies.set(`${accountId} ${cycleId}`, strategy);
    if (strategy.segment) increment(segments, strategy.segment);
    const entries = timelineOf(records, accountZones, strategy, links);
    timeline.push(...entries);
    const perVariant = strategy.variant
      ? (byVariant[strategy.variant] ??= { accounts: 0, messages: 0, closed: {}, escalations: 0, bySegment: {}, amounts: {} })
      : undefined;
    if (perVariant) {
      perVariant.accounts += 1;
      if (strategy.segment) increment(perVariant.bySegment, strategy.segment);
      for (const e of entries) if (e.kind === 'closed') increment(perVariant.closed, e.outcome ?? 'unknown');
      perVariant.messages += records.filter(isMessageSent).length;
      perVariant.escalations += records.filter(isHandOff).length;
    }
    for (const r of records) {
      if (r.kind !== 'event') continue;
      const currency = String(r.facts.currency ?? account?.currency ?? 'USD');
      for (const target of perVariant ? [amounts, perVariant.amounts] : [amounts]) {
        const bucket = (target[currency] ??= { overdue: 0, paid: 0, recoveryRate: 0 });
        // A repeated overdue event for the same cycle places nothing new (the analytics 'placed' fact).
        if (r.detailType === 'AccountOverdue' && typeof r.facts.amountDue === 'number' && r.facts.repeated !== true)
          bucket.overdue += r.facts.amountDue;
        if (r.detailType === 'PaymentReceived' && typeof r.facts.amount === 'number' && r.facts.applied !== false)
          bucket.paid += r.facts.amount;
      }
    }
  }
  for (const bucket of [...Object.values(amounts), ...Object.values(byVariant).flatMap((v) => Object.values(v.amounts))]) {
    bucket.overdue = cents(bucket.overdue);
    bucket.paid = cents(bucket.paid);
    bucket.recoveryRate = bucket.overdue > 0 ? Math.round((bucket.paid / bucket.overdue) * 1000) / 1000 : 0;
  }

  const days = [...new Set(run.deliveredDays)];
  const rejections = (await Promise.all(days.map((d) => ledgerStore.rejections(d))))
    .flat()
    .filter((r) => r.disposition === 'rejected')
    .map((r) => ({ at: r.at, detailType: r.detailType, eventId: r.eventId, reasons: r.reasons }))
    .sort((a, b) => a.at.localeCompare(b.at));

  const closed: Record<string, number> = {};
  const byChannel: Record<string, number> = {};
  const byTemplate: Record<string, number> = {};
  const byRule: Record<string, number> = {};
  const sent = [...ledger.values()].flat().filter(isMessageSent);
  for (const m of sent) {
    increment(byChannel, m.channel);
    increment(byTemplate, m.template);
  }
  for (const entry of timeline) {
    if (entry.kind === 'closed') increment(closed, entry.outcome ?? 'unknown');
    for (const reason of entry.reasons) if (isContactRule(reason) && BLOCKING.includes(reason.effect)) increment(byRule, reason.ruleId);
  }

  const withJourney = new Set([...ledger.keys()].map((k) => k.split(' ')[0]));
  return {
    timeline,
    ledger,
    zones,
    strategies,
    rejections,
    summary: {
      period: { from: run.startedAt.toISOString(), until: run.until.toISOString() },
      accounts: withJourney.size,
      accountIdsInEvents: run.accounts.length,
      accountsWithoutJourney: run.accounts.filter((a) => !withJourney.has(a)),
      events: { delivered: run.deliveredEvents, rejected: rejections.length },
      journeys: {
        started: run.executions.length,
        closed,
        stillWaitingAtEnd: run.waitingJourneys,
        failed: run.executions.filter((e) => e.status === 'FAILED').length,
      },
      messages: { total: sent.length, byChannel, byTemplate },
      contactsBlockedOrDeferred: { byRule },
      escalations: [...ledger.values()].flat().filter(isHandOff).length,
      cyclesHandedOff: [...ledger.values()].filter((records) => records.some(isHandOff)).length,
      handOffEventsPublished: run.published.filter((p) => p.detailType === 'AgentHandoffRequested').length,
      amounts,
      segments,
      outcomes: customerOutcomes(cycles),
      ...(run.experiment ? { experiment: run.experiment.id, byVariant } : {}),
      reconciliation: run.sweep,
    },
  };
}

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
  const list = (counts: Record<string, number>) =>
    Object.entries(counts)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ') || 'none';
  return [
    `  customers         contacted ${o.accountsContacted}; first-contact resolution ${pct(o.firstContactResolution)}`,
    `  replies           ${list(o.repliesByIntent)}`,
    `  satisfaction      ${o.csat.meanScore ?? '-'} of 5 (${o.csat.responses} of ${o.csat.surveysSent} answered, ${pct(o.csat.responseRate)})`,
    `  complaints        ${o.complaints.received} (${o.complaints.per1000Contacted} per 1,000 contacted); resolved ${o.complaints.resolved}, median ${o.complaints.medianHoursToResolve ?? '-'} h`,
    `  rates             opt-out ${pct(o.optOutRate)}, escalation ${pct(o.escalationRate)}, dispute ${pct(o.disputeRate)} of accounts contacted`,
    `  promises, plans   promises made ${o.promises.made}, kept ${o.promises.kept}, broken ${o.promises.broken}; plans agreed ${o.plans.agreed}, completed ${o.plans.completed}, with a missed instalment ${o.plans.instalmentsMissed}`,
  ];
}

/** The human-readable timeline and summary printed by `amicable run`, in ledger order. */
export function renderText(report: RunReport): string {
  const out: string[] = [];
  for (const [key, records] of report.ledger) {
    const [accountId, cycleId] = key.split(' ');
    out.push('', `${accountId} · cycle ${cycleId} · customer time zones: ${(report.zones.get(accountId) ?? []).join(', ')}`);
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
    const entries = report.timeline.filter((e) => e.accountId === accountId && e.cycleId === cycleId);
    const zone = report.zones.get(accountId)?.[0];
    const localAt = (at: string) => (zone ? formatLocal(new Date(at), zone) : '');
    const line = (at: string, local: string, text: string) => out.push(`  ${shortUtc(at)}  ${local.padEnd(30)}  ${text}`);
    let next = 0;
    // A pause (a person has the account, a plan, a promise) is re-checked often: show it once.
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
      if (r.kind === 'event') {
        const facts = Object.entries(r.facts)
          .filter(([k]) => !STRATEGY_FACTS.includes(k))
          .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('+') : v}`)
          .join(' ');
        line(r.at, '', `event     ${r.detailType} ${facts}`);
      } else if (r.kind === 'inbound') {
        line(r.at, localAt(r.at), `reply in  ${r.channel.padEnd(5)} the customer wrote: ${r.intent ?? 'a message'}`);
      } else if (r.kind === 'contact' && r.initiatedBy === 'customer') {
        line(r.at, localAt(r.at), `answered  ${r.channel.padEnd(5)} ${r.template}${r.outcome === 'sent' ? '' : `: ${r.outcome}`}`);
      } else if (r.kind === 'escalated') {
        line(r.at, localAt(r.at), `handed to a person: ${r.reason}`);
      } else if (r.kind === 'handoff-completed') {
        line(r.at, localAt(r.at), `a person handed it back: ${r.outcome}`);
      } else if (r.kind === 'conversation') {
        line(r.at, localAt(r.at), `conversation on ${r.channel} (no further call for 7 days)`);
      }
    }
  }
  if (report.rejections.length) {
    out.push('', 'Rejected events (kept with their reasons):');
    for (const r of report.rejections) out.push(`  ${shortUtc(r.at)}  ${r.detailType} ${r.eventId}: ${r.reasons.join('; ')}`);
  }
  const s = report.summary;
  const list = (counts: Record<string, number>) =>
    Object.entries(counts)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ') || 'none';
  out.push(
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
    ...outcomeLines(s.outcomes),
    ...(s.byVariant
      ? [
          `  experiment        ${s.experiment}`,
          ...Object.entries(s.byVariant).map(
            ([variant, v]) =>
              `    ${variant.padEnd(16)}accounts ${v.accounts}; messages ${v.messages}; closed ${list(v.closed)}; hand-offs ${v.escalations}` +
              Object.entries(v.amounts)
                .map(([cur, a]) => `; ${cur} paid ${a.paid.toFixed(2)} of ${a.overdue.toFixed(2)} (${(a.recoveryRate * 100).toFixed(1)}%)`)
                .join(''),
          ),
        ]
      : []),
    `  reconciliation    ${JSON.stringify(s.reconciliation)}`,
  );
  return out.join('\n') + '\n';
}
