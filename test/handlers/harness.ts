/** Test doubles and builders for the handler tests: DynamoDB Local, a settable clock, recording ports. */
import type { EventBridgeEvent } from 'aws-lambda';
import type {
  ChannelPort,
  Clock,
  DeliveryReceipt,
  EventPublisher,
  JourneyGenerations,
  JourneyRef,
  JourneyStarter,
  OutboundMessage,
} from '../../functions/domain/ports';
import { generationExecutionName, resumeScheduleName } from '../../functions/domain/journey-generations';
import type { WakeReason } from '../../functions/domain/journey-wake';
import { journeyExecutionName } from '../../functions/domain/journey-name';
import { SinkChannel } from '../../functions/adapters/channels/sink';
import { buildDependencies, type Dependencies, type Settings } from '../../functions/commons/dependencies';
import { afterAll, beforeAll } from 'vitest';
import { startDynamoDbLocal, type LocalDynamo } from '../../local/dynamodb-local';
import { localLambdaContext } from '../../local/lambda-context';

export const SETTINGS: Settings = {
  paymentUrl: 'https://pay.example.com/northwind',
  helpPhoneNumber: '+18005550100',
  businessTimeZone: 'America/New_York',
};

/** Tuesday 2026-03-10, 11:00 in Seattle: inside every contact window. */
export const T0 = new Date('2026-03-10T18:00:00.000Z');

export class TestClock implements Clock {
  constructor(private current: Date = T0) {}
  now(): Date {
    return new Date(this.current);
  }
  set(at: Date): void {
    this.current = new Date(at);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

/** Records starts (and generations); a started journey counts as running until marked otherwise. */
export class RecordingJourneys implements JourneyStarter, JourneyGenerations {
  readonly starts: JourneyRef[] = [];
  /** Every generation call in order, e.g. 'stop a--c g0 settled', 'start a--c g1'. */
  readonly generationCalls: string[] = [];
  readonly running = new Set<string>();
  private readonly existing = new Set<string>();

  async start(ref: JourneyRef) {
    const executionName = journeyExecutionName(ref.accountId, ref.cycleId);
    if (this.existing.has(executionName)) return { executionName, alreadyStarted: true };
    this.existing.add(executionName);
    this.running.add(executionName);
    this.starts.push(ref);
    return { executionName, alreadyStarted: false };
  }

  async isRunning(ref: JourneyRef) {
    return this.running.has(journeyExecutionName(ref.accountId, ref.cycleId));
  }

  async startGeneration(ref: JourneyRef, generation: number) {
    this.generationCalls.push(`start ${ref.accountId}--${ref.cycleId} g${generation}`);
    return { executionName: generationExecutionName(ref, generation), alreadyStarted: false };
  }

  async scheduleGeneration(ref: JourneyRef, generation: number, at: Date) {
    this.generationCalls.push(`schedule ${ref.accountId}--${ref.cycleId} g${generation} ${at.toISOString()}`);
    return { scheduleName: resumeScheduleName(ref, generation), alreadyScheduled: false };
  }

  async cancelSchedule(ref: JourneyRef, generation: number) {
    this.generationCalls.push(`cancel ${ref.accountId}--${ref.cycleId} g${generation}`);
  }

  async stopGeneration(ref: JourneyRef, generation: number, reason: WakeReason) {
    this.generationCalls.push(`stop ${ref.accountId}--${ref.cycleId} g${generation} ${reason}`);
  }

  /** The execution never existed (e.g. a crash between the dedupe record and StartExecution). */
  forget(ref: JourneyRef): void {
    const name = journeyExecutionName(ref.accountId, ref.cycleId);
    this.existing.delete(name);
    this.running.delete(name);
  }

  startsFor(accountId: string): JourneyRef[] {
    return this.starts.filter((s) => s.accountId === accountId);
  }
}

export class RecordingBus implements EventPublisher {
  readonly published: Array<{ detailType: string; detail: Record<string, unknown> }> = [];
  async publish(detailType: string, detail: Record<string, unknown>) {
    this.published.push({ detailType, detail: structuredClone(detail) });
  }
}

/** The colleague's sink, plus a fault it cannot produce: the function dying mid-send (outcome unknown). */
export class TestChannel implements ChannelPort {
  calls: OutboundMessage[] = [];
  crashNext = 0;
  constructor(readonly sink: SinkChannel) {}
  async send(message: OutboundMessage): Promise<DeliveryReceipt> {
    this.calls.push(message);
    if (this.crashNext > 0) {
      this.crashNext -= 1;
      throw new Error('socket hang up');
    }
    return this.sink.send(message);
  }
  callsFor(accountId: string): OutboundMessage[] {
    return this.calls.filter((c) => c.accountId === accountId);
  }
}

export interface World {
  /** The DynamoDB Local it runs on, for tests that inspect raw items. */
  dynamo: LocalDynamo;
  deps: Dependencies;
  clock: TestClock;
  channel: TestChannel;
  journeys: RecordingJourneys;
  bus: RecordingBus;
}

export function world(dynamo: LocalDynamo): World {
  const clock = new TestClock();
  const channel = new TestChannel(new SinkChannel({ clock }));
  const journeys = new RecordingJourneys();
  const bus = new RecordingBus();
  const deps = buildDependencies({
    dynamo: dynamo.client,
    tables: dynamo.tables,
    clock,
    channels: channel,
    journeys,
    generations: journeys,
    bus,
    settings: SETTINGS,
  });
  return { dynamo, deps, clock, channel, journeys, bus };
}

export const context = (name = 'test') => localLambdaContext(`amicable-${name}`);

let eventSeq = 0;
export function billingEvent(
  detailType: string,
  detail: unknown,
  id = `evt-${++eventSeq}-${Date.now()}`,
): EventBridgeEvent<string, unknown> {
  return {
    version: '0',
    id,
    'detail-type': detailType,
    source: 'northwind.billing',
    account: '000000000000',
    time: T0.toISOString(),
    region: 'us-east-1',
    resources: [],
    detail,
  };
}

export function overdueDetail(accountId: string, cycleId = 'inv-1', overrides: Record<string, unknown> = {}) {
  return {
    accountId,
    cycleId,
    amountDue: 120,
    currency: 'USD',
    dueDate: '2026-02-20',
    creditorName: 'Northwind Energy',
    jurisdiction: 'US',
    customer: {
      firstName: 'Ana',
      phone: '+12065550123',
      email: 'ana@example.com',
      preferredChannel: 'sms',
      timeZone: 'America/Los_Angeles',
      address: { country: 'US', region: 'WA' },
      language: 'en',
    },
    optOuts: [],
    ...overrides,
  };
}

let accountSeq = 0;
/** A fresh account id per test: the tests share one DynamoDB Local. */
export const newAccountId = (prefix: string) => `${prefix}-${++accountSeq}-${Math.random().toString(36).slice(2, 8)}`;

/** DynamoDB Local for the whole test file, and a fresh world on it handed to `ready` before the tests run. */
export function useWorld(ready: (w: World) => void): void {
  let dynamo: LocalDynamo | undefined;
  beforeAll(async () => {
    dynamo = await startDynamoDbLocal();
    ready(world(dynamo));
  });
  afterAll(async () => {
    await dynamo?.stop();
  });
}
