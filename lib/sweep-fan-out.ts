/**
 * The sweep's fan-out: a Standard state machine that runs the sweep function over every shard
 * (functions/domain/sweep-shards.ts), SWEEP_CONCURRENCY shards at once (an inline Map: a handful of
 * parallel workers needs no Distributed Map). Each shard's run sweeps until its time is nearly up and
 * answers with a cursor; the shard loops on the cursor until it is done. A last step adds up the
 * shards' totals (the unconfirmed-claims gauge). The run is bounded: it times out after an hour.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { ALL_SWEEP_SHARDS, SWEEP_CONCURRENCY } from '../functions/domain/sweep-shards';
import { encryptedLogGroup } from './encryption';
import type { AmicableFunction } from './lambda-defaults';
import type { NagAcknowledgement } from './nag';

export interface SweepFanOutProps {
  readonly sweepFunction: AmicableFunction;
  /** Encrypts the executions' data (the cursors name accounts). */
  readonly encryptionKey: kms.IKey;
  readonly logRetention?: logs.RetentionDays;
  readonly removalPolicy?: RemovalPolicy;
}

/** The whole sweep must finish within this (README "Running at scale": the figures at two million accounts). */
export const SWEEP_TIMEOUT = Duration.hours(1);

export class SweepFanOut extends Construct {
  readonly stateMachine: sfn.StateMachine;
  readonly nagAcknowledgements: NagAcknowledgement[] = [];

  constructor(scope: Construct, id: string, props: SweepFanOutProps) {
    super(scope, id);
    const fn = props.sweepFunction;
    const shardRun = new tasks.LambdaInvoke(this, 'SweepShard', {
      lambdaFunction: fn,
      payloadResponseOnly: true,
      comment: 'Sweeps one shard until its time is nearly up; answers with a cursor unless the shard is done.',
    });
    // A failed run is run again from the cursor it was given: everything it did is idempotent.
    shardRun.addRetry({ errors: ['States.ALL'], interval: Duration.seconds(20), maxAttempts: 3, backoffRate: 2 });
    const shardDone = new sfn.Choice(this, 'ShardDone')
      .when(sfn.Condition.isPresent('$.cursor'), shardRun)
      .otherwise(new sfn.Succeed(this, 'ShardSwept'));

    const everyShard = new sfn.Map(this, 'EveryShard', {
      itemsPath: '$.shards',
      itemSelector: { 'shard.$': '$$.Map.Item.Value' },
      maxConcurrency: SWEEP_CONCURRENCY,
    });
    everyShard.itemProcessor(shardRun.next(shardDone));

    const report = new tasks.LambdaInvoke(this, 'Report', {
      lambdaFunction: fn,
      payload: sfn.TaskInput.fromObject({ 'shards.$': '$' }),
      payloadResponseOnly: true,
      comment: "Adds up the shards' totals: the unconfirmed-claims gauge and the log.",
    });

    const shards = new sfn.Pass(this, 'Shards', { parameters: { shards: ALL_SWEEP_SHARDS } });
    const logGroup = encryptedLogGroup(this, 'Logs', {
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineType: sfn.StateMachineType.STANDARD,
      comment: 'Amicable daily sweep: every shard of the sparse indexes, a few at once, each run carrying on from its cursor',
      definitionBody: sfn.DefinitionBody.fromChainable(shards.next(everyShard).next(report)),
      timeout: SWEEP_TIMEOUT,
      // Every transition, never the execution data (cursors name accounts).
      logs: { destination: logGroup, level: sfn.LogLevel.ALL, includeExecutionData: false },
      tracingEnabled: true,
      encryptionConfiguration: new sfn.CustomerManagedEncryptionConfiguration(props.encryptionKey),
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
    this.nagAcknowledgements.push(
      {
        scope: this.stateMachine.role,
        id: `AwsSolutions-IAM5[Resource::<${fnLogicalId(fn)}.Arn>:*]`,
        reason:
          'Added by the Step Functions LambdaInvoke task (the function and its versions): the role can invoke only the sweep function.',
      },
      {
        scope: this.stateMachine.role,
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: 'Step Functions logging (logs:CreateLogDelivery and friends) and X-Ray tracing APIs have no resource-level permissions.',
      },
    );
  }
}

const fnLogicalId = (fn: AmicableFunction) => fn.stack.getLogicalId(fn.node.defaultChild as never);
