/**
 * Starts journeys on the Step Functions state machine: one Standard execution per account, cycle and
 * generation, named deterministically, so a second start for the same cycle can never create a second
 * journey; stops a generation's execution when the journey is woken early (reason code as the cause).
 */
import {
  DescribeExecutionCommand,
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  StartExecutionCommand,
  StopExecutionCommand,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import { journeyExecutionName } from '../domain/journey-name';
import { generationExecutionName, generationInput } from '../domain/journey-generations';
import type { WakeReason } from '../domain/journey-wake';
import type { JourneyGenerations, JourneyRef, JourneyStarter } from '../domain/ports';

/** arn:aws:states:region:acct:stateMachine:NAME + execName -> arn:aws:states:region:acct:execution:NAME:execName */
export function executionArnFor(stateMachineArn: string, executionName: string): string {
  const parts = stateMachineArn.split(':');
  if (parts.length < 7 || parts[0] !== 'arn' || parts[2] !== 'states' || parts[5] !== 'stateMachine') {
    throw new Error(`not a state machine ARN: ${stateMachineArn}`);
  }
  return [...parts.slice(0, 5), 'execution', parts[6], executionName].join(':');
}

const hasName = (error: unknown, name: string) => (error as { name?: string } | undefined)?.name === name;

export class SfnJourneyStarter implements JourneyStarter, Pick<JourneyGenerations, 'startGeneration' | 'stopGeneration'> {
  constructor(
    private readonly client: SFNClient,
    private readonly stateMachineArn: string,
  ) {}

  start(ref: JourneyRef): Promise<{ executionName: string; alreadyStarted: boolean }> {
    return this.startGeneration(ref, 0);
  }

  async startGeneration(ref: JourneyRef, generation: number): Promise<{ executionName: string; alreadyStarted: boolean }> {
    const executionName = generationExecutionName(ref, generation);
    try {
      await this.client.send(
        new StartExecutionCommand({
          stateMachineArn: this.stateMachineArn,
          name: executionName,
          input: JSON.stringify(generationInput(ref, generation)),
        }),
      );
      return { executionName, alreadyStarted: false };
    } catch (error) {
      if (error instanceof ExecutionAlreadyExists || hasName(error, 'ExecutionAlreadyExists')) {
        return { executionName, alreadyStarted: true };
      }
      throw error;
    }
  }

  async isRunning(ref: JourneyRef): Promise<boolean> {
    const executionArn = executionArnFor(this.stateMachineArn, journeyExecutionName(ref.accountId, ref.cycleId));
    try {
      const { status } = await this.client.send(new DescribeExecutionCommand({ executionArn }));
      return status === 'RUNNING';
    } catch (error) {
      if (error instanceof ExecutionDoesNotExist || hasName(error, 'ExecutionDoesNotExist')) return false;
      throw error;
    }
  }

  async stopGeneration(ref: JourneyRef, generation: number, reason: WakeReason): Promise<void> {
    const executionArn = executionArnFor(this.stateMachineArn, generationExecutionName(ref, generation));
    try {
      // The cause is the reason code only: the execution history keeps it, and it must carry no personal data.
      await this.client.send(new StopExecutionCommand({ executionArn, error: 'JourneyWokenEarly', cause: reason }));
    } catch (error) {
      if (error instanceof ExecutionDoesNotExist || hasName(error, 'ExecutionDoesNotExist')) return;
      throw error;
    }
  }
}
