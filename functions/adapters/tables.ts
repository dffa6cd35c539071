/**
 * Table shapes, defined once: the CDK data store construct and the local runtime (DynamoDB Local)
 * create their tables from these, and the repositories build keys with the helpers below.
 */

export interface TableShape {
  /** Logical name; the deployed name is chosen by CloudFormation, the local one is this. */
  logicalName: string;
  partitionKey: string;
  sortKey?: string;
  timeToLiveAttribute?: string;
  globalIndexes?: readonly IndexShape[];
}

/** A global secondary index (string keys): `projection` lists the non-key attributes it copies (none: KEYS_ONLY). */
export interface IndexShape {
  indexName: string;
  partitionKey: string;
  sortKey?: string;
  projection: readonly string[];
}

/**
 * The sweep's sparse indexes (functions/adapters/sweep-index.ts): each attribute is present only on the
 * items the daily sweep must look at, and its value is a shard (`OPEN#0` .. `OPEN#31`, by a hash of the
 * account id), so the sweep reads what it needs shard by shard and never scans the table.
 */
export const SWEEP_INDEXES = {
  /** Accounts still overdue (their cycle must have a journey): the account item, while status is overdue. */
  openAccounts: { indexName: 'sweep-open', partitionKey: 'openShard', projection: ['accountId', 'cycleId'] },
  /** Send claims 'claimed' or 'unknown' (CLAIMED#n / UNKNOWN#n), sorted by when they became so. */
  openClaims: {
    indexName: 'sweep-claims',
    partitionKey: 'claimShard',
    sortKey: 'claimSweepAt',
    projection: ['accountId', 'cycleId', 'stepId', 'channel', 'claimStatus', 'claimedAt', 'attempts', 'updatedAt', 'unknownAt'],
  },
  /** Accounts whose outbox still owes an effect: the account item, while its outbox is not empty. */
  pendingOutboxes: { indexName: 'sweep-outbox', partitionKey: 'outboxShard', projection: ['accountId'] },
} as const satisfies Record<string, IndexShape>;

/** Mutable state: the account (pk ACCOUNT#id, sk STATE), journey dedupe (sk JOURNEY#cycle), send claims (sk CLAIM#cycle#step#channel). */
export const STATE_TABLE: TableShape = {
  logicalName: 'amicable-state',
  partitionKey: 'pk',
  sortKey: 'sk',
  // Every item expires: accounts, journeys and send claims RETENTION_SECONDS after their last write
  // (retainedUntil); lookups, parked events, portal links and send slots sooner (see their adapters).
  // The one exception: an account holding a standing instruction (an opt-out, a cease) never expires.
  timeToLiveAttribute: 'expiresAt',
  globalIndexes: Object.values(SWEEP_INDEXES),
};

/** Append-only contact ledger: the audit trail, kept 3 years after the last activity (TTL expiresAt). */
export const LEDGER_TABLE: TableShape = {
  logicalName: 'amicable-ledger',
  partitionKey: 'pk',
  sortKey: 'sk',
  timeToLiveAttribute: 'expiresAt',
};

/** Powertools idempotency records (its default attribute names). */
export const IDEMPOTENCY_TABLE: TableShape = {
  logicalName: 'amicable-idempotency',
  partitionKey: 'id',
  timeToLiveAttribute: 'expiration',
};

export const ALL_TABLES = [STATE_TABLE, LEDGER_TABLE, IDEMPOTENCY_TABLE];

/** The `type` attribute of each kind of item in the STATE table. */
export const STATE_ITEM_TYPE = {
  account: 'account',
  journey: 'journey',
  claim: 'claim',
  phone: 'phone',
  message: 'message',
  messageKey: 'message-key',
  parked: 'parked',
  link: 'link',
  pace: 'pace',
} as const;

/** Where a cycle's decisions begin in its ledger range: after `~`, which follows every character of a time. */
const LEDGER_DECISIONS = '~decision#';

