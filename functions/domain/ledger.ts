/**
 * The contact ledger as the domain sees it: an append-only audit trail per account and cycle (decisions
 * with their reasons, contacts and their outcomes, billing events as PII-free facts, escalations,
 * failures, closure), the port it is kept behind, and the part of it the decision engine reads.
 */
import type { Facts } from './lifecycle-types';
import type { Channel, HandoffOutcome, HistoryEntry } from './types';
import type { Action, Reason } from './decision-types';

/** What the ledger says happened to one contact attempt. */
export type ContactLedgerOutcome = 'sent' | 'failed-permanent' | 'unconfirmed' | 'skipped' | 'already-claimed';

/** PII-free facts about an event: ids, amounts, channels, codes. Never names, phone numbers or emails. */
export type EventFacts = Facts;

interface LedgerBase {
  accountId: string;
  cycleId: string;
  /** ISO-8601 UTC. */
  at: string;
}

/**
 * The journey's strategy, carried by the entries the journey writes (decisions, contacts, hand-offs,
 * closure) so every entry can be counted per segment and per experiment variant.
 */
export interface StrategyTags {
  segment?: string;
  /** The experiment variant (champion/challenger/holdout); absent when no experiment runs. */
  variant?: string;
}

export type LedgerRecord =
  | (LedgerBase & {
      kind: 'decision';
      action: Action;
      reasons: Reason[];
      playbookId: string;
      playbookVersion: string;
      ruleSetVersion: string;
    } & StrategyTags)
  | (LedgerBase & {
      kind: 'contact';
      stepId: string;
      channel: Channel;
      template: string;
      outcome: ContactLedgerOutcome;
      providerMessageId?: string;
      error?: string;
      reasons?: Reason[];
      /** customer: an answer to the customer's own message (not counted toward the caps on our contacts). */
      initiatedBy?: 'customer';
    } & StrategyTags)
  | (LedgerBase & { kind: 'event'; detailType: string; eventId?: string; facts: EventFacts } & StrategyTags)
  | (LedgerBase & { kind: 'conversation'; channel: Channel; detail?: string })
  /** The customer contacted us (a text reply): what they meant, never what they wrote. */
  | (LedgerBase & { kind: 'inbound'; channel: Channel; intent?: string })
  /** The customer opened or clicked one of our messages (when, and on which channel; nothing else). */
  | (LedgerBase & { kind: 'engaged'; channel: Channel })
  | (LedgerBase & { kind: 'payment'; amount: number })
  | (LedgerBase & { kind: 'handoff-completed'; outcome: HandoffOutcome })
  | (LedgerBase & { kind: 'escalated'; reason: string; summary?: string } & StrategyTags)
  | (LedgerBase & { kind: 'failure'; error: string; cause: string })
  | (LedgerBase & { kind: 'closed'; reason: string } & StrategyTags)
  /** Too many wrong answers to the portal's check: the account's (or person's) links locked or revoked. */
  | (LedgerBase & { kind: 'portal-lockout'; scope: 'account' | 'person'; stage: 'lock' | 'revoke'; failures: number; lockedUntil?: string })
  /** An operator reopened portal access after a revocation: whose counts were removed, who, and why. */
  | (LedgerBase & { kind: 'portal-reopened'; scopes: Array<'account' | 'person'>; operator: string; reason: string })
  /** What the reconciliation sweep did or found (a journey restarted, an unconfirmed claim, an unknown send outcome settled). */
  | (LedgerBase & {
      kind: 'reconciliation';
      finding: 'journey-restarted' | 'unconfirmed-claim' | 'send-settled-sent' | 'send-settled-not-sent';
      detail: string;
      stepId?: string;
      channel?: Channel;
    });

export type LedgerKind = LedgerRecord['kind'];

/** rejected: the event broke its contract; ignored: valid, but nothing of ours to apply it to. */
export type RejectionDisposition = 'rejected' | 'ignored';

