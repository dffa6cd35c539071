/**
 * The STATE table: one item per account (its current delinquency cycle, balance, channel states and the
 * customer profile -- the table is KMS-encrypted), one journey dedupe record per account and cycle, and
 * one send claim per account, cycle, playbook step and channel. Every change is a conditional or
 * optimistic write, so concurrent handlers (a payment arriving while Send runs) never lose an update.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { createHash } from 'node:crypto';
import {
  DeleteCommand,
  GetCommand,
  QueryCommand,
  PutCommand,
  ScanCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
  type QueryCommandInput,
  type ScanCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { Account, Channel } from '../domain/types';
import type { SegmentReason } from '../domain/segments';
import { keys } from './tables';

/**
 * How a cycle's journey is run, fixed when the journey starts and kept on the account item with the
 * cycle it belongs to: the segment and why, the experiment variant, and the playbook id and version the
 * journey started with (a running journey keeps that version even when a newer one is deployed).
 */
export interface JourneyStrategy {
  cycleId: string;
  segment: string;
  segmentReasons: SegmentReason[];
  /** The experiment and variant, when an experiment assigned the account. */
  experimentId?: string;
  variant?: string;
  /** no-contact: nothing is sent; minimal-contact: the (minimal) playbook below. */
  holdout?: 'no-contact' | 'minimal-contact';
  /** Why the variant (e.g. a holdout not allowed in the jurisdiction became the champion). */
  variantReason?: string;
  playbookId: string;
  playbookVersion: string;
  assignedAt: string;
}

/** The account as stored: the domain Account plus the current cycle's journey strategy. */
export type StoredAccount = Account & { strategy?: JourneyStrategy };

export type JourneyStatus = 'running' | 'closed';

export interface JourneyRecord {
  accountId: string;
  cycleId: string;
  status: JourneyStatus;
  claimedAt: string;
  updatedAt: string;
}

/** claimed: the provider may have been called; released: known not sent (throttled); confirmed: sent; failed: permanently refused. */
export type ClaimStatus = 'claimed' | 'released' | 'confirmed' | 'failed';

export interface SendClaim {
  accountId: string;
  cycleId: string;
  stepId: string;
  channel: Channel;
  claimStatus: ClaimStatus;
  claimedAt: string;
  attempts: number;
  updatedAt: string;
  providerMessageId?: string;
  error?: string;
  /** Set when the reconciliation sweep first reported this claim as unconfirmed. */
  surfacedAt?: string;
}

export type ClaimResult = { claimed: true } | { claimed: false; claimStatus: ClaimStatus };

export interface VersionedAccount {
  account: StoredAccount;
  version: number;
  appliedKeys: string[];
}

/** Where a provider message id came from. */
export interface MessageRef {
  providerMessageId: string;
  accountId: string;
  cycleId: string;
  stepId: string;
  channel: Channel;
}

/** A billing event kept until its account exists (the EventBridge envelope's fields). */
export interface ParkedEvent {
  at: string;
  eventId: string;
  source: string;
  detailType: string;
  detail: Record<string, unknown>;
}

/** A portal link as created: which account and cycle it opens, until when. */
export interface PortalLink {
  linkId: string;
  accountId: string;
  cycleId: string;
  createdAt: string;
  expiresAt: string;
}

export interface PortalLinkState extends PortalLink {
  verifiedAt?: string;
}

/** Another writer changed the account between read and write. */
export class StaleAccountError extends Error {
  constructor(accountId: string) {
    super(`account ${accountId} changed while it was being updated`);
    this.name = 'StaleAccountError';
  }
}

const TYPE = { account: 'account', journey: 'journey', claim: 'claim', phone: 'phone', message: 'message', parked: 'parked', link: 'link' } as const;

/** Delivery events arrive within days; the index is kept 90 days (the table's TTL). */
const MESSAGE_INDEX_SECONDS = 90 * 24 * 3600;
/** An event for an account never seen is kept 30 days for its overdue event. */
const PARKED_SECONDS = 30 * 24 * 3600;

/** Phone numbers are keys of lookups: hashed, so no key holds a number in clear. */
const phoneKey = (phone: string) => createHash('sha256').update(phone.trim()).digest('hex');

/** Attributes kept on the account item that are not part of the Account shape. */
const INTERNAL_ATTRIBUTES = ['pk', 'sk', 'type', 'version', 'appliedKeys', 'expiresAt'] as const;

function isConditionFailure(error: unknown): boolean {
  return (
    error instanceof ConditionalCheckFailedException ||
    (error as { name?: string } | undefined)?.name === 'ConditionalCheckFailedException'
  );
}

function stripInternal<T>(item: Record<string, unknown>): T {
  const copy: Record<string, unknown> = { ...item };
  for (const attribute of INTERNAL_ATTRIBUTES) delete copy[attribute];
  return copy as T;
}


