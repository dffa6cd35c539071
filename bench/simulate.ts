/**
 * Simulator benchmark: accounts x days per second through the real decide(), for 10,000 and 100,000
 * accounts over 120 days with the CX-led default playbook (and the no-contact holdout alongside, which
 * costs almost nothing). Target (issue 4): 100,000 accounts x 120 days in under 60 s on 2 cores.
 *
 *   npx tsx bench/simulate.ts [playbook ...]     (default: cx-default)
 */
import { DEFAULT_BEHAVIOUR } from '../simulator/behaviour';
import { loadStrategies } from '../simulator/load';
import { simulate } from '../simulator/simulate';

const names = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['cx-default'];
const strategies = await loadStrategies(names);
const DAYS = 120;
console.log(`simulator benchmark: ${names.join(', ')}, ${DAYS} days, node ${process.version}`);
simulate({ accounts: 2_000, days: DAYS, seed: 99, strategies, behaviour: DEFAULT_BEHAVIOUR }); // warm-up
for (const accounts of [10_000, 100_000]) {
  const r = simulate({ accounts, days: DAYS, seed: 1, strategies, behaviour: DEFAULT_BEHAVIOUR });
  const seconds = r.elapsedMs / 1000;
  const decisions = r.strategies.reduce((s, x) => s + x.decisions, 0);
  const accountDays = accounts * DAYS * strategies.length;
  console.log(
    `  ${accounts.toLocaleString('en-US').padStart(7)} accounts x ${DAYS} days x ${strategies.length} playbook(s): ${seconds.toFixed(1)} s, ` +
      `${Math.round(accountDays / seconds).toLocaleString('en-US')} account-days/s, ${Math.round(decisions / seconds).toLocaleString('en-US')} decisions/s ` +
      `(${(decisions / accounts / strategies.length).toFixed(1)} per account)` +
      (accounts === 100_000 ? `  target < 60 s per playbook: ${seconds / strategies.length < 60 ? 'met' : 'NOT met'}` : ''),
  );
}
