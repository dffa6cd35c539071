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
 * Outcome mapping (the tables below are the source of truth; this is their summary):
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
import * as z from 'zod';
import { DELIVERY_OUTCOMES, type Channel, type DeliveryOutcome } from '../domain/types';
import type { DeliveryReport } from '../domain/lifecycle';
import { describeIssues } from '../domain/zod-issues';
import { decodeSesTagValue, MESSAGE_KEY_TAG } from './channels/ses-tags';

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

/** A delivery event, normalised (the shape the lifecycle reducer applies). */
export type DeliveryEvent = DeliveryReport & {
  /**
   * The message key Amicable sent with the message (the SMS/voice Context, the SES tag), which the
   * provider echoes in every event: it finds a send whose answer was lost (its provider id never learned).
   */
  messageKey?: string;
};

/** A message key longer than this is not one of ours (keys are account:cycle:step:channel). */
const MAX_MESSAGE_KEY = 800;
const messageKeyOf = (value: string | undefined): string | undefined => (value && value.length <= MAX_MESSAGE_KEY ? value : undefined);

/** A provider payload that cannot be used. The message names every problem by field path, never by value. */
export class ProviderEventError extends Error {
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`invalid ${source}: ${problems.join('; ')}`);
    this.name = 'ProviderEventError';
  }
}

// ---------------------------------------------------------------------------------------------------------
// The mapping, as data.

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

/** SES event types (detail.eventType). Bounce, Complaint and Subscription are refined below. */
const SES_OUTCOMES: Readonly<Record<string, DeliveryOutcome>> = {
  Send: 'sent',
  Delivery: 'delivered',
  Bounce: 'failed-transient',
  Complaint: 'complained',
  Reject: 'failed-permanent',
  'Rendering Failure': 'failed-transient',
  DeliveryDelay: 'failed-transient',
  Open: 'opened',
  Click: 'clicked',
  Subscription: 'other',
};

/** bounce.bounceType -> outcome. */
const SES_BOUNCE_OUTCOMES: Readonly<Record<string, DeliveryOutcome>> = {
  Permanent: 'failed-permanent',
  Transient: 'failed-transient',
  Undetermined: 'failed-transient',
};

/** complaint.complaintFeedbackType values that are not a complaint (an ISP correcting a spam verdict). */
const SES_NOT_A_COMPLAINT = new Set(['not-spam']);

/** complaint.complaintSubType: SES suppressed the send because the address is on the suppression list. */
const SES_SUPPRESSED_SUBTYPE = 'OnAccountSuppressionList';

/** EventBridge detail-type -> SES eventType, used when the detail has no eventType. */
const SES_DETAIL_TYPES: Readonly<Record<string, string>> = {
  'Email Sent': 'Send',
  'Email Delivered': 'Delivery',
  'Email Bounced': 'Bounce',
  'Email Complaint Received': 'Complaint',
  'Email Rejected': 'Reject',
  'Email Rendering Failed': 'Rendering Failure',
  'Email Delivery Delayed': 'DeliveryDelay',
  'Email Opened': 'Open',
  'Email Clicked': 'Click',
  'Email Subscribed': 'Subscription',
};

// ---------------------------------------------------------------------------------------------------------
// Schemas. Objects are not strict: providers add fields.

const required = z.string().trim().min(1);

/**
 * Provider message ids become keys (MESSAGE#<id>, a claim's reply step): End User Messaging ids are UUIDs,
 * SES ids about 60 characters, so anything longer than this is not a provider's id and is refused before
 * it reaches a key (DynamoDB keys are at most 2048 bytes).
 */
export const MAX_PROVIDER_MESSAGE_ID = 256;
const messageIdSchema = required.max(MAX_PROVIDER_MESSAGE_ID).regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces');

