/** Strategies against the champion: the difference on each KPI with its 95% interval and the verdict it allows. */
import { differenceInterval } from '../functions/domain/analytics/experiment-results';
import type { Estimate } from '../functions/domain/experiments';
import { KPI_FORMAT, KPI_NAMES, type KpiName, type KpiSet } from './kpis';

/**
 * A strategy against the champion on one KPI: the difference (strategy minus champion) with its 95%
 * interval (Newcombe's method over the two intervals: unpaired, so conservative, although every
 * strategy meets the same customers), and the verdict it allows. A holdout is a reference, never a
 * winner: doing nothing trivially sends fewer messages and draws fewer complaints.
 */
export interface ChampionComparison {
  difference: Estimate;
  verdict: 'better' | 'worse' | 'no clear difference' | 'not comparable' | 'reference';
}

/** Headline KPIs: what the manager's question is about (money, harm, people, effort). */
export const HEADLINE_KPIS: readonly KpiName[] = [
  'recovery rate',
  'complaints per 1,000 accounts',
  'hand-offs per 1,000 accounts',
  'cost to collect',
  'messages per $ collected',
];

function verdictOf(name: KpiName, d: Estimate, holdout: boolean): ChampionComparison['verdict'] {
  if (holdout) return 'reference';
  if (d.n === 0) return 'not comparable';
  const sign = KPI_FORMAT[name].better === 'higher' ? 1 : -1;
  if (d.low * sign > 0 && d.high * sign > 0) return 'better';
  if (d.low * sign < 0 && d.high * sign < 0) return 'worse';
  return 'no clear difference';
}

/** Each KPI of `mine` against the champion's. */
export function compareWithChampion(mine: KpiSet, champion: KpiSet, holdout: boolean): Record<KpiName, ChampionComparison> {
  return Object.fromEntries(
    KPI_NAMES.map((n) => {
      const difference = rounded(differenceInterval(mine[n], champion[n]));
      return [n, { difference, verdict: verdictOf(n, difference, holdout) }];
    }),
  ) as Record<KpiName, ChampionComparison>;
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;
const rounded = (e: Estimate): Estimate => ({ value: round6(e.value), low: round6(e.low), high: round6(e.high), n: e.n });
