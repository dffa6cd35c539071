/**
 * The placement-results step over what a Distributed Map leaves in S3 (its manifest, flattened JSON
 * Lines of row outcomes, and failed children's records), held in memory in the shapes Step Functions
 * writes; and the local reader of placement files, fuzzed: any text is rows or one clear error.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makePlacementResultsHandler } from '../../functions/placement-results';
import type { PlacementFiles } from '../../functions/domain/placement-results';
import { PlacementFileError, readPlacementText } from '../../local/placement-file';
import { context } from './harness';

/** The bucket as a map of keys; reading a key that is not there fails as GetObject does (NoSuchKey). */
class MemoryFiles implements PlacementFiles {
  readonly objects = new Map<string, string>();
  async read(key: string): Promise<string> {
    const body = this.objects.get(key);
    if (body === undefined) throw Object.assign(new Error('The specified key does not exist.'), { name: 'NoSuchKey' });
    return body;
  }
  async write(key: string, body: string): Promise<void> {
    this.objects.set(key, body);
  }
}

const RUN = 'map-runs/0b1c2d3e-run';
const source = { bucket: 'placement-bucket', key: 'incoming/2026/12/northwind.csv' };

function mapRunFiles(): MemoryFiles {
  const files = new MemoryFiles();
  files.objects.set(
    `${RUN}/manifest.json`,
    JSON.stringify({
      DestinationBucket: 'placement-bucket',
      MapRunArn: 'arn:aws:states:us-east-1:111111111111:mapRun:placement/run:0b1c2d3e',
      ResultFiles: {
        FAILED: [{ Key: `${RUN}/FAILED_0.json`, Size: 1 }],
        PENDING: [],
        SUCCEEDED: [{ Key: `${RUN}/SUCCEEDED_0.json`, Size: 1 }],
      },
    }),
  );
  files.objects.set(
    `${RUN}/SUCCEEDED_0.json`,
    [
      { row: 3, outcome: 'rejected', accountId: 'a-3', reasons: ['amountDue: a number such as 125.50'] },
      { row: 1, outcome: 'accepted', accountId: 'a-1', cycleId: 'c' },
      { row: 2, outcome: 'duplicate', accountId: 'a-1', cycleId: 'c', reasons: ['this cycle was placed before'] },
    ]
      .map((o) => JSON.stringify(o))
      .join('\n'),
  );
  // A failed child keeps its input (the batch, rows and all) as a string, with the error.
  const failedInput = JSON.stringify({
    BatchInput: { format: 'csv' },
    Items: [
      { index: 3, value: { accountId: 'a-4' } },
      { index: 4, value: {} },
    ],
  });
  files.objects.set(
    `${RUN}/FAILED_0.json`,
    JSON.stringify({ ExecutionArn: 'arn:x', Input: failedInput, Status: 'FAILED', Error: 'States.Timeout' }),
  );
  return files;
}

describe('placement results', () => {
  it('lists every row in row order, the failed batch row by row, and counts them', async () => {
    const files = mapRunFiles();
    const handler = makePlacementResultsHandler(() => files);
    const out = await handler(
      {
        source,
        placementId: 'p-1',
        mapRun: { MapRunArn: 'arn', ResultWriterDetails: { Bucket: 'placement-bucket', Key: `${RUN}/manifest.json` } },
      },
      context('results'),
    );
    expect(out.results).toBe('results/2026/12/northwind.results.jsonl');
    expect(out.summary).toEqual({
      source: source.key,
      status: 'complete',
      counts: { rows: 5, accepted: 1, duplicate: 1, rejected: 1, failed: 2 },
    });
    const lines = files.objects
      .get(out.results)!
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.row, l.outcome])).toEqual([
      [1, 'accepted'],
      [2, 'duplicate'],
      [3, 'rejected'],
      [4, 'failed'],
      [5, 'failed'],
    ]);
    expect(lines[3].reasons[0]).toContain('States.Timeout');
    expect(JSON.parse(files.objects.get(out.summaryKey)!)).toEqual(out.summary);
  });

  it('says why when the file could not be read, without quoting it', async () => {
    const files = new MemoryFiles();
    const handler = makePlacementResultsHandler(() => files);
    const out = await handler(
      { source, placementId: 'p-2', failure: { Error: 'States.ItemReaderFailed', Cause: 'bad row near ana@example.com +1 206 555 0123' } },
      context('results'),
    );
    expect(out.summary).toMatchObject({ status: 'failed', counts: { rows: 0 } });
    expect(out.summary.error).toContain('States.ItemReaderFailed');
    expect(out.summary.error).not.toMatch(/ana@example|555/);
    expect(files.objects.get(out.results)).toBe('');
  });

  it('refuses a row outcome of another shape rather than writing it', async () => {
    const files = mapRunFiles();
    files.objects.set(`${RUN}/SUCCEEDED_0.json`, JSON.stringify({ row: 1, outcome: 'accepted', firstName: 'Ana' }));
    const handler = makePlacementResultsHandler(() => files);
    await expect(
      handler({ source, placementId: 'p-3', mapRun: { ResultWriterDetails: { Key: `${RUN}/manifest.json` } } }, context('results')),
    ).rejects.toThrow(/firstName/);
  });
});

describe('reading a placement file locally', () => {
  it('any text is rows or one clear PlacementFileError, for CSV and JSON Lines alike', () => {
    const text = fc.oneof(fc.string(), fc.string({ unit: fc.constantFrom('a', ',', '"', '\n', '\r', '{', '}', ':', ' ', '1') }));
    fc.assert(
      fc.property(fc.constantFrom('drop.csv', 'drop.jsonl'), text, (name, body) => {
        try {
          const { items } = readPlacementText(name, body);
          expect(items.length).toBeGreaterThan(0);
          expect(items.map((i) => i.index)).toEqual(items.map((_, n) => n));
        } catch (error) {
          expect(error).toBeInstanceOf(PlacementFileError);
          // The message names a line, never its content.
          expect((error as Error).message).not.toContain(body.length > 12 ? body : '\u0000');
        }
      }),
      { numRuns: 500, seed: 15 },
    );
  });

  it('presents CSV cells as strings under the header names, as the Map reader does', () => {
    const { format, items } = readPlacementText('drop.csv', 'accountId,amountDue\r\n"a-1","12.50"\r\n');
    expect(format).toBe('csv');
    expect(items).toEqual([{ index: 0, value: { accountId: 'a-1', amountDue: '12.50' } }]);
    expect(() => readPlacementText('drop.xlsx', 'x')).toThrow(PlacementFileError);
    expect(() => readPlacementText('drop.csv', 'a,b\n1,2,3\n')).toThrow(/line 2/);
  });
});
