/**
 * The provider's first report of a message it took, as the local run delivers it to the
 * delivery-events handler: the same EventBridge shapes End User Messaging and SES send in AWS.
 */
import type { DeliveryReceipt, OutboundMessage } from '../functions/domain/ports';
import { SMS_VOICE_EVENTBRIDGE } from '../functions/adapters/provider-events';
import { encodeSesTagValue, MESSAGE_KEY_TAG } from '../functions/adapters/channels/ses-tags';
import type { LocalEvent } from './event-file';

/** How long after taking a message a provider reports it (seconds, in practice). */
export const PROVIDER_REPORT_DELAY_MS = 5_000;

/**
 * The provider's own first report of a message it took, with the message key it echoes (End User
 * Messaging's Context, SES's tag): TEXT_SUCCESSFUL / VOICE_INITIATED on EventBridge, SES's Send.
 */
export function providerReport(message: OutboundMessage, receipt: DeliveryReceipt, at: Date): LocalEvent {
  const id = `report-${receipt.providerMessageId}`;
  if (message.channel === 'email')
    return {
      line: 0,
      at,
      id,
      source: 'aws.ses',
      detailType: 'Email Sent',
      detail: {
        eventType: 'Send',
        mail: {
          messageId: receipt.providerMessageId,
          timestamp: at.toISOString(),
          tags: { [MESSAGE_KEY_TAG]: [encodeSesTagValue(message.messageKey)] },
        },
      },
    };
  const voice = message.channel === 'voice';
  return {
    line: 0,
    at,
    id,
    source: SMS_VOICE_EVENTBRIDGE.source,
    detailType: voice ? SMS_VOICE_EVENTBRIDGE.voice : SMS_VOICE_EVENTBRIDGE.text,
    detail: {
      eventType: voice ? 'VOICE_INITIATED' : 'TEXT_SUCCESSFUL',
      messageId: receipt.providerMessageId,
      eventTimestamp: at.getTime(),
      context: { messageKey: message.messageKey },
    },
  };
}
