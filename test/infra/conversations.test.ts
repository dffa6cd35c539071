/**
 * Conversations: the inbound SMS topic and two-way channel role, the inbound-sms and delivery-events
 * functions, their SNS subscriptions (with redrive), the SES events rule on the default bus, their
 * grants and the stack outputs an operator needs to turn two-way SMS on. One stack, synthesized once
 * without bundling (the stack test bundles every handler).
 */
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { twoWaySmsCommand } from '../../lib/stack-outputs';
import { SES_EVENT_DETAIL_TYPES } from '../../lib/conversations';
import type { AmicableFunction } from '../../lib/lambda-defaults';
import { devConfig, logicalId, synthAmicable } from './helpers';

type Statement = { Sid?: string; Action: string | string[]; Resource: unknown; Effect: string };

const { stack, template } = synthAmicable(devConfig());
const conversations = stack.conversations;
const idOf = (c: { node: { defaultChild?: unknown } }) => stack.getLogicalId(c.node.defaultChild as never);
const arnOf = (c: { node: { defaultChild?: unknown } }) => ({ 'Fn::GetAtt': [idOf(c), 'Arn'] });
const policies = template.findResources('AWS::IAM::Policy');

function statementsOfRole(roleId: string): Statement[] {
  return Object.values(policies)
    .filter((p) => (p.Properties.Roles as { Ref: string }[]).some((r) => r.Ref === roleId))
    .flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]);
}
const statementsOf = (fn: AmicableFunction) => statementsOfRole(idOf(fn.role as never));
const actionsOf = (fn: AmicableFunction) => statementsOf(fn).flatMap((s) => [s.Action].flat());
const envOf = (fn: AmicableFunction) =>
  template.findResources('AWS::Lambda::Function')[idOf(fn)].Properties.Environment.Variables as Record<string, unknown>;

const inboundSms = conversations.inboundSmsFunction;
const deliveryEvents = conversations.deliveryEventsFunction;
const topicId = idOf(conversations.inboundTopic);
const keyId = idOf(conversations.inboundKey as never);

describe('inbound SMS topic', () => {
  it('is encrypted with its own customer-managed key (rotation on) and refuses plain-HTTP publishes', () => {
    template.hasResourceProperties('AWS::SNS::Topic', {
      DisplayName: Match.stringLikeRegexp('inbound SMS'),
      KmsMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
    });
    template.hasResourceProperties('AWS::KMS::Key', {
      Description: Match.stringLikeRegexp('inbound SMS'),
      EnableKeyRotation: true,
    });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: topicId }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Action: 'sns:Publish', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('lets End User Messaging SMS (this account only) publish to it and use its key', () => {
    const smsVoiceSource = {
      StringEquals: { 'aws:SourceAccount': '111111111111' },
      ArnLike: { 'aws:SourceArn': Match.anyValue() },
    };
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: topicId }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Action: 'sns:Publish',
            Principal: { Service: 'sms-voice.amazonaws.com' },
            Resource: { Ref: topicId },
            Condition: smsVoiceSource,
          }),
        ]),
      },
    });
    const key = template.findResources('AWS::KMS::Key')[keyId];
    expect(key.Properties.KeyPolicy.Statement).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          Principal: { Service: 'sms-voice.amazonaws.com' },
          Action: ['kms:GenerateDataKey*', 'kms:Decrypt'],
          Condition: expect.objectContaining({ StringEquals: { 'aws:SourceAccount': '111111111111' } }),
        }),
      ]),
    );
  });

  it('has a two-way channel role End User Messaging SMS can assume to publish to this topic only', () => {
    const roleId = idOf(conversations.twoWayChannelRole);
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          {
            Action: 'sts:AssumeRole',
            Effect: 'Allow',
            Principal: { Service: 'sms-voice.amazonaws.com' },
            Condition: { StringEquals: { 'aws:SourceAccount': '111111111111' } },
          },
        ],
      },
    });
    const statements = statementsOfRole(roleId).map(({ Action, Resource }) => ({ Action, Resource }));
    expect(statements).toEqual([
      { Action: 'sns:Publish', Resource: { Ref: topicId } },
      { Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Resource: { 'Fn::GetAtt': [keyId, 'Arn'] } },
    ]);
  });
});

