/**
 * SES v2 events through an EventBridge event destination (source aws.ses) as DeliveryEvents: bounces,
 * complaints and subscriptions refined by their sub-objects (the mapping table is in provider-events.ts).
 */
import * as z from '../domain/zod';
import type { DeliveryOutcome } from '../domain/types';
import { decodeSesTagValue, MESSAGE_KEY_TAG } from './channels/ses-tags';
import {
  event,
  isoTimestamp,
  messageIdSchema,
  messageKeyOf,
  parseWith,
  required,
  safeReason,
  toIsoUtc,
  type DeliveryEvent,
} from './provider-event-parsing';

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

const topicPreferencesSchema = z.object({
  unsubscribeAll: z.nullish(z.boolean()),
  topicSubscriptionStatus: z.nullish(z.array(z.object({ topicName: z.nullish(z.string()), subscriptionStatus: z.nullish(z.string()) }))),
});

const sesDetailSchema = z.object({
  eventType: z.optional(z.string()),
  mail: z.object({
    messageId: messageIdSchema,
    timestamp: z.optional(isoTimestamp),
    tags: z.nullish(z.record(z.string(), z.nullish(z.array(z.string())))),
  }),
  bounce: z.optional(z.object({ bounceType: required, bounceSubType: z.nullish(z.string()), timestamp: z.optional(isoTimestamp) })),
  complaint: z.optional(
    z.object({
      complaintFeedbackType: z.nullish(z.string()),
      complaintSubType: z.nullish(z.string()),
      timestamp: z.optional(isoTimestamp),
    }),
  ),
  delivery: z.optional(z.object({ timestamp: z.optional(isoTimestamp) })),
  reject: z.optional(z.object({ reason: z.nullish(z.string()) })),
  open: z.optional(z.object({ timestamp: z.optional(isoTimestamp) })),
  click: z.optional(z.object({ timestamp: z.optional(isoTimestamp) })),
  deliveryDelay: z.optional(z.object({ delayType: z.nullish(z.string()), timestamp: z.optional(isoTimestamp) })),
  subscription: z.optional(
    z.object({
      source: z.nullish(z.string()),
      timestamp: z.optional(isoTimestamp),
      newTopicPreferences: z.nullish(topicPreferencesSchema),
      oldTopicPreferences: z.nullish(topicPreferencesSchema),
    }),
  ),
});

type SesDetail = z.infer<typeof sesDetailSchema>;

const sesEventSchema = z
  .object({
    source: z.literal('aws.ses'),
    'detail-type': z.optional(z.string()),
    time: z.optional(isoTimestamp),
    detail: sesDetailSchema,
  })
  .check(
    z.superRefine((event, ctx) => {
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
    }),
  );

// ---------------------------------------------------------------------------------------------------------
// Parsers.

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
