/**
 * The scale model (issue 15, item 5): a synthetic portfolio run as journeys, all interleaved in time,
 * through the same decide() engine and the same pacing code (bench/scale-model.ts). It reports what the
 * design needs at the target portfolio size against the Region's quotas: sends per second per identity
 * against capacity, the delay from decided to sent, contacts outside a window, open executions, state
 * transitions and StartExecution calls per second, DynamoDB reads and writes per second, and the cost
 * per account-cycle.
 *
 * The model runs `accounts` journeys (default 100,000) and extrapolates to `--target` (default
 * 2,000,000) by the ratio: every identity's capacity is the deployment's divided by the ratio (so the
 * model's identities are exactly as busy as the deployment's), and counts and rates are multiplied by it.
 * Each channel's capacity is split over `--shards` identities (default 2), each serving the accounts
 * whose index is its number mod shards: shards share nothing, so they run on worker threads (`--threads`,
 * default one per core up to the shards) and their meters add up second by second, exactly as one
 * thread running every shard would count them. Rates are per second of the run; the busiest minute's
 * mean per second is given beside the busiest second.
 *
 * A journey whose wait ends in a contact reserves that message's second while it waits and wakes once,
 * at it; `--wake-at-window` models the journeys without that (waking at the wait's end, then waiting
 * again for the second), for comparison.
 *
 *   npx tsx bench/scale.ts [accounts] [--target N] [--shards 2] [--threads N] [--days 120] [--placement-days 60] [--wake-at-window] [--json]
 */
import { availableParallelism } from 'node:os';
import { shardCapacityFor } from './scale-capacity';
import { printText, QUOTAS, report, type Options } from './scale-report';
import { limitsReport, printJourneyLimits } from './journey-limits';
import { runShards } from './scale-shards';

function parseArgs(argv: string[]): Options {
  const flag = (name: string, fallback: number) => {
    const i = argv.indexOf(name);
    return i >= 0 ? Number(argv[i + 1]) : fallback;
  };
  const positional = argv.find((a, i) => /^\d+$/.test(a) && !argv[i - 1]?.startsWith('--'));
  const shards = flag('--shards', 2);
  return {
    accounts: positional ? Number(positional) : 100_000,
    target: flag('--target', 2_000_000),
    days: flag('--days', 120),
    placementDays: flag('--placement-days', 60),
    json: argv.includes('--json'),
    wakeAtWindow: argv.includes('--wake-at-window'),
    shards,
    threads: Math.min(shards, flag('--threads', availableParallelism())),
  };
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  const ratio = o.target / o.accounts;
  const capacity = shardCapacityFor(ratio, o.shards);
  const started = performance.now();
  const { meters, limits, cpuSeconds } = await runShards(o, capacity);
  const r = report(o, meters, capacity, performance.now() - started, cpuSeconds);
  if (o.json) console.log(JSON.stringify({ ...r, journeyLimits: limitsReport(limits, ratio, o.accounts, o.days) }, null, 2));
  else {
    printText(r);
    printJourneyLimits(limitsReport(limits, ratio, o.accounts, o.days), QUOTAS.openExecutions, QUOTAS.startExecutionPerSecond);
  }
}

await main();
