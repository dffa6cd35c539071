/**
 * The scale model (issue 15, item 5): a synthetic portfolio run as journeys, all interleaved in time,
 * through the same decide() engine and the same pacing code (application/pace.ts with the in-memory
 * slot store), with the journey state machine's loop (Decide -> Route -> Send -> Record | Wait |
 * Escalate | Close) counted state by state. It reports what the design needs at the target portfolio
 * size against the Region's quotas: sends per second per identity against capacity, the delay from
 * decided to sent, contacts outside a window, open executions, state transitions and StartExecution
 * calls per second, DynamoDB reads and writes per second, and the cost per account-cycle.
 *
 * The model runs `accounts` journeys (default 40,000) and extrapolates to `--target` (default
 * 2,000,000) by the ratio: every identity's capacity is the deployment's divided by the ratio (so the
 * model's identities are exactly as busy as the deployment's), and counts and rates are multiplied by it.
 * Rates are the busiest minute's mean per second (a per-second peak of a scaled model overstates).
 *
 * A journey whose wait ends in a contact reserves that message's second while it waits and wakes once,
 * at it; `--wake-at-window` models the journeys without that (waking at the wait's end, then waiting
 * again for the second), for comparison.
 *
 *   npx tsx bench/scale.ts [accounts] [--target N] [--days 120] [--placement-days 60] [--wake-at-window] [--json]
 */
import { paceDecision } from '../functions/application/pace';
import { MemorySendSlotStore } from '../functions/adapters/memory-send-slot-store';
import { decide } from '../functions/domain/decide';
import { capacityConfigSchema, channelLimits, type CapacityConfig } from '../functions/domain/pacing/capacity';
import { DEFAULT_PLAYBOOK } from '../functions/domain/playbook';
import { DAY_MS } from '../functions/domain/rules/time';
import { possibleTimeZones } from '../functions/domain/time-zones';
import { localTimeParts } from '../functions/domain/zone-clock';
import type { Account, HistoryEntry } from '../functions/domain/types';
import type { ContactAction, Decision } from '../functions/domain/decision-types';
import { DEFAULT_BEHAVIOUR } from '../simulator/behaviour';
import { PortfolioGenerator } from '../simulator/portfolio';
import { mixSeed, Rng } from '../simulator/prng';
import { EventQueue, meters, type Event, type Meters } from './scale-meters';
import { printText, QUOTAS, report, type Options } from './scale-report';
import { JourneyLimitsMeter, printJourneyLimits } from './journey-limits';

const BUSINESS_ZONE = 'America/New_York';
const START = Date.parse('2027-01-04T00:00:00Z');

/** The deployment the model stands for, at the target size (each divisible by the scale ratio). */
const DEPLOYMENT_CAPACITY = { smsPartsPerSecond: 200, voiceCallsPerSecond: 50, emailPerSecond: 200 };
/** Assumed Lambda durations (256 MB): what each journey function spends per invocation, DynamoDB included. */
const LAMBDA_SECONDS = { decide: 0.08, send: 0.25, record: 0.05, escalate: 0.08, close: 0.1 };
/** Chance that a sent message is followed by a payment within three days. */
const PAY_AFTER_CONTACT = 0.12;

function parseArgs(argv: string[]): Options {
  const flag = (name: string, fallback: number) => {
    const i = argv.indexOf(name);
    return i >= 0 ? Number(argv[i + 1]) : fallback;
  };
  const positional = argv.find((a, i) => /^\d+$/.test(a) && !argv[i - 1]?.startsWith('--'));
  return {
    accounts: positional ? Number(positional) : 40_000,
    target: flag('--target', 2_000_000),
    days: flag('--days', 120),
    placementDays: flag('--placement-days', 60),
    json: argv.includes('--json'),
    wakeAtWindow: argv.includes('--wake-at-window'),
  };
}

