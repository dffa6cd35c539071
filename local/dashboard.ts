/**
 * dashboard.html: the manager's page for a local run, built by running the KPI views (the SQL Athena runs)
 * on DuckDB over the run's facts. One self-contained file: no scripts, no fonts, no network.
 */
import { wilson, type Estimate } from '../functions/domain/experiments';
import { describeComparison, experimentResults, RESULT_KPIS, type ExperimentSums } from '../functions/domain/analytics/experiment-results';
import type { ViewResults, ViewRow } from './duckdb-views';

export interface DashboardInput {
  views: ViewResults;
  period: { from: string; until: string };
  experiment?: { id: string; champion: string; holdout?: string };
  /** Relative link to an account cycle's timeline. */
  timelineLink: (accountId: string, cycleId: string) => string;
  /** Bills reminded before their due date: not placements, so in no view; listed with their timelines. */
  preDue?: PreDueRow[];
}

export interface PreDueRow {
  accountId: string;
  cycleId: string;
  segment?: string;
  reminders: number;
  closedAs?: string;
}

const escape = (v: unknown) => String(v ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const pct = (v: unknown) => (typeof v === 'number' ? `${(v * 100).toFixed(1)}%` : '–');
const money = (v: unknown, currency: string) =>
  typeof v === 'number' ? `${currency} ${v.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}` : '–';
const num = (v: unknown, digits = 0) => (typeof v === 'number' ? v.toFixed(digits) : '–');
const rows = (views: ViewResults, name: string, dimension?: string) =>
  (views[name] ?? []).filter((r) => dimension === undefined || r.dimension === dimension);
const n = (r: ViewRow | undefined, k: string) => Number(r?.[k] ?? 0);

function tile(id: string, label: string, value: string, note = ''): string {
  return `<div class="tile"><div class="label">${escape(label)}</div><div class="value" data-kpi="${escape(id)}">${escape(value)}</div>${note ? `<div class="note">${escape(note)}</div>` : ''}</div>`;
}

function moneyTiles(views: ViewResults): string {
  return rows(views, 'kpi_money', 'all')
    .map((r) => {
      const c = String(r.currency);
      return `<section aria-label="${escape(c)}"><h3>${escape(c)}</h3><div class="tiles">${[
        tile(`placed-${c}`, 'Amount placed', money(r.placed, c)),
        tile(`collected-${c}`, 'Amount collected', money(r.collected, c)),
        tile(`recovery-${c}`, 'Recovery rate', pct(r.recovery_rate), 'collected / amount outstanding when placed'),
        tile(
          `cost-${c}`,
          'Cost to collect',
          typeof r.cost_to_collect === 'number' ? `${(r.cost_to_collect * 100).toFixed(2)}¢ per 1` : '–',
          'messaging cost / collected',
        ),
      ].join('')}</div></section>`;
    })
    .join('');
}

function accountTiles(views: ViewResults): string {
  const a = rows(views, 'kpi_accounts', 'all')[0];
  const median = rows(views, 'kpi_complaint_resolution', 'all')[0];
  return `<div class="tiles">${[
    tile('accounts', 'Accounts placed', num(a?.accounts)),
    tile('contacted', 'Accounts contacted', num(a?.accounts_contacted)),
    tile('messages', 'Messages sent', num(a?.messages)),
    tile('rpc', 'Right-party contact rate', pct(a?.right_party_contact_rate)),
    tile('promise-kept', 'Promise kept rate', pct(a?.promise_kept_rate), `${num(a?.promises_kept)} of ${num(a?.promises_due)} due`),
    tile('cure', 'Cure rate', pct(a?.cure_rate)),
    tile('fcr', 'First-contact resolution', pct(a?.first_contact_resolution)),
    tile('csat', 'Satisfaction (1-5)', num(a?.csat, 2), `${num(a?.survey_responses)} of ${num(a?.surveys_sent)} surveys answered`),
    tile('complaints', 'Complaints per 1,000 contacted', num(a?.complaints_per_1000, 1), `${num(a?.complaints)} complaints`),
    tile('resolution-hours', 'Complaint-to-resolution (median)', median ? `${num(median.median_hours, 1)} h` : '–'),
    tile('opt-out', 'Opt-out rate', pct(a?.opt_out_rate)),
    tile('dispute', 'Dispute rate', pct(a?.dispute_rate)),
    tile('escalation', 'Escalation rate', pct(a?.escalation_rate), `${num(a?.handoffs)} hand-offs`),
  ].join('')}</div>`;
}

/** Bars as inline SVG, one per day: what happened when. */
function trend(views: ViewResults, metric: 'messages' | 'collected', label: string): string {
  const days = new Map<string, number>();
  for (const r of rows(views, 'kpi_daily')) days.set(String(r.day), (days.get(String(r.day)) ?? 0) + n(r, metric));
  const sorted = [...days].sort(([a], [b]) => a.localeCompare(b));
  const max = Math.max(1, ...sorted.map(([, v]) => v));
  const w = Math.max(4, Math.floor(720 / Math.max(1, sorted.length)));
  const bars = sorted.map(
    ([day, v], i) =>
      `<rect x="${i * w}" y="${100 - (v / max) * 100}" width="${w - 1}" height="${(v / max) * 100}"><title>${escape(day)}: ${v.toFixed(metric === 'collected' ? 2 : 0)}</title></rect>`,
  );
  return `<figure><svg role="img" aria-label="${escape(label)} by day, ${escape(sorted[0]?.[0] ?? '')} to ${escape(sorted.at(-1)?.[0] ?? '')}" viewBox="0 0 ${Math.max(w * sorted.length, 1)} 100" preserveAspectRatio="none">${bars.join('')}</svg><figcaption>${escape(label)} by day (${sorted.length} days; peak ${max.toFixed(metric === 'collected' ? 2 : 0)})</figcaption></figure>`;
}

function funnel(views: ViewResults): string {
  const f = rows(views, 'kpi_funnel', 'all')[0];
  const steps: Array<[string, string]> = [
    ['placed', 'Placed'],
    ['contacted', 'Contacted'],
    ['right_party_contact', 'Right-party contact'],
    ['promise_or_plan', 'Promise or plan'],
    ['paid', 'Paid (any amount)'],
  ];
  const top = Math.max(1, n(f, 'placed'));
  return `<table class="funnel"><caption>The funnel (accounts)</caption><tbody>${steps
    .map(
      ([k, label]) =>
        `<tr><th scope="row">${label}</th><td data-funnel="${k}">${num(f?.[k])}</td><td class="bar"><span style="width:${((n(f, k) / top) * 100).toFixed(1)}%"></span></td></tr>`,
    )
    .join('')}</tbody></table>`;
}

const interval = (e: Estimate) => (e.n === 0 ? '–' : `${pct(e.value)} <span class="ci">[${pct(e.low)}, ${pct(e.high)}]</span>`);

/** KPIs by a dimension, each rate with its 95% Wilson interval (the simulator's statistics). */
function byDimension(views: ViewResults, dimension: 'variant' | 'segment' | 'jurisdiction' | 'week'): string {
  const money = rows(views, 'kpi_money', dimension);
  const body = rows(views, 'kpi_accounts', dimension)
    .sort((a, b) => String(a.value).localeCompare(String(b.value)))
    .map((r) => {
      const recovery = money
        .filter((m) => m.value === r.value)
        .map((m) => `${escape(m.currency)} ${pct(m.recovery_rate)}`)
        .join('; ');
      return `<tr><th scope="row">${escape(r.value)}</th><td>${num(r.accounts)}</td><td>${interval(wilson(n(r, 'cured'), n(r, 'accounts')))}</td><td>${interval(wilson(n(r, 'right_party_contacts'), n(r, 'attempts')))}</td><td>${interval(wilson(n(r, 'first_contact_resolved'), n(r, 'accounts_contacted')))}</td><td>${interval(wilson(n(r, 'escalated'), n(r, 'accounts')))}</td><td>${recovery || '–'}</td></tr>`;
    });
  return `<table><caption>By ${dimension} (95% intervals in brackets)</caption><thead><tr><th scope="col">${dimension}</th><th scope="col">Accounts</th><th scope="col">Cure rate</th><th scope="col">Right-party contact</th><th scope="col">First-contact resolution</th><th scope="col">Handed to a person</th><th scope="col">Recovery</th></tr></thead><tbody>${body.join('')}</tbody></table>`;
}

function experimentSection(input: DashboardInput): string {
  if (!input.experiment) return '<p>No experiment ran: every account got the playbook of its segment.</p>';
  const sums = rows(input.views, 'kpi_experiment_sums').filter((r) => r.experiment === input.experiment!.id) as unknown as ExperimentSums[];
  const results = experimentResults(sums, input.experiment.champion, input.experiment.holdout);
  const table = `<table><caption>Each variant, 95% intervals in brackets</caption><thead><tr><th scope="col">Variant</th><th scope="col">Currency</th>${RESULT_KPIS.map((k) => `<th scope="col">${k}</th>`).join('')}</tr></thead><tbody>${results
    .map(
      (r) =>
        `<tr><th scope="row">${escape(r.variant)}</th><td>${escape(r.currency)}</td>${RESULT_KPIS.map((k) => `<td>${interval(r.estimates[k])}</td>`).join('')}</tr>`,
    )
    .join('')}</tbody></table>`;
  const sentences = results.flatMap((r) =>
    RESULT_KPIS.flatMap((k) => (r.comparisons[k] ?? []).map((c) => `<li>${escape(describeComparison(k, r.variant, c))}</li>`)),
  );
  return `<p>Experiment <strong>${escape(input.experiment.id)}</strong>; champion ${escape(input.experiment.champion)}${input.experiment.holdout ? `, holdout ${escape(input.experiment.holdout)}` : ''}.</p>${table}<ul class="verdicts">${sentences.join('')}</ul>`;
}

function accountsTable(input: DashboardInput): string {
  const body = rows(input.views, 'kpi_account_list')
    .sort((a, b) => String(a.account_id).localeCompare(String(b.account_id)))
    .map((r) => {
      const c = String(r.currency);
      return `<tr><th scope="row"><a href="${escape(input.timelineLink(String(r.account_id), String(r.cycle_id)))}">${escape(r.account_id)}</a></th><td>${escape(r.cycle_id)}</td><td>${escape(r.segment)}</td><td>${escape(r.variant)}</td><td>${escape(r.jurisdiction)}</td><td>${money(r.placed, c)}</td><td>${money(r.collected, c)}</td><td>${num(r.messages)}</td><td>${escape(r.closed_as)}</td></tr>`;
    });
  return `<table><caption>Accounts (select one for its timeline)</caption><thead><tr><th scope="col">Account</th><th scope="col">Cycle</th><th scope="col">Segment</th><th scope="col">Variant</th><th scope="col">Jurisdiction</th><th scope="col">Placed</th><th scope="col">Collected</th><th scope="col">Messages</th><th scope="col">Ended</th></tr></thead><tbody>${body.join('')}</tbody></table>`;
}

function preDueTable(input: DashboardInput): string {
  const list = input.preDue ?? [];
  if (list.length === 0) return '<p>No bill was announced before its due date in this run.</p>';
  const body = list.map(
    (r) =>
      `<tr><th scope="row"><a href="${escape(input.timelineLink(r.accountId, r.cycleId))}">${escape(r.accountId)}</a></th><td>${escape(r.cycleId)}</td><td>${escape(r.segment ?? '–')}</td><td>${r.reminders}</td><td>${escape(r.closedAs ?? '–')}</td></tr>`,
  );
  return `<table><caption>Bills reminded before their due date (not placements: in none of the figures above; an unpaid bill's overdue journey is listed under Accounts)</caption><thead><tr><th scope="col">Account</th><th scope="col">Pre-due stage</th><th scope="col">Segment</th><th scope="col">Reminders sent</th><th scope="col">Ended</th></tr></thead><tbody>${body.join('')}</tbody></table>`;
}

const STYLE = `body{font:15px/1.45 system-ui,sans-serif;margin:0 auto;max-width:1100px;padding:1rem 1.5rem;color:#1b1b1b;background:#fff}
h1{font-size:1.6rem}h2{margin-top:2rem;border-bottom:2px solid #005ea2;padding-bottom:.2rem}h3{margin:.8rem 0 .3rem}
.tiles{display:grid;grid-template-columns:repeat(auto-fill,minmax(190px,1fr));gap:.6rem}
.tile{border:1px solid #c6cace;border-radius:6px;padding:.6rem .8rem}.label{font-size:.85rem;color:#3d4551}.value{font-size:1.45rem;font-weight:600}.note{font-size:.8rem;color:#3d4551}
table{border-collapse:collapse;width:100%;margin:.6rem 0;font-size:.9rem}caption{text-align:left;font-weight:600;padding:.3rem 0}
th,td{border-bottom:1px solid #dfe1e2;padding:.3rem .4rem;text-align:left}thead th{background:#f0f0f0}.ci{color:#3d4551;font-size:.8rem}
.funnel .bar{width:60%}.funnel .bar span{display:block;height:1rem;background:#005ea2}svg{width:100%;height:120px;fill:#005ea2;border-bottom:1px solid #71767a}
a{color:#005ea2}figure{margin:.5rem 0}figcaption{font-size:.85rem;color:#3d4551}`;

export function renderDashboard(input: DashboardInput): string {
  const { from, until } = input.period;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Amicable: collections dashboard</title><style>${STYLE}</style></head>
<body><main>
<h1>Collections dashboard</h1>
<p>From ${escape(from.slice(0, 10))} to ${escape(until.slice(0, 10))}. Figures come from the analytics facts (no names, numbers or addresses) by the same SQL the Athena views run. Money is never added across currencies.</p>
<h2>Money, per currency</h2>${moneyTiles(input.views)}
<h2>Customers and contact</h2>${accountTiles(input.views)}
<h2>Trends</h2>${trend(input.views, 'messages', 'Messages sent')}${trend(input.views, 'collected', 'Amount collected (all currencies, for the shape only)')}
<h2>Funnel</h2>${funnel(input.views)}
<h2>Champion and challenger</h2>${experimentSection(input)}
<h2>By variant and segment</h2>${byDimension(input.views, 'variant')}${byDimension(input.views, 'segment')}${byDimension(input.views, 'jurisdiction')}
<h2>Channels</h2><table><caption>Per channel</caption><thead><tr><th scope="col">Channel</th><th scope="col">Attempts</th><th scope="col">Sent</th><th scope="col">Not sent</th><th scope="col">Replies</th><th scope="col">Opt-outs</th></tr></thead><tbody>${rows(
    input.views,
    'kpi_channels',
  )
    .map(
      (r) =>
        `<tr><th scope="row">${escape(r.channel)}</th><td>${num(r.attempts)}</td><td>${num(r.messages)}</td><td>${num(r.not_sent)}</td><td>${num(r.replies)}</td><td>${num(r.opt_outs)}</td></tr>`,
    )
    .join('')}</tbody></table>
<h2>Accounts</h2>${accountsTable(input)}
<h2>Before the due date</h2>${preDueTable(input)}
</main></body></html>
`;
}
