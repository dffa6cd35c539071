import {
  ConflictException,
  InternalServerException,
  PinpointSMSVoiceV2Client,
  SendTextMessageCommand,
  SendVoiceMessageCommand,
  ServiceQuotaExceededException,
  ThrottlingException,
  ValidationException,
} from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { SmsVoiceV2Channel } from '../../../functions/adapters/channels/sms-voice-v2';
import { ChannelPermanentError, ChannelThrottledError } from '../../../functions/domain/errors';
import { message } from './messages';

const $metadata = {};
const client = new PinpointSMSVoiceV2Client({ region: 'us-east-1' });
const mock = mockClient(client);

function channel(extra: Partial<ConstructorParameters<typeof SmsVoiceV2Channel>[0]> = {}) {
  return new SmsVoiceV2Channel({
    client,
    smsOriginationIdentity: 'pool-sms',
    configurationSetName: 'amicable-sms',
    ...extra,
  });
}

beforeEach(() => mock.reset());

describe('SmsVoiceV2Channel sms', () => {
  it('sends a transactional text with the origination identity, configuration set and message key', async () => {
    mock.on(SendTextMessageCommand).resolves({ MessageId: 'm-1' });

    const receipt = await channel().send(message());

    expect(receipt).toEqual({ providerMessageId: 'm-1' });
    const calls = mock.commandCalls(SendTextMessageCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0].args[0].input).toEqual({
      DestinationPhoneNumber: '+12065550123',
      OriginationIdentity: 'pool-sms',
      MessageBody: 'Hello from Example Energy.',
      MessageType: 'TRANSACTIONAL',
      ConfigurationSetName: 'amicable-sms',
      Context: { messageKey: 'acc-1#2026-11#reminder-1#sms' },
    });
  });

  it('fails loudly when the provider returns no message id', async () => {
    mock.on(SendTextMessageCommand).resolves({});
    await expect(channel().send(message())).rejects.toThrow(/no MessageId/);
  });

  it('refuses the email channel', async () => {
    await expect(channel().send(message({ channel: 'email', to: 'a@example.com' }))).rejects.toThrow(/email channel/);
    expect(mock.calls()).toHaveLength(0);
  });
});

describe('SmsVoiceV2Channel voice', () => {
  it('sends SSML with the voice identity and a voice for the language', async () => {
    mock.on(SendVoiceMessageCommand).resolves({ MessageId: 'v-1' });

    const receipt = await channel({ voiceOriginationIdentity: '+12065550100' }).send(
      message({ channel: 'voice', language: 'es', ssml: '<speak>Hola</speak>', text: 'Hola' }),
    );

    expect(receipt.providerMessageId).toBe('v-1');
    expect(mock.commandCalls(SendVoiceMessageCommand)[0].args[0].input).toEqual({
      DestinationPhoneNumber: '+12065550123',
      OriginationIdentity: '+12065550100',
      MessageBody: '<speak>Hola</speak>',
      MessageBodyTextType: 'SSML',
      VoiceId: 'LUPE',
      ConfigurationSetName: 'amicable-sms',
      Context: { messageKey: 'acc-1#2026-11#reminder-1#sms' },
    });
    expect(mock.commandCalls(SendTextMessageCommand)).toHaveLength(0);
  });

  it('falls back to the sms identity, plain text and the configured voice', async () => {
    mock.on(SendVoiceMessageCommand).resolves({ MessageId: 'v-2' });

    await channel({ voiceId: 'MATTHEW' }).send(message({ channel: 'voice', text: 'Please call us.' }));

    const input = mock.commandCalls(SendVoiceMessageCommand)[0].args[0].input;
    expect(input.OriginationIdentity).toBe('pool-sms');
    expect(input.MessageBodyTextType).toBe('TEXT');
    expect(input.MessageBody).toBe('Please call us.');
    expect(input.VoiceId).toBe('MATTHEW');
  });

  it('uses JOANNA for English and for languages it has no voice for', async () => {
    mock.on(SendVoiceMessageCommand).resolves({ MessageId: 'v-3' });
    await channel().send(message({ channel: 'voice', ssml: '<speak>Hi</speak>' }));
    await channel().send(message({ channel: 'voice', language: 'fr', ssml: '<speak>Salut</speak>' }));
    expect(mock.commandCalls(SendVoiceMessageCommand).map((c) => c.args[0].input.VoiceId)).toEqual(['JOANNA', 'JOANNA']);
  });
});

