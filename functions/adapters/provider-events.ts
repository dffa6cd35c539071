/**
 * The provider events that reach Amicable, parsed into one normalised shape. Pure functions, no AWS SDK.
 *
 * What arrives, and where the formats come from:
 * - Two-way SMS replies: AWS End User Messaging SMS and Voice v2 publishes a JSON payload to the SNS topic
 *   of the phone number or pool ("Example of a two-way SMS message payload for Amazon SNS topics",
 *   https://docs.aws.amazon.com/sms-voice/latest/userguide/two-way-sms-payload.html): originationNumber,
 *   destinationNumber, messageKeyword, messageBody, inboundMessageId, previousPublishedMessageId.
 * - SMS and voice delivery events: a configuration-set event destination of type SNS publishes the event
 *   JSON as the SNS Message ("Example AWS End User Messaging SMS event data",
 *   https://docs.aws.amazon.com/sms-voice/latest/userguide/configuration-sets-event-format.html): eventType,
 *   eventVersion, eventTimestamp (Unix ms), isFinal, messageId (what SendTextMessage / SendVoiceMessage
 *   returned), messageStatus, messageStatusDescription, context, ... The event types are those of "Event
 *   types for SMS, MMS, and voice" (.../configuration-sets-event-types.html) and the EventType enum of
 *   @aws-sdk/client-pinpoint-sms-voice-v2. Both kinds of message may share one topic: classifySnsMessage.
 * - SES v2 events through an EventBridge event destination (default bus, source "aws.ses"; detail-types in
 *   "Amazon Simple Email Service events", https://docs.aws.amazon.com/eventbridge/latest/ref/events-ref-ses.html).
 *   The detail is the event record described in "Contents of event data that Amazon SES publishes to
 *   Amazon SNS" (https://docs.aws.amazon.com/ses/latest/dg/event-publishing-retrieving-sns-contents.html):
 *   eventType, mail.messageId (what SendEmail returned), and one object per type (bounce, complaint, ...).
 *
 * Outcome mapping (the tables in sms-voice-events.ts and ses-events.ts are the source of truth; this is their summary):
 *
 * | Provider event                                   | Outcome          | reason                         |
 * |--------------------------------------------------|------------------|--------------------------------|
 * | TEXT_PENDING, TEXT_QUEUED, TEXT_SENT             | sent             | messageStatus                  |
 * | TEXT_SUCCESSFUL (accepted by the carrier)        | sent             | messageStatus                  |
 * | TEXT_DELIVERED                                   | delivered        | messageStatus                  |
 * | TEXT_INVALID (the number is not valid)           | failed-permanent | messageStatus                  |
 * | TEXT_UNREACHABLE (handset off / not on network)  | failed-transient | messageStatus                  |
 * | TEXT_CARRIER_UNREACHABLE (temporary carrier err) | failed-transient | messageStatus                  |
 * | TEXT_TTL_EXPIRED, TEXT_UNKNOWN                   | failed-transient | messageStatus                  |
 * | TEXT_INVALID_MESSAGE (body invalid, number fine) | failed-transient | messageStatus                  |
 * | TEXT_BLOCKED, TEXT_CARRIER_BLOCKED, TEXT_SPAM    | blocked          | messageStatus                  |
 * | TEXT_PROTECT_BLOCKED (our own Protect config)    | blocked          | messageStatus                  |
 * | other TEXT_* (added by AWS later)                | other            | messageStatus                  |
 * | VOICE_INITIATED, VOICE_RINGING                   | sent             | messageStatus                  |
 * | VOICE_ANSWERED (a person or a machine picked up) | answered         | messageStatus                  |
 * | VOICE_COMPLETED (call ended after the audio)     | other            | messageStatus                  |
 * | VOICE_BUSY                                       | busy             | messageStatus                  |
 * | VOICE_NO_ANSWER                                  | no-answer        | messageStatus                  |
 * | VOICE_FAILED                                     | failed-transient | messageStatus                  |
 * | VOICE_FAILED with a messageStatus naming INVALID | failed-permanent | messageStatus                  |
 * | VOICE_TTL_EXPIRED                                | failed-transient | messageStatus                  |
 * | other VOICE_* (added by AWS later)               | other            | messageStatus                  |
 * | SES Send ("Email Sent")                          | sent             |                                |
 * | SES Delivery ("Email Delivered")                 | delivered        |                                |
 * | SES Bounce Permanent ("Email Bounced")           | failed-permanent | Permanent/<bounceSubType>      |
 * | SES Bounce Transient / Undetermined              | failed-transient | <bounceType>/<bounceSubType>   |
 * | SES Complaint ("Email Complaint Received")       | complained       | complaintFeedbackType          |
 * | SES Complaint, feedback type not-spam            | other            | not-spam                       |
 * | SES Complaint, subtype OnAccountSuppressionList  | blocked          | OnAccountSuppressionList       |
 * | SES Reject ("Email Rejected", virus found)       | failed-permanent | reject.reason (Bad content)    |
 * | SES Rendering Failure ("Email Rendering Failed") | failed-transient | RenderingFailure               |
 * | SES DeliveryDelay ("Email Delivery Delayed")     | failed-transient | delayType                      |
 * | SES Open ("Email Opened")                        | opened           |                                |
 * | SES Click ("Email Clicked"; the link is dropped) | clicked          |                                |
 * | SES Subscription, an unsubscribe                 | opted-out        | subscription.source            |
 * | SES Subscription, anything else                  | other            | subscription.source            |
 * | any other SES eventType                          | other            |                                |
 *
 * Notes on the choices:
 * - End User Messaging has no opt-out delivery event: a send to an opted-out number fails synchronously
 *   (ConflictException, DESTINATION_PHONE_NUMBER_OPTED_OUT) and a STOP reply arrives as an inbound SMS.
 * - Voice events do not say whether a person or a voicemail system answered (AWS: VOICE_COMPLETED "doesn't
 *   necessarily mean the message was delivered to a human recipient"), so 'voicemail' is never produced
 *   from them; VOICE_ANSWERED is 'answered' either way. VOICE_COMPLETED only closes a call whose outcome
 *   was already reported, hence 'other'.
 * - TEXT_SUCCESSFUL means the carrier accepted the message; in some countries it is the last event there
 *   is (AWS: TEXT_DELIVERED and TEXT_SUCCESSFUL "may be used interchangeably").
 * - A message that failed because of its content (TEXT_INVALID_MESSAGE, SES Rendering Failure) is not a
 *   verdict on the address: 'failed-transient', with a reason that names the content problem.
 *
 * PII: phone numbers, email addresses, message bodies, link URLs and provider free text (SMTP diagnostics,
 * rendering error messages, status descriptions) never reach `reason` or an error message. A reason is a
 * provider code checked against a strict pattern, and errors name the field, not its value.
 */
