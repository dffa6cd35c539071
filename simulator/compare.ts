/** Strategies against the champion: the difference on each KPI with its 95% interval and the verdict it allows. */
import { differenceInterval } from '../functions/domain/analytics/experiment-results';
import type { Estimate } from '../functions/domain/experiments';
import { KPI_FORMAT, KPI_NAMES, kpis, type KpiName } from './kpis';
import { PAIRED_KPIS } from './paired';
import type { SimulationResult } from './simulate';

/**
 * A strategy against the champion on one KPI: the difference (strategy minus champion) with its 95%
 * interval and the verdict it allows. The interval is paired -- account by account over the same
 * customers meeting the same draws (paired.ts) -- for every KPI but the complaint-to-resolution median,
 * whose interval combines the two medians' (Newcombe's method: unpaired, so conservative). A holdout is
 * a reference, never a winner: doing nothing trivially sends fewer messages and draws fewer complaints.
 */
export interface ChampionComparison {
  difference: Estimate;
  interval: 'paired' | 'unpaired';
  verdict: 'better' | 'worse' | 'no clear difference' | 'not comparable' | 'reference';
}

/** Headline KPIs: what the manager's question is about (money, harm, people, effort, satisfaction). */
export const HEADLINE_KPIS: readonly KpiName[] = [
  'recovery rate',
  'complaints per 1,000 accounts',
  'hand-offs per 1,000 accounts',
  'cost to collect',
  'messages per $ collected',
  'CSAT',
  'complaint-to-resolution time',
];

function verdictOf(name: KpiName, d: Estimate, holdout: boolean): ChampionComparison['verdict'] {
  if (holdout) return 'reference';
  if (d.n === 0) return 'not comparable';
  const sign = KPI_FORMAT[name].better === 'higher' ? 1 : -1;
  if (d.low * sign > 0 && d.high * sign > 0) return 'better';
  if (d.low * sign < 0 && d.high * sign < 0) return 'worse';
  return 'no clear difference';
}

/** Each KPI of strategy `mine` (its index in the result) against the champion's. */
export function compareWithChampion(r: SimulationResult, mine: number, champion: number): Record<KpiName, ChampionComparison> {
  const holdout = r.strategies[mine].playbookId === null;
  const paired = new Set<KpiName>(PAIRED_KPIS);
  const mineKpis = kpis(r.strategies[mine].tallies.all);
  const championKpis = kpis(r.strategies[champion].tallies.all);
  return Object.fromEntries(
    KPI_NAMES.map((n) => {
      const isPaired = paired.has(n);
      const raw = isPaired ? r.paired.difference(mine, champion, n) : differenceInterval(mineKpis[n], championKpis[n]);
      const difference = rounded(raw);
      return [n, { difference, interval: isPaired ? 'paired' : 'unpaired', verdict: verdictOf(n, difference, holdout) }];
    }),
  ) as Record<KpiName, ChampionComparison>;
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;
const rounded = (e: Estimate): Estimate => ({ value: round6(e.value), low: round6(e.low), high: round6(e.high), n: e.n });
