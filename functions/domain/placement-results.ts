/**
 * What a placement file's rows came to: every row with its number, its outcome and why, and the counts.
 * The results name the account id and cycle id only, never a customer's personal data: the file can be
 * read by whoever runs the billing export.
 */
import * as z from './zod';
import { idSchema } from './schema-primitives';

/** The two file formats a billing system may drop; the extension of the file names it. */
export const PLACEMENT_FORMATS = ['csv', 'jsonl'] as const;
export type PlacementFormat = (typeof PLACEMENT_FORMATS)[number];

/** Rows per batch: the state machine's ItemBatcher (lib/placement.ts) and the local run cut files alike. */
export const MAX_ROWS_PER_BATCH = 100;

/**
 * accepted: a journey started for it. duplicate: the account's cycle was placed before (by an event or
 * an earlier file), nothing changed. rejected: the row breaks the contract, with every reason. failed:
 * it could not be placed now (a service error); dropping the file again places it.
 */
export const ROW_OUTCOMES = ['accepted', 'duplicate', 'rejected', 'failed'] as const;
export type RowOutcomeKind = (typeof ROW_OUTCOMES)[number];

export const rowOutcomeSchema = z.strictObject({
  /** 1 = the first row after the CSV header, or the first line of a JSON Lines file. */
  row: z.number().check(z.int(), z.gte(1)),
  outcome: z.enum(ROW_OUTCOMES),
  accountId: z.optional(idSchema),
  cycleId: z.optional(idSchema),
  reasons: z.optional(z.array(z.string())),
});
export type RowOutcome = z.infer<typeof rowOutcomeSchema>;

export type PlacementCounts = Record<RowOutcomeKind, number> & { rows: number };

export interface PlacementSummary {
  /** The file, as its key (S3) or path (local run). */
  source: string;
  /** complete: every row has an outcome. failed: the file could not be read or the run stopped; see error. */
  status: 'complete' | 'failed';
  counts: PlacementCounts;
  error?: string;
}

export function countOutcomes(outcomes: readonly RowOutcome[]): PlacementCounts {
  const counts: PlacementCounts = { rows: outcomes.length, accepted: 0, duplicate: 0, rejected: 0, failed: 0 };
  for (const o of outcomes) counts[o.outcome] += 1;
  return counts;
}

/** The results file: one JSON line per row, in row order. */
export function resultsJsonLines(outcomes: readonly RowOutcome[]): string {
  const sorted = [...outcomes].sort((a, b) => a.row - b.row);
  return sorted.map((o) => JSON.stringify(o)).join('\n') + (sorted.length ? '\n' : '');
}

/** The id-shaped value of a field, or nothing: a rejected row's results never echo free text. */
export function idOrNothing(value: unknown): string | undefined {
  return idSchema.safeParse(value).success ? (value as string) : undefined;
}

/** Where the results go: results/<the path under incoming/ without its extension>.results.jsonl and .summary.json. */
export function resultKeys(sourceKey: string): { results: string; summary: string } {
  const base = sourceKey.replace(/^incoming\//, '').replace(/\.(csv|jsonl)$/i, '');
  return { results: `results/${base}.results.jsonl`, summary: `results/${base}.summary.json` };
}

/** The format a file name says, or undefined for any other file. */
export function formatOf(fileName: string): PlacementFormat | undefined {
  const extension = /\.([a-z]+)$/i.exec(fileName)?.[1]?.toLowerCase();
  return PLACEMENT_FORMATS.find((f) => f === extension);
}

/** Where placement files and their results are read and written: the S3 bucket, or a local folder. */
export interface PlacementFiles {
  read(key: string): Promise<string>;
  write(key: string, body: string, contentType: string): Promise<void>;
}