import * as z from '../domain/zod';
import { DELIVERY_OUTCOMES, type DeliveryOutcome } from '../domain/types';
import { jsonOf, messageIdSchema, parseWith, required } from './provider-event-parsing';

export { MAX_PROVIDER_MESSAGE_ID, ProviderEventError, type DeliveryEvent } from './provider-event-parsing';
export { parseSmsVoiceEvent, parseSmsVoiceEventBridge, SMS_VOICE_EVENTBRIDGE, smsVoiceEventBridgeKind } from './sms-voice-events';
export { parseSesEvent } from './ses-events';

/** A two-way SMS reply as AWS End User Messaging SMS and Voice v2 publishes it to the SNS topic of a phone number/pool. */
export interface InboundSms {
  /** The customer's number (E.164). */
  originationNumber: string;
  /** Our number. */
  destinationNumber: string;
  body: string;
  /** messageKeyword, when AWS matched one. */
  keyword?: string;
  inboundMessageId: string;
  /** The id of our message they replied to, when AWS says. */
  previousPublishedMessageId?: string;
}

export { DELIVERY_OUTCOMES, type DeliveryOutcome };

const inboundSmsSchema = z.object({
  originationNumber: required,
  destinationNumber: required,
  messageBody: z.string(),
  messageKeyword: z.nullish(z.string()),
  inboundMessageId: messageIdSchema,
  previousPublishedMessageId: z.nullish(z.string()),
});

/** The SNS Message string of a two-way SMS notification. Throws ProviderEventError naming every problem. */
export function parseInboundSms(snsMessage: string): InboundSms {
  const m = parseWith(inboundSmsSchema, jsonOf(snsMessage, 'inbound SMS'), 'inbound SMS');
  const keyword = m.messageKeyword?.trim();
  const previous = m.previousPublishedMessageId?.trim();
  return {
    originationNumber: m.originationNumber,
    destinationNumber: m.destinationNumber,
    body: m.messageBody,
    ...(keyword ? { keyword } : {}),
    inboundMessageId: m.inboundMessageId,
    ...(previous ? { previousPublishedMessageId: previous } : {}),
  };
}

/** Whether an SNS record's Message is a two-way inbound SMS or an SMS/voice event (both may share a topic). */
export function classifySnsMessage(snsMessage: string): 'inbound-sms' | 'sms-voice-event' | 'unknown' {
  let value: unknown;
  try {
    value = JSON.parse(snsMessage);
  } catch {
    return 'unknown';
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'unknown';
  const record = value as Record<string, unknown>;
  if ('inboundMessageId' in record || ('originationNumber' in record && 'messageBody' in record)) return 'inbound-sms';
  const eventType = record.eventType;
  if (typeof eventType === 'string' && /^(TEXT|VOICE)_/.test(eventType)) return 'sms-voice-event';
  return 'unknown';
}

// ---------------------------------------------------------------------------------------------------------
// Helpers.
