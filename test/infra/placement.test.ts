/**
 * Batch placement in the template: the private, CMK-encrypted bucket, the Distributed Map state machine
 * (its readers, batches, concurrency, failure tolerance and results), the ObjectCreated rule, and IAM
 * that lets each part do its one job.
 */
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { MAX_ROWS_PER_BATCH } from '../../functions/domain/placement-results';
import { PLACEMENT_MAX_CONCURRENCY, PLACEMENT_TOLERATED_FAILURE_PERCENTAGE } from '../../lib/placement';
import { devConfig, logicalId, synthAmicable } from './helpers';

const { stack, template } = synthAmicable(devConfig());
const placement = stack.placement;
const id = (construct: { node: { defaultChild?: unknown } }) => stack.getLogicalId(construct.node.defaultChild as never);
const bucketId = id(placement.bucket);
const keyId = id(placement.key);

type Statement = { Action: string | string[]; Resource: unknown; Effect: string };
function statementsOfRole(roleId: string): Statement[] {
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((p) => (p.Properties.Roles as { Ref: string }[]).some((r) => r.Ref === roleId))
    .flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]);
}
const actions = (statements: Statement[]) => statements.flatMap((s) => [s.Action].flat());

/** The definition with every CloudFormation token replaced by a readable placeholder, parsed. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- ASL is read field by field in the assertions
type AslState = Record<string, any>;
function definition(): { States: Record<string, AslState> } {
  const resource = template.findResources('AWS::StepFunctions::StateMachine')[id(placement.stateMachine)];
  const parts = resource.Properties.DefinitionString['Fn::Join'][1] as unknown[];
  const text = parts
    .map((p) => {
      if (typeof p === 'string') return p;
      const ref = (p as { Ref?: string }).Ref ?? (p as { 'Fn::GetAtt'?: string[] })['Fn::GetAtt']?.[0];
      return `<${ref}>`;
    })
    .join('');
  return JSON.parse(text);
}

describe('placement bucket', () => {
  const bucket = template.findResources('AWS::S3::Bucket')[bucketId].Properties;

  it('is encrypted with its own customer-managed key (rotated), private, versioned and sends its events to EventBridge', () => {
    expect(bucket.BucketEncryption.ServerSideEncryptionConfiguration).toEqual([
      {
        BucketKeyEnabled: true,
        ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': [keyId, 'Arn'] } },
      },
    ]);
    expect(template.findResources('AWS::KMS::Key')[keyId].Properties.EnableKeyRotation).toBe(true);
    expect(bucket.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(bucket.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(bucket.NotificationConfiguration).toEqual({ EventBridgeConfiguration: { EventBridgeEnabled: true } });
    expect(bucket.LoggingConfiguration).toMatchObject({ LogFilePrefix: 'placement-bucket/' });
  });

  it('refuses any request without TLS', () => {
    const policy = Object.values(template.findResources('AWS::S3::BucketPolicy')).find((p) => p.Properties.Bucket.Ref === bucketId);
    expect(policy?.Properties.PolicyDocument.Statement).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
  });

  it('keeps files and results 90 days, the map runs 7, old versions 7', () => {
    const rules = bucket.LifecycleConfiguration.Rules as { Id: string; Prefix?: string; ExpirationInDays?: number }[];
    const days = Object.fromEntries(rules.filter((r) => r.ExpirationInDays).map((r) => [r.Prefix, r.ExpirationInDays]));
    expect(days).toEqual({ 'incoming/': 90, 'results/': 90, 'map-runs/': 7 });
    expect(rules).toContainEqual(expect.objectContaining({ NoncurrentVersionExpiration: { NoncurrentDays: 7 } }));
  });
});

describe('placement state machine', () => {
  const states = definition().States;

  it('reads CSV with its header row and JSON Lines, in batches, with bounded concurrency and a deliberate failure tolerance', () => {
    const csv = states.PlaceCSV;
    const jsonl = states.PlaceJSONL;
    expect(csv.ItemReader).toEqual({
      Resource: 'arn:<AWS::Partition>:states:::s3:getObject',
      ReaderConfig: { InputType: 'CSV', CSVHeaderLocation: 'FIRST_ROW' },
      Parameters: { Bucket: `<${bucketId}>`, 'Key.$': '$.source.key' },
    });
    expect(jsonl.ItemReader.ReaderConfig).toEqual({ InputType: 'JSONL' });
    for (const [format, map] of [
      ['csv', csv],
      ['jsonl', jsonl],
    ] as const) {
      expect(map.ItemProcessor.ProcessorConfig).toEqual({ Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' });
      expect(map.ItemSelector).toEqual({ 'index.$': '$$.Map.Item.Index', 'value.$': '$$.Map.Item.Value' });
      expect(map.ItemBatcher).toEqual({
        MaxItemsPerBatch: MAX_ROWS_PER_BATCH,
        MaxInputBytesPerBatch: 200 * 1024,
        BatchInput: { format, 'placementId.$': '$.placementId', 'source.$': '$.source.key' },
      });
      expect(map.MaxConcurrency).toBe(PLACEMENT_MAX_CONCURRENCY);
      expect(map.ToleratedFailurePercentage).toBe(PLACEMENT_TOLERATED_FAILURE_PERCENTAGE);
      // Each batch's array of row outcomes, one JSON line per row, under map-runs/.
      expect(map.ResultWriter).toEqual({
        Resource: 'arn:<AWS::Partition>:states:::s3:putObject',
        Parameters: { Bucket: `<${bucketId}>`, Prefix: 'map-runs' },
        WriterConfig: { OutputType: 'JSONL', Transformation: 'FLATTEN' },
      });
      // A file that cannot be read still gets its results (the summary says why).
      expect(map.Catch).toEqual([{ ErrorEquals: ['States.ALL'], ResultPath: '$.failure', Next: 'WriteResults' }]);
      expect(map.Next).toBe('WriteResults');
    }
    expect(PLACEMENT_MAX_CONCURRENCY).toBeLessThanOrEqual(20);
  });

  it('sends a file of any other type straight to its results, and fails the execution when the results say so', () => {
    expect(states.Format.Default).toBe('UnsupportedFile');
    expect(states.UnsupportedFile.Next).toBe('WriteResults');
    expect(states['Complete?'].Default).toBe('PlacementFailed');
  });

  it('is traced, CMK-encrypted and logs without execution data', () => {
    expect(template.findResources('AWS::StepFunctions::StateMachine')[id(placement.stateMachine)].Properties).toMatchObject({
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: { IncludeExecutionData: false },
      EncryptionConfiguration: { Type: 'CUSTOMER_MANAGED_KMS_KEY', KmsKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } },
    });
  });
});

describe('the file-dropped rule', () => {
  it('starts the state machine for objects created under incoming/ in this bucket only, with retries and a dead-letter queue', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.s3'],
        'detail-type': ['Object Created'],
        detail: { bucket: { name: [{ Ref: bucketId }] }, object: { key: [{ prefix: 'incoming/' }] } },
      },
      Targets: [
        Match.objectLike({
          Arn: { Ref: id(placement.stateMachine) },
          RetryPolicy: { MaximumRetryAttempts: 10, MaximumEventAgeInSeconds: 21600 },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [id(placement.deadLetterQueue), 'Arn'] } },
        }),
      ],
    });
  });
});

describe('placement IAM', () => {
  const roleOf = (fn: { role?: { node: { defaultChild?: unknown } } }) => id(fn.role!);

  it('lets the results function read map-runs/ and write results/ only', () => {
    const s3 = statementsOfRole(roleOf(placement.resultsFunction)).filter((s) => actions([s]).some((a) => a.startsWith('s3:')));
    expect(s3.map((s) => [s.Action, JSON.stringify(s.Resource)])).toEqual([
      ['s3:GetObject', expect.stringContaining('/map-runs/*')],
      ['s3:PutObject', expect.stringContaining('/results/*')],
    ]);
  });

  it('gives the batch function no S3 access and the bucket key only to the state machine and the results function', () => {
    expect(actions(statementsOfRole(roleOf(placement.batchFunction))).some((a) => a.startsWith('s3:'))).toBe(false);
    const keyUsers = Object.values(template.findResources('AWS::IAM::Policy'))
      .filter((p) => JSON.stringify(p.Properties.PolicyDocument).includes(`"${keyId}"`))
      .flatMap((p) => (p.Properties.Roles as { Ref: string }[]).map((r) => r.Ref));
    expect(new Set(keyUsers)).toEqual(new Set([id(placement.stateMachine.role), roleOf(placement.resultsFunction)]));
  });

  it('lets the state machine invoke exactly the two placement functions', () => {
    const invoke = statementsOfRole(id(placement.stateMachine.role)).filter((s) => actions([s]).includes('lambda:InvokeFunction'));
    const targets = JSON.stringify(invoke.map((s) => s.Resource));
    const functionIds = Object.keys(template.findResources('AWS::Lambda::Function')).filter((fid) => targets.includes(`"${fid}"`));
    expect(functionIds.sort()).toEqual([id(placement.batchFunction), id(placement.resultsFunction)].sort());
  });

  it('names the placement bucket in no other role', () => {
    const others = Object.entries(template.findResources('AWS::IAM::Policy'))
      .filter(([, p]) => JSON.stringify(p.Properties.PolicyDocument).includes(bucketId))
      .flatMap(([, p]) => (p.Properties.Roles as { Ref: string }[]).map((r) => r.Ref));
    expect(new Set(others)).toEqual(new Set([id(placement.stateMachine.role), roleOf(placement.resultsFunction)]));
    expect(logicalId(template, 'AWS::S3::Bucket', 'PlacementBucket')).toBe(bucketId);
  });
});
