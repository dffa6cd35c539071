/**
 * Journeys within their limits, measured on the scale model (bench/scale.ts feeds it every journey's
 * start, decision, wait and close): with the design of domain/journey-generations.ts -- a wait longer
 * than the rest threshold ends the execution and a one-time schedule resumes the next generation, the
 * 101st loop continues as a new execution -- how many executions are open at the peak, how many
 * schedules are created (per day and in the busiest second) and pending, how many resumes fire in the
 * busiest second, and what it adds per account-cycle. Figures are scaled to the target like scale.ts's.
 */
import { createHash } from 'node:crypto';
import { JOURNEY_LIMITS, RESUME_LEAD, resumeAt } from '../functions/domain/journey-generations';
import type { JourneyRef } from '../functions/domain/ports';

const DAY_MS = 86_400_000;

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

/** Counts per second, for the busiest second and the busiest minute's mean per second. */
class PerSecond {
  private readonly counts = new Map<number, number>();
  total = 0;
  add(t: number, n = 1): void {
    const s = Math.floor(t / 1000);
    this.counts.set(s, (this.counts.get(s) ?? 0) + n);
    this.total += n;
  }
  busiestSecond(): number {
    let peak = 0;
    for (const n of this.counts.values()) peak = Math.max(peak, n);
    return peak;
  }
  busiestMinutePerSecond(): number {
    const minutes = new Map<number, number>();
    for (const [s, n] of this.counts) minutes.set(Math.floor(s / 60), (minutes.get(Math.floor(s / 60)) ?? 0) + n);
    let peak = 0;
    for (const n of minutes.values()) peak = Math.max(peak, n);
    return peak / 60;
  }
  busiestDay(): number {
    const days = new Map<number, number>();
    for (const [s, n] of this.counts) days.set(Math.floor((s * 1000) / DAY_MS), (days.get(Math.floor((s * 1000) / DAY_MS)) ?? 0) + n);
    let peak = 0;
    for (const n of days.values()) peak = Math.max(peak, n);
    return peak;
  }
}

/** The peak of a count that changes by +1/-1 at given times (open executions, pending schedules). */
function peakOf(deltas: Array<[number, number]>): number {
  deltas.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let open = 0;
  let peak = 0;
  for (const [, d] of deltas) {
    open += d;
    peak = Math.max(peak, open);
  }
  return peak;
}

export class JourneyLimitsMeter {
  private readonly openDeltas: Array<[number, number]> = [];
  private readonly pendingDeltas: Array<[number, number]> = [];
  private readonly loops = new Map<number, number>();
  /** Each account's current generation: its resume's lead is a hash of it. */
  private readonly generations = new Map<number, number>();
  private readonly creates = new PerSecond();
  private readonly resumes = new PerSecond();
  private continued = 0;
  private waits = 0;
  private decisions = 0;

  started(t: number, account: number): void {
    this.openDeltas.push([t, 1]);
    this.loops.set(account, 0);
  }

  /** Every entry into Decide is a loop; the 101st starts the next generation (continue-as-new). */
  decided(account: number): void {
    this.decisions += 1;
    const loops = (this.loops.get(account) ?? 0) + 1;
    if (loops > JOURNEY_LIMITS.loopsPerExecution) {
      this.continued += 1;
      this.generations.set(account, (this.generations.get(account) ?? 0) + 1);
      this.loops.set(account, 1);
    } else this.loops.set(account, loops);
  }

  /**
   * A decided wait: kept in the execution, or the execution ends and a schedule resumes the journey a
   * spread lead before `until` (the resumed execution waits the rest: open, and counted open, meanwhile).
   */
  waited(t: number, account: number, ref: JourneyRef, until: number): void {
    this.waits += 1;
    if (until - t <= JOURNEY_LIMITS.restAfterMs) return;
    const generation = (this.generations.get(account) ?? 0) + 1;
    this.generations.set(account, generation);
    // Scheduler disperses the invocation over its flexible window: a hashed second of it (an assumption:
    // AWS documents the window, not how invocations are placed in it).
    const flexSeconds = RESUME_LEAD.flexibleWindowMinutes * 60;
    const hash = createHash('sha256').update(`${ref.accountId}|${ref.cycleId}|${generation}|flex`).digest();
    const resume = resumeAt(ref, generation, new Date(until)).getTime() + (hash.readUInt32BE(0) % flexSeconds) * 1000;
    this.openDeltas.push([t, -1], [resume, 1]);
    this.pendingDeltas.push([t, 1], [resume, -1]);
    this.creates.add(t);
    this.resumes.add(resume);
    this.loops.set(account, 0);
  }

  closed(t: number): void {
    this.openDeltas.push([t, -1]);
  }

  report(ratio: number, accounts: number, days: number) {
    const rests = this.creates.total;
    // Per loop CountLoop + WithinLimits; per wait PlanWait + RestOrWait; per rest HandedOver and the next
    // execution's Generation and WaitForResume; per continue-as-new ContinueAsNew, HandedOver and Generation.
    const transitions = 2 * this.decisions + 2 * this.waits + 3 * rests + 3 * this.continued;
    const handovers = this.waits + this.continued;
    const cost =
      transitions * PRICE.transition +
      handovers * (PRICE.lambdaRequest + HANDOVER_SECONDS * 0.25 * PRICE.lambdaGbSecond) +
      (rests + this.continued) * PRICE.dynamoWrite +
      rests * PRICE.schedulerInvocation;
    return {
      restAfterHours: JOURNEY_LIMITS.restAfterMs / 3_600_000,
      loopsPerExecution: JOURNEY_LIMITS.loopsPerExecution,
      peakOpenExecutions: peakOf(this.openDeltas) * ratio,
      schedules: {
        createdPerDayMean: (rests / days) * ratio,
        createdBusiestDay: this.creates.busiestDay() * ratio,
        createBusiestSecond: this.creates.busiestSecond() * ratio,
        createBusiestMinutePerSecond: this.creates.busiestMinutePerSecond() * ratio,
        peakPending: peakOf(this.pendingDeltas) * ratio,
        resumeBusiestSecond: this.resumes.busiestSecond() * ratio,
        resumeBusiestMinutePerSecond: this.resumes.busiestMinutePerSecond() * ratio,
      },
      restsPerAccountCycle: rests / accounts,
      continuedAsNewPerAccountCycle: this.continued / accounts,
      costDeltaPerAccountCycleUsd: cost / accounts,
      quotas: SCHEDULER_QUOTAS,
    };
  }
}

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

export function printJourneyLimits(r: ReturnType<JourneyLimitsMeter['report']>, openQuota: number, startExecutionPerSecond: number): void {
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
