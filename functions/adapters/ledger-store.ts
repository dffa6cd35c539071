/**
 * The contact ledger: an append-only audit trail per account and cycle (decisions with their reasons,
 * contacts and their outcomes, billing events as PII-free facts, escalations, failures, closure), kept
 * 3 years after the last activity through the table's TTL attribute. Entries are only ever added
 * (conditional put); the only update is extending their retention when a cycle closes.
 */
import { randomBytes } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Facts } from '../domain/lifecycle';
import type { Action, Channel, HandoffOutcome, HistoryEntry, Reason } from '../domain/types';
import { keys, RETENTION_SECONDS } from './tables';
import { auditRecord, DEFAULT_RAW_EVENT_RETENTION_DAYS, MAX_RAW_EVENT_CHARS, rawText, type AuditRecord, type Disposition } from './rejection-record';

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
  /** What the reconciliation sweep did or found (a journey restarted, an unconfirmed claim). */
  | (LedgerBase & {
      kind: 'reconciliation';
      finding: 'journey-restarted' | 'unconfirmed-claim';
      detail: string;
      stepId?: string;
      channel?: Channel;
    });

export type LedgerKind = LedgerRecord['kind'];

export interface Rejection {
  at: string;
  eventId: string;
  detailType: string;
  source: string;
  reasons: string[];
  /** rejected: the event broke its contract; ignored: valid, but nothing of ours to apply it to. Default rejected. */
  disposition?: Disposition;
  /**
   * The raw event as received, kept (encrypted) for the raw-event retention so the sender can be shown
   * what was wrong; omitted when it is not ours to keep (a provider event about another sender's message).
   */
  event?: unknown;
}

/** A kept rejection as read back: the audit record, and the raw event while it is kept. */
export type StoredRejection = Omit<Rejection, 'event'> & AuditRecord & { event?: string; truncated: boolean };

/** The raw event of a rejection sits beside its audit record under this sort-key suffix. */
const RAW_SUFFIX = '#raw';

function isConditionFailure(error: unknown): boolean {
  return (
    error instanceof ConditionalCheckFailedException ||
    (error as { name?: string } | undefined)?.name === 'ConditionalCheckFailedException'
  );
}

const epochSeconds = (iso: string | Date) => Math.floor(new Date(iso).getTime() / 1000);

/**
 * ULID-like sequence: real time, a per-process counter, then randomness. Entries with the same `at`
 * (common under virtual time, where a whole journey step happens in one instant) keep the order in
 * which they were appended; the random part keeps concurrent writers apart.
 */
let counter = 0;
const newSeq = () => {
  counter = (counter + 1) % 36 ** 5;
  return `${Date.now().toString(36).padStart(9, '0')}${counter.toString(36).padStart(5, '0')}${randomBytes(5).toString('hex')}`;
};

/** Time order: by `at`, then by append order (seq). The sort key puts the kind before seq, so it cannot be used alone. */
const compare = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
const byTimeThenSeq = (a: Record<string, unknown>, b: Record<string, unknown>) =>
  compare(String(a.at), String(b.at)) || compare(String(a.seq), String(b.seq));

const LEDGER_ATTRIBUTES = ['pk', 'sk', 'expiresAt', 'seq'] as const;

