/**
 * The analytics side: the contact ledger's and the state table's DynamoDB streams feed a small Lambda that
 * derives the PII-free facts (functions/domain/analytics), Kinesis Data Firehose converts them to Parquet
 * with the Glue table's schema (generated from the same zod facts) into a KMS-encrypted private bucket,
 * partitioned by day; Athena queries them in a workgroup with enforced, encrypted results and a
 * bytes-scanned limit, with a named query per KPI view.
 */
import { Aws, CfnElement, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as athena from 'aws-cdk-lib/aws-athena';
import * as glue from 'aws-cdk-lib/aws-glue';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct, type IConstruct } from 'constructs';
import * as z from 'zod';
import { ENV } from '../functions/commons/environment';
import { FACT_PARTITION, glueColumns } from '../functions/domain/analytics/facts';
import { KPI_VIEWS } from '../functions/domain/analytics/views';
import type { DataStore } from './data-store';

import { AmicableFunction, type FunctionDefaults } from './lambda-defaults';
import { encryptedLogGroup, encryptedQueue, privateBucketProps } from './encryption';

/** A QuickSight user or group: who the data source, datasets and dashboard are shared with. */
const quickSightPrincipal = z
  .string()
  .regex(
    /^arn:aws[a-z-]*:quicksight:[a-z0-9-]+:\d{12}:(user|group)\/[\w+=,.@-]+\/[\w+=,.@-]+$/,
    'a QuickSight user or group ARN such as arn:aws:quicksight:us-east-1:123456789012:group/default/collections-managers',
  );

/**
 * Optional QuickSight over the KPI views (lib/analytics-quicksight.ts). Off unless given: QuickSight needs
 * an account subscription (Enterprise edition) and costs per user and per GB of SPICE.
 */
export const quickSightConfigSchema = z
  .object({
    /** Users or groups the data source, datasets and dashboard are shared with (read and use only). */
    principals: z.array(quickSightPrincipal).min(1).max(20),
    /** When SPICE re-reads the views from Athena (each refresh is one Athena query per view). */
    refresh: z
      .object({
        interval: z.enum(['HOURLY', 'DAILY', 'WEEKLY']).default('DAILY'),
        /** Local time of day, HH:MM, for DAILY and WEEKLY. */
        timeOfDay: z
          .string()
          .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time of day as HH:MM')
          .default('06:00'),
        /** IANA time zone of timeOfDay (QuickSight's own list; checked by QuickSight at deploy). */
        timeZone: z
          .string()
          .regex(/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/, 'an IANA time zone such as Europe/London')
          .default('UTC'),
        /** The day of a WEEKLY refresh. */
        dayOfWeek: z.enum(['SUNDAY', 'MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY']).default('MONDAY'),
      })
      .strict()
      .default({ interval: 'DAILY', timeOfDay: '06:00', timeZone: 'UTC', dayOfWeek: 'MONDAY' }),
    /**
     * An existing IAM role QuickSight's Athena data source assumes (e.g. the account's QuickSight service
     * role); the stack attaches the least-privilege policy to it. Without it the stack creates one.
     */
    serviceRoleArn: z
      .string()
      .regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/, 'an IAM role ARN')
      .optional(),
  })
  .strict();
export type QuickSightConfig = z.infer<typeof quickSightConfigSchema>;

/** Stage configuration of the analytics side (lib/config.ts `analytics`). */
export const analyticsConfigSchema = z
  .object({
    /** Days the facts are kept in S3 (then expired). */
    retentionDays: z.number().int().min(1).max(3653).default(730),
    /** Athena cancels a query in the workgroup that would scan more (bytes; at least 10 MB). */
    bytesScannedCutoffPerQuery: z.number().int().min(10_000_000).max(1e15).default(1_000_000_000),
    /** Currencies the CloudWatch dashboard shows a recovery rate for (metric math per currency). */
    currencies: z
      .array(z.string().regex(/^[A-Z]{3}$/, 'ISO 4217 code such as USD'))
      .min(1)
      .max(10)
      .default(['USD']),
    /** QuickSight data source, SPICE datasets and dashboard; absent: none (the default). */
    quicksight: quickSightConfigSchema.optional(),
  })
  .strict();
