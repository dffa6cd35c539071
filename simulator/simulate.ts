/**
 * The strategy simulator: a synthetic portfolio run through the SAME decide() the journeys use, once per
 * playbook, with the customer-behaviour model in behaviour.ts. Accounts do not share capacity in the
 * model, so each account runs through all its days in turn (no memory per account, same numbers in any
 * order); within an account time advances day by day and decide() is called only when it is due -- at
 * the time its last wait ended -- never once per day. Same seed, same numbers.
 */
import { decide } from '../functions/domain/decide';
import { offersPerson, playbookForSegment, stopReason, type Playbook } from '../functions/domain/playbook';
import { VALIDATION_NOTICE_TEMPLATE } from '../functions/domain/rules/validation-notice';
import { SEGMENTS, type Segment } from '../functions/domain/segments';
import type { Account, ContactAction, HistoryEntry } from '../functions/domain/types';
import type { Behaviour } from './behaviour';
import { addOutcome, kpis, Tally, type AccountOutcome, type KpiSet } from './kpis';
import { PortfolioGenerator, type SimCustomer } from './portfolio';
import { mixSeed, Rng } from './prng';
import { PreDueModel, type PreDueRow } from './pre-due';

const DAY = 86_400_000;
const HOUR = 3_600_000;
/** A journey should never need more decisions than this in one day; more means a loop. */
const MAX_DECISIONS_PER_DAY = 50;

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
  const preDue = options.strategies.map((s) => new PreDueModel(s.name, s.playbook, behaviour, seed, start));
  const every = Math.max(1, Math.floor(accounts / 100));
  for (let i = 0; i < accounts; i++) {
    const customer = generator.generate(i);
    for (const r of runners) r.run(customer);
    for (const m of preDue) m.run(customer);
    if (options.onProgress && ((i + 1) % every === 0 || i + 1 === accounts)) options.onProgress(i + 1, accounts);
  }
  return {
    accounts,
    days,
    seed,
    start: new Date(start).toISOString(),
    strategies: runners.map((r) => r.result()),
    preDue: preDue.map((m) => m.result()),
    elapsedMs: performance.now() - started,
  };
}

const TONE_HARDSHIP = new Set<Segment>(['early-hardship', 'vulnerable']);

class StrategyRunner {
  readonly rng = new Rng(1);
  private readonly tallies = {} as Record<Group, Tally>;
  private readonly series = {} as Record<Group, DailySeries>;
  private readonly bySegment = new Map<Segment, Playbook>();
  decisions = 0;
  /** The playbook offers the customer a payment date of their choosing / plans on the portal. */
  private readonly dateChoice: boolean;
  private readonly planChoice: boolean;
  // Per-account scratch, reset for each customer: no allocation per day.
  readonly contactTimes: number[] = [];

