/**
 * The strategy simulator: a synthetic portfolio run through the SAME decide() the journeys use, once per
 * playbook, with the customer-behaviour model in behaviour.ts. Accounts do not share capacity in the
 * model, so each account runs through all its days in turn (no memory per account, same numbers in any
 * order); within an account time advances day by day and decide() is called only when it is due -- at
 * the time its last wait ended -- never once per day. Same seed, same numbers. Every strategy meets the
 * same customer with the same draws (customer-run.ts), and the strategies are compared account by
 * account (paired.ts).
 */
import { playbookForSegment, type Playbook } from '../functions/domain/playbook';
import { SEGMENTS, type Segment } from '../functions/domain/segments';
import type { Behaviour } from './behaviour';
import { CustomerRun } from './customer-run';
import type { RunContext } from './run-context';
import { addOutcome, kpis, Tally, type AccountOutcome, type KpiSet } from './kpis';
import { PairedComparisons } from './paired';
import { PortfolioGenerator, type SimCustomer } from './portfolio';
import { Rng } from './prng';
import { PreDueModel, type PreDueRow } from './pre-due';

/** A strategy to simulate: a playbook, or the no-contact holdout (playbook null). */
export interface Strategy {
  name: string;
  playbook: Playbook | null;
}

export interface SimulationOptions {
  accounts: number;
  days: number;
  seed: number;
  strategies: Strategy[];
  behaviour: Behaviour;
  /** Day 0, 00:00 UTC. Default 2027-01-04 (a Monday). */
  start?: Date;
  onProgress?: (accountsDone: number, total: number) => void;
}

export type Group = Segment | 'all';
export const GROUPS: readonly Group[] = ['all', ...SEGMENTS];

export interface DailySeries {
  /** Per day: amount collected, accounts cured, complaints, messages sent. */
  collected: Float64Array;
  cured: Float64Array;
  complaints: Float64Array;
  messages: Float64Array;
}

export interface StrategyResult {
  name: string;
  playbookId: string | null;
  playbookVersion: string | null;
  tallies: Record<Group, Tally>;
  series: Record<Group, DailySeries>;
  decisions: number;
}

export interface SimulationResult {
  accounts: number;
  days: number;
  seed: number;
  start: string;
  strategies: StrategyResult[];
  /** Every pair of strategies compared account by account (common random numbers). */
  paired: PairedComparisons;
  /** Bills seen before their due date, per strategy (simulator/pre-due.ts). */
  preDue: PreDueRow[];
  elapsedMs: number;
}

function emptySeries(days: number): DailySeries {
  return {
    collected: new Float64Array(days),
    cured: new Float64Array(days),
    complaints: new Float64Array(days),
    messages: new Float64Array(days),
  };
}

/** Runs every strategy over the same portfolio. */
export function simulate(options: SimulationOptions): SimulationResult {
  const started = performance.now();
  const { accounts, days, seed, behaviour } = options;
  const start = (options.start ?? new Date('2027-01-04T00:00:00Z')).getTime();
  const generator = new PortfolioGenerator(behaviour, seed, start);
  const runners = options.strategies.map((s) => new StrategyRunner(s, behaviour, days, start, seed));
  const paired = new PairedComparisons(runners.length);
  const preDue = options.strategies.map((s) => new PreDueModel(s.name, s.playbook, behaviour, seed, start));
  const every = Math.max(1, Math.floor(accounts / 100));
  for (let i = 0; i < accounts; i++) {
    const customer = generator.generate(i);
    paired.add(runners.map((r) => r.run(customer)));
    for (const m of preDue) m.run(customer);
    if (options.onProgress && ((i + 1) % every === 0 || i + 1 === accounts)) options.onProgress(i + 1, accounts);
  }
  return {
    accounts,
    days,
    seed,
    start: new Date(start).toISOString(),
    strategies: runners.map((r) => r.result()),
    paired,
    preDue: preDue.map((m) => m.result()),
    elapsedMs: performance.now() - started,
  };
}

/** One strategy's runs over the portfolio: its tallies and daily curves, by segment. */
class StrategyRunner implements RunContext {
  readonly rng = new Rng(1);
  private readonly tallies = {} as Record<Group, Tally>;
  private readonly series = {} as Record<Group, DailySeries>;
  private readonly bySegment = new Map<Segment, Playbook>();
  private decisions = 0;
  readonly fullPlaybook: Playbook | null;
  /** The playbook offers the customer a payment date of their choosing / plans on the portal. */
  readonly dateChoice: boolean;
  readonly planChoice: boolean;

  constructor(
    readonly strategy: Strategy,
    readonly b: Behaviour,
    readonly days: number,
    readonly start: number,
    readonly seed: number,
  ) {
    for (const g of GROUPS) {
      this.tallies[g] = new Tally();
      this.series[g] = emptySeries(days);
    }
    this.fullPlaybook = strategy.playbook;
    if (strategy.playbook) for (const s of SEGMENTS) this.bySegment.set(s, playbookForSegment(strategy.playbook, s));
    this.dateChoice = (strategy.playbook?.offers?.paymentDateChoiceDays ?? 0) > 0;
    this.planChoice = (strategy.playbook?.offers?.planLengthsMonths.length ?? 0) > 0;
  }

  result(): StrategyResult {
    return {
      name: this.strategy.name,
      playbookId: this.strategy.playbook?.id ?? null,
      playbookVersion: this.strategy.playbook?.version ?? null,
      tallies: this.tallies,
      series: this.series,
      decisions: this.decisions,
    };
  }

  countDecision(): void {
    this.decisions++;
  }

  record(segment: Segment, day: number, field: keyof DailySeries, amount: number): void {
    this.series.all[field][day] += amount;
    this.series[segment][field][day] += amount;
  }

  run(c: SimCustomer): AccountOutcome {
    const seg = c.assigned.segment;
    const playbook = this.strategy.playbook ? this.bySegment.get(seg)! : null;
    const o = new CustomerRun(this, c, playbook).run();
    addOutcome(this.tallies.all, o);
    addOutcome(this.tallies[seg], o);
    return o;
  }
}

export function strategyKpis(r: StrategyResult, group: Group = 'all'): KpiSet {
  return kpis(r.tallies[group]);
}
