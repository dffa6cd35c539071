/**
 * What the handlers need, built once per runtime: in AWS from the Lambda environment, locally (DynamoDB
 * Local, virtual clock, channel sink, local journeys and bus) with buildDependencies. The handlers take a
 * thunk, so importing a handler module builds nothing.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SFNClient } from '@aws-sdk/client-sfn';
import * as z from '../domain/zod';
import { addTransformIssue, describeIssues } from '../domain/zod-issues';
import { channelSettingsFromEnvironment, channelsFromSettings } from '../adapters/channels/from-settings';
import { EventBridgePublisher } from '../adapters/event-publisher-eventbridge';
import { SfnJourneyStarter } from '../adapters/journey-starter-sfn';
import { LedgerStore } from '../adapters/ledger-store';
import { DEFAULT_RAW_EVENT_RETENTION_DAYS } from '../adapters/rejection-record';
import { dynamoStateStore } from '../adapters/state-store';
import type { Ledger } from '../domain/ledger';
import type { CheckGuard, StateStore } from '../domain/storage';
import { DEFAULT_PLAYBOOK, type Playbook } from '../domain/playbook';
import type { Experiment } from '../domain/experiments';
import { shippedExperiment, shippedPlaybooks, type PlaybookCatalogue } from '../application/strategy';
import type { ChannelPort, Clock, EventPublisher, JourneyGenerations, JourneyStarter } from '../domain/ports';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { resumeSchedulesSchema, SchedulerResumes } from '../adapters/resume-scheduler';
import { ENV } from './environment';
import { collectorTypeSchema, DEFAULT_COLLECTOR_TYPE, voicemailBusinessNameSchema, type CollectorType } from '../domain/collector';
import { DEFAULT_PHONE_COUNTRY, phoneCountrySchema } from '../domain/phone-countries';
import { isValidTimeZone } from '../domain/zone-clock';
import type { PortalSettings } from '../application/portal-links';
import { KMSClient } from '@aws-sdk/client-kms';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SecretsManagerOriginSecret } from '../adapters/origin-secret';
import type { PortalCallers } from '../domain/portal/origin';
import { KmsMac } from '../adapters/link-mac';
import { CHECK_KINDS } from '../domain/portal/contract';
import { CheckGuardStore } from '../adapters/check-guard-store';
import { DEFAULT_LOCKOUT, lockoutPolicySchema, type LockoutPolicy } from '../domain/portal/lockout';
import type { PacingSettings } from '../domain/pacing/capacity';
import type { Pacing } from '../application/pace';
import { pacingOn } from './aws-pacing';
import { ConfigurationError, readEnvironment } from './configuration';

export { ConfigurationError, readEnvironment } from './configuration';

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

// ------------------------------------------------------------------ AWS

const required = (name: string) => z.string({ error: `${name} is not set` }).check(z.trim(), z.minLength(1, `${name} is empty`));

const tableEnvSchema = z.object({
  [ENV.stateTable]: required(ENV.stateTable),
  [ENV.ledgerTable]: required(ENV.ledgerTable),
  [ENV.idempotencyTable]: required(ENV.idempotencyTable),
});

const settingSchemas = {
  [ENV.paymentUrl]: z.url({ error: `${ENV.paymentUrl} must be an http(s) URL` }),
  [ENV.helpPhoneNumber]: required(ENV.helpPhoneNumber),
  [ENV.businessTimeZone]: z
    ._default(z.string().check(z.trim(), z.minLength(1)), 'America/New_York')
    .check(z.refine(isValidTimeZone, `${ENV.businessTimeZone} must be an IANA time zone such as America/New_York`)),
  [ENV.collectorType]: z._default(collectorTypeSchema, DEFAULT_COLLECTOR_TYPE),
  [ENV.voicemailBusinessName]: z.optional(voicemailBusinessNameSchema),
  [ENV.defaultPhoneCountry]: z._default(phoneCountrySchema, DEFAULT_PHONE_COUNTRY),
} as const;

/** Memoises a factory: the part is built (and its environment validated) the first time it is used. */
function lazy<T>(build: () => T): () => T {
  let value: T | undefined;
  let built = false;
  return () => {
    if (!built) {
      value = build();
      built = true;
    }
    return value as T;
  };
}

/**
 * Dependencies from the Lambda environment. The tables are validated at once (every handler uses them);
 * the rest is validated when first used, because not every function gets every variable: the functions
 * the state machine invokes cannot be given the state machine's ARN (a circular reference in CloudFormation).
 */
