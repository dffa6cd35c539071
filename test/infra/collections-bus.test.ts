import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { describe, expect, it } from 'vitest';
import { BILLING_DETAIL_TYPES, JOURNEY_START_DETAIL_TYPES } from '../../functions/domain/events';
import { CollectionsBus } from '../../lib/collections-bus';
import './helpers';

function synth(billingAccountIds?: string[]) {
  const stack = new Stack(new App(), 'T', { env: { account: '111111111111', region: 'us-east-1' } });
  const bus = new CollectionsBus(stack, 'Bus', { billingAccountIds });
  const fn = (id: string) =>
    new lambda.Function(stack, id, {
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => {}'),
    });
  const ingest = fn('Ingest');
  const lifecycle = fn('Lifecycle');
  bus.routeDetailTypes('Ingest', JOURNEY_START_DETAIL_TYPES, ingest);
  bus.routeDetailTypes('Lifecycle', { anythingBut: JOURNEY_START_DETAIL_TYPES }, lifecycle);
  const template = Template.fromStack(stack);
  return { stack, bus, template, ingestId: stack.getLogicalId(ingest.node.defaultChild as lambda.CfnFunction) };
}

describe('CollectionsBus', () => {
  const { template, ingestId } = synth(['333333333333']);
  const busId = Object.keys(template.findResources('AWS::Events::EventBus'))[0];

  it('is a custom bus encrypted with a customer-managed key', () => {
    template.hasResourceProperties('AWS::Events::EventBus', {
      Name: 'amicable-collections',
      KmsKeyIdentifier: { 'Fn::GetAtt': [Match.stringLikeRegexp('^BusKey'), 'Arn'] },
    });
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  it('archives every event for a year with its own key', () => {
    template.hasResourceProperties('AWS::Events::Archive', {
      SourceArn: { 'Fn::GetAtt': [busId, 'Arn'] },
      EventPattern: { version: ['0'] },
      RetentionDays: 365,
      KmsKeyIdentifier: { 'Fn::GetAtt': [Match.stringLikeRegexp('^BusArchiveKey'), 'Arn'] },
    });
  });

  it('registers one JSONSchemaDraft4 envelope schema per billing detail-type', () => {
    template.resourceCountIs('AWS::EventSchemas::Registry', 1);
    const schemas = Object.values(template.findResources('AWS::EventSchemas::Schema'));
    expect(schemas).toHaveLength(BILLING_DETAIL_TYPES.length);
    for (const detailType of BILLING_DETAIL_TYPES) {
      const schema = schemas.find((s) => s.Properties.SchemaName === `amicable@${detailType}`);
      expect(schema?.Properties.Type).toBe('JSONSchemaDraft4');
      const content = JSON.parse(schema?.Properties.Content as string);
      expect(content.$schema).toBe('http://json-schema.org/draft-04/schema#');
      expect(content.properties['detail-type'].enum).toEqual([detailType]);
      expect(content.properties.detail.$ref).toBe(`#/definitions/${detailType}`);
      expect(content.definitions[detailType].type).toBe('object');
      expect(content.definitions[detailType].$schema).toBeUndefined();
    }
  });

  it('routes journey-start detail-types to ingest and every other billing detail-type to lifecycle', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventBusName: { Ref: busId },
      EventPattern: { 'detail-type': JOURNEY_START_DETAIL_TYPES, source: [{ 'anything-but': ['amicable'] }] },
      Targets: [
        Match.objectLike({
          Arn: { 'Fn::GetAtt': [ingestId, 'Arn'] },
          RetryPolicy: { MaximumRetryAttempts: 8, MaximumEventAgeInSeconds: 86400 },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^BusIngestDeadLetterQueue'), 'Arn'] } },
        }),
      ],
    });
    template.hasResourceProperties('AWS::Events::Rule', {
      // Unknown detail-types reach lifecycle too, which rejects and keeps them: none is silently dropped.
      EventPattern: { 'detail-type': [{ 'anything-but': JOURNEY_START_DETAIL_TYPES }], source: [{ 'anything-but': ['amicable'] }] },
      Targets: [
        Match.objectLike({
          RetryPolicy: Match.objectLike({ MaximumRetryAttempts: 8 }),
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^BusLifecycleDeadLetterQueue'), 'Arn'] } },
        }),
      ],
    });
  });

  it('gives every target an encrypted, TLS-only dead-letter queue', () => {
    template.resourceCountIs('AWS::SQS::Queue', 2);
    template.allResourcesProperties('AWS::SQS::Queue', { KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^QueueKey'), 'Arn'] } });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
      },
    });
  });

  it('lets the billing accounts, and only them, put events', () => {
    template.hasResourceProperties('AWS::Events::EventBusPolicy', {
      EventBusName: { Ref: busId },
      Statement: Match.objectLike({
        Action: 'events:PutEvents',
        Effect: 'Allow',
        Principal: { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::333333333333:root']] } },
      }),
    });
  });

  it('has no bus policy without billing accounts, and refuses a bad account id', () => {
    synth().template.resourceCountIs('AWS::Events::EventBusPolicy', 0);
    expect(() => synth(['12345'])).toThrow(/billingAccountIds: '12345'/);
  });
});
