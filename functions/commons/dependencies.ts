/**
 * What the handlers need (Dependencies), and how the local runtime and the tests compose it
 * (buildDependencies: DynamoDB Local, virtual clock, channel sink, local journeys and bus). In AWS each
 * function composes only the ports it uses (aws-dependencies.ts), so its bundle carries no other
 * adapter. The handlers take a thunk, so importing a handler module builds nothing.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { LedgerStore } from '../adapters/ledger-store';
import { dynamoStateStore } from '../adapters/state-store';
import type { Ledger } from '../domain/ledger';
import type { CheckGuard, StateStore } from '../domain/storage';
import { DEFAULT_PLAYBOOK, type Playbook } from '../domain/playbook';
import type { Experiment } from '../domain/experiments';
import type { PlaybookCatalogue } from '../application/strategy';
import type { ChannelPort, Clock, EventPublisher, JourneyGenerations, JourneyStarter } from '../domain/ports';
import type { CollectorType } from '../domain/collector';
import type { PortalSettings } from '../application/portal-links';
import { CheckGuardStore } from '../adapters/check-guard-store';
import { DEFAULT_LOCKOUT } from '../domain/portal/lockout';
import type { PacingSettings } from '../domain/pacing/capacity';
import type { Pacing } from '../application/pace';
import { pacingOn } from './aws-pacing';

export interface Settings {
  /** Base URL printed in messages for paying or getting help. */
  paymentUrl: string;
  /** Number customers can call to talk to a person (E.164 or as printed). */
  helpPhoneNumber: string;
  /** IANA zone of the business, used when nothing tells us where the customer is. */
  businessTimeZone: string;
  /** Which contact rules bind the deployment; absent: a debt collector (Regulation F binds it). */
  collectorType?: CollectorType;
  /** The business name a voicemail speaks instead of an unsafe creditor name (12 CFR 1006.2(j)). */
  voicemailBusinessName?: string;
  /** The country a national phone number is read in when the customer has no address country; absent: US. */
  defaultPhoneCountry?: string;
}

export interface Dependencies {
  clock: Clock;
  state: StateStore;
  ledger: Ledger;
  channels: ChannelPort;
  journeys: JourneyStarter;
  /** A journey's executions, generation after generation: rests, continue-as-new and early wake-ups. */
  generations: JourneyGenerations;
  bus: EventPublisher;
  /** The playbook journeys run when no experiment assigns another (and the holdout's observation period). */
  playbook: Playbook;
  /** The champion/challenger experiment new journeys are assigned in; none: every journey runs `playbook`. */
  experiment?: Experiment;
  /** Playbooks journeys may run (by name, id and id@version): the shipped ones by default. */
  playbooks?: PlaybookCatalogue;
  settings: Settings;
  /** Where Powertools idempotency keeps its records (only the billing-event handlers use it). */
  idempotency: { tableName: string; client: DynamoDBClient };
  /** The self-service portal, when deployed: messages then carry a personal, signed, expiring link. */
  portal?: PortalSettings;
  /** Counts of wrong answers to the portal's check, per account and person (the lockout). */
  guard: CheckGuard;
  /** Capacity-aware sending: each contact waits for a second reserved on its identity. None: sent when decided. */
  pacing?: Pacing;
}

export const systemClock: Clock = { now: () => new Date() };

export function documentClient(dynamo: DynamoDBClient): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(dynamo, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
}

export function buildDependencies(parts: {
  dynamo: DynamoDBClient;
  tables: { state: string; ledger: string; idempotency: string };
  clock: Clock;
  channels: ChannelPort;
  journeys: JourneyStarter;
  generations: JourneyGenerations;
  bus: EventPublisher;
  settings: Settings;
  playbook?: Playbook;
  experiment?: Experiment;
  playbooks?: PlaybookCatalogue;
  portal?: PortalSettings;
  pacing?: PacingSettings;
}): Dependencies {
  const doc = documentClient(parts.dynamo);
  return {
    clock: parts.clock,
    state: dynamoStateStore(doc, parts.tables.state),
    ledger: new LedgerStore(doc, parts.tables.ledger),
    channels: parts.channels,
    journeys: parts.journeys,
    generations: parts.generations,
    bus: parts.bus,
    playbook: parts.playbook ?? DEFAULT_PLAYBOOK,
    ...(parts.experiment ? { experiment: parts.experiment } : {}),
    ...(parts.playbooks ? { playbooks: parts.playbooks } : {}),
    settings: parts.settings,
    idempotency: { tableName: parts.tables.idempotency, client: parts.dynamo },
    ...(parts.portal ? { portal: parts.portal } : {}),
    guard: new CheckGuardStore(doc, parts.tables.state, parts.portal?.lockout ?? DEFAULT_LOCKOUT),
    ...(parts.pacing ? { pacing: pacingOn(parts.pacing, doc, parts.tables.state) } : {}),
  };
}
