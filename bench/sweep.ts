/**
 * A model of the daily sweep over a large portfolio (README "Running at scale", "Sweep"):
 * `npx tsx bench/sweep.ts [accounts] [--unconfirmed N]` (default 2,000,000 accounts, 0.1% of journeys
 * never confirmed started). It hashes every synthetic account id into the shards with the code the
 * adapters use (measured: the spread), then counts from the sweep's own constants what one sweep reads
 * and calls -- Query pages, BatchGetItem calls, read units, DescribeExecution/StartExecution calls
 * against their quotas -- and estimates its wall time with the chosen concurrency from assumed latencies
 * (stated below). Nothing here calls AWS.
 */
import { SWEEP_API_RATES } from '../functions/application/sweep';
import { SWEEP_PAGE_SIZE } from '../functions/adapters/sweep-index';
import { SWEEP_CONCURRENCY, SWEEP_SHARDS, sweepShardOf } from '../functions/domain/sweep-shards';
import { SWEEP_RUN_MARGIN_MS } from '../functions/sweep';

/** Assumptions, each a round figure for us-east-1 on demand; change them here. */
const ASSUME = {
  /** One index item as stored (keys, accountId, cycleId, attribute names) plus DynamoDB's 100-byte index overhead. */
  indexItemBytes: 220,
  /** One journey record (keys, ids, status, times). */
  journeyItemBytes: 260,
  /** Latency of one Query page of 500 index items, and of one BatchGetItem of 100 journey records. */
  queryPageMs: 30,
  batchGetMs: 25,
  /** A Lambda run's overhead (invoke, init amortised) and the Step Functions transitions around it. */
  runOverheadMs: 400,
  /** Open claims and owing outboxes at sweep time, as a share of accounts (in flight or crashed: rare). */
  openClaimShare: 0.0005,
  outboxShare: 0.0002,
  /** Writes per open claim or outbox the sweep settles (mark, ledger entry, effect). */
  writesPerSettle: 3,
  writeMs: 8,
  /** Step Functions API quotas (older published defaults, large Regions): refill per second. */
  describeRefill: 15,
  startRefill: 300,
  /** Lambda run limit of the sweep function. */
  lambdaTimeoutMs: 300_000,
  readPricePerMillion: 0.125,
};

const HOUR_MS = 3_600_000;

function args(): { accounts: number; unconfirmedShare: number } {
  const argv = process.argv.slice(2);
  const at = argv.indexOf('--unconfirmed');
  const unconfirmed = at >= 0 ? Number(argv[at + 1]) : undefined;
  const positional = argv.filter((_, i) => i !== at && i !== at + 1);
  const accounts = positional[0] ? Number(positional[0]) : 2_000_000;
  if (!Number.isInteger(accounts) || accounts <= 0) throw new Error(`accounts must be a positive integer, was ${positional[0]}`);
  return { accounts, unconfirmedShare: unconfirmed === undefined ? 0.001 : unconfirmed / accounts };
}

/** Measured: how the shard hash spreads the account ids (ids shaped like a billing system's). */
function shardSpread(accounts: number): number[] {
  const perShard = new Array<number>(SWEEP_SHARDS).fill(0);
  for (let i = 0; i < accounts; i++) perShard[sweepShardOf(`ACC-${String(1_000_000 + i * 7919)}`)]++;
  return perShard;
}

const ru = (bytes: number, consistent: boolean) => Math.ceil(bytes / 4096) * (consistent ? 1 : 0.5);

