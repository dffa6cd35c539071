/** `amicable run`: the local run of the main job, printed and optionally written as a report. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readEventFile } from './event-file';
import { buildReport, renderText } from './report';
import { runLocal } from './runtime';

export interface RunCommandOptions {
  eventsFile: string;
  until?: Date;
  reportDir?: string;
  quiet?: boolean;
}

export async function runCommand(options: RunCommandOptions): Promise<number> {
  const events = await readEventFile(options.eventsFile);
  // A live counter on a terminal; a line per tenth of the work when the output is a file or a pipe.
  const progress = (done: number, total: number) => {
    if (options.quiet) return;
    if (process.stderr.isTTY) process.stderr.write(`\ramicable: accounts ${done}/${total}${done === total ? '\n' : ''}`);
    else if (done === total || done % Math.max(1, Math.ceil(total / 10)) === 0) process.stderr.write(`amicable: accounts ${done}/${total}\n`);
  };
  if (!options.quiet) process.stderr.write(`amicable: ${events.length} events; starting DynamoDB Local and the journey state machine\n`);
  const run = await runLocal({ events, until: options.until, onProgress: progress });
  try {
    const report = await buildReport(run);
    process.stdout.write(renderText(report));
    if (options.reportDir) {
      await mkdir(options.reportDir, { recursive: true });
      await writeFile(join(options.reportDir, 'timeline.json'), JSON.stringify(report.timeline, null, 2) + '\n');
      await writeFile(join(options.reportDir, 'summary.json'), JSON.stringify(report.summary, null, 2) + '\n');
      await writeFile(join(options.reportDir, 'messages.jsonl'), run.sent.map((m) => JSON.stringify(m)).join('\n') + '\n');
      if (!options.quiet) process.stderr.write(`amicable: wrote timeline.json, summary.json and messages.jsonl to ${options.reportDir}\n`);
    }
    return run.executions.some((e) => e.status === 'FAILED') ? 1 : 0;
  } finally {
    await run.dispose();
  }
}