/** ISO-8601 with a time and an offset, as AWS writes them. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/;

/** Epoch milliseconds (number or digits) or an ISO-8601 instant, as ISO-8601 UTC; undefined if neither. */
function toIsoUtc(value: number | string): string | undefined {
  let ms: number;
  if (typeof value === 'number') ms = value;
  else if (/^\d{1,16}$/.test(value)) ms = Number(value);
  else if (ISO_INSTANT.test(value)) ms = Date.parse(value);
  else return undefined;
  if (!Number.isFinite(ms) || ms <= 0) return undefined;
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

const TIMESTAMP_MESSAGE = 'not a valid timestamp (epoch milliseconds or ISO-8601)';
const epochOrIso = z.union([z.number(), z.string()]).refine((v) => toIsoUtc(v) !== undefined, TIMESTAMP_MESSAGE);
const isoTimestamp = z.string().refine((v) => ISO_INSTANT.test(v) && toIsoUtc(v) !== undefined, TIMESTAMP_MESSAGE);

const inboundSmsSchema = z.object({
  originationNumber: required,
  destinationNumber: required,
  messageBody: z.string(),
  messageKeyword: z.string().nullish(),
  inboundMessageId: messageIdSchema,
  previousPublishedMessageId: z.string().nullish(),
});

const smsVoiceEventSchema = z.object({
  eventType: required.refine((t) => t.startsWith('TEXT_') || t.startsWith('VOICE_'), 'not an SMS (TEXT_*) or voice (VOICE_*) event type'),
  messageId: messageIdSchema,
  eventTimestamp: epochOrIso,
  messageStatus: z.string().nullish(),
  context: z.record(z.string(), z.unknown()).nullish(),
});

const topicPreferencesSchema = z.object({
  unsubscribeAll: z.boolean().nullish(),
  topicSubscriptionStatus: z.array(z.object({ topicName: z.string().nullish(), subscriptionStatus: z.string().nullish() })).nullish(),
});

const sesDetailSchema = z.object({
  eventType: z.string().optional(),
  mail: z.object({
    messageId: messageIdSchema,
    timestamp: isoTimestamp.optional(),
    tags: z.record(z.string(), z.array(z.string()).nullish()).nullish(),
  }),
  bounce: z.object({ bounceType: required, bounceSubType: z.string().nullish(), timestamp: isoTimestamp.optional() }).optional(),
  complaint: z
    .object({
      complaintFeedbackType: z.string().nullish(),
      complaintSubType: z.string().nullish(),
      timestamp: isoTimestamp.optional(),
    })
    .optional(),
  delivery: z.object({ timestamp: isoTimestamp.optional() }).optional(),
  reject: z.object({ reason: z.string().nullish() }).optional(),
  open: z.object({ timestamp: isoTimestamp.optional() }).optional(),
  click: z.object({ timestamp: isoTimestamp.optional() }).optional(),
  deliveryDelay: z.object({ delayType: z.string().nullish(), timestamp: isoTimestamp.optional() }).optional(),
  subscription: z
    .object({
      source: z.string().nullish(),
      timestamp: isoTimestamp.optional(),
      newTopicPreferences: topicPreferencesSchema.nullish(),
      oldTopicPreferences: topicPreferencesSchema.nullish(),
    })
    .optional(),
});

type SesDetail = z.infer<typeof sesDetailSchema>;

const sesEventSchema = z
  .object({
    source: z.literal('aws.ses'),
    'detail-type': z.string().optional(),
    time: isoTimestamp.optional(),
    detail: sesDetailSchema,
  })
  .superRefine((event, ctx) => {
    const eventType = sesEventType(event.detail, event['detail-type']);
    if (eventType === undefined) {
      ctx.addIssue({ code: 'custom', path: ['detail', 'eventType'], message: 'required (and detail-type is not an SES email event)' });
      return;
    }
    if (eventType === 'Bounce' && !event.detail.bounce) {
      ctx.addIssue({ code: 'custom', path: ['detail', 'bounce'], message: 'required for a Bounce event' });
    }
    if (eventType === 'Subscription' && !event.detail.subscription) {
      ctx.addIssue({ code: 'custom', path: ['detail', 'subscription'], message: 'required for a Subscription event' });
    }
    if (sesTime(eventType, event.detail, event.time) === undefined) {
      ctx.addIssue({ code: 'custom', path: ['time'], message: 'required (the event carries no time)' });
    }
  });

// ---------------------------------------------------------------------------------------------------------
// Parsers.

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

/** An SES v2 event delivered through an EventBridge event destination (source 'aws.ses'), the whole EventBridge event. */
export function parseSesEvent(input: unknown): DeliveryEvent {
  const e = parseWith(sesEventSchema, input, 'SES event');
  const d = e.detail;
  const eventType = sesEventType(d, e['detail-type']) as string;
  const { outcome, reason } = sesOutcome(eventType, d);
  return event({
    channel: 'email',
    providerMessageId: d.mail.messageId,
    outcome,
    providerEventType: eventType,
    at: toIsoUtc(sesTime(eventType, d, e.time) as string) as string,
    reason,
    messageKey: messageKeyOf(sesMessageKey(d.mail.tags?.[MESSAGE_KEY_TAG]?.[0] ?? undefined)),
  });
}

/** The SES tag carries the key base64url-encoded. */
const sesMessageKey = (tag: string | undefined): string | undefined => (tag === undefined ? undefined : decodeSesTagValue(tag));

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

/** JSON.parse without its error text: V8 quotes the input, which may hold a number or a message body. */
function jsonOf(text: string, source: string): unknown {
  if (typeof text !== 'string') throw new ProviderEventError(source, ['(root): expected the SNS Message string']);
  try {
    return JSON.parse(text);
  } catch {
    throw new ProviderEventError(source, ['(root): not valid JSON']);
  }
}

function parseWith<T extends z.ZodType>(schema: T, input: unknown, source: string): z.output<T> {
  const result = schema.safeParse(input);
  if (!result.success) throw new ProviderEventError(source, describeIssues(result.error));
  return result.data;
}

/** A DeliveryEvent without an undefined reason key. */
function event(e: DeliveryEvent): DeliveryEvent {
  const { reason, messageKey, ...rest } = e;
  return { ...rest, ...(reason === undefined ? {} : { reason }), ...(messageKey === undefined ? {} : { messageKey }) };
}

/**
 * A provider code fit for `reason`: starts with a letter, at most 64 characters of letters, digits, space
 * and _ . / -, no '@' or '+', no run of five digits (a phone number fragment). Anything else is dropped.
 */
function safeReason(...parts: (string | null | undefined)[]): string | undefined {
  const kept: string[] = [];
  for (const part of parts) {
    const p = part?.trim();
    if (!p || !/^[A-Za-z][A-Za-z0-9 _./-]{0,63}$/.test(p) || /\d{5}/.test(p)) break;
    kept.push(p);
  }
  return kept.length ? kept.join('/') : undefined;
}

function sesEventType(detail: SesDetail, detailType: string | undefined): string | undefined {
  const fromDetail = detail.eventType?.trim();
  if (fromDetail) return fromDetail;
  return detailType === undefined ? undefined : SES_DETAIL_TYPES[detailType];
}

/** The provider's own time for the event: the type's object timestamp, else the envelope time, else the send time. */
function sesTime(eventType: string, d: SesDetail, envelopeTime: string | undefined): string | undefined {
  const own: Record<string, string | undefined> = {
    Bounce: d.bounce?.timestamp,
    Complaint: d.complaint?.timestamp,
    Delivery: d.delivery?.timestamp,
    Open: d.open?.timestamp,
    Click: d.click?.timestamp,
    DeliveryDelay: d.deliveryDelay?.timestamp,
    Subscription: d.subscription?.timestamp,
  };
  return own[eventType] ?? envelopeTime ?? d.mail.timestamp;
}

function sesOutcome(eventType: string, d: SesDetail): { outcome: DeliveryOutcome; reason?: string } {
  const base = SES_OUTCOMES[eventType] ?? 'other';
  switch (eventType) {
    case 'Bounce': {
      const bounceType = d.bounce?.bounceType ?? '';
      return {
        outcome: SES_BOUNCE_OUTCOMES[bounceType] ?? base,
        reason: safeReason(bounceType, d.bounce?.bounceSubType),
      };
    }
    case 'Complaint': {
      const feedback = d.complaint?.complaintFeedbackType ?? undefined;
      const subType = d.complaint?.complaintSubType ?? undefined;
      if (subType === SES_SUPPRESSED_SUBTYPE) return { outcome: 'blocked', reason: subType };
      if (feedback !== undefined && SES_NOT_A_COMPLAINT.has(feedback)) return { outcome: 'other', reason: feedback };
      return { outcome: base, reason: safeReason(feedback ?? subType) };
    }
    case 'Reject':
      return { outcome: base, reason: safeReason(d.reject?.reason) };
    case 'Rendering Failure':
      // failure.errorMessage can quote template data (names, amounts): never kept.
      return { outcome: base, reason: 'RenderingFailure' };
    case 'DeliveryDelay':
      return { outcome: base, reason: safeReason(d.deliveryDelay?.delayType) };
    case 'Subscription':
      return {
        outcome: isUnsubscribe(d.subscription) ? 'opted-out' : base,
        reason: safeReason(d.subscription?.source),
      };
    default:
      // Click: the link URL is deliberately not kept (it can carry a signed portal token).
      return { outcome: base };
  }
}

/**
 * An unsubscribe: unsubscribeAll is on (even if it already was: an opt-out is never lost to a repeat), or a
 * topic that is now opted out and was not before (a topic that stays opted out while another changes is not).
 */
function isUnsubscribe(subscription: SesDetail['subscription']): boolean {
  if (!subscription) return false;
  const next = subscription.newTopicPreferences;
  const previous = subscription.oldTopicPreferences;
  if (next?.unsubscribeAll === true) return true;
  const optedOut = (s: string | null | undefined) => (s ?? '').replace(/[_\s-]/g, '').toLowerCase() === 'optout';
  const before = new Map((previous?.topicSubscriptionStatus ?? []).map((t) => [t.topicName ?? '', t.subscriptionStatus]));
  return (next?.topicSubscriptionStatus ?? []).some((t) => optedOut(t.subscriptionStatus) && !optedOut(before.get(t.topicName ?? '')));
}
