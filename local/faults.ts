/**
 * Faults at a rate, for the local runtime: the provider throttles or answers with an unknown outcome,
 * DynamoDB throws what the real service throws under load, the bus refuses a PutEvents. Every draw
 * comes from one seeded generator, so a run with the same seed and the same events injects the same
 * faults in the same order (accounts run one at a time when faults are on, see runtime.ts).
 *
 *   amicable run --faults throttle=0.2,unknown=0.05,dynamodb=0.01,bus=0.01 --seed 7
 *   amicable run --faults faults.json            ({"throttle":0.2,"unknown":0.05,"seed":7})
 */
import { readFileSync } from 'node:fs';
import { DynamoDBClient, InternalServerError, ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { ChannelThrottledError } from '../functions/domain/errors';
import type { ChannelPort, DeliveryReceipt, EventPublisher, OutboundMessage } from '../functions/domain/ports';

export const FAULT_KINDS = ['throttle', 'unknown', 'dynamodb', 'bus'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultRates {
  /** Provider sends throttled (nothing sent; the journey retries). */
  throttle?: number;
  /** Provider sends whose outcome is unknown (a 5xx or a lost answer; half of them were in fact sent). */
  unknown?: number;
  /** DynamoDB requests that fail as the service does under load (the SDK retries them, as in Lambda). */
  dynamodb?: number;
  /** Events Amicable publishes that the bus refuses. */
  bus?: number;
}

export interface FaultPlan {
  rates: FaultRates;
  seed: number;
}

export class FaultPlanError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FaultPlanError';
  }
}

function checkedRate(kind: string, value: unknown): number {
  if (!(FAULT_KINDS as readonly string[]).includes(kind))
    throw new FaultPlanError(`unknown fault "${kind}": use ${FAULT_KINDS.join(', ')}`);
  const rate = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(rate) || rate < 0 || rate > 1) throw new FaultPlanError(`fault ${kind}: a rate from 0 to 1, got "${String(value)}"`);
  return rate;
}

/** `throttle=0.2,unknown=0.05` or the path of a JSON file with the rates (and optionally a seed). */
export function parseFaultPlan(spec: string, seed = 1): FaultPlan {
  if (spec.trim().endsWith('.json')) {
    let json: Record<string, unknown>;
    try {
      json = JSON.parse(readFileSync(spec.trim(), 'utf8')) as Record<string, unknown>;
    } catch (error) {
      throw new FaultPlanError(`cannot read fault file ${spec}: ${(error as Error).message}`);
    }
    const { seed: fileSeed, ...rates } = json;
    return {
      rates: Object.fromEntries(Object.entries(rates).map(([k, v]) => [k, checkedRate(k, v)])),
      seed: fileSeed === undefined ? seed : Number(fileSeed),
    };
  }
  const rates: FaultRates = {};
  for (const part of spec
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [kind, value] = part.split('=');
    rates[kind as FaultKind] = checkedRate(kind, value);
  }
  return { rates, seed };
}

/** mulberry32: small, fast and deterministic; quality enough to draw fault coins. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Marks an error as injected, so a report can tell a fault from a crash. */
export const INJECTED = Symbol.for('amicable.injected-fault');
const injected = <E extends Error>(error: E): E => Object.assign(error, { [INJECTED]: true });
export const isInjected = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[INJECTED] === true;

export interface FaultCounts {
  throttle: number;
  unknown: number;
  dynamodb: number;
  bus: number;
}

/** Draws the faults of one run. */
export class FaultInjector {
  readonly counts: FaultCounts = { throttle: 0, unknown: 0, dynamodb: 0, bus: 0 };
  private readonly random: () => number;

  constructor(readonly plan: FaultPlan) {
    this.random = seededRandom(plan.seed);
  }

  /** Whether a fault of this kind happens now (and counts it). */
  draw(kind: FaultKind): boolean {
    const rate = this.plan.rates[kind] ?? 0;
    if (rate <= 0 || this.random() >= rate) return false;
    this.counts[kind] += 1;
    return true;
  }

  coin(): boolean {
    return this.random() < 0.5;
  }

  /**
   * `taken`: told of a message the provider took although its answer was lost, so the run can deliver
   * the provider's own report of it (as End User Messaging and SES do for every message they take).
   */
  channel(inner: ChannelPort, taken?: (message: OutboundMessage, receipt: DeliveryReceipt) => void): ChannelPort {
    return {
      send: async (message: OutboundMessage) => {
        if (this.draw('throttle')) throw injected(new ChannelThrottledError('injected: provider throttling (rate exceeded)'));
        if (this.draw('unknown')) {
          // An unknown outcome: a 5xx before the provider took it, or its answer lost after it did.
          if (this.coin()) taken?.(message, await inner.send(message));
          throw injected(Object.assign(new Error('injected: provider answered 500, outcome unknown'), { name: 'InternalServerException' }));
        }
        return inner.send(message);
      },
    };
  }

  bus(inner: EventPublisher): EventPublisher {
    return {
      publish: async (detailType, detail) => {
        if (this.draw('bus')) throw injected(Object.assign(new Error('injected: PutEvents failed'), { name: 'InternalException' }));
        return inner.publish(detailType, detail);
      },
    };
  }

  /**
   * A DynamoDB client for the handlers whose requests fail at the plan's rate with the exceptions the
   * service throws (ProvisionedThroughputExceededException, InternalServerError), injected inside the
   * SDK's retry loop so the SDK retries them exactly as it retries the real ones.
   */
  dynamoClient(endpoint: string): DynamoDBClient {
    const client = new DynamoDBClient({
      endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 3,
    });
    client.middlewareStack.add(
      (next) => async (args) => {
        if (this.draw('dynamodb')) {
          const $metadata = { httpStatusCode: this.coin() ? 400 : 500 };
          throw injected(
            $metadata.httpStatusCode === 400
              ? new ProvisionedThroughputExceededException({ message: 'injected: throughput exceeds the current capacity', $metadata })
              : new InternalServerError({ message: 'injected: internal server error', $metadata }),
          );
        }
        return next(args);
      },
      { step: 'deserialize', name: 'amicableInjectedFaults', priority: 'high' },
    );
    return client;
  }
}
