/**
 * What a simulation writes: summary.json (every KPI with its 95% interval, per strategy and segment, and
 * the daily curves) and report.html, a self-contained page with inline SVG charts for a manager. No
 * timings in either file: the same seed gives byte-identical files.
 */
import type { Estimate } from '../functions/domain/experiments';
import { SEGMENT_LABELS, SEGMENTS, type Segment } from '../functions/domain/segments';
import {
  formatDifference,
  formatEstimate,
  KPI_FORMAT,
  KPI_NAMES,
  kpis,
  SIM_CURRENCY,
  UNIT_LABELS,
  type KpiName,
  type KpiSet,
} from './kpis';
import { barChart, esc, lineChart } from './charts';
import { compareWithChampion, HEADLINE_KPIS, type ChampionComparison } from './compare';
import type { RobustnessResult } from './robustness';
import { robustnessSection } from './robustness-report';
import { preDueSection, preDueText, type PreDueRow } from './pre-due';
import { GROUPS, type Group, type SimulationResult, type StrategyResult } from './simulate';

export interface Summary {
  accounts: number;
  days: number;
  seed: number;
  start: string;
  currency: string;
  /** The strategy every other is compared with (the first playbook unless named). */
  champion: string;
  /** The comparison rerun across the assumptions that carry it (absent when not run). */
  robustness?: RobustnessResult[];
  /** Bills seen before their due date: roll rate and complaints per strategy (simulator/pre-due.ts). */
  preDue: PreDueRow[];
  kpiDefinitions: Record<KpiName, { definition: string; unit: string; better: 'higher' | 'lower' }>;
  strategies: Array<{
    name: string;
    playbookId: string | null;
    playbookVersion: string | null;
    holdout: boolean;
    decisions: number;
    kpis: KpiSet;
    /** Absent for the champion itself. */
    vsChampion?: Record<KpiName, ChampionComparison>;
    segments: Record<Segment, { accounts: number; kpis: KpiSet }>;
    /** Per day, cumulative: share of placed balance collected, share of accounts cured, complaints per 1,000. */
    daily: Record<Group, { liquidation: number[]; cured: number[]; complaintsPer1000: number[] }>;
  }>;
}

const round = (x: number, digits = 6) => Math.round(x * 10 ** digits) / 10 ** digits;
const roundEstimate = (e: Estimate): Estimate => ({ value: round(e.value), low: round(e.low), high: round(e.high), n: e.n });

function roundKpis(k: KpiSet): KpiSet {
  return Object.fromEntries(KPI_NAMES.map((n) => [n, roundEstimate(k[n])])) as KpiSet;
}

function cumulative(series: Float64Array, scale: number): number[] {
  const out: number[] = [];
  let s = 0;
  for (const v of series) {
    s += v;
    out.push(round(scale > 0 ? s / scale : 0));
  }
  return out;
}

export class ChampionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ChampionError';
  }
}

/** The champion: the named strategy, else the first with a playbook (a holdout never is one). */
export function pickChampion(r: SimulationResult, name?: string): StrategyResult {
  const found = name === undefined ? r.strategies.find((s) => s.playbookId !== null) : r.strategies.find((s) => s.name === name);
  if (!found) throw new ChampionError(name === undefined ? 'no playbook to be the champion' : `the champion ${name} is not simulated`);
  if (found.playbookId === null) throw new ChampionError(`the champion cannot be the no-contact holdout ${found.name}`);
  return found;
}

