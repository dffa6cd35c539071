/**
 * The shipped sample under the shipped champion/challenger experiment (EXPERIMENT=cx-vs-traditional):
 * every journey records its segment and variant, the timeline and the summary show them, and the
 * no-contact holdout sends nothing. The run paces its sends (the local default): they are spread across
 * the contact windows, never outside one, and never more in a second than the identity's capacity.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEventFile } from '../../local/event-file';
import { LOCAL_PACING, localExperiment, runLocal, type LocalRunResult } from '../../local/runtime';
import { buildReport, isPreDueCycle, type RunReport } from '../../local/report';
import { renderText } from '../../local/report-text';
import { channelLimits } from '../../functions/domain/pacing/capacity';
import { possibleTimeZones } from '../../functions/domain/time-zones';
import { localTimeParts } from '../../functions/domain/zone-clock';
import { CHANNELS } from '../../functions/domain/types';
import { SEGMENTS } from '../../functions/domain/segments';

let run: LocalRunResult;
let report: RunReport;
let text: string;

// Paced (the local default): a reservation per message on DynamoDB Local makes it slower than an unpaced run.
beforeAll(async () => {
  run = await runLocal({ events: await readEventFile('samples/events.jsonl'), experiment: 'cx-vs-traditional' });
  report = await buildReport(run);
  text = renderText(report);
}, 300_000);

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
    // The variants summarise the overdue journeys; a bill's pre-due stage has a timeline but is no placement.
    const byVariant = report.summary.byVariant!;
    const overdueCycles = [...report.ledger.keys()].filter((k) => !isPreDueCycle(k.split(' ')[1])).length;
    expect(overdueCycles).toBe(report.ledger.size - report.summary.preDue.bills);
    expect(report.summary.preDue.bills).toBeGreaterThan(0);
    expect(Object.values(byVariant).reduce((n, v) => n + v.accounts, 0)).toBe(overdueCycles);
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

describe('the sample, paced', () => {
  /** Journey messages (replies to the customer are urgent: sent at once, within the share pacing leaves free). */
  const paced = () => run.sent.filter((m) => !m.messageKey.includes(':reply-'));

  it("spreads the sends across the window: few at minute :00 or in the window's first two hours", async () => {
    const atMinuteZero = paced().filter((m) => m.sentAt.slice(14, 16) === '00').length;
    expect(atMinuteZero / paced().length).toBeLessThan(0.25);
    let early = 0;
    for (const m of paced()) {
      const account = (await run.dependencies.state.getAccount(m.accountId))!;
      const zone = possibleTimeZones(account.customer, run.dependencies.settings.businessTimeZone)[0];
      if (localTimeParts(new Date(m.sentAt), zone).hour < 10) early++;
    }
    expect(early / paced().length).toBeLessThan(0.3);
  });

  it('never sends outside 08:00-21:00 in any zone the customer may be in, nor over capacity in any second', async () => {
    for (const m of run.sent) {
      const account = (await run.dependencies.state.getAccount(m.accountId))!;
      for (const zone of possibleTimeZones(account.customer, run.dependencies.settings.businessTimeZone)) {
        const { hour } = localTimeParts(new Date(m.sentAt), zone);
        expect(hour >= 8 && hour < 21, `${m.accountId} at ${m.sentAt} in ${zone}`).toBe(true);
      }
    }
    for (const channel of CHANNELS) {
      const limits = channelLimits(LOCAL_PACING.capacity, channel);
      const perSecond = new Map<string, number>();
      for (const m of paced().filter((x) => x.channel === channel))
        perSecond.set(m.sentAt.slice(0, 19), (perSecond.get(m.sentAt.slice(0, 19)) ?? 0) + 1);
      for (const [second, n] of perSecond)
        expect(n * limits.unitsPerMessage, `${channel} at ${second}`).toBeLessThanOrEqual(limits.unitsPerSecond);
    }
  });

  it('explains each paced wait with its own rule', () => {
    const reasons = report.timeline.flatMap((e) => e.reasons);
    expect(reasons.some((r) => r.ruleId.startsWith('pacing.'))).toBe(true);
  });
});