export type AnalyticsConfig = z.infer<typeof analyticsConfigSchema>;
export const ANALYTICS_DEFAULTS: AnalyticsConfig = analyticsConfigSchema.parse({});

export interface AnalyticsProps {
  readonly stage: string;
  readonly dataStore: DataStore;
  readonly config: AnalyticsConfig;
  readonly functionDefaults?: FunctionDefaults;
  /** The environment every function gets (business time zone ...). */
  readonly environment?: Record<string, string>;
  readonly logRetention: logs.RetentionDays;
  readonly removalPolicy: RemovalPolicy;
}

/** Firehose needs 64 MiB buffers with format conversion; 15 minutes bounds how stale the facts are. */
const BUFFER = { sizeInMBs: 64, intervalInSeconds: 900 };
export const FACTS_PREFIX = 'facts/';

export class Analytics extends Construct {
  readonly key: kms.Key;
  readonly bucket: s3.Bucket;
  readonly resultsBucket: s3.Bucket;
  readonly accessLogsBucket: s3.Bucket;
  readonly database: glue.CfnDatabase;
  readonly databaseName: string;
  readonly table: glue.CfnTable;
  readonly deliveryStream: firehose.CfnDeliveryStream;
  readonly workgroup: athena.CfnWorkGroup;
  readonly factsFunction: AmicableFunction;
  readonly deadLetterQueue: sqs.Queue;
  readonly firehoseRole: iam.Role;
  readonly nagAcknowledgements: Array<{ scope: IConstruct; id: string; reason: string }> = [];

