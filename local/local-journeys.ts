/**
 * Runs the real journey state machine file locally with aws-local-stepfunctions: every Task state is
 * bound to the real handler in-process, Wait states take no real time and instead park the journey on
 * its account's virtual timeline (see account-timeline.ts) until the decided time. A journey's
 * generations run here as in AWS: a resume schedule is a timeline entry that starts the next generation
 * at its time, continue-as-new starts it at once, and an early wake-up stops the waiting execution.
 */
import { readFileSync } from 'node:fs';
import { StateMachine } from 'aws-local-stepfunctions';
import type { JourneyGenerations, JourneyRef, JourneyStarter } from '../functions/domain/ports';
import { journeyExecutionName } from '../functions/domain/journey-name';
import { generationExecutionName, generationInput, resumeAt, resumeScheduleName } from '../functions/domain/journey-generations';
import type { WakeReason } from '../functions/domain/journey-wake';
import type { HandlerName } from '../functions/commons/environment';
import { LocalRunEnded, type JourneyTimeline } from './account-timeline';
import { localLambdaContext } from './lambda-context';
import { inStep } from './request-counts';
import { JOURNEY_DEFINITION_FILE } from '../lib/journey-definition';
import './polyfills';

export type LocalHandler = (event: unknown, context: ReturnType<typeof localLambdaContext>) => Promise<unknown>;
export type LocalHandlers = Record<HandlerName, LocalHandler>;

interface AslDefinition {
  States: Record<string, { Type: string; Resource?: string; Parameters?: { FunctionName?: string }; Seconds?: number }>;
}

/** The definition exactly as deployed, with the function ARNs substituted by local placeholders. */
export function loadJourneyDefinition(): AslDefinition {
  const text = readFileSync(JOURNEY_DEFINITION_FILE, 'utf8').replace(
    /\$\{(\w+)FunctionArn\}/g,
    (_m, name: string) => `arn:aws:lambda:us-east-1:000000000000:function:amicable-local-${name.toLowerCase()}`,
  );
  return JSON.parse(text) as AslDefinition;
}

const definition = loadJourneyDefinition();
const stateMachine = new StateMachine(definition as never, { validationOptions: { checkPaths: true } });

/** Which handler each Task state invokes, read from the definition's FunctionName. */
const taskHandlers: Record<string, HandlerName> = Object.fromEntries(
  Object.entries(definition.States)
    .filter(([, s]) => s.Type === 'Task')
    .map(([name, s]) => [name, s.Parameters!.FunctionName!.split('amicable-local-')[1] as HandlerName]),
);
const waitStates = Object.entries(definition.States).filter(([, s]) => s.Type === 'Wait');
const failureBackoffSeconds = definition.States.FailureBackoff?.Seconds ?? 0;

export interface LocalExecutionResult {
  name: string;
  /** The journey (its generation-0 name): every generation of one account's cycle shares it. */
  journey: string;
  generation: number;
  /** RESTING: no execution; the journey's next generation was scheduled past the run's end. STOPPED: woken early. */
  status: 'SUCCEEDED' | 'FAILED' | 'ABORTED' | 'RESTING' | 'STOPPED';
  error?: string;
}

/** The local JourneyStarter and JourneyGenerations for one account: executions of the real definition on its timeline. */
export class LocalJourneys implements JourneyStarter, JourneyGenerations {
  readonly results: LocalExecutionResult[] = [];
  private readonly running: Promise<void>[] = [];
  private readonly stopped = new Set<string>();

  constructor(
    private readonly timeline: JourneyTimeline,
    private readonly handlers: LocalHandlers,
  ) {}

  start(ref: JourneyRef): Promise<{ executionName: string; alreadyStarted: boolean }> {
    return this.startGeneration(ref, 0);
  }

