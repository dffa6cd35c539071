/** Rejected billing events: kept with every problem and the raw event, counted, never half-processed. */
import { randomUUID } from 'node:crypto';
import type { Dependencies } from './dependencies';
import { eventBridgeEnvelopeSchema, type EventBridgeEnvelope } from './inputs';
import { countMetric, logger, METRIC } from './powertools';
import { InvalidEventError } from '../domain/lifecycle-events';
import { describeIssues } from '../domain/zod-issues';

export type RejectedEvent = { status: 'rejected'; eventId: string; reasons: string[] };

/** Records a rejected billing event with every problem found; nothing else is written. */
export async function rejectEvent(deps: Dependencies, raw: unknown, reasons: string[]): Promise<RejectedEvent> {
  const envelope = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const eventId = typeof envelope.id === 'string' && envelope.id ? envelope.id : `no-id-${randomUUID()}`;
  const detailType = typeof envelope['detail-type'] === 'string' ? envelope['detail-type'] : '(none)';
  const source = typeof envelope.source === 'string' ? envelope.source : '(none)';
  await deps.ledger.recordRejection({ at: deps.clock.now().toISOString(), eventId, detailType, source, reasons, event: raw });
  countMetric(METRIC.eventsRejected);
  // Reasons name fields and rules, never values, so they are safe to log.
  logger.warn('billing event rejected', { eventId, detailType, source, reasons });
  return { status: 'rejected', eventId, reasons };
}

/**
 * Keeps a valid event that was not applied (a delivery event for a message Amicable did not send, an
 * account that no longer exists) with its reason, and counts it: ignored explicitly, never silently.
 * `raw` is kept only when it is ours to keep (a provider event about another sender's message is not).
 */
export async function ignoreEvent(
  deps: Dependencies,
  ref: { eventId: string; detailType: string; source: string },
  reasons: string[],
  raw?: unknown,
): Promise<void> {
  await deps.ledger.recordRejection({
    at: deps.clock.now().toISOString(),
    ...ref,
    disposition: 'ignored',
    reasons,
    ...(raw === undefined ? {} : { event: raw }),
  });
  countMetric(METRIC.eventsIgnored);
  logger.info('event ignored', { ...ref, reasons });
}

/**
 * Reads a billing event: its EventBridge envelope, then its detail by `parse` (which throws
 * InvalidEventError with every problem). One that does not validate is rejected and kept (rejectEvent)
 * and comes back as `rejected`; nothing has been written for it but the rejection.
 */
export async function readBillingEvent<T>(
  deps: Dependencies,
  raw: unknown,
  parse: (detailType: string, detail: unknown) => T,
): Promise<{ event: EventBridgeEnvelope; parsed: T } | { rejected: RejectedEvent }> {
  const envelope = eventBridgeEnvelopeSchema.safeParse(raw);
  if (!envelope.success) return { rejected: await rejectEvent(deps, raw, describeIssues(envelope.error, '(envelope)')) };
  try {
    return { event: envelope.data, parsed: parse(envelope.data['detail-type'], envelope.data.detail) };
  } catch (error) {
    if (error instanceof InvalidEventError) return { rejected: await rejectEvent(deps, raw, error.problems) };
    throw error;
  }
}
