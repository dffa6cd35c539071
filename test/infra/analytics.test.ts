/** The analytics side in the template: encrypted private storage, Parquet conversion, partitioning, Athena, least privilege. */
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { glueColumns } from '../../functions/domain/analytics/facts';
import { KPI_VIEWS } from '../../functions/domain/analytics/views';
import { parseStageConfig } from '../../lib/config';
import { devConfig, prodConfig, rawConfig, synthAmicable } from './helpers';

let template: Template;
let prod: Template;

beforeAll(() => {
  template = synthAmicable(devConfig()).template;
  prod = synthAmicable(
    prodConfig({
      analytics: { retentionDays: 1096, bytesScannedCutoffPerQuery: 5_000_000_000, currencies: ['USD', 'GBP'] },
      experiment: 'cx-vs-traditional',
    }),
  ).template;
}, 400_000);

const keyRef = () => ({ 'Fn::GetAtt': [Match.stringLikeRegexp('^AnalyticsKey'), 'Arn'] });

describe('analytics storage', () => {
  it('keeps the facts and the query results in KMS-encrypted, private, TLS-only buckets', () => {
    const buckets = template.findResources('AWS::S3::Bucket', {
      Properties: {
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: keyRef() } }],
        },
      },
    });
    expect(Object.keys(buckets).length).toBe(2);
    for (const b of Object.values(buckets)) {
      expect(b.Properties.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
    }
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
      },
    });
    template.hasResourceProperties('AWS::KMS::Key', {
      Description: 'Amicable analytics facts and Athena results',
      EnableKeyRotation: true,
    });
  });

  it('expires the facts after the stage retention (dev 730 days by default, prod as configured)', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: { Rules: Match.arrayWith([Match.objectLike({ Id: 'retention', ExpirationInDays: 730 })]) },
    });
    prod.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: { Rules: Match.arrayWith([Match.objectLike({ Id: 'retention', ExpirationInDays: 1096 })]) },
    });
  });

  it('refuses a bad analytics configuration with the field named', () => {
    expect(() => parseStageConfig({ ...rawConfig('dev.json'), analytics: { bytesScannedCutoffPerQuery: 5 } })).toThrow(
      /analytics\.bytesScannedCutoffPerQuery/,
    );
    expect(() => parseStageConfig({ ...rawConfig('dev.json'), analytics: { currencies: ['usd'] } })).toThrow(/analytics\.currencies\.0/);
  });
});

describe('the fact stream', () => {
  it('converts JSON to Parquet with the Glue table, partitioned by day, encrypted with the analytics key', () => {
    template.hasResourceProperties('AWS::KinesisFirehose::DeliveryStream', {
      DeliveryStreamType: 'DirectPut',
      DeliveryStreamEncryptionConfigurationInput: { KeyType: 'CUSTOMER_MANAGED_CMK', KeyARN: keyRef() },
      ExtendedS3DestinationConfiguration: Match.objectLike({
        Prefix: 'facts/dt=!{timestamp:yyyy-MM-dd}/',
        ErrorOutputPrefix: Match.stringLikeRegexp('^errors/'),
        BufferingHints: { SizeInMBs: 64, IntervalInSeconds: 900 },
        EncryptionConfiguration: { KMSEncryptionConfig: { AWSKMSKeyARN: keyRef() } },
        DataFormatConversionConfiguration: {
          Enabled: true,
          InputFormatConfiguration: { Deserializer: { OpenXJsonSerDe: {} } },
          OutputFormatConfiguration: { Serializer: { ParquetSerDe: { Compression: 'SNAPPY' } } },
          SchemaConfiguration: Match.objectLike({ DatabaseName: 'amicable_dev', TableName: 'facts', VersionId: 'LATEST' }),
        },
      }),
    });
  });

  it('has a Glue table whose columns are generated from the zod facts, Parquet, with day partitions projected', () => {
    template.hasResourceProperties('AWS::Glue::Table', {
      DatabaseName: 'amicable_dev',
      TableInput: Match.objectLike({
        Name: 'facts',
        PartitionKeys: [{ Name: 'dt', Type: 'string' }],
        Parameters: Match.objectLike({
          classification: 'parquet',
          'projection.enabled': 'true',
          'projection.dt.type': 'date',
          'projection.dt.format': 'yyyy-MM-dd',
        }),
        StorageDescriptor: Match.objectLike({
          Columns: glueColumns().map((c) => ({ Name: c.name, Type: c.type, Comment: c.comment })),
          SerdeInfo: { SerializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe' },
        }),
      }),
    });
  });

  it('feeds the facts Lambda from both table streams, with a failure queue and bisection', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', { StreamSpecification: { StreamViewType: 'NEW_IMAGE' } });
    template.hasResourceProperties('AWS::DynamoDB::Table', { StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' } });
    const mappings = template.findResources('AWS::Lambda::EventSourceMapping', {
      Properties: { FunctionName: { Ref: Match.stringLikeRegexp('^AnalyticsFactStream') } },
    });
    expect(Object.keys(mappings).length).toBe(2);
    for (const m of Object.values(mappings)) {
      expect(m.Properties).toMatchObject({
        StartingPosition: 'LATEST',
        BisectBatchOnFunctionError: true,
        MaximumRetryAttempts: 8,
        DestinationConfig: { OnFailure: { Destination: expect.anything() } },
      });
    }
  });

  it('lets the Lambda put records on the one delivery stream only, and Firehose read only its Glue table', () => {
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^AnalyticsFactStream(Service)?Role') }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Action: 'firehose:PutRecordBatch',
            Effect: 'Allow',
            Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AnalyticsDeliveryStream'), 'Arn'] },
          },
        ]),
      },
    });
    const policies = template.findResources('AWS::IAM::Policy', {
      Properties: { Roles: [{ Ref: Match.stringLikeRegexp('^AnalyticsFirehoseRole') }] },
    });
    const statements = Object.values(policies).flatMap(
      (p) => p.Properties.PolicyDocument.Statement as Array<{ Action: string | string[]; Resource: unknown }>,
    );
    const glueStatement = statements.find((s) => [s.Action].flat().includes('glue:GetTable'))!;
    expect(JSON.stringify(glueStatement.Resource)).toContain('table/amicable_dev/facts');
    expect(statements.flatMap((s) => [s.Action].flat())).not.toContain('s3:*');
    expect(JSON.stringify(statements)).not.toMatch(/"Resource":"\*"/);
  });
});

