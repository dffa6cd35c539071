/**
 * Personal portal links in the STATE table (pk LINK#id) and their check attempts.
 */
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { PortalLink, PortalLinkState, PortalLinkStore } from '../domain/storage';
import type { DynamoTable } from './dynamo-table';
import { keys, STATE_ITEM_TYPE as TYPE } from './tables';

export class DynamoPortalLinkStore implements PortalLinkStore {
  constructor(private readonly table: DynamoTable) {}

  /** A personal portal link: its random id maps to one account and cycle until it expires. */
  async createLink(link: PortalLink): Promise<void> {
    await this.table.doc.send(
      new PutCommand({
        TableName: this.table.tableName,
        Item: { ...keys.link(link.linkId), type: TYPE.link, ...link, failedChecks: 0, expiresAt: Math.floor(Date.parse(link.expiresAt) / 1000) },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async getLink(linkId: string): Promise<PortalLinkState | undefined> {
    const { Item } = await this.table.doc.send(new GetCommand({ TableName: this.table.tableName, Key: keys.link(linkId), ConsistentRead: true }));
    if (!Item) return undefined;
    return {
      linkId,
      accountId: Item.accountId as string,
      cycleId: Item.cycleId as string,
      createdAt: Item.createdAt as string,
      expiresAt: new Date((Item.expiresAt as number) * 1000).toISOString(),
      failedChecks: (Item.failedChecks as number | undefined) ?? 0,
      ...(Item.lockedUntil ? { lockedUntil: Item.lockedUntil as string } : {}),
      ...(Item.verifiedAt ? { verifiedAt: Item.verifiedAt as string } : {}),
    };
  }

  /**
   * Counts a wrong answer to the link's check; after `limit` in a row the link locks until `lockUntil`
   * (and the count starts again). Returns the failures counted since the last lock.
   */
  async recordFailedCheck(linkId: string, limit: number, lockUntil: string): Promise<{ failedChecks: number; locked: boolean }> {
    const { Attributes } = await this.table.doc.send(
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: keys.link(linkId),
        UpdateExpression: 'ADD failedChecks :one',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':one': 1 },
        ReturnValues: 'ALL_NEW',
      }),
    );
    const failedChecks = (Attributes?.failedChecks as number | undefined) ?? 1;
    if (failedChecks < limit) return { failedChecks, locked: false };
    await this.table.doc.send(
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: keys.link(linkId),
        UpdateExpression: 'SET lockedUntil = :until, failedChecks = :zero',
        ExpressionAttributeValues: { ':until': lockUntil, ':zero': 0 },
      }),
    );
    return { failedChecks, locked: true };
  }

  async markLinkVerified(linkId: string, at: string): Promise<void> {
    await this.table.doc.send(
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: keys.link(linkId),
        UpdateExpression: 'SET verifiedAt = :at, failedChecks = :zero REMOVE lockedUntil',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':at': at, ':zero': 0 },
      }),
    );
  }
}
