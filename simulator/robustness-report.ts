/** The robustness section: where a challenger still beats the champion as an assumption changes. */
import { esc } from './charts';
import { HEADLINE_KPIS, type ChampionComparison } from './compare';
import { formatDifference } from './kpis';
import type { RobustnessResult } from './robustness';

const FILL: Record<ChampionComparison['verdict'], string> = {
  better: '#86efac',
  worse: '#fca5a5',
  'no clear difference': '#e5e7eb',
  'not comparable': '#ffffff',
  reference: '#ffffff',
};

const valueLabel = (r: RobustnessResult, v: number) => (r.scaled ? `x${v}` : String(v));

/** The values at which the challenger is better on a KPI, as ranges: "0 to 0.45" or "none". */
export function winningRange(r: RobustnessResult, challenger: string, kpi: string): string {
  const ranges: string[] = [];
  let startAt: number | undefined;
  let last: number | undefined;
  for (const p of r.points) {
    const better = p.challengers[challenger]?.[kpi]?.verdict === 'better';
    if (better && startAt === undefined) startAt = p.value;
    if (!better && startAt !== undefined) {
      ranges.push(startAt === last ? valueLabel(r, startAt) : `${valueLabel(r, startAt)} to ${valueLabel(r, last!)}`);
      startAt = undefined;
    }
    last = p.value;
  }
  if (startAt !== undefined)
    ranges.push(startAt === last ? valueLabel(r, startAt) : `${valueLabel(r, startAt)} to ${valueLabel(r, last!)}`);
  return ranges.length > 0 ? ranges.join(', ') : 'none of the values tried';
}

/** A grid per parameter and challenger: rows the headline KPIs, columns the values tried. */
export function robustnessChart(r: RobustnessResult, challenger: string): string {
  const cellW = 64;
  const rowH = 22;
  const L = 200;
  const T = 40;
  const W = L + cellW * r.points.length + 10;
  const H = T + rowH * HEADLINE_KPIS.length + 24;
  const head = r.points
    .map((p, i) => {
      const current = Math.abs(p.value - r.current) < 1e-9;
      return `<text x="${L + i * cellW + cellW / 2}" y="${T - 6}" text-anchor="middle" font-size="11"${current ? ' font-weight="bold"' : ''}>${esc(valueLabel(r, p.value))}${current ? ' (model)' : ''}</text>`;
    })
    .join('');
  const rows = HEADLINE_KPIS.map((k, row) => {
    const y = T + row * rowH;
    const cells = r.points
      .map((p, i) => {
        const c = p.challengers[challenger]?.[k];
        if (!c) return '';
        return `<rect x="${L + i * cellW + 1}" y="${y + 1}" width="${cellW - 2}" height="${rowH - 2}" fill="${FILL[c.verdict]}"><title>${esc(`${k} at ${valueLabel(r, p.value)}: ${formatDifference(k, c.difference.value)} (${c.verdict})`)}</title></rect><text x="${L + i * cellW + cellW / 2}" y="${y + 15}" text-anchor="middle" font-size="10">${esc(formatDifference(k, c.difference.value))}</text>`;
      })
      .join('');
    return `<text x="${L - 6}" y="${y + 15}" text-anchor="end" font-size="11">${esc(k)}</text>${cells}`;
  }).join('');
  const title = `${challenger}: ${r.label} (${r.parameter})`;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${esc(title)}"><text x="4" y="14" font-size="12" font-weight="bold">${esc(title)}</text>${head}${rows}<text x="4" y="${H - 6}" font-size="10" fill="#52606d">green: better than the champion (95% interval excludes 0); red: worse; grey: no clear difference</text></svg>`;
}

/** The HTML section: a chart per assumption and challenger, and the ranges where it still wins. */
export function robustnessSection(results: readonly RobustnessResult[], champion: string): string {
  if (results.length === 0) return '';
  const challengers = Object.keys(results[0].points[0]?.challengers ?? {});
  const tables = challengers.map((c) => {
    const rows = results
      .map(
        (r) =>
          `<tr><td>${esc(r.label)} (<code>${esc(r.parameter)}</code>, model ${esc(valueLabel(r, r.current))})</td>${HEADLINE_KPIS.map((k) => `<td>${esc(winningRange(r, c, k))}</td>`).join('')}</tr>`,
      )
      .join('');
    return `<p>Where <b>${esc(c)}</b> still beats <b>${esc(champion)}</b>, by assumption:</p><table><tr><th>assumption</th>${HEADLINE_KPIS.map((k) => `<th>${esc(k)}</th>`).join('')}</tr>${rows}</table>`;
  });
  const charts = results.flatMap((r) => challengers.map((c) => robustnessChart(r, c))).join('');
  return `<h2>Robustness: where the result holds</h2>
<p class="note">The comparison rerun with each assumption that carries the CX-led result set lower and higher than the model has it (${results[0].accounts.toLocaleString('en-US')} accounts per run, same seed). A value marked x is a factor on every segment's value.</p>
${tables.join('')}
<div class="charts">${charts}</div>`;
}

/** The robustness result as text: one row per value, the headline differences and verdicts. */
export function robustnessText(r: RobustnessResult, champion: string): string {
  const lines: string[] = [];
  for (const c of Object.keys(r.points[0]?.challengers ?? {})) {
    lines.push(`robustness: ${c} - ${champion} as ${r.parameter} varies (${r.accounts} accounts per run)`);
    lines.push(['value'.padEnd(10), ...HEADLINE_KPIS.map((k) => k.padEnd(34))].join(''));
    for (const p of r.points) {
      const cells = HEADLINE_KPIS.map((k) => {
        const x = p.challengers[c][k];
        return `${formatDifference(k, x.difference.value)} ${x.verdict === 'better' ? 'better' : x.verdict === 'worse' ? 'worse' : 'unclear'}`.padEnd(
          34,
        );
      });
      lines.push([valueLabel(r, p.value).padEnd(10), ...cells].join('').trimEnd());
    }
    for (const k of HEADLINE_KPIS) lines.push(`  ${k}: better at ${winningRange(r, c, k)}`);
  }
  return `${lines.join('\n')}\n`;
}
