/**
 * Personal portal links in the STATE table (pk LINK#id); wrong answers are counted per account and person (check-guard-store).
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
        Item: { ...keys.link(link.linkId), type: TYPE.link, ...link, expiresAt: Math.floor(Date.parse(link.expiresAt) / 1000) },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async getLink(linkId: string): Promise<PortalLinkState | undefined> {
    const { Item } = await this.table.doc.send(
      new GetCommand({ TableName: this.table.tableName, Key: keys.link(linkId), ConsistentRead: true }),
    );
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
    await this.table.doc.send(
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: keys.link(linkId),
        UpdateExpression: 'SET verifiedAt = :at',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':at': at },
      }),
    );
  }
}
