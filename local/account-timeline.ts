/**
 * Virtual time for one account. The account's journeys and its own incoming events advance together:
 * whenever every running journey of the account is parked (waiting until a decided time) the timeline
 * moves to the earliest of the next event and the earliest wake-up. Accounts never affect each other,
 * so each has its own timeline and many run side by side; each gate waits only for its own account.
 */
import type { Clock } from '../functions/domain/ports';

export class MutableClock implements Clock {
  constructor(private current: Date) {}
  now(): Date {
    return new Date(this.current);
  }
  advanceTo(at: Date): void {
    if (at.getTime() > this.current.getTime()) this.current = new Date(at);
  }
}

/** Thrown into a parked journey when the run ends before its wake-up time. */
export class LocalRunEnded extends Error {
  constructor() {
    super('the local run ended while this journey was waiting');
    this.name = 'LocalRunEnded';
  }
}

interface Gate {
  until: number;
  release: (ended: boolean) => void;
}

export interface TrackedExecution {
  name: string;
  gate?: Gate;
  finished: boolean;
  abort: () => void;
}

/** What a journey execution needs from its account's timeline. */
export interface JourneyTimeline {
  readonly clock: Clock;
  track(execution: TrackedExecution): void;
  has(name: string): boolean;
  isRunning(name: string): boolean;
  finished(name: string): void;
  park(name: string, until: Date): Promise<void>;
  /** Ends a tracked execution before its time (StopExecution, DeleteSchedule): its pending park is rejected. */
  abort(name: string): void;
}

export class AccountTimeline<E extends { at: Date }> implements JourneyTimeline {
  readonly clock: Clock & { advanceTo(at: Date): void };
  private readonly executions = new Map<string, TrackedExecution>();
  private notify: (() => void) | undefined;

  constructor(
    start: Date,
    private readonly pending: E[],
    private readonly deliver: (event: E) => Promise<void>,
  ) {
    this.clock = new MutableClock(start);
  }

  /** An event that arises during the run (a provider's report of a message), delivered in time order. */
  schedule(event: E): void {
    const index = this.pending.findIndex((e) => e.at.getTime() > event.at.getTime());
    this.pending.splice(index === -1 ? this.pending.length : index, 0, event);
  }

  track(execution: TrackedExecution): void {
    this.executions.set(execution.name, execution);
    this.changed();
  }

  has(name: string): boolean {
    return this.executions.has(name);
  }

  isRunning(name: string): boolean {
    const e = this.executions.get(name);
    return e !== undefined && !e.finished;
  }

  finished(name: string): void {
    const e = this.executions.get(name);
    if (e) e.finished = true;
    this.changed();
  }

  abort(name: string): void {
    const execution = this.executions.get(name);
    if (!execution || execution.finished) return;
    execution.abort();
    execution.gate?.release(true);
    this.finished(name);
  }

  /** Called by a journey that must not go on before `until` (virtual time). */
  park(name: string, until: Date): Promise<void> {
    const execution = this.executions.get(name);
    if (!execution) throw new Error(`unknown local execution ${name}`);
    if (until.getTime() <= this.clock.now().getTime()) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      execution.gate = {
        until: until.getTime(),
        release: (ended) => {
          execution.gate = undefined;
          if (ended) reject(new LocalRunEnded());
          else resolve();
        },
      };
      this.changed();
    });
  }

  /** Runs until nothing is left to do or the next thing would happen after `until`. */
  async run(until: Date): Promise<{ waitingJourneys: number; undeliveredEvents: number }> {
    for (;;) {
      await this.quiescent();
      const nextEvent = this.pending[0];
      const gates = [...this.executions.values()].filter((e) => !e.finished && e.gate).map((e) => e.gate!);
      const nextWake = gates.length ? Math.min(...gates.map((g) => g.until)) : undefined;
      if (!nextEvent && nextWake === undefined) break;
      if (nextEvent && (nextWake === undefined || nextEvent.at.getTime() <= nextWake)) {
        if (nextEvent.at.getTime() > until.getTime()) break;
        this.pending.shift();
        this.clock.advanceTo(nextEvent.at);
        await this.deliver(nextEvent);
      } else {
        if (nextWake! > until.getTime()) break;
        this.clock.advanceTo(new Date(nextWake!));
        for (const gate of gates.filter((g) => g.until === nextWake)) gate.release(false);
      }
    }
    return this.stop(until);
  }

  private async stop(until: Date): Promise<{ waitingJourneys: number; undeliveredEvents: number }> {
    const parked = [...this.executions.values()].filter((e) => !e.finished);
    this.clock.advanceTo(until);
    for (const execution of parked) {
      execution.abort();
      execution.gate?.release(true);
    }
    return { waitingJourneys: parked.length, undeliveredEvents: this.pending.length };
  }

  private parkedOrDone(): boolean {
    for (const e of this.executions.values()) if (!e.finished && !e.gate) return false;
    return true;
  }

  private async quiescent(): Promise<void> {
    while (!this.parkedOrDone()) {
      await new Promise<void>((resolve) => (this.notify = resolve));
    }
  }

  private changed(): void {
    const notify = this.notify;
    this.notify = undefined;
    notify?.();
  }
}