  constructor(
    readonly strategy: Strategy,
    readonly b: Behaviour,
    readonly days: number,
    readonly start: number,
    private readonly seed: number,
  ) {
    for (const g of GROUPS) {
      this.tallies[g] = new Tally();
      this.series[g] = emptySeries(days);
    }
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

  record(segment: Segment, day: number, field: keyof DailySeries, amount: number): void {
    this.series.all[field][day] += amount;
    this.series[segment][field][day] += amount;
  }

  run(c: SimCustomer): void {
    // Common random numbers: each strategy sees the same stream for the same customer.
    this.rng.reseed(mixSeed(this.seed, c.index, 0xbe4a));
    const seg = c.assigned.segment;
    const playbook = this.strategy.playbook ? this.bySegment.get(seg)! : null;
    const o = new CustomerRun(this, c, playbook).run();
    addOutcome(this.tallies.all, o);
    addOutcome(this.tallies[seg], o);
  }

  /** One message: delivery, reach, and what the customer does. */
  contact(
    c: SimCustomer,
    account: Account,
    history: HistoryEntry[],
    action: ContactAction,
    withPerson: boolean,
    at: number,
    day: number,
    o: AccountOutcome,
    sb: Behaviour['segments'][Segment],
    seg: Segment,
  ): 'none' | 'paid' | 'promise' | 'plan' | 'partial' | 'dispute' | 'opt-out' | 'asks-for-person' {
    const b = this.b;
    const rng = this.rng;
    const iso = new Date(at).toISOString();
    const { channel, tone } = action;
    o.messages++;
    o.attempts++;
    o.contacted = true;
    o.cost += b.costs[channel];
    this.record(seg, day, 'messages', 1);
    if (c.badAddress[channel]) {
      history.push({ kind: 'contact', at: iso, stepId: action.stepId, channel, template: action.template, outcome: 'failed-permanent' });
      account.channels[channel] = { ...account.channels[channel], unusable: { reason: 'invalid address', at: iso } };
      return 'none';
    }
    history.push({ kind: 'contact', at: iso, stepId: action.stepId, channel, template: action.template, outcome: 'sent' });
    // As functions/record.ts does: the notice sent starts the validation period. Without it every open
    // account was handed to a person five days after its first message (validation-notice-missing).
    if (action.template === VALIDATION_NOTICE_TEMPLATE && !account.compliance?.validationNoticeSentAt)
      account.compliance = { ...account.compliance, validationNoticeSentAt: iso };
    this.contactTimes.push(at);
    let recent = 0;
    const from = at - b.pressure.windowDays * DAY;
    for (const t of this.contactTimes) if (t > from) recent++;
    const extra = Math.max(0, recent - b.pressure.freeContacts);
    const local = at + c.utcOffset * HOUR;
    const hour = Math.floor((local % DAY) / HOUR);
    const weekday = (Math.floor(local / DAY) + 4) % 7;
    const inconvenient =
      hour < b.timing.earliestConvenientHour ||
      hour >= b.timing.latestConvenientHour ||
      (c.worksDays && weekday >= 1 && weekday <= 5 && hour >= 9 && hour < 17);
    const t = b.tone[tone];
    const harm = (1 + b.pressure.harmPerExtraContact * extra) * (inconvenient ? b.timing.inconvenientHarm : 1) * t.harm;
    const payMultiplier =
      ((TONE_HARDSHIP.has(c.trueSegment) ? t.hardshipPay : t.pay) * (inconvenient ? b.timing.inconvenientPay : 1)) /
      (1 + b.pressure.payFatiguePerExtraContact * extra);

    if (rng.next() >= sb.reach[channel]) return 'none';
    o.rightPartyContacts++;
    if (channel === 'voice') history.push({ kind: 'conversation', at: iso, channel: 'voice' });
    if (rng.next() < Math.min(1, sb.complain * harm)) {
      o.complaints++;
      o.cost += b.costs.complaint;
      this.record(seg, day, 'complaints', 1);
    }
    if (rng.next() < Math.min(1, sb.dispute * harm)) return 'dispute';
    if (rng.next() < Math.min(1, sb.optOut * harm)) {
      account.channels[channel] = { ...account.channels[channel], optedOut: true };
      o.optedOut = true;
      return 'opt-out';
    }
    const u = rng.next();
    const pPay = Math.min(1, sb.pay * payMultiplier);
    const pPromise =
      sb.promise *
      payMultiplier *
      (withPerson ? b.personOffer.promiseMultiplier : 1) *
      (this.dateChoice ? b.selfService.promiseMultiplier : 1);
    const pPlan =
      sb.plan * payMultiplier * (withPerson ? b.personOffer.planMultiplier : 1) * (this.planChoice ? b.selfService.planMultiplier : 1);
    if (u < pPay) return 'paid';
    if (u < pPay + pPromise) {
      o.promises++;
      return 'promise';
    }
    if (u < pPay + pPromise + pPlan) return 'plan';
    if (u < pPay + pPromise + pPlan + sb.partial * payMultiplier) return 'partial';
    // Offered a person, some customers ask for one: a hand-off the customer chose.
    if (withPerson && rng.next() < b.personOffer.takeUp) return 'asks-for-person';
    return 'none';
  }
}

type ContactResult = ReturnType<StrategyRunner['contact']>;

/**
 * One customer under one strategy, day by day: scheduled events (a promise falling due, an instalment, a
 * dispute answered, the next bill), the journey's decisions when due, then a person or the customer paying.
 */
class CustomerRun {
  private readonly b: Behaviour;
  private readonly seg: Segment;
  private readonly sb: Behaviour['segments'][Segment];
  private readonly account: Account;
  private readonly history: HistoryEntry[] = [];
  private readonly o: AccountOutcome;
  private readonly opened: number;
  private readonly rollDay: number;
  private balance: number;
  private open = true;
  private journey: boolean;
  private next: number;
  private person = false;
  private humanInvolved = false;
  private promiseDay = -1;
  private promiseKeeps = false;
  private planLeft = 0;
  private planNextDay = -1;
  private planKeeps = false;
  private planInstalment = 0;
  private disputeDay = -1;
  private optedOutChannels = 0;
  private nextCycleDay = -1;

