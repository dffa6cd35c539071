/**
 * The CloudWatch widgets over the analytics facts' metrics (functions/analytics-facts.ts): amounts placed
 * and collected per currency, never added across currencies, and the recovery rate as metric math per
 * currency (collected / placed over the dashboard's period), with a row per experiment variant: placed and
 * collected, and, when the experiment's variants are known (stage config `experiment`), each variant's
 * recovery rate per currency.
 *
 * The rate is Athena's (kpi_money by variant: the sum collected over the sum placed, for the variant's
 * accounts in that currency). CloudWatch sums by when a fact happened, Athena by the account: over the
 * experiment's whole run they agree; over a shorter window CloudWatch counts payments of accounts placed
 * before it (kpi_money by week is the cohort view).
 */
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { METRIC } from '../functions/commons/powertools';
import { METRICS_NAMESPACE } from './metrics';

/**
 * One currency's series of a metric: the {currency, service} dimension set, or with variant too (every
 * variant, or the one named).
 */
const byCurrency = (name: string, currency: string, withVariant: boolean | string, period: Duration) =>
  `SEARCH('{${METRICS_NAMESPACE},currency,service${withVariant ? ',variant' : ''}} MetricName="${name}" currency="${currency}"${typeof withVariant === 'string' ? ` variant="${withVariant}"` : ''}', 'Sum', ${period.toSeconds()})`;

/**
 * collected / placed as a percentage, 0 while nothing is placed (metric math over one series each). `key`
 * tells the metric ids apart when several rates share a widget (ids: lowercase letters, digits, _).
 */
function recoveryRate(currency: string, variant: string | undefined, period: Duration, key = ''): cloudwatch.MathExpression {
  const scope = variant ?? false;
  const placed = new cloudwatch.MathExpression({
    expression: `SUM(${byCurrency(METRIC.amountPlaced, currency, scope, period)})`,
    label: `${currency} placed${variant ? ` (${variant})` : ''}`,
    period,
  });
  const collected = new cloudwatch.MathExpression({
    expression: `SUM(${byCurrency(METRIC.amountCollected, currency, scope, period)})`,
    label: `${currency} collected${variant ? ` (${variant})` : ''}`,
    period,
  });
  return new cloudwatch.MathExpression({
    expression: `IF(placed${key} > 0, 100 * collected${key} / placed${key}, 0)`,
    usingMetrics: { [`placed${key}`]: placed, [`collected${key}`]: collected },
    label: variant ? `${variant} recovery rate (%)` : `${currency} recovery rate (%)`,
    period,
  });
}

/** Each variant's recovery rate in a currency, over the dashboard's time range (as Athena's kpi_money by variant). */
function variantRecoveryWidget(currency: string, variants: readonly string[], period: Duration): cloudwatch.IWidget {
  return new cloudwatch.SingleValueWidget({
    title: `${currency} recovery rate by experiment variant (collected / placed, as Athena's kpi_money by variant)`,
    metrics: variants.map((v, i) => recoveryRate(currency, v, period, `_${i}`)),
    setPeriodToTimeRange: true,
    width: 24,
  });
}

export function recoveryWidgets(
  currencies: readonly string[],
  variants: readonly string[] = [],
  period = Duration.days(1),
): cloudwatch.IWidget[] {
  const widgets: cloudwatch.IWidget[] = [
    new cloudwatch.TextWidget({
      markdown:
        '## Recovery per currency\nFrom the analytics facts: amount placed and collected per currency (never added across currencies); recovery rate = collected / placed.',
      width: 24,
      height: 2,
    }),
  ];
  for (const currency of currencies) {
    const rate = recoveryRate(currency, undefined, period);
    const { placed, collected } = rate.usingMetrics;
    widgets.push(
      new cloudwatch.SingleValueWidget({
        title: `${currency}: placed, collected, recovery rate`,
        metrics: [placed, collected, rate],
        setPeriodToTimeRange: true,
        width: 8,
      }),
      new cloudwatch.GraphWidget({
        title: `${currency} by experiment variant: placed and collected`,
        left: [
          new cloudwatch.MathExpression({ expression: byCurrency(METRIC.amountPlaced, currency, true, period), label: 'placed', period }),
          new cloudwatch.MathExpression({
            expression: byCurrency(METRIC.amountCollected, currency, true, period),
            label: 'collected',
            period,
          }),
        ],
        width: 16,
      }),
      ...(variants.length ? [variantRecoveryWidget(currency, variants, period)] : []),
    );
  }
  return widgets;
}
