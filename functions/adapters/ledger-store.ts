/**
 * The contact ledger: an append-only audit trail per account and cycle (decisions with their reasons,
 * contacts and their outcomes, billing events as PII-free facts, escalations, failures, closure), kept
 * 3 years after the last activity through the table's TTL attribute. Entries are only ever added
 * (conditional put); the only update is extending their retention when a cycle closes.
 */
import { createHash, randomBytes } from 'node:crypto';
import { BatchExecuteStatementCommand, PutCommand, type DynamoDBDocumentClient, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type {
  HistoryOptions,
  Ledger,
  LedgerRecord,
  Rejection,
  RejectionDisposition as Disposition,
  StoredRejection,
} from '../domain/ledger';
import { isConditionFailure, queryAll } from './dynamo-table';
import { keys, RETENTION_SECONDS } from './tables';
import { auditRecord, DEFAULT_RAW_EVENT_RETENTION_DAYS, MAX_RAW_EVENT_CHARS, rawText } from './rejection-record';

/** The raw event of a rejection sits beside its audit record under this sort-key suffix. */
const RAW_SUFFIX = '#raw';

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

type ItemNarrowing = Pick<
  QueryCommandInput,
  'FilterExpression' | 'ProjectionExpression' | 'ExpressionAttributeNames' | 'ExpressionAttributeValues'
>;

/** What of a cycle a read keeps: `beforeDecisions`, only the key range before its decisions. */
type CycleRead = ItemNarrowing & { beforeDecisions?: boolean };

/**
 * Every entry but the decisions: the key range before them, and a filter for those written before
 * decisions had a range of their own (DynamoDB reads and bills only the range).
 */
const WITHOUT_DECISION_ITEMS: CycleRead = {
  beforeDecisions: true,
  FilterExpression: '#kind <> :decision',
  ExpressionAttributeNames: { '#kind': 'kind' },
  ExpressionAttributeValues: { ':decision': 'decision' },
};

/** PartiQL's batch limit, and how many times a statement that failed for another reason than its condition is sent. */
const STATEMENTS_PER_BATCH = 25;
const STATEMENT_ATTEMPTS = 3;

/** A batch statement's outcome that is worth sending again: neither made nor refused by its condition. */
const failedOtherwise = (code: string) => code !== 'OK' && code !== 'ConditionalCheckFailed';

/** What extending an entry's retention reads of it: its key and its expiry, not the entry. */
const RETENTION_ATTRIBUTES: ItemNarrowing = { ProjectionExpression: 'pk, sk, expiresAt' };

export class LedgerStore implements Ledger {
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
      // A sequence collision: try again with a new one (never overwrite an entry).
      if (await this.put(entry, seq, seq)) return;
    }
    throw new Error('could not append a ledger entry: sequence collisions');
  }

  /** The key names `once` (hashed: a step id may hold any character); seq still keeps the append order. */
  async appendOnce(entry: LedgerRecord, once: string): Promise<boolean> {
    return this.put(entry, `once.${createHash('sha256').update(once).digest('hex').slice(0, 24)}`, newSeq());
  }

  /** Puts the entry under `keyPart` unless that key exists: false then. */
  private async put(entry: LedgerRecord, keyPart: string, seq: string): Promise<boolean> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...keys.ledgerEntry(entry.accountId, entry.cycleId, entry.at, entry.kind, keyPart),
            ...entry,
            seq,
            expiresAt: epochSeconds(entry.at) + RETENTION_SECONDS,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  /** The cycle's entries, oldest first (without its decisions when asked: a key range without them, never read). */
  async history(accountId: string, cycleId: string, options: HistoryOptions = {}): Promise<LedgerRecord[]> {
    const items = await this.cycleItems(accountId, cycleId, options.decisions === false ? WITHOUT_DECISION_ITEMS : {});
    return items.sort(byTimeThenSeq).map((item) => {
      const record: Record<string, unknown> = { ...item };
      for (const attribute of LEDGER_ATTRIBUTES) delete record[attribute];
      return record as unknown as LedgerRecord;
    });
  }

  /**
   * Keeps the cycle's records 3 years from `from` (the last activity): called when the journey closes.
   * Returns how many entries were extended. The entries go 25 to a request (PartiQL's batch): one
   * conditional update each, as UpdateItem would make, at the same write cost, in a fraction of the
   * round trips (a cycle has dozens of entries).
   */
  async extendRetention(accountId: string, cycleId: string, from: Date): Promise<number> {
    const expiresAt = epochSeconds(from) + RETENTION_SECONDS;
    const items = await this.cycleItems(accountId, cycleId, RETENTION_ATTRIBUTES);
    const due = items.filter((item) => !(typeof item.expiresAt === 'number' && item.expiresAt >= expiresAt));
    let extended = 0;
    for (let i = 0; i < due.length; i += STATEMENTS_PER_BATCH) {
      extended += await this.extendBatch(due.slice(i, i + STATEMENTS_PER_BATCH), expiresAt);
    }
    return extended;
  }

  /**
   * One batch of retention updates; how many were made. A statement whose condition fails (extended
   * meanwhile, or gone) is skipped; one that failed otherwise (throttled) is sent again, then thrown.
   */
  private async extendBatch(items: Record<string, unknown>[], expiresAt: number): Promise<number> {
    // Only ever later, and only on entries that exist (a PartiQL UPDATE never creates one).
    const statement = `UPDATE "${this.tableName}" SET expiresAt = ? WHERE pk = ? AND sk = ? AND (expiresAt IS MISSING OR expiresAt < ?)`;
    let pending = items;
    let extended = 0;
    for (let attempt = 1; pending.length > 0; attempt++) {
      const { Responses = [] } = await this.doc.send(
        new BatchExecuteStatementCommand({
          Statements: pending.map((item) => ({ Statement: statement, Parameters: [expiresAt, item.pk, item.sk, expiresAt] })),
        }),
      );
      const codes = pending.map((_item, i) => (Responses[i] ? (Responses[i].Error?.Code ?? 'OK') : 'NoResponse'));
      extended += codes.filter((code) => code === 'OK').length;
      const failed = codes.filter(failedOtherwise);
      if (failed.length > 0 && attempt >= STATEMENT_ATTEMPTS) {
        throw new Error(`could not extend the retention of ${failed.length} ledger entries: ${failed[0]}`);
      }
      pending = pending.filter((_item, i) => failedOtherwise(codes[i]));
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
    await this.putOnce({
      ...key,
      kind: 'rejection',
      at: rejection.at,
      ...audit,
      expiresAt: epochSeconds(rejection.at) + RETENTION_SECONDS,
    });
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
    const items = await this.query({
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.rejection(`${day}T00:00:00.000Z`, 'x').pk },
    });
    const live = (item: Record<string, unknown>) => asOf === undefined || Number(item.expiresAt) > asOf.getTime() / 1000;
    const raws = new Map(
      items.filter((i) => i.kind === 'rejection-raw' && live(i)).map((i) => [String(i.sk).slice(0, -RAW_SUFFIX.length), i]),
    );
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

  private query(input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>): Promise<Record<string, unknown>[]> {
    return queryAll({ doc: this.doc, tableName: this.tableName }, input);
  }

  /** The cycle's items, or the part of them `read` keeps (a key range, a filter on other attributes, a projection). */
  private cycleItems(accountId: string, cycleId: string, read: CycleRead): Promise<Record<string, unknown>[]> {
    const { beforeDecisions, ...narrowing } = read;
    const { from, to } = keys.ledgerCycleEvents(cycleId);
    return this.query({
      KeyConditionExpression: `pk = :pk AND ${beforeDecisions ? 'sk BETWEEN :from AND :to' : 'begins_with(sk, :from)'}`,
      ...narrowing,
      ExpressionAttributeValues: {
        ':pk': keys.account(accountId).pk,
        ':from': from,
        ...(beforeDecisions && { ':to': to }),
        ...narrowing.ExpressionAttributeValues,
      },
      ConsistentRead: true,
    });
  }
}
