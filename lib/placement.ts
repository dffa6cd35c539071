/**
 * Batch placement: a private, KMS-encrypted bucket where a billing system drops a placement file
 * (incoming/<name>.csv or .jsonl); its ObjectCreated event (EventBridge) starts a state machine whose
 * Distributed Map reads the file, batches the rows to the placement-batch function (the same contract
 * check and placement as an AccountOverdue event) and writes every row's outcome with its ResultWriter;
 * the placement-results function then writes results/<name>.results.jsonl and .summary.json.
 */
import { type CfnElement, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cxapi from 'aws-cdk-lib/cx-api';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ENV } from '../functions/commons/environment';
import { MAX_ROWS_PER_BATCH, type PlacementFormat } from '../functions/domain/placement-results';
import type { DataStore } from './data-store';
import type { Journey } from './journey';
import type { FunctionDefaults } from './lambda-defaults';
import { AmicableFunction } from './lambda-defaults';
import { customerManagedKey, encryptedLogGroup, encryptedQueue, privateBucketProps } from './encryption';
import type { NagAcknowledgement } from './nag';
import { grantOutbox } from './outbox-access';
import type { Workflow } from './operational-alarms';

/** Where files are dropped, where the map run writes its raw results, and where the results go. */
export const PLACEMENT_PREFIXES = { incoming: 'incoming/', mapRuns: 'map-runs/', results: 'results/' } as const;

/**
 * Batches in flight at once. Each batch places its rows one after another (about 7 DynamoDB calls and a
 * StartExecution a row), so 10 batches start at most a few hundred journeys a second: under the
 * StartExecution refill of 300/s in the large Regions with the journeys' own calls beside it.
 */
export const PLACEMENT_MAX_CONCURRENCY = 10;
/**
 * A batch fails only when its function does (a timeout or a crash, after retries): a bad row is
 * rejected, never thrown. Up to 10% of failed batches are listed row by row as failed (dropping the
 * file again places them); more means something systemic, and the run stops rather than keep going.
 */
export const PLACEMENT_TOLERATED_FAILURE_PERCENTAGE = 10;

/** Bytes of rows per batch at most: a batch of wide rows is cut short rather than refused. */
export const MAX_BATCH_BYTES = 200 * 1024;

export interface PlacementProps {
  readonly dataStore: DataStore;
  readonly journey: Journey;
  /** Hand-offs owed by events parked for a placed account (a complaint before the overdue row) go on the bus. */
  readonly eventBus: events.IEventBus;
  /** Server access logs of the placement bucket go here (they name objects, never their contents). */
  readonly accessLogsBucket: s3.IBucket;
  readonly environment?: Record<string, string>;
  readonly functionDefaults?: FunctionDefaults;
  readonly logRetention?: logs.RetentionDays;
  /** @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
  /** Days a dropped file and its results are kept. @default 90 */
  readonly retentionDays?: number;
}

export class Placement extends Construct {
  readonly key: kms.Key;
  readonly bucket: s3.Bucket;
  readonly batchFunction: AmicableFunction;
  readonly resultsFunction: AmicableFunction;
  readonly stateMachine: sfn.StateMachine;
  readonly rule: events.Rule;
  /** Object-created events EventBridge could not deliver to the state machine. */
  readonly deadLetterQueue: sqs.Queue;

  private readonly journeyStateMachineName: string;