describe('subscriptions', () => {
  it('subscribes inbound-sms to the inbound topic with a redrive queue', () => {
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'lambda',
      TopicArn: { Ref: topicId },
      Endpoint: arnOf(inboundSms),
      RedrivePolicy: { deadLetterTargetArn: arnOf(conversations.inboundSubscriptionDeadLetterQueue) },
    });
  });

  it('subscribes delivery-events to the SMS/voice events topic with a redrive queue', () => {
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'lambda',
      TopicArn: { Ref: idOf(stack.channels.smsEventsTopic) },
      Endpoint: arnOf(deliveryEvents),
      RedrivePolicy: { deadLetterTargetArn: arnOf(conversations.smsEventsSubscriptionDeadLetterQueue) },
    });
  });

  it('lets SNS (from that topic only) put undeliverable messages on each redrive queue', () => {
    for (const [queue, topic] of [
      [conversations.inboundSubscriptionDeadLetterQueue, conversations.inboundTopic],
      [conversations.smsEventsSubscriptionDeadLetterQueue, stack.channels.smsEventsTopic],
    ] as const) {
      template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: idOf(queue) }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Action: 'sqs:SendMessage',
              Principal: { Service: 'sns.amazonaws.com' },
              Condition: { ArnEquals: { 'aws:SourceArn': { Ref: idOf(topic) } } },
            }),
          ]),
        },
      });
    }
  });

  it('sends asynchronous invocations that failed every retry to one queue per function', () => {
    for (const [fn, queue] of [
      [inboundSms, conversations.inboundSmsFailureQueue],
      [deliveryEvents, conversations.deliveryEventsFailureQueue],
    ] as const) {
      template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
        FunctionName: { Ref: idOf(fn) },
        DestinationConfig: { OnFailure: { Destination: arnOf(queue) } },
        MaximumRetryAttempts: 2,
      });
    }
  });

  it('encrypts and enforces TLS on every queue', () => {
    for (const q of conversations.deadLetterQueues) {
      expect(template.findResources('AWS::SQS::Queue')[idOf(q)].Properties).toMatchObject({
        KmsMasterKeyId: { 'Fn::GetAtt': [expect.stringMatching(/^QueueKey/), 'Arn'] },
        MessageRetentionPeriod: 14 * 24 * 3600,
      });
      template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: idOf(q) }],
        PolicyDocument: {
          Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
        },
      });
    }
  });
});

describe('SES events rule', () => {
  it("takes this stack's configuration set's SES events from the default bus to delivery-events", () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventBusName: 'default',
      EventPattern: {
        source: ['aws.ses'],
        'detail-type': [...SES_EVENT_DETAIL_TYPES],
        detail: { mail: { tags: { 'ses:configuration-set': [{ Ref: idOf(stack.channels.emailConfigurationSet) }] } } },
      },
      Targets: [
        Match.objectLike({
          Arn: arnOf(deliveryEvents),
          DeadLetterConfig: { Arn: arnOf(conversations.sesEventsDeadLetterQueue) },
          RetryPolicy: { MaximumRetryAttempts: 8, MaximumEventAgeInSeconds: 86400 },
        }),
      ],
    });
  });

  it('matches every email event the brief names, and no other source', () => {
    expect([...SES_EVENT_DETAIL_TYPES].sort()).toEqual(
      [
        'Email Bounced',
        'Email Clicked',
        'Email Complaint Received',
        'Email Delivered',
        'Email Delivery Delayed',
        'Email Opened',
        'Email Rejected',
        'Email Sent',
        'Email Subscribed',
      ].sort(),
    );
    const rule = template.findResources('AWS::Events::Rule')[idOf(conversations.sesEventsRule)];
    expect(rule.Properties.EventPattern.source).toEqual(['aws.ses']);
  });
});

