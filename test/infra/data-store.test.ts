import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { IDEMPOTENCY_TABLE, LEDGER_TABLE, STATE_TABLE } from '../../functions/adapters/tables';
import { DataStore } from '../../lib/data-store';
import './helpers';

function synth(removalPolicy: 'retain' | 'destroy') {
  const stack = new Stack(new App(), 'T', { env: { account: '111111111111', region: 'us-east-1' } });
  const store = new DataStore(stack, 'Data', { removalPolicy });
  return { store, template: Template.fromStack(stack) };
}

describe('DataStore', () => {
  const { store, template } = synth('retain');
  const keyId = Object.keys(template.findResources('AWS::KMS::Key'))[0];

  it('creates one customer-managed key with rotation on', () => {
    template.resourceCountIs('AWS::KMS::Key', 1);
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  it.each([
    ['StateTable', STATE_TABLE],
    ['LedgerTable', LEDGER_TABLE],
    ['IdempotencyTable', IDEMPOTENCY_TABLE],
  ])('%s follows its shape: keys, TTL, on-demand, KMS CMK, PITR', (_name, shape) => {
    const keySchema = [{ AttributeName: shape.partitionKey, KeyType: 'HASH' }];
    if (shape.sortKey) keySchema.push({ AttributeName: shape.sortKey, KeyType: 'RANGE' });
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: keySchema,
      BillingMode: 'PAY_PER_REQUEST',
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      TimeToLiveSpecification: shape.timeToLiveAttribute ? { AttributeName: shape.timeToLiveAttribute, Enabled: true } : Match.absent(),
      DeletionProtectionEnabled: true,
    });
  });

  it.each([
    ['StateTable', 'accounts, journeys, send claims, lookups, parked events, links'],
    ['LedgerTable', 'the evidence'],
  ])('%s expires its items (%s) by expiresAt, the attribute the adapters write', (name) => {
    const [, table] = Object.entries(template.findResources('AWS::DynamoDB::Table')).find(([id]) => id.startsWith(`Data${name}`))!;
    expect(table.Properties.TimeToLiveSpecification).toEqual({ AttributeName: 'expiresAt', Enabled: true });
  });

  it('retains tables and key when removalPolicy is retain', () => {
    template.resourceCountIs('AWS::DynamoDB::Table', 3);
    for (const t of Object.values(template.findResources('AWS::DynamoDB::Table'))) {
      expect(t.DeletionPolicy).toBe('Retain');
      expect(t.UpdateReplacePolicy).toBe('Retain');
    }
    expect(template.findResources('AWS::KMS::Key')[keyId].DeletionPolicy).toBe('Retain');
  });

  it('destroys tables without deletion protection when removalPolicy is destroy', () => {
    const { template: t } = synth('destroy');
    for (const table of Object.values(t.findResources('AWS::DynamoDB::Table'))) {
      expect(table.DeletionPolicy).toBe('Delete');
      expect(table.Properties.DeletionProtectionEnabled).toBe(false);
    }
  });

  it('exposes the table-name environment the functions read', () => {
    expect(Object.keys(store.environment).sort()).toEqual(['IDEMPOTENCY_TABLE_NAME', 'LEDGER_TABLE_NAME', 'STATE_TABLE_NAME']);
  });
});
