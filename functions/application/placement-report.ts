/**
 * The results of one placement file: gathered from what the Distributed Map wrote (a manifest naming
 * JSON Lines files of row outcomes, and of the batches that failed), then written next to the file as
 * one JSON line per row plus a summary with the counts. The local run writes the same two files.
 */
import * as z from '../domain/zod';
import {
  countOutcomes,
  resultKeys,
  resultsJsonLines,
  rowOutcomeSchema,
  type PlacementFiles,
  type PlacementSummary,
  type RowOutcome,
} from '../domain/placement-results';
import { describeIssues } from '../domain/zod-issues';
import { redact } from '../commons/inputs';

/*
 * Step Functions' own shapes (its ResultWriter manifest and a failed child's record): read loosely,
 * since AWS may add fields, and only for what is needed.
 */
const resultFileList = z._default(z.array(z.looseObject({ Key: z.string().check(z.minLength(1)) })), []);
const manifestSchema = z.looseObject({
  ResultFiles: z.looseObject({ SUCCEEDED: resultFileList, FAILED: resultFileList, PENDING: resultFileList }),
});
const failedChildSchema = z.looseObject({ Input: z.string(), Error: z.optional(z.string()) });
const failedBatchInputSchema = z.looseObject({ Items: z.array(z.looseObject({ index: z.number().check(z.int(), z.gte(0)) })) });

const jsonLines = (text: string): unknown[] =>
  text
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as unknown);

function parsed<S extends z.ZodMiniType>(schema: S, value: unknown, what: string): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new Error(`unexpected ${what}: ${describeIssues(result.error).join('; ')}`);
  return result.data;
}

/** The rows of a batch that failed (or never ran): each reported as failed, never dropped. */
function rowsOfFailedBatch(line: unknown, why: string): RowOutcome[] {
  const child = parsed(failedChildSchema, line, 'failed child record');
  const batch = parsed(failedBatchInputSchema, JSON.parse(child.Input) as unknown, 'failed batch input');
  const reason = `its batch ${why} (${child.Error ?? 'no error name'}); drop the file again to place it`;
  return batch.Items.map((item) => ({ row: item.index + 1, outcome: 'failed' as const, reasons: [reason] }));
}

/** Every row outcome of a map run, from its manifest (the ResultWriter's key). */
export async function collectMapRun(files: PlacementFiles, manifestKey: string): Promise<RowOutcome[]> {
  const manifest = parsed(manifestSchema, JSON.parse(await files.read(manifestKey)) as unknown, 'map run manifest');
  const outcomes: RowOutcome[] = [];
  for (const { Key } of manifest.ResultFiles.SUCCEEDED) {
    for (const line of jsonLines(await files.read(Key))) outcomes.push(parsed(rowOutcomeSchema, line, 'row outcome'));
  }
  for (const [list, why] of [
    [manifest.ResultFiles.FAILED, 'failed'],
    [manifest.ResultFiles.PENDING, 'never ran'],
  ] as const) {
    for (const { Key } of list) {
      for (const line of jsonLines(await files.read(Key))) outcomes.push(...rowsOfFailedBatch(line, why));
    }
  }
  return outcomes;
}

/**
 * Writes results/<name>.results.jsonl and results/<name>.summary.json for the file at `sourceKey`.
 * With `error` the file could not be read or the run stopped: the rows placed so far are still listed.
 */
export async function writePlacementResults(
  files: PlacementFiles,
  sourceKey: string,
  outcomes: readonly RowOutcome[],
  error?: string,
): Promise<{ summary: PlacementSummary; keys: { results: string; summary: string } }> {
  const keys = resultKeys(sourceKey);
  const summary: PlacementSummary = {
    source: sourceKey,
    status: error === undefined ? 'complete' : 'failed',
    counts: countOutcomes(outcomes),
    // Step Functions' causes can quote a line of the file: anything like an address or a number is removed.
    ...(error === undefined ? {} : { error: redact(error, 500) }),
  };
  await files.write(keys.results, resultsJsonLines(outcomes), 'application/x-ndjson');
  await files.write(keys.summary, JSON.stringify(summary, null, 2) + '\n', 'application/json');
  return { summary, keys };
}
