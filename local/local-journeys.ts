/**
 * Runs the real journey state machine file locally with aws-local-stepfunctions: every Task state is
 * bound to the real handler in-process, Wait states take no real time and instead park the journey on
 * its account's virtual timeline (see account-timeline.ts) until the decided time.
 */
import { readFileSync } from 'node:fs';
import { StateMachine } from 'aws-local-stepfunctions';
import type { Decision } from '../functions/domain/types';
import type { JourneyRef, JourneyStarter } from '../functions/domain/ports';
import { journeyExecutionName } from '../functions/domain/journey-name';
import type { HandlerName } from '../functions/commons/environment';
import { LocalRunEnded, type JourneyTimeline } from './account-timeline';
import { localLambdaContext } from './lambda-context';
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
  status: 'SUCCEEDED' | 'FAILED' | 'ABORTED';
  error?: string;
}

/** The local JourneyStarter for one account: starts executions of the real definition on its timeline. */
export class LocalJourneys implements JourneyStarter {
  readonly results: LocalExecutionResult[] = [];
  private readonly running: Promise<void>[] = [];

  constructor(
    private readonly timeline: JourneyTimeline,
    private readonly handlers: LocalHandlers,
  ) {}

  async start(ref: JourneyRef): Promise<{ executionName: string; alreadyStarted: boolean }> {
    const name = journeyExecutionName(ref.accountId, ref.cycleId);
    if (this.timeline.has(name)) return { executionName: name, alreadyStarted: true };

    let resumeAt: Date | undefined;
    const invoke =
      (state: string) =>
      async (raw: unknown): Promise<never> => {
        const input = raw as { FunctionName: string; Payload: unknown };
        const handlerName = taskHandlers[state];
        if (state === 'Decide' && resumeAt) {
          await this.timeline.park(name, resumeAt);
          resumeAt = undefined;
        }
        const payload = await this.handlers[handlerName](input.Payload, localLambdaContext(`amicable-${handlerName}`));
        if (state === 'Decide') {
          const action = (payload as Decision).action;
          if (action.type === 'wait') resumeAt = new Date(action.until);
        }
        if (state === 'RecordFailure') {
          resumeAt = new Date(this.timeline.clock.now().getTime() + failureBackoffSeconds * 1000);
        }
        // Shaped like the lambda:invoke integration's result, so ResultSelector paths work unchanged.
        return { StatusCode: 200, ExecutedVersion: '$LATEST', Payload: payload } as never;
      };

    const execution = stateMachine.run({ accountId: ref.accountId, cycleId: ref.cycleId } as Record<string, string>, {
      noThrowOnAbort: true,
      context: { Execution: { Name: name } },
      overrides: {
        taskResourceLocalHandlers: Object.fromEntries(Object.keys(taskHandlers).map((s) => [s, invoke(s)])),
        waitTimeOverrides: Object.fromEntries(waitStates.map(([s]) => [s, 0])),
        // Retries happen at once in virtual time; their count and order are what the definition says.
        retryIntervalOverrides: Object.fromEntries(Object.keys(taskHandlers).map((s) => [s, 0])),
      },
    });
    this.timeline.track({ name, finished: false, abort: execution.abort });
    this.running.push(
      execution.result.then(
        (result) => {
          this.results.push({ name, status: result === null ? 'ABORTED' : 'SUCCEEDED' });
          this.timeline.finished(name);
        },
        (error: Error) => {
          const aborted = error instanceof LocalRunEnded || error.name === 'ExecutionAbortedError';
          this.results.push({ name, status: aborted ? 'ABORTED' : 'FAILED', error: aborted ? undefined : error.message });
          this.timeline.finished(name);
        },
      ),
    );
    return { executionName: name, alreadyStarted: false };
  }

  async isRunning(ref: JourneyRef): Promise<boolean> {
    return this.timeline.isRunning(journeyExecutionName(ref.accountId, ref.cycleId));
  }

  /** Resolves when every execution started here has settled. */
  async settled(): Promise<void> {
    await Promise.all(this.running);
  }
}