  constructor(
    private readonly runner: StrategyRunner,
    private readonly c: SimCustomer,
    private readonly playbook: Playbook | null,
  ) {
    const b = (this.b = runner.b);
    this.sb = b.segments[c.trueSegment];
    this.seg = c.assigned.segment;
    // A fresh account per strategy: channels and compliance change as the customer acts.
    this.account = {
      ...c.account,
      channels: { sms: { optedOut: false }, email: { optedOut: false }, voice: { optedOut: false } },
      compliance: c.account.compliance ? { ...c.account.compliance } : undefined,
    };
    runner.contactTimes.length = 0;
    this.o = {
      contacted: false,
      attempts: 0,
      rightPartyContacts: 0,
      promises: 0,
      promisesDue: 0,
      promisesKept: 0,
      cured: false,
      selfCured: false,
      firstContactResolved: false,
      complaints: 0,
      optedOut: false,
      disputed: false,
      escalated: false,
      noResponse: false,
      agentMinutes: 0,
      peopleCost: 0,
      messages: 0,
      placed: c.amountOverdue,
      outstanding: c.outstanding,
      collected: 0,
      cost: b.costs.fixedPerAccount,
      rolled: 0,
    };
    this.opened = Date.parse(this.account.openedAt);
    this.balance = c.amountOverdue;
    this.journey = playbook !== null;
    this.next = this.opened;
    this.rollDay = 30 - (c.daysPastDue % 30);
  }

  run(): AccountOutcome {
    const { days, start } = this.runner;
    for (let day = 0; day < days && this.open; day++) {
      const dayEnd = start + (day + 1) * DAY;
      if (this.scheduledEvents(day) === 'closed') break;
      this.journeyDay(day, dayEnd);
      // Plan instalment due today (the first is paid the day the plan is set up).
      if (day === this.planNextDay && this.open && this.planKeeps) this.payInstalment(day);
      if (!this.open) break;
      this.personOrSelfCure(day);
    }
    if (this.open && this.rollDay >= days) this.o.rolled = 0;
    return this.o;
  }

  private handOff(reason: string): void {
    const b = this.b;
    this.history.push({ kind: 'escalated', at: new Date(this.next).toISOString(), reason });
    this.journey = false;
    this.person = true;
    this.humanInvolved = true;
    this.o.escalated = true;
    const minutes = b.staff.minutesPerHandOff;
    const peopleCost = (minutes / 60) * b.staff.costPerAgentHour;
    this.o.agentMinutes += minutes;
    this.o.peopleCost += peopleCost;
    this.o.cost += peopleCost;
  }

  private pay(amount: number, day: number): void {
    const paid = Math.min(amount, this.balance);
    this.balance = Math.round((this.balance - paid) * 100) / 100;
    this.account.balance = this.balance;
    this.o.collected += paid;
    this.runner.record(this.seg, day, 'collected', paid);
    if (this.balance <= 0.005) {
      this.open = false;
      this.journey = false;
      this.o.cured = true;
      this.o.selfCured = !this.humanInvolved;
      this.runner.record(this.seg, day, 'cured', 1);
      if (this.o.messages === 1) this.o.firstContactResolved = true;
    }
  }

  private payInstalment(day: number): void {
    this.pay(this.planLeft === 1 ? this.balance : this.planInstalment, day);
    this.planLeft--;
    this.planNextDay = this.planLeft > 0 ? day + 30 : -1;
  }

  /** The journey takes up again at 10:00 on the day (a broken promise or plan), unless a person has it. */
  private resumeJourney(day: number): void {
    if (!this.playbook || this.person) return;
    this.journey = true;
    this.next = Math.max(this.next, this.runner.start + day * DAY + 10 * HOUR);
  }

  /** Scheduled customer events: a promise falling due, a plan instalment, a dispute answered, the next bill. */
  private scheduledEvents(day: number): 'closed' | undefined {
    const start = this.runner.start;
    if (day === this.promiseDay) {
      this.o.promisesDue++;
      this.promiseDay = -1;
      if (this.promiseKeeps) {
        this.o.promisesKept++;
        this.pay(this.balance, day);
      } else this.resumeJourney(day);
    }
    if (day === this.planNextDay && this.open) {
      if (this.planKeeps) this.payInstalment(day);
      else {
        this.planNextDay = -1;
        this.planLeft = 0;
        this.resumeJourney(day);
      }
    }
    if (day === this.disputeDay && this.open) {
      this.disputeDay = -1;
      if (this.runner.rng.next() < this.b.dispute.upheldShare) {
        // The debt was not owed: closed, nothing collected; a resolution nonetheless.
        this.open = false;
        if (this.o.messages === 1) this.o.firstContactResolved = true;
        return 'closed';
      }
      this.account.compliance = { ...this.account.compliance, disputeVerifiedAt: new Date(start + day * DAY).toISOString() };
    }
    if (day === this.rollDay && this.open && this.planLeft === 0) this.o.rolled = this.balance;
    if (day === this.nextCycleDay && this.open && !this.person) {
      this.nextCycleDay = -1;
      this.history.length = 0;
      this.account.openedAt = new Date(start + day * DAY + 10 * HOUR).toISOString();
      this.next = Date.parse(this.account.openedAt);
      this.journey = this.planLeft === 0 && this.promiseDay < 0 && this.disputeDay < 0;
    }
    return undefined;
  }

