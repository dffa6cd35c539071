/**
 * What a function needs to carry out an account's outbox (application/apply-event.ts `carryOut`): a
 * hand-off reads the cycle's ledger history (one Query by account and cycle, for the PII-free summary)
 * and publishes AgentHandoffRequested on the bus; a reply is sent on the customer's channel with a
 * signed portal link in it. Every function that applies events which can owe such an effect gets it
 * here, so none of them finds out in AWS that it was left out (the sweep and lifecycle were: issue 15).
 */
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as events from 'aws-cdk-lib/aws-events';
import { ENV } from '../functions/commons/environment';
import type { Channels } from './channels';
import type { DataStore } from './data-store';
import type { AmicableFunction } from './lambda-defaults';
import type { PortalLinks } from './portal';

export interface OutboxAccess {
  readonly dataStore: DataStore;
  readonly eventBus: events.IEventBus;
  /** Given when the function may owe replies (STOP confirmations, answers): it sends them. */
  readonly channels?: Channels;
  readonly portalLinks?: PortalLinks;
}

/** Hand-offs always; replies when `channels` is given. Table writes and the data key are the caller's own grants. */
export function grantOutbox(fn: AmicableFunction, access: OutboxAccess): void {
  // The hand-off's summary: the ledger by key only (no Scan, no index), reading is all it adds to the ledger.
  fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['dynamodb:Query'], resources: [access.dataStore.ledgerTable.tableArn] }));
  access.eventBus.grantPutEventsTo(fn);
  fn.addEnvironment(ENV.eventBusName, access.eventBus.eventBusName);
  if (!access.channels) return;
  access.channels.grantSend(fn);
  for (const [name, value] of Object.entries({ ...access.channels.environment, ...access.portalLinks?.linkEnvironment }))
    fn.addEnvironment(name, value);
  access.portalLinks?.grantGenerateMac(fn);
}
