/**
 * Starts journeys on the Step Functions state machine: one Standard execution per account and cycle,
 * named deterministically, so a second start for the same cycle can never create a second journey.
 */
import {
  DescribeExecutionCommand,
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  StartExecutionCommand,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import { journeyExecutionName } from '../domain/journey-name';
import type { JourneyRef, JourneyStarter } from '../domain/ports';

/** arn:aws:states:region:acct:stateMachine:NAME + execName -> arn:aws:states:region:acct:execution:NAME:execName */
export function executionArnFor(stateMachineArn: string, executionName: string): string {
  const parts = stateMachineArn.split(':');
  if (parts.length < 7 || parts[0] !== 'arn' || parts[2] !== 'states' || parts[5] !== 'stateMachine') {
    throw new Error(`not a state machine ARN: ${stateMachineArn}`);
  }
  return [...parts.slice(0, 5), 'execution', parts[6], executionName].join(':');
}

const hasName = (error: unknown, name: string) => (error as { name?: string } | undefined)?.name === name;

export class SfnJourneyStarter implements JourneyStarter {
  constructor(
    private readonly client: SFNClient,
    private readonly stateMachineArn: string,
  ) {}

  async start(ref: JourneyRef): Promise<{ executionName: string; alreadyStarted: boolean }> {
    const executionName = journeyExecutionName(ref.accountId, ref.cycleId);
    try {
      await this.client.send(
        new StartExecutionCommand({
          stateMachineArn: this.stateMachineArn,
          name: executionName,
          input: JSON.stringify({ accountId: ref.accountId, cycleId: ref.cycleId }),
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
}
