/**
 * One customer under one strategy, day by day: scheduled events (a promise falling due, an instalment, a
 * dispute answered, the next bill), the journey's decisions when due, then a person or the customer
 * paying on their own.
 *
 * Common random numbers: every draw comes from a stream fixed by the customer and what it is for -- the
 * n-th message, day d's chance to self-cure or to be resolved by a person, the dispute's answer, the
 * survey -- never from a stream shared along the way. So the same customer meets the same luck under
 * every strategy, and the differences between strategies come from the strategies.
 */
import { decide } from '../functions/domain/decide';
import { DEFAULT_CARE, offersPerson, stopReason, type Playbook } from '../functions/domain/playbook';
import { DAY_MS } from '../functions/domain/rules/time';
import { VALIDATION_NOTICE_TEMPLATE } from '../functions/domain/rules/validation-notice';
import type { Segment } from '../functions/domain/segments';
import type { Account, Channel, HistoryEntry } from '../functions/domain/types';
import type { ContactAction } from '../functions/domain/decision-types';
import type { Behaviour, SegmentBehaviour } from './behaviour';
import { messageConditions, reachedCustomer, type ContactResult } from './contact';
import { emptyOutcome, type AccountOutcome } from './kpis';
import type { SimCustomer } from './portfolio';
import { mixSeed, uniformAt, type Rng } from './prng';
import { instalmentMissedAt, missedPlan, openPromise } from './broken-arrangements';
import { readLetter } from './letter';
import { surveyAnswer } from './survey';
import type { RunContext } from './run-context';

const HOUR_MS = 3_600_000;
/** A journey should never need more decisions than this in one day; more means a loop. */
const MAX_DECISIONS_PER_DAY = 50;

/** What each stream is for (the third word of its seed). */
const STREAM = { message: 0x3e55, selfCure: 0x5e1f, person: 0x9e50, dispute: 0xd15b, survey: 0x5c0e, letter: 0x1e77 } as const;

export class CustomerRun {
  private readonly b: Behaviour;
  private readonly seg: Segment;
  private readonly sb: SegmentBehaviour;
  private readonly account: Account;
  private readonly history: HistoryEntry[] = [];
  private readonly o: AccountOutcome;
  private readonly opened: number;
  private readonly rollDay: number;
  private readonly contactTimes: number[] = [];
  private balance: number;
  private open = true;
  private journey: boolean;
  private next: number;
  private person = false;
  private humanInvolved = false;
  /** The most contacts over the free ones the customer met in one window (satisfaction falls with it). */
  private peakExtraContacts = 0;
  private promiseDay = -1;
  private promiseMadeAt = 0;
  /** Promises and plans made so far: their ids on the account. */
  private arrangements = 0;
  private planAgreedAt = 0;
  private promiseKeeps = false;
  private planLeft = 0;
  private planNextDay = -1;
  private planKeeps = false;
  private planInstalment = 0;
  private disputeDay = -1;
  private optedOutChannels = 0;
  private nextCycleDay = -1;
  /** The day this cycle's letter arrives (-1: none on its way); one a cycle (a broken promise it drew closes the cycle again). */
  private letterDay = -1;
  private letterThisCycle = false;
  private lettersSent = 0;

  constructor(
    private readonly ctx: RunContext,
    private readonly c: SimCustomer,
    private readonly playbook: Playbook | null,
  ) {
    this.b = ctx.b;
    this.sb = ctx.b.segments[c.trueSegment];
    this.seg = c.assigned.segment;
    // A fresh account per strategy: channels and compliance change as the customer acts.
    this.account = {
      ...c.account,
      channels: { sms: { optedOut: false }, email: { optedOut: false }, voice: { optedOut: false } },
      compliance: c.account.compliance ? { ...c.account.compliance } : undefined,
    };
    this.o = emptyOutcome(c.amountOverdue, c.outstanding, ctx.b.costs.fixedPerAccount);
    this.opened = Date.parse(this.account.openedAt);
    this.balance = c.amountOverdue;
    this.journey = playbook !== null;
    this.next = this.opened;
    this.rollDay = 30 - (c.daysPastDue % 30);
  }