export function dependenciesFromEnvironment(env: Record<string, string | undefined> = process.env, wiring: AwsWiring = {}): Dependencies {
  const tables = readEnvironment(tableEnvSchema, 'table names', env);
  const dynamo = new DynamoDBClient({});
  const doc = documentClient(dynamo);
  const channels = lazy(() => channelsFromSettings(channelSettingsFromEnvironment(env)));
  const journeys = lazy(() => {
    const parsed = readEnvironment(z.object({ [ENV.stateMachineArn]: required(ENV.stateMachineArn) }), 'journey starter', env);
    return new SfnJourneyStarter(new SFNClient({}), parsed[ENV.stateMachineArn]);
  });
  const generations = lazy(() => awsGenerations(journeys(), env));
  const bus = lazy(() => {
    const parsed = readEnvironment(z.object({ [ENV.eventBusName]: required(ENV.eventBusName) }), 'event publisher', env);
    return new EventBridgePublisher(new EventBridgeClient({}), parsed[ENV.eventBusName]);
  });
  const experiment = experimentFromEnvironment(env);
  const portal = portalFromEnvironment(env);
  const pacing = wiring.pacing?.(env, doc, tables[ENV.stateTable]);
  return {
    ...(portal ? { portal } : {}),
    ...(pacing ? { pacing } : {}),
    clock: systemClock,
    state: dynamoStateStore(doc, tables[ENV.stateTable]),
    ledger: new LedgerStore(
      doc,
      tables[ENV.ledgerTable],
      readEnvironment(rawRetentionSchema, 'rejection retention', env)[ENV.rejectedEventRetentionDays],
    ),
    guard: new CheckGuardStore(doc, tables[ENV.stateTable], portal?.lockout ?? DEFAULT_LOCKOUT),
    get channels() {
      return channels();
    },
    get journeys() {
      return journeys();
    },
    get generations() {
      return generations();
    },
    get bus() {
      return bus();
    },
    playbook: DEFAULT_PLAYBOOK,
    ...(experiment ? { experiment } : {}),
    playbooks: shippedPlaybooks(),
    settings: settingsFromEnvironment(env),
    idempotency: { tableName: tables[ENV.idempotencyTable], client: dynamo },
  };
}

/** Executions through Step Functions, resumes through EventBridge Scheduler (lib/journey-resume.ts sets the variable). */
function awsGenerations(executions: SfnJourneyStarter, env: Record<string, string | undefined>): JourneyGenerations {
  const parsed = readEnvironment(z.object({ [ENV.resumeSchedules]: required(ENV.resumeSchedules) }), 'journey resumes', env);
  let settings;
  try {
    settings = resumeSchedulesSchema.safeParse(JSON.parse(parsed[ENV.resumeSchedules]));
  } catch (error) {
    throw new ConfigurationError([`${ENV.resumeSchedules} is not JSON: ${(error as Error).message}`], 'journey resumes');
  }
  if (!settings.success) throw new ConfigurationError(describeIssues(settings.error), 'journey resumes');
  const resumes = new SchedulerResumes(new SchedulerClient({}), settings.data);
  return {
    startGeneration: (ref, generation) => executions.startGeneration(ref, generation),
    stopGeneration: (ref, generation, reason) => executions.stopGeneration(ref, generation, reason),
    scheduleGeneration: (ref, generation, at) => resumes.scheduleGeneration(ref, generation, at),
    cancelSchedule: (ref, generation) => resumes.cancelSchedule(ref, generation),
  };
}

/** The message settings, each validated when first read: not every function is given every variable. */
function settingsFromEnvironment(env: Record<string, string | undefined>): Settings {
  const setting = (name: keyof typeof settingSchemas) =>
    lazy(() => readEnvironment(z.object({ [name]: settingSchemas[name] }), 'message settings', env)[name] as string | undefined);
  const paymentUrl = setting(ENV.paymentUrl);
  const helpPhoneNumber = setting(ENV.helpPhoneNumber);
  const businessTimeZone = setting(ENV.businessTimeZone);
  const collectorType = setting(ENV.collectorType);
  const voicemailBusinessName = setting(ENV.voicemailBusinessName);
  const defaultPhoneCountry = setting(ENV.defaultPhoneCountry);
  return {
    get paymentUrl() {
      return paymentUrl()!;
    },
    get helpPhoneNumber() {
      return helpPhoneNumber()!;
    },
    get businessTimeZone() {
      return businessTimeZone()!;
    },
    get collectorType() {
      return collectorType() as CollectorType;
    },
    get voicemailBusinessName() {
      return voicemailBusinessName();
    },
    get defaultPhoneCountry() {
      return defaultPhoneCountry();
    },
  };
}

