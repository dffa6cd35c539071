/**
 * The KPI views over the analytics facts, in the SQL both Athena (Trino) and DuckDB run: the same text
 * becomes Athena named queries (lib/analytics.ts), QuickSight datasets, and the local dashboard's figures
 * (local/dashboard.ts). Names and definitions follow ../shared/reference/collections-practice.md.
 *
 * Portable on purpose: SUM(CASE ...) rather than count_if/FILTER, CAST(... AS DOUBLE) before every
 * division (Trino divides integers as integers, DuckDB does not), window functions for the median (Trino
 * has approx_percentile, DuckDB median: neither has the other), no integer division.
 */
import { RESOLVED_CLOSE_REASONS } from '../decision-types';
import { Z95 } from '../experiments';
import { PROPORTION_KPIS, Z80 } from './experiment-results';

/** The estimated price of one sent message, per channel, in the account's currency (see README: cost). */
export const MESSAGE_UNIT_COST: Record<'sms' | 'email' | 'voice', number> = { sms: 0.0083, email: 0.0001, voice: 0.013 };

const list = (values: Iterable<string>) => [...values].map((v) => `'${v}'`).join(', ');
const rate = (numerator: string, denominator: string) => `CAST(${numerator} AS DOUBLE) / NULLIF(${denominator}, 0)`;
const when = (condition: string, value = '1') => `SUM(CASE WHEN ${condition} THEN ${value} ELSE 0 END)`;
const flag = (condition: string) => `MAX(CASE WHEN ${condition} THEN 1 ELSE 0 END)`;

/** The one place every view names the facts table (unqualified: Athena's and DuckDB's current database). */
const FACTS_FROM = 'FROM facts x';

/**
 * One row per fact (a stream record delivered twice gives the same fact_id), then one row per account
 * cycle with its strategy (from its placed fact) and its totals. Every view starts from these.
 */
const BASE = `WITH f AS (
  SELECT * FROM (
    SELECT x.*, row_number() OVER (PARTITION BY x.fact_id ORDER BY x.occurred_at) AS copy_no ${FACTS_FROM}
  ) numbered WHERE copy_no = 1
),
placed AS (
  SELECT account_id, cycle_id, MIN(occurred_at) AS placed_at, MAX(segment) AS segment, MAX(experiment) AS experiment,
    MAX(variant) AS variant, MAX(jurisdiction) AS jurisdiction, MAX(currency) AS currency, SUM(amount) AS placed
  FROM f WHERE fact_type = 'placed' GROUP BY account_id, cycle_id
),
totals AS (
  SELECT account_id, cycle_id,
    ${when("fact_type = 'contact' AND outreach")} AS attempts,
    ${when("fact_type = 'contact' AND outreach AND outcome = 'sent'")} AS outreach_sent,
    ${when("fact_type = 'contact' AND outcome = 'sent'")} AS messages,
    ${when(
      "fact_type = 'contact' AND outcome = 'sent'",
      `CASE channel ${Object.entries(MESSAGE_UNIT_COST)
        .map(([c, v]) => `WHEN '${c}' THEN ${v}`)
        .join(' ')} ELSE 0 END`,
    )} AS message_cost,
    ${when("fact_type IN ('reply', 'engaged')")} AS responses,
    ${when("fact_type = 'payment'", 'amount')} AS collected,
    ${when("fact_type = 'promise-made'")} AS promises,
    ${when("fact_type IN ('promise-kept', 'promise-broken')")} AS promises_due,
    ${when("fact_type = 'promise-kept'")} AS promises_kept,
    ${when("fact_type = 'plan-agreed'")} AS plans_agreed,
    ${when("fact_type = 'plan-completed'")} AS plans_completed,
    ${flag(`fact_type = 'closed' AND outcome IN (${list(RESOLVED_CLOSE_REASONS)})`)} AS resolved,
    ${flag("fact_type = 'closed' AND outcome = 'paid'")} AS cured,
    ${when("fact_type = 'handoff'")} AS handoffs,
    ${when("fact_type = 'complaint-opened'")} AS complaints,
    ${when("fact_type = 'complaint-resolved'")} AS complaints_resolved,
    ${flag("fact_type = 'opted-out'")} AS opted_out,
    ${flag("fact_type = 'dispute-opened'")} AS disputed,
    ${when("fact_type = 'survey-sent'")} AS surveys_sent,
    ${when("fact_type = 'survey-answered'")} AS survey_responses,
    ${when("fact_type = 'survey-answered'", 'score')} AS score_sum,
    MAX(CASE WHEN fact_type = 'closed' THEN outcome END) AS closed_as
  FROM f GROUP BY account_id, cycle_id
),
acct AS (
  SELECT p.account_id, p.cycle_id, p.placed_at, substr(p.placed_at, 1, 10) AS placed_day,
    CAST(CAST(date_trunc('week', CAST(substr(p.placed_at, 1, 10) AS DATE)) AS DATE) AS VARCHAR) AS week,
    COALESCE(p.segment, 'none') AS segment, COALESCE(p.experiment, 'none') AS experiment, COALESCE(p.variant, 'none') AS variant,
    COALESCE(p.jurisdiction, 'unknown') AS jurisdiction, p.currency, p.placed,
    t.attempts, t.outreach_sent, CASE WHEN t.outreach_sent > 0 THEN 1 ELSE 0 END AS contacted, t.messages, t.message_cost,
    CASE WHEN t.responses < t.attempts THEN t.responses ELSE t.attempts END AS right_party_contacts,
    t.collected, t.promises, t.promises_due, t.promises_kept, t.plans_agreed, t.plans_completed,
    t.resolved, CASE WHEN t.resolved = 1 AND t.outreach_sent = 1 THEN 1 ELSE 0 END AS first_contact_resolved,
    t.cured, CASE WHEN t.cured = 1 AND t.handoffs = 0 THEN 1 ELSE 0 END AS self_cured,
    t.handoffs, CASE WHEN t.handoffs > 0 THEN 1 ELSE 0 END AS escalated,
    t.complaints, t.complaints_resolved, t.opted_out, t.disputed, t.surveys_sent, t.survey_responses, t.score_sum, t.closed_as
  FROM placed p JOIN totals t ON t.account_id = p.account_id AND t.cycle_id = p.cycle_id
)`;

