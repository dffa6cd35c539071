/**
 * The scale model's journeys (bench/scale.ts): one identity shard of the synthetic portfolio -- the
 * accounts whose index is `shard` mod `shards`, paced on that shard's own identities -- run as journeys
 * interleaved in time through the same decide() engine and the same pacing code (application/pace.ts
 * with the in-memory slot store), with the journey state machine's loop (Decide -> Route -> Send ->
 * Record | Wait | Escalate | Close) counted state by state.
 */
import { paceDecision } from '../functions/application/pace';
import { MemorySendSlotStore } from '../functions/adapters/memory-send-slot-store';
import { decide } from '../functions/domain/decide';
import { channelLimits, type CapacityConfig } from '../functions/domain/pacing/capacity';
import { DEFAULT_PLAYBOOK } from '../functions/domain/playbook';
import { DAY_MS } from '../functions/domain/rules/time';
import { possibleTimeZones } from '../functions/domain/time-zones';
import { localTimeParts } from '../functions/domain/zone-clock';
import type { Account, HistoryEntry } from '../functions/domain/types';
import type { Action, ContactAction, Decision } from '../functions/domain/decision-types';
import { DEFAULT_BEHAVIOUR } from '../simulator/behaviour';
import { PortfolioGenerator } from '../simulator/portfolio';
import { mixSeed, Rng } from '../simulator/prng';
import {
  addAt,
  addDelay,
  clockOf,
  countIdentitySeconds,
  EventQueue,
  fall,
  meters,
  rise,
  type Clock,
  type Event,
  type Meters,
} from './scale-meters';
import { JourneyLimitsMeter, type LimitsMeters } from './journey-limits';

export const BUSINESS_ZONE = 'America/New_York';
export const START = Date.parse('2027-01-04T00:00:00Z');

/** Assumed Lambda durations (256 MB): what each journey function spends per invocation, DynamoDB included. */
const LAMBDA_SECONDS = { decide: 0.08, send: 0.25, record: 0.05, escalate: 0.08, close: 0.1 };
/** Chance that a sent message is followed by a payment within three days. */
const PAY_AFTER_CONTACT = 0.12;

/** One shard of a model run: which accounts, over how long, on what capacity (the shard's identities). */
export interface ShardSpec {
  accounts: number;
  days: number;
  placementDays: number;
  wakeAtWindow: boolean;
  shard: number;
  shards: number;
  capacity: CapacityConfig;
}

/** What a shard measured: plain data, to cross a worker thread and merge with the other shards'. */
export interface ShardResult {
  meters: Meters;
  limits: LimitsMeters;
}

interface Journey {
  account: Account;
  history: HistoryEntry[];
  /** When decide first chose each message (stepId:channel), for the decided-to-sent delay. */
  decidedAt: Map<string, number>;
  pending?: ContactAction;
  zones: readonly string[];
}

class Model {
  readonly m: Meters;
  readonly limits: JourneyLimitsMeter;
  private readonly clock: Clock;
  private readonly queue = new EventQueue();
  private readonly journeys = new Map<number, Journey>();
  private readonly slots = new MemorySendSlotStore();
  private readonly rng = new Rng(1);
  private readonly generator = new PortfolioGenerator(DEFAULT_BEHAVIOUR, 15, START);
  private readonly end: number;

  constructor(private readonly o: ShardSpec) {
    this.clock = clockOf(START, o.days);
    this.m = meters(this.clock);
    this.limits = new JourneyLimitsMeter(this.clock);
    this.end = START + o.days * DAY_MS;
  }

  /** Placements: a nightly batch (01:00-03:00 UTC) every day of the placement period; accounts are made when placed. */
  place(): void {
    const perDay = Math.ceil(this.o.accounts / this.o.placementDays);
    for (let i = this.o.shard; i < this.o.accounts; i += this.o.shards) {
      this.rng.reseed(mixSeed(15, i, 0x91ace));
      const at = START + Math.floor(i / perDay) * DAY_MS + 3_600_000 + Math.floor(this.rng.next() * 7_200_000);
      this.queue.push({ t: at, account: i, kind: 'start' });
    }
  }

