/**
 * AccountOverdue -> the account's state for the cycle, its journey dedupe record, and one journey.
 * Invalid events are rejected and kept (with every problem and the raw event), never half-processed:
 * validation comes before any write. Idempotent per EventBridge event id.
 */
import { parseBillingEventDetailed } from './domain/events';
import { placeAccount, type PlacementResult } from './application/place-account';
import { placePreDue, type PreDuePlacement } from './application/place-pre-due';
import { awsDependencies, type AwsWiring } from './commons/aws-dependencies';
import { awsPortal } from './commons/aws-portal';
import { awsChannels } from './commons/aws-channels';
import { awsBus } from './commons/aws-bus';
import { awsJourneys } from './commons/aws-journeys';
import type { Dependencies } from './commons/dependencies';
import { idempotentPerEventId } from './commons/idempotency';
import { withPowertools } from './commons/middleware';
import { logger } from './commons/powertools';
import { readBillingEvent, rejectEvent } from './commons/rejections';

export type IngestResult = { status: 'rejected'; eventId: string; reasons: string[] } | PlacementResult | PreDuePlacement;

const ingest = idempotentPerEventId(async (raw: unknown, _context, deps: Dependencies): Promise<IngestResult> => {
  const read = await readBillingEvent(deps, raw, (detailType, detail) =>
    parseBillingEventDetailed(detailType, detail, { defaultPhoneCountry: deps.settings.defaultPhoneCountry }),
  );
  if ('rejected' in read) return read.rejected;
  const { event } = read;
  // Field names only (never values): a newer contract's fields this build does not know yet.
  const { ignoredFields, event: parsed } = read.parsed;
  if (ignoredFields.length) logger.warn('fields of a newer contract version ignored', { eventId: event.id, ignoredFields });

  if (parsed.detailType === 'AccountOverdue') return placeAccount(deps, event.id, parsed.detail);
  if (parsed.detailType === 'PaymentDueSoon') return placePreDue(deps, event.id, parsed.detail);
  return rejectEvent(deps, raw, [
    `ingest takes AccountOverdue and PaymentDueSoon events; ${parsed.detailType} goes to the lifecycle handler`,
  ]);
});

export const makeIngestHandler = (deps: () => Dependencies) =>
  withPowertools(async (event: unknown, context): Promise<IngestResult> => ingest(deps(), event, context));

/** The ports this function uses (test/infra/bundle-sizes.test.ts checks its code reads no other). */
export const wiring: AwsWiring = { portal: awsPortal, channels: awsChannels, bus: awsBus, journeys: awsJourneys };

export const handler = makeIngestHandler(awsDependencies(wiring));
