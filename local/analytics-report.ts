/**
 * The analytics side of a local run's report folder: facts.jsonl (the rows Firehose would carry),
 * one timeline file per account cycle, and dashboard.html built from the KPI views on DuckDB.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { collectFacts, toJsonLines } from './analytics-facts';
import { renderDashboard } from './dashboard';
import { runKpiViews, type ViewResults } from './duckdb-views';
import type { RunReport } from './report';
import type { LocalRunResult } from './runtime';

const timelineFile = (accountId: string, cycleId: string) => `timelines/${accountId}_${cycleId}.json`;

/** Writes the facts, the timelines and the dashboard; returns the view results and the rejected facts' reasons. */
export async function writeAnalyticsReport(
  run: LocalRunResult,
  report: RunReport,
  dir: string,
): Promise<{ views: ViewResults; problems: string[] }> {
  const facts = await collectFacts(run);
  const factsFile = join(dir, 'facts.jsonl');
  await writeFile(factsFile, toJsonLines(facts.facts));
  await mkdir(join(dir, 'timelines'), { recursive: true });
  for (const key of report.ledger.keys()) {
    const [accountId, cycleId] = key.split(' ');
    const entries = report.timeline.filter((e) => e.accountId === accountId && e.cycleId === cycleId);
    await writeFile(join(dir, timelineFile(accountId, cycleId)), JSON.stringify(entries, null, 2) + '\n');
  }
  const views = await runKpiViews(factsFile);
  const experiment = run.experiment
    ? { id: run.experiment.id, champion: run.experiment.champion, holdout: run.experiment.variants.find((v) => v.holdout)?.id }
    : undefined;
  const html = renderDashboard({ views, period: report.summary.period, ...(experiment ? { experiment } : {}), timelineLink: timelineFile });
  await writeFile(join(dir, 'dashboard.html'), html);
  return {
    views,
    problems: facts.rejected.map((r) => `analytics fact ${r.factType} of ${r.accountId} rejected: ${r.problems.join('; ')}`),
  };
}