export class StateStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  // ---------------------------------------------------------------- accounts

  async getAccount(accountId: string): Promise<StoredAccount | undefined> {
    const item = await this.getAccountItem(accountId);
    return item ? stripInternal<StoredAccount>(item) : undefined;
  }

  /**
   * Creates the account for a cycle, or replaces it when a new cycle begins. When the same cycle is seen
   * again the stored state (payments applied, opt-outs, unusable channels, status) is kept untouched.
   */
  async saveAccount(account: StoredAccount): Promise<{ created: boolean; account: StoredAccount }> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.account(account.accountId), type: TYPE.account, version: 1, ...account },
          ConditionExpression: 'attribute_not_exists(pk) OR cycleId <> :cycle',
          ExpressionAttributeValues: { ':cycle': account.cycleId },
        }),
      );
      return { created: true, account };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const existing = await this.getAccount(account.accountId);
      if (!existing) throw new Error(`account ${account.accountId} vanished while saving it`);
      return { created: false, account: existing };
    }
  }

  /**
   * Replaces the account with the next state computed from the `version` read, at most once per
   * `dedupeKey` (a payment id, a message id ...). Returns false when that key was already applied.
   * Throws StaleAccountError when another writer changed the account since it was read: read again
   * and recompute.
   */
  async replaceAccount(next: StoredAccount, read: VersionedAccount, dedupeKey?: string): Promise<boolean> {
    const appliedKeys = new Set(read.appliedKeys);
    if (dedupeKey) {
      if (appliedKeys.has(dedupeKey)) return false;
      appliedKeys.add(dedupeKey);
    }
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...keys.account(next.accountId),
            type: TYPE.account,
            ...next,
            version: read.version + 1,
            ...(appliedKeys.size ? { appliedKeys } : {}),
          },
          ConditionExpression: 'version = :version',
          ExpressionAttributeValues: { ':version': read.version },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) throw new StaleAccountError(next.accountId);
      throw error;
    }
  }

  /** The account with its version and the keys of the changes applied to it (for replaceAccount). */
  async getVersionedAccount(accountId: string): Promise<VersionedAccount | undefined> {
    const item = await this.getAccountItem(accountId);
    if (!item) return undefined;
    return {
      account: stripInternal<StoredAccount>(item),
      version: (item.version as number | undefined) ?? 0,
      appliedKeys: [...((item.appliedKeys as Set<string> | undefined) ?? [])],
    };
  }

  // ---------------------------------------------------------------- lookups

  /** Remembers which account a phone number belongs to (inbound SMS arrive with the number only). */
  async indexPhone(phone: string, accountId: string, at: string): Promise<void> {
    await this.doc.send(
      new PutCommand({ TableName: this.tableName, Item: { ...keys.phone(phoneKey(phone), accountId), type: TYPE.phone, accountId, at } }),
    );
  }

  /** The accounts a phone number belongs to (a person may owe on several). */
  async accountsForPhone(phone: string): Promise<string[]> {
    const { pk } = keys.phone(phoneKey(phone), '');
    const items = await this.queryAll({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk } });
    return items.map((item) => item.accountId as string);
  }

  /** Remembers which account, cycle and step a provider message id belongs to (delivery events carry only the id). */
  async indexMessage(ref: MessageRef, at: string): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.message(ref.providerMessageId), type: TYPE.message, ...ref, at, expiresAt: Math.floor(Date.parse(at) / 1000) + MESSAGE_INDEX_SECONDS },
      }),
    );
  }

  async messageRef(providerMessageId: string): Promise<MessageRef | undefined> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: keys.message(providerMessageId), ConsistentRead: true }));
    return Item
      ? { providerMessageId, accountId: Item.accountId as string, cycleId: Item.cycleId as string, stepId: Item.stepId as string, channel: Item.channel as Channel }
      : undefined;
  }

  // ---------------------------------------------------------------- portal links

  /** A personal portal link: its random id maps to one account and cycle until it expires. */
  async createLink(link: PortalLink): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.link(link.linkId), type: TYPE.link, ...link, expiresAt: Math.floor(Date.parse(link.expiresAt) / 1000) },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async getLink(linkId: string): Promise<PortalLinkState | undefined> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: keys.link(linkId), ConsistentRead: true }));
    if (!Item) return undefined;
    return {
      linkId,
      accountId: Item.accountId as string,
      cycleId: Item.cycleId as string,
      createdAt: Item.createdAt as string,
      expiresAt: new Date((Item.expiresAt as number) * 1000).toISOString(),
      ...(Item.verifiedAt ? { verifiedAt: Item.verifiedAt as string } : {}),
    };
  }

  async markLinkVerified(linkId: string, at: string): Promise<void> {
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.link(linkId),
        UpdateExpression: 'SET verifiedAt = :at',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':at': at },
      }),
    );
  }

  // ---------------------------------------------------------------- events that came before their account

  /** Keeps an event for an account not seen yet (a payment before the overdue event): applied when it arrives. */
  async parkEvent(accountId: string, event: ParkedEvent): Promise<void> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...keys.parked(accountId, event.at, event.eventId),
            type: TYPE.parked,
            accountId,
            ...event,
            expiresAt: Math.floor(Date.parse(event.at) / 1000) + PARKED_SECONDS,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  /** Events parked for an account, oldest first. */
  async parkedEvents(accountId: string): Promise<ParkedEvent[]> {
    const items = await this.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.account(accountId).pk, ':prefix': keys.parkedPrefix },
      ConsistentRead: true,
    });
    return items.map((item) => ({
      at: item.at as string,
      eventId: item.eventId as string,
      source: item.source as string,
      detailType: item.detailType as string,
      detail: item.detail as Record<string, unknown>,
    }));
  }

  async unparkEvent(accountId: string, event: ParkedEvent): Promise<void> {
    await this.doc.send(new DeleteCommand({ TableName: this.tableName, Key: keys.parked(accountId, event.at, event.eventId) }));
  }

  /** The provider said this channel's address can never work (invalid number, hard bounce, suppressed). */
  async markChannelUnusable(accountId: string, channel: Channel, reason: string, at: string): Promise<void> {
    await this.updateAccount(accountId, 'SET channels.#channel.unusable = :unusable, updatedAt = :at, version = version + :one', {
      names: { '#channel': channel },
      values: { ':unusable': { reason, at }, ':at': at, ':one': 1 },
    });
  }

  /** Every account still overdue (a scan: fine for a daily sweep). */
  async findOverdueAccounts(): Promise<Account[]> {
    const items = await this.scanAll({
      FilterExpression: '#type = :type AND #status = :overdue',
      ExpressionAttributeNames: { '#type': 'type', '#status': 'status' },
      ExpressionAttributeValues: { ':type': TYPE.account, ':overdue': 'overdue' },
    });
    return items.map((item) => stripInternal<Account>(item));
  }

  // ---------------------------------------------------------------- journey dedupe

  /** Claims the one journey of an account's cycle. isNew is false when the record already existed. */
  async claimJourney(accountId: string, cycleId: string, at: string): Promise<{ isNew: boolean; status: JourneyStatus }> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.journey(accountId, cycleId), type: TYPE.journey, accountId, cycleId, status: 'running', claimedAt: at, updatedAt: at },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return { isNew: true, status: 'running' };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const existing = await this.getJourney(accountId, cycleId);
      return { isNew: false, status: existing?.status ?? 'running' };
    }
  }

  async getJourney(accountId: string, cycleId: string): Promise<JourneyRecord | undefined> {
    const { Item } = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: keys.journey(accountId, cycleId), ConsistentRead: true }),
    );
    return Item ? stripInternal<JourneyRecord>(Item) : undefined;
  }

  /** Sets the journey record's status (created if missing, e.g. a journey started before the record existed). */
  async setJourneyStatus(accountId: string, cycleId: string, status: JourneyStatus, at: string): Promise<void> {
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.journey(accountId, cycleId),
        UpdateExpression:
          'SET #type = :type, accountId = :account, cycleId = :cycle, #status = :status, updatedAt = :at, claimedAt = if_not_exists(claimedAt, :at)',
        ExpressionAttributeNames: { '#type': 'type', '#status': 'status' },
        ExpressionAttributeValues: { ':type': TYPE.journey, ':account': accountId, ':cycle': cycleId, ':status': status, ':at': at },
      }),
    );
  }

  // ---------------------------------------------------------------- send claims

  /**
   * Claims one step's message on one channel before the provider is called. Succeeds only when no claim
   * exists or the existing one was released (the provider throttled: known not sent).
   */
  async claimSend(accountId: string, cycleId: string, stepId: string, channel: Channel, at: string): Promise<ClaimResult> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.claim(accountId, cycleId, stepId, channel),
          UpdateExpression:
            'SET #type = :type, accountId = :account, cycleId = :cycle, stepId = :step, channel = :channel, ' +
            'claimStatus = :claimed, claimedAt = :at, updatedAt = :at ADD attempts :one',
          ConditionExpression: 'attribute_not_exists(pk) OR claimStatus = :released',
          ExpressionAttributeNames: { '#type': 'type' },
          ExpressionAttributeValues: {
            ':type': TYPE.claim,
            ':account': accountId,
            ':cycle': cycleId,
            ':step': stepId,
            ':channel': channel,
            ':claimed': 'claimed',
            ':released': 'released',
            ':at': at,
            ':one': 1,
          },
        }),
      );
      return { claimed: true };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const existing = await this.getClaim(accountId, cycleId, stepId, channel);
      return { claimed: false, claimStatus: existing?.claimStatus ?? 'claimed' };
    }
  }

  async getClaim(accountId: string, cycleId: string, stepId: string, channel: Channel): Promise<SendClaim | undefined> {
    const { Item } = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: keys.claim(accountId, cycleId, stepId, channel), ConsistentRead: true }),
    );
    return Item ? stripInternal<SendClaim>(Item) : undefined;
  }

  /** The provider accepted the message. */
  async confirmSend(accountId: string, cycleId: string, stepId: string, channel: Channel, providerMessageId: string, at: string): Promise<void> {
    await this.settleClaim(accountId, cycleId, stepId, channel, 'confirmed', at, { providerMessageId });
  }

  /** The provider throttled: nothing was sent, so a retry may claim again. */
  async releaseSend(accountId: string, cycleId: string, stepId: string, channel: Channel, at: string): Promise<void> {
    await this.settleClaim(accountId, cycleId, stepId, channel, 'released', at, {});
  }

  /** The provider refused the address permanently: nothing was sent, and it will not be retried. */
  async failSend(accountId: string, cycleId: string, stepId: string, channel: Channel, error: string, at: string): Promise<void> {
    await this.settleClaim(accountId, cycleId, stepId, channel, 'failed', at, { error });
  }

  /** Claims still 'claimed' (outcome unknown) since before `olderThan`: a scan, for the daily sweep. */
  async findUnconfirmedClaims(olderThan: Date): Promise<SendClaim[]> {
    const items = await this.scanAll({
      FilterExpression: '#type = :type AND claimStatus = :claimed AND claimedAt < :before',
      ExpressionAttributeNames: { '#type': 'type' },
      ExpressionAttributeValues: { ':type': TYPE.claim, ':claimed': 'claimed', ':before': olderThan.toISOString() },
    });
    return items.map((item) => stripInternal<SendClaim>(item));
  }

  /** Marks an unconfirmed claim as reported; returns false if it had been reported before. */
  async markClaimSurfaced(accountId: string, cycleId: string, stepId: string, channel: Channel, at: string): Promise<boolean> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.claim(accountId, cycleId, stepId, channel),
          UpdateExpression: 'SET surfacedAt = :at',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(surfacedAt)',
          ExpressionAttributeValues: { ':at': at },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  // ---------------------------------------------------------------- internals

  private async getAccountItem(accountId: string): Promise<Record<string, unknown> | undefined> {
    const { Item } = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: keys.account(accountId), ConsistentRead: true }),
    );
    return Item;
  }

  private async updateAccount(
    accountId: string,
    expression: string,
    { names, values }: { names: Record<string, string>; values: Record<string, unknown> },
  ): Promise<void> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.account(accountId),
          UpdateExpression: expression,
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) throw new AccountNotFoundError(accountId);
      throw error;
    }
  }

  private async settleClaim(
    accountId: string,
    cycleId: string,
    stepId: string,
    channel: Channel,
    status: Exclude<ClaimStatus, 'claimed'>,
    at: string,
    extra: { providerMessageId?: string; error?: string },
  ): Promise<void> {
    const sets = ['claimStatus = :status', 'updatedAt = :at'];
    const values: Record<string, unknown> = { ':status': status, ':at': at, ':claimed': 'claimed' };
    if (extra.providerMessageId !== undefined) {
      sets.push('providerMessageId = :providerMessageId');
      values[':providerMessageId'] = extra.providerMessageId;
    }
    if (extra.error !== undefined) {
      sets.push('#error = :error');
      values[':error'] = extra.error;
    }
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.claim(accountId, cycleId, stepId, channel),
          UpdateExpression: `SET ${sets.join(', ')}`,
          ConditionExpression: 'claimStatus = :claimed',
          ...(extra.error !== undefined ? { ExpressionAttributeNames: { '#error': 'error' } } : {}),
          ExpressionAttributeValues: values,
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      throw new ClaimStateError(`send claim ${accountId}/${cycleId}/${stepId}/${channel} is not 'claimed'; cannot mark it ${status}`);
    }
  }

  private async queryAll(input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.doc.send(new QueryCommand({ ...input, TableName: this.tableName, ExclusiveStartKey }));
      items.push(...(page.Items ?? []));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return items;
  }

  private async scanAll(input: Omit<ScanCommandInput, 'TableName'>): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.doc.send(new ScanCommand({ ...input, TableName: this.tableName, ExclusiveStartKey }));
      items.push(...(page.Items ?? []));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return items;
  }
}

export class AccountNotFoundError extends Error {
  constructor(readonly accountId: string) {
    super(`unknown account ${accountId}`);
    this.name = 'AccountNotFound';
  }
}

export class ClaimStateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ClaimStateError';
  }
}
