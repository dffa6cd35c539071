/**
 * One-time EventBridge Scheduler schedules that resume a resting journey: at the decided time the
 * schedule calls StartExecution (universal target) for the journey's next generation, by name, so a
 * schedule that fires twice, or a generation already started by an early wake-up, starts nothing new.
 * The schedule deletes itself after it ran; a failed start is retried, then kept in the dead-letter queue.
 */
import {
  ConflictException,
  CreateScheduleCommand,
  DeleteScheduleCommand,
  ResourceNotFoundException,
  type SchedulerClient,
} from '@aws-sdk/client-scheduler';
import * as z from '../domain/zod';
import { generationExecutionName, generationInput, RESUME_LEAD, resumeAt, resumeScheduleName } from '../domain/journey-generations';
import type { JourneyGenerations, JourneyRef } from '../domain/ports';

/** Where the schedules go and what they may do (lib/journey-resume.ts sets every field). */
export const resumeSchedulesSchema = z.strictObject({
  groupName: z.string().check(z.minLength(1), z.maxLength(64)),
  stateMachineArn: z.string().check(z.startsWith('arn:')),
  /** The role Scheduler assumes: states:StartExecution on the journey state machine, nothing else. */
  roleArn: z.string().check(z.startsWith('arn:')),
  deadLetterQueueArn: z.string().check(z.startsWith('arn:')),
  /** The customer-managed key the schedule's target input (account and cycle ids) is encrypted with. */
  kmsKeyArn: z.string().check(z.startsWith('arn:')),
});
export type ResumeSchedules = z.infer<typeof resumeSchedulesSchema>;

/** The universal target for Step Functions StartExecution: the execution's name can be set (a templated target cannot). */
export const START_EXECUTION_TARGET = 'arn:aws:scheduler:::aws-sdk:sfn:startExecution';
/** Scheduler retries a failed start for up to a day (185 attempts is its maximum), then dead-letters it. */
export const RESUME_RETRY_POLICY = { MaximumEventAgeInSeconds: 86_400, MaximumRetryAttempts: 185 } as const;

/** at(yyyy-mm-ddThh:mm:ss) in UTC, to the minute (Scheduler's precision; domain/journey-generations.ts resumeAt is on one). */
export function atExpression(at: Date): string {
  if (at.getTime() % 60_000 !== 0) throw new Error(`a resume fires on a whole minute: ${at.toISOString()}`);
  return `at(${at.toISOString().slice(0, 19)})`;
}

const hasName = (error: unknown, name: string) => (error as { name?: string } | undefined)?.name === name;

export class SchedulerResumes implements Pick<JourneyGenerations, 'scheduleGeneration' | 'cancelSchedule'> {
  constructor(
    private readonly client: SchedulerClient,
    private readonly settings: ResumeSchedules,
  ) {}

  /** `until`: the decided time; the schedule fires a spread lead before it and the execution waits the rest. */
  async scheduleGeneration(ref: JourneyRef, generation: number, until: Date): Promise<{ scheduleName: string; alreadyScheduled: boolean }> {
    const scheduleName = resumeScheduleName(ref, generation);
    const { groupName, stateMachineArn, roleArn, deadLetterQueueArn, kmsKeyArn } = this.settings;
    try {
      await this.client.send(
        new CreateScheduleCommand({
          Name: scheduleName,
          GroupName: groupName,
          Description: `Resumes a journey: generation ${generation}`,
          ScheduleExpression: atExpression(resumeAt(ref, generation, until)),
          ScheduleExpressionTimezone: 'UTC',
          // Dispersed over the window: the lead (resumeAt) is longer than it, so the journey is never late.
          FlexibleTimeWindow: { Mode: 'FLEXIBLE', MaximumWindowInMinutes: RESUME_LEAD.flexibleWindowMinutes },
          ActionAfterCompletion: 'DELETE',
          State: 'ENABLED',
          KmsKeyArn: kmsKeyArn,
          Target: {
            Arn: START_EXECUTION_TARGET,
            RoleArn: roleArn,
            Input: JSON.stringify({
              StateMachineArn: stateMachineArn,
              Name: generationExecutionName(ref, generation),
              Input: JSON.stringify(generationInput(ref, generation, until)),
            }),
            RetryPolicy: RESUME_RETRY_POLICY,
            DeadLetterConfig: { Arn: deadLetterQueueArn },
          },
        }),
      );
      return { scheduleName, alreadyScheduled: false };
    } catch (error) {
      // The name is the generation's: a schedule of that name is this very resume (a retried handover).
      if (error instanceof ConflictException || hasName(error, 'ConflictException')) return { scheduleName, alreadyScheduled: true };
      throw error;
    }
  }

  async cancelSchedule(ref: JourneyRef, generation: number): Promise<void> {
    try {
      await this.client.send(new DeleteScheduleCommand({ Name: resumeScheduleName(ref, generation), GroupName: this.settings.groupName }));
    } catch (error) {
      // Already fired (and deleted after completion) or deleted before: nothing is pending.
      if (error instanceof ResourceNotFoundException || hasName(error, 'ResourceNotFoundException')) return;
      throw error;
    }
  }
}