/** The dimensions every KPI is given by ('all' is the whole portfolio). */
export const DIMENSIONS = ['all', 'week', 'variant', 'segment', 'jurisdiction'] as const;
export type Dimension = (typeof DIMENSIONS)[number];
const dimensionValue = (d: Dimension) => (d === 'all' ? "'all'" : d);
const byDimension = (select: (d: Dimension) => string) => DIMENSIONS.map(select).join('\nUNION ALL\n');

/**
 * Account KPIs (counts and rates, any currency). The rates "per account contacted" count, above the line
 * too, only accounts we contacted: an account disputed before any message is not the strategy's dispute.
 */
const KPI_COLUMNS = `COUNT(*) AS accounts, SUM(contacted) AS accounts_contacted, SUM(attempts) AS attempts,
    SUM(right_party_contacts) AS right_party_contacts, SUM(promises) AS promises, SUM(promises_due) AS promises_due,
    SUM(promises_kept) AS promises_kept, SUM(cured) AS cured, SUM(self_cured) AS self_cured,
    SUM(first_contact_resolved) AS first_contact_resolved, SUM(handoffs) AS handoffs, SUM(escalated) AS escalated,
    SUM(complaints) AS complaints, SUM(opted_out) AS opted_out, SUM(disputed) AS disputed, SUM(messages) AS messages,
    SUM(surveys_sent) AS surveys_sent, SUM(survey_responses) AS survey_responses, SUM(plans_agreed) AS plans_agreed,
    SUM(plans_completed) AS plans_completed,
    ${rate('SUM(right_party_contacts)', 'SUM(attempts)')} AS right_party_contact_rate,
    ${rate('SUM(promises)', 'SUM(right_party_contacts)')} AS promise_to_pay_rate,
    ${rate('SUM(promises_kept)', 'SUM(promises_due)')} AS promise_kept_rate,
    ${rate('SUM(cured)', 'COUNT(*)')} AS cure_rate,
    ${rate('SUM(self_cured)', 'COUNT(*)')} AS self_cure_rate,
    ${rate('SUM(first_contact_resolved)', 'SUM(contacted)')} AS first_contact_resolution,
    ${rate('SUM(complaints * contacted) * 1000', 'SUM(contacted)')} AS complaints_per_1000,
    ${rate('SUM(opted_out * contacted)', 'SUM(contacted)')} AS opt_out_rate,
    ${rate('SUM(escalated * contacted)', 'SUM(contacted)')} AS escalation_rate,
    ${rate('SUM(disputed * contacted)', 'SUM(contacted)')} AS dispute_rate,
    ${rate('SUM(score_sum)', 'SUM(survey_responses)')} AS csat,
    ${rate('SUM(survey_responses)', 'SUM(surveys_sent)')} AS csat_response_rate`;

