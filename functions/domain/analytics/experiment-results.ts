/**
 * Live experiment results from the kpi_experiment_sums view: each variant's KPIs with 95% intervals (the
 * simulator's statistics, functions/domain/experiments.ts), the difference against the champion and the
 * holdout, whether it is significant yet, and how many more accounts per variant it would take. Pure.
 */
import { ratioInterval, wilson, Z95, type Estimate, type RatioSums } from '../experiments';

/** One row of kpi_experiment_sums (numbers as the SQL returns them). */
export interface ExperimentSums {
  experiment: string;
  variant: string;
  currency: string;
  n: number;
  contacted: number;
  attempts: number;
  right_party_contacts: number;
  promises: number;
  promises_due: number;
  promises_kept: number;
  cured: number;
  first_contact_resolved: number;
  escalated: number;
  opted_out: number;
  complaints: number;
  sx: number;
  sy: number;
  sxx: number;
  syy: number;
  sxy: number;
}

export const RESULT_KPIS = [
  'recovery rate',
  'cure rate',
  'right-party contact rate',
  'promise kept rate',
  'first-contact resolution',
  'escalation rate',
  'opt-out rate',
] as const;
export type ResultKpi = (typeof RESULT_KPIS)[number];

export interface Comparison {
  against: string;
  /** variant minus the other, with a 95% interval (Newcombe's method over the two intervals). */
  difference: Estimate;
  significant: boolean;
  /** Accounts per variant a difference this size needs (80% power, 5% two-sided), when not yet significant. */
  accountsNeeded?: number;
}

export interface VariantResult {
  variant: string;
  currency: string;
  estimates: Record<ResultKpi, Estimate>;
  comparisons: Partial<Record<ResultKpi, Comparison[]>>;
}

export const Z80 = 0.8416212335729143;

type SumsColumn = Exclude<keyof ExperimentSums, 'experiment' | 'variant' | 'currency'>;
/**
 * The proportions among the result KPIs, as (successes, trials) columns of kpi_experiment_sums: read here
 * for the Wilson intervals and by the kpi_experiment_results view (views.ts), so both say the same.
 */
export const PROPORTION_KPIS: Record<Exclude<ResultKpi, 'recovery rate'>, { successes: SumsColumn; trials: SumsColumn }> = {
  'cure rate': { successes: 'cured', trials: 'n' },
  'right-party contact rate': { successes: 'right_party_contacts', trials: 'attempts' },
  'promise kept rate': { successes: 'promises_kept', trials: 'promises_due' },
  'first-contact resolution': { successes: 'first_contact_resolved', trials: 'contacted' },
  'escalation rate': { successes: 'escalated', trials: 'contacted' },
  'opt-out rate': { successes: 'opted_out', trials: 'contacted' },
};

function estimates(s: ExperimentSums): Record<ResultKpi, Estimate> {
  const recovery: RatioSums = { n: s.n, sx: s.sx, sy: s.sy, sxx: s.sxx, syy: s.syy, sxy: s.sxy };
  const r = ratioInterval(recovery);
  const proportions = Object.entries(PROPORTION_KPIS).map(([kpi, c]) => [kpi, wilson(s[c.successes], s[c.trials])]);
  // A recovery rate is never below 0: the normal interval's lower end is clipped there.
  return { 'recovery rate': { ...r, low: Math.max(0, r.low) }, ...Object.fromEntries(proportions) } as Record<ResultKpi, Estimate>;
}

/** Newcombe's hybrid interval for a difference of two estimates with their own intervals. */
export function differenceInterval(a: Estimate, b: Estimate): Estimate {
  const d = a.value - b.value;
  const low = d - Math.sqrt((a.value - a.low) ** 2 + (b.high - b.value) ** 2);
  const high = d + Math.sqrt((a.high - a.value) ** 2 + (b.value - b.low) ** 2);
  return { value: d, low, high, n: Math.min(a.n, b.n) };
}

/**
 * Accounts per variant for the observed difference to be found at 80% power: the standard errors
 * implied by the two intervals, scaled to n. Undefined when there is no difference to find.
 */
export function accountsNeeded(a: Estimate, b: Estimate): number | undefined {
  const d = Math.abs(a.value - b.value);
  if (d === 0 || a.n === 0 || b.n === 0) return undefined;
  const unitVariance = (e: Estimate) => ((e.high - e.low) / (2 * Z95)) ** 2 * e.n;
  const variance = unitVariance(a) + unitVariance(b);
  if (variance === 0) return undefined;
  return Math.ceil(((Z95 + Z80) ** 2 * variance) / (d * d));
}

function compare(mine: Estimate, other: Estimate, against: string): Comparison {
  const difference = differenceInterval(mine, other);
  const significant = mine.n > 0 && other.n > 0 && (difference.low > 0 || difference.high < 0);
  const needed = significant ? undefined : accountsNeeded(mine, other);
  return { against, difference, significant, ...(needed !== undefined ? { accountsNeeded: needed } : {}) };
}

/**
 * The results per variant and currency. `champion` and `holdout` are variant ids (from the experiment
 * file); every other variant is compared with each that is present in the same currency.
 */
export function experimentResults(rows: readonly ExperimentSums[], champion: string, holdout?: string): VariantResult[] {
  const results = rows.map((s) => ({
    variant: s.variant,
    currency: s.currency,
    estimates: estimates(s),
    comparisons: {} as VariantResult['comparisons'],
  }));
  for (const result of results) {
    for (const baseline of [champion, holdout]) {
      const other = results.find((r) => r.variant === baseline && r.currency === result.currency);
      if (!baseline || !other || other === result) continue;
      for (const kpi of RESULT_KPIS) {
        (result.comparisons[kpi] ??= []).push(compare(result.estimates[kpi], other.estimates[kpi], baseline));
      }
    }
  }
  return results;
}

/** A sentence a manager can read: the difference, whether it is significant, and what it would take. */
export function describeComparison(kpi: ResultKpi, variant: string, c: Comparison): string {
  const pts = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)} pts`;
  if (c.difference.n === 0)
    return `${variant} vs ${c.against}: ${kpi}: nothing to compare yet (one of them has no accounts it applies to).`;
  const range = `95% interval ${pts(c.difference.low)} to ${pts(c.difference.high)}`;
  if (c.significant) return `${variant} vs ${c.against}: ${kpi} ${pts(c.difference.value)} (${range}): a real difference.`;
  const more =
    c.accountsNeeded !== undefined
      ? ` About ${Math.max(0, c.accountsNeeded - c.difference.n)} more accounts per variant would tell (${c.accountsNeeded} each).`
      : '';
  return `${variant} vs ${c.against}: ${kpi} ${pts(c.difference.value)} (${range}): not significant yet.${more}`;
}
