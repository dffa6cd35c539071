/**
 * Throughput of the whole local system (DynamoDB Local, the real state machine file, the real
 * handlers, virtual time) on a synthetic portfolio.
 *   npx tsx bench/local-run.ts [accounts=200] [--shards auto|N] [--concurrency N] [--count-requests]   (auto: a thread per two cores; 8 accounts at a time on each)
 * Prints the accounts, the virtual days they ran, the threads, wall time, accounts/s, messages/s,
 * decisions/s, this process's CPU seconds (all its threads) and DynamoDB Local's JVM's (Linux),
 * peak RSS and the machine's 1-minute load average at the start and the end (the machine is shared).
 * --count-requests: also the DynamoDB requests per account, by operation, table and journey step or
 * event handler (local/request-counts.ts; the counting middleware costs a little CPU itself).
 */
import '../local/quiet-powertools';
import '../local/polyfills';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { parseEventLines } from '../local/event-file';
import { runLocal } from '../local/runtime';
import { startDynamoDbLocal } from '../local/dynamodb-local';
import { COUNT_REQUESTS_ENV, requestCounts } from '../local/request-counts';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    shards: { type: 'string', default: 'auto' },
    concurrency: { type: 'string' },
    'count-requests': { type: 'boolean', default: false },
  },
});
if (values['count-requests']) process.env[COUNT_REQUESTS_ENV] = '1';
const accounts = Number(positionals[0] ?? 200);
const shards = values.shards === 'auto' ? 'auto' : Number(values.shards);
const regions = ['NY', 'CA', 'TX', 'IL', 'WA', 'FL', 'AZ', 'HI'];
const lines: string[] = [];
for (let i = 0; i < accounts; i++) {
  const id = `bench-${i}`;
  const at = new Date(Date.UTC(2026, 11, 1, 12 + (i % 10), i % 60)).toISOString();
  lines.push(
    JSON.stringify({
      at,
      'detail-type': 'AccountOverdue',
      detail: {
        accountId: id,
        cycleId: 'c1',
        amountDue: 50 + (i % 400),
        currency: 'USD',
        dueDate: '2026-11-20',
        creditorName: 'Northwind Energy',
        customer: {
          firstName: 'Bench',
          phone: `+1212555${String(1000 + (i % 8000)).padStart(4, '0')}`,
          email: `bench${i}@example.com`,
          preferredChannel: (['sms', 'email', 'voice'] as const)[i % 3],
          address: { country: 'US', region: regions[i % regions.length] },
        },
      },
    }),
  );
  // A third of the customers pay after the second reminder.
  if (i % 3 === 0) {
    lines.push(
      JSON.stringify({
        at: new Date(Date.parse(at) + 5 * 86_400_000).toISOString(),
        'detail-type': 'PaymentReceived',
        detail: { accountId: id, paymentId: `p${i}`, amount: 50 + (i % 400), currency: 'USD', paidAt: at },
      }),
    );
  }
}

const dynamo = await startDynamoDbLocal();
/** CPU seconds of DynamoDB Local's JVM so far (Linux /proc; undefined elsewhere): fields 14 and 15, in clock ticks of 1/100 s. */
const jvmCpuSeconds = () => {
  try {
    const fields = readFileSync(`/proc/${dynamo.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
};
const jvmAtStart = jvmCpuSeconds();
const loadAtStart = loadavg()[0];
const started = performance.now();
const cpuAtStart = process.cpuUsage();
const concurrency = values.concurrency === undefined ? {} : { concurrency: Number(values.concurrency) };
const run = await runLocal({ events: parseEventLines(lines.join('\n')), dynamo, shards, ...concurrency });
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuAtStart);
const jvmAtEnd = jvmCpuSeconds();
const requests = requestCounts();
let tasks = 0;
for (let i = 0; i < accounts; i++)
  tasks += (await run.dependencies.ledger.history(`bench-${i}`, 'c1')).filter((r) => r.kind === 'decision').length;
console.log(
  JSON.stringify({
    accounts,
    days: Math.round((run.until.getTime() - run.startedAt.getTime()) / 86_400_000),
    shards: run.shards,
    seconds: Math.round(seconds * 10) / 10,
    accountsPerSecond: Math.round((accounts / seconds) * 10) / 10,
    messages: run.sent.length,
    messagesPerSecond: Math.round((run.sent.length / seconds) * 10) / 10,
    decisions: tasks,
    decisionsPerSecond: Math.round(tasks / seconds),
    failedJourneys: run.executions.filter((e) => e.status === 'FAILED').length,
    cpuSeconds: Math.round((cpu.user + cpu.system) / 1e5) / 10,
    dynamoDbLocalCpuSeconds: jvmAtStart !== undefined && jvmAtEnd !== undefined ? Math.round((jvmAtEnd - jvmAtStart) * 10) / 10 : null,
    peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    loadAverage: [loadAtStart, loadavg()[0]].map((l) => Math.round(l * 10) / 10),
  }),
);
if (values['count-requests']) console.log(JSON.stringify(requestBreakdown(requests), null, 1));
await run.dispose();
await dynamo.stop();

/** Requests per account: in all, by operation, by table, by step, and by the three together (most first). */
function requestBreakdown(counts: Record<string, number>) {
  const perAccount = (n: number) => Math.round((n / accounts) * 100) / 100;
  const by = (part: (key: string) => string) => {
    const sums = new Map<string, number>();
    for (const [key, n] of Object.entries(counts)) sums.set(part(key), (sums.get(part(key)) ?? 0) + n);
    return Object.fromEntries([...sums].sort((a, b) => b[1] - a[1]).map(([k, n]) => [k, perAccount(n)]));
  };
  const field = (i: number) => (key: string) =>
    key
      .split(' ')
      .slice(i, i === 2 ? undefined : i + 1)
      .join(' ');
  return {
    requestsPerAccount: perAccount(Object.values(counts).reduce((a, b) => a + b, 0)),
    byOperation: by(field(0)),
    byTable: by(field(1)),
    byStep: by(field(2)),
    byAll: by((key) => key),
  };
}
