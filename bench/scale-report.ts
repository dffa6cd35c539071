/**
 * The scale model's report (bench/scale.ts): the figures at the target portfolio size against the
 * identities' capacity and the Region's quotas, as JSON or as text.
 */
import { channelLimits, type CapacityConfig } from '../functions/domain/pacing/capacity';
import { MINUTE_MS } from '../functions/domain/rules/time';
import { CHANNELS } from '../functions/domain/types';
import type { Meters, Rate } from './scale-meters';

export interface Options {
  accounts: number;
  target: number;
  days: number;
  placementDays: number;
  json: boolean;
  /** Journeys wake at their wait's end and only then reserve their second (the design before issue 15's item 2). */
  wakeAtWindow: boolean;
}

/**
 * Region quotas (older published defaults, /work/shared/reference: ask for the current ones): state
 * transitions and StartExecution are token buckets (5,000 and 1,300 burst) refilled at these rates.
 */
export const QUOTAS = { openExecutions: 1_000_000, transitionsPerSecond: 1_500, startExecutionPerSecond: 300, lambdaConcurrency: 1_000 };
/** us-east-1 list prices, November 2026, unverified (as README's "What it costs"). */
export const PRICE = {
  transition: 0.025 / 1000,
  lambdaRequest: 0.2 / 1e6,
  lambdaGbSecond: 0.0000133334,
  dynamoWrite: 0.625 / 1e6,
  dynamoRead: 0.125 / 1e6,
  event: 1 / 1e6,
  smsPart: 0.01,
  email: 0.0001,
  voiceMinute: 0.013,
};
const quantile = (sorted: Float64Array, q: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : 0;

/** Per identity: the busiest second and the 99th percentile of busy seconds, in messages, against capacity. */
function identityLoad(m: Meters, capacity: CapacityConfig, ratio: number) {
  return Object.fromEntries(
    CHANNELS.map((channel) => {
      const limits = channelLimits(capacity, channel);
      const counts = Float64Array.from(m.sendsPerSecond[channel].values()).sort();
      const perMessage = limits.unitsPerMessage;
      const perMinute = new Map<number, number>();
      for (const [second, n] of m.sendsPerSecond[channel])
        perMinute.set(Math.floor(second / 60), (perMinute.get(Math.floor(second / 60)) ?? 0) + n);
      let busiest = 0;
      for (const n of perMinute.values()) busiest = Math.max(busiest, n);
      const busiestMinute = (busiest * perMessage) / 60;
      return [
        channel,
        {
          modelPeakPerSecond: quantile(counts, 1) * perMessage,
          modelP99PerSecond: quantile(counts, 0.99) * perMessage,
          modelPacedLimit: limits.unitsPerSecond,
          deploymentPeakPerSecond: quantile(counts, 1) * perMessage * ratio,
          deploymentBusiestMinutePerSecond: busiestMinute * ratio,
          deploymentCapacity: limits.ratePerSecond * ratio,
          unit: channel === 'sms' ? 'parts' : channel === 'voice' ? 'calls' : 'emails',
        },
      ];
    }),
  );
}

function costPerAccount(m: Meters, accounts: number) {
  const gbSeconds = m.lambdaSeconds.total * 0.25;
  const parts = {
    stepFunctions: m.transitions.total * PRICE.transition,
    lambda: m.lambdaInvocations * PRICE.lambdaRequest + gbSeconds * PRICE.lambdaGbSecond,
    dynamodb: m.writes.total * PRICE.dynamoWrite + m.reads.total * PRICE.dynamoRead,
    scheduler: 0,
    eventbridge: m.events * PRICE.event,
    messages: m.smsParts * PRICE.smsPart + m.emails * PRICE.email + m.calls * PRICE.voiceMinute,
  };
  const perAccount = Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, v / accounts])) as Record<keyof typeof parts, number>;
  return { ...perAccount, total: Object.values(parts).reduce((a, b) => a + b, 0) / accounts };
}

