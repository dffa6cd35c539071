/**
 * The scale model's bookkeeping (bench/scale.ts): the queue of journey events in time order and the
 * counters of what the journeys cost. Every counter is plain data in fixed buckets (per second of the
 * run, per second of delay), so a shard's meters cross a worker thread as they are and the meters of
 * identity shards merge by adding: the model's memory does not grow with the number of samples.
 */
import { CHANNELS, type Channel } from '../functions/domain/types';

/** One value per channel. */
export const perChannelOf = <T>(f: (channel: Channel) => T): Record<Channel, T> => ({
  sms: f('sms'),
  email: f('email'),
  voice: f('voice'),
});

export interface Event {
  t: number;
  account: number;
  kind: 'start' | 'decide' | 'send' | 'pay';
}

/** A binary min-heap on time; ties in insertion order do not matter (each account has one pending step). */
export class EventQueue {
  private readonly heap: Event[] = [];
  get size(): number {
    return this.heap.length;
  }
  push(e: Event): void {
    const h = this.heap;
    let i = h.length;
    h.push(e);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (h[p].t <= e.t) break;
      h[i] = h[p];
      i = p;
    }
    h[i] = e;
  }
  pop(): Event {
    const h = this.heap;
    const top = h[0];
    const last = h.pop()!;
    const n = h.length;
    if (n === 0) return top;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const c = l + 1 < n && h[l + 1].t < h[l].t ? l + 1 : l;
      if (h[c].t >= last.t) break;
      h[i] = h[c];
      i = c;
    }
    h[i] = last;
    return top;
  }
}

/** The run's seconds: instants from `start`, one bucket a second, for the model's days and one more. */
export interface Clock {
  start: number;
  seconds: number;
}

export const clockOf = (start: number, days: number): Clock => ({ start, seconds: (days + 1) * 86_400 });

/** The bucket of an instant, or -1 outside the run. */
export function secondOf(clock: Clock, t: number): number {
  const s = Math.floor((t - clock.start) / 1000);
  return s >= 0 && s < clock.seconds ? s : -1;
}

/** Counts per second of the run (the busiest second and minute come from it) and the total. */
export interface Rate {
  bySecond: Float32Array;
  total: number;
}

export const rate = (clock: Clock): Rate => ({ bySecond: new Float32Array(clock.seconds), total: 0 });

export function addAt(r: Rate, clock: Clock, t: number, n = 1): void {
  const s = secondOf(clock, t);
  if (s >= 0) r.bySecond[s] += n;
  r.total += n;
}

/** The busiest second. */
export function peakSecond(r: Rate): number {
  let max = 0;
  for (const v of r.bySecond) if (v > max) max = v;
  return max;
}

/** The largest sum over consecutive aligned windows of `seconds` (minutes, UTC days) of the run. */
function busiestWindowSum(r: Rate, seconds: number): number {
  let max = 0;
  for (let w = 0; w < r.bySecond.length; w += seconds) {
    let sum = 0;
    for (let s = w; s < w + seconds && s < r.bySecond.length; s++) sum += r.bySecond[s];
    if (sum > max) max = sum;
  }
  return max;
}

/** The busiest minute's mean per second. */
export const peakMinutePerSecond = (r: Rate): number => busiestWindowSum(r, 60) / 60;

/** The busiest UTC day of the run. */
export const peakDay = (r: Rate): number => busiestWindowSum(r, 86_400);

/**
 * A count that goes up and down (open executions, pending schedules): its rises and falls per second.
 * Its peak takes every rise of a second before any fall of it, so it is never below the exact peak.
 */
export interface Level {
  ups: Int32Array;
  downs: Int32Array;
}

export const level = (clock: Clock): Level => ({ ups: new Int32Array(clock.seconds), downs: new Int32Array(clock.seconds) });

export function rise(l: Level, clock: Clock, t: number): void {
  const s = secondOf(clock, t);
  if (s >= 0) l.ups[s] += 1;
}

export function fall(l: Level, clock: Clock, t: number): void {
  const s = secondOf(clock, t);
  if (s >= 0) l.downs[s] += 1;
}

export function peakLevel(l: Level): number {
  let now = 0;
  let peak = 0;
  for (let s = 0; s < l.ups.length; s++) {
    peak = Math.max(peak, now + l.ups[s]);
    now += l.ups[s] - l.downs[s];
  }
  return peak;
}

