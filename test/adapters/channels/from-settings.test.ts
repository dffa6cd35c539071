import { PinpointClient, SendMessagesCommand } from '@aws-sdk/client-pinpoint';
import { PinpointSMSVoiceV2Client, SendTextMessageCommand, SendVoiceMessageCommand } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import {
  SendEmailCommand,
  SESv2Client,
  type ServiceInputTypes,
  type ServiceOutputTypes,
  type SESv2ClientResolvedConfig,
} from '@aws-sdk/client-sesv2';
import { mockClient, type AwsStub } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import {
  channelSettingsFromEnvironment,
  channelsFromSettings,
  parseChannelSettings,
  type ChannelSettingsInput,
} from '../../../functions/adapters/channels/from-settings';
import { message } from './messages';

const v2Settings: ChannelSettingsInput = {
  provider: 'sms-voice-v2+ses',
  smsOriginationIdentity: 'pool-sms',
  voiceOriginationIdentity: '+12065550100',
  smsConfigurationSet: 'amicable-sms',
  emailFromAddress: 'billing@example.com',
  emailConfigurationSet: 'amicable-email',
};

describe('parseChannelSettings', () => {
  it('accepts complete settings for each provider', () => {
    expect(parseChannelSettings(v2Settings)).toEqual(v2Settings);
    const pinpoint = {
      provider: 'pinpoint',
      pinpointApplicationId: 'app-1',
      emailFromAddress: 'b@example.com',
      emailConfigurationSet: 'e',
    } as const;
    expect(parseChannelSettings(pinpoint)).toEqual(pinpoint);
  });

  it('names each missing setting and its environment variable', () => {
    expect(() => parseChannelSettings({ provider: 'sms-voice-v2+ses', smsOriginationIdentity: 'pool-sms' })).toThrow(
      /smsConfigurationSet \(SMS_CONFIGURATION_SET\).*emailFromAddress \(EMAIL_FROM_ADDRESS\).*emailConfigurationSet \(EMAIL_CONFIGURATION_SET\)/,
    );
    expect(() => parseChannelSettings({ provider: 'pinpoint' })).toThrow(
      /pinpointApplicationId \(PINPOINT_APPLICATION_ID\) is missing or empty; provider 'pinpoint' needs it.*emailConfigurationSet \(EMAIL_CONFIGURATION_SET\)/,
    );
  });

  it('treats blank values as missing', () => {
    expect(() => parseChannelSettings({ ...v2Settings, smsOriginationIdentity: '  ' })).toThrow(
      /smsOriginationIdentity \(SMS_ORIGINATION_IDENTITY\)/,
    );
  });

  it('rejects an unknown provider by name', () => {
    expect(() => parseChannelSettings({ provider: 'twilio' })).toThrow(/provider \(CHANNEL_PROVIDER\) must be .*"twilio"/);
  });
});

