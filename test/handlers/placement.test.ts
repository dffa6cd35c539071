/**
 * Batch placement on DynamoDB Local: a placement file's rows through the real placement-batch handler
 * and the same use case as AccountOverdue events; bad rows, duplicate rows, a re-drop, and fuzzed rows.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeIngestHandler } from '../../functions/ingest';
import { makePlacementBatchHandler } from '../../functions/placement-batch';
import { PLACEMENT_COLUMNS } from '../../functions/domain/placement-columns';
import { rowOutcomeSchema } from '../../functions/domain/placement-results';
import { placeFile } from '../../local/placement-command';
import { readPlacementText, type PlacementItems } from '../../local/placement-file';
import { billingEvent, context, newAccountId, overdueDetail, useWorld, type World } from './harness';

let w: World;
useWorld((created) => {
  w = created;
});

const SAMPLES = resolve(import.meta.dirname, '..', '..', 'samples');
const sample = async (name: string) => readPlacementText(name, await readFile(join(SAMPLES, name), 'utf8'));
const place = async (name: string, placement: PlacementItems, placementId: string) =>
  placeFile({ name, placement }, { deps: w.deps, reportDir: await mkdtemp(join(tmpdir(), 'placement-test-')), placementId });

describe('a placement file', () => {
  it('accepts the good rows, rejects the bad one with every reason, and reports the repeated row as a duplicate', async () => {
    const result = await place('placement.csv', await sample('placement.csv'), 'drop-1');
    expect(result.summary).toEqual({
      source: 'incoming/placement.csv',
      status: 'complete',
      counts: { rows: 6, accepted: 4, duplicate: 1, rejected: 1, failed: 0 },
    });
    const byRow = new Map(result.outcomes.map((o) => [o.row, o]));
    expect(byRow.get(6)).toMatchObject({ outcome: 'duplicate', accountId: 'acct-2001', reasons: ['this cycle was placed before'] });
    const rejected = byRow.get(4)!;
    expect(rejected).toMatchObject({ outcome: 'rejected', accountId: 'acct-2004', cycleId: '2026-11' });
    // The cells that cannot be read and the contract's own checks, each naming its column.
    for (const column of ['amountDue', 'dueDate', 'customer.email', 'customer.timeZone', 'optOuts.0'])
      expect(
        rejected.reasons!.some((r) => r.startsWith(`${column}:`)),
        column,
      ).toBe(true);
    expect(w.journeys.startsFor('acct-2001')).toHaveLength(1);
    expect(w.journeys.startsFor('acct-2004')).toHaveLength(0);
    // Kept like a rejected event: the reasons and the row, under the drop's own event id.
    const kept = (await w.deps.ledger.rejections(w.clock.now().toISOString().slice(0, 10))).find((r) => r.eventId === 'placement:drop-1:4');
    expect(kept).toMatchObject({ detailType: 'AccountOverdue', source: 'amicable.placement', reasons: rejected.reasons });
    // The results name account and cycle ids only: no name, phone, email or amount.
    const written = await readFile(result.resultsPath, 'utf8');
    expect(written.trim().split('\n')).toHaveLength(6);
    expect(written).not.toMatch(/Mia|Lopez|555|example\.com|120/);
  });

  it('changes nothing when the same file is dropped again: every placed row is a duplicate, no second journey, no message', async () => {
    const placement = await sample('placement.csv');
    const startsBefore = w.journeys.starts.length;
    const accountBefore = await w.deps.state.getAccount('acct-2003');
    const again = await place('placement.csv', placement, 'drop-2');
    expect(again.summary.counts).toEqual({ rows: 6, accepted: 0, duplicate: 5, rejected: 1, failed: 0 });
    expect(w.journeys.starts.length).toBe(startsBefore);
    expect(w.channel.calls).toHaveLength(0);
    expect(await w.deps.state.getAccount('acct-2003')).toEqual(accountBefore);
  });

  it('reads JSON Lines with the same contract: a misspelt field is rejected with the field it probably meant', async () => {
    const result = await place('placement.jsonl', await sample('placement.jsonl'), 'drop-jsonl');
    expect(result.summary.counts).toEqual({ rows: 3, accepted: 1, duplicate: 1, rejected: 1, failed: 0 });
    expect(result.outcomes.find((o) => o.row === 2)).toMatchObject({
      outcome: 'rejected',
      accountId: 'acct-3002',
      reasons: ['optOut: unknown field; did you mean optOuts?'],
    });
  });

  it('reports a cycle an AccountOverdue event already placed as a duplicate', async () => {
    const accountId = newAccountId('placed-by-event');
    await makeIngestHandler(() => w.deps)(billingEvent('AccountOverdue', overdueDetail(accountId, 'inv-7')), context('ingest'));
    const detail = overdueDetail(accountId, 'inv-7');
    const result = await place('mixed.jsonl', { format: 'jsonl', items: [{ index: 0, value: detail }] }, 'drop-mixed');
    expect(result.outcomes).toEqual([
      { row: 1, outcome: 'duplicate', accountId, cycleId: 'inv-7', reasons: ['this cycle was placed before'] },
    ]);
    expect(w.journeys.startsFor(accountId)).toHaveLength(1);
  });

  it('names an unknown CSV column with the one it probably meant', async () => {
    const accountId = newAccountId('column');
    const text = `accountId,cycleId,amountDue,currency,dueDate,creditorName,customer.firstname,customer.phone\n${accountId},c1,10,USD,2026-11-01,Northwind,Ana,+12065550123\n`;
    const result = await place('column.csv', readPlacementText('column.csv', text), 'drop-column');
    expect(result.outcomes[0].outcome).toBe('rejected');
    expect(result.outcomes[0].reasons).toContain('customer.firstname: unknown field; did you mean customer.firstName?');
  });
});

describe('fuzzed rows', () => {
  const columnNames = PLACEMENT_COLUMNS.map((c) => c.name);
  const cell = fc.oneof(fc.string(), fc.constantFrom('', '12.5', 'true', '{}', '[1]', 'sms|email', '2026-02-30', '{"since":1}', '-0'));
  const csvRow = fc.dictionary(fc.oneof(fc.constantFrom(...columnNames), fc.string({ maxLength: 12 })), cell, { maxKeys: 12 });
  const anyValue = fc.oneof(csvRow, fc.anything(), fc.jsonValue());

  it('never crash the batch: every row comes back with exactly one valid outcome', async () => {
    const handler = makePlacementBatchHandler(() => w.deps);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('csv' as const, 'jsonl' as const),
        fc.array(anyValue, { minLength: 1, maxLength: 8 }),
        async (format, values) => {
          const items = values.map((value, index) => ({ index, value }));
          const outcomes = await handler(
            { BatchInput: { format, placementId: 'fuzz', source: `fuzz.${format}` }, Items: items },
            context('fuzz'),
          );
          expect(outcomes.map((o) => o.row)).toEqual(items.map((i) => i.index + 1));
          for (const o of outcomes) {
            expect(rowOutcomeSchema.safeParse(o).success).toBe(true);
            expect(o.outcome).not.toBe('failed');
            if (o.outcome === 'rejected') expect(o.reasons!.length).toBeGreaterThan(0);
          }
        },
      ),
      { numRuns: 40, seed: 15 },
    );
  });

  it('a batch of another shape is the state machine defect it is: a clear error naming the field', async () => {
    const handler = makePlacementBatchHandler(() => w.deps);
    await expect(
      handler({ BatchInput: { format: 'xlsx', placementId: 'p', source: 's' }, Items: [] }, context('bad-batch')),
    ).rejects.toThrow(/BatchInput\.format/);
  });
});
