/**
 * The daily sweep: an EventBridge Scheduler cron in the business time zone invokes the sweep
 * function (batch intake, reconciliation of unconfirmed claims and of journeys that should be
 * running), with retries and a dead-letter queue.
 */
import { Duration, RemovalPolicy, Stack, TimeZone } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as schedulerTargets from 'aws-cdk-lib/aws-scheduler-targets';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ENV } from '../functions/commons/environment';
import type { DataStore } from './data-store';
import type { Journey } from './journey';
import type { FunctionDefaults } from './lambda-defaults';
import { AmicableFunction } from './lambda-defaults';

export interface SweepProps {
  readonly dataStore: DataStore;
  readonly journey: Journey;
  /** IANA time zone the hour is in, e.g. America/New_York. */
  readonly timeZone: string;
  /** Local hour 0-23. */
  readonly hour: number;
  readonly environment?: Record<string, string>;
  readonly functionDefaults?: FunctionDefaults;
  /** @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
  /** Scheduler retries before the invocation goes to the dead-letter queue. @default 10 */
  readonly retryAttempts?: number;
}

export class Sweep extends Construct {
  readonly sweepFunction: AmicableFunction;
  readonly schedule: scheduler.Schedule;
  readonly deadLetterQueue: sqs.Queue;
  readonly schedulerRole: iam.Role;

  constructor(scope: Construct, id: string, props: SweepProps) {
    super(scope, id);
    if (!Number.isInteger(props.hour) || props.hour < 0 || props.hour > 23) {
      throw new Error(`sweepHour: ${props.hour} is not an hour 0-23`);
    }
    const { dataStore, journey } = props;
    this.sweepFunction = new AmicableFunction(this, 'Sweep', {
      memorySize: 512,
      ...props.functionDefaults,
      handler: 'sweep',
      // The sweep paces sends and reconciles in batches: it may need longer than the request handlers.
      timeout: Duration.minutes(5),
      environment: {
        ...dataStore.environment,
        [ENV.stateMachineArn]: journey.stateMachine.stateMachineArn,
        ...props.environment,
      },
    });
    dataStore.stateTable.grantReadWriteData(this.sweepFunction);
    // Appends restarts and surfaced claims to the ledger.
    dataStore.ledgerTable.grantWriteData(this.sweepFunction);
    journey.grantStartAndDescribe(this.sweepFunction);

    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });

    // Its own role, assumable only by Scheduler on behalf of this account; the target grants it invoke.
    const role = new iam.Role(this, 'SchedulerRole', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
      description: 'Amicable daily sweep schedule',
    });
    this.schedulerRole = role;

    this.schedule = new scheduler.Schedule(this, 'Daily', {
      description: `Amicable daily sweep at ${props.hour}:00 ${props.timeZone}`,
      schedule: scheduler.ScheduleExpression.cron({
        minute: '0',
        hour: String(props.hour),
        timeZone: TimeZone.of(props.timeZone),
      }),
      target: new schedulerTargets.LambdaInvoke(this.sweepFunction, {
        role,
        deadLetterQueue: this.deadLetterQueue,
        retryAttempts: props.retryAttempts ?? 10,
        maxEventAge: Duration.hours(6),
      }),
    });
  }
}
