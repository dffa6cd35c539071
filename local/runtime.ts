/**
 * The main job on one machine: DynamoDB Local, the real journey state machine file, the real handlers,
 * the channel sink and virtual time. Each account runs on its own virtual timeline (its journeys and
 * its events advance together); accounts run side by side; a reconciliation sweep runs at the end.
 */
import { journeyExecutionName } from '../functions/domain/journey-name';
import { JOURNEY_START_DETAIL_TYPES, type BillingDetailType } from '../functions/domain/events';
import { preDueCycleId } from '../functions/domain/pre-due/contract';
import { buildDependencies, type Dependencies, type Settings } from '../functions/commons/dependencies';
import { SinkChannel, type SinkRecord } from '../functions/adapters/channels/sink';
import { makeHandlers } from './handlers';
import { MutableClock } from './account-timeline';
import { startDynamoDbLocal, type LocalDynamo } from './dynamodb-local';
import { accountKeys, type LocalEvent } from './event-file';
import { LocalEventPublisher, type PublishedEvent } from './local-bus';
import { deferredGenerations, type LocalExecutionResult } from './local-journeys';
import { localLambdaContext } from './lambda-context';
import type { AccountRunContext, ChannelFaults, FailedInvocation, FaultsInjected } from './account-run';
import { autoShards, runShards, shardsAllowed } from './shards';
import { localPortal } from './local-portal';
import type { Experiment } from '../functions/domain/experiments';
import type { Playbook } from '../functions/domain/playbook';
import { LOCAL_DEFAULT_EXPERIMENT, shippedExperiment } from '../functions/application/strategy';
import { ENV } from '../functions/commons/environment';
import type { PortalSettings } from '../functions/application/portal-links';
import { FaultInjector, type FaultPlan } from './faults';
import { capacityConfigSchema, DEFAULT_CAPACITY, type PacingSettings } from '../functions/domain/pacing/capacity';

export const LOCAL_SETTINGS: Settings = {
  paymentUrl: 'https://pay.example.com/northwind',
  helpPhoneNumber: '+1 800 555 0100',
  businessTimeZone: 'America/New_York',
};

/** Local pacing: the shipped default capacity on one local identity per channel (the run shares them). */
export const LOCAL_PACING: PacingSettings = {
  capacity: capacityConfigSchema.parse(DEFAULT_CAPACITY),
  identities: { sms: 'local-sms', voice: 'local-voice', email: 'local-email' },
};

export { LOCAL_PORTAL_PORT, localPortal } from './local-portal';
export type { ChannelFaults, FailedInvocation, FaultsInjected } from './account-run';

export interface LocalRunOptions {
  events: LocalEvent[];
  /** Virtual time to stop at; default: 60 days after the last event. */
  until?: Date;
  /** Accounts processed side by side on each thread (default 8). */
  concurrency?: number;
  /**
   * Threads the accounts are split over (default 1; 'auto': one per two cores when there are enough accounts). A run with faults, or with a
   * portal other than localPortal()'s, stays on one thread (see shards.ts).
   */
  shards?: number | 'auto';
  faults?: ChannelFaults;
  settings?: Settings;
  /** Reuse a running DynamoDB Local (tests); otherwise one is started and stopped. */
  dynamo?: LocalDynamo;
  onProgress?: (accountsDone: number, accountsTotal: number) => void;
  /** The portal messages link to (default: the local portal); null: messages carry the payment URL only. */
  portal?: PortalSettings | null;
  /**
   * The champion/challenger experiment new journeys are assigned in: an experiment, or the name of a
   * file in experiments/. Default: the EXPERIMENT environment variable (as in Lambda), else the local
   * default (none: every journey runs the default playbook). null: no experiment, whatever the environment.
   */
  experiment?: Experiment | string | null;
  /** The playbook journeys run when no experiment assigns another; default the deployment's (cx-default). */
  playbook?: Playbook;
  /** Faults at a rate (providers, DynamoDB, the bus), deterministic by seed; accounts then run one at a time. */
  faultPlan?: FaultPlan;
  /** Capacity-aware sending (default LOCAL_PACING); null: every contact is sent when decided. */
  pacing?: PacingSettings | null;
}