  /** `until`: a resumed generation's decided time, which its first state (WaitForResume) waits for. */
  async startGeneration(ref: JourneyRef, generation: number, until?: Date): Promise<{ executionName: string; alreadyStarted: boolean }> {
    const name = generationExecutionName(ref, generation);
    if (this.timeline.has(name)) return { executionName: name, alreadyStarted: true };
    // When the execution's next Decide may run: set by a wait kept in the execution (WaitForResume's
    // included), shared by its Task states.
    const wake: { at?: Date } = until ? { at: until } : {};
    const execution = stateMachine.run(generationInput(ref, generation, until) as never, {
      noThrowOnAbort: true,
      context: { Execution: { Name: name } },
      overrides: {
        taskResourceLocalHandlers: Object.fromEntries(Object.keys(taskHandlers).map((s) => [s, this.taskHandler(name, s, wake)])),
        waitTimeOverrides: Object.fromEntries(waitStates.map(([s]) => [s, 0])),
        // Retries happen at once in virtual time; their count and order are what the definition says.
        retryIntervalOverrides: Object.fromEntries(Object.keys(taskHandlers).map((s) => [s, 0])),
      },
    });
    this.timeline.track({ name, finished: false, abort: execution.abort });
    const settle = (status: LocalExecutionResult['status'], error?: string) => {
      const stopped = this.stopped.has(name);
      this.results.push({
        name,
        journey: journeyExecutionName(ref.accountId, ref.cycleId),
        generation,
        status: stopped ? 'STOPPED' : status,
        ...(error && !stopped ? { error } : {}),
      });
      this.timeline.finished(name);
    };
    this.running.push(
      execution.result.then(
        (result) => settle(result === null ? 'ABORTED' : 'SUCCEEDED'),
        (error: Error) => {
          const aborted = error instanceof LocalRunEnded || error.name === 'ExecutionAbortedError';
          settle(aborted ? 'ABORTED' : 'FAILED', aborted ? undefined : error.message);
        },
      ),
    );
    return { executionName: name, alreadyStarted: false };
  }

  /** A Task state bound to its handler; a Decide after a wait kept in the execution first parks until the decided time. */
  private taskHandler(name: string, state: string, wake: { at?: Date }) {
    return async (raw: unknown): Promise<never> => {
      const input = raw as { FunctionName: string; Payload: unknown };
      const handlerName = taskHandlers[state];
      if (state === 'Decide' && wake.at) {
        await this.timeline.park(name, wake.at);
        wake.at = undefined;
      }
      const payload = await inStep(`step ${state}`, () =>
        this.handlers[handlerName](input.Payload, localLambdaContext(`amicable-${handlerName}`)),
      );
      if (state === 'PlanWait' && (payload as { rested: boolean }).rested === false) {
        wake.at = new Date((input.Payload as { until: string }).until);
      }
      if (state === 'RecordFailure') {
        wake.at = new Date(this.timeline.clock.now().getTime() + failureBackoffSeconds * 1000);
      }
      // Shaped like the lambda:invoke integration's result, so ResultSelector paths work unchanged.
      return { StatusCode: 200, ExecutedVersion: '$LATEST', Payload: payload } as never;
    };
  }

  /** A timeline entry parked until the resume time (a lead before `until`), like a one-time schedule: then it starts the generation and is gone. */
  async scheduleGeneration(ref: JourneyRef, generation: number, until: Date): Promise<{ scheduleName: string; alreadyScheduled: boolean }> {
    const scheduleName = resumeScheduleName(ref, generation);
    const entry = `schedule:${scheduleName}`;
    if (this.timeline.has(entry)) return { scheduleName, alreadyScheduled: true };
    this.timeline.track({ name: entry, finished: false, abort: () => undefined });
    this.timeline.park(entry, resumeAt(ref, generation, until)).then(
      () => {
        void this.startGeneration(ref, generation, until);
        this.timeline.finished(entry);
      },
      () => {
        // Deleted before it fired (an early wake-up), or the run ended first: then the journey is still resting.
        if (!this.stopped.has(entry)) {
          this.results.push({
            name: scheduleName,
            journey: journeyExecutionName(ref.accountId, ref.cycleId),
            generation,
            status: 'RESTING',
          });
        }
      },
    );
    return { scheduleName, alreadyScheduled: false };
  }

  async cancelSchedule(ref: JourneyRef, generation: number): Promise<void> {
    const entry = `schedule:${resumeScheduleName(ref, generation)}`;
    if (!this.timeline.isRunning(entry)) return;
    this.stopped.add(entry);
    this.timeline.abort(entry);
  }

  async stopGeneration(ref: JourneyRef, generation: number, _reason: WakeReason): Promise<void> {
    const name = generationExecutionName(ref, generation);
    if (!this.timeline.isRunning(name)) return;
    this.stopped.add(name);
    this.timeline.abort(name);
  }

  async isRunning(ref: JourneyRef): Promise<boolean> {
    return this.timeline.isRunning(journeyExecutionName(ref.accountId, ref.cycleId));
  }

  /** Resolves when every execution started here has settled. */
  async settled(): Promise<void> {
    await Promise.all(this.running);
  }
}

/** Generations of journeys that are built after the dependencies that need them (the local runtime's bind order). */
export function deferredGenerations(journeys: () => JourneyGenerations): JourneyGenerations {
  return {
    startGeneration: (ref, generation) => journeys().startGeneration(ref, generation),
    scheduleGeneration: (ref, generation, at) => journeys().scheduleGeneration(ref, generation, at),
    cancelSchedule: (ref, generation) => journeys().cancelSchedule(ref, generation),
    stopGeneration: (ref, generation, reason) => journeys().stopGeneration(ref, generation, reason),
  };
}
