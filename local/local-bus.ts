/**
 * The collections bus, locally: billing events are wrapped in the same envelope EventBridge delivers
 * and routed by detail-type exactly as the deployed rules route them; events Amicable publishes
 * (e.g. AgentHandoffRequested) are kept for the report, as a CRM subscribed to the bus would see them.
 */
import type { EventBridgeEvent } from 'aws-lambda';
import { AMICABLE_SOURCE, JOURNEY_START_DETAIL_TYPES, type BillingDetailType } from '../functions/domain/events';
import type { Clock, EventPublisher } from '../functions/domain/ports';
import type { LocalEvent } from './event-file';
import { smsVoiceEventBridgeKind } from '../functions/adapters/provider-events';

export interface PublishedEvent {
  at: string;
  source: string;
  detailType: string;
  detail: Record<string, unknown>;
}

export class LocalEventPublisher implements EventPublisher {
  constructor(
    private readonly clock: Clock,
    readonly published: PublishedEvent[],
  ) {}

  async publish(detailType: string, detail: Record<string, unknown>): Promise<void> {
    this.published.push({ at: this.clock.now().toISOString(), source: AMICABLE_SOURCE, detailType, detail: structuredClone(detail) });
  }
}

export function toEventBridgeEvent(event: LocalEvent): EventBridgeEvent<string, Record<string, unknown>> {
  return {
    version: '0',
    id: event.id,
    'detail-type': event.detailType,
    source: event.source,
    account: '000000000000',
    time: event.at.toISOString(),
    region: 'us-east-1',
    resources: [],
    detail: event.detail,
  };
}

/** Local stand-ins for what AWS End User Messaging publishes to SNS: the detail is the SNS Message. */
export const LOCAL_SMS_SOURCE = 'aws.sms-voice';
export const INBOUND_SMS_DETAIL_TYPE = 'Inbound SMS';
export const SMS_VOICE_EVENT_DETAIL_TYPE = 'SMS Voice Event';
/** SES publishes its events to EventBridge as they are (source aws.ses, detail-type "Email Bounced" ...). */
export const SES_SOURCE = 'aws.ses';

export type LocalTarget = 'ingest' | 'lifecycle' | 'inbound-sms' | 'delivery-events';

/**
 * Which handler an event reaches, as the deployed subscriptions and rules route it: two-way SMS and
 * SMS/voice events through their SNS topics, SES events through the default bus, billing events by
 * detail-type. Unknown detail-types go to lifecycle too (a catch-all rule in the stack), which rejects
 * and keeps them: nothing from a billing system is silently dropped.
 */
export function routeOf(event: Pick<LocalEvent, 'source' | 'detailType'>): LocalTarget {
  if (event.source === LOCAL_SMS_SOURCE && event.detailType === INBOUND_SMS_DETAIL_TYPE) return 'inbound-sms';
  if (event.source === LOCAL_SMS_SOURCE && event.detailType === SMS_VOICE_EVENT_DETAIL_TYPE) return 'delivery-events';
  // End User Messaging's own EventBridge events, exactly as AWS documents them (the stack routes them too).
  if (smsVoiceEventBridgeKind({ source: event.source, 'detail-type': event.detailType }) !== undefined) return 'delivery-events';
  if (event.source === SES_SOURCE) return 'delivery-events';
  return JOURNEY_START_DETAIL_TYPES.includes(event.detailType as BillingDetailType) ? 'ingest' : 'lifecycle';
}

/** The event as its target receives it: an SNS notification for the SMS topics, else the EventBridge event. */
export function deliveryOf(event: LocalEvent): unknown {
  const target = routeOf(event);
  const viaSns =
    target === 'inbound-sms' ||
    (target === 'delivery-events' && event.source === LOCAL_SMS_SOURCE && event.detailType === SMS_VOICE_EVENT_DETAIL_TYPE);
  if (!viaSns) return toEventBridgeEvent(event);
  return {
    Records: [
      {
        EventSource: 'aws:sns',
        EventVersion: '1.0',
        Sns: {
          Type: 'Notification',
          MessageId: event.id,
          TopicArn: `arn:aws:sns:us-east-1:000000000000:amicable-local-${target}`,
          Message: JSON.stringify(event.detail),
          Timestamp: event.at.toISOString(),
        },
      },
    ],
  };
}