describe('Athena', () => {
  it('has a workgroup with enforced, KMS-encrypted results and a bytes-scanned cutoff per stage', () => {
    template.hasResourceProperties('AWS::Athena::WorkGroup', {
      Name: 'amicable-dev',
      WorkGroupConfiguration: Match.objectLike({
        EnforceWorkGroupConfiguration: true,
        BytesScannedCutoffPerQuery: 1_000_000_000,
        ResultConfiguration: Match.objectLike({ EncryptionConfiguration: { EncryptionOption: 'SSE_KMS', KmsKey: keyRef() } }),
      }),
    });
    prod.hasResourceProperties('AWS::Athena::WorkGroup', {
      WorkGroupConfiguration: Match.objectLike({ BytesScannedCutoffPerQuery: 5_000_000_000 }),
    });
  });

  it('has a named query per KPI view, with the same SQL the local dashboard runs on DuckDB', () => {
    for (const view of KPI_VIEWS) {
      template.hasResourceProperties('AWS::Athena::NamedQuery', { Name: view.name, Database: 'amicable_dev', QueryString: view.sql });
    }
  });
});

describe('QuickSight', () => {
  it('creates nothing QuickSight without analytics.quicksight in the stage config (it needs a subscription)', () => {
    for (const t of [template, prod]) {
      const types = Object.values(t.toJSON().Resources as Record<string, { Type: string }>).map((r) => r.Type);
      expect(types.filter((type) => type.startsWith('AWS::QuickSight::'))).toEqual([]);
      expect(JSON.stringify(t.findResources('AWS::IAM::Role'))).not.toContain('quicksight.amazonaws.com');
    }
  });
});

describe('CloudWatch', () => {
  it('shows a recovery rate per configured currency as metric math over amounts with a currency dimension', () => {
    const dashboards = JSON.stringify(prod.findResources('AWS::CloudWatch::Dashboard'));
    for (const currency of ['USD', 'GBP']) {
      expect(dashboards).toContain(`MetricName=\\\\\\"AmountCollected\\\\\\" currency=\\\\\\"${currency}\\\\\\"`);
      expect(dashboards).toContain(`${currency} recovery rate (%)`);
    }
  });

  it("shows each experiment variant's recovery rate per currency, collected / placed as Athena's kpi_money by variant (only with an experiment)", () => {
    const body = (t: Template) => {
      const [dashboard] = Object.values(
        t.findResources('AWS::CloudWatch::Dashboard', { Properties: { DashboardName: Match.stringLikeRegexp('^Amicable-') } }),
      );
      const joined = dashboard.Properties.DashboardBody['Fn::Join'][1].map((p: unknown) => (typeof p === 'string' ? p : '')).join('');
      return JSON.parse(joined) as { widgets: Array<{ properties: { title?: string; metrics?: unknown[][] } }> };
    };
    const variants = ['champion', 'segmented', 'traditional', 'holdout'];
    for (const currency of ['USD', 'GBP']) {
      const widget = body(prod).widgets.find((w) => w.properties.title?.startsWith(`${currency} recovery rate by experiment variant`));
      expect(widget, currency).toBeDefined();
      const metrics = widget!.properties.metrics!.map(
        (m) => m.find((x) => typeof x === 'object') as { expression: string; label?: string; id: string; visible?: boolean },
      );
      variants.forEach((variant, i) => {
        const search = (name: string) =>
          `SUM(SEARCH('{Amicable,currency,service,variant} MetricName="${name}" currency="${currency}" variant="${variant}"', 'Sum', 86400))`;
        expect(metrics).toContainEqual(
          expect.objectContaining({
            expression: `IF(placed_${i} > 0, 100 * collected_${i} / placed_${i}, 0)`,
            label: `${variant} recovery rate (%)`,
          }),
        );
        expect(metrics).toContainEqual(expect.objectContaining({ expression: search('AmountPlaced'), id: `placed_${i}`, visible: false }));
        expect(metrics).toContainEqual(
          expect.objectContaining({ expression: search('AmountCollected'), id: `collected_${i}`, visible: false }),
        );
      });
    }
    // No experiment configured (dev): no per-variant recovery widget (the variants are not known).
    expect(body(template).widgets.some((w) => w.properties.title?.includes('recovery rate by experiment variant'))).toBe(false);
  });
});
