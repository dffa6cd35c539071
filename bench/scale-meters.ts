/**
 * The scale model's bookkeeping (bench/scale.ts): the queue of journey events in time order and the
 * counters of what the journeys cost, per second and per minute of the run.
 */
import type { Channel } from '../functions/domain/types';

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

/** Counts per second and per minute of the run (for the busiest second and minute) and totals. */
export class Rate {
  private readonly bySecond: Float32Array;
  private readonly byMinute: Float64Array;
  total = 0;
  constructor(
    private readonly start: number,
    days: number,
  ) {
    this.bySecond = new Float32Array((days + 1) * 86_400);
    this.byMinute = new Float64Array((days + 1) * 1440);
  }
  add(t: number, n = 1): void {
    const s = Math.floor((t - this.start) / 1000);
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

export interface Meters {
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

export function meters(start: number, days: number): Meters {
  return {
    transitions: new Rate(start, days),
    starts: new Rate(start, days),
    reads: new Rate(start, days),
    writes: new Rate(start, days),
    lambdaSeconds: new Rate(start, days),
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