/** Delays from decided to sent, counted per whole second (the last bucket holds every longer one). */
const DELAY_BUCKETS = 7 * 86_400;

/** The q-quantile of a histogram whose bucket i counts the value i (in its unit). */
export function histogramQuantile(h: ArrayLike<number>, q: number): number {
  let n = 0;
  for (let i = 0; i < h.length; i++) n += h[i];
  if (n === 0) return 0;
  const rank = Math.min(n - 1, Math.floor(q * n));
  let seen = 0;
  for (let i = 0; i < h.length; i++) {
    seen += h[i];
    if (seen > rank) return i;
  }
  return h.length - 1;
}

export interface Counters {
  lambdaInvocations: number;
  events: number;
  sends: number;
  outsideWindow: number;
  guardSkips: number;
  capacityMoves: number;
  smsParts: number;
  emails: number;
  calls: number;
  closed: number;
}

export interface Meters {
  transitions: Rate;
  starts: Rate;
  reads: Rate;
  writes: Rate;
  lambdaSeconds: Rate;
  /** Messages sent per second per channel (every shard's identity of the channel together once merged). */
  sends: Record<Channel, Rate>;
  /** Per channel, how many of an identity's busy seconds carried i messages (bucket i), over every identity. */
  identitySeconds: Record<Channel, Float64Array>;
  /** Decided-to-sent delays, bucket i counting i seconds. */
  delaySeconds: Float64Array;
  open: Level;
  counters: Counters;
}

export function meters(clock: Clock): Meters {
  return {
    transitions: rate(clock),
    starts: rate(clock),
    reads: rate(clock),
    writes: rate(clock),
    lambdaSeconds: rate(clock),
    sends: perChannelOf(() => rate(clock)),
    identitySeconds: perChannelOf(() => new Float64Array(0)),
    delaySeconds: new Float64Array(DELAY_BUCKETS + 1),
    open: level(clock),
    counters: {
      lambdaInvocations: 0,
      events: 0,
      sends: 0,
      outsideWindow: 0,
      guardSkips: 0,
      capacityMoves: 0,
      smsParts: 0,
      emails: 0,
      calls: 0,
      closed: 0,
    },
  };
}

export function addDelay(m: Meters, ms: number): void {
  m.delaySeconds[Math.min(DELAY_BUCKETS, Math.floor(ms / 1000))] += 1;
}

/** A shard's last step: the busy seconds of its identities, counted by how many messages each carried. */
export function countIdentitySeconds(m: Meters): void {
  for (const channel of CHANNELS) {
    const counts: number[] = [];
    for (const n of m.sends[channel].bySecond) if (n > 0) counts[n] = (counts[n] ?? 0) + 1;
    m.identitySeconds[channel] = Float64Array.from(counts, (c) => c ?? 0);
  }
}

/** Element-wise sum of equal-length (or, for histograms, any-length) arrays. */
export function addArrays<T extends Float32Array | Float64Array | Int32Array>(a: T, b: T): T {
  const out = (a.length >= b.length ? a.slice() : b.slice()) as T;
  const shorter = a.length >= b.length ? b : a;
  for (let i = 0; i < shorter.length; i++) out[i] = a[i] + b[i];
  return out;
}

export const addRates = (a: Rate, b: Rate): Rate => ({ bySecond: addArrays(a.bySecond, b.bySecond), total: a.total + b.total });
export const addLevels = (a: Level, b: Level): Level => ({ ups: addArrays(a.ups, b.ups), downs: addArrays(a.downs, b.downs) });

/** The meters of two identity shards as one deployment: every count added, second by second. */
export function mergeMeters(a: Meters, b: Meters): Meters {
  const counters = { ...a.counters };
  for (const k of Object.keys(counters) as Array<keyof Counters>) counters[k] += b.counters[k];
  return {
    transitions: addRates(a.transitions, b.transitions),
    starts: addRates(a.starts, b.starts),
    reads: addRates(a.reads, b.reads),
    writes: addRates(a.writes, b.writes),
    lambdaSeconds: addRates(a.lambdaSeconds, b.lambdaSeconds),
    sends: perChannelOf((c) => addRates(a.sends[c], b.sends[c])),
    identitySeconds: perChannelOf((c) => addArrays(a.identitySeconds[c], b.identitySeconds[c])),
    delaySeconds: addArrays(a.delaySeconds, b.delaySeconds),
    open: addLevels(a.open, b.open),
    counters,
  };
}