describe('channelsFromSettings', () => {
  it('validates eagerly', () => {
    expect(() => channelsFromSettings({ provider: 'pinpoint' })).toThrow(/PINPOINT_APPLICATION_ID/);
  });

  it('sms-voice-v2+ses: texts and calls through End User Messaging, email through SES', async () => {
    const smsVoice = new PinpointSMSVoiceV2Client({ region: 'us-east-1' });
    const ses = new SESv2Client({ region: 'us-east-1' });
    const smsMock = mockClient(smsVoice).on(SendTextMessageCommand).resolves({ MessageId: 't' });
    smsMock.on(SendVoiceMessageCommand).resolves({ MessageId: 'v' });
    const sesMock = mockClient(ses).on(SendEmailCommand).resolves({ MessageId: 'e' });

    const channels = channelsFromSettings(v2Settings, { smsVoice, ses });

    expect(await channels.send(message())).toEqual({ providerMessageId: 't' });
    expect(await channels.send(message({ channel: 'voice', ssml: '<speak>x</speak>' }))).toEqual({ providerMessageId: 'v' });
    expect(await channels.send(message({ channel: 'email', to: 'a@example.com', subject: 's' }))).toEqual({
      providerMessageId: 'e',
    });
    expect(smsMock.commandCalls(SendTextMessageCommand)[0].args[0].input).toMatchObject({
      OriginationIdentity: 'pool-sms',
      ConfigurationSetName: 'amicable-sms',
    });
    expect(smsMock.commandCalls(SendVoiceMessageCommand)[0].args[0].input.OriginationIdentity).toBe('+12065550100');
    expect(sesMock.commandCalls(SendEmailCommand)[0].args[0].input).toMatchObject({
      FromEmailAddress: 'billing@example.com',
      ConfigurationSetName: 'amicable-email',
    });
  });

  it("pinpoint: texts and calls go through SendMessages, email through SES (Pinpoint's email ended with its support)", async () => {
    const pinpoint = new PinpointClient({ region: 'us-east-1' });
    const mock = mockClient(pinpoint)
      .on(SendMessagesCommand)
      .callsFake((input: { MessageRequest: { Addresses: Record<string, unknown> } }) => {
        const to = Object.keys(input.MessageRequest.Addresses)[0];
        return {
          MessageResponse: {
            ApplicationId: 'app-1',
            Result: { [to]: { DeliveryStatus: 'SUCCESSFUL', StatusCode: 200, MessageId: `pp-${to}` } },
          },
        };
      });

    const ses = new SESv2Client({ region: 'us-east-1' });
    const sesMock = mockClient(ses).on(SendEmailCommand).resolves({ MessageId: 'ses-1' });
    const channels = channelsFromSettings(
      {
        provider: 'pinpoint',
        pinpointApplicationId: 'app-1',
        smsOriginationIdentity: '+12065550100',
        emailFromAddress: 'billing@example.com',
        emailConfigurationSet: 'amicable-email',
      },
      { pinpoint, ses },
    );
    await channels.send(message());
    await channels.send(message({ channel: 'voice', text: 'Hello' }));
    expect(await channels.send(message({ channel: 'email', to: 'a@example.com', subject: 's' }))).toEqual({ providerMessageId: 'ses-1' });

    const inputs = mock.commandCalls(SendMessagesCommand).map((c) => c.args[0].input);
    expect(inputs.map((i) => Object.values(i.MessageRequest!.Addresses!)[0].ChannelType)).toEqual(['SMS', 'VOICE']);
    expect(inputs[0].MessageRequest?.MessageConfiguration?.SMSMessage?.OriginationNumber).toBe('+12065550100');
    expect(sesMock.commandCalls(SendEmailCommand)[0].args[0].input).toMatchObject({
      FromEmailAddress: 'billing@example.com',
      ConfigurationSetName: 'amicable-email',
    });
  });

  describe('clients it creates itself', () => {
    // Mocks the class (every instance); made inside the test because mocking an instance elsewhere in
    // this file restores a prototype stub made earlier.
    let sesClass: AwsStub<ServiceInputTypes, ServiceOutputTypes, SESv2ClientResolvedConfig> | undefined;
    afterEach(() => sesClass?.restore());

    it('are made on first use, with SDK retries off so a timeout never becomes a second message', async () => {
      sesClass = mockClient(SESv2Client);
      sesClass.on(SendEmailCommand).resolves({ MessageId: 'e' });
      const channels = channelsFromSettings(v2Settings);
      expect(sesClass.calls()).toHaveLength(0);

      await channels.send(message({ channel: 'email', to: 'a@example.com', subject: 's' }));

      const created = sesClass.send.getCall(0).thisValue as SESv2Client;
      expect(await created.config.maxAttempts()).toBe(1);
    });
  });
});

describe('channelSettingsFromEnvironment', () => {
  it('reads the documented variables, defaulting the provider and dropping blanks', () => {
    expect(
      channelSettingsFromEnvironment({
        SMS_ORIGINATION_IDENTITY: 'pool-sms',
        SMS_CONFIGURATION_SET: 'amicable-sms',
        VOICE_ORIGINATION_IDENTITY: ' ',
        EMAIL_FROM_ADDRESS: 'billing@example.com',
        EMAIL_CONFIGURATION_SET: 'amicable-email',
      }),
    ).toEqual({
      provider: 'sms-voice-v2+ses',
      smsOriginationIdentity: 'pool-sms',
      voiceOriginationIdentity: undefined,
      smsConfigurationSet: 'amicable-sms',
      emailFromAddress: 'billing@example.com',
      emailConfigurationSet: 'amicable-email',
      pinpointApplicationId: undefined,
    });
    expect(channelSettingsFromEnvironment({ CHANNEL_PROVIDER: 'pinpoint', PINPOINT_APPLICATION_ID: 'app' })).toMatchObject({
      provider: 'pinpoint',
      pinpointApplicationId: 'app',
    });
  });
});
