/**
 * The collections bus, locally: billing events are wrapped in the same envelope EventBridge delivers
 * and routed by detail-type exactly as the deployed rules route them; events Amicable publishes
 * (e.g. AgentHandoffRequested) are kept for the report, as a CRM subscribed to the bus would see them.
 */
import type { EventBridgeEvent } from 'aws-lambda';
import { AMICABLE_SOURCE, JOURNEY_START_DETAIL_TYPES, type BillingDetailType } from '../functions/domain/events';
import type { Clock, EventPublisher } from '../functions/domain/ports';
import type { LocalEvent } from './event-file';

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

/**
 * Which handler a billing event's rule targets. Unknown detail-types go to lifecycle too (a catch-all
 * rule in the stack), which rejects and keeps them: nothing from a billing system is silently dropped.
 */
export function routeOf(detailType: string): 'ingest' | 'lifecycle' {
  return JOURNEY_START_DETAIL_TYPES.includes(detailType as BillingDetailType) ? 'ingest' : 'lifecycle';
}
