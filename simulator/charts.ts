/** The report's inline SVG charts (no script, no external file): curves over time and bars with intervals. */
import { formatValue, KPI_FORMAT, type KpiName, type KpiSet } from './kpis';

export const COLOURS = ['#1d4ed8', '#b45309', '#047857', '#7c3aed', '#be123c', '#0e7490', '#4d7c0f', '#a21caf'];

/** Text made safe for HTML and SVG. */
export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Cumulative curves by day, one per strategy, with the last day's label inside the chart. */
export function lineChart(title: string, series: Array<{ name: string; values: number[] }>, format: (v: number) => string): string {
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
  // The last label ends at the last day, not centred on it: centred, "day 120" ran past the edge.
  const anchors = ['start', 'middle', 'end'];
  const ticks = [0, Math.floor((days - 1) / 2), days - 1]
    .map(
      (d, i) => `<text x="${x(d).toFixed(1)}" y="${H - 10}" text-anchor="${anchors[i]}" font-size="11" fill="#52606d">day ${d + 1}</text>`,
    )
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

/** A KPI's value per strategy as a bar, with its 95% interval as a line. */
export function barChart(name: KpiName, strategies: ReadonlyArray<{ name: string; kpis: KpiSet }>): string {
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
