/**
 * SMS and voice through an existing Amazon Pinpoint project's SendMessages API. Amazon Pinpoint reached
 * end of support on 30 October 2026: its SMS and voice APIs continue under AWS End User Messaging, its
 * projects, campaigns, journeys and email do not, so email goes through SES v2 (from-settings.ts) and
 * this adapter refuses it. Only for teams that already have a Pinpoint project.
 */
import { SendMessagesCommand, type DirectMessageConfiguration, type MessageResult, type PinpointClient } from '@aws-sdk/client-pinpoint';
import { ChannelPermanentError, ChannelThrottledError } from '../../domain/errors';
import type { ChannelPort, DeliveryReceipt, OutboundMessage } from '../../domain/ports';
import type { Channel } from '../../domain/types';
import { describe, isProviderError } from './provider-error';

export interface PinpointChannelOptions {
  client: PinpointClient;
  applicationId: string;
  /** Long code, toll-free number or short code for SMS and voice; the project default when omitted. */
  originationNumber?: string;
}

/** The channels whose SendMessages API outlived Pinpoint's end of support. */
const CHANNEL_TYPES: Partial<Record<Channel, 'SMS' | 'VOICE'>> = { sms: 'SMS', voice: 'VOICE' };

/** Polly language codes and voices for the message languages we write templates in. */
const VOICES: Record<string, { languageCode: string; voiceId: string }> = {
  en: { languageCode: 'en-US', voiceId: 'Joanna' },
  es: { languageCode: 'es-US', voiceId: 'Lupe' },
};

export class PinpointChannel implements ChannelPort {
  constructor(private readonly options: PinpointChannelOptions) {}

  async send(message: OutboundMessage): Promise<DeliveryReceipt> {
    const channelType = CHANNEL_TYPES[message.channel];
    if (!channelType) {
      throw new Error(
        `Pinpoint sends ${Object.keys(CHANNEL_TYPES).join(' and ')} only since its end of support; ${message.channel} goes through SES`,
      );
    }
    let result: MessageResult | undefined;
    try {
      const output = await this.options.client.send(
        new SendMessagesCommand({
          ApplicationId: this.options.applicationId,
          MessageRequest: {
            Addresses: { [message.to]: { ChannelType: channelType } },
            // Context travels with the message into Pinpoint's event stream, for correlation.
            // (TraceId is not used: Pinpoint can show it to recipients.)
            Context: { messageKey: message.messageKey },
            MessageConfiguration: this.configuration(message),
          },
        }),
      );
      result = output.MessageResponse?.Result?.[message.to];
    } catch (error) {
      if (isProviderError(error, 'TooManyRequestsException')) {
        throw new ChannelThrottledError(`Pinpoint throttled: ${describe(error)}`);
      }
      throw error;
    }
    return receiptFrom(result);
  }

  private configuration(message: OutboundMessage): DirectMessageConfiguration {
    switch (message.channel) {
      case 'sms':
        return {
          SMSMessage: { Body: message.text, MessageType: 'TRANSACTIONAL', OriginationNumber: this.options.originationNumber },
        };
      case 'voice': {
        // SendMessages voice takes a plain-text script; the SSML variant is for the v2 API.
        const voice = VOICES[message.language] ?? VOICES.en;
        return {
          VoiceMessage: {
            Body: message.text,
            LanguageCode: voice.languageCode,
            VoiceId: voice.voiceId,
            OriginationNumber: this.options.originationNumber,
          },
        };
      }
      default:
        throw new Error(`no Pinpoint message configuration for ${message.channel}`);
    }
  }
}

/**
 * SendMessages answers 200 even when the address failed, so the per-address result decides.
 * DUPLICATE is not treated as sent: with one address per request it signals something unexpected, it
 * carries no MessageId to match delivery events against, and we cannot prove a message went out. A plain
 * error leaves the step's claim unconfirmed for reconciliation -- never a silent second message.
 */
function receiptFrom(result: MessageResult | undefined): DeliveryReceipt {
  const status = result?.DeliveryStatus;
  const detail = `DeliveryStatus ${status ?? 'missing'} (StatusCode ${result?.StatusCode ?? 'n/a'})`;
  switch (status) {
    case 'SUCCESSFUL':
      if (!result?.MessageId) throw new Error('Pinpoint reported SUCCESSFUL but returned no MessageId');
      return { providerMessageId: result.MessageId };
    case 'THROTTLED':
      throw new ChannelThrottledError(`Pinpoint throttled the send: ${detail}`);
    case 'PERMANENT_FAILURE':
      throw new ChannelPermanentError('invalid-address', `Pinpoint permanent failure: ${detail}`);
    case 'OPT_OUT':
      throw new ChannelPermanentError('opted-out', `Pinpoint reports the address opted out: ${detail}`);
    default:
      // TEMPORARY_FAILURE, UNKNOWN_FAILURE, DUPLICATE, or a status this code does not know yet.
      throw new Error(`Pinpoint did not send the message: ${detail}`);
  }
}
