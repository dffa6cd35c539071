/**
 * AccountOverdue -> the account's state for the cycle, its journey dedupe record, and one journey.
 * Invalid events are rejected and kept (with every problem and the raw event), never half-processed:
 * validation comes before any write. Idempotent per EventBridge event id.
 */
import { InvalidEventError, parseBillingEventDetailed, type AccountOverdue } from './domain/events';
import { placeAccount, type PlacementResult } from './application/place-account';
import { awsDependencies, type Dependencies } from './commons/dependencies';
import { describeIssues } from './domain/zod-issues';
import { idempotentPerEventId } from './commons/idempotency';
import { eventBridgeEnvelopeSchema } from './commons/inputs';
import { withPowertools } from './commons/middleware';
import { logger } from './commons/powertools';
import { rejectEvent } from './commons/rejections';

export type IngestResult = { status: 'rejected'; eventId: string; reasons: string[] } | PlacementResult;

const ingest = idempotentPerEventId(async (raw: unknown, _context, deps: Dependencies): Promise<IngestResult> => {
  const envelope = eventBridgeEnvelopeSchema.safeParse(raw);
  if (!envelope.success) {
    return rejectEvent(deps, raw, describeIssues(envelope.error, '(envelope)'));
  }
  const event = envelope.data;
  let detail: AccountOverdue;
  try {
    const { event: parsed, ignoredFields } = parseBillingEventDetailed(event['detail-type'], event.detail, {
      defaultPhoneCountry: deps.settings.defaultPhoneCountry,
    });
    // Field names only (never values): a newer contract's fields this build does not know yet.
    if (ignoredFields.length) logger.warn('fields of a newer contract version ignored', { eventId: event.id, ignoredFields });
    if (parsed.detailType !== 'AccountOverdue') {
      return rejectEvent(deps, raw, [`ingest takes AccountOverdue events; ${parsed.detailType} goes to the lifecycle handler`]);
    }
    detail = parsed.detail;
  } catch (error) {
    if (error instanceof InvalidEventError) return rejectEvent(deps, raw, error.problems);
    throw error;
  }

  return placeAccount(deps, event.id, detail);
});

export const makeIngestHandler = (deps: () => Dependencies) =>
  withPowertools(async (event: unknown, context): Promise<IngestResult> => ingest(deps(), event, context));

export const handler = makeIngestHandler(awsDependencies);