  constructor(scope: Construct, id: string, props: PlacementProps) {
    super(scope, id);
    // ResultWriterV2 (WriterConfig: flattened JSON Lines) is behind this flag; set here, for this construct only.
    this.node.setContext(cxapi.STEPFUNCTIONS_USE_DISTRIBUTED_MAP_RESULT_WRITER_V2, true);
    this.journeyStateMachineName = props.journey.stateMachineName;
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    this.key = customerManagedKey(this, 'Key', 'Amicable placement files and their results (PII)', removalPolicy);
    this.bucket = this.placementBucket(props, removalPolicy);
    this.sendEventsToEventBridge();
    this.batchFunction = this.placementBatchFunction(props);
    this.resultsFunction = new AmicableFunction(this, 'Results', {
      memorySize: 512,
      ...props.functionDefaults,
      handler: 'placement-results',
      // Reads every row's outcome (about 100 bytes a row) into memory and writes the results once.
      timeout: Duration.minutes(5),
      environment: { ...props.environment, [ENV.placementBucket]: this.bucket.bucketName },
    });
    // Reads the map run's files, writes the results: object actions on those two prefixes only.
    this.resultsFunction.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [this.bucket.arnForObjects(`${PLACEMENT_PREFIXES.mapRuns}*`)] }),
    );
    this.resultsFunction.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['s3:PutObject'], resources: [this.bucket.arnForObjects(`${PLACEMENT_PREFIXES.results}*`)] }),
    );
    this.key.grant(this.resultsFunction, 'kms:Decrypt', 'kms:GenerateDataKey');
    this.stateMachine = this.placementStateMachine(props, removalPolicy);
    this.deadLetterQueue = encryptedQueue(this, 'DeadLetterQueue', removalPolicy);
    this.rule = this.objectCreatedRule();
  }

  get functions(): AmicableFunction[] {
    return [this.batchFunction, this.resultsFunction];
  }

  private placementBucket(props: PlacementProps, removalPolicy: RemovalPolicy): s3.Bucket {
    const days = Duration.days(props.retentionDays ?? 90);
    return new s3.Bucket(this, 'Bucket', {
      ...privateBucketProps(this.key, removalPolicy),
      versioned: true,
      serverAccessLogsBucket: props.accessLogsBucket,
      serverAccessLogsPrefix: 'placement-bucket/',
      removalPolicy,
      lifecycleRules: [
        // The files carry names, numbers and addresses: kept only as long as the results that answer them.
        { id: 'incoming', prefix: PLACEMENT_PREFIXES.incoming, expiration: days },
        { id: 'results', prefix: PLACEMENT_PREFIXES.results, expiration: days },
        // The map run's own files (failed batches quote their rows) are read once, by the results step.
        { id: 'map-runs', prefix: PLACEMENT_PREFIXES.mapRuns, expiration: Duration.days(7) },
        { id: 'old-versions', noncurrentVersionExpiration: Duration.days(7) },
        { id: 'incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
    });
  }

  /**
   * Object-created events go to EventBridge, set on the bucket itself (CloudFormation's
   * EventBridgeConfiguration) rather than through aws-cdk-lib's notifications custom resource.
   */
  private sendEventsToEventBridge(): void {
    (this.bucket.node.defaultChild as s3.CfnBucket).notificationConfiguration = { eventBridgeConfiguration: { eventBridgeEnabled: true } };
  }

  /** What the operational alarms watch: a run that fails or times out. */
  get workflow(): Workflow {
    return {
      id: 'Placement',
      stateMachine: this.stateMachine,
      job: 'a placement file',
      remedy: 'drop the same file again: rows already placed come back as duplicates, the rest are placed.',
    };
  }

  private placementBatchFunction(props: PlacementProps): AmicableFunction {
    const fn = new AmicableFunction(this, 'Batch', {
      memorySize: 512,
      ...props.functionDefaults,
      handler: 'placement-batch',
      // 100 rows one after another, each a few DynamoDB calls and a StartExecution, with SDK retries.
      timeout: Duration.minutes(2),
      environment: {
        ...props.dataStore.environment,
        [ENV.stateMachineArn]: props.journey.stateMachine.stateMachineArn,
        ...props.environment,
      },
    });
    // As ingest: account state and journey claims, ledger appends (placements and rejections), journey starts.
    props.dataStore.stateTable.grantReadWriteData(fn);
    props.dataStore.ledgerTable.grantWriteData(fn);
    props.journey.grantStartAndDescribe(fn);
    grantOutbox(fn, { dataStore: props.dataStore, eventBus: props.eventBus });
    return fn;
  }

  /** One Distributed Map per format (the reader's InputType is fixed in the definition). */
  private placementMap(format: PlacementFormat): sfn.DistributedMap {
    const key = sfn.JsonPath.stringAt('$.source.key');
    const itemReader =
      format === 'csv'
        ? new sfn.S3CsvItemReader({ bucket: this.bucket, key, csvHeaders: sfn.CsvHeaders.useFirstRow() })
        : new sfn.S3JsonLItemReader({ bucket: this.bucket, key });
    const map = new sfn.DistributedMap(this, `Place${format.toUpperCase()}`, {
      comment: `Every row of a ${format} placement file, ${MAX_ROWS_PER_BATCH} to a batch`,
      itemReader,
      itemSelector: { index: sfn.JsonPath.numberAt('$$.Map.Item.Index'), value: sfn.JsonPath.objectAt('$$.Map.Item.Value') },
      itemBatcher: new sfn.ItemBatcher({
        maxItemsPerBatch: MAX_ROWS_PER_BATCH,
        // Under Step Functions' 256 KiB payload, whatever the width of the rows.
        maxInputBytesPerBatch: MAX_BATCH_BYTES,
        // aws-cdk-lib passes BatchInput as written: paths need their '.$' keys spelt out.
        batchInput: { format, 'placementId.$': '$.placementId', 'source.$': '$.source.key' },
      }),
      maxConcurrency: PLACEMENT_MAX_CONCURRENCY,
      toleratedFailurePercentage: PLACEMENT_TOLERATED_FAILURE_PERCENTAGE,
      mapExecutionType: sfn.StateMachineType.EXPRESS,
      // Each batch returns an array of row outcomes: flattened, one JSON line per row.
      resultWriterV2: new sfn.ResultWriterV2({
        bucket: this.bucket,
        prefix: PLACEMENT_PREFIXES.mapRuns.slice(0, -1),
        writerConfig: new sfn.WriterConfig({ outputType: sfn.OutputType.JSONL, transformation: sfn.Transformation.FLATTEN }),
      }),
      resultPath: '$.mapRun',
    });
    map.itemProcessor(
      new tasks.LambdaInvoke(this, `PlaceBatch${format.toUpperCase()}`, {
        lambdaFunction: this.batchFunction,
        payloadResponseOnly: true,
        retryOnServiceExceptions: true,
      }),
    );
    return map;
  }

  private placementStateMachine(props: PlacementProps, removalPolicy: RemovalPolicy): sfn.StateMachine {
    const describe = new sfn.Pass(this, 'DescribeDrop', {
      comment: 'The dropped object and the id of this drop (the execution name)',
      parameters: {
        source: { bucket: sfn.JsonPath.stringAt('$.detail.bucket.name'), key: sfn.JsonPath.stringAt('$.detail.object.key') },
        placementId: sfn.JsonPath.executionName,
      },
    });
    const results = new tasks.LambdaInvoke(this, 'WriteResults', {
      lambdaFunction: this.resultsFunction,
      payloadResponseOnly: true,
      retryOnServiceExceptions: true,
      resultPath: '$.results',
    });
    const outcome = new sfn.Choice(this, 'Complete?')
      .when(sfn.Condition.stringEquals('$.results.summary.status', 'complete'), new sfn.Succeed(this, 'Placed'))
      .otherwise(new sfn.Fail(this, 'PlacementFailed', { error: 'PlacementFailed', cause: 'see results/<name>.summary.json' }));
    const unsupported = new sfn.Pass(this, 'UnsupportedFile', {
      result: sfn.Result.fromObject({ Error: 'UnsupportedFile', Cause: 'a placement file name ends in .csv or .jsonl' }),
      resultPath: '$.failure',
    });
    const maps = (['csv', 'jsonl'] as const).map((format) => {
      const map = this.placementMap(format);
      map.addCatch(results, { resultPath: '$.failure' });
      return map.next(results);
    });
    results.next(outcome);
    unsupported.next(results);
    const definition = describe.next(
      new sfn.Choice(this, 'Format')
        .when(sfn.Condition.stringMatches('$.source.key', '*.csv'), maps[0])
        .when(sfn.Condition.stringMatches('$.source.key', '*.jsonl'), maps[1])
        .otherwise(unsupported),
    );
    const stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      definitionBody: sfn.DefinitionBody.fromChainable(definition),
      tracingEnabled: true,
      // Every state change, never execution data: the rows carry personal data.
      logs: {
        destination: encryptedLogGroup(this, 'StateMachineLogs', {
          retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
          removalPolicy,
        }),
        level: sfn.LogLevel.ALL,
        includeExecutionData: false,
      },
      encryptionConfiguration: new sfn.CustomerManagedEncryptionConfiguration(this.key),
    });
    // The reader decrypts the file; the writer encrypts the map run's results with the bucket's key.
    this.key.grant(stateMachine, 'kms:Decrypt', 'kms:GenerateDataKey');
    return stateMachine;
  }

  /** S3 "Object Created" events for incoming/ in this bucket start the state machine, with retries and a dead-letter queue. */
  private objectCreatedRule(): events.Rule {
    return new events.Rule(this, 'FileDropped', {
      description: 'A placement file dropped in incoming/ starts the placement state machine',
      eventPattern: {
        source: ['aws.s3'],
        detailType: ['Object Created'],
        detail: { bucket: { name: [this.bucket.bucketName] }, object: { key: [{ prefix: PLACEMENT_PREFIXES.incoming }] } },
      },
      targets: [
        new targets.SfnStateMachine(this.stateMachine, {
          deadLetterQueue: this.deadLetterQueue,
          retryAttempts: 10,
          maxEventAge: Duration.hours(6),
        }),
      ],
    });
  }

  get nagAcknowledgements(): NagAcknowledgement[] {
    const stack = Stack.of(this);
    const id = (c: Construct) => stack.getLogicalId(c.node.defaultChild as CfnElement);
    const bucket = id(this.bucket);
    const machine = this.stateMachine.role;
    const ownExecutions = `arn:<AWS::Partition>:states:${stack.region}:${stack.account}:execution:{"Fn::Select":[6,{"Fn::Split":[":",{"Ref":"${id(this.stateMachine)}"}]}]}`;
    const distributedMapPolicy = this.stateMachine.node.findChild('DistributedMapPolicy');
    const journeyExecutions = `arn:<AWS::Partition>:states:${stack.region}:${stack.account}:execution:${this.journeyStateMachineName}:*`;
    return [
      {
        scope: this.batchFunction.role!,
        id: `AwsSolutions-IAM5[Resource::${journeyExecutions}]`,
        reason:
          'states:DescribeExecution on the executions of the one journey state machine, as ingest: execution names (account + cycle) are only known at run time.',
      },
      ...[PLACEMENT_PREFIXES.mapRuns, PLACEMENT_PREFIXES.results].map((prefix) => ({
        scope: this.resultsFunction.role!,
        id: `AwsSolutions-IAM5[Resource::<${bucket}.Arn>/${prefix}*]`,
        reason: `s3:GetObject on the map run's files and s3:PutObject on the results, each under its own prefix (${prefix}) of the placement bucket: file names are the billing system's.`,
      })),
      {
        scope: machine,
        id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::<${bucket}>/*]`,
        reason:
          "aws-cdk-lib's ItemReader and ResultWriter grants: the Distributed Map reads the dropped file and writes the map run's results in this one bucket, under names known only at run time.",
      },
      ...[this.batchFunction, this.resultsFunction].map((fn) => ({
        scope: machine,
        id: `AwsSolutions-IAM5[Resource::<${id(fn)}.Arn>:*]`,
        reason: "aws-cdk-lib's LambdaInvoke grant: the function and its versions, only this function.",
      })),
      {
        scope: machine,
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: 'Step Functions logging (logs:CreateLogDelivery and friends) and X-Ray tracing APIs have no resource-level permissions.',
      },
      ...[`${ownExecutions}:*`, `${ownExecutions}/*:*`].map((resource) => ({
        scope: distributedMapPolicy,
        id: `AwsSolutions-IAM5[Resource::${resource}]`,
        reason:
          "aws-cdk-lib's Distributed Map policy: the state machine starts, describes and stops its own child (map run) executions, whose names Step Functions makes.",
      })),
    ];
  }
}
