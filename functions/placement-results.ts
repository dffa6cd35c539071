/**
 * The placement state machine's last step: the results of one dropped file, written next to it
 * (results/<name>.results.jsonl, one line per row, and results/<name>.summary.json with the counts).
 * When the file could not be read or the run stopped, the summary says so and why; rows placed so far
 * are still listed when the map run's results are there.
 */
import { S3Client } from '@aws-sdk/client-s3';
import * as z from './domain/zod';
import { collectMapRun, writePlacementResults } from './application/placement-report';
import { S3PlacementFiles } from './adapters/placement-files-s3';
import { ENV } from './commons/environment';
import { parseInput } from './commons/inputs';
import { withPowertools } from './commons/middleware';
import { logger } from './commons/powertools';
import type { PlacementFiles, PlacementSummary } from './domain/placement-results';

/** The state machine's input to this step (lib/placement.ts). Map output and error are Step Functions' shapes. */
export const placementResultsInputSchema = z.strictObject({
  source: z.strictObject({ bucket: z.string().check(z.minLength(1)), key: z.string().check(z.minLength(1), z.maxLength(1024)) }),
  placementId: z.string().check(z.minLength(1), z.maxLength(128)),
  mapRun: z.optional(z.looseObject({ ResultWriterDetails: z.looseObject({ Key: z.string().check(z.minLength(1)) }) })),
  failure: z.optional(z.looseObject({ Error: z.optional(z.string()), Cause: z.optional(z.string()) })),
});

export interface PlacementResultsOutput {
  summary: PlacementSummary;
  results: string;
  summaryKey: string;
}

export const makePlacementResultsHandler = (files: () => PlacementFiles) =>
  withPowertools(async (event: unknown): Promise<PlacementResultsOutput> => {
    const input = parseInput(placementResultsInputSchema, event, 'placement results');
    const { key } = input.source;
    const manifest = input.mapRun?.ResultWriterDetails.Key;
    const outcomes = manifest ? await collectMapRun(files(), manifest) : [];
    const error = input.failure
      ? `${input.failure.Error ?? 'the run failed'}: ${input.failure.Cause ?? 'no cause given'}`
      : manifest
        ? undefined
        : 'the map run wrote no results';
    const { summary, keys } = await writePlacementResults(files(), key, outcomes, error);
    logger.info('placement results written', { placementId: input.placementId, status: summary.status, counts: summary.counts });
    return { summary, results: keys.results, summaryKey: keys.summary };
  });

let s3Files: PlacementFiles | undefined;
const bucketFiles = (): PlacementFiles => {
  const bucket = process.env[ENV.placementBucket];
  if (!bucket) throw new Error(`${ENV.placementBucket} is not set`);
  s3Files ??= new S3PlacementFiles(new S3Client({}), bucket);
  return s3Files;
};

export const handler = makePlacementResultsHandler(bucketFiles);
