/**
 * Send claims in the STATE table: one per account, cycle, playbook step and channel
 * (sk CLAIM#cycle#step#channel), claimed before the provider is called and settled after.
 */
import { GetCommand, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Channel } from '../domain/types';
import type { ClaimResult, ClaimStatus, SendClaim, SendClaimStore } from '../domain/storage';
import { ClaimStateError, StaleAccountError } from '../domain/errors';
import { isConditionFailure, stripInternal, type DynamoTable } from './dynamo-table';
import { CLAIM_INDEX_REMOVE, claimIndexSet } from './sweep-index';
import { keys, retainedUntil, STATE_ITEM_TYPE as TYPE } from './tables';
import { messageKey } from '../domain/message-key';

export class DynamoSendClaimStore implements SendClaimStore {
  constructor(private readonly table: DynamoTable) {}

  /**
   * Claims one step's message on one channel before the provider is called. Succeeds only when no claim
   * exists or the existing one was released (the provider throttled: known not sent). With
   * `accountVersion`, the claim is taken only while the account item is still at the version the
   * send-time guard decided on (one transaction): a payment committed in between makes it throw
   * StaleAccountError, and the guard decides again.
   */
  async claimSend(
    accountId: string,
    cycleId: string,
    stepId: string,
    channel: Channel,
    at: string,
    accountVersion?: number,
  ): Promise<ClaimResult> {
    const claim = claimUpdate(this.table, accountId, cycleId, stepId, channel, at);
    try {
      if (accountVersion === undefined) await this.table.doc.send(new UpdateCommand(claim));
      else
        await this.table.doc.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                ConditionCheck: {
                  TableName: this.table.tableName,
                  Key: keys.account(accountId),
                  ConditionExpression: 'version = :version',
                  ExpressionAttributeValues: { ':version': accountVersion },
                },
              },
              { Update: claim },
            ],
          }),
        );
      return { claimed: true };
    } catch (error) {
      const [accountChanged, claimTaken] = accountVersion === undefined ? [false, isConditionFailure(error)] : cancelledChecks(error);
      if (accountChanged) throw new StaleAccountError(accountId);
      if (!claimTaken) throw error;
      const existing = await this.getClaim(accountId, cycleId, stepId, channel);
      return { claimed: false, claimStatus: existing?.claimStatus ?? 'claimed' };
    }
  }

  async getClaim(accountId: string, cycleId: string, stepId: string, channel: Channel): Promise<SendClaim | undefined> {
    const { Item } = await this.table.doc.send(
      new GetCommand({ TableName: this.table.tableName, Key: keys.claim(accountId, cycleId, stepId, channel), ConsistentRead: true }),
    );
    return Item ? stripInternal<SendClaim>(Item) : undefined;
  }

  /** The provider accepted the message. */
  async confirmSend(
    accountId: string,
    cycleId: string,
    stepId: string,
    channel: Channel,
    providerMessageId: string,
    at: string,
  ): Promise<void> {
    await settleClaim(this.table, accountId, cycleId, stepId, channel, 'confirmed', at, { providerMessageId });
  }

  /** The provider throttled: nothing was sent, so a retry may claim again. */
  async releaseSend(accountId: string, cycleId: string, stepId: string, channel: Channel, at: string): Promise<void> {
    await settleClaim(this.table, accountId, cycleId, stepId, channel, 'released', at, {});
  }

  /** The provider refused the address permanently: nothing was sent, and it will not be retried. */
  async failSend(accountId: string, cycleId: string, stepId: string, channel: Channel, error: string, at: string): Promise<void> {
    await settleClaim(this.table, accountId, cycleId, stepId, channel, 'failed', at, { error });
  }

  /**
   * 'claimed' becomes 'unknown', and the message key (which the provider echoes in every delivery event:
   * the SMS Context, the SES tag) is indexed to the claim. The index is written first: a failure between
   * the two leaves an index entry for a claim that is not unknown, which finds nothing to settle.
   */
  async markSendUnknown(accountId: string, cycleId: string, stepId: string, channel: Channel, at: string): Promise<boolean> {
    const ref = { accountId, cycleId, stepId, channel };
    await this.table.doc.send(
      new PutCommand({
        TableName: this.table.tableName,
        Item: {
          ...keys.messageKey(messageKey(accountId, cycleId, stepId, channel)),
          type: TYPE.messageKey,
          ...ref,
          at,
          expiresAt: retainedUntil(at),
        },
      }),
    );
    // From the index's CLAIMED to its UNKNOWN partition: the sweep settles it after the deadline.
    const index = claimIndexSet(accountId, 'unknown', at);
    try {
      await this.table.doc.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: keys.claim(accountId, cycleId, stepId, channel),
          UpdateExpression: `SET claimStatus = :unknown, unknownAt = :at, updatedAt = :at, expiresAt = :expiresAt, ${index.clause}`,
          ConditionExpression: 'claimStatus = :claimed',
          ExpressionAttributeValues: {
            ':unknown': 'unknown',
            ':claimed': 'claimed',
            ':at': at,
            ':expiresAt': retainedUntil(at),
            ...index.values,
          },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async unknownClaimFor(key: string): Promise<SendClaim | undefined> {
    const { Item } = await this.table.doc.send(
      new GetCommand({ TableName: this.table.tableName, Key: keys.messageKey(key), ConsistentRead: true }),
    );
    if (!Item) return undefined;
    return this.getClaim(String(Item.accountId), String(Item.cycleId), String(Item.stepId), Item.channel as Channel);
  }

  async settleUnknownSend(
    accountId: string,
    cycleId: string,
    stepId: string,
    channel: Channel,
    settled: { as: 'sent'; providerMessageId: string } | { as: 'not-sent' },
    at: string,
  ): Promise<boolean> {
    const sent = settled.as === 'sent';
    try {
      await this.table.doc.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: keys.claim(accountId, cycleId, stepId, channel),
          UpdateExpression: `SET claimStatus = :status, settledAt = :at, updatedAt = :at, expiresAt = :expiresAt${sent ? ', providerMessageId = :id' : ''} REMOVE ${CLAIM_INDEX_REMOVE}`,
          ConditionExpression: sent ? 'claimStatus IN (:unknown, :notSent)' : 'claimStatus = :unknown',
          ExpressionAttributeValues: {
            ':status': sent ? 'confirmed' : 'not-sent',
            ':unknown': 'unknown',
            ':at': at,
            ':expiresAt': retainedUntil(at),
            ...(sent ? { ':notSent': 'not-sent', ':id': settled.providerMessageId } : {}),
          },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }
}

/**
 * The claim's conditional write: no claim yet, or one released (known not sent). A claim in flight is in
 * the sweep's index (CLAIMED, by claimedAt) until it is settled: one left there by a crash is found.
 */
function claimUpdate(table: DynamoTable, accountId: string, cycleId: string, stepId: string, channel: Channel, at: string) {
  const index = claimIndexSet(accountId, 'claimed', at);
  return {
    TableName: table.tableName,
    Key: keys.claim(accountId, cycleId, stepId, channel),
    UpdateExpression:
      'SET #type = :type, accountId = :account, cycleId = :cycle, stepId = :step, channel = :channel, ' +
      `claimStatus = :claimed, claimedAt = :at, updatedAt = :at, expiresAt = :expiresAt, ${index.clause} ADD attempts :one`,
    ConditionExpression: 'attribute_not_exists(pk) OR claimStatus IN (:released, :notSent)',
    ExpressionAttributeNames: { '#type': 'type' },
    ExpressionAttributeValues: {
      ':type': TYPE.claim,
      ':account': accountId,
      ':cycle': cycleId,
      ':step': stepId,
      ':channel': channel,
      ':claimed': 'claimed',
      ':released': 'released',
      ':notSent': 'not-sent',
      ':at': at,
      ':expiresAt': retainedUntil(at),
      ':one': 1,
      ...index.values,
    },
  };
}

/** Which conditions of the [account check, claim] transaction failed; rethrows anything but a cancelled transaction. */
function cancelledChecks(error: unknown): [accountChanged: boolean, claimTaken: boolean] {
  if ((error as { name?: string } | undefined)?.name !== 'TransactionCanceledException') throw error;
  const reasons = (error as { CancellationReasons?: Array<{ Code?: string }> }).CancellationReasons ?? [];
  return [reasons[0]?.Code === 'ConditionalCheckFailed', reasons[1]?.Code === 'ConditionalCheckFailed'];
}

async function settleClaim(
  table: DynamoTable,
  accountId: string,
  cycleId: string,
  stepId: string,
  channel: Channel,
  status: Extract<ClaimStatus, 'confirmed' | 'released' | 'failed'>,
  at: string,
  extra: { providerMessageId?: string; error?: string },
): Promise<void> {
  const sets = ['claimStatus = :status', 'updatedAt = :at', 'expiresAt = :expiresAt'];
  const values: Record<string, unknown> = { ':status': status, ':at': at, ':expiresAt': retainedUntil(at), ':claimed': 'claimed' };
  if (extra.providerMessageId !== undefined) {
    sets.push('providerMessageId = :providerMessageId');
    values[':providerMessageId'] = extra.providerMessageId;
  }
  if (extra.error !== undefined) {
    sets.push('#error = :error');
    values[':error'] = extra.error;
  }
  try {
    await table.doc.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: keys.claim(accountId, cycleId, stepId, channel),
        // Settled: out of the sweep's index.
        UpdateExpression: `SET ${sets.join(', ')} REMOVE ${CLAIM_INDEX_REMOVE}`,
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