export const keys = {
  account: (accountId: string) => ({ pk: `ACCOUNT#${accountId}`, sk: 'STATE' }),
  journey: (accountId: string, cycleId: string) => ({ pk: `ACCOUNT#${accountId}`, sk: `JOURNEY#${cycleId}` }),
  claim: (accountId: string, cycleId: string, stepId: string, channel: string) => ({
    pk: `ACCOUNT#${accountId}`,
    sk: `CLAIM#${cycleId}#${stepId}#${channel}`,
  }),
  /** Which accounts a phone number (hashed) belongs to. */
  phone: (hash: string, accountId: string) => ({ pk: `PHONE#${hash}`, sk: `ACCOUNT#${accountId}` }),
  /** Which account, cycle and step a provider message id belongs to. */
  message: (providerMessageId: string) => ({ pk: `MESSAGE#${providerMessageId}`, sk: 'MESSAGE' }),
  /** Which claim a message key belongs to, while its send's outcome is unknown (no provider id yet). */
  messageKey: (messageKey: string) => ({ pk: `MESSAGEKEY#${messageKey}`, sk: 'MESSAGEKEY' }),
  /** A personal portal link (random id) and its check attempts. */
  link: (linkId: string) => ({ pk: `LINK#${linkId}`, sk: 'LINK' }),
  /** Wrong answers to the portal check, counted per account or per person across their links. */
  guard: (kind: 'account' | 'person', id: string) => ({ pk: `GUARD#${kind}#${id}`, sk: 'GUARD' }),
  /** An event that arrived before its account, kept under the account until the overdue event. */
  parked: (accountId: string, at: string, eventId: string) => ({ pk: `ACCOUNT#${accountId}`, sk: `PARKED#${at}#${eventId}` }),
  parkedPrefix: 'PARKED#',
  /** A minute's capacity on an origination identity: its seconds' counts and the minute's count on one item. */
  paceMinute: (identity: string, minuteIso: string) => ({ pk: `PACE#${identity}#${minuteIso}`, sk: 'MINUTE' }),
  /** The messages counted on an identity's UTC day (its daily cap). */
  paceDay: (identity: string, day: string) => ({ pk: `PACE#${identity}#${day}`, sk: 'DAY' }),
  /** The second a message holds (PACE# like the buckets, so the decide function writes PACE# items only). */
  paceHold: (accountId: string, cycleId: string, stepId: string, channel: string) => ({
    pk: `PACE#HOLD#${accountId}`,
    sk: `${cycleId}#${stepId}#${channel}`,
  }),
  /**
   * Ledger entries sort by cycle then time; the last part (a sequence, or a hash of what the entry is
   * once for) keeps entries of one millisecond apart. A cycle's decisions
   * (the most and the largest entries) sort after its other entries (`~` follows every character of a
   * time), so the journey's reads of what happened read a key range without them.
   */
  ledgerEntry: (accountId: string, cycleId: string, at: string, kind: string, unique: string) => ({
    pk: `ACCOUNT#${accountId}`,
    sk: kind === 'decision' ? `${cycleId}#${LEDGER_DECISIONS}${at}#${unique}` : `${cycleId}#${at}#${kind}#${unique}`,
  }),
  /**
   * A cycle's entries begin with `from` (an id has no `#`, so no other cycle's keys do); those but its
   * decisions sort up to `to` (with any decision written before decisions had their own range).
   */
  ledgerCycleEvents: (cycleId: string) => ({ from: `${cycleId}#`, to: `${cycleId}#~` }),
  /** Rejected events, kept with their reason, partitioned by UTC day. */
  rejection: (at: string, eventId: string) => ({ pk: `REJECTED#${at.slice(0, 10)}`, sk: `${at}#${eventId}` }),
};

/** Records of compliance are kept 3 years after the last collection activity (Reg F 1006.100). */
export const RETENTION_SECONDS = 3 * 366 * 24 * 3600;

/**
 * The expiresAt (epoch seconds) of an account, journey or send claim last written at `at`: the
 * evidence rule's three years from the last activity, the same clock as the ledger (the evidence store),
 * so a state item never disappears before the ledger records of what it did. Every write renews it: an
 * account that stays active, or under a protection that carries across cycles, stays.
 */
export const retainedUntil = (at: string) => Math.floor(Date.parse(at) / 1000) + RETENTION_SECONDS;
