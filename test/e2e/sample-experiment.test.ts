/**
 * The shipped sample under the shipped champion/challenger experiment (EXPERIMENT=cx-vs-traditional):
 * every journey records its segment and variant, the timeline and the summary show them, and the
 * no-contact holdout sends nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEventFile } from '../../local/event-file';
import { localExperiment, runLocal, type LocalRunResult } from '../../local/runtime';
import { buildReport, type RunReport } from '../../local/report';
import { renderText } from '../../local/report-text';
import { SEGMENTS } from '../../functions/domain/segments';

let run: LocalRunResult;
let report: RunReport;
let text: string;

beforeAll(async () => {
  run = await runLocal({ events: await readEventFile('samples/events.jsonl'), experiment: 'cx-vs-traditional' });
  report = await buildReport(run);
  text = renderText(report);
}, 180_000);

afterAll(async () => run?.dispose());

describe('the sample portfolio in the cx-vs-traditional experiment', () => {
  it('runs every journey to an end without a failed execution', () => {
    expect(run.executions.filter((e) => e.status === 'FAILED')).toEqual([]);
    expect(report.summary.experiment).toBe('cx-vs-traditional-2027q1');
  });

  it('records a segment and a variant for every journey, on every timeline entry', () => {
    expect(report.timeline.length).toBeGreaterThan(0);
    for (const entry of report.timeline) {
      expect(SEGMENTS as readonly string[], JSON.stringify(entry)).toContain(entry.segment);
      expect(['champion', 'segmented', 'traditional', 'holdout'], JSON.stringify(entry)).toContain(entry.variant);
    }
    for (const [key, strategy] of report.strategies) {
      expect(strategy.segmentReasons.length, key).toBeGreaterThan(0);
      expect(strategy.playbook, key).toBeDefined();
    }
  });

  it('sends nothing to holdout accounts', () => {
    const holdout = [...report.strategies].filter(([, s]) => s.variant === 'holdout').map(([key]) => key.split(' ')[0]);
    for (const accountId of holdout)
      expect(
        run.sent.filter((m) => m.accountId === accountId),
        accountId,
      ).toEqual([]);
  });

  it('shows the segment once per account header and the variant, and summarises per variant', () => {
    const headers = text.split('\n').filter((l) => l.startsWith('  segment: '));
    expect(headers.length).toBe(report.ledger.size);
    expect(text.split('\n').filter((l) => l.startsWith('  variant: ')).length).toBe(report.ledger.size);
    const byVariant = report.summary.byVariant!;
    expect(Object.values(byVariant).reduce((n, v) => n + v.accounts, 0)).toBe(report.ledger.size);
    expect(Object.values(byVariant).reduce((n, v) => n + v.messages, 0)).toBe(report.summary.messages.total);
    expect(text).toMatch(/experiment {8}cx-vs-traditional-2027q1/);
  });

  it('carries the segment and variant on every hand-off event', () => {
    const handoffs = run.published.filter((p) => p.detailType === 'AgentHandoffRequested');
    for (const h of handoffs) {
      expect(h.detail.segment).toBeDefined();
      expect(h.detail.variant).toBeDefined();
    }
  });

  it('uses no experiment unless told to', () => {
    expect(localExperiment(undefined, {})).toBeUndefined();
    expect(localExperiment(null, { EXPERIMENT: 'cx-vs-traditional' })).toBeUndefined();
    expect(localExperiment(undefined, { EXPERIMENT: 'cx-vs-traditional' })?.id).toBe('cx-vs-traditional-2027q1');
    expect(() => localExperiment('nope', {})).toThrow(/unknown experiment/);
  });
});