export function buildSummary(r: SimulationResult, championName?: string): Summary {
  const champion = pickChampion(r, championName);
  const championIndex = r.strategies.indexOf(champion);
  return {
    accounts: r.accounts,
    days: r.days,
    seed: r.seed,
    start: r.start,
    currency: SIM_CURRENCY,
    champion: champion.name,
    preDue: r.preDue,
    kpiDefinitions: Object.fromEntries(
      KPI_NAMES.map((n) => [
        n,
        { definition: KPI_FORMAT[n].definition, unit: UNIT_LABELS[KPI_FORMAT[n].unit], better: KPI_FORMAT[n].better },
      ]),
    ) as Summary['kpiDefinitions'],
    strategies: r.strategies.map((s, i) => ({
      name: s.name,
      playbookId: s.playbookId,
      playbookVersion: s.playbookVersion,
      holdout: s.playbookId === null,
      decisions: s.decisions,
      kpis: roundKpis(kpis(s.tallies.all)),
      ...(s === champion ? {} : { vsChampion: compareWithChampion(r, i, championIndex) }),
      segments: Object.fromEntries(
        SEGMENTS.map((g) => [g, { accounts: s.tallies[g].accounts, kpis: roundKpis(kpis(s.tallies[g])) }]),
      ) as Summary['strategies'][number]['segments'],
      daily: Object.fromEntries(GROUPS.map((g) => [g, daily(s, g)])) as Summary['strategies'][number]['daily'],
    })),
  };
}

function daily(s: StrategyResult, g: Group) {
  const t = s.tallies[g];
  return {
    liquidation: cumulative(s.series[g].collected, t.placed),
    cured: cumulative(s.series[g].cured, t.accounts),
    complaintsPer1000: cumulative(s.series[g].complaints, t.accounts / 1000),
  };
}

/** A KPI's row label with its unit where the name does not already say it (a share's values carry %). */
export function kpiLabel(name: KpiName): string {
  switch (KPI_FORMAT[name].unit) {
    case 'money-per-thousand':
    case 'per-money':
      return `${name} (${SIM_CURRENCY})`;
    case 'money-per-money':
      return `${name} (${UNIT_LABELS['money-per-money']})`;
    default:
      return name;
  }
}

/** The difference against the champion with its interval: "+0.5 pts [-0.1, +1.1]". */
export function formatComparison(name: KpiName, c: ChampionComparison): string {
  const d = c.difference;
  if (d.n === 0) return 'n/a';
  return `${formatDifference(name, d.value)} [${formatDifference(name, d.low)}, ${formatDifference(name, d.high)}]`;
}

const VERDICT_WORD: Record<ChampionComparison['verdict'], string> = {
  better: 'better',
  worse: 'worse',
  'no clear difference': 'no clear difference',
  'not comparable': '',
  reference: '(holdout: reference)',
};

/** The per-strategy KPI table printed on stdout, then every strategy against the champion. */
export function renderText(summary: Summary): string {
  const names = summary.strategies.map((s) => s.name);
  const width = Math.max(30, ...KPI_NAMES.map((n) => kpiLabel(n).length + 2));
  const col = 28;
  const lines = [
    `amicable simulate: ${summary.accounts} accounts x ${summary.days} days, seed ${summary.seed} (95% confidence intervals; money in ${summary.currency})`,
    '',
    'KPI'.padEnd(width) + names.map((n) => n.padEnd(col)).join(''),
  ];
  for (const k of KPI_NAMES) {
    lines.push(kpiLabel(k).padEnd(width) + summary.strategies.map((s) => formatEstimate(k, s.kpis[k]).padEnd(col)).join(''));
  }
  const others = summary.strategies.filter((s) => s.vsChampion);
  if (others.length > 0) {
    const wide = 56;
    lines.push(
      '',
      `against the champion ${summary.champion}: difference [95% interval, paired over the same customers and draws; the complaint-to-resolution median unpaired]; better or worse only where the interval excludes 0`,
      'KPI'.padEnd(width) + others.map((s) => `${s.name} - ${summary.champion}`.padEnd(wide)).join(''),
    );
    for (const k of KPI_NAMES) {
      const cells = others.map((s) => {
        const c = s.vsChampion![k];
        return `${formatComparison(k, c)} ${VERDICT_WORD[c.verdict]}`.trim().padEnd(wide);
      });
      lines.push(kpiLabel(k).padEnd(width) + cells.join(''));
    }
  }
  lines.push('', 'cure rate by segment'.padEnd(width) + names.map((n) => n.padEnd(col)).join(''));
  for (const g of SEGMENTS) {
    const label = `  ${g} (${summary.strategies[0]?.segments[g].accounts ?? 0})`;
    lines.push(
      label.padEnd(width) +
        summary.strategies.map((s) => formatEstimate('cure rate', s.segments[g].kpis['cure rate']).padEnd(col)).join(''),
    );
  }
  const early = preDueText(summary.preDue);
  return `${lines.map((l) => l.trimEnd()).join('\n')}\n${early ? `\n${early}` : ''}`;
}

