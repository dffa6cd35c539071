import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { describe, expect, it } from 'vitest';
import { Channels, originationArn, type ChannelsProps } from '../../lib/channels';
import './helpers';

const POOL = 'pool-0123456789abcdef0123456789abcdef';
const PHONE_ARN = 'arn:aws:sms-voice:us-east-1:111111111111:phone-number/phone-0123456789abcdef0123456789abcdef';

function synth(overrides: Partial<ChannelsProps> = {}) {
  const stack = new Stack(new App(), 'T', { env: { account: '111111111111', region: 'us-east-1' } });
  const channels = new Channels(stack, 'Channels', {
    sms: { originationIdentity: POOL, voiceOriginationIdentity: PHONE_ARN },
    email: { fromAddress: 'billing@example.com', sesIdentity: 'example.com' },
    ...overrides,
  });
  const role = new iam.Role(stack, 'Sender', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
  channels.grantSend(role);
  const template = Template.fromStack(stack);
  const statements = () =>
    Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
      (p) => p.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[],
    );
  return { stack, channels, template, statements };
}

const poolArn = {
  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:sms-voice:us-east-1:111111111111:pool/${POOL}`]],
};

describe('Channels', () => {
  const { template, statements, channels } = synth();

  it('creates an SMS/voice configuration set publishing all events to an encrypted SNS topic', () => {
    template.hasResourceProperties('AWS::SMSVOICE::ConfigurationSet', {
      EventDestinations: [
        {
          Enabled: true,
          EventDestinationName: 'amicable-sns',
          MatchingEventTypes: ['ALL'],
          SnsDestination: { TopicArn: { Ref: Match.stringLikeRegexp('^ChannelsSmsEventsTopic') } },
        },
      ],
    });
    template.hasResourceProperties('AWS::SNS::Topic', {
      KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ChannelsSmsEventsKey'), 'Arn'] },
    });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Action: 'sns:Publish', Principal: { Service: 'sms-voice.amazonaws.com' } })]),
      },
    });
    template.resourceCountIs('AWS::SMSVOICE::OptOutList', 1);
  });

  it('creates an SES configuration set whose events go to the default EventBridge bus', () => {
    template.hasResourceProperties('AWS::SES::ConfigurationSet', {
      DeliveryOptions: { TlsPolicy: 'REQUIRE' },
      SuppressionOptions: { SuppressedReasons: ['BOUNCE', 'COMPLAINT'] },
    });
    template.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      EventDestination: {
        Enabled: true,
        MatchingEventTypes: Match.arrayWith(['send', 'delivery', 'bounce', 'complaint', 'open', 'click']),
        EventBridgeDestination: {
          EventBusArn: {
            'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':events:us-east-1:111111111111:event-bus/default']],
          },
        },
      },
    });
  });

  it('grants SMS sends on the pool, the configuration set and the opt-out lists only', () => {
    const sms = statements().find((s) => s.Action === 'sms-voice:SendTextMessage');
    expect(sms?.Resource).toEqual([
      poolArn,
      { 'Fn::GetAtt': [expect.stringMatching(/^ChannelsOptOutList/), 'Arn'] },
      expect.objectContaining({ 'Fn::Join': expect.anything() }),
      { 'Fn::GetAtt': [expect.stringMatching(/^ChannelsSmsConfigurationSet/), 'Arn'] },
    ]);
    const voice = statements().find((s) => s.Action === 'sms-voice:SendVoiceMessage');
    expect((voice?.Resource as unknown[])[0]).toBe(PHONE_ARN);
  });

  it('grants ses:SendEmail on the identity and configuration set only', () => {
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Action: 'ses:SendEmail',
            Effect: 'Allow',
            Resource: [
              { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ses:us-east-1:111111111111:identity/example.com']] },
              {
                'Fn::Join': [
                  '',
                  [
                    'arn:',
                    { Ref: 'AWS::Partition' },
                    ':ses:us-east-1:111111111111:configuration-set/',
                    { Ref: Match.stringLikeRegexp('^ChannelsEmailConfigurationSet') },
                  ],
                ],
              },
            ],
          },
        ]),
      },
    });
  });

  it('grants no wildcard resource and nothing on Pinpoint for sms-voice-v2+ses', () => {
    for (const s of statements()) {
      expect(s.Resource).not.toBe('*');
      expect([s.Action].flat().some((a) => a.startsWith('mobiletargeting:'))).toBe(false);
    }
  });

  it('sets the send function environment', () => {
    expect(Object.keys(channels.environment).sort()).toEqual([
      'CHANNEL_PROVIDER',
      'EMAIL_CONFIGURATION_SET',
      'EMAIL_FROM_ADDRESS',
      'SMS_CONFIGURATION_SET',
      'SMS_ORIGINATION_IDENTITY',
      'VOICE_ORIGINATION_IDENTITY',
    ]);
  });

  it('pinpoint: grants SendMessages on the one project (texts, calls) and SES for email, which Pinpoint no longer sends', () => {
    const { statements: st, channels: c } = synth({
      provider: 'pinpoint',
      pinpointApplicationId: 'abcdef0123456789abcdef0123456789',
      sms: { originationIdentity: '+18005550123' },
    });
    const actions = st().flatMap((s) => [s.Action].flat());
    expect(actions).toEqual(['mobiletargeting:SendMessages', 'ses:SendEmail']);
    expect(JSON.stringify(st()[0].Resource)).toContain(':apps/abcdef0123456789abcdef0123456789');
    expect(JSON.stringify(st()[1].Resource)).toContain(':configuration-set/');
    expect(c.environment).toMatchObject({
      CHANNEL_PROVIDER: 'pinpoint',
      PINPOINT_APPLICATION_ID: 'abcdef0123456789abcdef0123456789',
      EMAIL_CONFIGURATION_SET: expect.anything(),
    });
    expect(() => synth({ provider: 'pinpoint' })).toThrow(/pinpointApplicationId is required/);
  });

  it('uses an existing SMS configuration set instead of creating one', () => {
    const {
      template: t,
      channels: c,
      statements: st,
    } = synth({
      sms: { originationIdentity: POOL, createConfigurationSet: false, configurationSetName: 'collections' },
    });
    t.resourceCountIs('AWS::SMSVOICE::ConfigurationSet', 0);
    expect(c.environment.SMS_CONFIGURATION_SET).toBe('collections');
    const sms = st().find((s) => s.Action === 'sms-voice:SendTextMessage');
    expect(JSON.stringify(sms?.Resource)).toContain(':sms-voice:us-east-1:111111111111:configuration-set/collections');
  });

  it('expands phone and pool ids to ARNs and refuses anything IAM cannot scope', () => {
    const stack = new Stack(new App(), 'S', { env: { account: '111111111111', region: 'us-east-1' } });
    expect(stack.resolve(originationArn(stack, 'phone-0123'))).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':sms-voice:us-east-1:111111111111:phone-number/phone-0123']],
    });
    expect(() => originationArn(stack, '+12065550123')).toThrow(/neither an ARN nor a phone-\/pool- id/);
  });
});