/** An experiment, when configured, is validated now: a bad one is refused before any journey runs. */
function experimentFromEnvironment(env: Record<string, string | undefined>): Experiment | undefined {
  const experimentName = env[ENV.experiment]?.trim();
  if (!experimentName) return undefined;
  try {
    return shippedExperiment(experimentName);
  } catch (error) {
    throw new ConfigurationError([`${ENV.experiment}: ${(error as Error).message}`], 'experiment');
  }
}

const rawRetentionSchema = z.object({
  [ENV.rejectedEventRetentionDays]: z._default(
    z.coerce.number().check(z.int(), z.gte(1), z.lte(3 * 366)),
    DEFAULT_RAW_EVENT_RETENTION_DAYS,
  ),
});

const portalEnvSchema = z.object({
  [ENV.portalLinkKeyId]: required(ENV.portalLinkKeyId),
  [ENV.portalBaseUrl]: z
    .url({ error: `${ENV.portalBaseUrl} must be an https URL` })
    .check(z.refine((u) => u.startsWith('https://'), `${ENV.portalBaseUrl} must be an https URL`)),
  [ENV.portalCheck]: z._default(
    z.enum(CHECK_KINDS, { error: `${ENV.portalCheck} must be one of ${CHECK_KINDS.join(', ')}` }),
    'postal-code',
  ),
  [ENV.portalLinkTtlDays]: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(90)), 14),
  [ENV.portalLockout]: z.pipe(
    z.optional(z.string()),
    z.transform((text, ctx) => (text === undefined ? undefined : lockoutFromJson(text, ctx))),
  ),
});

/** PORTAL_LOCKOUT: a LockoutPolicy as JSON, checked like the stage config that wrote it. */
function lockoutFromJson(text: string, ctx: z.core.ParsePayload): LockoutPolicy {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    addTransformIssue(ctx, `${ENV.portalLockout} is not JSON`);
    return z.NEVER;
  }
  const parsed = lockoutPolicySchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  for (const problem of describeIssues(parsed.error)) addTransformIssue(ctx, `${ENV.portalLockout}: ${problem}`);
  return z.NEVER;
}

/** The portal settings when the function is given the portal's key (the senders and the portal function). */
function portalFromEnvironment(env: Record<string, string | undefined>): PortalSettings | undefined {
  if (!env[ENV.portalLinkKeyId]) return undefined;
  const parsed = readEnvironment(portalEnvSchema, 'portal', env);
  const kms = lazy(() => new KMSClient({}));
  return {
    mac: new KmsMac({ send: (command) => kms().send(command) }, parsed[ENV.portalLinkKeyId]),
    baseUrl: parsed[ENV.portalBaseUrl],
    check: parsed[ENV.portalCheck],
    linkTtlDays: parsed[ENV.portalLinkTtlDays],
    ...(parsed[ENV.portalLockout] ? { lockout: parsed[ENV.portalLockout] } : {}),
  };
}

/**
 * Who may call the portal function in AWS: only CloudFront, which adds the secret named by
 * PORTAL_ORIGIN_SECRET_ARN. Read on the first request; without the variable every request fails (the
 * function never answers a caller it cannot tell from CloudFront).
 */
export function portalCallersFromEnvironment(env: Record<string, string | undefined> = process.env): PortalCallers {
  const secret = lazy(() => {
    const parsed = readEnvironment(z.object({ [ENV.portalOriginSecretArn]: required(ENV.portalOriginSecretArn) }), 'portal origin', env);
    return new SecretsManagerOriginSecret(new SecretsManagerClient({}), parsed[ENV.portalOriginSecretArn], systemClock);
  });
  return { onlyThrough: 'cloudfront', secret };
}

/**
 * Ports only some functions use, given by the function that uses them (its handler module imports the
 * factory), so that the other functions' bundles do not carry them. Absent: the port is not wired.
 */
export interface AwsWiring {
  /** Capacity-aware sending (aws-pacing.ts): read only by the decide function. */
  pacing?: (env: Record<string, string | undefined>, doc: DynamoDBDocumentClient, stateTable: string) => Pacing | undefined;
}

/** A Lambda runtime's dependencies with `wiring`, built on the first invocation and reused while the runtime is warm. */
export const awsDependenciesWith = (wiring: AwsWiring): (() => Dependencies) =>
  lazy(() => dependenciesFromEnvironment(process.env, wiring));

/** The dependencies of a function that uses none of the optional ports. */
export const awsDependencies: () => Dependencies = awsDependenciesWith({});
