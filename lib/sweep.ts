/**
 * The daily sweep: an EventBridge Scheduler cron in the business time zone starts the sweep state
 * machine (lib/sweep-fan-out.ts), which runs the sweep function shard by shard (reconciliation of
 * journeys that should be running, of unconfirmed send claims, of outboxes), with retries and a
 * dead-letter queue. The function reads the table only by key and through the sweep's sparse indexes.
 */
import { Duration, RemovalPolicy, Stack, TimeZone } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as schedulerTargets from 'aws-cdk-lib/aws-scheduler-targets';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ENV } from '../functions/commons/environment';
import type { DataStore } from './data-store';
import type { Journey } from './journey';
import type { FunctionDefaults } from './lambda-defaults';
import { AmicableFunction } from './lambda-defaults';
import { encryptedQueue } from './encryption';
import { SWEEP_INDEXES } from '../functions/adapters/tables';
import type { NagAcknowledgement } from './nag';
import { SweepFanOut } from './sweep-fan-out';
import { grantOutbox, type OutboxAccess } from './outbox-access';
import type { Workflow } from './operational-alarms';

export interface SweepProps {
  readonly dataStore: DataStore;
  readonly journey: Journey;
  /** The outbox lane carries out replies and hand-offs whose event ran out of retries: the bus, the channels, portal links. */
  readonly outbox: Omit<OutboxAccess, 'dataStore'>;
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
  readonly logRetention?: logs.RetentionDays;
}

/**
 * What the sweep does to STATE items, by key: read accounts and journey records (one by one and in
 * batches), write claims, journeys, accounts and message lookups (puts, conditional updates, the
 * claim's transaction with its account check). No Scan, no DeleteItem.
 */
const STATE_ITEM_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:ConditionCheckItem',
];

export class Sweep extends Construct {
  readonly sweepFunction: AmicableFunction;
  readonly schedule: scheduler.Schedule;
  readonly deadLetterQueue: sqs.Queue;
  readonly schedulerRole: iam.Role;
  readonly fanOut: SweepFanOut;
  readonly nagAcknowledgements: NagAcknowledgement[];

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
      // One run sweeps a shard for up to five minutes, then hands back a cursor (functions/sweep.ts).
      timeout: Duration.minutes(5),
      environment: {
        ...dataStore.environment,
        [ENV.stateMachineArn]: journey.stateMachine.stateMachineArn,
        ...props.environment,
      },
    });
    this.grantStateAccess(dataStore);
    // Appends restarts and surfaced claims to the ledger.
    dataStore.ledgerTable.grantWriteData(this.sweepFunction);
    journey.grantStartAndDescribe(this.sweepFunction);
    grantOutbox(this.sweepFunction, { dataStore, ...props.outbox });

    this.deadLetterQueue = encryptedQueue(this, 'DeadLetterQueue', props.removalPolicy ?? RemovalPolicy.RETAIN);
    this.fanOut = new SweepFanOut(this, 'FanOut', {
      sweepFunction: this.sweepFunction,
      encryptionKey: dataStore.key,
      ...(props.logRetention ? { logRetention: props.logRetention } : {}),
      ...(props.removalPolicy ? { removalPolicy: props.removalPolicy } : {}),
    });
    this.nagAcknowledgements = this.fanOut.nagAcknowledgements;

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
      target: new schedulerTargets.StepFunctionsStartExecution(this.fanOut.stateMachine, {
        role,
        deadLetterQueue: this.deadLetterQueue,
        retryAttempts: props.retryAttempts ?? 10,
        maxEventAge: Duration.hours(6),
      }),
    });
    // The execution's input is encrypted with the data key: starting one needs a data key from it.
    dataStore.key.grant(role, 'kms:GenerateDataKey');
  }

  /** What the operational alarms watch: a run that fails or times out. */
  get workflow(): Workflow {
    return {
      id: 'Sweep',
      stateMachine: this.fanOut.stateMachine,
      job: 'the daily sweep',
      remedy: 'the shards it did not finish are swept by the next daily run; look at its log if it repeats.',
    };
  }

  /** Item actions on the table by key; Query only on the sweep's indexes (never the table, never a Scan). */
  private grantStateAccess(dataStore: DataStore): void {
    const table = dataStore.stateTable;
    this.sweepFunction.addToRolePolicy(new iam.PolicyStatement({ actions: STATE_ITEM_ACTIONS, resources: [table.tableArn] }));
    this.sweepFunction.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['dynamodb:Query'],
        resources: Object.values(SWEEP_INDEXES).map((index) => `${table.tableArn}/index/${index.indexName}`),
      }),
    );
    dataStore.key.grantEncryptDecrypt(this.sweepFunction);
  }
}
