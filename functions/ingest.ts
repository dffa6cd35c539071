/**
 * AccountOverdue -> the account's state for the cycle, its journey dedupe record, and one journey.
 * Invalid events are rejected and kept (with every problem and the raw event), never half-processed:
 * validation comes before any write. Idempotent per EventBridge event id.
 */
import { InvalidEventError, parseBillingEventDetailed, type BillingEvent } from './domain/events';
import { placeAccount, type PlacementResult } from './application/place-account';
import { placePreDue, type PreDuePlacement } from './application/place-pre-due';
import { awsDependencies, type Dependencies } from './commons/dependencies';
import { describeIssues } from './domain/zod-issues';
import { idempotentPerEventId } from './commons/idempotency';
import { eventBridgeEnvelopeSchema } from './commons/inputs';
import { withPowertools } from './commons/middleware';
import { logger } from './commons/powertools';
import { rejectEvent } from './commons/rejections';

export type IngestResult = { status: 'rejected'; eventId: string; reasons: string[] } | PlacementResult | PreDuePlacement;

const ingest = idempotentPerEventId(async (raw: unknown, _context, deps: Dependencies): Promise<IngestResult> => {
  const envelope = eventBridgeEnvelopeSchema.safeParse(raw);
  if (!envelope.success) {
    return rejectEvent(deps, raw, describeIssues(envelope.error, '(envelope)'));
  }
  const event = envelope.data;
  let parsed: BillingEvent;
  try {
    const detailed = parseBillingEventDetailed(event['detail-type'], event.detail, {
      defaultPhoneCountry: deps.settings.defaultPhoneCountry,
    });
    // Field names only (never values): a newer contract's fields this build does not know yet.
    const { ignoredFields } = detailed;
    if (ignoredFields.length) logger.warn('fields of a newer contract version ignored', { eventId: event.id, ignoredFields });
    parsed = detailed.event;
  } catch (error) {
    if (error instanceof InvalidEventError) return rejectEvent(deps, raw, error.problems);
    throw error;
  }

  if (parsed.detailType === 'AccountOverdue') return placeAccount(deps, event.id, parsed.detail);
  if (parsed.detailType === 'PaymentDueSoon') return placePreDue(deps, event.id, parsed.detail);
  return rejectEvent(deps, raw, [
    `ingest takes AccountOverdue and PaymentDueSoon events; ${parsed.detailType} goes to the lifecycle handler`,
  ]);
});

export const makeIngestHandler = (deps: () => Dependencies) =>
  withPowertools(async (event: unknown, context): Promise<IngestResult> => ingest(deps(), event, context));

export const handler = makeIngestHandler(awsDependencies);
