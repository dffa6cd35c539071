import {
  BadRequestException,
  PinpointClient,
  SendMessagesCommand,
  TooManyRequestsException,
  type MessageResult,
} from '@aws-sdk/client-pinpoint';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { PinpointChannel } from '../../../functions/adapters/channels/pinpoint';
import { ChannelPermanentError, ChannelThrottledError } from '../../../functions/domain/errors';
import { message } from './messages';

const client = new PinpointClient({ region: 'us-east-1' });
const mock = mockClient(client);
const channel = new PinpointChannel({
  client,
  applicationId: 'app-1',
  originationNumber: '+12065550100',
});

function answer(to: string, result: MessageResult) {
  mock.on(SendMessagesCommand).resolves({ MessageResponse: { ApplicationId: 'app-1', Result: { [to]: result } } });
}

beforeEach(() => mock.reset());

describe('PinpointChannel requests', () => {
  it('sends sms to the address with the origination number and message key context', async () => {
    answer('+12065550123', { DeliveryStatus: 'SUCCESSFUL', StatusCode: 200, MessageId: 'pp-1' });

    expect(await channel.send(message())).toEqual({ providerMessageId: 'pp-1' });
    expect(mock.commandCalls(SendMessagesCommand)[0].args[0].input).toEqual({
      ApplicationId: 'app-1',
      MessageRequest: {
        Addresses: { '+12065550123': { ChannelType: 'SMS' } },
        Context: { messageKey: 'acc-1#2026-11#reminder-1#sms' },
        MessageConfiguration: {
          SMSMessage: { Body: 'Hello from Example Energy.', MessageType: 'TRANSACTIONAL', OriginationNumber: '+12065550100' },
        },
      },
    });
  });

  it('refuses email, which Pinpoint no longer sends after its end of support (30 October 2026), and calls nothing', async () => {
    await expect(channel.send(message({ channel: 'email', to: 'sam@example.com', subject: 'Subj', text: 'T' }))).rejects.toThrow(
      /sms and voice only.*email goes through SES/,
    );
    expect(mock.commandCalls(SendMessagesCommand)).toHaveLength(0);
  });

  it('sends voice as a plain-text script with the language voice', async () => {
    answer('+12065550123', { DeliveryStatus: 'SUCCESSFUL', StatusCode: 200, MessageId: 'pp-3' });

    await channel.send(message({ channel: 'voice', language: 'es', text: 'Hola', ssml: '<speak>Hola</speak>' }));

    const request = mock.commandCalls(SendMessagesCommand)[0].args[0].input.MessageRequest;
    expect(request?.Addresses).toEqual({ '+12065550123': { ChannelType: 'VOICE' } });
    expect(request?.MessageConfiguration).toEqual({
      VoiceMessage: { Body: 'Hola', LanguageCode: 'es-US', VoiceId: 'Lupe', OriginationNumber: '+12065550100' },
    });
  });
});

describe('PinpointChannel results', () => {
  it('THROTTLED -> ChannelThrottledError', async () => {
    answer('+12065550123', { DeliveryStatus: 'THROTTLED', StatusCode: 429 });
    await expect(channel.send(message())).rejects.toBeInstanceOf(ChannelThrottledError);
  });

  it('PERMANENT_FAILURE -> permanent invalid-address', async () => {
    answer('+12065550123', { DeliveryStatus: 'PERMANENT_FAILURE', StatusCode: 400 });
    const error = await channel.send(message()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChannelPermanentError);
    expect(error).toMatchObject({ reason: 'invalid-address' });
  });

  it('OPT_OUT -> permanent opted-out', async () => {
    answer('+12065550123', { DeliveryStatus: 'OPT_OUT', StatusCode: 400 });
    await expect(channel.send(message())).rejects.toMatchObject({ name: 'ChannelPermanentFailure', reason: 'opted-out' });
  });

  it.each(['TEMPORARY_FAILURE', 'UNKNOWN_FAILURE', 'DUPLICATE'] as const)(
    '%s -> a plain error naming the status (not sent, not permanent, not throttled)',
    async (status) => {
      answer('+12065550123', { DeliveryStatus: status, StatusCode: 500, MessageId: 'maybe' });
      const error = await channel.send(message()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Error);
      expect(error).not.toBeInstanceOf(ChannelThrottledError);
      expect(error).not.toBeInstanceOf(ChannelPermanentError);
      expect((error as Error).message).toContain(status);
    },
  );

  it('a response without a result for the address is an error', async () => {
    mock.on(SendMessagesCommand).resolves({ MessageResponse: { ApplicationId: 'app-1', Result: {} } });
    await expect(channel.send(message())).rejects.toThrow(/missing/);
  });

  it('TooManyRequestsException -> ChannelThrottledError', async () => {
    mock.on(SendMessagesCommand).rejects(new TooManyRequestsException({ message: 'x', $metadata: {} }));
    await expect(channel.send(message())).rejects.toBeInstanceOf(ChannelThrottledError);
  });

  it('other exceptions propagate unchanged', async () => {
    const bad = new BadRequestException({ message: 'x', $metadata: {} });
    mock.on(SendMessagesCommand).rejects(bad);
    await expect(channel.send(message())).rejects.toBe(bad);
  });
});