/** The experiment a local run uses (validated: a bad one is refused before anything runs). */
export function localExperiment(
  option: LocalRunOptions['experiment'],
  env: Record<string, string | undefined> = process.env,
): Experiment | undefined {
  if (option === null) return undefined;
  if (typeof option === 'object') return option;
  const name = option ?? (env[ENV.experiment]?.trim() || LOCAL_DEFAULT_EXPERIMENT);
  return name ? shippedExperiment(name) : undefined;
}

export interface LocalRunResult {
  startedAt: Date;
  until: Date;
  accounts: string[];
  /** Every (accountId, cycleId) seen in AccountOverdue events. */
  cycles: Array<{ accountId: string; cycleId: string }>;
  /** The threads the accounts ran on. */
  shards: number;
  sent: SinkRecord[];
  published: PublishedEvent[];
  executions: LocalExecutionResult[];
  waitingJourneys: number;
  deliveredEvents: number;
  /** UTC days (YYYY-MM-DD) on which events were delivered: where rejection records are kept. */
  deliveredDays: string[];
  undeliveredEvents: number;
  sweep: unknown;
  faultsInjected: FaultsInjected;
  /** Events whose handler threw on every attempt: the failure queue. */
  failedInvocations: FailedInvocation[];
  /** The experiment the run assigned journeys in, if any. */
  experiment?: Experiment;
  /** Read access to what the run left in DynamoDB Local (valid until dispose()). */
  dependencies: Dependencies;
  /** The run's DynamoDB Local (loopback), for operator tools such as portal-reopen while it is up. */
  dynamoEndpoint: string;
  dispose(): Promise<void>;
}

export async function runLocal(options: LocalRunOptions): Promise<LocalRunResult> {
  const ownDynamo = options.dynamo === undefined;
  const dynamo = options.dynamo ?? (await startDynamoDbLocal());
  try {
    return await runOn(dynamo, options, ownDynamo);
  } catch (error) {
    // A run that fails must not leave DynamoDB Local running (it would keep the CLI alive forever).
    if (ownDynamo) await dynamo.stop();
    throw error;
  }
}

/** The events by account (in file order), and the account cycles the overdue events name, each once. */
function groupEvents(events: LocalEvent[]) {
  const byAccount = new Map<string, LocalEvent[]>();
  const accountKeyOf = accountKeys(events);
  for (const event of events) {
    const key = accountKeyOf(event);
    byAccount.set(key, [...(byAccount.get(key) ?? []), event]);
  }
  const cycles = events
    .filter((e) => JOURNEY_START_DETAIL_TYPES.includes(e.detailType as BillingDetailType))
    .filter((e) => typeof e.detail.accountId === 'string' && typeof e.detail.cycleId === 'string')
    // A bill's pre-due stage is its own cycle (functions/domain/pre-due/contract.ts).
    .map((e) => ({
      accountId: e.detail.accountId as string,
      cycleId: e.detailType === 'PaymentDueSoon' ? preDueCycleId(e.detail.cycleId as string) : (e.detail.cycleId as string),
    }))
    .filter((c, i, all) => all.findIndex((o) => o.accountId === c.accountId && o.cycleId === c.cycleId) === i);
  return { byAccount, accounts: [...byAccount.keys()], cycles };
}

function runContext(dynamo: LocalDynamo, options: LocalRunOptions, until: Date): AccountRunContext {
  const portal = options.portal === null ? undefined : (options.portal ?? localPortal());
  const injector = options.faultPlan ? new FaultInjector(options.faultPlan) : undefined;
  const pacing = options.pacing === null ? undefined : (options.pacing ?? LOCAL_PACING);
  const experiment = localExperiment(options.experiment);
  return {
    until,
    dynamo,
    settings: options.settings ?? LOCAL_SETTINGS,
    faults: options.faults ?? {},
    injected: { throttles: 0, crashes: 0 },
    ...(experiment ? { experiment } : {}),
    ...(options.playbook ? { playbook: options.playbook } : {}),
    ...(portal ? { portal } : {}),
    ...(pacing ? { pacing } : {}),
    ...(injector ? { injector } : {}),
  };
}

