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
  const every = Math.max(1, Math.floor(accounts / 100));
  for (let i = 0; i < accounts; i++) {
    const customer = generator.generate(i);
    for (const r of runners) r.run(customer);
    if (options.onProgress && ((i + 1) % every === 0 || i + 1 === accounts)) options.onProgress(i + 1, accounts);
  }
  return {
    accounts,
    days,
    seed,
    start: new Date(start).toISOString(),
    strategies: runners.map((r) => r.result()),
    elapsedMs: performance.now() - started,
  };
}

const TONE_HARDSHIP = new Set<Segment>(['early-hardship', 'vulnerable']);

class StrategyRunner {
  private readonly rng = new Rng(1);
  private readonly tallies = {} as Record<Group, Tally>;
  private readonly series = {} as Record<Group, DailySeries>;
  private readonly bySegment = new Map<Segment, Playbook>();
  private decisions = 0;
  /** The playbook offers the customer a payment date of their choosing / plans on the portal. */
  private readonly dateChoice: boolean;
  private readonly planChoice: boolean;
  // Per-account scratch, reset in run(): no allocation per day.
  private readonly contactTimes: number[] = [];

  constructor(
    private readonly strategy: Strategy,
    private readonly b: Behaviour,
    private readonly days: number,
    private readonly start: number,
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

  private record(segment: Segment, day: number, field: keyof DailySeries, amount: number): void {
    this.series.all[field][day] += amount;
    this.series[segment][field][day] += amount;
  }

  run(c: SimCustomer): void {
    const b = this.b;
    const rng = this.rng;
    // Common random numbers: each strategy sees the same stream for the same customer.
    rng.reseed(mixSeed(this.seed, c.index, 0xbe4a));
    const sb = b.segments[c.trueSegment];
    const seg = c.assigned.segment;
    const base = this.strategy.playbook;
    const playbook = base ? this.bySegment.get(seg)! : null;
    // A fresh account per strategy: channels and compliance change as the customer acts.
    const account: Account = {
      ...c.account,
      channels: { sms: { optedOut: false }, email: { optedOut: false }, voice: { optedOut: false } },
      compliance: c.account.compliance ? { ...c.account.compliance } : undefined,
    };
    const history: HistoryEntry[] = [];
    const contactTimes = this.contactTimes;
    contactTimes.length = 0;
    const o: AccountOutcome = {
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
    const opened = Date.parse(account.openedAt);
    let balance = c.amountOverdue;
    let open = true;
    let journey = playbook !== null;
    let next = opened;
    let person = false;
    let humanInvolved = false;
    let promiseDay = -1;
    let promiseKeeps = false;
    let planLeft = 0;
    let planNextDay = -1;
    let planKeeps = false;
    let planInstalment = 0;
    let disputeDay = -1;
    let optedOutChannels = 0;
    const rollDay = 30 - (c.daysPastDue % 30);
    const days = this.days;

    let nextCycleDay = -1;
    const handOff = (reason: string) => {
      history.push({ kind: 'escalated', at: new Date(next).toISOString(), reason });
      journey = false;
      person = true;
      humanInvolved = true;
      o.escalated = true;
      const minutes = b.staff.minutesPerHandOff;
      const peopleCost = (minutes / 60) * b.staff.costPerAgentHour;
      o.agentMinutes += minutes;
      o.peopleCost += peopleCost;
      o.cost += peopleCost;
    };

    const pay = (amount: number, day: number) => {
      const paid = Math.min(amount, balance);
      balance = Math.round((balance - paid) * 100) / 100;
      account.balance = balance;
      o.collected += paid;
      this.record(seg, day, 'collected', paid);
      if (balance <= 0.005) {
        open = false;
        journey = false;
        o.cured = true;
        o.selfCured = !humanInvolved;
        this.record(seg, day, 'cured', 1);
        if (o.messages === 1) o.firstContactResolved = true;
      }
    };

    for (let day = 0; day < days && open; day++) {
      const dayEnd = this.start + (day + 1) * DAY;
      // Scheduled customer events: a promise falling due, a plan instalment, a dispute answered.
      if (day === promiseDay) {
        o.promisesDue++;
        promiseDay = -1;
        if (promiseKeeps) {
          o.promisesKept++;
          pay(balance, day);
        } else if (playbook && !person) {
          journey = true;
          next = Math.max(next, this.start + day * DAY + 10 * HOUR);
        }
      }
      if (day === planNextDay && open) {
        if (planKeeps) {
          pay(planLeft === 1 ? balance : planInstalment, day);
          planLeft--;
          planNextDay = planLeft > 0 ? day + 30 : -1;
        } else {
          planNextDay = -1;
          planLeft = 0;
          if (playbook && !person) {
            journey = true;
            next = Math.max(next, this.start + day * DAY + 10 * HOUR);
          }
        }
      }
      if (day === disputeDay && open) {
        disputeDay = -1;
        if (rng.next() < b.dispute.upheldShare) {
          // The debt was not owed: closed, nothing collected; a resolution nonetheless.
          open = false;
          if (o.messages === 1) o.firstContactResolved = true;
          break;
        }
        account.compliance = { ...account.compliance, disputeVerifiedAt: new Date(this.start + day * DAY).toISOString() };
      }
      if (day === rollDay && open && planLeft === 0) o.rolled = balance;
      if (day === nextCycleDay && open && !person) {
        nextCycleDay = -1;
        history.length = 0;
        account.openedAt = new Date(this.start + day * DAY + 10 * HOUR).toISOString();
        next = Date.parse(account.openedAt);
        journey = planLeft === 0 && promiseDay < 0 && disputeDay < 0;
      }

      // The journey: decide only when due.
      let guard = 0;
      while (journey && open && next < dayEnd) {
        if (++guard > MAX_DECISIONS_PER_DAY)
          throw new Error(`simulator: account ${account.accountId} needed more than ${MAX_DECISIONS_PER_DAY} decisions on day ${day}`);
        const stop = stopReason(playbook!, { messagesSent: o.messages, daysSinceStart: (next - opened) / DAY, optedOutChannels });
        if (stop) {
          journey = false;
          break;
        }
        this.decisions++;
        const decision = decide({ account, history, playbook: playbook!, now: new Date(next) });
        const action = decision.action;
        if (action.type === 'wait') {
          next = Date.parse(action.until);
        } else if (action.type === 'close') {
          journey = false;
          if (action.reason === 'no-response') {
            o.noResponse = true;
            // The next billing cycle's overdue journey starts afresh (same account, its compliance kept).
            if (playbook!.endOfCadence?.nextStep === 'later-cycle') {
              const cycle = b.laterCycle.billingCycleDays;
              nextCycleDay = (Math.floor(day / cycle) + 1) * cycle;
            }
          }
        } else if (action.type === 'escalate') {
          handOff(action.reason);
        } else {
          const stepIndex = playbook!.steps.findIndex((s) => s.id === action.stepId);
          const result = this.contact(c, account, history, action, offersPerson(base!, stepIndex, seg), next, day, o, sb, seg);
          if (result === 'opt-out') optedOutChannels++;
          else if (result === 'asks-for-person') handOff('customer-asked-for-person');
          else if (result === 'promise') {
            promiseDay = day + rng.int(b.promise.minDays, b.promise.maxDays);
            promiseKeeps = rng.next() < sb.promiseKept;
            journey = false;
          } else if (result === 'plan') {
            planLeft = b.plan.months;
            planInstalment = Math.round((balance / b.plan.months) * 100) / 100;
            planKeeps = rng.next() < sb.promiseKept;
            planNextDay = day;
            journey = false;
            if (o.messages === 1) o.firstContactResolved = true;
          } else if (result === 'dispute') {
            o.disputed = true;
            o.cost += b.costs.dispute;
            account.compliance = { ...account.compliance, disputeOpenedAt: new Date(next).toISOString() };
            disputeDay = day + b.dispute.daysToResolve;
          } else if (result === 'paid') {
            pay(balance, day);
          } else if (result === 'partial') {
            pay(Math.round(balance * (0.2 + 0.4 * rng.next()) * 100) / 100, day);
          }
        }
      }

      // Plan instalment due today (the first is paid the day the plan is set up).
      if (day === planNextDay && open && planKeeps) {
        pay(planLeft === 1 ? balance : planInstalment, day);
        planLeft--;
        planNextDay = planLeft > 0 ? day + 30 : -1;
      }
      if (!open) break;
      // A person working the account, or the customer paying on their own.
      if (person && disputeDay < 0 && rng.next() < sb.personResolve) pay(balance, day);
      else if (planLeft === 0 && promiseDay < 0 && disputeDay < 0 && rng.next() < sb.dailySelfCure) pay(balance, day);
    }
    if (open && rollDay >= days) o.rolled = 0;
    addOutcome(this.tallies.all, o);
    addOutcome(this.tallies[seg], o);
  }

  /** One message: delivery, reach, and what the customer does. */
  private contact(
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

export function strategyKpis(r: StrategyResult, group: Group = 'all'): KpiSet {
  return kpis(r.tallies[group]);
}