// ---------------------------------------------------------------------------------------------------
// HTML

/** One sentence per challenger: how it compares with the champion on the headline KPIs, and how sure. */
function headline(summary: Summary): string[] {
  return summary.strategies
    .filter((s) => s.vsChampion && !s.holdout)
    .map((s) => {
      const parts = HEADLINE_KPIS.map((k) => {
        const c = s.vsChampion![k];
        return `${esc(k)} <b>${esc(formatDifference(k, c.difference.value))}</b> (${c.interval} 95% interval ${esc(formatComparison(k, c).replace(/^[^[]*/, ''))}: <span class="${verdictClass(c.verdict)}">${esc(c.verdict)}</span>)`;
      });
      return `<b>${esc(s.name)}</b> against the champion <b>${esc(summary.champion)}</b>: ${parts.join('; ')}.`;
    });
}

function verdictClass(v: ChampionComparison['verdict']): string {
  return v === 'better' ? 'better' : v === 'worse' ? 'worse' : v === 'reference' ? 'reference' : 'same';
}

/** The KPI table: each strategy's value, and each non-champion's difference against the champion. */
function kpiTable(summary: Summary): string {
  const st = summary.strategies;
  const head = st
    .map((s) =>
      s.vsChampion
        ? `<th>${esc(s.name)}${s.holdout ? ' (holdout)' : ''}</th><th>${esc(s.name)} - ${esc(summary.champion)}</th>`
        : `<th>${esc(s.name)} (champion)</th>`,
    )
    .join('');
  const rows = KPI_NAMES.map((n) => {
    const cells = st
      .map((s) => {
        const value = `<td>${esc(formatEstimate(n, s.kpis[n]))}</td>`;
        if (!s.vsChampion) return value;
        const c = s.vsChampion[n];
        return `${value}<td class="${verdictClass(c.verdict)}" title="${esc(c.verdict)}">${esc(formatComparison(n, c))}</td>`;
      })
      .join('');
    const def = summary.kpiDefinitions[n];
    return `<tr><td>${esc(kpiLabel(n))}</td>${cells}<td class="def">${esc(def.definition)}; ${def.better} is better</td></tr>`;
  });
  return [`<tr><th>KPI</th>${head}<th>definition</th></tr>`, ...rows].join('\n');
}

/** What the report says about the model: its description and where each parameter comes from. */
export interface ModelNotes {
  description?: string;
  sources: Record<string, string>;
}

function sourcesTable(sources: Record<string, string>): string {
  const rows = Object.entries(sources)
    .map(([k, v]) => `<tr><td><code>${esc(k)}</code></td><td>${esc(v)}</td></tr>`)
    .join('');
  return `<table><tr><th>parameters (simulator/behaviour.json)</th><th>source</th></tr>${rows}</table>`;
}

