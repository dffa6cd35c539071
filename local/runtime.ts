/**
 * The main job on one machine: DynamoDB Local, the real journey state machine file, the real handlers,
 * the channel sink and virtual time. Each account runs on its own virtual timeline (its journeys and
 * its events advance together); accounts run side by side; a reconciliation sweep runs at the end.
 */
import type { ChannelPort, DeliveryReceipt, OutboundMessage } from '../functions/domain/ports';
import { ChannelThrottledError } from '../functions/domain/errors';
import { journeyExecutionName } from '../functions/domain/journey-name';
import { JOURNEY_START_DETAIL_TYPES, type BillingDetailType } from '../functions/domain/events';
import { preDueCycleId } from '../functions/domain/pre-due/contract';
import { buildDependencies, type Dependencies, type Settings } from '../functions/commons/dependencies';
import { SinkChannel, type SinkRecord } from '../functions/adapters/channels/sink';
import { makeHandlers } from './handlers';
import { AccountTimeline, MutableClock } from './account-timeline';
import { startDynamoDbLocal, type LocalDynamo } from './dynamodb-local';
import { accountKeys, type LocalEvent } from './event-file';
import { deliveryOf, LocalEventPublisher, routeOf, type PublishedEvent } from './local-bus';
import { deferredGenerations, LocalJourneys, type LocalExecutionResult, type LocalHandlers } from './local-journeys';
import { localLambdaContext } from './lambda-context';
import type { Experiment } from '../functions/domain/experiments';
import type { Playbook } from '../functions/domain/playbook';
import { LOCAL_DEFAULT_EXPERIMENT, shippedExperiment } from '../functions/application/strategy';
import { ENV } from '../functions/commons/environment';
import type { PortalSettings } from '../functions/application/portal-links';
import { HmacMac } from '../functions/adapters/link-mac';
import { providerReport, PROVIDER_REPORT_DELAY_MS } from './provider-report';
import { FaultInjector, isInjected, type FaultCounts, type FaultPlan } from './faults';
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

/** Where `amicable run --portal` serves the portal; links in local messages point here. */
export const LOCAL_PORTAL_PORT = 8787;

/**
 * The portal locally: links signed with a fixed development key (never used in AWS, where the key is a
 * KMS HMAC key), so a link printed by one run opens in the portal served by the same command.
 */
export function localPortal(port = LOCAL_PORTAL_PORT): PortalSettings {
  return {
    mac: new HmacMac('amicable-local-development-only'),
    baseUrl: `http://127.0.0.1:${port}`,
    linkTtlDays: 14,
    check: 'postal-code',
  };
}

/** Faults the real providers can produce, injected at the channel boundary for tests and demos. */
export interface ChannelFaults {
  /** The next N sends are throttled by the provider (nothing sent). */
  throttleNext?: number;
  /** The send function dies after claiming and before the provider answers (outcome unknown). */
  crashOnSend?: (message: OutboundMessage) => boolean;
}

