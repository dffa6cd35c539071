/**
 * Chaos report: a portfolio that crosses a cycle boundary, with duplicates, replays and out-of-order
 * events, run through the whole local system (DynamoDB Local, the real state machine, the real
 * handlers) under faults at a rate. Prints what a customer and a regulator would care about, and exits
 * non-zero when a figure that must be zero is not (or is worse than --baseline).
 *
 *   npm run chaos -- [--accounts 18] [--faults throttle=0.2,unknown=0.05,dynamodb=0.01,bus=0.01] [--seed 7] [--baseline file.json]
 */
import '../local/quiet-powertools';
import '../local/polyfills';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parseEventLines } from '../local/event-file';
import { parseFaultPlan } from '../local/faults';
import { runLocal } from '../local/runtime';
import { buildPortfolio, measureChaos, MUST_BE_ZERO, regressions, type ChaosFigures } from './chaos-portfolio';

const { values } = parseArgs({
  options: {
    accounts: { type: 'string', default: '18' },
    faults: { type: 'string', default: 'throttle=0.2,unknown=0.05,dynamodb=0.01,bus=0.01' },
    seed: { type: 'string', default: '7' },
    baseline: { type: 'string' },
  },
});

const portfolio = buildPortfolio(Number(values.accounts));
const events = parseEventLines(portfolio.lines.join('\n'), 'chaos portfolio');
const started = Date.now();
const run = await runLocal({ events, faultPlan: parseFaultPlan(values.faults!, Number(values.seed)), portal: null });
let figures: ChaosFigures;
try {
  figures = await measureChaos(run, portfolio);
} finally {
  await run.dispose();
}

const rows: Array<[string, unknown]> = [
  ['accounts / events', `${run.accounts.length} / ${events.length}`],
  ['faults injected', JSON.stringify(run.faultsInjected.atRate)],
  ['journeys per account-cycle (max)', figures.journeysPerAccountCycleMax],
  ['messages per step (max, must be <= 1)', figures.messagesPerStepMax],
  ['messages after a settling payment', figures.messagesAfterSettlingPayment],
  ['messages to an opted-out or ceased contact point', figures.messagesToOptedOutOrCeased],
  ['lost replies', figures.lostReplies],
  ['lost hand-offs', figures.lostHandoffs],
  ['crashes (handler threw on an input)', figures.crashes],
  ['events failed by injected faults (failure queue)', figures.failedByFaults],
  ['unsettled claims at the end', figures.unsettledClaims],
  ['wall time (s)', ((Date.now() - started) / 1000).toFixed(1)],
];
process.stdout.write(`Chaos report (faults ${values.faults}, seed ${values.seed})\n`);
for (const [label, value] of rows) process.stdout.write(`  ${label.padEnd(52)} ${String(value)}\n`);

const baseline = values.baseline ? (JSON.parse(readFileSync(values.baseline, 'utf8')) as Partial<ChaosFigures>) : undefined;
const failures = regressions(figures, baseline);
if (failures.length) {
  process.stdout.write(`FAIL: ${failures.join('; ')}\n`);
  process.exitCode = 1;
} else {
  process.stdout.write(`OK: ${MUST_BE_ZERO.join(', ')} within ${baseline ? 'the baseline' : 'their limits'}\n`);
}