/** Money KPIs, never across currencies. The amount outstanding is the amount placed when the cycle began. */
const MONEY_COLUMNS = `COUNT(*) AS accounts, SUM(placed) AS placed, SUM(collected) AS collected, SUM(message_cost) AS message_cost,
    ${rate('SUM(collected)', 'SUM(placed)')} AS liquidation_rate,
    ${rate('SUM(collected)', 'SUM(placed)')} AS recovery_rate,
    ${rate('SUM(message_cost)', 'SUM(collected)')} AS cost_to_collect`;

/** The sums per experiment variant and currency that every interval is computed from. */
const EXPERIMENT_SUMS = `SELECT experiment, variant, currency, COUNT(*) AS n, SUM(contacted) AS contacted, SUM(attempts) AS attempts,
  SUM(right_party_contacts) AS right_party_contacts, SUM(promises) AS promises, SUM(promises_due) AS promises_due,
  SUM(promises_kept) AS promises_kept, SUM(cured) AS cured, SUM(self_cured) AS self_cured,
  SUM(first_contact_resolved) AS first_contact_resolved, SUM(escalated) AS escalated, SUM(opted_out) AS opted_out,
  SUM(disputed) AS disputed, SUM(complaints) AS complaints, SUM(complaints * complaints) AS complaints_sq,
  SUM(placed) AS sx, SUM(collected) AS sy, SUM(placed * placed) AS sxx, SUM(collected * collected) AS syy,
  SUM(placed * collected) AS sxy
FROM acct WHERE experiment <> 'none' GROUP BY experiment, variant, currency`;

/** A double literal in both dialects (a plain 1.96 is a DECIMAL in Trino and DuckDB). */
const double = (x: number) => `${x.toExponential()}`.replace('e+', 'E').replace('e-', 'E-');
const Z = double(Z95);
const Z2 = double(Z95 * Z95);

/** Wilson's score interval over (x successes, t trials) columns of p: functions/domain/experiments.ts wilson(). */
const wilsonSql = `SELECT experiment, variant, currency, kpi, t AS n,
    CASE WHEN t > 0 THEN x / t ELSE 0 END AS value,
    CASE WHEN t <= 0 OR x <= 0 THEN 0 ELSE GREATEST(0, centre - half) END AS low,
    CASE WHEN t <= 0 THEN 0 WHEN x >= t THEN 1 ELSE LEAST(1, centre + half) END AS high
  FROM (
    SELECT p.*, (x / NULLIF(t, 0) + ${Z2} / (2 * NULLIF(t, 0))) / (1 + ${Z2} / NULLIF(t, 0)) AS centre,
      ${Z} * sqrt((x / NULLIF(t, 0)) * (1 - x / NULLIF(t, 0)) / NULLIF(t, 0) + ${Z2} / (4 * NULLIF(t, 0) * NULLIF(t, 0))) / (1 + ${Z2} / NULLIF(t, 0)) AS half
    FROM proportions p
  ) w`;

/**
 * Recovery (collected / placed over the accounts) with the delta-method interval, its lower end clipped at
 * 0: ratioInterval() in functions/domain/experiments.ts and experiment-results.ts.
 */
const recoverySql = `SELECT experiment, variant, currency, 'recovery rate' AS kpi, n,
    CASE WHEN n > 0 AND sx <> 0 THEN r ELSE 0 END AS value,
    CASE WHEN n > 0 AND sx <> 0 THEN GREATEST(0, r - half) ELSE 0 END AS low,
    CASE WHEN n > 0 AND sx <> 0 THEN r + half ELSE 0 END AS high
  FROM (
    SELECT d.*, ${Z} * sqrt(CASE WHEN n > 1 THEN GREATEST(0, (syy - 2 * r * sxy + r * r * sxx) / (n - 1)) ELSE 0 END / n) / (sx / n) AS half
    FROM (SELECT s.*, sy / NULLIF(sx, 0) AS r FROM ratio_sums s) d
  ) h`;

/**
 * Every pair of variants of an experiment in a currency, Newcombe's interval for the difference, and
 * (when not significant) the accounts per variant for 80% power: differenceInterval() and
 * accountsNeeded() in experiment-results.ts. A variant alone in its currency keeps a row, against NULL.
 */