  run(): AccountOutcome {
    const { days, start } = this.ctx;
    for (let day = 0; day < days && this.open; day++) {
      const dayEnd = start + (day + 1) * DAY_MS;
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

  /** The stream for one purpose and one day or message: the same numbers under every strategy. */
  private stream(purpose: number, n: number): Rng {
    this.ctx.rng.reseed(mixSeed(this.ctx.seed, this.c.index, purpose, n));
    return this.ctx.rng;
  }

  private handOff(reason: string): void {
    this.history.push({ kind: 'escalated', at: new Date(this.next).toISOString(), reason });
    this.journey = false;
    this.person = true;
    this.humanInvolved = true;
    this.o.escalated = true;
    const { minutesPerHandOff: minutes, costPerAgentHour } = this.b.staff;
    const peopleCost = (minutes / 60) * costPerAgentHour;
    this.o.agentMinutes += minutes;
    this.o.peopleCost += peopleCost;
    this.o.cost += peopleCost;
  }

  private pay(amount: number, day: number): void {
    const paid = Math.min(amount, this.balance);
    this.balance = Math.round((this.balance - paid) * 100) / 100;
    this.account.balance = this.balance;
    this.o.collected += paid;
    this.ctx.record(this.seg, day, 'collected', paid);
    if (this.balance <= 0.005) {
      this.open = false;
      this.journey = false;
      this.o.cured = true;
      this.o.selfCured = !this.humanInvolved;
      this.ctx.record(this.seg, day, 'cured', 1);
      if (this.o.messages === 1) this.o.firstContactResolved = true;
      this.survey();
    }
  }

  /**
   * The one satisfaction question after a resolution, as care.ts asks it: when the playbook asks it, the
   * customer heard from us, and a text or an email can still reach them.
   */
  private survey(): void {
    const care = this.playbook?.care ?? DEFAULT_CARE;
    if (!this.playbook || !care.survey || !this.history.some((h) => h.kind === 'contact' && h.outcome === 'sent')) return;
    const usable = (ch: Channel) => !this.account.channels[ch].optedOut && !this.account.channels[ch].unusable;
    if (!usable('sms') && !usable('email')) return;
    this.o.surveySent = true;
    const path = { humanInvolved: this.humanInvolved, peakExtraContacts: this.peakExtraContacts, complaints: this.o.complaints };
    this.o.surveyScore = surveyAnswer(this.b.satisfaction, this.stream(STREAM.survey, 0), path);
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
    this.next = Math.max(this.next, this.ctx.start + day * DAY_MS + 10 * HOUR_MS);
  }

  /** Scheduled customer events: a promise falling due, a plan instalment, a dispute answered, the next bill. */
  private scheduledEvents(day: number): 'closed' | undefined {
    if (day === this.promiseDay) {
      this.o.promisesDue++;
      this.promiseDay = -1;
      if (this.promiseKeeps) {
        this.o.promisesKept++;
        this.pay(this.balance, day);
      } else {
        // Care answers it as live: quiet through the grace day, one kind reminder, then the playbook.
        const dueAt = this.ctx.start + day * DAY_MS;
        this.account.promise = openPromise(this.arrangements, this.balance, this.promiseMadeAt, dueAt);
        this.resumeJourney(day);
      }
    }
    if (day === this.planNextDay && this.open) {
      if (this.planKeeps) this.payInstalment(day);
      else {
        // The first instalment never came: care nudges once, and a person takes over if it stays unpaid.
        this.planNextDay = -1;
        this.planLeft = 0;
        this.account.plan = missedPlan(this.arrangements, this.planAgreedAt, this.planInstalment, this.b.plan.months);
        this.resumeJourney(day);
        if (this.journey) this.next = Math.max(this.next, instalmentMissedAt(this.playbook!, this.planAgreedAt));
      }
    }
    if (day === this.disputeDay && this.open && this.disputeAnswered(day) === 'closed') return 'closed';
    if (day === this.rollDay && this.open && this.planLeft === 0) this.o.rolled = this.balance;
    if (day === this.letterDay && this.open) this.letterArrives(day);
    if (day === this.nextCycleDay && this.open && !this.person) this.startNextCycle(day);
    return undefined;
  }

  private disputeAnswered(day: number): 'closed' | undefined {
    this.disputeDay = -1;
    if (uniformAt(this.ctx.seed, this.c.index, STREAM.dispute, day) < this.b.dispute.upheldShare) {
      // The debt was not owed: closed, nothing collected; a resolution nonetheless.
      this.open = false;
      if (this.o.messages === 1) this.o.firstContactResolved = true;
      return 'closed';
    }
    this.account.compliance = { ...this.account.compliance, disputeVerifiedAt: new Date(this.ctx.start + day * DAY_MS).toISOString() };
    return undefined;
  }

  /** The next billing cycle's overdue journey starts afresh (same account, its compliance kept). */
  private startNextCycle(day: number): void {
    this.nextCycleDay = -1;
    this.letterThisCycle = false;
    this.history.length = 0;
    // A promise and a plan belong to the cycle (README's cycle contract).
    this.account.promise = undefined;
    this.account.plan = undefined;
    this.account.openedAt = new Date(this.ctx.start + day * DAY_MS + 10 * HOUR_MS).toISOString();
    this.next = Date.parse(this.account.openedAt);
    this.journey = this.planLeft === 0 && this.promiseDay < 0 && this.disputeDay < 0;
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
        daysSinceStart: (this.next - this.opened) / DAY_MS,
        optedOutChannels: this.optedOutChannels,
      });
      if (stop) {
        this.journey = false;
        break;
      }
      this.ctx.countDecision();
      const action = decide({ account: this.account, history: this.history, playbook, now: new Date(this.next) }).action;
      if (action.type === 'wait') this.next = Date.parse(action.until);
      else if (action.type === 'close') this.closed(action.reason, day);
      else if (action.type === 'escalate') this.handOff(action.reason);
      else this.afterContact(this.contact(action, day), day);
    }
  }

  private closed(reason: string, day: number): void {
    this.journey = false;
    if (reason !== 'no-response') return;
    this.o.noResponse = true;
    const nextStep = this.playbook!.endOfCadence?.nextStep;
    const letter = nextStep === 'letter' ? this.b.letter : undefined;
    if (letter && !this.letterThisCycle) {
      this.letterThisCycle = true;
      this.lettersSent++;
      this.countMessage(letter.cost, day);
      this.letterDay = day + letter.daysToArrive;
    }
    if (nextStep === 'later-cycle' || nextStep === 'letter') {
      const cycle = this.b.laterCycle.billingCycleDays;
      this.nextCycleDay = (Math.floor(day / cycle) + 1) * cycle;
    }
  }

  /** Read (its own stream), a letter is answered as a friendly message offering a person; asked by letter to stop, we stop. */
  private letterArrives(day: number): void {
    this.letterDay = -1;
    const rng = this.stream(STREAM.letter, day);
    const answer = readLetter(this.b, this.sb, this.c, rng, { dateChoice: this.ctx.dateChoice, planChoice: this.ctx.planChoice });
    if (!answer) return;
    this.o.rightPartyContacts++;
    this.next = Math.max(this.next, this.ctx.start + day * DAY_MS + 12 * HOUR_MS);
    if (answer.complained) this.complaint(day, this.next, rng);
    if (answer.result !== 'opt-out') return this.afterContact(answer.result, day);
    this.o.optedOut = true;
    this.nextCycleDay = -1; // no later cycle either: the cautious reading of a stop
  }

  /** A message or a letter went out: counted, and what it cost. */
  private countMessage(cost: number, day: number): void {
    this.o.messages++;
    this.o.attempts++;
    this.o.contacted = true;
    this.o.cost += cost;
    this.ctx.record(this.seg, day, 'messages', 1);
  }

  /** A message goes out: its cost, and the ledger as record.ts keeps it; false when the address is bad. */
  private send(action: ContactAction, day: number): boolean {
    const iso = new Date(this.next).toISOString();
    const { channel } = action;
    this.countMessage(this.b.costs[channel], day);
    const entry = { kind: 'contact', at: iso, stepId: action.stepId, channel, template: action.template } as const;
    if (this.c.badAddress[channel]) {
      this.history.push({ ...entry, outcome: 'failed-permanent' });
      this.account.channels[channel] = { ...this.account.channels[channel], unusable: { reason: 'invalid address', at: iso } };
      return false;
    }
    this.history.push({ ...entry, outcome: 'sent' });
    // As functions/record.ts does: the notice sent starts the validation period. Without it every open
    // account was handed to a person five days after its first message (validation-notice-missing).
    if (action.template === VALIDATION_NOTICE_TEMPLATE && !this.account.compliance?.validationNoticeSentAt)
      this.account.compliance = { ...this.account.compliance, validationNoticeSentAt: iso };
    return true;
  }

  /** One message: delivery, reach, and what the customer does (from the message's own stream). */
  private contact(action: ContactAction, day: number): ContactResult {
    const rng = this.stream(STREAM.message, this.o.messages - this.lettersSent); // the n-th text, email or call
    if (!this.send(action, day)) return 'none';
    const at = this.next;
    this.contactTimes.push(at);
    const m = messageConditions(this.b, this.c, action.tone, at, this.contactTimes);
    this.peakExtraContacts = Math.max(this.peakExtraContacts, m.extraContacts);
    if (rng.next() >= this.sb.reach[action.channel]) return 'none';
    this.o.rightPartyContacts++;
    if (action.channel === 'voice') this.history.push({ kind: 'conversation', at: new Date(at).toISOString(), channel: 'voice' });
    const stepIndex = this.playbook!.steps.findIndex((s) => s.id === action.stepId);
    const offers = {
      withPerson: offersPerson(this.ctx.fullPlaybook!, stepIndex, this.seg),
      dateChoice: this.ctx.dateChoice,
      planChoice: this.ctx.planChoice,
    };
    const { complained, result } = reachedCustomer(this.b, this.sb, rng, m, offers);
    if (complained) this.complaint(day, at, rng);
    if (result === 'opt-out') {
      this.account.channels[action.channel] = { ...this.account.channels[action.channel], optedOut: true };
      this.o.optedOut = true;
    }
    return result;
  }

  /** A complaint: its handling cost, and the hours until it is resolved (after any open dispute's answer). */
  private complaint(day: number, at: number, rng: Rng): void {
    const h = this.b.complaintHandling;
    this.o.complaints++;
    this.o.cost += this.b.costs.complaint;
    this.ctx.record(this.seg, day, 'complaints', 1);
    let hours = h.medianHours * Math.exp(h.sigma * rng.normal());
    if (this.disputeDay >= 0) hours = Math.max(hours, (this.ctx.start + this.disputeDay * DAY_MS - at) / HOUR_MS);
    this.o.complaintHours.push(Math.round(hours * 10) / 10);
  }

  /** What the customer did with a message (promise dates and kept plans from the message's stream). */
  private afterContact(result: ContactResult, day: number): void {
    const rng = this.ctx.rng;
    if (result === 'opt-out') this.optedOutChannels++;
    else if (result === 'asks-for-person') this.handOff('customer-asked-for-person');
    else if (result === 'promise') {
      this.o.promises++;
      this.newArrangement();
      this.promiseMadeAt = this.next;
      this.promiseDay = day + rng.int(this.b.promise.minDays, this.b.promise.maxDays);
      this.promiseKeeps = rng.next() < this.sb.promiseKept;
      this.journey = false;
    } else if (result === 'plan') {
      this.newArrangement();
      this.planAgreedAt = this.next;
      this.planLeft = this.b.plan.months;
      this.planInstalment = Math.round((this.balance / this.b.plan.months) * 100) / 100;
      this.planKeeps = rng.next() < this.sb.promiseKept;
      // Kept: the first instalment is paid today. Not kept: seen missed when care would see it.
      this.planNextDay = this.planKeeps
        ? day
        : Math.floor((instalmentMissedAt(this.playbook!, this.planAgreedAt) - this.ctx.start) / DAY_MS);
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

  /** A new promise or plan replaces whatever the customer had arranged before. */
  private newArrangement(): void {
    this.arrangements++;
    this.account.promise = undefined;
    this.account.plan = undefined;
  }

  /** A person working the account, or the customer paying on their own (each day's own draws). */
  private personOrSelfCure(day: number): void {
    const { seed } = this.ctx;
    const quiet = this.planLeft === 0 && this.promiseDay < 0 && this.disputeDay < 0;
    if (this.person && this.disputeDay < 0 && uniformAt(seed, this.c.index, STREAM.person, day) < this.sb.personResolve)
      this.pay(this.balance, day);
    else if (quiet && uniformAt(seed, this.c.index, STREAM.selfCure, day) < this.sb.dailySelfCure) this.pay(this.balance, day);
  }
}