export function report(o: Options, m: Meters, capacity: CapacityConfig, elapsedMs: number) {
  const ratio = o.target / o.accounts;
  const delays = Float64Array.from(m.delays).sort();
  // Busiest second x ratio: journeys woken at a window's opening are synchronised, so that spike is real.
  const peak = (r: Rate) => ({ second: r.peakSecond() * ratio, minuteMean: r.peakMinutePerSecond() * ratio });
  return {
    model: {
      accounts: o.accounts,
      target: o.target,
      ratio,
      days: o.days,
      placementDays: o.placementDays,
      wakeUps: o.wakeAtWindow ? "at the wait's end, then at the second" : 'once per message, at its second',
      elapsedSeconds: Math.round(elapsedMs / 1000),
    },
    sends: { total: m.delays.length, perIdentity: identityLoad(m, capacity, ratio) },
    delayMinutes: { p50: quantile(delays, 0.5) / MINUTE_MS, p99: quantile(delays, 0.99) / MINUTE_MS, max: quantile(delays, 1) / MINUTE_MS },
    contactsOutsideWindow: m.outsideWindow,
    movedForCapacity: m.capacityMoves,
    skippedByGuard: m.guardSkips,
    atTarget: {
      peakOpenExecutions: m.peakOpen * ratio,
      transitionsPerSecond: peak(m.transitions),
      startExecutionPerSecond: peak(m.starts),
      dynamoReadsPerSecond: peak(m.reads),
      dynamoWritesPerSecond: peak(m.writes),
      lambdaConcurrency: peak(m.lambdaSeconds),
    },
    quotas: QUOTAS,
    costPerAccountCycleUsd: costPerAccount(m, o.accounts),
  };
}

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

export function printText(r: ReturnType<typeof report>): void {
  const t = r.atTarget;
  const q = r.quotas;
  const fits = (v: number, quota: number) => (v <= quota ? 'fits' : `EXCEEDS x${fmt(v / quota, 1)}`);
  console.log(
    `scale model: ${fmt(r.model.accounts)} accounts over ${r.model.days} days (placed over ${r.model.placementDays}), ${r.model.elapsedSeconds} s; figures at ${fmt(r.model.target)} (x${r.model.ratio}); journeys wake ${r.model.wakeUps}`,
  );
  console.log(`sends: ${fmt(r.sends.total)} in the model`);
  for (const [channel, l] of Object.entries(r.sends.perIdentity)) {
    console.log(
      `  ${channel.padEnd(5)} peak ${fmt(l.modelPeakPerSecond)} / p99 ${fmt(l.modelP99PerSecond)} ${l.unit}/s per model identity (paced limit ${l.modelPacedLimit}); at target ${fmt(l.deploymentPeakPerSecond)} of ${fmt(l.deploymentCapacity)} ${l.unit}/s, busiest minute ${fmt(l.deploymentBusiestMinutePerSecond)}/s`,
    );
  }
  console.log(
    `decided -> sent: p50 ${fmt(r.delayMinutes.p50, 1)} min, p99 ${fmt(r.delayMinutes.p99, 1)} min, max ${fmt(r.delayMinutes.max / 60, 1)} h`,
  );
  console.log(
    `contacts outside a window: ${r.contactsOutsideWindow}; moved to the next window for capacity: ${fmt(r.movedForCapacity)}; skipped by the send-time guard: ${fmt(r.skippedByGuard)}`,
  );
  console.log(
    `peak open executions ${fmt(t.peakOpenExecutions)} (quota ${fmt(q.openExecutions)}: ${fits(t.peakOpenExecutions, q.openExecutions)})`,
  );
  const line = (what: string, p: { second: number; minuteMean: number }, quota?: number) =>
    console.log(
      `${what}: busiest second ${fmt(p.second)}, busiest minute ${fmt(p.minuteMean)}/s` +
        (quota === undefined ? '' : ` (quota ${fmt(quota)}: second ${fits(p.second, quota)}, minute ${fits(p.minuteMean, quota)})`),
    );
  line('state transitions/s', t.transitionsPerSecond, q.transitionsPerSecond);
  line('StartExecution/s', t.startExecutionPerSecond, q.startExecutionPerSecond);
  line('DynamoDB reads/s', t.dynamoReadsPerSecond);
  line('DynamoDB writes/s', t.dynamoWritesPerSecond);
  line('Lambda concurrency', t.lambdaConcurrency, q.lambdaConcurrency);
  const c = r.costPerAccountCycleUsd;
  console.log(
    `cost per account-cycle: $${fmt(c.total, 4)} = Step Functions $${fmt(c.stepFunctions, 4)} + Lambda $${fmt(c.lambda, 5)} + DynamoDB $${fmt(c.dynamodb, 5)} + Scheduler $${fmt(c.scheduler, 5)} + EventBridge $${fmt(c.eventbridge, 6)} + messages $${fmt(c.messages, 4)}`,
  );
}
