/**
 * What a simulation writes: summary.json (every KPI with its 95% interval, per strategy and segment, and
 * the daily curves) and report.html, a self-contained page with inline SVG charts for a manager. No
 * timings in either file: the same seed gives byte-identical files.
 */
import type { Estimate } from '../functions/domain/experiments';
import { SEGMENT_LABELS, SEGMENTS, type Segment } from '../functions/domain/segments';
import { formatEstimate, formatValue, KPI_FORMAT, KPI_NAMES, kpis, type KpiName, type KpiSet } from './kpis';
import { GROUPS, type Group, type SimulationResult, type StrategyResult } from './simulate';

export interface Summary {
  accounts: number;
  days: number;
  seed: number;
  start: string;
  kpiDefinitions: Record<KpiName, string>;
  strategies: Array<{
    name: string;
    playbookId: string | null;
    playbookVersion: string | null;
    decisions: number;
    kpis: KpiSet;
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

export function buildSummary(r: SimulationResult): Summary {
  return {
    accounts: r.accounts,
    days: r.days,
    seed: r.seed,
    start: r.start,
    kpiDefinitions: Object.fromEntries(KPI_NAMES.map((n) => [n, KPI_FORMAT[n].definition])) as Record<KpiName, string>,
    strategies: r.strategies.map((s) => ({
      name: s.name,
      playbookId: s.playbookId,
      playbookVersion: s.playbookVersion,
      decisions: s.decisions,
      kpis: roundKpis(kpis(s.tallies.all)),
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

/** The per-strategy KPI table printed on stdout. */
export function renderText(summary: Summary): string {
  const names = summary.strategies.map((s) => s.name);
  const width = Math.max(30, ...KPI_NAMES.map((n) => n.length + 2));
  const col = 28;
  const lines = [
    `amicable simulate: ${summary.accounts} accounts x ${summary.days} days, seed ${summary.seed} (95% confidence intervals)`,
    '',
    'KPI'.padEnd(width) + names.map((n) => n.padEnd(col)).join(''),
  ];
  for (const k of KPI_NAMES) {
    lines.push(k.padEnd(width) + summary.strategies.map((s) => formatEstimate(k, s.kpis[k]).padEnd(col)).join(''));
  }
  lines.push('', 'cure rate by segment'.padEnd(width) + names.map((n) => n.padEnd(col)).join(''));
  for (const g of SEGMENTS) {
    const label = `  ${g} (${summary.strategies[0]?.segments[g].accounts ?? 0})`;
    lines.push(
      label.padEnd(width) +
        summary.strategies.map((s) => formatEstimate('cure rate', s.segments[g].kpis['cure rate']).padEnd(col)).join(''),
    );
  }
  return `${lines.map((l) => l.trimEnd()).join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------------------
// HTML

const COLOURS = ['#1d4ed8', '#b45309', '#047857', '#7c3aed', '#be123c', '#0e7490', '#4d7c0f', '#a21caf'];

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function lineChart(title: string, series: Array<{ name: string; values: number[] }>, format: (v: number) => string): string {
  const W = 520;
  const H = 240;
  const L = 56;
  const B = 30;
  const T = 26;
  const R = 12;
  const days = series[0]?.values.length ?? 0;
  const max = Math.max(1e-9, ...series.flatMap((s) => s.values));
  const x = (d: number) => L + ((W - L - R) * d) / Math.max(1, days - 1);
  const y = (v: number) => H - B - ((H - B - T) * v) / max;
  const grid = [0, 0.25, 0.5, 0.75, 1]
    .map(
      (f) =>
        `<line x1="${L}" x2="${W - R}" y1="${y(max * f).toFixed(1)}" y2="${y(max * f).toFixed(1)}" stroke="#e5e7eb"/><text x="${L - 6}" y="${(y(max * f) + 4).toFixed(1)}" text-anchor="end" font-size="11" fill="#52606d">${esc(format(max * f))}</text>`,
    )
    .join('');
  const ticks = [0, Math.floor((days - 1) / 2), days - 1]
    .map((d) => `<text x="${x(d).toFixed(1)}" y="${H - 10}" text-anchor="middle" font-size="11" fill="#52606d">day ${d + 1}</text>`)
    .join('');
  const paths = series
    .map((s, i) => {
      const step = Math.max(1, Math.floor(s.values.length / 200));
      const pts: string[] = [];
      for (let d = 0; d < s.values.length; d += step) pts.push(`${x(d).toFixed(1)},${y(s.values[d]).toFixed(1)}`);
      pts.push(`${x(s.values.length - 1).toFixed(1)},${y(s.values[s.values.length - 1]).toFixed(1)}`);
      return `<polyline fill="none" stroke="${COLOURS[i % COLOURS.length]}" stroke-width="2" points="${pts.join(' ')}"/>`;
    })
    .join('');
  const legend = series
    .map((s, i) => `<tspan fill="${COLOURS[i % COLOURS.length]}" font-weight="bold">■ </tspan><tspan>${esc(s.name)}   </tspan>`)
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${esc(title)}"><text x="${L}" y="16" font-size="13" font-weight="bold">${esc(title)}</text>${grid}${ticks}${paths}<text x="${W - R}" y="16" text-anchor="end" font-size="11">${legend}</text></svg>`;
}

function barChart(name: KpiName, strategies: Summary['strategies']): string {
  const W = 250;
  const rowH = 26;
  const H = 34 + rowH * strategies.length;
  const L = 96;
  const R = 80;
  const max = Math.max(1e-9, ...strategies.map((s) => s.kpis[name].high));
  const x = (v: number) => L + ((W - L - R) * Math.max(0, v)) / max;
  const rows = strategies
    .map((s, i) => {
      const e = s.kpis[name];
      const yy = 28 + i * rowH;
      const colour = COLOURS[i % COLOURS.length];
      if (e.n === 0)
        return `<text x="${L - 6}" y="${yy + 13}" text-anchor="end" font-size="11">${esc(s.name)}</text><text x="${L}" y="${yy + 13}" font-size="11" fill="#52606d">n/a</text>`;
      return (
        `<text x="${L - 6}" y="${yy + 13}" text-anchor="end" font-size="11">${esc(s.name)}</text>` +
        `<rect x="${L}" y="${yy + 2}" width="${(x(e.value) - L).toFixed(1)}" height="14" fill="${colour}" opacity="0.8"/>` +
        `<line x1="${x(e.low).toFixed(1)}" x2="${x(e.high).toFixed(1)}" y1="${yy + 9}" y2="${yy + 9}" stroke="#111827" stroke-width="1.5"/>` +
        `<text x="${(x(e.high) + 4).toFixed(1)}" y="${yy + 13}" font-size="11">${esc(formatValue(name, e.value))}</text>`
      );
    })
    .join('');
  const better = KPI_FORMAT[name].better === 'higher' ? 'higher is better' : 'lower is better';
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${esc(name)}"><text x="4" y="14" font-size="12" font-weight="bold">${esc(name)}</text><text x="4" y="25" font-size="10" fill="#52606d">${better}; bar = value, line = 95% interval</text>${rows}</svg>`;
}

function best(name: KpiName, strategies: Summary['strategies']): string | undefined {
  const withData = strategies.filter((s) => s.kpis[name].n > 0);
  if (withData.length < 2) return undefined;
  const higher = KPI_FORMAT[name].better === 'higher';
  const sorted = [...withData].sort((a, b) => (higher ? b.kpis[name].value - a.kpis[name].value : a.kpis[name].value - b.kpis[name].value));
  const [first, second] = sorted;
  const clear = higher ? first.kpis[name].low > second.kpis[name].high : first.kpis[name].high < second.kpis[name].low;
  return clear ? first.name : undefined;
}

function headline(summary: Summary): string[] {
  const out: string[] = [];
  for (const s of summary.strategies) {
    const k = s.kpis;
    out.push(
      `<b>${esc(s.name)}</b> collected ${formatValue('liquidation rate', k['liquidation rate'].value)} of the amount placed and brought ${formatValue('cure rate', k['cure rate'].value)} of accounts current, with ${formatValue('complaints per 1,000 accounts', k['complaints per 1,000 accounts'].value)} complaints per 1,000 accounts and ${formatValue('opt-out rate', k['opt-out rate'].value)} of contacted customers opting out.`,
    );
  }
  return out;
}

export function renderHtml(summary: Summary, behaviourDescription: string): string {
  const st = summary.strategies;
  const table = [
    `<tr><th>KPI</th>${st.map((s) => `<th>${esc(s.name)}</th>`).join('')}<th>definition</th></tr>`,
    ...KPI_NAMES.map((n) => {
      const winner = best(n, st);
      return `<tr><td>${esc(n)}</td>${st.map((s) => `<td class="${s.name === winner ? 'best' : ''}">${esc(formatEstimate(n, s.kpis[n]))}</td>`).join('')}<td class="def">${esc(KPI_FORMAT[n].definition)}</td></tr>`;
    }),
  ].join('\n');
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
th{background:#f4f5f7}td.best{background:#dcfce7;font-weight:bold}td.def{color:#52606d;font-size:12px}
.charts{display:flex;flex-wrap:wrap;gap:16px}.note{color:#52606d;font-size:13px}
</style></head><body>
<h1>Strategy simulation</h1>
<p>${summary.accounts.toLocaleString('en-US')} synthetic accounts over ${summary.days} days (seed ${summary.seed}, from ${esc(summary.start.slice(0, 10))}), each run through every strategy by the same decision engine and compliance rules the live journeys use. The same customers meet every strategy, so the differences come from the strategy.</p>
<ul>${headline(summary)
    .map((h) => `<li>${h}</li>`)
    .join('')}</ul>
<h2>KPIs by strategy</h2>
<p class="note">Values with 95% confidence intervals. Green: clearly best (its interval does not overlap the runner-up's).</p>
<table>${table}</table>
<div class="charts">${KPI_NAMES.map((n) => barChart(n, st)).join('')}</div>
<h2>Over time</h2>
<div class="charts">${overTime.join('')}</div>
<h2>By segment</h2>
<table>${segTable}</table>
<div class="charts">${bySegment.join('')}</div>
<h2>About the model</h2>
<p class="note">${esc(behaviourDescription)}</p>
<p class="note">Not modelled: complaint-to-resolution time and satisfaction (CSAT); capacity limits (people, SMS throughput). Rates over accounts use Wilson intervals; money and per-dollar ratios use the delta method over accounts; complaints per 1,000 use the normal approximation.</p>
</body></html>
`;
}