describe('SmsVoiceV2Channel error mapping', () => {
  const send = () => channel().send(message());

  it('ThrottlingException -> ChannelThrottledError', async () => {
    mock.on(SendTextMessageCommand).rejects(new ThrottlingException({ message: 'slow down', $metadata }));
    const error = await send().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChannelThrottledError);
    expect((error as Error).name).toBe('ChannelThrottled');
  });

  it('a daily rate quota -> ChannelThrottledError', async () => {
    mock
      .on(SendTextMessageCommand)
      .rejects(new ServiceQuotaExceededException({ message: 'q', $metadata, Reason: 'DAILY_DESTINATION_CALL_LIMIT' }));
    await expect(send()).rejects.toBeInstanceOf(ChannelThrottledError);
  });

  it('a spend limit is not throttling: it propagates unchanged', async () => {
    const spend = new ServiceQuotaExceededException({ message: 'q', $metadata, Reason: 'MONTHLY_SPEND_LIMIT_REACHED_FOR_TEXT' });
    mock.on(SendTextMessageCommand).rejects(spend);
    await expect(send()).rejects.toBe(spend);
  });

  it('opted-out destination -> permanent opted-out', async () => {
    mock
      .on(SendTextMessageCommand)
      .rejects(new ConflictException({ message: 'opted out', $metadata, Reason: 'DESTINATION_PHONE_NUMBER_OPTED_OUT' }));
    const error = await send().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChannelPermanentError);
    expect(error).toMatchObject({ name: 'ChannelPermanentFailure', reason: 'opted-out' });
  });

  it('other conflicts propagate unchanged', async () => {
    const conflict = new ConflictException({ message: 'c', $metadata, Reason: 'RESOURCE_NOT_ACTIVE' });
    mock.on(SendTextMessageCommand).rejects(conflict);
    await expect(send()).rejects.toBe(conflict);
  });

  it('an unparseable destination number -> permanent invalid-address', async () => {
    mock.on(SendTextMessageCommand).rejects(
      new ValidationException({
        message: 'invalid',
        $metadata,
        Reason: 'CANNOT_PARSE',
        Fields: [{ Name: 'DestinationPhoneNumber', Message: 'not E.164' }],
      }),
    );
    const error = await send().catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ChannelPermanentFailure', reason: 'invalid-address' });
  });

  it('the same reason on another field is our bug, not the address: propagates unchanged', async () => {
    const invalidBody = new ValidationException({
      message: 'invalid',
      $metadata,
      Reason: 'INVALID_PARAMETER',
      Fields: [{ Name: 'MessageBody', Message: 'too long' }],
    });
    mock.on(SendTextMessageCommand).rejects(invalidBody);
    await expect(send()).rejects.toBe(invalidBody);
  });

  it('a country our identity cannot reach is configuration: propagates unchanged', async () => {
    const config = new ValidationException({
      message: 'x',
      $metadata,
      Reason: 'INVALID_IDENTITY_FOR_DESTINATION_COUNTRY',
      Fields: [{ Name: 'DestinationPhoneNumber', Message: 'x' }],
    });
    mock.on(SendTextMessageCommand).rejects(config);
    await expect(send()).rejects.toBe(config);
  });

  it('server errors propagate unchanged', async () => {
    const internal = new InternalServerException({ message: 'boom', $metadata });
    mock.on(SendTextMessageCommand).rejects(internal);
    await expect(send()).rejects.toBe(internal);
  });

  it('mapped errors do not carry the provider text (it can quote the number)', async () => {
    mock
      .on(SendTextMessageCommand)
      .rejects(new ConflictException({ message: '+12065550123 opted out', $metadata, Reason: 'DESTINATION_PHONE_NUMBER_OPTED_OUT' }));
    const error = (await send().catch((e: unknown) => e)) as Error;
    expect(error.message).not.toContain('+12065550123');
  });

  it('maps voice errors the same way', async () => {
    mock.on(SendVoiceMessageCommand).rejects(new ThrottlingException({ message: 'slow', $metadata }));
    await expect(channel().send(message({ channel: 'voice', ssml: '<speak>x</speak>' }))).rejects.toBeInstanceOf(ChannelThrottledError);
  });
});