describe('grants', () => {
  const table = (prefix: string) => logicalId(template, 'AWS::DynamoDB::Table', prefix);
  const access = (fn: AmicableFunction, tableId: string) => {
    const actions = statementsOf(fn)
      .filter((s) => JSON.stringify(s.Resource).includes(`"${tableId}"`))
      .flatMap((s) => [s.Action].flat());
    const read = actions.includes('dynamodb:GetItem') && actions.includes('dynamodb:Query');
    const write = actions.includes('dynamodb:PutItem') && actions.includes('dynamodb:UpdateItem');
    return read && write ? 'rw' : read ? 'r' : write ? 'w' : '-';
  };

  it('reads and writes account state, the ledger and idempotency records', () => {
    for (const fn of conversations.functions) {
      expect(
        [table('DataStateTable'), table('DataLedgerTable'), table('DataIdempotencyTable')].map((t) => access(fn, t)),
        fn.handlerName,
      ).toEqual(['rw', 'rw', 'rw']);
    }
  });

  it('grants no wildcard action and no table administration', () => {
    for (const fn of conversations.functions) {
      const actions = actionsOf(fn);
      expect(
        actions.filter((a) => a === '*' || a.endsWith(':*')),
        fn.handlerName,
      ).toEqual([]);
      expect(actions.filter((a) => /^dynamodb:(DeleteTable|CreateTable|UpdateTable)$/.test(a))).toEqual([]);
    }
  });

  it('lets inbound-sms answer on the channels, and delivery-events send nothing', () => {
    const sends = (fn: AmicableFunction) => actionsOf(fn).filter((a) => /^(sms-voice|ses|mobiletargeting):/.test(a));
    expect(sends(inboundSms)).toEqual(expect.arrayContaining(['sms-voice:SendTextMessage', 'ses:SendEmail']));
    expect(sends(deliveryEvents)).toEqual([]);
  });

  it('lets both put events on the collections bus only', () => {
    for (const fn of conversations.functions) {
      const put = statementsOf(fn).filter((s) => [s.Action].flat().includes('events:PutEvents'));
      expect(
        put.map((s) => s.Resource),
        fn.handlerName,
      ).toEqual([{ 'Fn::GetAtt': [idOf(stack.bus.eventBus), 'Arn'] }]);
    }
  });

  it('needs no key grant for the topics: SNS decrypts before it invokes Lambda', () => {
    const topicKeys = [keyId, idOf(stack.channels.smsEventsKey as never)];
    for (const fn of conversations.functions) {
      const onTopicKeys = statementsOf(fn).filter((s) => topicKeys.some((k) => JSON.stringify(s.Resource).includes(`"${k}"`)));
      expect(onTopicKeys, fn.handlerName).toEqual([]);
    }
  });

  it("is invoked only by its topic and, for delivery-events, the SES rule and End User Messaging's own delivery status rule", () => {
    const permissions = Object.values(template.findResources('AWS::Lambda::Permission'));
    const of = (fn: AmicableFunction) =>
      permissions
        .filter((p) => JSON.stringify(p.Properties.FunctionName) === JSON.stringify(arnOf(fn)))
        .map((p) => ({ principal: p.Properties.Principal, source: p.Properties.SourceArn }));
    expect(of(inboundSms)).toEqual([{ principal: 'sns.amazonaws.com', source: { Ref: topicId } }]);
    expect(of(deliveryEvents)).toEqual(
      expect.arrayContaining([
        { principal: 'sns.amazonaws.com', source: { Ref: idOf(stack.channels.smsEventsTopic) } },
        { principal: 'events.amazonaws.com', source: arnOf(conversations.sesEventsRule) },
        { principal: 'events.amazonaws.com', source: arnOf(stack.nativeSmsVoiceEvents.deliveryRule) },
      ]),
    );
    expect(of(deliveryEvents)).toHaveLength(3);
  });
});

describe('environment', () => {
  const messageSettings = {
    PAYMENT_URL: 'https://pay.example.com',
    HELP_PHONE_NUMBER: '+18005550123',
    BUSINESS_TIME_ZONE: 'America/New_York',
    EVENT_BUS_NAME: { Ref: idOf(stack.bus.eventBus) },
    STATE_TABLE_NAME: { Ref: table('DataStateTable') },
    LEDGER_TABLE_NAME: { Ref: table('DataLedgerTable') },
    IDEMPOTENCY_TABLE_NAME: { Ref: table('DataIdempotencyTable') },
  };
  function table(prefix: string) {
    return logicalId(template, 'AWS::DynamoDB::Table', prefix);
  }

  it("gives inbound-sms the message settings and the send function's channel settings", () => {
    expect(envOf(inboundSms)).toMatchObject({
      ...messageSettings,
      POWERTOOLS_SERVICE_NAME: 'amicable-inbound-sms',
      CHANNEL_PROVIDER: 'sms-voice-v2+ses',
      SMS_ORIGINATION_IDENTITY: expect.stringMatching(/:pool\/pool-/),
      SMS_CONFIGURATION_SET: { Ref: stack.getLogicalId(stack.channels.smsConfigurationSet!) },
      EMAIL_FROM_ADDRESS: 'billing@example.com',
    });
    const send = template.findResources('AWS::Lambda::Function')[idOf(stack.journey.sendFunction)].Properties.Environment
      .Variables as Record<string, unknown>;
    for (const name of Object.keys(stack.channels.environment)) expect(envOf(inboundSms)[name], name).toEqual(send[name]);
  });

  it('gives delivery-events the message settings and no channel settings', () => {
    expect(envOf(deliveryEvents)).toMatchObject({ ...messageSettings, POWERTOOLS_SERVICE_NAME: 'amicable-delivery-events' });
    expect(envOf(deliveryEvents).CHANNEL_PROVIDER).toBeUndefined();
  });
});

