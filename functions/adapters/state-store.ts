/**
 * The STATE table: one item per account (its current delinquency cycle, balance, channel states and the
 * customer profile -- the table is KMS-encrypted), one journey dedupe record per account and cycle, one
 * send claim per account, cycle, playbook step and channel, lookups, portal links and parked events.
 * One adapter per aggregate; this puts them together behind the StateStore port.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { StateStore } from '../domain/storage';
import { DynamoAccountStore } from './account-store';
import type { DynamoTable } from './dynamo-table';
import { DynamoJourneyStore } from './journey-store';
import { DynamoLookupStore } from './lookup-store';
import { DynamoParkedEventStore } from './parked-event-store';
import { DynamoPortalLinkStore } from './portal-link-store';
import { DynamoSendClaimStore } from './send-claim-store';
import { DynamoSweepIndex } from './sweep-index';

/** The public methods of an adapter, bound to it, so several adapters can be joined into one object. */
function boundMethods(adapter: object): Record<string, unknown> {
  const methods: Record<string, unknown> = {};
  for (const name of Object.getOwnPropertyNames(Object.getPrototypeOf(adapter))) {
    const value = (adapter as Record<string, unknown>)[name];
    if (name !== 'constructor' && typeof value === 'function') methods[name] = value.bind(adapter);
  }
  return methods;
}

export function dynamoStateStore(doc: DynamoDBDocumentClient, tableName: string): StateStore {
  const table: DynamoTable = { doc, tableName };
  const adapters = [
    new DynamoAccountStore(table),
    new DynamoJourneyStore(table),
    new DynamoSendClaimStore(table),
    new DynamoLookupStore(table),
    new DynamoPortalLinkStore(table),
    new DynamoParkedEventStore(table),
    new DynamoSweepIndex(table),
  ];
  return Object.assign({}, ...adapters.map(boundMethods)) as StateStore;
}
