import {
  AccountSuspendedException,
  LimitExceededException,
  MailFromDomainNotVerifiedException,
  MessageRejected,
  NotFoundException,
  SendEmailCommand,
  SendingPausedException,
  SESv2Client,
  TooManyRequestsException,
} from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { SesV2EmailChannel } from '../../../functions/adapters/channels/ses-v2';
import { decodeSesTagValue, encodeSesTagValue } from '../../../functions/adapters/channels/ses-tags';
import { ChannelPermanentError, ChannelThrottledError } from '../../../functions/domain/errors';
import { message } from './messages';

const $metadata = {};
const client = new SESv2Client({ region: 'us-east-1' });
const mock = mockClient(client);
const channel = new SesV2EmailChannel({
  client,
  fromEmailAddress: 'Example Energy <billing@example.com>',
  configurationSetName: 'amicable-email',
});
const email = (overrides = {}) =>
  message({
    channel: 'email',
    to: 'sam@example.com',
    messageKey: 'acc-1#2026-11#reminder-1#email',
    subject: 'Your account',
    text: 'Plain text',
    html: '<p>HTML</p>',
    ...overrides,
  });

beforeEach(() => mock.reset());

describe('SesV2EmailChannel', () => {
  it('sends a simple UTF-8 email with text and html parts, configuration set and message key tag', async () => {
    mock.on(SendEmailCommand).resolves({ MessageId: 'ses-1' });

    const receipt = await channel.send(email());

    expect(receipt).toEqual({ providerMessageId: 'ses-1' });
    const input = mock.commandCalls(SendEmailCommand)[0].args[0].input;
    expect(input).toEqual({
      FromEmailAddress: 'Example Energy <billing@example.com>',
      Destination: { ToAddresses: ['sam@example.com'] },
      Content: {
        Simple: {
          Subject: { Data: 'Your account', Charset: 'UTF-8' },
          Body: { Text: { Data: 'Plain text', Charset: 'UTF-8' }, Html: { Data: '<p>HTML</p>', Charset: 'UTF-8' } },
        },
      },
      ConfigurationSetName: 'amicable-email',
      EmailTags: [{ Name: 'messageKey', Value: encodeSesTagValue('acc-1#2026-11#reminder-1#email') }],
    });
    expect(input.EmailTags?.[0].Value).toMatch(/^[A-Za-z0-9_-]{1,256}$/);
  });

  it('omits the html part when there is none', async () => {
    mock.on(SendEmailCommand).resolves({ MessageId: 'ses-2' });
    await channel.send(email({ html: undefined }));
    expect(mock.commandCalls(SendEmailCommand)[0].args[0].input.Content?.Simple?.Body).toEqual({
      Text: { Data: 'Plain text', Charset: 'UTF-8' },
    });
  });

  it('refuses other channels and emails without a subject, without calling SES', async () => {
    await expect(channel.send(message({ channel: 'sms' }))).rejects.toThrow(/cannot send on the sms channel/);
    await expect(channel.send(email({ subject: undefined }))).rejects.toThrow(/subject/);
    expect(mock.calls()).toHaveLength(0);
  });

  it.each([
    ['TooManyRequestsException', new TooManyRequestsException({ message: 'x', $metadata })],
    ['LimitExceededException', new LimitExceededException({ message: 'x', $metadata })],
  ])('%s -> ChannelThrottledError', async (_name, error) => {
    mock.on(SendEmailCommand).rejects(error);
    await expect(channel.send(email())).rejects.toBeInstanceOf(ChannelThrottledError);
  });

  it('MessageRejected -> permanent rejected', async () => {
    mock.on(SendEmailCommand).rejects(new MessageRejected({ message: 'bad content', $metadata }));
    const error = await channel.send(email()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChannelPermanentError);
    expect(error).toMatchObject({ reason: 'rejected', name: 'ChannelPermanentFailure' });
  });

  it.each([
    ['AccountSuspendedException', new AccountSuspendedException({ message: 'x', $metadata })],
    ['SendingPausedException', new SendingPausedException({ message: 'x', $metadata })],
    ['MailFromDomainNotVerifiedException', new MailFromDomainNotVerifiedException({ message: 'x', $metadata })],
    ['NotFoundException', new NotFoundException({ message: 'x', $metadata })],
  ])('%s is an operator problem and propagates unchanged', async (_name, error) => {
    mock.on(SendEmailCommand).rejects(error);
    await expect(channel.send(email())).rejects.toBe(error);
  });
});

describe('SES tag encoding', () => {
  it('round-trips any message key through the SES tag alphabet', () => {
    const key = 'acc/1#cycle:2026-11#step 1#email#é';
    const encoded = encodeSesTagValue(key);
    expect(encoded).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeSesTagValue(encoded)).toBe(key);
  });

  it('refuses keys that cannot fit in a tag', () => {
    expect(() => encodeSesTagValue('k'.repeat(200))).toThrow(/does not fit/);
    expect(() => encodeSesTagValue('')).toThrow(/does not fit/);
  });
});
