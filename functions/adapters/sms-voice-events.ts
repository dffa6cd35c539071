/**
 * AWS End User Messaging SMS and Voice v2 delivery events, from a configuration-set SNS destination or
 * from its own EventBridge events, as DeliveryEvents (the mapping table is in provider-events.ts).
 */
import * as z from '../domain/zod';
import type { Channel, DeliveryOutcome } from '../domain/types';
import {
  epochOrIso,
  event,
  jsonOf,
  messageIdSchema,
  messageKeyOf,
  parseWith,
  ProviderEventError,
  required,
  safeReason,
  toIsoUtc,
  type DeliveryEvent,
} from './provider-event-parsing';

/** End User Messaging SMS event types. Unlisted TEXT_* types map to 'other'. */
const SMS_OUTCOMES: Readonly<Record<string, DeliveryOutcome>> = {
  TEXT_PENDING: 'sent',
  TEXT_QUEUED: 'sent',
  TEXT_SENT: 'sent',
  TEXT_SUCCESSFUL: 'sent',
  TEXT_DELIVERED: 'delivered',
  TEXT_INVALID: 'failed-permanent',
  TEXT_UNREACHABLE: 'failed-transient',
  TEXT_CARRIER_UNREACHABLE: 'failed-transient',
  TEXT_TTL_EXPIRED: 'failed-transient',
  TEXT_UNKNOWN: 'failed-transient',
  TEXT_INVALID_MESSAGE: 'failed-transient',
  TEXT_BLOCKED: 'blocked',
  TEXT_CARRIER_BLOCKED: 'blocked',
  TEXT_SPAM: 'blocked',
  TEXT_PROTECT_BLOCKED: 'blocked',
};

/** End User Messaging voice event types. Unlisted VOICE_* types map to 'other'. */
const VOICE_OUTCOMES: Readonly<Record<string, DeliveryOutcome>> = {
  VOICE_INITIATED: 'sent',
  VOICE_RINGING: 'sent',
  VOICE_ANSWERED: 'answered',
  VOICE_COMPLETED: 'other',
  VOICE_BUSY: 'busy',
  VOICE_NO_ANSWER: 'no-answer',
  VOICE_FAILED: 'failed-transient',
  VOICE_TTL_EXPIRED: 'failed-transient',
};

/**
 * A VOICE_FAILED whose messageStatus matches this names a number problem, not a network one. AWS does not
 * publish the voice messageStatus values, so this is deliberately narrow.
 */
const VOICE_INVALID_NUMBER_STATUS = /INVALID/;

const smsVoiceEventSchema = z.object({
  eventType: required.check(
    z.refine((t) => t.startsWith('TEXT_') || t.startsWith('VOICE_'), 'not an SMS (TEXT_*) or voice (VOICE_*) event type'),
  ),
  messageId: messageIdSchema,
  eventTimestamp: epochOrIso,
  messageStatus: z.nullish(z.string()),
  context: z.nullish(z.record(z.string(), z.unknown())),
});

/** The SNS Message string of an SMS/voice configuration-set event (End User Messaging SMS and Voice v2 event destination = SNS). */
export function parseSmsVoiceEvent(snsMessage: string): DeliveryEvent {
  return smsVoiceDelivery(jsonOf(snsMessage, SMS_VOICE_SOURCE), SMS_VOICE_SOURCE);
}

/**
 * End User Messaging's own EventBridge events (source aws.sms-voice, "Monitoring with EventBridge"):
 * delivery status of a text or a voice message, whose detail is the configuration-set event, and
 * registration status changes, which concern operators and no message.
 */
export const SMS_VOICE_EVENTBRIDGE = {
  source: 'aws.sms-voice',
  text: 'Text Message Delivery Status Updated',
  voice: 'Voice Message Delivery Status Updated',
  registration: 'Registration Status Change',
} as const;

const smsVoiceEventBridgeSchema = z.object({
  source: z.literal(SMS_VOICE_EVENTBRIDGE.source),
  'detail-type': z.enum([SMS_VOICE_EVENTBRIDGE.text, SMS_VOICE_EVENTBRIDGE.voice]),
  detail: z.record(z.string(), z.unknown()),
});

/** Whether an event is one of End User Messaging's own EventBridge events, and which kind. */
export function smsVoiceEventBridgeKind(input: unknown): 'delivery' | 'registration' | undefined {
  if (typeof input !== 'object' || input === null) return undefined;
  const e = input as Record<string, unknown>;
  if (e.source !== SMS_VOICE_EVENTBRIDGE.source) return undefined;
  if (e['detail-type'] === SMS_VOICE_EVENTBRIDGE.registration) return 'registration';
  return e['detail-type'] === SMS_VOICE_EVENTBRIDGE.text || e['detail-type'] === SMS_VOICE_EVENTBRIDGE.voice ? 'delivery' : undefined;
}

/** A text or voice delivery status event as End User Messaging publishes it to EventBridge; the channel must match the detail-type. */
export function parseSmsVoiceEventBridge(input: unknown): DeliveryEvent {
  const source = 'SMS/voice EventBridge event';
  const envelope = parseWith(smsVoiceEventBridgeSchema, input, source);
  const delivery = smsVoiceDelivery(envelope.detail, source);
  const expected: Channel = envelope['detail-type'] === SMS_VOICE_EVENTBRIDGE.voice ? 'voice' : 'sms';
  if (delivery.channel !== expected)
    throw new ProviderEventError(source, [`detail.eventType: a ${delivery.channel} event under detail-type "${envelope['detail-type']}"`]);
  return delivery;
}

const SMS_VOICE_SOURCE = 'SMS/voice event';

function smsVoiceDelivery(input: unknown, source: string): DeliveryEvent {
  const e = parseWith(smsVoiceEventSchema, input, source);
  const channel: Channel = e.eventType.startsWith('VOICE_') ? 'voice' : 'sms';
  const status = e.messageStatus ?? undefined;
  let outcome: DeliveryOutcome = (channel === 'voice' ? VOICE_OUTCOMES : SMS_OUTCOMES)[e.eventType] ?? 'other';
  if (e.eventType === 'VOICE_FAILED' && status !== undefined && VOICE_INVALID_NUMBER_STATUS.test(status)) {
    outcome = 'failed-permanent';
  }
  return event({
    channel,
    providerMessageId: e.messageId,
    outcome,
    providerEventType: e.eventType,
    at: toIsoUtc(e.eventTimestamp) as string,
    reason: safeReason(status),
    messageKey: messageKeyOf(typeof e.context?.messageKey === 'string' ? e.context.messageKey : undefined),
  });
}
