/**
 * One account of a local run on its own virtual timeline, with its own handlers bound to that timeline's
 * clock, and a pool that runs several accounts side by side. Accounts share nothing in memory but the
 * run's faults: what one account leaves (messages, published events, executions) is its own outcome, so
 * a run split over threads merges to the same result as one run.
 */
import type { ChannelPort, DeliveryReceipt, OutboundMessage } from '../functions/domain/ports';
import { ChannelThrottledError } from '../functions/domain/errors';
import { buildDependencies, type Settings } from '../functions/commons/dependencies';
import { SinkChannel, type SinkRecord } from '../functions/adapters/channels/sink';
import type { Experiment } from '../functions/domain/experiments';
import type { Playbook } from '../functions/domain/playbook';
import type { PortalSettings } from '../functions/application/portal-links';
import type { PacingSettings } from '../functions/domain/pacing/capacity';
import { makeHandlers } from './handlers';
import { AccountTimeline } from './account-timeline';
import type { LocalDynamo } from './dynamodb-local';
import type { LocalEvent } from './event-file';
import { deliveryOf, LocalEventPublisher, routeOf, type PublishedEvent } from './local-bus';
import { deferredGenerations, LocalJourneys, type LocalExecutionResult, type LocalHandlers } from './local-journeys';
import { localLambdaContext } from './lambda-context';
import { inStep } from './request-counts';
import { providerReport, PROVIDER_REPORT_DELAY_MS } from './provider-report';
import { isInjected, type FaultCounts, type FaultInjector } from './faults';

/** Faults the real providers can produce, injected at the channel boundary for tests and demos. */
export interface ChannelFaults {
  /** The next N sends are throttled by the provider (nothing sent). */
  throttleNext?: number;
  /** The send function dies after claiming and before the provider answers (outcome unknown). */
  crashOnSend?: (message: OutboundMessage) => boolean;
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

/** What every account of one run shares. */
export interface AccountRunContext {
  until: Date;
  dynamo: LocalDynamo;
  settings: Settings;
  faults: ChannelFaults;
  injected: FaultsInjected;
  experiment?: Experiment;
  /** The playbook journeys run when no experiment assigns another. */
  playbook?: Playbook;
  portal?: PortalSettings;
  pacing?: PacingSettings;
  injector?: FaultInjector;
}

/** What one account's run left: plain data, so it can cross a thread boundary. */
export interface AccountOutcome {
  key: string;
  sent: SinkRecord[];
  published: PublishedEvent[];
  delivered: LocalEvent[];
  failedInvocations: FailedInvocation[];
  executions: LocalExecutionResult[];
  waitingJourneys: number;
  undeliveredEvents: number;
}

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

/** Delivers an event as Lambda's asynchronous invocation does: retried, then kept in the failure list. */
async function invokeAsync(event: LocalEvent, handlers: LocalHandlers, failed: FailedInvocation[]): Promise<void> {
  const target = routeOf(event);
  for (let attempt = 1; ; attempt++) {
    try {
      await inStep(`event ${target} ${event.detailType}`, () =>
        handlers[target](deliveryOf(event), localLambdaContext(`amicable-${target}`)),
      );
      return;
    } catch (error) {
      if (attempt < ASYNC_ATTEMPTS) continue;
      failed.push({
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
export async function runAccount(key: string, events: LocalEvent[], run: AccountRunContext): Promise<AccountOutcome> {
  const published: PublishedEvent[] = [];
  const delivered: LocalEvent[] = [];
  const failedInvocations: FailedInvocation[] = [];
  // The timeline delivers events to the handlers and the handlers start journeys on the timeline:
  // the cycle is closed through this holder, filled in before the timeline runs.
  const bound: { handlers?: LocalHandlers; journeys?: LocalJourneys } = {};
  const timeline = new AccountTimeline<LocalEvent>(events[0].at, [...events], async (event) => {
    delivered.push(event);
    await invokeAsync(event, bound.handlers!, failedInvocations);
  });
  const sink = new SinkChannel({ clock: timeline.clock, idPrefix: `sink-${key}` });
  const { injector } = run;
  const report = (message: OutboundMessage, receipt: DeliveryReceipt) =>
    timeline.schedule(providerReport(message, receipt, new Date(timeline.clock.now().getTime() + PROVIDER_REPORT_DELAY_MS)));
  const channel = new FaultyChannel(injector ? injector.channel(sink, report) : sink, run.faults, run.injected);
  const bus = new LocalEventPublisher(timeline.clock, published);
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
  return { key, sent: sink.sent, published, delivered, failedInvocations, executions: bound.journeys.results, ...outcome };
}

/**
 * The accounts through the real handlers, `concurrency` at a time; outcomes in the order of `keys`
 * (whatever order they finished in). `onDone` is called as each account finishes.
 */
export async function runAccounts(
  keys: readonly string[],
  eventsOf: (key: string) => LocalEvent[],
  context: AccountRunContext,
  concurrency: number,
  onDone: () => void,
): Promise<AccountOutcome[]> {
  const outcomes = new Map<string, AccountOutcome>();
  const queue = [...keys];
  const worker = async () => {
    for (let key = queue.shift(); key !== undefined; key = queue.shift()) {
      outcomes.set(key, await runAccount(key, eventsOf(key), context));
      onDone();
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, concurrency), keys.length) }, worker));
  return keys.map((key) => outcomes.get(key)!);
}
