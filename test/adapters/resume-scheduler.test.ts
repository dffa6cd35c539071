import {
  ConflictException,
  CreateScheduleCommand,
  DeleteScheduleCommand,
  ResourceNotFoundException,
  SchedulerClient,
  ValidationException,
  type CreateScheduleCommandInput,
} from '@aws-sdk/client-scheduler';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { atExpression, RESUME_RETRY_POLICY, SchedulerResumes, START_EXECUTION_TARGET } from '../../functions/adapters/resume-scheduler';
import {
  generationExecutionName,
  RESUME_LEAD,
  resumeAt,
  resumeLeadMinutes,
  resumeScheduleName,
} from '../../functions/domain/journey-generations';

const SETTINGS = {
  groupName: 'amicable-journey-dev-resumes',
  stateMachineArn: 'arn:aws:states:us-east-1:111111111111:stateMachine:amicable-journey-dev',
  roleArn: 'arn:aws:iam::111111111111:role/resume',
  deadLetterQueueArn: 'arn:aws:sqs:us-east-1:111111111111:resume-dlq',
  kmsKeyArn: 'arn:aws:kms:us-east-1:111111111111:key/abc',
};
const REF = { accountId: 'acct-1', cycleId: 'inv-2026-03' };
/** What the SDK builds from a service error: the message in both casings, the response metadata. */
const fault = (message: string) => ({ message, Message: message, $metadata: {} });

/**
 * EventBridge Scheduler as its API behaves: names unique per group (ConflictException), a delete of a
 * missing schedule is ResourceNotFoundException, and the fields CreateSchedule requires are validated.
 */
class FakeScheduler {
  readonly schedules = new Map<string, CreateScheduleCommandInput>();
  readonly client = mockClient(SchedulerClient);

  constructor() {
    this.client.on(CreateScheduleCommand).callsFake((input: CreateScheduleCommandInput) => {
      const problems = [
        !/^[0-9a-zA-Z-_.]{1,64}$/.test(input.Name ?? '') && 'Name',
        !/^at\(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\)$/.test(input.ScheduleExpression ?? '') && 'ScheduleExpression',
        !input.FlexibleTimeWindow?.Mode && 'FlexibleTimeWindow',
        !(input.Target?.Arn && input.Target.RoleArn) && 'Target',
      ].filter(Boolean);
      if (problems.length) throw new ValidationException(fault(`invalid ${problems.join(', ')}`));
      const key = `${input.GroupName ?? 'default'}/${input.Name}`;
      if (this.schedules.has(key)) throw new ConflictException(fault(`Schedule ${input.Name} already exists.`));
      this.schedules.set(key, input);
      return { ScheduleArn: `arn:aws:scheduler:us-east-1:111111111111:schedule/${key}` };
    });
    this.client.on(DeleteScheduleCommand).callsFake((input: { Name: string; GroupName?: string }) => {
      const key = `${input.GroupName ?? 'default'}/${input.Name}`;
      if (!this.schedules.delete(key)) throw new ResourceNotFoundException(fault(`Schedule ${input.Name} does not exist.`));
      return {};
    });
  }
}

describe('SchedulerResumes (EventBridge Scheduler)', () => {
  let fake: FakeScheduler;
  let resumes: SchedulerResumes;
  beforeEach(() => {
    fake = new FakeScheduler();
    resumes = new SchedulerResumes(new SchedulerClient({ region: 'us-east-1' }), SETTINGS);
  });

  it('creates a one-time schedule that starts the named generation a lead before the decided time, in a flexible window shorter than the lead, deletes itself, retries and dead-letters', async () => {
    const until = new Date('2026-03-14T13:00:20.500Z');
    const result = await resumes.scheduleGeneration(REF, 3, until);
    expect(result).toEqual({ scheduleName: resumeScheduleName(REF, 3), alreadyScheduled: false });
    const created = fake.schedules.get(`${SETTINGS.groupName}/${result.scheduleName}`)!;
    expect(created).toMatchObject({
      GroupName: SETTINGS.groupName,
      ScheduleExpression: atExpression(resumeAt(REF, 3, until)),
      ScheduleExpressionTimezone: 'UTC',
      FlexibleTimeWindow: { Mode: 'FLEXIBLE', MaximumWindowInMinutes: RESUME_LEAD.flexibleWindowMinutes },
      ActionAfterCompletion: 'DELETE',
      KmsKeyArn: SETTINGS.kmsKeyArn,
      Target: {
        Arn: START_EXECUTION_TARGET,
        RoleArn: SETTINGS.roleArn,
        RetryPolicy: RESUME_RETRY_POLICY,
        DeadLetterConfig: { Arn: SETTINGS.deadLetterQueueArn },
      },
    });
    // The lead (a hash of account, cycle and generation) in whole minutes: 13:00:20.5 less the lead, down to the minute.
    const lead = resumeLeadMinutes(REF, 3);
    expect(lead).toBeGreaterThan(RESUME_LEAD.flexibleWindowMinutes);
    expect(created.ScheduleExpression).toBe(`at(${new Date(Date.UTC(2026, 2, 14, 13, -lead)).toISOString().slice(0, 19)})`);
    // The universal target's input is StartExecution's request: the execution is named per generation and
    // waits for the decided time itself, to the millisecond.
    expect(JSON.parse(created.Target!.Input!)).toEqual({
      StateMachineArn: SETTINGS.stateMachineArn,
      Name: generationExecutionName(REF, 3),
      Input: JSON.stringify({ accountId: REF.accountId, cycleId: REF.cycleId, generation: 3, loops: 0, until: until.toISOString() }),
    });
    expect(created.Description).not.toContain(REF.accountId);
  });

  it('treats a schedule of the same name as this very resume (ConflictException): a retried handover creates nothing new', async () => {
    const at = new Date('2026-03-14T13:00:00Z');
    await resumes.scheduleGeneration(REF, 1, at);
    expect(await resumes.scheduleGeneration(REF, 1, at)).toEqual({ scheduleName: resumeScheduleName(REF, 1), alreadyScheduled: true });
    expect(fake.schedules.size).toBe(1);
    await resumes.scheduleGeneration(REF, 2, at);
    expect(fake.schedules.size).toBe(2);
  });

  it('deletes a pending schedule, and counts one already gone (ResourceNotFoundException) as done', async () => {
    await resumes.scheduleGeneration(REF, 1, new Date('2026-03-14T13:00:00Z'));
    await resumes.cancelSchedule(REF, 1);
    expect(fake.schedules.size).toBe(0);
    await expect(resumes.cancelSchedule(REF, 1)).resolves.toBeUndefined();
  });

  it('passes any other error on (the handover is retried)', async () => {
    fake.client.on(CreateScheduleCommand).rejects(new ValidationException(fault('bad')));
    await expect(resumes.scheduleGeneration(REF, 1, new Date())).rejects.toThrow('bad');
  });

  it("writes at() to the minute (Scheduler's precision) and refuses a time between minutes rather than round it", () => {
    expect(atExpression(new Date('2026-03-14T13:00:00.000Z'))).toBe('at(2026-03-14T13:00:00)');
    expect(() => atExpression(new Date('2026-03-14T13:00:00.001Z'))).toThrow('whole minute');
  });
});
