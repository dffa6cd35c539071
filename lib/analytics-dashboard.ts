/**
 * The CloudWatch widgets over the analytics facts' metrics (functions/analytics-facts.ts): amounts placed
 * and collected per currency, never added across currencies, and the recovery rate as metric math per
 * currency (collected / placed over the dashboard's period), with a row per experiment variant.
 */
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { METRIC } from '../functions/commons/powertools';
import { METRICS_NAMESPACE } from './metrics';

/** One currency's series of a metric: the {currency, service} dimension set, or with variant too. */
const byCurrency = (name: string, currency: string, withVariant: boolean, period: Duration) =>
  `SEARCH('{${METRICS_NAMESPACE},currency,service${withVariant ? ',variant' : ''}} MetricName="${name}" currency="${currency}"', 'Sum', ${period.toSeconds()})`;

export function recoveryWidgets(currencies: readonly string[], period = Duration.days(1)): cloudwatch.IWidget[] {
  const widgets: cloudwatch.IWidget[] = [
    new cloudwatch.TextWidget({ markdown: '## Recovery per currency\nFrom the analytics facts: amount placed and collected per currency (never added across currencies); recovery rate = collected / placed.', width: 24, height: 2 }),
  ];
  for (const currency of currencies) {
    const placed = new cloudwatch.MathExpression({ expression: `SUM(${byCurrency(METRIC.amountPlaced, currency, false, period)})`, label: `${currency} placed`, period });
    const collected = new cloudwatch.MathExpression({ expression: `SUM(${byCurrency(METRIC.amountCollected, currency, false, period)})`, label: `${currency} collected`, period });
    const rate = new cloudwatch.MathExpression({
      expression: 'IF(placed > 0, 100 * collected / placed, 0)',
      usingMetrics: { placed, collected },
      label: `${currency} recovery rate (%)`,
      period,
    });
    widgets.push(
      new cloudwatch.SingleValueWidget({ title: `${currency}: placed, collected, recovery rate`, metrics: [placed, collected, rate], setPeriodToTimeRange: true, width: 8 }),
      new cloudwatch.GraphWidget({
        title: `${currency} by experiment variant: placed and collected`,
        left: [
          new cloudwatch.MathExpression({ expression: byCurrency(METRIC.amountPlaced, currency, true, period), label: 'placed', period }),
          new cloudwatch.MathExpression({ expression: byCurrency(METRIC.amountCollected, currency, true, period), label: 'collected', period }),
        ],
        width: 16,
      }),
    );
  }
  return widgets;
}