const EXPERIMENT_RESULTS = `sums AS (
${EXPERIMENT_SUMS}
),
proportions AS (
${Object.entries(PROPORTION_KPIS)
  .map(
    ([kpi, c]) =>
      `  SELECT experiment, variant, currency, '${kpi}' AS kpi, CAST(${c.successes} AS DOUBLE) AS x, CAST(${c.trials} AS DOUBLE) AS t FROM sums`,
  )
  .join('\n  UNION ALL\n')}
),
ratio_sums AS (
  SELECT experiment, variant, currency, n, CAST(sx AS DOUBLE) AS sx, CAST(sy AS DOUBLE) AS sy, CAST(sxx AS DOUBLE) AS sxx,
    CAST(syy AS DOUBLE) AS syy, CAST(sxy AS DOUBLE) AS sxy FROM sums
),
estimates AS (
  ${wilsonSql}
  UNION ALL
  ${recoverySql}
),
pairs AS (
  SELECT a.experiment, a.variant, a.currency, a.kpi, a.n, a.value, a.low, a.high, b.variant AS against,
    a.value - b.value AS difference,
    a.value - b.value - sqrt(power(a.value - a.low, 2) + power(b.high - b.value, 2)) AS difference_low,
    a.value - b.value + sqrt(power(a.high - a.value, 2) + power(b.value - b.low, 2)) AS difference_high,
    LEAST(a.n, b.n) AS difference_n,
    power((a.high - a.low) / (2 * ${Z}), 2) * a.n + power((b.high - b.low) / (2 * ${Z}), 2) * b.n AS unit_variance,
    a.n > 0 AND b.n > 0 AS comparable
  FROM estimates a LEFT JOIN estimates b
    ON b.experiment = a.experiment AND b.currency = a.currency AND b.kpi = a.kpi AND b.variant <> a.variant
)
SELECT experiment, variant, currency, kpi, n, value, low, high, against, difference, difference_low, difference_high, difference_n,
  CASE WHEN against IS NULL THEN NULL ELSE comparable AND (difference_low > 0 OR difference_high < 0) END AS significant,
  CASE WHEN against IS NULL OR (comparable AND (difference_low > 0 OR difference_high < 0)) OR NOT comparable OR difference = 0 OR unit_variance = 0 THEN NULL
    ELSE CAST(ceil(${double((Z95 + Z80) ** 2)} * unit_variance / (difference * difference)) AS BIGINT) END AS accounts_needed
FROM pairs`;

export interface KpiView {
  name: string;
  description: string;
  sql: string;
}

