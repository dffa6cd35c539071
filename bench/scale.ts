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
 *   npx tsx bench/scale.ts [accounts] [--target N] [--days 120] [--placement-days 60] [--json]
 */
import { paceDecision } from '../functions/application/pace';
import { MemorySendSlotStore } from '../functions/adapters/memory-send-slot-store';
import { decide } from '../functions/domain/decide';
import { capacityConfigSchema, channelLimits, type CapacityConfig } from '../functions/domain/pacing/capacity';
import { DEFAULT_PLAYBOOK } from '../functions/domain/playbook';
import { DAY_MS } from '../functions/domain/rules/time';
import { localTimeParts, possibleTimeZones } from '../functions/domain/time-zones';
import { CHANNELS, type Account, type Channel, type ContactAction, type HistoryEntry } from '../functions/domain/types';
import { DEFAULT_BEHAVIOUR } from '../simulator/behaviour';
import { PortfolioGenerator } from '../simulator/portfolio';
import { mixSeed, Rng } from '../simulator/prng';
import { JourneyLimitsMeter, printJourneyLimits } from './journey-limits';

const MINUTE = 60_000;
const BUSINESS_ZONE = 'America/New_York';
const START = Date.parse('2027-01-04T00:00:00Z');

/** The deployment the model stands for, at the target size (each divisible by the scale ratio). */
const DEPLOYMENT_CAPACITY = { smsPartsPerSecond: 200, voiceCallsPerSecond: 50, emailPerSecond: 200 };
/**
 * Region quotas (older published defaults, /work/shared/reference: ask for the current ones): state
 * transitions and StartExecution are token buckets (5,000 and 1,300 burst) refilled at these rates.
 */
const QUOTAS = { openExecutions: 1_000_000, transitionsPerSecond: 1_500, startExecutionPerSecond: 300, lambdaConcurrency: 1_000 };
/** us-east-1 list prices, November 2026, unverified (as README's "What it costs"). */
const PRICE = {
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
/** Assumed Lambda durations (256 MB): what each journey function spends per invocation, DynamoDB included. */
const LAMBDA_SECONDS = { decide: 0.08, send: 0.25, record: 0.05, escalate: 0.08, close: 0.1 };
/** Chance that a sent message is followed by a payment within three days. */
const PAY_AFTER_CONTACT = 0.12;

interface Options {
  accounts: number;
  target: number;
  days: number;
  placementDays: number;
  json: boolean;
}

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

// ------------------------------------------------------------------ the event queue

interface Event {
  t: number;
  account: number;
  kind: 'start' | 'decide' | 'send' | 'pay';
}

/** A binary min-heap on time; ties in insertion order do not matter (each account has one pending step). */
class EventQueue {
  private readonly heap: Event[] = [];
  get size(): number {
    return this.heap.length;
  }
  push(e: Event): void {
    const h = this.heap;
    h.push(e);
    for (let i = h.length - 1; i > 0;) {
      const p = (i - 1) >> 1;
      if (h[p].t <= h[i].t) break;
      [h[p], h[i]] = [h[i], h[p]];
      i = p;
    }
  }
  pop(): Event {
    const h = this.heap;
    const top = h[0];
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      for (let i = 0; ;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && h[l].t < h[m].t) m = l;
        if (r < h.length && h[r].t < h[m].t) m = r;
        if (m === i) break;
        [h[m], h[i]] = [h[i], h[m]];
        i = m;
      }
    }
    return top;
  }
}

// ------------------------------------------------------------------ counters

/** Counts per second and per minute of the run (for the busiest second and minute) and totals. */
class Rate {
  private readonly bySecond: Float32Array;
  private readonly byMinute: Float64Array;
  total = 0;
  constructor(days: number) {
    this.bySecond = new Float32Array((days + 1) * 86_400);
    this.byMinute = new Float64Array((days + 1) * 1440);
  }
  add(t: number, n = 1): void {
    const s = Math.floor((t - START) / 1000);
    if (s >= 0 && s < this.bySecond.length) {
      this.bySecond[s] += n;
      this.byMinute[Math.floor(s / 60)] += n;
    }
    this.total += n;
  }
  /** The busiest second. */
  peakSecond(): number {
    let max = 0;
    for (const v of this.bySecond) if (v > max) max = v;
    return max;
  }
  /** The busiest minute's mean per second. */
  peakMinutePerSecond(): number {
    let max = 0;
    for (const v of this.byMinute) if (v > max) max = v;
    return max / 60;
  }
}

interface Meters {
  transitions: Rate;
  starts: Rate;
  reads: Rate;
  writes: Rate;
  lambdaSeconds: Rate;
  lambdaInvocations: number;
  events: number;
  sendsPerSecond: Record<Channel, Map<number, number>>;
  delays: number[];
  outsideWindow: number;
  guardSkips: number;
  capacityMoves: number;
  open: number;
  peakOpen: number;
  smsParts: number;
  emails: number;
  calls: number;
  closed: number;
}

function meters(days: number): Meters {
  return {
    transitions: new Rate(days),
    starts: new Rate(days),
    reads: new Rate(days),
    writes: new Rate(days),
    lambdaSeconds: new Rate(days),
    lambdaInvocations: 0,
    events: 0,
    sendsPerSecond: { sms: new Map(), email: new Map(), voice: new Map() },
    delays: [],
    outsideWindow: 0,
    guardSkips: 0,
    capacityMoves: 0,
    open: 0,
    peakOpen: 0,
    smsParts: 0,
    emails: 0,
    calls: 0,
    closed: 0,
  };
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
    this.m = meters(o.days);
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
    const decided = decide({ account: j.account, history: j.history, playbook: DEFAULT_PLAYBOOK, now, businessTimeZone: BUSINESS_ZONE });
    if (decided.action.type === 'contact') {
      const key = `${decided.action.stepId}:${decided.action.channel}`;
      if (!j.decidedAt.has(key)) j.decidedAt.set(key, e.t);
    }
    const before = { ...this.slots.operations };
    const decision = await paceDecision(
      { slots: this.slots, capacity: this.capacity, identities: { sms: 'sms', voice: 'voice', email: 'email' } },
      { account: j.account, history: j.history, now, businessTimeZone: BUSINESS_ZONE, cycleId: j.account.cycleId },
      decided,
    );
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
        this.limits.waited(e.t, e.account, Math.max(e.t + 1000, Date.parse(action.until)));
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

/** Outside 08:00-21:00 local time in this zone (the window every profile keeps at least). */
function outsideHours(t: number, zone: string): boolean {
  const { hour } = localTimeParts(new Date(t), zone);
  return hour < 8 || hour >= 21;
}

// ------------------------------------------------------------------ the report

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

function report(o: Options, m: Meters, capacity: CapacityConfig, elapsedMs: number) {
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
      elapsedSeconds: Math.round(elapsedMs / 1000),
    },
    sends: { total: m.delays.length, perIdentity: identityLoad(m, capacity, ratio) },
    delayMinutes: { p50: quantile(delays, 0.5) / MINUTE, p99: quantile(delays, 0.99) / MINUTE, max: quantile(delays, 1) / MINUTE },
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

function printText(r: ReturnType<typeof report>): void {
  const t = r.atTarget;
  const q = r.quotas;
  const fits = (v: number, quota: number) => (v <= quota ? 'fits' : `EXCEEDS x${fmt(v / quota, 1)}`);
  console.log(
    `scale model: ${fmt(r.model.accounts)} accounts over ${r.model.days} days (placed over ${r.model.placementDays}), ${r.model.elapsedSeconds} s; figures at ${fmt(r.model.target)} (x${r.model.ratio})`,
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
