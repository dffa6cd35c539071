/**
 * A local run split over threads (local/shards.ts) gives the same result as one thread: the sample, paced
 * as `npm start` runs it, serially and on two shards, each on its own DynamoDB Local. Compared: the
 * printed report, the summary, every timeline entry, every ledger record, every message and execution.
 * Normalised: portal link tokens (a random link id each) and the order of things that happened on
 * different accounts at the same time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEventFile } from '../../local/event-file';
import { runLocal, type LocalRunResult } from '../../local/runtime';
import { buildReport } from '../../local/report';
import { renderText } from '../../local/report-text';

/** Link tokens differ on every run (a random link id): the same message carries a token either way. */
const untokened = (value: unknown) => JSON.parse(JSON.stringify(value).replace(/#t=[A-Za-z0-9_.-]+/g, '#t=<token>')) as unknown;
const sorted = <T>(items: T[]) => items.map((i) => JSON.stringify(untokened(i))).sort();

async function snapshot(run: LocalRunResult) {
  const report = await buildReport(run);
  return {
    text: untokened(renderText(report)),
    summary: report.summary,
    timeline: sorted(report.timeline),
    ledger: sorted([...report.ledger].map(([cycle, records]) => ({ cycle, records }))),
    sent: sorted(run.sent),
    executions: sorted(run.executions),
    published: sorted(run.published),
    counts: { deliveredEvents: run.deliveredEvents, waitingJourneys: run.waitingJourneys, undelivered: run.undeliveredEvents },
    deliveredDays: run.deliveredDays,
    sweep: run.sweep,
    failedInvocations: sorted(run.failedInvocations),
  };
}

const runs: LocalRunResult[] = [];
let serial: Awaited<ReturnType<typeof snapshot>>;
let sharded: Awaited<ReturnType<typeof snapshot>>;
let shardsUsed: number;

beforeAll(async () => {
  const events = await readEventFile('samples/events.jsonl');
  // One after the other: two runs at once on the shared two-core machine would only slow both.
  for (const shards of [1, 2]) {
    const run = await runLocal({ events, shards });
    runs.push(run);
    if (shards === 1) serial = await snapshot(run);
    else [sharded, shardsUsed] = [await snapshot(run), run.shards];
  }
}, 900_000); // a ceiling for a busy shared machine (two sample runs), not a target

afterAll(async () => {
  for (const run of runs) await run.dispose();
});

describe('a local run on two threads', () => {
  it('ran on two threads', () => {
    expect(shardsUsed).toBe(2);
  });

  it('prints the same report and summary as one thread', () => {
    expect(sharded.text).toEqual(serial.text);
    expect(sharded.summary).toEqual(serial.summary);
  });

  it('leaves the same timeline, ledger, messages, executions and events', () => {
    expect(serial.sent.length).toBeGreaterThan(100);
    for (const key of [
      'timeline',
      'ledger',
      'sent',
      'executions',
      'published',
      'counts',
      'deliveredDays',
      'sweep',
      'failedInvocations',
    ] as const)
      expect(sharded[key], key).toEqual(serial[key]);
  });
});
