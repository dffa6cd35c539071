/**
 * The scale model's report (bench/scale.ts): the figures at the target portfolio size against the
 * identities' capacity and the Region's quotas, as JSON or as text.
 */
import { channelLimits, type CapacityConfig } from '../functions/domain/pacing/capacity';
import { CHANNELS } from '../functions/domain/types';
import { histogramQuantile, peakLevel, peakMinutePerSecond, peakSecond, type Meters, type Rate } from './scale-meters';

export interface Options {
  accounts: number;
  target: number;
  days: number;
  placementDays: number;
  json: boolean;
  /** Journeys wake at their wait's end and only then reserve their second (the design before issue 15's item 2). */
  wakeAtWindow: boolean;
  /** Identity shards: each channel's capacity split over this many identities, each serving accounts i mod shards. */
  shards: number;
  /** Worker threads the shards run on (1: one after another in this thread). */
  threads: number;
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
/** Per channel: each identity's busiest and 99th-percentile busy second (model), and all identities together at the target. */
function identityLoad(m: Meters, capacity: CapacityConfig, ratio: number, shards: number) {
  return Object.fromEntries(
    CHANNELS.map((channel) => {
      const limits = channelLimits(capacity, channel);
      const perMessage = limits.unitsPerMessage;
      const seconds = m.identitySeconds[channel];
      return [
        channel,
        {
          modelPeakPerSecond: histogramQuantile(seconds, 1) * perMessage,
          modelP99PerSecond: histogramQuantile(seconds, 0.99) * perMessage,
          modelPacedLimit: limits.unitsPerSecond,
          deploymentPeakPerSecond: peakSecond(m.sends[channel]) * perMessage * ratio,
          deploymentBusiestMinutePerSecond: peakMinutePerSecond(m.sends[channel]) * perMessage * ratio,
          deploymentCapacity: limits.ratePerSecond * shards * ratio,
          unit: channel === 'sms' ? 'parts' : channel === 'voice' ? 'calls' : 'emails',
        },
      ];
    }),
  );
}

function costPerAccount(m: Meters, accounts: number) {
  const c = m.counters;
  const gbSeconds = m.lambdaSeconds.total * 0.25;
  const parts = {
    stepFunctions: m.transitions.total * PRICE.transition,
    lambda: c.lambdaInvocations * PRICE.lambdaRequest + gbSeconds * PRICE.lambdaGbSecond,
    dynamodb: m.writes.total * PRICE.dynamoWrite + m.reads.total * PRICE.dynamoRead,
    scheduler: 0,
    eventbridge: c.events * PRICE.event,
    messages: c.smsParts * PRICE.smsPart + c.emails * PRICE.email + c.calls * PRICE.voiceMinute,
  };
  const perAccount = Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, v / accounts])) as Record<keyof typeof parts, number>;
  return { ...perAccount, total: Object.values(parts).reduce((a, b) => a + b, 0) / accounts };
}

/** `capacity` is one shard identity's; `cpuSeconds`, this process's and its workers'. */
export function report(o: Options, m: Meters, capacity: CapacityConfig, elapsedMs: number, cpuSeconds: number) {
  const ratio = o.target / o.accounts;
  const delayMinutes = (q: number) => histogramQuantile(m.delaySeconds, q) / 60;
  // Busiest second x ratio: journeys woken at a window's opening are synchronised, so that spike is real.
  const peak = (r: Rate) => ({ second: peakSecond(r) * ratio, minuteMean: peakMinutePerSecond(r) * ratio });
  return {
    model: {
      accounts: o.accounts,
      target: o.target,
      ratio,
      days: o.days,
      placementDays: o.placementDays,
      wakeUps: o.wakeAtWindow ? "at the wait's end, then at the second" : 'once per message, at its second',
      shards: o.shards,
      threads: o.threads,
      elapsedSeconds: Math.round(elapsedMs / 1000),
      cpuSeconds: Math.round(cpuSeconds),
    },
    sends: { total: m.counters.sends, perIdentity: identityLoad(m, capacity, ratio, o.shards) },
    delayMinutes: { p50: delayMinutes(0.5), p99: delayMinutes(0.99), max: delayMinutes(1) },
    contactsOutsideWindow: m.counters.outsideWindow,
    movedForCapacity: m.counters.capacityMoves,
    skippedByGuard: m.counters.guardSkips,
    atTarget: {
      peakOpenExecutions: peakLevel(m.open) * ratio,
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
    `scale model: ${fmt(r.model.accounts)} accounts over ${r.model.days} days (placed over ${r.model.placementDays}) on ${r.model.shards} identity shards in ${r.model.threads} threads, ${r.model.elapsedSeconds} s wall, ${r.model.cpuSeconds} s CPU; figures at ${fmt(r.model.target)} (x${r.model.ratio}); journeys wake ${r.model.wakeUps}`,
  );
  console.log(`sends: ${fmt(r.sends.total)} in the model`);
  for (const [channel, l] of Object.entries(r.sends.perIdentity)) {
    console.log(
      `  ${channel.padEnd(5)} peak ${fmt(l.modelPeakPerSecond)} / p99 ${fmt(l.modelP99PerSecond)} ${l.unit}/s per model identity (its paced limit ${l.modelPacedLimit}); at target ${fmt(l.deploymentPeakPerSecond)} of ${fmt(l.deploymentCapacity)} ${l.unit}/s, busiest minute ${fmt(l.deploymentBusiestMinutePerSecond)}/s`,
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