export interface LocalRunOptions {
  events: LocalEvent[];
  /** Virtual time to stop at; default: 60 days after the last event. */
  until?: Date;
  /** Accounts processed side by side. */
  concurrency?: number;
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

export interface FaultsInjected {
  throttles: number;
  crashes: number;
  /** Faults drawn at the plan's rates (a DynamoDB fault the SDK retried away still counts). */
  atRate?: FaultCounts;
}

/** An event whose handler threw on every attempt (Lambda's asynchronous invocation: 3 attempts). */
export interface FailedInvocation {
  line: number;
  eventId: string;
  detailType: string;
  target: string;
  errorName: string;
  /** Not an injected fault: a defect (a handler must never throw on an input). */
  crash: boolean;
}

/** Lambda invokes an asynchronous event source up to three times before the event goes to the failure destination. */
const ASYNC_ATTEMPTS = 3;

/** Wraps the sink with the run's faults; the throttle budget is shared by all accounts of the run. */
class FaultyChannel implements ChannelPort {
  constructor(
    private readonly inner: ChannelPort,
    private readonly faults: ChannelFaults,
    private readonly injected: FaultsInjected,
  ) {}
  async send(message: OutboundMessage) {
    if (this.faults.crashOnSend?.(message)) {
      this.injected.crashes += 1;
      throw new Error('simulated crash: the send function died before the provider answered');
    }
    if (this.injected.throttles < (this.faults.throttleNext ?? 0)) {
      this.injected.throttles += 1;
      throw new ChannelThrottledError('simulated provider throttling (rate exceeded)');
    }
    return this.inner.send(message);
  }
}

/** What every account of one run shares. */
interface RunContext {
  until: Date;
  dynamo: LocalDynamo;
  settings: Settings;
  faults: ChannelFaults;
  injected: FaultsInjected;
  sinks: SinkChannel[];
  published: PublishedEvent[];
  delivered: LocalEvent[];
  experiment?: Experiment;
  playbook?: Playbook;
  portal?: PortalSettings;
  pacing?: PacingSettings;
  injector?: FaultInjector;
  failedInvocations: FailedInvocation[];
}

/** Delivers an event as Lambda's asynchronous invocation does: retried, then kept in the failure list. */
async function invokeAsync(event: LocalEvent, handlers: LocalHandlers, run: RunContext): Promise<void> {
  const target = routeOf(event);
  for (let attempt = 1; ; attempt++) {
    try {
      await handlers[target](deliveryOf(event), localLambdaContext(`amicable-${target}`));
      return;
    } catch (error) {
      if (attempt < ASYNC_ATTEMPTS) continue;
      run.failedInvocations.push({
        line: event.line,
        eventId: event.id,
        detailType: event.detailType,
        target,
        errorName: (error as Error)?.name ?? 'Error',
        crash: !isInjected(error),
      });
      return;
    }
  }
}

/** One account on its own timeline, with its own handlers bound to that timeline's clock. */
async function runAccount(key: string, events: LocalEvent[], run: RunContext) {
  // The timeline delivers events to the handlers and the handlers start journeys on the timeline:
  // the cycle is closed through this holder, filled in before the timeline runs.
  const bound: { handlers?: LocalHandlers; journeys?: LocalJourneys } = {};
  const timeline = new AccountTimeline<LocalEvent>(events[0].at, [...events], async (event) => {
    run.delivered.push(event);
    await invokeAsync(event, bound.handlers!, run);
  });
  const sink = new SinkChannel({ clock: timeline.clock, idPrefix: `sink-${key}` });
  run.sinks.push(sink);
  const { injector } = run;
  const report = (message: OutboundMessage, receipt: DeliveryReceipt) =>
    timeline.schedule(providerReport(message, receipt, new Date(timeline.clock.now().getTime() + PROVIDER_REPORT_DELAY_MS)));
  const channel = new FaultyChannel(injector ? injector.channel(sink, report) : sink, run.faults, run.injected);
  const bus = new LocalEventPublisher(timeline.clock, run.published);
  const deps = buildDependencies({
    dynamo: injector ? injector.dynamoClient(run.dynamo.endpoint) : run.dynamo.client,
    tables: run.dynamo.tables,
    clock: timeline.clock,
    channels: channel,
    journeys: { start: (ref) => bound.journeys!.start(ref), isRunning: (ref) => bound.journeys!.isRunning(ref) },
    generations: deferredGenerations(() => bound.journeys!),
    bus: injector ? injector.bus(bus) : bus,
    settings: run.settings,
    experiment: run.experiment,
    ...(run.playbook ? { playbook: run.playbook } : {}),
    ...(run.portal ? { portal: run.portal } : {}),
    ...(run.pacing ? { pacing: run.pacing } : {}),
  });
  bound.handlers = makeHandlers(() => deps) as unknown as LocalHandlers;
  bound.journeys = new LocalJourneys(timeline, bound.handlers);
  const outcome = await timeline.run(run.until);
  await bound.journeys.settled();
  return { ...outcome, executions: bound.journeys.results };
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

function runContext(dynamo: LocalDynamo, options: LocalRunOptions, until: Date): RunContext {
  const portal = options.portal === null ? undefined : (options.portal ?? localPortal());
  const injector = options.faultPlan ? new FaultInjector(options.faultPlan) : undefined;
  const pacing = options.pacing === null ? undefined : (options.pacing ?? LOCAL_PACING);
  return {
    until,
    dynamo,
    settings: options.settings ?? LOCAL_SETTINGS,
    faults: options.faults ?? {},
    injected: { throttles: 0, crashes: 0 },
    sinks: [],
    published: [],
    delivered: [],
    experiment: localExperiment(options.experiment),
    ...(options.playbook ? { playbook: options.playbook } : {}),
    failedInvocations: [],
    ...(portal ? { portal } : {}),
    ...(pacing ? { pacing } : {}),
    ...(injector ? { injector } : {}),
  };
}

/** Every account's events through the real handlers, several accounts at a time (one, under injected faults). */
async function runAccounts(byAccount: Map<string, LocalEvent[]>, context: RunContext, options: LocalRunOptions) {
  const totals = { executions: [] as LocalExecutionResult[], waitingJourneys: 0, undeliveredEvents: 0 };
  const queue = [...byAccount.keys()];
  let done = 0;
  // One fault generator draws for every account: one account at a time keeps the draws in seed order.
  const concurrency = context.injector ? 1 : Math.max(1, options.concurrency ?? 8);
  const worker = async () => {
    for (let key = queue.shift(); key !== undefined; key = queue.shift()) {
      const outcome = await runAccount(key, byAccount.get(key)!, context);
      totals.executions.push(...outcome.executions);
      totals.waitingJourneys += outcome.waitingJourneys;
      totals.undeliveredEvents += outcome.undeliveredEvents;
      options.onProgress?.(++done, byAccount.size);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, byAccount.size) }, worker));
  return totals;
}

/** The daily reconciliation, once at the end: journeys still waiting count as running. */
async function finalSweep(context: RunContext, executions: LocalExecutionResult[]) {
  const { until, dynamo, settings, experiment, playbook, portal, published } = context;
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
  const { executions, waitingJourneys, undeliveredEvents } = await runAccounts(byAccount, context, options);
  const { sweepDeps, sweep } = await finalSweep(context, executions);
  const { sinks, published, delivered, injected, injector, experiment, failedInvocations } = context;
  const sent = sinks.flatMap((s) => s.sent).sort((a, b) => a.sentAt.localeCompare(b.sentAt));
  return {
    startedAt,
    until,
    accounts,
    cycles,
    sent,
    published,
    executions,
    waitingJourneys,
    deliveredEvents: delivered.length,
    deliveredDays: [...new Set(delivered.map((e) => e.at.toISOString().slice(0, 10)))],
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
