/**
 * Every KPI view (the SQL Athena runs) on DuckDB over a local run's facts: its figures equal the run's
 * summary, which counts from the ledger and the state by its own code. One story, two derivations.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEventFile } from '../../local/event-file';
import { buildReport, type RunReport } from '../../local/report';
import { renderText } from '../../local/report-text';
import { runLocal, type LocalRunResult } from '../../local/runtime';
import { writeAnalyticsReport } from '../../local/analytics-report';
import type { ViewResults, ViewRow } from '../../local/duckdb-views';
import { KPI_VIEWS } from '../../functions/domain/analytics/views';
import { experimentResults, RESULT_KPIS, type ExperimentSums } from '../../functions/domain/analytics/experiment-results';
import { accessibilityViolations, launchChromium } from './browser';

let run: LocalRunResult;
let report: RunReport;
let views: ViewResults;
let dir: string;

beforeAll(async () => {
  // Paced, as `npm start` runs it (the sample's survey answers come days after their questions).
  run = await runLocal({ events: await readEventFile('samples/events.jsonl'), experiment: 'cx-vs-traditional' });
  report = await buildReport(run);
  dir = await mkdtemp(join(tmpdir(), 'amicable-analytics-'));
  ({ views } = await writeAnalyticsReport(run, report, dir));
}, 420_000); // a ceiling for a busy shared machine, not a target

afterAll(async () => {
  await run?.dispose();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const row = (name: string, dimension: string, value: string, currency?: string): ViewRow => {
  const found = views[name].find(
    (r) => r.dimension === dimension && r.value === value && (currency === undefined || r.currency === currency),
  );
  if (!found) throw new Error(`no ${name} row for ${dimension}=${value} ${currency ?? ''}`);
  return found;
};
const round3 = (x: unknown) => Math.round(Number(x) * 1000) / 1000;
const cents = (x: unknown) => Math.round(Number(x) * 100) / 100;

describe('the KPI views on DuckDB over a local run', () => {
  it('run every view, and no fact was rejected', async () => {
    expect(Object.keys(views).sort()).toEqual(KPI_VIEWS.map((v) => v.name).sort());
    for (const v of KPI_VIEWS.filter((v) => v.name !== 'kpi_complaint_resolution')) expect(views[v.name].length, v.name).toBeGreaterThan(0);
    const facts = (await readFile(join(dir, 'facts.jsonl'), 'utf8')).trim().split('\n');
    expect(facts.length).toBeGreaterThan(100);
  });

  it('give the summary amounts per currency: placed, collected, recovery rate', () => {
    for (const [currency, a] of Object.entries(report.summary.amounts)) {
      const m = row('kpi_money', 'all', 'all', currency);
      expect([cents(m.placed), cents(m.collected), round3(m.recovery_rate)], currency).toEqual([a.overdue, a.paid, a.recoveryRate]);
    }
  });

  it('give the summary per variant: accounts, messages, hand-offs, amounts', () => {
    for (const [variant, v] of Object.entries(report.summary.byVariant ?? {})) {
      const a = row('kpi_accounts', 'variant', variant);
      expect([a.accounts, a.messages, a.handoffs], variant).toEqual([v.accounts, v.messages, v.escalations]);
      for (const [currency, amounts] of Object.entries(v.amounts)) {
        const m = row('kpi_money', 'variant', variant, currency);
        expect([cents(m.placed), cents(m.collected)], `${variant} ${currency}`).toEqual([amounts.overdue, amounts.paid]);
      }
    }
  });

  it('give the summary outcomes: contacted, first-contact resolution, CSAT, complaints, promises, plans and the rates', () => {
    const a = row('kpi_accounts', 'all', 'all');
    const o = report.summary.outcomes;
    expect(a.accounts_contacted).toBe(o.accountsContacted);
    expect(round3(a.first_contact_resolution)).toBe(o.firstContactResolution);
    expect([a.surveys_sent, a.survey_responses, round3(a.csat_response_rate)]).toEqual([
      o.csat.surveysSent,
      o.csat.responses,
      o.csat.responseRate,
    ]);
    expect(Math.round(Number(a.csat) * 100) / 100).toBe(o.csat.meanScore);
    expect(a.complaints).toBe(o.complaints.received);
    expect(Math.round(Number(a.complaints_per_1000) * 10) / 10).toBe(o.complaints.per1000Contacted);
    expect([a.promises, a.promises_kept, Number(a.promises_due) - Number(a.promises_kept)]).toEqual([
      o.promises.made,
      o.promises.kept,
      o.promises.broken,
    ]);
    expect([a.plans_agreed, a.plans_completed]).toEqual([o.plans.agreed, o.plans.completed]);
    expect([round3(a.opt_out_rate), round3(a.escalation_rate), round3(a.dispute_rate)]).toEqual([
      o.optOutRate,
      o.escalationRate,
      o.disputeRate,
    ]);
    const median = row('kpi_complaint_resolution', 'all', 'all');
    expect([median.resolved, median.median_hours]).toEqual([o.complaints.resolved, o.complaints.medianHoursToResolve]);
  });

  it('give the summary messages, by channel, and hand-offs (one count each, as the text says)', () => {
    const byChannel = Object.fromEntries(views.kpi_channels.map((r) => [r.channel, r.messages]));
    expect(byChannel).toEqual(report.summary.messages.byChannel);
    expect(row('kpi_accounts', 'all', 'all').messages).toBe(report.summary.messages.total);
    expect(row('kpi_accounts', 'all', 'all').handoffs).toBe(report.summary.escalations);
    expect(report.summary.escalations).toBe(report.summary.handOffEventsPublished);
    const text = renderText(report);
    expect(text).toContain(`messages          ${report.summary.messages.total} (`);
    expect(Object.values(report.summary.messages.byChannel).reduce((s, n) => s + n, 0)).toBe(report.summary.messages.total);
  });

  it('give the funnel and the segments the summary counts', () => {
    const f = views.kpi_funnel.find((r) => r.dimension === 'all')!;
    expect(f.placed).toBe(report.summary.journeys.started);
    expect(f.contacted).toBe(report.summary.outcomes.accountsContacted);
    for (const [segment, count] of Object.entries(report.summary.segments))
      expect(row('kpi_accounts', 'segment', segment).accounts, segment).toBe(count);
  });

  it('give each variant of the experiment its intervals and a comparison with the champion', () => {
    const sums = views.kpi_experiment_sums as unknown as ExperimentSums[];
    const results = experimentResults(sums, 'champion');
    const usd = results.filter((r) => r.currency === 'USD');
    expect(usd.map((r) => r.variant).sort()).toEqual(Object.keys(report.summary.byVariant!).sort());
    for (const r of usd) {
      const e = r.estimates['recovery rate'];
      expect(round3(e.value)).toBe(report.summary.byVariant![r.variant].amounts.USD.recoveryRate);
      expect(e.low).toBeLessThanOrEqual(e.value);
      expect(e.high).toBeGreaterThanOrEqual(e.value);
      if (r.variant !== 'champion') expect(r.comparisons['cure rate']?.[0].against).toBe('champion');
    }
  });

  it('give in kpi_experiment_results the intervals and differences experiment-results.ts computes (queryable in Athena)', () => {
    const results = experimentResults(views.kpi_experiment_sums as unknown as ExperimentSums[], 'champion', 'holdout');
    const sql = views.kpi_experiment_results;
    const close = (a: unknown, b: number | undefined, what: string) => expect(Number(a), what).toBeCloseTo(b ?? Number.NaN, 9);
    let compared = 0;
    for (const r of results) {
      for (const kpi of RESULT_KPIS) {
        const mine = sql.filter((x) => x.variant === r.variant && x.currency === r.currency && x.kpi === kpi);
        const e = r.estimates[kpi];
        const label = `${r.variant} ${r.currency} ${kpi}`;
        expect(mine.length, label).toBeGreaterThan(0);
        for (const x of mine) for (const k of ['value', 'low', 'high', 'n'] as const) close(x[k], e[k], `${label} ${k}`);
        for (const c of r.comparisons[kpi] ?? []) {
          const x = mine.find((m) => m.against === c.against);
          const what = `${label} vs ${c.against}`;
          expect(x, what).toBeDefined();
          close(x!.difference, c.difference.value, `${what} difference`);
          close(x!.difference_low, c.difference.low, `${what} low`);
          close(x!.difference_high, c.difference.high, `${what} high`);
          expect([x!.significant, x!.accounts_needed ?? undefined], what).toEqual([c.significant, c.accountsNeeded]);
          compared++;
        }
      }
    }
    // Every comparison experiment-results.ts makes, and at least every USD challenger against the champion.
    expect(compared).toBe(results.reduce((n, r) => n + RESULT_KPIS.reduce((m, k) => m + (r.comparisons[k]?.length ?? 0), 0), 0));
    const usdVariants = results.filter((r) => r.currency === 'USD').length;
    expect(usdVariants).toBeGreaterThan(1);
    expect(compared).toBeGreaterThanOrEqual(RESULT_KPIS.length * (usdVariants - 1));
    // The view also compares each pair the other way round (a challenger as the baseline): one row per ordered pair.
    for (const r of results)
      for (const kpi of RESULT_KPIS) {
        const others = results.filter((o) => o.currency === r.currency && o.variant !== r.variant).length;
        expect(sql.filter((x) => x.variant === r.variant && x.currency === r.currency && x.kpi === kpi).length).toBe(Math.max(1, others));
      }
    expect(sql.some((x) => x.significant === true) || sql.some((x) => Number(x.accounts_needed) > 0)).toBe(true);
  });

  it('tell one story in the text summary: accounts as the progress counts them, hand-offs and accounts handed off, no sent message called suppressed', () => {
    const s = report.summary;
    const text = renderText(report);
    // The progress line counts run.accounts (the account ids the events name).
    expect(s.accountIdsInEvents).toBe(run.accounts.length);
    expect(s.accounts + s.accountsWithoutJourney.length).toBe(s.accountIdsInEvents);
    expect(s.accountsWithoutJourney.sort()).toEqual(['acct-1099', 'acct-7777']);
    expect(text).toContain(
      `accounts          ${s.accounts} with a journey (${s.accountIdsInEvents} account ids in the events; none for acct-1099, acct-7777)`,
    );
    // Hand-offs: one count of events, one of cycles, equal to the views' and to the escalation rate's numerator.
    const all = row('kpi_accounts', 'all', 'all');
    expect([s.escalations, s.cyclesHandedOff]).toEqual([all.handoffs, all.escalated]);
    expect(s.journeys.closed['handed-off'] ?? 0).toBeLessThanOrEqual(s.cyclesHandedOff);
    expect(text).toContain(`hand-offs         ${s.escalations}, for ${s.cyclesHandedOff} account cycles`);
    // A survey that went out reads as sent, and says why it could go out after outreach stopped.
    const surveys = text.split('\n').filter((l) => / message +\w+ +survey/.test(l));
    expect(surveys.length).toBe(s.outcomes.csat.surveysSent);
    for (const line of surveys) expect(line).not.toMatch(/suppressed/);
    expect(surveys.some((l) => l.includes('a care message (care.survey) after outreach stopped by status.stop'))).toBe(true);
  });

  it('write a dashboard with a timeline link for every account cycle', async () => {
    const html = await readFile(join(dir, 'dashboard.html'), 'utf8');
    expect(html).not.toMatch(/<script|https?:\/\//);
    for (const key of report.ledger.keys()) {
      const [accountId, cycleId] = key.split(' ');
      expect(html).toContain(`href="timelines/${accountId}_${cycleId}.json"`);
      await expect(readFile(join(dir, `timelines/${accountId}_${cycleId}.json`), 'utf8')).resolves.toContain(accountId);
    }
  });

  it('opens in Chromium with the summary figures, no accessibility violations, and a screenshot for README.md', async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
      // No network: any request but the file itself fails the test.
      const requests: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      await page.goto(`file://${join(dir, 'dashboard.html')}`);
      const kpi = (id: string) => page.locator(`[data-kpi="${id}"]`).innerText();
      const s = report.summary;
      expect(await kpi('placed-USD')).toBe(`USD ${s.amounts.USD.overdue.toLocaleString('en-US', { minimumFractionDigits: 2 })}`);
      expect(await kpi('collected-USD')).toBe(`USD ${s.amounts.USD.paid.toLocaleString('en-US', { minimumFractionDigits: 2 })}`);
      expect(await kpi('recovery-USD')).toBe(`${(s.amounts.USD.recoveryRate * 100).toFixed(1)}%`);
      expect(await kpi('recovery-GBP')).toBe(`${(s.amounts.GBP.recoveryRate * 100).toFixed(1)}%`);
      expect(await kpi('contacted')).toBe(String(s.outcomes.accountsContacted));
      expect(await kpi('messages')).toBe(String(s.messages.total));
      expect(await kpi('fcr')).toBe(`${(s.outcomes.firstContactResolution * 100).toFixed(1)}%`);
      expect(await kpi('escalation')).toBe(`${(s.outcomes.escalationRate * 100).toFixed(1)}%`);
      expect(await page.locator('.verdicts li').count()).toBeGreaterThan(0);
      expect(await accessibilityViolations(page)).toEqual([]);
      expect(requests.filter((u) => !u.startsWith('file://'))).toEqual([]);
      await page.screenshot({ path: new URL('../../docs/screenshots/dashboard.png', import.meta.url).pathname, fullPage: false });
    } finally {
      await browser.close();
    }
  }, 60_000);
});