export class LedgerStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    /** How long the raw event of a rejection is kept (the audit record is kept three years). */
    private readonly rawEventRetentionDays = DEFAULT_RAW_EVENT_RETENTION_DAYS,
  ) {}

  /** Adds one entry; never overwrites (conditional put), expiring 3 years after its time. */
  async append(entry: LedgerRecord): Promise<void> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const seq = newSeq();
      try {
        await this.doc.send(
          new PutCommand({
            TableName: this.tableName,
            Item: {
              ...keys.ledgerEntry(entry.accountId, entry.cycleId, entry.at, entry.kind, seq),
              ...entry,
              seq,
              expiresAt: epochSeconds(entry.at) + RETENTION_SECONDS,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        return;
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        // A sequence collision: try again with a new one (never overwrite an entry).
      }
    }
    throw new Error('could not append a ledger entry: sequence collisions');
  }

  /** The cycle's entries, oldest first. */
  async history(accountId: string, cycleId: string): Promise<LedgerRecord[]> {
    const items = await this.cycleItems(accountId, cycleId);
    return items.sort(byTimeThenSeq).map((item) => {
      const record: Record<string, unknown> = { ...item };
      for (const attribute of LEDGER_ATTRIBUTES) delete record[attribute];
      return record as unknown as LedgerRecord;
    });
  }

  /**
   * Keeps the cycle's records 3 years from `from` (the last activity): called when the journey closes.
   * Returns how many entries were extended.
   */
  async extendRetention(accountId: string, cycleId: string, from: Date): Promise<number> {
    const expiresAt = epochSeconds(from) + RETENTION_SECONDS;
    const items = await this.cycleItems(accountId, cycleId);
    let extended = 0;
    for (const item of items) {
      if (typeof item.expiresAt === 'number' && item.expiresAt >= expiresAt) continue;
      try {
        await this.doc.send(
          new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: item.pk, sk: item.sk },
          UpdateExpression: 'SET expiresAt = :expiresAt',
          // Only ever later, and only on entries that exist (never re-create an expired one).
          ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(expiresAt) OR expiresAt < :expiresAt)',
          ExpressionAttributeValues: { ':expiresAt': expiresAt },
          }),
        );
        extended++;
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    }
    return extended;
  }

  /**
   * Keeps a rejected or ignored event: a bounded audit record for three years and, when given, the raw
   * event in its own item that expires after the raw-event retention. Recording it twice is harmless.
   */
  async recordRejection(rejection: Rejection): Promise<void> {
    const raw = rawText(rejection.event);
    const audit = auditRecord({ ...rejection, disposition: rejection.disposition ?? 'rejected', raw });
    const key = keys.rejection(rejection.at, audit.eventId);
    await this.putOnce({ ...key, kind: 'rejection', at: rejection.at, ...audit, expiresAt: epochSeconds(rejection.at) + RETENTION_SECONDS });
    if (rejection.event === undefined) return;
    await this.putOnce({
      pk: key.pk,
      sk: `${key.sk}${RAW_SUFFIX}`,
      kind: 'rejection-raw',
      event: raw.slice(0, MAX_RAW_EVENT_CHARS),
      truncated: raw.length > MAX_RAW_EVENT_CHARS,
      expiresAt: epochSeconds(rejection.at) + this.rawEventRetentionDays * 86_400,
    });
  }

  private async putOnce(item: Record<string, unknown>): Promise<void> {
    try {
      await this.doc.send(new PutCommand({ TableName: this.tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }));
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  /**
   * Rejections recorded on one UTC day (YYYY-MM-DD); `event` is the raw event as JSON text while it is
   * kept. DynamoDB's TTL deletes within days of expiry, not at once: given `asOf`, a raw event expired
   * by then counts as gone.
   */
  async rejections(day: string, asOf?: Date): Promise<StoredRejection[]> {
    const items = await this.queryAll({
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.rejection(`${day}T00:00:00.000Z`, 'x').pk },
    });
    const live = (item: Record<string, unknown>) => asOf === undefined || Number(item.expiresAt) > asOf.getTime() / 1000;
    const raws = new Map(items.filter((i) => i.kind === 'rejection-raw' && live(i)).map((i) => [String(i.sk).slice(0, -RAW_SUFFIX.length), i]));
    return items
      .filter((item) => item.kind === 'rejection')
      .map((item) => {
        const raw = raws.get(item.sk as string);
        return {
          at: item.at as string,
          eventId: item.eventId as string,
          detailType: item.detailType as string,
          source: item.source as string,
          disposition: (item.disposition as Disposition | undefined) ?? 'rejected',
          reasons: item.reasons as string[],
          fields: (item.fields as string[] | undefined) ?? [],
          eventHash: (item.eventHash as string | undefined) ?? '',
          eventChars: Number(item.eventChars ?? 0),
          ...(raw ? { event: raw.event as string } : {}),
          truncated: Boolean(raw?.truncated),
        };
      });
  }

  private cycleItems(accountId: string, cycleId: string): Promise<Record<string, unknown>[]> {
    return this.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.account(accountId).pk, ':prefix': keys.ledgerCyclePrefix(cycleId) },
      ConsistentRead: true,
    });
  }

  /** Every item a query matches, following the pages. */
  private async queryAll(query: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.doc.send(new QueryCommand({ ...query, TableName: this.tableName, ExclusiveStartKey }));
      items.push(...(page.Items ?? []));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return items;
  }
}

/** The part of the ledger the decision engine reads. */
export function toHistoryEntries(records: readonly LedgerRecord[]): HistoryEntry[] {
  const entries: HistoryEntry[] = [];
  for (const record of records) {
    switch (record.kind) {
      case 'contact': {
        const outcome =
          record.outcome === 'already-claimed' ? 'unconfirmed' : record.outcome === 'skipped' ? undefined : record.outcome;
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
