/**
 * Email through Amazon SES v2. Bounces and complaints arrive later as configuration-set events
 * (EventBridge); this adapter only reports what SES says at send time.
 */
import { SendEmailCommand, type SESv2Client } from '@aws-sdk/client-sesv2';
import { ChannelPermanentError, ChannelThrottledError } from '../../domain/errors';
import type { ChannelPort, DeliveryReceipt, OutboundMessage } from '../../domain/ports';
import { describe, isProviderError } from './provider-error';
import { encodeSesTagValue, MESSAGE_KEY_TAG } from './ses-tags';

export interface SesV2EmailChannelOptions {
  client: SESv2Client;
  /** A verified identity (address or domain) in SES. */
  fromEmailAddress: string;
  /** Its event destination carries bounces, complaints and deliveries back to the lifecycle handler. */
  configurationSetName: string;
}

export class SesV2EmailChannel implements ChannelPort {
  constructor(private readonly options: SesV2EmailChannelOptions) {}

  async send(message: OutboundMessage): Promise<DeliveryReceipt> {
    if (message.channel !== 'email') {
      throw new Error(`SesV2EmailChannel cannot send on the ${message.channel} channel`);
    }
    if (!message.subject) throw new Error('An email needs a subject; the template rendered none');
    try {
      const output = await this.options.client.send(this.command(message));
      if (!output.MessageId) throw new Error('SES accepted the email but returned no MessageId');
      return { providerMessageId: output.MessageId };
    } catch (error) {
      throw mapSesError(error);
    }
  }

  private command(message: OutboundMessage): SendEmailCommand {
    const charset = 'UTF-8';
    return new SendEmailCommand({
      FromEmailAddress: this.options.fromEmailAddress,
      Destination: { ToAddresses: [message.to] },
      Content: {
        Simple: {
          Subject: { Data: message.subject, Charset: charset },
          Body: {
            Text: { Data: message.text, Charset: charset },
            ...(message.html !== undefined ? { Html: { Data: message.html, Charset: charset } } : {}),
          },
        },
      },
      ConfigurationSetName: this.options.configurationSetName,
      EmailTags: [{ Name: MESSAGE_KEY_TAG, Value: encodeSesTagValue(message.messageKey) }],
    });
  }
}

/**
 * Throttling and sending-rate limits: back off. A rejected message: permanent for this address.
 * Account suspended or paused, unverified MAIL FROM, missing configuration set: the operator's problem,
 * not the customer's address, so they propagate unchanged (and should page someone).
 */
function mapSesError(error: unknown): unknown {
  if (isProviderError(error, 'TooManyRequestsException', 'LimitExceededException')) {
    return new ChannelThrottledError(`Email provider throttled: ${describe(error)}`);
  }
  if (isProviderError(error, 'MessageRejected')) {
    return new ChannelPermanentError('rejected', `Email rejected by SES: ${describe(error)}`);
  }
  return error;
}
