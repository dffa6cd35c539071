/**
 * The sweep at scale in the template: the sparse, sharded indexes on the state table (minimal
 * projections), the TTL attribute, the fan-out state machine (a bounded Map over every shard, each
 * shard looping on its cursor, one hour at most) and the sweep function's least-privilege access.
 */
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { STATE_TABLE, SWEEP_INDEXES } from '../../functions/adapters/tables';
import { ALL_SWEEP_SHARDS, SWEEP_CONCURRENCY } from '../../functions/domain/sweep-shards';
import { devConfig, logicalId, synthAmicable } from './helpers';

const { stack, template } = synthAmicable(devConfig());
const stateTableId = logicalId(template, 'AWS::DynamoDB::Table', 'DataStateTable');
const stateTable = template.findResources('AWS::DynamoDB::Table')[stateTableId];
const sweepRoleId = stack.getLogicalId(stack.sweep.sweepFunction.role!.node.defaultChild as never);
type Statement = { Action: string | string[]; Resource: unknown };
const sweepStatements = Object.values(template.findResources('AWS::IAM::Policy'))
  .filter((p) => (p.Properties.Roles as Array<{ Ref: string }>).some((r) => r.Ref === sweepRoleId))
  .flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]);
const indexArn = (name: string) => ({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [stateTableId, 'Arn'] }, `/index/${name}`]] });

describe('the state table for the sweep', () => {
  it('has the three sparse sweep indexes with string shard keys and only the attributes the sweep reads', () => {
    expect(stateTable.Properties.GlobalSecondaryIndexes).toEqual([
      {
        IndexName: 'sweep-open',
        KeySchema: [{ AttributeName: 'openShard', KeyType: 'HASH' }],
        Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['accountId', 'cycleId'] },
      },
      {
        IndexName: 'sweep-claims',
        KeySchema: [
          { AttributeName: 'claimShard', KeyType: 'HASH' },
          { AttributeName: 'claimSweepAt', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: [...SWEEP_INDEXES.openClaims.projection] },
      },
      {
        IndexName: 'sweep-outbox',
        KeySchema: [{ AttributeName: 'outboxShard', KeyType: 'HASH' }],
        Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['accountId'] },
      },
    ]);
    expect(stateTable.Properties.AttributeDefinitions).toEqual(
      expect.arrayContaining(
        ['openShard', 'claimShard', 'claimSweepAt', 'outboxShard'].map((name) => ({ AttributeName: name, AttributeType: 'S' })),
      ),
    );
    // No index copies the customer's profile: only ids, the cycle and the claim's state.
    const projected = Object.values(SWEEP_INDEXES).flatMap((index) => index.projection);
    expect(projected.filter((name) => /customer|phone|email|name|address/i.test(name))).toEqual([]);
  });

  it('expires items on the TTL attribute the adapters write', () => {
    expect(stateTable.Properties.TimeToLiveSpecification).toEqual({ AttributeName: STATE_TABLE.timeToLiveAttribute, Enabled: true });
  });
});

describe('the sweep state machine', () => {
  const definition = () => {
    const machine =
      template.findResources('AWS::StepFunctions::StateMachine')[
        stack.getLogicalId(stack.sweep.fanOut.stateMachine.node.defaultChild as never)
      ];
    const body = machine.Properties.DefinitionString as { 'Fn::Join': [string, unknown[]] };
    const text = body['Fn::Join'][1].map((part) => (typeof part === 'string' ? part : 'TOKEN')).join('');
    return { machine, asl: JSON.parse(text) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
  };

  it('maps every shard, a bounded number at once, each looping on its cursor, then adds up the totals', () => {
    const { asl } = definition();
    expect(asl.StartAt).toBe('Shards');
    expect(asl.States.Shards.Parameters).toEqual({ shards: [...ALL_SWEEP_SHARDS] });
    const map = asl.States.EveryShard;
    expect(map).toMatchObject({ Type: 'Map', MaxConcurrency: SWEEP_CONCURRENCY, ItemsPath: '$.shards', Next: 'Report' });
    expect(map.ItemSelector).toEqual({ 'shard.$': '$$.Map.Item.Value' });
    const inner = map.ItemProcessor.States;
    expect(inner.SweepShard.Next).toBe('ShardDone');
    // Lambda's service errors (CDK's default retry), then any failure: a run carries on from the cursor it was given.
    expect(inner.SweepShard.Retry.at(-1)).toMatchObject({ ErrorEquals: ['States.ALL'], MaxAttempts: 3 });
    expect(inner.ShardDone.Choices).toEqual([{ Variable: '$.cursor', IsPresent: true, Next: 'SweepShard' }]);
    expect(inner.ShardDone.Default).toBe('ShardSwept');
    expect(asl.States.Report.Parameters).toEqual({ 'shards.$': '$' });
    expect(asl.TimeoutSeconds).toBe(3600);
    expect(SWEEP_CONCURRENCY).toBeLessThanOrEqual(40); // an inline Map runs at most 40 iterations at once
  });

  it('is encrypted with the data key and logs transitions without execution data', () => {
    const { machine } = definition();
    expect(machine.Properties.EncryptionConfiguration).toMatchObject({ Type: 'CUSTOMER_MANAGED_KMS_KEY' });
    expect(machine.Properties.LoggingConfiguration).toMatchObject({ IncludeExecutionData: false, Level: 'ALL' });
    expect(machine.Properties.TracingConfiguration).toEqual({ Enabled: true });
  });
});

describe('the sweep function', () => {
  it('queries only the sweep indexes, never the table, and never scans or deletes', () => {
    const onState = sweepStatements.filter((s) => JSON.stringify(s.Resource).includes(stateTableId));
    const actions = onState.flatMap((s) => [s.Action].flat());
    expect(actions).not.toContain('dynamodb:Scan');
    expect(actions).not.toContain('dynamodb:DeleteItem');
    const stateQueries = onState.filter((s) => [s.Action].flat().includes('dynamodb:Query'));
    expect(stateQueries).toEqual([
      { Action: 'dynamodb:Query', Effect: 'Allow', Resource: ['sweep-open', 'sweep-claims', 'sweep-outbox'].map(indexArn) },
    ]);
    const items = sweepStatements.find((s) => JSON.stringify(s.Resource) === JSON.stringify({ 'Fn::GetAtt': [stateTableId, 'Arn'] }));
    expect([items?.Action].flat().sort()).toEqual(
      ['dynamodb:BatchGetItem', 'dynamodb:ConditionCheckItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'].sort(),
    );
  });

  it('is invoked by the sweep state machine only, which the schedule starts', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      Target: Match.objectLike({ Arn: { Ref: stack.getLogicalId(stack.sweep.fanOut.stateMachine.node.defaultChild as never) } }),
    });
    const permissions = Object.values(template.findResources('AWS::Lambda::Permission')).filter((p) =>
      JSON.stringify(p.Properties.FunctionName).includes(stack.getLogicalId(stack.sweep.sweepFunction.node.defaultChild as never)),
    );
    expect(permissions).toEqual([]);
  });
});
