/**
 * Where resting journeys wait (README "Journeys within their limits"): a schedule group per stage for
 * the one-time resume schedules, the role EventBridge Scheduler assumes to start the next generation
 * (states:StartExecution on the journey state machine only), and the encrypted dead-letter queue a
 * resume goes to when every retry failed. The grants let the handover function create schedules and
 * the functions that apply events (lifecycle, inbound-sms, the portal) stop executions and delete schedules, nothing more.
 */
import { ArnFormat, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct, type IConstruct } from 'constructs';
import { ENV } from '../functions/commons/environment';
import type { ResumeSchedules } from '../functions/adapters/resume-scheduler';
import { encryptedQueue } from './encryption';
import type { NagAcknowledgement } from './nag';

export interface JourneyResumeProps {
  /** The journey state machine's name: its ARN is built from it (the functions it invokes cannot reference it). */
  readonly stateMachineName: string;
  /** The customer-managed key the schedules' target input is encrypted with. */
  readonly key: kms.IKey;
  /** @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

export class JourneyResume extends Construct {
  readonly group: scheduler.ScheduleGroup;
  readonly schedulerRole: iam.Role;
  readonly deadLetterQueue: sqs.Queue;
  readonly stateMachineArn: string;
  private readonly stateMachineName: string;
  private readonly key: kms.IKey;
  private readonly granted: Array<{ role: IConstruct; wakes: boolean }> = [];

  constructor(scope: Construct, id: string, props: JourneyResumeProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.key = props.key;
    this.stateMachineName = props.stateMachineName;
    this.stateMachineArn = stack.formatArn({
      service: 'states',
      resource: 'stateMachine',
      resourceName: props.stateMachineName,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    this.group = new scheduler.ScheduleGroup(this, 'Group', {
      scheduleGroupName: `${props.stateMachineName}-resumes`,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
    this.deadLetterQueue = encryptedQueue(this, 'DeadLetterQueue', props.removalPolicy ?? RemovalPolicy.RETAIN);

    // Assumable only by Scheduler for this account and for schedules of this group.
    this.schedulerRole = new iam.Role(this, 'SchedulerRole', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnLike: { 'aws:SourceArn': this.scheduleArns },
        },
      }),
      description: 'Amicable journey resumes: starts the next generation of a resting journey',
    });
    this.schedulerRole.addToPolicy(new iam.PolicyStatement({ actions: ['states:StartExecution'], resources: [this.stateMachineArn] }));
    this.deadLetterQueue.grantSendMessages(this.schedulerRole);
    props.key.grantDecrypt(this.schedulerRole);
  }

  /** arn:...:schedule/<group>/* -- the schedules of this group only. */
  get scheduleArns(): string {
    return Stack.of(this).formatArn({
      service: 'scheduler',
      resource: 'schedule',
      resourceName: `${this.group.scheduleGroupName}/*`,
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
  }

  /** What the functions read (ENV.resumeSchedules): the adapter's ResumeSchedules. */
  get environment(): Record<string, string> {
    const settings: ResumeSchedules = {
      groupName: this.group.scheduleGroupName,
      stateMachineArn: this.stateMachineArn,
      roleArn: this.schedulerRole.roleArn,
      deadLetterQueueArn: this.deadLetterQueue.queueArn,
      kmsKeyArn: this.key.keyArn,
    };
    return { [ENV.stateMachineArn]: this.stateMachineArn, [ENV.resumeSchedules]: JSON.stringify(settings) };
  }

  /** The handover function: creates resume schedules, passes the scheduler role, starts the next generation now. */
  grantHandOver(grantee: iam.IGrantable & IConstruct): void {
    this.grant(grantee, ['scheduler:CreateSchedule'], [this.scheduleArns]);
    this.grant(grantee, ['iam:PassRole'], [this.schedulerRole.roleArn], {
      StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' },
    });
    this.grant(grantee, ['states:StartExecution'], [this.stateMachineArn]);
    this.key.grant(grantee, 'kms:Decrypt', 'kms:GenerateDataKey');
    this.granted.push({ role: roleOf(grantee), wakes: false });
  }

  /** lifecycle, inbound-sms and the portal: wake a journey (stops its execution, deletes its resume, starts the next generation). */
  grantWake(grantee: iam.IGrantable & IConstruct): void {
    this.grant(grantee, ['states:StopExecution'], [this.executionArns]);
    this.grant(grantee, ['states:StartExecution'], [this.stateMachineArn]);
    this.grant(grantee, ['scheduler:DeleteSchedule'], [this.scheduleArns]);
    this.granted.push({ role: roleOf(grantee), wakes: true });
  }

  private get executionArns(): string {
    return Stack.of(this).formatArn({
      service: 'states',
      resource: 'execution',
      resourceName: `${this.stateMachineName}:*`,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
  }

  private grant(grantee: iam.IGrantable, actions: string[], resources: string[], conditions?: Record<string, unknown>): void {
    grantee.grantPrincipal.addToPrincipalPolicy(new iam.PolicyStatement({ actions, resources, ...(conditions ? { conditions } : {}) }));
  }

  /** Wildcards that name one group's schedules or one state machine's executions: the names are only known at run time. */
  get nagAcknowledgements(): NagAcknowledgement[] {
    const stack = Stack.of(this);
    const arn = (service: string, resource: string) =>
      `Resource::arn:<AWS::Partition>:${service}:${stack.region}:${stack.account}:${resource}`;
    const schedules = `AwsSolutions-IAM5[${arn('scheduler', `schedule/${this.group.scheduleGroupName}/*`)}]`;
    const executions = `AwsSolutions-IAM5[${arn('states', `execution:${this.stateMachineName}:*`)}]`;
    const acks: NagAcknowledgement[] = [];
    for (const { role, wakes } of this.granted) {
      acks.push({
        scope: role,
        id: schedules,
        reason:
          'Resume schedules are named per account, cycle and generation at run time; the wildcard covers this stage’s resume schedule group only.',
      });
      if (wakes)
        acks.push({
          scope: role,
          id: executions,
          reason:
            'Journey executions are named per account, cycle and generation at run time; the wildcard covers the executions of the one journey state machine only.',
        });
    }
    for (const action of ['kms:ReEncrypt*', 'kms:GenerateDataKey*']) {
      acks.push({
        scope: this.schedulerRole,
        id: `AwsSolutions-IAM5[Action::${action}]`,
        reason:
          'The queue send grant on the resume dead-letter queue (its customer-managed key, named by ARN): Scheduler encrypts a failed resume it keeps there.',
      });
    }
    return acks;
  }
}

/** The role a function runs as (the scope cdk-nag reports its policy findings on). */
function roleOf(grantee: iam.IGrantable & IConstruct): IConstruct {
  const role = (grantee as { role?: IConstruct }).role;
  if (!role) throw new Error(`${grantee.node.path} has no role to grant to`);
  return role;
}