export const KPI_VIEWS: readonly KpiView[] = [
  {
    name: 'kpi_accounts',
    description:
      'Account KPIs (contact, promises, cure, first-contact resolution, complaints, opt-out, dispute, escalation, CSAT) by dimension',
    sql: `${BASE}\n${byDimension((d) => `SELECT '${d}' AS dimension, ${dimensionValue(d)} AS value, ${KPI_COLUMNS}\nFROM acct GROUP BY ${dimensionValue(d)}`)}`,
  },
  {
    name: 'kpi_money',
    description: 'Amount placed and collected, liquidation and recovery rate and cost to collect, per currency, by dimension',
    sql: `${BASE}\n${byDimension((d) => `SELECT '${d}' AS dimension, ${dimensionValue(d)} AS value, currency, ${MONEY_COLUMNS}\nFROM acct GROUP BY ${dimensionValue(d)}, currency`)}`,
  },
  {
    name: 'kpi_channels',
    description:
      'Per channel, over placed account cycles (a reminder before the due date is not a placement): attempts, messages sent, delivery events, replies, opt-outs and message cost',
    sql: `${BASE}
SELECT channel, ${when("fact_type = 'contact' AND outreach")} AS attempts, ${when("fact_type = 'contact' AND outcome = 'sent'")} AS messages,
  ${when("fact_type = 'contact' AND outcome <> 'sent'")} AS not_sent, ${when("fact_type = 'delivery'")} AS delivery_events,
  ${when("fact_type = 'reply'")} AS replies, ${when("fact_type = 'opted-out'")} AS opt_outs
FROM f WHERE channel IS NOT NULL AND EXISTS (SELECT 1 FROM placed p WHERE p.account_id = f.account_id AND p.cycle_id = f.cycle_id)
GROUP BY channel`,
  },
  {
    name: 'kpi_funnel',
    description: 'The funnel per variant: placed, contacted, right-party contact, promise or plan, paid',
    sql: `${BASE}
${byDimension(
  (d) => `SELECT '${d}' AS dimension, ${dimensionValue(d)} AS value, COUNT(*) AS placed, SUM(contacted) AS contacted,
  ${when('right_party_contacts > 0')} AS right_party_contact, ${when('promises + plans_agreed > 0')} AS promise_or_plan,
  ${when('collected > 0')} AS paid
FROM acct GROUP BY ${dimensionValue(d)}`,
)}`,
  },
  {
    name: 'kpi_daily',
    description: 'Trends by day: messages, replies, promises, hand-offs, complaints, payments and amount collected per currency',
    sql: `${BASE}
SELECT substr(f.occurred_at, 1, 10) AS day, p.currency,
  ${when("f.fact_type = 'contact' AND f.outcome = 'sent'")} AS messages, ${when("f.fact_type = 'reply'")} AS replies,
  ${when("f.fact_type = 'promise-made'")} AS promises, ${when("f.fact_type = 'handoff'")} AS handoffs,
  ${when("f.fact_type = 'complaint-opened'")} AS complaints, ${when("f.fact_type = 'payment'")} AS payments,
  ${when("f.fact_type = 'payment'", 'f.amount')} AS collected, ${when("f.fact_type = 'placed'", 'f.amount')} AS placed
FROM f JOIN placed p ON p.account_id = f.account_id AND p.cycle_id = f.cycle_id
GROUP BY substr(f.occurred_at, 1, 10), p.currency`,
  },
  {
    name: 'kpi_complaint_resolution',
    description: 'Complaint-to-resolution time: the median hours from received to resolved, overall and per variant',
    sql: `${BASE},
resolved AS (
  SELECT f.hours, COALESCE(p.variant, 'none') AS variant FROM f JOIN placed p ON p.account_id = f.account_id AND p.cycle_id = f.cycle_id
  WHERE f.fact_type = 'complaint-resolved'
),
ranked AS (
  SELECT 'all' AS dimension, 'all' AS value, hours, row_number() OVER (ORDER BY hours) AS r, COUNT(*) OVER () AS n FROM resolved
  UNION ALL
  SELECT 'variant', variant, hours, row_number() OVER (PARTITION BY variant ORDER BY hours), COUNT(*) OVER (PARTITION BY variant) FROM resolved
)
SELECT dimension, value, MAX(n) AS resolved, AVG(hours) AS median_hours FROM ranked
WHERE r IN (CAST(floor((n + 1) / 2.0) AS BIGINT), CAST(floor((n + 2) / 2.0) AS BIGINT))
GROUP BY dimension, value`,
  },
  {
    name: 'kpi_experiment_sums',
    description:
      'Per experiment variant and currency: the sums the 95% intervals are computed from (functions/domain/analytics/experiment-results.ts)',
    sql: `${BASE}\n${EXPERIMENT_SUMS}`,
  },
  {
    name: 'kpi_experiment_results',
    description:
      'Per experiment variant, currency and headline KPI: the rate with its 95% interval (Wilson; delta method for recovery), and against every other variant (the champion, the holdout) the difference with its 95% interval (Newcombe), whether it is significant and the accounts per variant it needs',
    sql: `${BASE},\n${EXPERIMENT_RESULTS}`,
  },
  {
    name: 'kpi_account_list',
    description: 'One row per account cycle: strategy, amounts, messages and how it ended (ids only)',
    sql: `${BASE}
SELECT account_id, cycle_id, placed_day, segment, variant, jurisdiction, currency, placed, collected, messages,
  contacted, escalated, COALESCE(closed_as, 'open') AS closed_as
FROM acct`,
  },
];

/**
 * A view's SQL with the facts table qualified by its Glue database, for a query context without a current
 * database (QuickSight's custom SQL over Athena). Otherwise the same text.
 */
export const kpiViewSqlIn = (view: KpiView, database: string): string => {
  if (!/^[a-z0-9_]+$/.test(database)) throw new Error(`not a Glue database name: ${database}`);
  return view.sql.replace(FACTS_FROM, `FROM "${database}"."facts" x`);
};

export const kpiView = (name: string): KpiView => {
  const view = KPI_VIEWS.find((v) => v.name === name);
  if (!view) throw new Error(`no KPI view ${name}`);
  return view;
};