function model(accounts: number, unconfirmedShare: number, perShard: number[]) {
  const biggest = Math.max(...perShard);
  const pagesPerShard = (items: number) => Math.max(1, Math.ceil(items / SWEEP_PAGE_SIZE));
  const queryPages = perShard.reduce((sum, n) => sum + pagesPerShard(n), 0);
  const batchGets = perShard.reduce((sum, n) => sum + Math.ceil(n / 100), 0);
  // Query read units: the page's bytes together, eventually consistent; BatchGetItem: each item rounded up.
  const queryRcu = (accounts * ASSUME.indexItemBytes) / 4096 / 2;
  const batchRcu = accounts * ru(ASSUME.journeyItemBytes, false);
  const unconfirmed = Math.round(accounts * unconfirmedShare);
  const settles = Math.round(accounts * (ASSUME.openClaimShare + ASSUME.outboxShare));
  const shardMs = (n: number) =>
    pagesPerShard(n) * ASSUME.queryPageMs +
    Math.ceil(n / 100) * ASSUME.batchGetMs +
    (n / accounts) * settles * ASSUME.writesPerSettle * ASSUME.writeMs;
  const runBudgetMs = ASSUME.lambdaTimeoutMs - SWEEP_RUN_MARGIN_MS;
  const runsPerShard = (n: number) => Math.max(1, Math.ceil(shardMs(n) / runBudgetMs));
  // The shards are taken SWEEP_CONCURRENCY at a time; the wall time is the busiest worker's share.
  const readMs = Math.ceil(SWEEP_SHARDS / SWEEP_CONCURRENCY) * (shardMs(biggest) + runsPerShard(biggest) * ASSUME.runOverheadMs);
  const describeMs = (unconfirmed / SWEEP_API_RATES.describeExecution) * 1000;
  const wallMs = Math.max(readMs, describeMs) + ASSUME.runOverheadMs;
  const fitsUnconfirmed = Math.floor(((HOUR_MS - readMs) / 1000) * SWEEP_API_RATES.describeExecution);
  return {
    biggest,
    queryPages,
    batchGets,
    queryRcu,
    batchRcu,
    unconfirmed,
    settles,
    readMs,
    describeMs,
    wallMs,
    fitsUnconfirmed,
    runsPerShard: runsPerShard(biggest),
  };
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const minutes = (ms: number) => `${(ms / 60_000).toFixed(1)} min`;

const started = Date.now();
const { accounts, unconfirmedShare } = args();
const perShard = shardSpread(accounts);
const m = model(accounts, unconfirmedShare, perShard);
const mean = accounts / SWEEP_SHARDS;
const rows: Array<[string, string]> = [
  ['open journeys (overdue accounts)', fmt(accounts)],
  ['shards / swept at once', `${SWEEP_SHARDS} / ${SWEEP_CONCURRENCY}`],
  [
    'index items per shard (measured spread)',
    `min ${fmt(Math.min(...perShard))}, max ${fmt(m.biggest)} (mean ${fmt(mean)}, max +${(((m.biggest - mean) / mean) * 100).toFixed(2)}%)`,
  ],
  ['Query pages (500 items)', `${fmt(m.queryPages)} (busiest shard ${fmt(Math.ceil(m.biggest / SWEEP_PAGE_SIZE))})`],
  ['BatchGetItem calls (100 journey records)', fmt(m.batchGets)],
  [
    'read units: index Query + journey reads',
    `${fmt(m.queryRcu)} + ${fmt(m.batchRcu)} = ${fmt(m.queryRcu + m.batchRcu)} ($${(((m.queryRcu + m.batchRcu) * ASSUME.readPricePerMillion) / 1e6).toFixed(2)} a sweep)`,
  ],
  [
    'busiest index partition while swept',
    `${fmt((ASSUME.indexItemBytes * SWEEP_PAGE_SIZE) / 4096 / 2 / (ASSUME.queryPageMs / 1000))} RCU/s (partition limit 3,000)`,
  ],
  ['journeys never confirmed started', fmt(m.unconfirmed)],
  [
    'DescribeExecution calls',
    `${fmt(m.unconfirmed)} at ${SWEEP_API_RATES.describeExecution}/s (quota refill ${ASSUME.describeRefill}/s, 10/s in smaller Regions): ${minutes(m.describeMs)}`,
  ],
  [
    'StartExecution calls (at most)',
    `${fmt(m.unconfirmed)} at <= ${SWEEP_API_RATES.startExecution}/s (quota refill ${ASSUME.startRefill}/s)`,
  ],
  ['claims and outboxes settled', fmt(m.settles)],
  ['Lambda runs per shard (5 min each, stop 90 s early)', String(m.runsPerShard)],
  [
    'wall time: reading / Step Functions calls / sweep',
    `${minutes(m.readMs)} / ${minutes(m.describeMs)} / ${minutes(m.wallMs)} (limit 60 min: ${m.wallMs <= HOUR_MS ? 'fits' : 'DOES NOT FIT'})`,
  ],
  ['unconfirmed journeys one hour allows', fmt(m.fitsUnconfirmed)],
];
console.log(`Sweep model, ${fmt(accounts)} accounts (assumptions in bench/sweep.ts ASSUME)\n`);
console.log('| figure | value |\n|---|---|');
for (const [name, value] of rows) console.log(`| ${name} | ${value} |`);
console.log(`\nmodel ran in ${((Date.now() - started) / 1000).toFixed(1)} s`);