  async run(): Promise<void> {
    while (this.queue.size > 0) {
      const e = this.queue.pop();
      if (e.t >= this.end) break;
      if (e.kind === 'start') this.start(e);
      else if (e.kind === 'decide') await this.decide(e);
      else if (e.kind === 'send') this.send(e);
      else this.pay(e);
    }
  }

  private start(e: Event): void {
    const m = this.m;
    const placed = new Date(e.t).toISOString();
    const account = { ...this.generator.generate(e.account).account, openedAt: placed, updatedAt: placed };
    this.journeys.set(e.account, { account, history: [], decidedAt: new Map(), zones: possibleTimeZones(account.customer, BUSINESS_ZONE) });
    addAt(m.starts, this.clock, e.t);
    m.counters.events += 1; // the AccountOverdue event
    addAt(m.reads, this.clock, e.t, 2);
    addAt(m.writes, this.clock, e.t, 3); // account, journey dedupe, ledger fact
    rise(m.open, this.clock, e.t);
    this.limits.started(e.t, e.account);
    this.queue.push({ t: e.t, account: e.account, kind: 'decide' });
  }

  private async decide(e: Event): Promise<void> {
    const j = this.journeys.get(e.account)!;
    const m = this.m;
    const now = new Date(e.t);
    // decide() is pure: within one step, the same instant decides the same (pacing's look-ahead and the delay's note share it).
    const decisions = new Map<number, Decision>();
    const decideAt = (at: Date) => {
      let decided = decisions.get(at.getTime());
      if (!decided) {
        decided = decide({ account: j.account, history: j.history, playbook: DEFAULT_PLAYBOOK, now: at, businessTimeZone: BUSINESS_ZONE });
        decisions.set(at.getTime(), decided);
      }
      return decided;
    };
    const decided = decideAt(now);
    noteDecided(j, decided, e.t);
    const before = { ...this.slots.operations };
    const decision = await paceDecision(
      { slots: this.slots, capacity: this.o.capacity, identities: { sms: 'sms', voice: 'voice', email: 'email' } },
      {
        account: j.account,
        history: j.history,
        now,
        businessTimeZone: BUSINESS_ZONE,
        cycleId: j.account.cycleId,
        ...(this.o.wakeAtWindow ? {} : { decideAt }),
      },
      decided,
    );
    // A wait that reserved its message's second: the message was decided when the wait would have ended.
    if (decided.action.type === 'wait' && decision.action !== decided.action) {
      noteDecided(j, decideAt(new Date(decided.action.until)), Date.parse(decided.action.until));
    }
    if (decision.reasons.some((r) => r.ruleId.startsWith('capacity.'))) m.counters.capacityMoves += 1;
    this.invoke('decide', e.t);
    this.limits.decided(e.account);
    addAt(m.transitions, this.clock, e.t, 2); // Decide, Route
    addAt(m.reads, this.clock, e.t, 2 + Math.ceil(j.history.length / 10) + (this.slots.operations.reads - before.reads));
    addAt(m.writes, this.clock, e.t, 1 + (this.slots.operations.writes - before.writes));
    this.follow(e, j, decision.action);
  }

  private follow(e: Event, j: Journey, action: Action): void {
    const m = this.m;
    switch (action.type) {
      case 'contact':
        j.pending = action;
        this.queue.push({ t: e.t, account: e.account, kind: 'send' });
        return;
      case 'wait': {
        addAt(m.transitions, this.clock, e.t, 1);
        const until = Math.max(e.t + 1000, Date.parse(action.until));
        this.limits.waited(e.t, e.account, { accountId: j.account.accountId, cycleId: j.account.cycleId }, until);
        this.queue.push({ t: until, account: e.account, kind: 'decide' });
        return;
      }
      case 'escalate':
        addAt(m.transitions, this.clock, e.t, 1);
        this.invoke('escalate', e.t);
        m.counters.events += 1;
        addAt(m.writes, this.clock, e.t, 1);
        j.history.push({ kind: 'escalated', at: new Date(e.t).toISOString(), reason: action.reason });
        this.queue.push({ t: e.t + 1000, account: e.account, kind: 'decide' });
        return;
      case 'close':
        addAt(m.transitions, this.clock, e.t, 1);
        this.invoke('close', e.t);
        addAt(m.writes, this.clock, e.t, 2 + j.history.length); // journey, ledger entry, the ledger's retention extended
        fall(m.open, this.clock, e.t);
        m.counters.closed += 1;
        this.limits.closed(e.t, e.account);
        // Only a late payment can still reach a closed journey: its history and notes are not needed.
        j.history = [];
        j.decidedAt.clear();
        return;
    }
  }

