/**
 * Operating at scale, in the template: every function that carries out an outbox may read the ledger
 * by key and publish the hand-off (the sweep also send the replies), every function that applies events
 * which end or pause a journey may wake it, the resume schedules' group and the exact permissions of
 * the role Scheduler assumes, and the alarms on the sweep and placement state machines.
 */
import type { IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { ENV } from '../../functions/commons/environment';
import { devConfig, synthAmicable } from './helpers';

const { stack, template } = synthAmicable(devConfig());

const idOf = (c: IConstruct) => stack.getLogicalId(c.node.defaultChild as never);
type Statement = { Action: string | string[]; Resource: unknown; Condition?: unknown; Effect: string };
/** Every statement of the policies attached to a role (by its logical id). */
function statementsOf(roleId: string): Statement[] {
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((p) => (p.Properties.Roles as Array<{ Ref: string }>).some((r) => r.Ref === roleId))
    .flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]);
}
const actionsOf = (statements: Statement[]) => statements.flatMap((s) => [s.Action].flat());
const roleOf = (fn: { role?: IConstruct }) => idOf(fn.role!);
const variablesOf = (fn: IConstruct) =>
  template.findResources('AWS::Lambda::Function')[idOf(fn)].Properties.Environment.Variables as Record<string, unknown>;

const ledgerArn = { 'Fn::GetAtt': [idOf(stack.dataStore.ledgerTable), 'Arn'] };
const busArn = { 'Fn::GetAtt': [idOf(stack.bus.eventBus), 'Arn'] };
const journeyArn = stack.resolve(stack.journey.resume.stateMachineArn);

describe('carrying out an outbox (a hand-off or a reply owed)', () => {
  const outboxFunctions = {
    sweep: stack.sweep.sweepFunction,
    lifecycle: stack.intake.lifecycleFunction,
    ingest: stack.intake.ingestFunction,
    'placement batch': stack.placement.batchFunction,
  };

  it.each(Object.entries(outboxFunctions))('%s reads the ledger by key (Query on the table only) and publishes on the bus', (_, fn) => {
    const statements = statementsOf(roleOf(fn));
    expect(statements).toContainEqual({ Action: 'dynamodb:Query', Effect: 'Allow', Resource: ledgerArn });
    expect(statements).toContainEqual({ Action: 'events:PutEvents', Effect: 'Allow', Resource: busArn });
    // No Scan of the ledger, and no Query of anything but the table itself (its indexes are not needed).
    const onLedger = statements.filter((s) => JSON.stringify(s.Resource).includes(idOf(stack.dataStore.ledgerTable)));
    expect(actionsOf(onLedger)).not.toContain('dynamodb:Scan');
    expect(variablesOf(fn)[ENV.eventBusName]).toEqual({ Ref: idOf(stack.bus.eventBus) });
  });

  it('the sweep also sends the replies an outbox owes, on the channels, with signed portal links', () => {
    const fn = stack.sweep.sweepFunction;
    const statements = statementsOf(roleOf(fn));
    const actions = actionsOf(statements);
    for (const action of ['sms-voice:SendTextMessage', 'sms-voice:SendVoiceMessage', 'ses:SendEmail']) expect(actions).toContain(action);
    expect(statements).toContainEqual({
      Action: 'kms:GenerateMac',
      Effect: 'Allow',
      Resource: { 'Fn::GetAtt': [idOf(stack.portal.linkKey), 'Arn'] },
    });
    const variables = variablesOf(fn);
    for (const name of [ENV.smsOriginationIdentity, ENV.portalLinkKeyId, ENV.portalBaseUrl]) expect(variables, name).toHaveProperty(name);
  });

  it('lifecycle, ingest and placement never send: their events owe hand-offs only', () => {
    for (const fn of [stack.intake.lifecycleFunction, stack.intake.ingestFunction, stack.placement.batchFunction]) {
      const actions = actionsOf(statementsOf(roleOf(fn)));
      expect(actions.filter((a) => /^(sms-voice|ses|mobiletargeting):/.test(a))).toEqual([]);
    }
  });
});

describe('waking journeys early', () => {
  it.each([
    ['lifecycle', stack.intake.lifecycleFunction],
    ['inbound-sms', stack.conversations.inboundSmsFunction],
    ['portal', stack.portal.portalFunction],
  ])('%s may stop a journey execution, delete its resume and start the next generation', (_, fn) => {
    const statements = statementsOf(roleOf(fn));
    const scoped = (action: string) => statements.filter((s) => [s.Action].flat().includes(action)).map((s) => JSON.stringify(s.Resource));
    expect(scoped('states:StopExecution')).toEqual([expect.stringContaining(':execution:amicable-journey-dev:*')]);
    expect(scoped('scheduler:DeleteSchedule')).toEqual([expect.stringContaining(':schedule/amicable-journey-dev-resumes/*')]);
    expect(scoped('states:StartExecution')).toEqual([JSON.stringify(journeyArn)]);
    // Waking never creates schedules or passes the Scheduler role: only the handover function does.
    expect(actionsOf(statements)).not.toContain('scheduler:CreateSchedule');
    expect(actionsOf(statements)).not.toContain('iam:PassRole');
    expect(variablesOf(fn)).toHaveProperty(ENV.resumeSchedules);
  });
});