  /** The journey: decide only when due. */
  private journeyDay(day: number, dayEnd: number): void {
    const playbook = this.playbook!;
    let guard = 0;
    while (this.journey && this.open && this.next < dayEnd) {
      if (++guard > MAX_DECISIONS_PER_DAY)
        throw new Error(`simulator: account ${this.account.accountId} needed more than ${MAX_DECISIONS_PER_DAY} decisions on day ${day}`);
      const stop = stopReason(playbook, {
        messagesSent: this.o.messages,
        daysSinceStart: (this.next - this.opened) / DAY,
        optedOutChannels: this.optedOutChannels,
      });
      if (stop) {
        this.journey = false;
        break;
      }
      this.runner.decisions++;
      const action = decide({ account: this.account, history: this.history, playbook, now: new Date(this.next) }).action;
      if (action.type === 'wait') this.next = Date.parse(action.until);
      else if (action.type === 'close') this.closed(action.reason, day);
      else if (action.type === 'escalate') this.handOff(action.reason);
      else {
        const stepIndex = playbook.steps.findIndex((s) => s.id === action.stepId);
        const withPerson = offersPerson(this.runner.strategy.playbook!, stepIndex, this.seg);
        const result = this.runner.contact(
          this.c,
          this.account,
          this.history,
          action,
          withPerson,
          this.next,
          day,
          this.o,
          this.sb,
          this.seg,
        );
        this.afterContact(result, day);
      }
    }
  }

  private closed(reason: string, day: number): void {
    this.journey = false;
    if (reason !== 'no-response') return;
    this.o.noResponse = true;
    // The next billing cycle's overdue journey starts afresh (same account, its compliance kept).
    if (this.playbook!.endOfCadence?.nextStep === 'later-cycle') {
      const cycle = this.b.laterCycle.billingCycleDays;
      this.nextCycleDay = (Math.floor(day / cycle) + 1) * cycle;
    }
  }

  /** What the customer did with a message. */
  private afterContact(result: ContactResult, day: number): void {
    const rng = this.runner.rng;
    if (result === 'opt-out') this.optedOutChannels++;
    else if (result === 'asks-for-person') this.handOff('customer-asked-for-person');
    else if (result === 'promise') {
      this.promiseDay = day + rng.int(this.b.promise.minDays, this.b.promise.maxDays);
      this.promiseKeeps = rng.next() < this.sb.promiseKept;
      this.journey = false;
    } else if (result === 'plan') {
      this.planLeft = this.b.plan.months;
      this.planInstalment = Math.round((this.balance / this.b.plan.months) * 100) / 100;
      this.planKeeps = rng.next() < this.sb.promiseKept;
      this.planNextDay = day;
      this.journey = false;
      if (this.o.messages === 1) this.o.firstContactResolved = true;
    } else if (result === 'dispute') {
      this.o.disputed = true;
      this.o.cost += this.b.costs.dispute;
      this.account.compliance = { ...this.account.compliance, disputeOpenedAt: new Date(this.next).toISOString() };
      this.disputeDay = day + this.b.dispute.daysToResolve;
    } else if (result === 'paid') this.pay(this.balance, day);
    else if (result === 'partial') this.pay(Math.round(this.balance * (0.2 + 0.4 * rng.next()) * 100) / 100, day);
  }

  /** A person working the account, or the customer paying on their own. */
  private personOrSelfCure(day: number): void {
    const rng = this.runner.rng;
    const quiet = this.planLeft === 0 && this.promiseDay < 0 && this.disputeDay < 0;
    if (this.person && this.disputeDay < 0 && rng.next() < this.sb.personResolve) this.pay(this.balance, day);
    else if (quiet && rng.next() < this.sb.dailySelfCure) this.pay(this.balance, day);
  }
}

export function strategyKpis(r: StrategyResult, group: Group = 'all'): KpiSet {
  return kpis(r.tallies[group]);
}
