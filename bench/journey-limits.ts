/**
 * Journeys within their limits, measured on the scale model (bench/scale.ts feeds it every journey's
 * start, decision, wait and close): with the design of domain/journey-generations.ts -- a wait longer
 * than the rest threshold ends the execution and a one-time schedule resumes the next generation, the
 * 101st loop continues as a new execution -- how many executions are open at the peak, how many
 * schedules are created (per day and in the busiest second) and pending, how many resumes fire in the
 * busiest second, and what it adds per account-cycle. Figures are scaled to the target like scale.ts's.
 */
import { hash } from 'node:crypto';
import { JOURNEY_LIMITS, RESUME_LEAD, resumeAt } from '../functions/domain/journey-generations';
import type { JourneyRef } from '../functions/domain/ports';
import {
  addAt,
  addLevels,
  addRates,
  fall,
  level,
  peakDay,
  peakLevel,
  peakMinutePerSecond,
  peakSecond,
  rate,
  rise,
  type Clock,
  type Level,
  type Rate,
} from './scale-meters';

/** Published defaults (/work/shared/reference/aws.md): ask for the current ones in the Region. */
export const SCHEDULER_QUOTAS = { createSchedulePerSecond: 1_000, invocationsPerSecond: 1_000, schedules: 10_000_000 };
/** us-east-1 list prices, unverified: Scheduler $1.00 per million invocations (14M free a month not counted). */
const PRICE = {
  transition: 0.025 / 1000,
  lambdaRequest: 0.2 / 1e6,
  lambdaGbSecond: 0.0000133334,
  dynamoWrite: 0.625 / 1e6,
  schedulerInvocation: 1 / 1e6,
};
/** The handover function (256 MB): a CreateSchedule or StartExecution and one DynamoDB update. */
const HANDOVER_SECONDS = 0.06;

/** What the journeys' generations cost, as plain data (it crosses a worker thread and merges by adding). */
export interface LimitsMeters {
  open: Level;
  pending: Level;
  creates: Rate;
  resumes: Rate;
  continued: number;
  waits: number;
  decisions: number;
}

/** Two identity shards' generations as one deployment's. */
export function mergeLimits(a: LimitsMeters, b: LimitsMeters): LimitsMeters {
  return {
    open: addLevels(a.open, b.open),
    pending: addLevels(a.pending, b.pending),
    creates: addRates(a.creates, b.creates),
    resumes: addRates(a.resumes, b.resumes),
    continued: a.continued + b.continued,
    waits: a.waits + b.waits,
    decisions: a.decisions + b.decisions,
  };
}

/** Follows every journey's generations in one shard of the model; `data` is what it measured. */
export class JourneyLimitsMeter {
  readonly data: LimitsMeters;
  private readonly loops = new Map<number, number>();
  /** Each account's current generation: its resume's lead is a hash of it. */
  private readonly generations = new Map<number, number>();

  constructor(private readonly clock: Clock) {
    this.data = {
      open: level(clock),
      pending: level(clock),
      creates: rate(clock),
      resumes: rate(clock),
      continued: 0,
      waits: 0,
      decisions: 0,
    };
  }

  started(t: number, account: number): void {
    rise(this.data.open, this.clock, t);
    this.loops.set(account, 0);
  }

  /** Every entry into Decide is a loop; the 101st starts the next generation (continue-as-new). */
  decided(account: number): void {
    this.data.decisions += 1;
    const loops = (this.loops.get(account) ?? 0) + 1;
    if (loops > JOURNEY_LIMITS.loopsPerExecution) {
      this.data.continued += 1;
      this.generations.set(account, (this.generations.get(account) ?? 0) + 1);
      this.loops.set(account, 1);
    } else this.loops.set(account, loops);
  }

  /**
   * A decided wait: kept in the execution, or the execution ends and a schedule resumes the journey a
   * spread lead before `until` (the resumed execution waits the rest: open, and counted open, meanwhile).
   */
  waited(t: number, account: number, ref: JourneyRef, until: number): void {
    const d = this.data;
    d.waits += 1;
    if (until - t <= JOURNEY_LIMITS.restAfterMs) return;
    const generation = (this.generations.get(account) ?? 0) + 1;
    this.generations.set(account, generation);
    // Scheduler disperses the invocation over its flexible window: a hashed second of it (an assumption:
    // AWS documents the window, not how invocations are placed in it).
    const flexSeconds = RESUME_LEAD.flexibleWindowMinutes * 60;
    const flex = hash('sha256', `${ref.accountId}|${ref.cycleId}|${generation}|flex`, 'buffer');
    const resume = resumeAt(ref, generation, new Date(until)).getTime() + (flex.readUInt32BE(0) % flexSeconds) * 1000;
    fall(d.open, this.clock, t);
    rise(d.open, this.clock, resume);
    rise(d.pending, this.clock, t);
    fall(d.pending, this.clock, resume);
    addAt(d.creates, this.clock, t);
    addAt(d.resumes, this.clock, resume);
    this.loops.set(account, 0);
  }

