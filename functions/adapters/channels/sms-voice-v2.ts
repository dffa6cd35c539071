/**
 * SMS and voice through AWS End User Messaging SMS and Voice v2 (the successor to Pinpoint's SMS APIs).
 */
import {
  SendTextMessageCommand,
  SendVoiceMessageCommand,
  type PinpointSMSVoiceV2Client,
  type VoiceId,
} from '@aws-sdk/client-pinpoint-sms-voice-v2';
import type { ChannelPort, DeliveryReceipt, OutboundMessage } from '../../domain/ports';
import { mapSmsVoiceError } from './sms-voice-v2-errors';

/** Polly voices per message language (US English, US Spanish). */
export const DEFAULT_VOICES: Readonly<Record<string, VoiceId>> = { en: 'JOANNA', es: 'LUPE' };

export interface SmsVoiceV2ChannelOptions {
  client: PinpointSMSVoiceV2Client;
  /** Phone number, pool or sender ID (ARN when shared across accounts). */
  smsOriginationIdentity: string;
  /** A voice-capable number or pool; defaults to the SMS identity, which works when that is a number or pool. */
  voiceOriginationIdentity?: string;
  /** Its event destination (SNS) carries delivery events back to the lifecycle handler. */
  configurationSetName: string;
  /** One voice for every language, or a voice per language; unlisted languages use DEFAULT_VOICES. */
  voiceId?: VoiceId | Partial<Record<string, VoiceId>>;
}

export class SmsVoiceV2Channel implements ChannelPort {
  constructor(private readonly options: SmsVoiceV2ChannelOptions) {}

  async send(message: OutboundMessage): Promise<DeliveryReceipt> {
    if (message.channel !== 'sms' && message.channel !== 'voice') {
      throw new Error(`SmsVoiceV2Channel cannot send on the ${message.channel} channel`);
    }
    try {
      const output =
        message.channel === 'sms'
          ? await this.options.client.send(this.textCommand(message))
          : await this.options.client.send(this.voiceCommand(message));
      if (!output.MessageId) throw new Error('End User Messaging accepted the message but returned no MessageId');
      return { providerMessageId: output.MessageId };
    } catch (error) {
      throw mapSmsVoiceError(error);
    }
  }

  private textCommand(message: OutboundMessage): SendTextMessageCommand {
    return new SendTextMessageCommand({
      DestinationPhoneNumber: message.to,
      OriginationIdentity: this.options.smsOriginationIdentity,
      MessageBody: message.text,
      // Collections notices are time-sensitive account servicing, not marketing.
      MessageType: 'TRANSACTIONAL',
      ConfigurationSetName: this.options.configurationSetName,
      Context: correlationContext(message),
    });
  }

  private voiceCommand(message: OutboundMessage): SendVoiceMessageCommand {
    // SSML carries pauses and pronunciation; plain text is the fallback when a template has no SSML.
    const ssml = message.ssml !== undefined && message.ssml.trim() !== '';
    return new SendVoiceMessageCommand({
      DestinationPhoneNumber: message.to,
      OriginationIdentity: this.options.voiceOriginationIdentity ?? this.options.smsOriginationIdentity,
      MessageBody: ssml ? message.ssml : message.text,
      MessageBodyTextType: ssml ? 'SSML' : 'TEXT',
      VoiceId: this.voiceFor(message.language),
      ConfigurationSetName: this.options.configurationSetName,
      Context: correlationContext(message),
    });
  }

  private voiceFor(language: string): VoiceId {
    const configured = this.options.voiceId;
    if (typeof configured === 'string') return configured;
    return configured?.[language] ?? DEFAULT_VOICES[language] ?? DEFAULT_VOICES.en;
  }
}

/**
 * Context is copied verbatim into every delivery event for the message, which is how the lifecycle
 * handler finds the ledger entry. Only the message key goes in: it identifies the step, not the person.
 * It is kept free of whitespace and short, well inside the API's limits for context values.
 */
function correlationContext(message: OutboundMessage): Record<string, string> {
  return { messageKey: message.messageKey.replace(/\s+/g, '_').slice(0, 800) };
}