export interface Rejection {
  at: string;
  eventId: string;
  detailType: string;
  source: string;
  reasons: string[];
  /** Default rejected. */
  disposition?: RejectionDisposition;
  /**
   * The raw event as received, kept (encrypted) for the raw-event retention so the sender can be shown
   * what was wrong; omitted when it is not ours to keep (a provider event about another sender's message).
   */
  event?: unknown;
}

/** A kept rejection as read back: the audit record (kept three years), and the raw event while it is kept. */
export interface StoredRejection extends Omit<Rejection, 'event' | 'disposition'> {
  disposition: RejectionDisposition;
  /** The field paths the reasons name. */
  fields: string[];
  /** sha256 of the raw event as JSON: which event it was, after the raw copy has expired. */
  eventHash: string;
  eventChars: number;
  event?: string;
  truncated: boolean;
}

export interface HistoryOptions {
  /**
   * false: without the decision records. A journey's steps read what happened (contacts, events, payments,
   * hand-offs, failures, closure), never what was decided before; decisions are most of a cycle's entries
   * and by far the largest (their reasons), so reading them on every step made each step's read grow with
   * the journey. Default true.
   */
  decisions?: boolean;
}

/** What a journey's steps read of the ledger: everything but the decisions. */
export const WITHOUT_DECISIONS: HistoryOptions = { decisions: false };

/** The ledger: entries are only ever added; the only update is extending their retention. */
export interface Ledger {
  /** Adds one entry; never overwrites, expiring 3 years after its time. */
  append(entry: LedgerRecord): Promise<void>;
  /**
   * Adds the entry once for `once` at its time: false (nothing written) when it was added already. A
   * retried step appends its outcome again without reading the cycle first.
   */
  appendOnce(entry: LedgerRecord, once: string): Promise<boolean>;
  /** The cycle's entries, oldest first. */
  history(accountId: string, cycleId: string, options?: HistoryOptions): Promise<LedgerRecord[]>;
  /** Keeps the cycle's records 3 years from `from` (the last activity). Returns how many entries were extended. */
  extendRetention(accountId: string, cycleId: string, from: Date): Promise<number>;
  /** Keeps a rejected or ignored event, bounded, under its UTC day. Recording it twice is harmless. */
  recordRejection(rejection: Rejection): Promise<void>;
  /** Rejections recorded on one UTC day (YYYY-MM-DD); given `asOf`, a raw event expired by then counts as gone. */
  rejections(day: string, asOf?: Date): Promise<StoredRejection[]>;
}

/** The part of the ledger the decision engine reads. */
export function toHistoryEntries(records: readonly LedgerRecord[]): HistoryEntry[] {
  const entries: HistoryEntry[] = [];
  for (const record of records) {
    switch (record.kind) {
      case 'contact': {
        const outcome = record.outcome === 'already-claimed' ? 'unconfirmed' : record.outcome === 'skipped' ? undefined : record.outcome;
        if (outcome) {
          entries.push({
            kind: 'contact',
            at: record.at,
            stepId: record.stepId,
            channel: record.channel,
            template: record.template,
            outcome,
            ...(record.initiatedBy === 'customer' ? { consented: true } : {}),
          });
        }
        break;
      }
      case 'conversation':
      case 'inbound':
      case 'engaged':
        entries.push({ kind: record.kind, at: record.at, channel: record.channel });
        break;
      case 'payment':
        entries.push({ kind: 'payment', at: record.at, amount: record.amount });
        break;
      case 'handoff-completed':
        entries.push({ kind: 'handoff-completed', at: record.at, outcome: record.outcome });
        break;
      case 'escalated':
        entries.push({ kind: 'escalated', at: record.at, reason: record.reason });
        break;
      case 'failure':
        entries.push({ kind: 'failure', at: record.at, error: record.error });
        break;
      default:
        break;
    }
  }
  return entries;
}