  closed(t: number, account: number): void {
    fall(this.data.open, this.clock, t);
    this.loops.delete(account);
    this.generations.delete(account);
  }
}

/** The generations' figures at the target size (x `ratio`). */
export function limitsReport(d: LimitsMeters, ratio: number, accounts: number, days: number) {
  const rests = d.creates.total;
  // Per loop CountLoop + WithinLimits; per wait PlanWait + RestOrWait; per rest HandedOver and the next
  // execution's Generation and WaitForResume; per continue-as-new ContinueAsNew, HandedOver and Generation.
  const transitions = 2 * d.decisions + 2 * d.waits + 3 * rests + 3 * d.continued;
  const handovers = d.waits + d.continued;
  const cost =
    transitions * PRICE.transition +
    handovers * (PRICE.lambdaRequest + HANDOVER_SECONDS * 0.25 * PRICE.lambdaGbSecond) +
    (rests + d.continued) * PRICE.dynamoWrite +
    rests * PRICE.schedulerInvocation;
  return {
    restAfterHours: JOURNEY_LIMITS.restAfterMs / 3_600_000,
    loopsPerExecution: JOURNEY_LIMITS.loopsPerExecution,
    peakOpenExecutions: peakLevel(d.open) * ratio,
    schedules: {
      createdPerDayMean: (rests / days) * ratio,
      createdBusiestDay: peakDay(d.creates) * ratio,
      createBusiestSecond: peakSecond(d.creates) * ratio,
      createBusiestMinutePerSecond: peakMinutePerSecond(d.creates) * ratio,
      peakPending: peakLevel(d.pending) * ratio,
      resumeBusiestSecond: peakSecond(d.resumes) * ratio,
      resumeBusiestMinutePerSecond: peakMinutePerSecond(d.resumes) * ratio,
    },
    restsPerAccountCycle: rests / accounts,
    continuedAsNewPerAccountCycle: d.continued / accounts,
    costDeltaPerAccountCycleUsd: cost / accounts,
    quotas: SCHEDULER_QUOTAS,
  };
}

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

export function printJourneyLimits(r: ReturnType<typeof limitsReport>, openQuota: number, startExecutionPerSecond: number): void {
  const s = r.schedules;
  const q = r.quotas;
  const fits = (v: number, quota: number) => (v <= quota ? 'fits' : `EXCEEDS x${fmt(v / quota, 1)}`);
  console.log(`journeys within their limits (rest after ${r.restAfterHours} h, continue-as-new after ${r.loopsPerExecution} loops):`);
  console.log(`  peak open executions ${fmt(r.peakOpenExecutions)} (quota ${fmt(openQuota)}: ${fits(r.peakOpenExecutions, openQuota)})`);
  console.log(
    `  schedules created: ${fmt(s.createdPerDayMean)}/day mean, ${fmt(s.createdBusiestDay)} on the busiest day; CreateSchedule busiest second ${fmt(s.createBusiestSecond)}, busiest minute ${fmt(s.createBusiestMinutePerSecond)}/s (quota ${fmt(q.createSchedulePerSecond)}/s: minute ${fits(s.createBusiestMinutePerSecond, q.createSchedulePerSecond)})`,
  );
  console.log(`  schedules pending at the peak ${fmt(s.peakPending)} (quota ${fmt(q.schedules)}: ${fits(s.peakPending, q.schedules)})`);
  console.log(
    `  resumes (Scheduler invocations = StartExecution): busiest second ${fmt(s.resumeBusiestSecond)}, busiest minute ${fmt(s.resumeBusiestMinutePerSecond)}/s (invocations ${fmt(q.invocationsPerSecond)}/s: minute ${fits(s.resumeBusiestMinutePerSecond, q.invocationsPerSecond)}; StartExecution refill ${fmt(startExecutionPerSecond)}/s: minute ${fits(s.resumeBusiestMinutePerSecond, startExecutionPerSecond)})`,
  );
  console.log(
    `  per account-cycle: ${fmt(r.restsPerAccountCycle, 1)} rests, ${fmt(r.continuedAsNewPerAccountCycle, 3)} continue-as-new; cost delta $${fmt(r.costDeltaPerAccountCycleUsd, 5)}`,
  );
}
