/**
 * What a local run shows: a timeline per account built from the contact ledger (the audit trail, so
 * the report proves the ledger is complete), and a summary. One timeline entry per decision.
 */
import { cents } from '../functions/domain/money';
import type { Account, Channel } from '../functions/domain/types';
import type { Reason } from '../functions/domain/decision-types';
import type { LedgerRecord } from '../functions/domain/ledger';
import { possibleTimeZones } from '../functions/domain/time-zones';
import { formatLocal } from '../functions/domain/zone-clock';
import type { LocalRunResult } from './runtime';
import { customerOutcomes, type CustomerOutcomes } from './outcomes';
import { PRE_DUE_CYCLE_SUFFIX } from '../functions/domain/pre-due/contract';
import { journeyExecutionName } from '../functions/domain/journey-name';

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
export const STRATEGY_FACTS = ['segment', 'segmentReasons', 'experiment', 'variant', 'variantReason', 'playbookId', 'playbookVersion'];

function strategyOfRecords(records: LedgerRecord[]): JourneyStrategyView {
  const overdue = records.find(
    (r): r is Extract<LedgerRecord, { kind: 'event' }> =>
      r.kind === 'event' && (r.detailType === 'AccountOverdue' || r.detailType === 'PaymentDueSoon') && r.facts.segment !== undefined,
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
  /**
   * Bills reminded before their due date (PaymentDueSoon): their `<bill>.pre-due` cycles have timelines
   * but are not placements, so every other figure here (amounts, messages, hand-offs, outcomes, segments,
   * variants) is over the overdue journeys only, as the analytics views are.
   */
  preDue: PreDueSummary;
  /** First-contact resolution, CSAT, complaint-to-resolution time and the rates per account contacted. */
  outcomes: CustomerOutcomes;
  /** The experiment the run assigned accounts in, if any, and the results per variant. */
  experiment?: string;
  byVariant?: Record<string, VariantSummary>;
  reconciliation: unknown;
}

export interface PreDueSummary {
  bills: number;
  messages: { total: number; byChannel: Record<string, number> };
  closed: Record<string, number>;
}

/** A bill's pre-due stage (its own cycle key), as opposed to an overdue journey. */
export const isPreDueCycle = (cycleId: string) => cycleId.endsWith(PRE_DUE_CYCLE_SUFFIX);

export const BLOCKING: Reason['effect'][] = ['blocked', 'deferred', 'suppressed'];
/**
 * Contact rules, as opposed to the playbook's own cadence (playbook.*), a message waiting for its reserved
 * second (pacing.*: how every paced message goes out) and journey bookkeeping (journey.*).
 */
const NOT_CONTACT_RULES = ['playbook.', 'journey.', 'care.', 'pacing.'];
export const isContactRule = (r: Reason) => !NOT_CONTACT_RULES.some((prefix) => r.ruleId.startsWith(prefix));
const increment = (counts: Record<string, number>, key: string) => (counts[key] = (counts[key] ?? 0) + 1);
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
    if (record.kind === 'event' && record.detailType === 'PaymentDueSoon' && typeof record.facts.notReminded === 'string') {
      // A bill the playbook does not remind has no journey: its timeline says so, and why.
      const why = record.facts.notReminded;
      const reason = { ruleId: 'pre-due.not-reminded', effect: 'suppressed' as const, detail: `no reminder before the due date: ${why}` };
      entries.push({
        accountId: record.accountId,
        cycleId: record.cycleId,
        at: record.at,
        localTimes: local(record.at),
        ...tags,
        kind: 'closed',
        outcome: `not-reminded (${why})`,
        reasons: [reason],
      });
    }
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

type Amounts = Summary['amounts'];

/** Adds a cycle's placed and paid amounts (by currency) to each target. */
function addAmounts(records: LedgerRecord[], account: Account | undefined, targets: Amounts[]): void {
  for (const r of records) {
    if (r.kind !== 'event') continue;
    const currency = String(r.facts.currency ?? account?.currency ?? 'USD');
    for (const target of targets) {
      const bucket = (target[currency] ??= { overdue: 0, paid: 0, recoveryRate: 0 });
      // A repeated overdue event for the same cycle places nothing new (the analytics 'placed' fact).
      if (r.detailType === 'AccountOverdue' && typeof r.facts.amountDue === 'number' && r.facts.repeated !== true)
        bucket.overdue += r.facts.amountDue;
      if (r.detailType === 'PaymentReceived' && typeof r.facts.amount === 'number' && r.facts.applied !== false)
        bucket.paid += r.facts.amount;
    }
  }
}

function roundAmounts(all: Amounts[]): void {
  for (const bucket of all.flatMap((a) => Object.values(a))) {
    bucket.overdue = cents(bucket.overdue);
    bucket.paid = cents(bucket.paid);
    bucket.recoveryRate = bucket.overdue > 0 ? Math.round((bucket.paid / bucket.overdue) * 1000) / 1000 : 0;
  }
}

function addToVariant(perVariant: VariantSummary, strategy: JourneyStrategyView, entries: TimelineEntry[], records: LedgerRecord[]): void {
  perVariant.accounts += 1;
  if (strategy.segment) increment(perVariant.bySegment, strategy.segment);
  for (const e of entries) if (e.kind === 'closed') increment(perVariant.closed, e.outcome ?? 'unknown');
  perVariant.messages += records.filter(isMessageSent).length;
  perVariant.escalations += records.filter(isHandOff).length;
}

/** The run's rejected events (from the days events were delivered), oldest first. */
async function rejectionsOf(run: LocalRunResult): Promise<RunReport['rejections']> {
  const days = [...new Set(run.deliveredDays)];
  return (await Promise.all(days.map((d) => run.dependencies.ledger.rejections(d))))
    .flat()
    .filter((r) => r.disposition === 'rejected')
    .map((r) => ({ at: r.at, detailType: r.detailType, eventId: r.eventId, reasons: r.reasons }))
    .sort((a, b) => a.at.localeCompare(b.at));
}

/** What the run's account cycles hold, read from the ledger and the account state. */
interface CycleViews {
  ledger: Map<string, LedgerRecord[]>;
  zones: Map<string, string[]>;
  strategies: Map<string, JourneyStrategyView>;
  timeline: TimelineEntry[];
  amounts: Amounts;
  segments: Record<string, number>;
  byVariant: Record<string, VariantSummary>;
  cycles: Array<{ records: LedgerRecord[]; account?: Account }>;
  /** Ledger keys of the pre-due stages (in `ledger` and `timeline`, in none of the figures above). */
  preDueKeys: Set<string>;
}

async function readCycles(run: LocalRunResult): Promise<CycleViews> {
  const { ledger: ledgerStore, state, settings } = run.dependencies;
  const v: CycleViews = {
    ledger: new Map(),
    zones: new Map(),
    strategies: new Map(),
    timeline: [],
    amounts: {},
    segments: {},
    byVariant: {},
    cycles: [],
    preDueKeys: new Set(),
  };
  const links = linksByMessage(run.sent);
  for (const { accountId, cycleId } of run.cycles) {
    const account: Account | undefined = await state.getAccount(accountId);
    const accountZones = account ? possibleTimeZones(account.customer, settings.businessTimeZone) : [settings.businessTimeZone];
    v.zones.set(accountId, accountZones);
    const records = await ledgerStore.history(accountId, cycleId);
    if (records.length === 0) continue; // its overdue event was rejected: nothing was created
    v.ledger.set(`${accountId} ${cycleId}`, records);
    const strategy = strategyOfRecords(records);
    v.strategies.set(`${accountId} ${cycleId}`, strategy);
    const entries = timelineOf(records, accountZones, strategy, links);
    v.timeline.push(...entries);
    if (isPreDueCycle(cycleId)) {
      v.preDueKeys.add(`${accountId} ${cycleId}`);
      continue;
    }
    // Outcomes belong to the account's current cycle (its state is that cycle's).
    v.cycles.push({ records, ...(account?.cycleId === cycleId ? { account } : {}) });
    if (strategy.segment) increment(v.segments, strategy.segment);
    const perVariant = strategy.variant
      ? (v.byVariant[strategy.variant] ??= { accounts: 0, messages: 0, closed: {}, escalations: 0, bySegment: {}, amounts: {} })
      : undefined;
    if (perVariant) addToVariant(perVariant, strategy, entries, records);
    addAmounts(records, account, perVariant ? [v.amounts, perVariant.amounts] : [v.amounts]);
  }
  roundAmounts([v.amounts, ...Object.values(v.byVariant).map((b) => b.amounts)]);
  return v;
}

/** The overdue journeys' ledgers (the pre-due stages are summarised on their own). */
const overdueLedgers = (v: CycleViews) => [...v.ledger].filter(([key]) => !v.preDueKeys.has(key)).map(([, records]) => records);

/** The pre-due stages: bills reminded, their messages by channel, how each stage ended. */
function preDueSummary(v: CycleViews): PreDueSummary {
  const byChannel: Record<string, number> = {};
  const closed: Record<string, number> = {};
  for (const key of v.preDueKeys) for (const m of v.ledger.get(key)!.filter(isMessageSent)) increment(byChannel, m.channel);
  for (const e of v.timeline) if (e.kind === 'closed' && isPreDueCycle(e.cycleId)) increment(closed, e.outcome ?? 'unknown');
  return { bills: v.preDueKeys.size, messages: { total: Object.values(byChannel).reduce((a, b) => a + b, 0), byChannel }, closed };
}

/** Messages by channel and template, closings by outcome, blocked or deferred contacts by rule (overdue journeys). */
function tally(v: CycleViews) {
  const closed: Record<string, number> = {};
  const byChannel: Record<string, number> = {};
  const byTemplate: Record<string, number> = {};
  const byRule: Record<string, number> = {};
  const sent = overdueLedgers(v).flat().filter(isMessageSent);
  for (const m of sent) {
    increment(byChannel, m.channel);
    increment(byTemplate, m.template);
  }
  for (const entry of v.timeline) {
    if (isPreDueCycle(entry.cycleId)) continue;
    if (entry.kind === 'closed') increment(closed, entry.outcome ?? 'unknown');
    for (const reason of entry.reasons) if (isContactRule(reason) && BLOCKING.includes(reason.effect)) increment(byRule, reason.ruleId);
  }
  return { closed, messages: { total: sent.length, byChannel, byTemplate }, byRule };
}

export async function buildReport(run: LocalRunResult): Promise<RunReport> {
  const v = await readCycles(run);
  const rejections = await rejectionsOf(run);
  const { closed, messages, byRule } = tally(v);
  const withJourney = new Set([...v.ledger.keys()].map((k) => k.split(' ')[0]));
  const ledgerRecords = overdueLedgers(v);
  const preDueJourneys = new Set([...v.preDueKeys].map((k) => journeyExecutionName(...(k.split(' ') as [string, string]))));
  return {
    timeline: v.timeline,
    ledger: v.ledger,
    zones: v.zones,
    strategies: v.strategies,
    rejections,
    summary: {
      period: { from: run.startedAt.toISOString(), until: run.until.toISOString() },
      accounts: withJourney.size,
      accountIdsInEvents: run.accounts.length,
      accountsWithoutJourney: run.accounts.filter((a) => !withJourney.has(a)),
      events: { delivered: run.deliveredEvents, rejected: rejections.length },
      journeys: {
        started: new Set(run.executions.map((e) => e.journey).filter((j) => !preDueJourneys.has(j))).size,
        closed,
        stillWaitingAtEnd: run.waitingJourneys,
        failed: run.executions.filter((e) => e.status === 'FAILED').length,
      },
      messages,
      contactsBlockedOrDeferred: { byRule },
      escalations: ledgerRecords.flat().filter(isHandOff).length,
      cyclesHandedOff: ledgerRecords.filter((records) => records.some(isHandOff)).length,
      handOffEventsPublished: run.published.filter((p) => p.detailType === 'AgentHandoffRequested').length,
      amounts: v.amounts,
      segments: v.segments,
      preDue: preDueSummary(v),
      outcomes: customerOutcomes(v.cycles),
      ...(run.experiment ? { experiment: run.experiment.id, byVariant: v.byVariant } : {}),
      reconciliation: run.sweep,
    },
  };
}
