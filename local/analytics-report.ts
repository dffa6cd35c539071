/**
 * The analytics side of a local run's report folder: facts.jsonl (the rows Firehose would carry),
 * one timeline file per account cycle, and dashboard.html built from the KPI views on DuckDB.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { collectFacts, toJsonLines } from './analytics-facts';
import { renderDashboard, type PreDueRow } from './dashboard';
import { runKpiViews, type ViewResults } from './duckdb-views';
import { isPreDueCycle, type RunReport } from './report';
import type { LocalRunResult } from './runtime';

const timelineFile = (accountId: string, cycleId: string) => `timelines/${accountId}_${cycleId}.json`;

/** The run's pre-due stages for the dashboard: each with its segment, reminders and how it ended. */
function preDueRows(report: RunReport): PreDueRow[] {
  return [...report.ledger]
    .filter(([key]) => isPreDueCycle(key.split(' ')[1]))
    .map(([key, records]) => {
      const [accountId, cycleId] = key.split(' ');
      const closed = report.timeline.find((e) => e.accountId === accountId && e.cycleId === cycleId && e.kind === 'closed');
      return {
        accountId,
        cycleId,
        segment: report.strategies.get(key)?.segment,
        reminders: records.filter((r) => r.kind === 'contact' && r.outcome === 'sent').length,
        closedAs: closed?.outcome,
      };
    });
}

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
  const html = renderDashboard({
    views,
    period: report.summary.period,
    ...(experiment ? { experiment } : {}),
    timelineLink: timelineFile,
    preDue: preDueRows(report),
  });
  await writeFile(join(dir, 'dashboard.html'), html);
  return {
    views,
    problems: facts.rejected.map((r) => `analytics fact ${r.factType} of ${r.accountId} rejected: ${r.problems.join('; ')}`),
  };
}
