/** `amicable run`: the local run of the main job, printed and optionally written as a report. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readEventFile } from './event-file';
import { buildReport } from './report';
import { renderText } from './report-text';
import { localPortal, runLocal, type LocalRunResult } from './runtime';
import { startPortalServer } from './portal-server';
import { mintLink, type PortalSettings } from '../functions/application/portal-links';
import type { FaultPlan } from './faults';
import { writeAnalyticsReport } from './analytics-report';
import type { Playbook } from '../functions/domain/playbook';

export interface RunCommandOptions {
  eventsFile: string;
  until?: Date;
  reportDir?: string;
  quiet?: boolean;
  /** Serve the portal on this port after the run (until interrupted). */
  portalPort?: number;
  /** Faults at a rate (see local/faults.ts). */
  faultPlan?: FaultPlan;
  /** Exit 0 even when events were rejected (the loud line is still printed). */
  allowRejections?: boolean;
  /** Every journey runs this playbook (default: the deployment's default, cx-default). */
  playbook?: Playbook;
}

/** Exit code of a run that rejected events: distinct from failed journeys (1) and usage errors (2). */
export const REJECTED_EVENTS_EXIT_CODE = 3;

/** The line a user cannot miss: a rejected PaymentReceived means a payment Amicable never saw. */
function rejectionAlarm(report: Awaited<ReturnType<typeof buildReport>>): string {
  const byType = new Map<string, number>();
  for (const r of report.rejections) byType.set(r.detailType, (byType.get(r.detailType) ?? 0) + 1);
  const kinds = [...byType].map(([type, n]) => `${n} ${type}`).join(', ');
  return `amicable: REJECTED ${report.rejections.length} event(s) (${kinds}): nothing they carried was applied; see "Rejected events" above\n`;
}

/**
 * Serves the portal over what the run left in DynamoDB Local, at the run's end (virtual time), with a
 * fresh link for every account still open; the links in the messages expire 14 days after they were sent.
 */
async function servePortal(run: LocalRunResult, portal: PortalSettings, port: number): Promise<void> {
  const deps = { ...run.dependencies, portal };
  const server = await startPortalServer({ deps: () => deps, port });
  const now = run.dependencies.clock.now();
  const lines = [`\nPortal: ${server.url} (virtual time ${now.toISOString()}); fresh links for the accounts still open:`];
  for (const { accountId, cycleId } of run.cycles) {
    const account = await run.dependencies.state.getAccount(accountId);
    if (account?.status !== 'overdue' || account.cycleId !== cycleId) continue;
    lines.push(`  ${accountId.padEnd(10)} ${await mintLink(portal, run.dependencies.state, { accountId, cycleId }, now)}`);
  }
  lines.push(
    'The check asks for the ZIP code on file or, when there is none, the last four digits of the phone number (see samples/events.jsonl). Ctrl-C stops.',
  );
  lines.push(
    `A revoked account reopens with: npx amicable portal-reopen --endpoint ${run.dynamoEndpoint} --account <id> --reason "<why>" --operator <name>`,
  );
  process.stdout.write(lines.join('\n') + '\n');
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.close();
}

export async function runCommand(options: RunCommandOptions): Promise<number> {
  const events = await readEventFile(options.eventsFile);
  // A live counter on a terminal; a line per tenth of the work when the output is a file or a pipe. It counts
  // the account ids the events name, as the summary's "account ids in the events" does (not all get a journey).
  const progress = (done: number, total: number) => {
    if (options.quiet) return;
    if (process.stderr.isTTY) process.stderr.write(`\ramicable: account ids ${done}/${total}${done === total ? '\n' : ''}`);
    else if (done === total || done % Math.max(1, Math.ceil(total / 10)) === 0)
      process.stderr.write(`amicable: account ids ${done}/${total}\n`);
  };
  if (!options.quiet) process.stderr.write(`amicable: ${events.length} events; starting DynamoDB Local and the journey state machine\n`);
  const portal = localPortal(options.portalPort);
  const { playbook } = options;
  if (playbook && !options.quiet) process.stderr.write(`amicable: every journey runs playbook ${playbook.id}@${playbook.version}\n`);
  const run = await runLocal({
    events,
    until: options.until,
    onProgress: progress,
    portal,
    // Both cores: the accounts split over threads give the same report (test/e2e/sharded-run.test.ts).
    shards: 'auto',
    ...(playbook ? { playbook } : {}),
    ...(options.faultPlan ? { faultPlan: options.faultPlan } : {}),
  });
  try {
    const report = await buildReport(run);
    process.stdout.write(renderText(report));
    if (options.reportDir) {
      await mkdir(options.reportDir, { recursive: true });
      await writeFile(join(options.reportDir, 'timeline.json'), JSON.stringify(report.timeline, null, 2) + '\n');
      await writeFile(join(options.reportDir, 'summary.json'), JSON.stringify(report.summary, null, 2) + '\n');
      await writeFile(join(options.reportDir, 'messages.jsonl'), run.sent.map((m) => JSON.stringify(m)).join('\n') + '\n');
      const analytics = await writeAnalyticsReport(run, report, options.reportDir);
      for (const problem of analytics.problems) process.stderr.write(`amicable: ${problem}\n`);
      if (!options.quiet)
        process.stderr.write(
          `amicable: wrote timeline.json, summary.json, messages.jsonl, facts.jsonl, timelines/ and dashboard.html to ${options.reportDir}\n`,
        );
    }
    if (run.faultsInjected.atRate) process.stderr.write(`amicable: faults injected ${JSON.stringify(run.faultsInjected.atRate)}\n`);
    for (const f of run.failedInvocations) {
      process.stderr.write(
        `amicable: ${f.crash ? 'CRASH' : 'failed (injected faults)'}: line ${f.line} ${f.detailType} -> ${f.target}: ${f.errorName} on every attempt\n`,
      );
    }
    const failed = run.executions.some((e) => e.status === 'FAILED') || run.failedInvocations.some((f) => f.crash);
    const rejected = report.rejections.length > 0;
    if (rejected) process.stderr.write(rejectionAlarm(report));
    if (options.portalPort !== undefined) await servePortal(run, portal, options.portalPort);
    if (failed) return 1;
    return rejected && !options.allowRejections ? REJECTED_EVENTS_EXIT_CODE : 0;
  } finally {
    await run.dispose();
  }
}
