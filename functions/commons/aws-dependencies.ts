/**
 * Dependencies in AWS, from the Lambda environment. Every function gets the clock, the state and ledger
 * tables, idempotency, the message settings and the strategy. The other ports (channels, journeys,
 * journey generations, bus, portal, portal guard, pacing) are built only where the handler module passes
 * their factory (aws-channels.ts, aws-journeys.ts, aws-bus.ts, aws-portal.ts, aws-pacing.ts), so each
 * bundle carries the adapters and AWS clients of the ports its function uses and no others.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import * as z from '../domain/zod';
import { LedgerStore } from '../adapters/ledger-store';
import { DEFAULT_RAW_EVENT_RETENTION_DAYS } from '../adapters/rejection-record';
import { dynamoStateStore } from '../adapters/state-store';
import { DEFAULT_PLAYBOOK } from '../domain/playbook';
import type { Experiment } from '../domain/experiments';
import { shippedExperiment, shippedPlaybooks } from '../application/strategy';
import { collectorTypeSchema, DEFAULT_COLLECTOR_TYPE, voicemailBusinessNameSchema, type CollectorType } from '../domain/collector';
import { DEFAULT_PHONE_COUNTRY, phoneCountrySchema } from '../domain/phone-countries';
import { isValidTimeZone } from '../domain/zone-clock';
import { ConfigurationError, lazy, readEnvironment, required } from './configuration';
import { documentClient, systemClock, type Dependencies, type Settings } from './dependencies';
import { ENV } from './environment';
import type { AwsCore, Environment } from './aws-core';

/** The ports only some functions use; optional ones (portal, pacing) may be absent even when wired. */
export type WiredPort = 'channels' | 'journeys' | 'generations' | 'bus' | 'portal' | 'guard' | 'pacing';

/** The factory of each port a function uses. Its handler module imports them, so its bundle carries only those. */
export type AwsWiring = { readonly [P in WiredPort]?: (core: AwsCore) => Dependencies[P] };

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

const rawRetentionSchema = z.object({
  [ENV.rejectedEventRetentionDays]: z._default(
    z.coerce.number().check(z.int(), z.gte(1), z.lte(3 * 366)),
    DEFAULT_RAW_EVENT_RETENTION_DAYS,
  ),
});

/** A port built the first time it is used; one the function does not wire throws when used (a wiring mistake, not a setting). */
function portOn<P extends WiredPort>(port: P, wiring: AwsWiring, core: AwsCore): () => Dependencies[P] {
  const factory = wiring[port];
  if (!factory) {
    return () => {
      throw new Error(`${port} is not wired into this function: its handler module must pass a factory for it to awsDependencies`);
    };
  }
  return lazy(() => factory(core));
}

/**
 * Dependencies from the Lambda environment, with the ports `wiring` builds. The tables, the experiment,
 * the portal and pacing are validated at once; the rest when first used, because not every function
 * gets every variable: the functions the state machine invokes cannot be given the state machine's ARN
 * (a circular reference in CloudFormation).
 */
export function dependenciesFromEnvironment(env: Environment = process.env, wiring: AwsWiring = {}): Dependencies {
  const tables = readEnvironment(tableEnvSchema, 'table names', env);
  const dynamo = new DynamoDBClient({});
  const core: AwsCore = { env, dynamo, doc: documentClient(dynamo), stateTable: tables[ENV.stateTable] };
  const [channels, journeys, generations, bus, guard] = [
    portOn('channels', wiring, core),
    portOn('journeys', wiring, core),
    portOn('generations', wiring, core),
    portOn('bus', wiring, core),
    portOn('guard', wiring, core),
  ] as const;
  const experiment = experimentFromEnvironment(env);
  const portal = wiring.portal?.(core);
  const pacing = wiring.pacing?.(core);
  const retention = readEnvironment(rawRetentionSchema, 'rejection retention', env)[ENV.rejectedEventRetentionDays];
  return {
    ...(portal ? { portal } : {}),
    ...(pacing ? { pacing } : {}),
    ...(experiment ? { experiment } : {}),
    clock: systemClock,
    state: dynamoStateStore(core.doc, core.stateTable),
    ledger: new LedgerStore(core.doc, tables[ENV.ledgerTable], retention),
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
    get guard() {
      return guard();
    },
    playbook: DEFAULT_PLAYBOOK,
    playbooks: shippedPlaybooks(),
    settings: settingsFromEnvironment(env),
    idempotency: { tableName: tables[ENV.idempotencyTable], client: dynamo },
  };
}

/** The message settings, each validated when first read: not every function is given every variable. */
function settingsFromEnvironment(env: Environment): Settings {
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
function experimentFromEnvironment(env: Environment): Experiment | undefined {
  const experimentName = env[ENV.experiment]?.trim();
  if (!experimentName) return undefined;
  try {
    return shippedExperiment(experimentName);
  } catch (error) {
    throw new ConfigurationError([`${ENV.experiment}: ${(error as Error).message}`], 'experiment');
  }
}

/**
 * A Lambda runtime's dependencies with the ports `wiring` builds (each handler module passes the
 * factories of the ports its function uses), built on the first invocation and reused while warm.
 */
export const awsDependencies = (wiring: AwsWiring): (() => Dependencies) => lazy(() => dependenciesFromEnvironment(process.env, wiring));
