/**
 * The account item of the STATE table (pk ACCOUNT#id, sk STATE): the current cycle, balance, channel states
 * and the customer profile (the table is KMS-encrypted). Replacements are optimistic (a version
 * condition), so concurrent handlers (a payment arriving while Send runs) never lose an update.
 */
import { PutCommand, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Channel } from '../domain/types';
import type { AccountStore, PendingEffect, StoredAccount, VersionedAccount } from '../domain/storage';
import { AccountNotFoundError, StaleAccountError } from '../domain/errors';
import { holdsStandingInstruction } from '../domain/standing-instructions';
import { isConditionFailure, stripInternal, type DynamoTable } from './dynamo-table';
import { accountSweepAttributes } from './sweep-index';
import { keys, retainedUntil, SWEEP_INDEXES, STATE_ITEM_TYPE as TYPE } from './tables';

export class DynamoAccountStore implements AccountStore {
  constructor(private readonly table: DynamoTable) {}

  async getAccount(accountId: string): Promise<StoredAccount | undefined> {
    const item = await getAccountItem(this.table, accountId);
    return item ? stripInternal<StoredAccount>(item) : undefined;
  }

  /** Creates the account if it has never been seen; otherwise returns the stored one untouched. */
  async saveAccount(account: StoredAccount): Promise<{ created: boolean; account: StoredAccount }> {
    try {
      await this.table.doc.send(
        new PutCommand({
          TableName: this.table.tableName,
          Item: {
            ...keys.account(account.accountId),
            type: TYPE.account,
            version: 1,
            ...account,
            ...expiryOf(account),
            ...accountSweepAttributes(account.accountId, account.status, {}),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
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
  async replaceAccount(next: StoredAccount, read: VersionedAccount, dedupeKey?: string, owed: PendingEffect[] = []): Promise<boolean> {
    const appliedKeys = new Set(read.appliedKeys);
    if (dedupeKey) {
      if (appliedKeys.has(dedupeKey)) return false;
      appliedKeys.add(dedupeKey);
    }
    // The outbox is a map by effect id, so one effect can be removed when done without rewriting the rest.
    const outbox = Object.fromEntries([...read.outbox, ...owed].map((effect) => [effect.id, effect]));
    try {
      await this.table.doc.send(
        new PutCommand({
          TableName: this.table.tableName,
          Item: {
            ...keys.account(next.accountId),
            type: TYPE.account,
            ...next,
            version: read.version + 1,
            ...(appliedKeys.size ? { appliedKeys } : {}),
            ...expiryOf(next),
            ...(Object.keys(outbox).length ? { outbox } : {}),
            // The whole item is written: the sweep's index keys follow the status and the outbox, or are gone.
            ...accountSweepAttributes(next.accountId, next.status, outbox),
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
    const item = await getAccountItem(this.table, accountId);
    if (!item) return undefined;
    return {
      account: stripInternal<StoredAccount>(item),
      version: (item.version as number | undefined) ?? 0,
      appliedKeys: [...((item.appliedKeys as Set<string> | undefined) ?? [])],
      outbox: outboxOf(item),
    };
  }

  /**
   * Removes a done effect; the version moves on, so a writer that read the account before re-reads it.
   * The last one out takes the account out of the sweep's outbox index.
   */
  async settleEffect(accountId: string, effectId: string): Promise<void> {
    try {
      const { Attributes } = await this.table.doc.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: keys.account(accountId),
          UpdateExpression: 'REMOVE outbox.#id SET version = version + :one',
          ConditionExpression: 'attribute_exists(outbox.#id)',
          ExpressionAttributeNames: { '#id': effectId },
          ExpressionAttributeValues: { ':one': 1 },
          ReturnValues: 'ALL_NEW',
        }),
      );
      if (Attributes && outboxOf(Attributes).length === 0) await this.leaveOutboxIndex(accountId);
    } catch (error) {
      if (!isConditionFailure(error)) throw error; // already settled (by a concurrent retry): nothing to do
    }
  }

  /** Out of the outbox index, on the condition that nothing was added meanwhile (no version change: nothing changed). */
  private async leaveOutboxIndex(accountId: string): Promise<void> {
    try {
      await this.table.doc.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: keys.account(accountId),
          UpdateExpression: 'REMOVE #shard',
          ConditionExpression: 'size(outbox) = :empty',
          ExpressionAttributeNames: { '#shard': SWEEP_INDEXES.pendingOutboxes.partitionKey },
          ExpressionAttributeValues: { ':empty': 0 },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error; // an effect was added meanwhile: the account stays in the index
    }
  }

  /**
   * The provider said this channel's address can never work (invalid number, hard bounce, suppressed).
   * The write renews the item's expiry only where it has one (checked in the same write, so a standing
   * instruction written meanwhile is never given an expiry): an account holding one has none.
   */
  async markChannelUnusable(accountId: string, channel: Channel, reason: string, at: string): Promise<void> {
    const mark = 'SET channels.#channel.unusable = :unusable, updatedAt = :at, version = version + :one';
    const names = { '#channel': channel };
    const values = { ':unusable': { reason, at }, ':at': at, ':one': 1 };
    try {
      const withExpiry = { names, values: { ...values, ':expiresAt': retainedUntil(at) }, condition: 'attribute_exists(expiresAt)' };
      await updateAccount(this.table, accountId, `${mark}, expiresAt = :expiresAt`, withExpiry);
    } catch (error) {
      // No expiry to renew (or no account: the plain write below says which).
      if (!(error instanceof AccountNotFoundError)) throw error;
      await updateAccount(this.table, accountId, mark, { names, values });
    }
  }
}

/**
 * The account item's TTL attribute: three years from its last write, or none while it holds a
 * standing instruction (an opt-out, a cease, an attorney, a bankruptcy, a death), which never expires.
 */
const expiryOf = (account: StoredAccount): { expiresAt?: number } =>
  holdsStandingInstruction(account) ? {} : { expiresAt: retainedUntil(account.updatedAt) };

/** The outbox's effects, oldest first (ids break ties: an event's effects keep their order). */
function outboxOf(item: Record<string, unknown>): PendingEffect[] {
  const effects = Object.values((item.outbox as Record<string, PendingEffect> | undefined) ?? {});
  return effects.sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id));
}

async function getAccountItem(table: DynamoTable, accountId: string): Promise<Record<string, unknown> | undefined> {
  const { Item } = await table.doc.send(new GetCommand({ TableName: table.tableName, Key: keys.account(accountId), ConsistentRead: true }));
  return Item;
}

async function updateAccount(
  table: DynamoTable,
  accountId: string,
  expression: string,
  { names, values, condition }: { names: Record<string, string>; values: Record<string, unknown>; condition?: string },
): Promise<void> {
  try {
    await table.doc.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: keys.account(accountId),
        UpdateExpression: expression,
        ConditionExpression: condition ?? 'attribute_exists(pk)',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      }),
    );
  } catch (error) {
    if (isConditionFailure(error)) throw new AccountNotFoundError(accountId);
    throw error;
  }
}