describe('the resume schedules', () => {
  const resume = stack.journey.resume;
  const schedulerRoleId = idOf(resume.schedulerRole);

  it('go in the one schedule group of the stage, the group the handover function uses', () => {
    template.hasResourceProperties('AWS::Scheduler::ScheduleGroup', { Name: 'amicable-journey-dev-resumes' });
    expect(Object.keys(template.findResources('AWS::Scheduler::ScheduleGroup'))).toEqual([idOf(resume.group)]);
    // ... the group the handover function creates its schedules in.
    expect(JSON.stringify(variablesOf(stack.journey.handoverFunction)[ENV.resumeSchedules])).toContain(
      '\\"groupName\\":\\"amicable-journey-dev-resumes\\"',
    );
  });

  it("run as a role only Scheduler assumes, for this account and this group's schedules", () => {
    const role = template.findResources('AWS::IAM::Role')[schedulerRoleId];
    const [trust, ...more] = role.Properties.AssumeRolePolicyDocument.Statement;
    expect(more).toEqual([]);
    expect(trust).toMatchObject({
      Action: 'sts:AssumeRole',
      Effect: 'Allow',
      Principal: { Service: 'scheduler.amazonaws.com' },
      Condition: { StringEquals: { 'aws:SourceAccount': '111111111111' } },
    });
    expect(JSON.stringify(trust.Condition.ArnLike['aws:SourceArn'])).toContain(':schedule/amicable-journey-dev-resumes/*');
  });

  it('which may start executions of the journey state machine only, and dead-letter a failed start', () => {
    const statements = statementsOf(schedulerRoleId);
    const states = statements.filter((s) => actionsOf([s]).some((a) => a.startsWith('states:')));
    expect(states).toEqual([{ Action: 'states:StartExecution', Effect: 'Allow', Resource: journeyArn }]);
    const queue = statements.filter((s) => actionsOf([s]).some((a) => a.startsWith('sqs:')));
    expect(queue).toEqual([
      {
        Action: ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'],
        Effect: 'Allow',
        Resource: { 'Fn::GetAtt': [idOf(resume.deadLetterQueue), 'Arn'] },
      },
    ]);
    // Nothing else: the queue's key (to encrypt a dead letter) and the data key (to read the schedule's input).
    const others = statements.filter((s) => !states.includes(s) && !queue.includes(s));
    expect(actionsOf(others).every((a) => a.startsWith('kms:'))).toBe(true);
    expect(actionsOf(statements).filter((a) => a.includes('*') && !a.startsWith('kms:'))).toEqual([]);
  });

  it('are created by the handover function alone, which may pass only the Scheduler role and only to Scheduler', () => {
    const passers = Object.values(template.findResources('AWS::IAM::Policy')).filter((p) =>
      (p.Properties.PolicyDocument.Statement as Statement[]).some((s) => actionsOf([s]).includes('iam:PassRole')),
    );
    expect(passers.map((p) => p.Properties.Roles)).toEqual([[{ Ref: roleOf(stack.journey.handoverFunction) }]]);
    const passRole = statementsOf(roleOf(stack.journey.handoverFunction)).filter((s) => actionsOf([s]).includes('iam:PassRole'));
    expect(passRole).toEqual([
      {
        Action: 'iam:PassRole',
        Effect: 'Allow',
        Resource: { 'Fn::GetAtt': [schedulerRoleId, 'Arn'] },
        Condition: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
      },
    ]);
    const creators = Object.values(template.findResources('AWS::IAM::Policy')).filter((p) =>
      (p.Properties.PolicyDocument.Statement as Statement[]).some((s) => actionsOf([s]).includes('scheduler:CreateSchedule')),
    );
    expect(creators.map((p) => p.Properties.Roles)).toEqual([[{ Ref: roleOf(stack.journey.handoverFunction) }]]);
  });
});

describe('alarms on the sweep and placement state machines', () => {
  it.each([
    ['sweep', stack.sweep.fanOut.stateMachine],
    ['placement', stack.placement.stateMachine],
  ])('a failed or timed-out %s run notifies the alarm topic', (_, machine) => {
    for (const metric of ['ExecutionsFailed', 'ExecutionsTimedOut']) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/States',
        MetricName: metric,
        Dimensions: [{ Name: 'StateMachineArn', Value: { Ref: idOf(machine) } }],
        Statistic: 'Sum',
        Threshold: 0,
        ComparisonOperator: 'GreaterThanThreshold',
        AlarmActions: [{ Ref: idOf(stack.monitoring.alarmTopic) }],
      });
    }
  });
});
