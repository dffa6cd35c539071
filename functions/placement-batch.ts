/**
 * One batch of a placement file (a child of the placement state machine's Distributed Map): every row
 * through the same contract check and placement as an AccountOverdue event. Returns one outcome per
 * row, as an array the Map's ResultWriter flattens into one JSON line per row.
 */
import * as z from './domain/zod';
import { placeRows } from './application/place-rows';
import { awsDependencies, type AwsWiring } from './commons/aws-dependencies';
import { awsPortal } from './commons/aws-portal';
import { awsChannels } from './commons/aws-channels';
import { awsBus } from './commons/aws-bus';
import { awsJourneys } from './commons/aws-journeys';
import type { Dependencies } from './commons/dependencies';
import { parseInput } from './commons/inputs';
import { withPowertools } from './commons/middleware';
import { logger } from './commons/powertools';
import { countOutcomes, MAX_ROWS_PER_BATCH, PLACEMENT_FORMATS, type RowOutcome } from './domain/placement-results';

/** What the Map's ItemBatcher sends: its BatchInput and the items its ItemSelector shaped. */
export const placementBatchSchema = z.strictObject({
  BatchInput: z.strictObject({
    format: z.enum(PLACEMENT_FORMATS),
    placementId: z.string().check(z.minLength(1), z.maxLength(128)),
    source: z.string().check(z.minLength(1), z.maxLength(1024)),
  }),
  Items: z
    .array(z.strictObject({ index: z.number().check(z.int(), z.gte(0)), value: z.unknown() }))
    .check(z.minLength(1), z.maxLength(MAX_ROWS_PER_BATCH)),
});

export const makePlacementBatchHandler = (deps: () => Dependencies) =>
  withPowertools(async (event: unknown): Promise<RowOutcome[]> => {
    // A batch of another shape is the state machine's defect, not a row's: fail loudly.
    const batch = parseInput(placementBatchSchema, event, 'placement batch');
    const { format, placementId, source } = batch.BatchInput;
    const outcomes = await placeRows(deps(), { format, placementId, source, items: batch.Items });
    logger.info('placement batch placed', { placementId, counts: countOutcomes(outcomes) });
    return outcomes;
  });

/** The ports this function uses (test/infra/bundle-sizes.test.ts checks its code reads no other). */
export const wiring: AwsWiring = { portal: awsPortal, channels: awsChannels, bus: awsBus, journeys: awsJourneys };

export const handler = makePlacementBatchHandler(awsDependencies(wiring));