  /** Send (the guard re-decides now, then claims and delivers) and Record. */
  private send(e: Event): void {
    const j = this.journeys.get(e.account)!;
    const m = this.m;
    const action = j.pending!;
    j.pending = undefined;
    const guard = decide({
      account: j.account,
      history: j.history,
      playbook: DEFAULT_PLAYBOOK,
      now: new Date(e.t),
      businessTimeZone: BUSINESS_ZONE,
    });
    this.invoke('send', e.t);
    this.invoke('record', e.t);
    addAt(m.transitions, this.clock, e.t, 2); // Send, Record
    addAt(m.reads, this.clock, e.t, 3 + Math.ceil(j.history.length / 10));
    const same = guard.action.type === 'contact' && guard.action.stepId === action.stepId && guard.action.channel === action.channel;
    if (!same) {
      m.counters.guardSkips += 1;
      addAt(m.writes, this.clock, e.t, 1);
    } else {
      this.deliver(e, j, action);
    }
    this.queue.push({ t: e.t, account: e.account, kind: 'decide' });
  }

  private deliver(e: Event, j: Journey, action: ContactAction): void {
    const m = this.m;
    addAt(m.writes, this.clock, e.t, 4); // claim, confirm, message index, ledger contact
    addAt(m.sends[action.channel], this.clock, e.t);
    m.counters.sends += 1;
    addDelay(m, e.t - (j.decidedAt.get(`${action.stepId}:${action.channel}`) ?? e.t));
    if (j.zones.some((zone) => outsideHours(e.t, zone))) m.counters.outsideWindow += 1;
    if (action.channel === 'sms') m.counters.smsParts += channelLimits(this.o.capacity, 'sms').unitsPerMessage;
    else if (action.channel === 'email') m.counters.emails += 1;
    else m.counters.calls += 1;
    j.history.push({
      kind: 'contact',
      at: new Date(e.t).toISOString(),
      stepId: action.stepId,
      channel: action.channel,
      template: action.template,
      outcome: 'sent',
    });
    this.rng.reseed(mixSeed(15, e.account, j.history.length));
    if (this.rng.next() < PAY_AFTER_CONTACT)
      this.queue.push({ t: e.t + Math.floor(this.rng.next() * 3 * DAY_MS), account: e.account, kind: 'pay' });
  }

  /** A payment settles the account; the journey sees it at its next wake-up (issue 15, item 4). */
  private pay(e: Event): void {
    const j = this.journeys.get(e.account)!;
    if (j.account.status !== 'overdue') return;
    j.account = { ...j.account, status: 'paid', balance: 0, updatedAt: new Date(e.t).toISOString() };
    j.history.push({ kind: 'payment', at: new Date(e.t).toISOString(), amount: j.account.amountOverdue });
    this.m.counters.events += 1;
    addAt(this.m.writes, this.clock, e.t, 2);
  }

  private invoke(fn: keyof typeof LAMBDA_SECONDS, t: number): void {
    this.m.counters.lambdaInvocations += 1;
    addAt(this.m.lambdaSeconds, this.clock, t, LAMBDA_SECONDS[fn]);
  }
}

/** When a message was first decided (for the decided-to-sent delay). */
function noteDecided(j: Journey, decided: Decision, t: number): void {
  if (decided.action.type !== 'contact') return;
  const key = `${decided.action.stepId}:${decided.action.channel}`;
  if (!j.decidedAt.has(key)) j.decidedAt.set(key, t);
}

/** Outside 08:00-21:00 local time in this zone (the window every profile keeps at least). */
function outsideHours(t: number, zone: string): boolean {
  const { hour } = localTimeParts(new Date(t), zone);
  return hour < 8 || hour >= 21;
}

/** Runs one identity shard of the portfolio to the end of the model's days. */
export async function runShard(spec: ShardSpec): Promise<ShardResult> {
  const model = new Model(spec);
  model.place();
  await model.run();
  countIdentitySeconds(model.m);
  return { meters: model.m, limits: model.limits.data };
}