/** The model's capacity: the deployment's divided by the ratio, refused when that is not whole. */
function modelCapacity(ratio: number): CapacityConfig {
  const scaled = (n: number, what: string) => {
    const v = n / ratio;
    if (!Number.isInteger(v) || v < 1) throw new Error(`${what} ${n}/s does not divide by the ratio ${ratio}: choose accounts so it does`);
    return v;
  };
  return capacityConfigSchema.parse({
    sms: { partsPerSecond: scaled(DEPLOYMENT_CAPACITY.smsPartsPerSecond, 'SMS') },
    voice: { callsPerSecond: scaled(DEPLOYMENT_CAPACITY.voiceCallsPerSecond, 'voice') },
    email: { messagesPerSecond: scaled(DEPLOYMENT_CAPACITY.emailPerSecond, 'email') },
  });
}

function invoke(m: Meters, fn: keyof typeof LAMBDA_SECONDS, t: number): void {
  m.lambdaInvocations += 1;
  m.lambdaSeconds.add(t, LAMBDA_SECONDS[fn]);
}

// ------------------------------------------------------------------ the journeys

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
  readonly limits = new JourneyLimitsMeter();
  private readonly queue = new EventQueue();
  private readonly journeys: Journey[] = [];
  private readonly slots = new MemorySendSlotStore();
  private readonly rng = new Rng(1);
  private readonly end: number;

  constructor(
    private readonly o: Options,
    private readonly capacity: CapacityConfig,
  ) {
    this.m = meters(START, o.days);
    this.end = START + o.days * DAY_MS;
  }

  /** Placements: a nightly batch (01:00-03:00 UTC) every day of the placement period. */
  place(): void {
    const generator = new PortfolioGenerator(DEFAULT_BEHAVIOUR, 15, START);
    const perDay = Math.ceil(this.o.accounts / this.o.placementDays);
    for (let i = 0; i < this.o.accounts; i++) {
      this.rng.reseed(mixSeed(15, i, 0x91ace));
      const at = START + Math.floor(i / perDay) * DAY_MS + 3_600_000 + Math.floor(this.rng.next() * 7_200_000);
      const account = { ...generator.generate(i).account, openedAt: new Date(at).toISOString(), updatedAt: new Date(at).toISOString() };
      const zones = possibleTimeZones(account.customer, BUSINESS_ZONE);
      this.journeys.push({ account, history: [], decidedAt: new Map(), zones });
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
    m.starts.add(e.t);
    m.events += 1; // the AccountOverdue event
    m.reads.add(e.t, 2);
    m.writes.add(e.t, 3); // account, journey dedupe, ledger fact
    m.open += 1;
    m.peakOpen = Math.max(m.peakOpen, m.open);
    this.limits.started(e.t, e.account);
    this.queue.push({ t: e.t, account: e.account, kind: 'decide' });
  }

  private async decide(e: Event): Promise<void> {
    const j = this.journeys[e.account];
    const m = this.m;
    const now = new Date(e.t);
    const decideAt = (at: Date) =>
      decide({ account: j.account, history: j.history, playbook: DEFAULT_PLAYBOOK, now: at, businessTimeZone: BUSINESS_ZONE });
    const decided = decideAt(now);
    noteDecided(j, decided, e.t);
    const before = { ...this.slots.operations };
    const decision = await paceDecision(
      { slots: this.slots, capacity: this.capacity, identities: { sms: 'sms', voice: 'voice', email: 'email' } },
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
    if (decision.reasons.some((r) => r.ruleId.startsWith('capacity.'))) m.capacityMoves += 1;
    invoke(m, 'decide', e.t);
    this.limits.decided(e.account);
    m.transitions.add(e.t, 2); // Decide, Route
    m.reads.add(e.t, 2 + Math.ceil(j.history.length / 10) + (this.slots.operations.reads - before.reads));
    m.writes.add(e.t, 1 + (this.slots.operations.writes - before.writes));
    this.follow(e, j, decision.action);
  }

  private follow(e: Event, j: Journey, action: ReturnType<typeof decide>['action']): void {
    const m = this.m;
    const at = new Date(e.t).toISOString();
    switch (action.type) {
      case 'contact':
        j.pending = action;
        this.queue.push({ t: e.t, account: e.account, kind: 'send' });
        return;
      case 'wait':
        m.transitions.add(e.t, 1);
        this.limits.waited(
          e.t,
          e.account,
          { accountId: j.account.accountId, cycleId: j.account.cycleId },
          Math.max(e.t + 1000, Date.parse(action.until)),
        );
        this.queue.push({ t: Math.max(e.t + 1000, Date.parse(action.until)), account: e.account, kind: 'decide' });
        return;
      case 'escalate':
        m.transitions.add(e.t, 1);
        invoke(m, 'escalate', e.t);
        m.events += 1;
        m.writes.add(e.t, 1);
        j.history.push({ kind: 'escalated', at, reason: action.reason });
        this.queue.push({ t: e.t + 1000, account: e.account, kind: 'decide' });
        return;
      case 'close':
        m.transitions.add(e.t, 1);
        invoke(m, 'close', e.t);
        m.writes.add(e.t, 2 + j.history.length); // journey, ledger entry, the ledger's retention extended
        m.open -= 1;
        m.closed += 1;
        this.limits.closed(e.t);
        return;
    }
  }

  /** Send (the guard re-decides now, then claims and delivers) and Record. */
  private send(e: Event): void {
    const j = this.journeys[e.account];
    const m = this.m;
    const action = j.pending!;
    j.pending = undefined;
    const now = new Date(e.t);
    const guard = decide({ account: j.account, history: j.history, playbook: DEFAULT_PLAYBOOK, now, businessTimeZone: BUSINESS_ZONE });
    invoke(m, 'send', e.t);
    invoke(m, 'record', e.t);
    m.transitions.add(e.t, 2); // Send, Record
    m.reads.add(e.t, 3 + Math.ceil(j.history.length / 10));
    const same = guard.action.type === 'contact' && guard.action.stepId === action.stepId && guard.action.channel === action.channel;
    if (!same) {
      m.guardSkips += 1;
      m.writes.add(e.t, 1);
    } else {
      this.deliver(e, j, action);
    }
    this.queue.push({ t: e.t, account: e.account, kind: 'decide' });
  }

  private deliver(e: Event, j: Journey, action: ContactAction): void {
    const m = this.m;
    m.writes.add(e.t, 4); // claim, confirm, message index, ledger contact
    const second = Math.floor(e.t / 1000);
    const perSecond = m.sendsPerSecond[action.channel];
    perSecond.set(second, (perSecond.get(second) ?? 0) + 1);
    const key = `${action.stepId}:${action.channel}`;
    m.delays.push(e.t - (j.decidedAt.get(key) ?? e.t));
    if (j.zones.some((zone) => outsideHours(e.t, zone))) m.outsideWindow += 1;
    if (action.channel === 'sms') m.smsParts += channelLimits(this.capacity, 'sms').unitsPerMessage;
    else if (action.channel === 'email') m.emails += 1;
    else m.calls += 1;
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
    const j = this.journeys[e.account];
    if (j.account.status !== 'overdue') return;
    j.account = { ...j.account, status: 'paid', balance: 0, updatedAt: new Date(e.t).toISOString() };
    j.history.push({ kind: 'payment', at: new Date(e.t).toISOString(), amount: j.account.amountOverdue });
    this.m.events += 1;
    this.m.writes.add(e.t, 2);
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

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  const capacity = modelCapacity(o.target / o.accounts);
  const started = performance.now();
  const model = new Model(o, capacity);
  model.place();
  await model.run();
  const r = report(o, model.m, capacity, performance.now() - started);
  if (o.json) console.log(JSON.stringify(r, null, 2));
  else printText(r);
  printJourneyLimits(model.limits.report(o.target / o.accounts, o.accounts, o.days), QUOTAS.openExecutions, QUOTAS.startExecutionPerSecond);
}

await main();