/** Every account's events through the real handlers, several accounts at a time on each shard (one, under injected faults). */
async function runAllAccounts(byAccount: Map<string, LocalEvent[]>, context: AccountRunContext, options: LocalRunOptions) {
  let done = 0;
  const keys = [...byAccount.keys()];
  const requested = options.shards === 'auto' ? autoShards(keys.length) : (options.shards ?? 1);
  const shards = shardsAllowed(requested, context, keys.length);
  const outcomes = await runShards(keys, byAccount, context, {
    shards,
    // One fault generator draws for every account: one account at a time keeps the draws in seed order.
    concurrency: context.injector ? 1 : Math.max(1, options.concurrency ?? 8),
    onDone: () => options.onProgress?.(++done, byAccount.size),
  });
  return {
    shards,
    // Account order, each account's own in its order: the same whatever the threads or their timing.
    sent: outcomes.flatMap((o) => o.sent).sort((a, b) => a.sentAt.localeCompare(b.sentAt)),
    published: outcomes.flatMap((o) => o.published),
    delivered: outcomes.flatMap((o) => o.delivered),
    failedInvocations: outcomes.flatMap((o) => o.failedInvocations),
    executions: outcomes.flatMap((o) => o.executions),
    waitingJourneys: outcomes.reduce((n, o) => n + o.waitingJourneys, 0),
    undeliveredEvents: outcomes.reduce((n, o) => n + o.undeliveredEvents, 0),
  };
}

/** The daily reconciliation, once at the end: journeys still waiting count as running. */
async function finalSweep(context: AccountRunContext, executions: LocalExecutionResult[], published: PublishedEvent[]) {
  const { until, dynamo, settings, experiment, playbook, portal } = context;
  const sweepClock = new MutableClock(until);
  const stillWaiting = new Set(executions.filter((e) => e.status === 'ABORTED' || e.status === 'RESTING').map((e) => e.journey));
  const restarted: string[] = [];
  const sweepDeps = buildDependencies({
    dynamo: dynamo.client,
    tables: dynamo.tables,
    clock: sweepClock,
    channels: new SinkChannel({ clock: sweepClock }),
    journeys: {
      start: async (ref) => {
        restarted.push(journeyExecutionName(ref.accountId, ref.cycleId));
        return { executionName: journeyExecutionName(ref.accountId, ref.cycleId), alreadyStarted: false };
      },
      isRunning: async (ref) => stillWaiting.has(journeyExecutionName(ref.accountId, ref.cycleId)),
    },
    generations: deferredGenerations(() => {
      throw new Error('the final sweep wakes no journey');
    }),
    bus: new LocalEventPublisher(sweepClock, published),
    settings,
    experiment,
    ...(playbook ? { playbook } : {}),
    ...(portal ? { portal } : {}),
  });
  const sweep = await makeHandlers(() => sweepDeps).sweep(
    {
      version: '0',
      id: 'local-sweep',
      'detail-type': 'Scheduled Event',
      source: 'aws.scheduler',
      account: '000000000000',
      time: until.toISOString(),
      region: 'us-east-1',
      resources: [],
      detail: {},
    } as never,
    localLambdaContext('amicable-sweep'),
  );
  return { sweepDeps, sweep: { ...(sweep as object), restartedJourneys: restarted } };
}

async function runOn(dynamo: LocalDynamo, options: LocalRunOptions, ownDynamo: boolean): Promise<LocalRunResult> {
  const { events } = options;
  const startedAt = events[0].at;
  const until = options.until ?? new Date(events[events.length - 1].at.getTime() + 60 * 24 * 3600 * 1000);
  const { byAccount, accounts, cycles } = groupEvents(events);
  const context = runContext(dynamo, options, until);
  const { shards, sent, published, delivered, failedInvocations, executions, waitingJourneys, undeliveredEvents } = await runAllAccounts(
    byAccount,
    context,
    options,
  );
  const { sweepDeps, sweep } = await finalSweep(context, executions, published);
  const { injected, injector, experiment } = context;
  return {
    startedAt,
    until,
    accounts,
    cycles,
    shards,
    sent,
    published,
    executions,
    waitingJourneys,
    deliveredEvents: delivered.length,
    deliveredDays: [...new Set(delivered.map((e) => e.at.toISOString().slice(0, 10)))].sort(),
    undeliveredEvents,
    sweep,
    faultsInjected: { ...injected, ...(injector ? { atRate: injector.counts } : {}) },
    failedInvocations,
    ...(experiment ? { experiment } : {}),
    dependencies: sweepDeps,
    dynamoEndpoint: dynamo.endpoint,
    dispose: async () => {
      if (ownDynamo) await dynamo.stop();
    },
  };
}