  constructor(
    scope: Construct,
    id: string,
    private readonly props: AnalyticsProps,
  ) {
    super(scope, id);
    const { config, removalPolicy } = props;
    const destroy = removalPolicy === RemovalPolicy.DESTROY;
    this.key = new kms.Key(this, 'Key', {
      description: 'Amicable analytics facts and Athena results',
      enableKeyRotation: true,
      removalPolicy,
      pendingWindow: Duration.days(30),
    });
    [this.accessLogsBucket, this.bucket, this.resultsBucket] = this.buildBuckets();

    const databaseName = `amicable_${props.stage.replace(/-/g, '_')}`;
    this.databaseName = databaseName;
    this.database = new glue.CfnDatabase(this, 'Database', {
      catalogId: Aws.ACCOUNT_ID,
      databaseInput: { name: databaseName, description: 'Amicable analytics: PII-free outreach facts' },
    });
    this.table = this.factsTable(databaseName);

    this.firehoseRole = new iam.Role(this, 'FirehoseRole', {
      assumedBy: new iam.ServicePrincipal('firehose.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
    });
    this.deliveryStream = this.factsDeliveryStream(databaseName);
    this.workgroup = this.athenaWorkgroup(props.stage, config, destroy);
    for (const view of KPI_VIEWS) {
      new athena.CfnNamedQuery(this, `Query-${view.name}`, {
        name: view.name,
        description: view.description.slice(0, 1024),
        database: databaseName,
        workGroup: this.workgroup.ref,
        queryString: view.sql,
      }).node.addDependency(this.workgroup);
    }

    this.deadLetterQueue = encryptedQueue(this, 'StreamFailures', removalPolicy);
    this.factsFunction = this.streamFunction(props);

    this.acknowledge();
  }

  /** Server access logs (S3-managed keys: log delivery cannot write SSE-KMS), the facts and the query results (the key, TLS only, private). */
  private buildBuckets(): [s3.Bucket, s3.Bucket, s3.Bucket] {
    const bucketDefaults = privateBucketProps(this.key, this.props.removalPolicy);
    // Server access logs go to their own bucket (log delivery cannot write SSE-KMS); they name no customer.
    const accessLogsBucket = new s3.Bucket(this, 'AccessLogs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      // S3 log delivery writes with the LogDeliveryWrite ACL, which ACL-less (enforced) ownership refuses.
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ id: 'expire-access-logs', expiration: Duration.days(365) }],
      removalPolicy: this.props.removalPolicy,
    });
    const factsBucket = new s3.Bucket(this, 'FactsBucket', {
      ...bucketDefaults,
      serverAccessLogsBucket: accessLogsBucket,
      serverAccessLogsPrefix: 'facts-bucket/',
      lifecycleRules: [
        { id: 'retention', expiration: Duration.days(this.props.config.retentionDays) },
        { id: 'incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
    });
    const resultsBucket = new s3.Bucket(this, 'QueryResults', {
      ...bucketDefaults,
      serverAccessLogsBucket: accessLogsBucket,
      serverAccessLogsPrefix: 'results-bucket/',
      lifecycleRules: [{ id: 'results', expiration: Duration.days(30) }],
    });
    return [accessLogsBucket, factsBucket, resultsBucket];
  }

  private factsTable(databaseName: string): glue.CfnTable {
    const location = `s3://${this.bucket.bucketName}/${FACTS_PREFIX}`;
    const table = new glue.CfnTable(this, 'FactsTable', {
      catalogId: Aws.ACCOUNT_ID,
      databaseName,
      tableInput: {
        name: 'facts',
        description: 'One row per analytics fact (functions/domain/analytics/facts.ts); columns generated from the zod schema',
        tableType: 'EXTERNAL_TABLE',
        parameters: {
          classification: 'parquet',
          // Partition projection: Athena computes the day partitions, no crawler and no MSCK REPAIR.
          'projection.enabled': 'true',
          [`projection.${FACT_PARTITION.name}.type`]: 'date',
          [`projection.${FACT_PARTITION.name}.format`]: 'yyyy-MM-dd',
          [`projection.${FACT_PARTITION.name}.range`]: '2026-01-01,NOW',
          [`projection.${FACT_PARTITION.name}.interval`]: '1',
          [`projection.${FACT_PARTITION.name}.interval.unit`]: 'DAYS',
          'storage.location.template': `${location}${FACT_PARTITION.name}=\${${FACT_PARTITION.name}}/`,
        },
        partitionKeys: [{ name: FACT_PARTITION.name, type: FACT_PARTITION.type }],
        storageDescriptor: {
          columns: glueColumns().map((c) => ({ name: c.name, type: c.type, comment: c.comment })),
          location,
          inputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
          outputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
          serdeInfo: { serializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe' },
        },
      },
    });
    table.node.addDependency(this.database);
    return table;
  }

  private factsDeliveryStream(databaseName: string): firehose.CfnDeliveryStream {
    const stack = Stack.of(this);
    const logGroup = encryptedLogGroup(this, 'FirehoseLogs', {
      retention: this.props.logRetention,
      removalPolicy: this.props.removalPolicy,
    });
    const logStream = new logs.LogStream(this, 'FirehoseS3Delivery', { logGroup, removalPolicy: this.props.removalPolicy });
    // What Firehose's S3 destination needs, and no more (no delete).
    this.firehoseRole.addToPolicy(
      new iam.PolicyStatement({
        actions: [
          's3:AbortMultipartUpload',
          's3:GetBucketLocation',
          's3:GetObject',
          's3:ListBucket',
          's3:ListBucketMultipartUploads',
          's3:PutObject',
        ],
        resources: [this.bucket.bucketArn, this.bucket.arnForObjects('*')],
      }),
    );
    this.firehoseRole.addToPolicy(
      new iam.PolicyStatement({ actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey'], resources: [this.key.keyArn] }),
    );
    logGroup.grantWrite(this.firehoseRole);
    const tableArn = stack.formatArn({ service: 'glue', resource: 'table', resourceName: `${databaseName}/facts` });
    this.firehoseRole.addToPolicy(
      new iam.PolicyStatement({
        actions: ['glue:GetTable', 'glue:GetTableVersion', 'glue:GetTableVersions'],
        resources: [
          stack.formatArn({ service: 'glue', resource: 'catalog' }),
          stack.formatArn({ service: 'glue', resource: 'database', resourceName: databaseName }),
          tableArn,
        ],
      }),
    );
    const stream = new firehose.CfnDeliveryStream(this, 'DeliveryStream', {
      deliveryStreamType: 'DirectPut',
      deliveryStreamEncryptionConfigurationInput: { keyType: 'CUSTOMER_MANAGED_CMK', keyArn: this.key.keyArn },
      extendedS3DestinationConfiguration: {
        bucketArn: this.bucket.bucketArn,
        roleArn: this.firehoseRole.roleArn,
        prefix: `${FACTS_PREFIX}${FACT_PARTITION.name}=!{timestamp:yyyy-MM-dd}/`,
        errorOutputPrefix: 'errors/!{firehose:error-output-type}/dt=!{timestamp:yyyy-MM-dd}/',
        bufferingHints: BUFFER,
        compressionFormat: 'UNCOMPRESSED',
        encryptionConfiguration: { kmsEncryptionConfig: { awskmsKeyArn: this.key.keyArn } },
        cloudWatchLoggingOptions: { enabled: true, logGroupName: logGroup.logGroupName, logStreamName: logStream.logStreamName },
        dataFormatConversionConfiguration: {
          enabled: true,
          inputFormatConfiguration: { deserializer: { openXJsonSerDe: {} } },
          outputFormatConfiguration: { serializer: { parquetSerDe: { compression: 'SNAPPY' } } },
          schemaConfiguration: {
            catalogId: Aws.ACCOUNT_ID,
            databaseName,
            tableName: 'facts',
            region: Aws.REGION,
            roleArn: this.firehoseRole.roleArn,
            versionId: 'LATEST',
          },
        },
      },
    });
    stream.node.addDependency(this.firehoseRole, this.table);
    return stream;
  }

  private athenaWorkgroup(stage: string, config: AnalyticsConfig, destroy: boolean): athena.CfnWorkGroup {
    return new athena.CfnWorkGroup(this, 'Workgroup', {
      name: `amicable-${stage}`,
      description: 'Amicable KPIs over the analytics facts',
      recursiveDeleteOption: destroy,
      workGroupConfiguration: {
        enforceWorkGroupConfiguration: true,
        publishCloudWatchMetricsEnabled: true,
        bytesScannedCutoffPerQuery: config.bytesScannedCutoffPerQuery,
        engineVersion: { selectedEngineVersion: 'Athena engine version 3' },
        resultConfiguration: {
          outputLocation: `s3://${this.resultsBucket.bucketName}/results/`,
          encryptionConfiguration: { encryptionOption: 'SSE_KMS', kmsKey: this.key.keyArn },
          expectedBucketOwner: Aws.ACCOUNT_ID,
        },
      },
    });
  }

  private streamFunction(props: AnalyticsProps): AmicableFunction {
    const fn = new AmicableFunction(this, 'FactStream', {
      memorySize: 256,
      ...props.functionDefaults,
      handler: 'analytics-facts',
      timeout: Duration.minutes(1),
      environment: { ...props.environment, ...props.dataStore.environment, [ENV.analyticsDeliveryStream]: this.deliveryStream.ref },
    });
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['firehose:PutRecordBatch'], resources: [this.deliveryStream.attrArn] }));
    for (const table of [props.dataStore.ledgerTable, props.dataStore.stateTable]) {
      fn.addEventSource(
        new DynamoEventSource(table, {
          startingPosition: lambda.StartingPosition.LATEST,
          batchSize: 100,
          maxBatchingWindow: Duration.seconds(10),
          bisectBatchOnError: true,
          retryAttempts: 8,
          onFailure: new SqsDlq(this.deadLetterQueue),
        }),
      );
    }
    return fn;
  }

  private acknowledge(): void {
    const bucketId = Stack.of(this).getLogicalId(this.bucket.node.defaultChild as CfnElement);
    this.nagAcknowledgements.push({
      scope: this.firehoseRole,
      id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/*]`,
      reason: 'Firehose writes objects under keys it names at run time (day partitions, file names) in the one facts bucket.',
    });
  }
}