export function renderHtml(summary: Summary, model: ModelNotes): string {
  const st = summary.strategies;
  const holdouts = st.filter((s) => s.holdout).map((s) => s.name);
  const segTable = [
    `<tr><th>segment</th><th>accounts</th>${st.map((s) => `<th>${esc(s.name)}: cure rate</th><th>complaints / 1,000</th>`).join('')}</tr>`,
    ...SEGMENTS.map(
      (g) =>
        `<tr><td>${esc(SEGMENT_LABELS[g])}</td><td>${st[0]?.segments[g].accounts ?? 0}</td>${st
          .map(
            (s) =>
              `<td>${esc(formatEstimate('cure rate', s.segments[g].kpis['cure rate']))}</td><td>${esc(formatEstimate('complaints per 1,000 accounts', s.segments[g].kpis['complaints per 1,000 accounts']))}</td>`,
          )
          .join('')}</tr>`,
    ),
  ].join('\n');
  const pct = (v: number) => `${(v * 100).toFixed(0)}%`;
  const overTime = [
    lineChart(
      'Share of the amount placed collected, by day',
      st.map((s) => ({ name: s.name, values: s.daily.all.liquidation })),
      pct,
    ),
    lineChart(
      'Share of accounts cured, by day',
      st.map((s) => ({ name: s.name, values: s.daily.all.cured })),
      pct,
    ),
    lineChart(
      'Complaints per 1,000 accounts, cumulative',
      st.map((s) => ({ name: s.name, values: s.daily.all.complaintsPer1000 })),
      (v) => v.toFixed(1),
    ),
  ];
  const bySegment = SEGMENTS.map((g) =>
    lineChart(
      `${SEGMENT_LABELS[g]}: accounts cured`,
      st.map((s) => ({ name: s.name, values: s.daily[g].cured })),
      pct,
    ),
  );
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Amicable strategy simulation</title>
<style>
body{font-family:Arial,Helvetica,sans-serif;color:#1f2933;max-width:1120px;margin:24px auto;padding:0 16px;line-height:1.45}
table{border-collapse:collapse;margin:12px 0;font-size:13px}th,td{border:1px solid #d9dde3;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f4f5f7}td.def{color:#52606d;font-size:12px}
.better{background:#dcfce7;font-weight:bold}.worse{background:#fee2e2;font-weight:bold}.reference{color:#52606d}
.charts{display:flex;flex-wrap:wrap;gap:16px}.note{color:#52606d;font-size:13px}
</style></head><body>
<h1>Strategy simulation</h1>
<p>${summary.accounts.toLocaleString('en-US')} synthetic accounts over ${summary.days} days (seed ${summary.seed}, from ${esc(summary.start.slice(0, 10))}), each run through every strategy by the same decision engine and compliance rules the live journeys use. The same customers meet every strategy with the same luck (each customer's draws are fixed by the customer, the day and the message number), so the differences come from the strategy, and each difference's interval is paired: computed account by account.</p>
<h2>Which strategy is better, by how much, and how sure</h2>
<ul>${headline(summary)
    .map((h) => `<li>${h}</li>`)
    .join('')}</ul>
${holdouts.length > 0 ? `<p class="note">${esc(holdouts.join(', '))}: the no-contact holdout, shown beside for reference (what happens with no outreach at all); it is never marked better, since doing nothing trivially sends no messages and draws no complaints.</p>` : ''}
<h2>KPIs by strategy</h2>
<p class="note">Values with 95% confidence intervals; money in ${esc(summary.currency)}. Each other strategy's difference against the champion (${esc(summary.champion)}) with its paired 95% interval (the complaint-to-resolution median's is unpaired, from the two medians' intervals): <span class="better">green</span> where it is better and <span class="worse">red</span> where it is worse with the interval excluding zero; unmarked, no clear difference.</p>
<table>${kpiTable(summary)}</table>
<div class="charts">${KPI_NAMES.map((n) => barChart(n, st)).join('')}</div>
<h2>Over time</h2>
<div class="charts">${overTime.join('')}</div>
<h2>By segment</h2>
<table>${segTable}</table>
<div class="charts">${bySegment.join('')}</div>
${robustnessSection(summary.robustness ?? [], summary.champion)}
${preDueSection(summary.preDue)}
<h2>About the model</h2>
<p class="note">${esc(model.description ?? '')}</p>
${sourcesTable(model.sources)}
<p class="note">CSAT and complaint-to-resolution time are modelled with the live KPIs' definitions (the satisfaction question after a resolution, as care.ts asks it; the median hours from a complaint to its resolution); their parameters are in the table above. Not modelled: capacity limits (people, SMS throughput). Rates over accounts use Wilson intervals; money and per-dollar ratios use the delta method over accounts; complaints per 1,000 and CSAT use the normal approximation; the median, its order statistics. Differences against the champion: the delta method over each account's pair of outcomes.</p>
</body></html>
`;
}