describe('monitoring', () => {
  it('alarms on every new queue and on both functions', () => {
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm'));
    const queueAlarm = (queueId: string) =>
      alarms.filter(
        (a) =>
          a.Properties.MetricName === 'ApproximateNumberOfMessagesVisible' &&
          JSON.stringify(a.Properties.Dimensions).includes(`"${queueId}"`),
      );
    for (const q of conversations.deadLetterQueues) expect(queueAlarm(idOf(q)), q.node.path).toHaveLength(1);
    for (const fn of conversations.functions) {
      expect(
        alarms.filter((a) => a.Properties.MetricName === 'Errors' && JSON.stringify(a.Properties.Dimensions).includes(`"${idOf(fn)}"`)),
        fn.handlerName,
      ).toHaveLength(1);
    }
  });
});

describe('outputs', () => {
  it('exports the inbound topic and the two-way channel role, telling the operator how to enable two-way SMS', () => {
    template.hasOutput('InboundSmsTopicArn', {
      Value: { Ref: topicId },
      Description: Match.stringLikeRegexp(
        'aws pinpoint-sms-voice-v2 update-pool --pool-id pool-0123456789abcdef0123456789abcdef --two-way-enabled --two-way-channel-arn <InboundSmsTopicArn> --two-way-channel-role <TwoWayChannelRoleArn>',
      ),
    });
    template.hasOutput('TwoWayChannelRoleArn', {
      Value: arnOf(conversations.twoWayChannelRole),
      Description: Match.stringLikeRegexp('--two-way-channel-role'),
    });
  });

  it('exports the whole command, filled in', () => {
    const [optOutListId] = Object.keys(template.findResources('AWS::SMSVOICE::OptOutList'));
    template.hasOutput('EnableTwoWaySmsCommand', {
      Value: {
        'Fn::Join': [
          '',
          [
            'aws pinpoint-sms-voice-v2 update-pool --pool-id pool-0123456789abcdef0123456789abcdef --two-way-enabled --two-way-channel-arn ',
            { Ref: topicId },
            ' --two-way-channel-role ',
            arnOf(conversations.twoWayChannelRole),
            ' --opt-out-list-name ',
            { 'Fn::GetAtt': [optOutListId, 'Arn'] },
            ' --no-self-managed-opt-outs-enabled --region us-east-1',
          ],
        ],
      },
    });
  });

  it("attaches the stack's opt-out list to the identity, so a STOP lands in the list its sends are checked against", () => {
    const [optOutListId] = Object.keys(template.findResources('AWS::SMSVOICE::OptOutList'));
    template.hasOutput('OptOutListArn', { Value: { 'Fn::GetAtt': [optOutListId, 'Arn'] } });
    const command = JSON.stringify(template.findOutputs('EnableTwoWaySmsCommand'));
    expect(command).toContain(`--opt-out-list-name ",{"Fn::GetAtt":["${optOutListId}","Arn"]}`);
    expect(command).toContain('--no-self-managed-opt-outs-enabled');
  });

  it('picks update-pool or update-phone-number from the origination identity', () => {
    expect(twoWaySmsCommand('pool-0123456789abcdef0123456789abcdef')).toEqual({
      verb: 'update-pool',
      idOption: '--pool-id',
      id: 'pool-0123456789abcdef0123456789abcdef',
    });
    expect(twoWaySmsCommand('arn:aws:sms-voice:us-east-1:111111111111:phone-number/phone-0123456789abcdef0123456789abcdef')).toEqual({
      verb: 'update-phone-number',
      idOption: '--phone-number-id',
      id: 'phone-0123456789abcdef0123456789abcdef',
    });
    // Pinpoint's E.164 origination number: the operator fills in the phone number id.
    expect(twoWaySmsCommand('+18005550123')).toMatchObject({ verb: 'update-phone-number', id: expect.stringMatching(/^<phone-number-id/) });
  });
});

describe('synthesis', () => {
  it('raises no warnings or errors', () => {
    const messages = [
      ...Annotations.fromStack(stack).findWarning('*', Match.anyValue()),
      ...Annotations.fromStack(stack).findError('*', Match.anyValue()),
    ];
    expect(messages.map((m) => `${m.id}: ${JSON.stringify(m.entry.data)}`)).toEqual([]);
  });
});
