/** The portal's part of the operations dashboard and its alarms on guessing at the identity check. */
import type { Duration } from 'aws-cdk-lib';
import type * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type { AlarmMaker } from './alarm';
import { insights } from './metrics';

/**
 * The "Portal" row: the portal API's requests, client and server errors, and latency (AWS/ApiGateway,
 * dimension ApiId). 4xx includes refused tokens, failed identity checks and throttling (429); 5xx is
 * the portal function failing, which also raises its Errors alarm.
 */
export function portalRow(api: apigwv2.IHttpApi, period: Duration): cloudwatch.IWidget[] {
  return [
    new cloudwatch.TextWidget({
      markdown:
        '## Portal\nThe self-service portal API (through CloudFront): requests, 4xx (refused links, failed checks, throttling), 5xx, latency.',
      width: 6,
      height: 6,
    }),
    new cloudwatch.GraphWidget({
      title: 'Portal API requests, 4xx and 5xx',
      left: [
        api.metricCount({ period, statistic: 'SampleCount', label: 'Requests' }),
        api.metricClientError({ period, statistic: 'Sum', label: '4xx' }),
        api.metricServerError({ period, statistic: 'Sum', label: '5xx' }),
      ],
      width: 9,
    }),
    new cloudwatch.GraphWidget({
      title: 'Portal API latency (ms)',
      left: [
        api.metricLatency({ period, statistic: 'p50', label: 'p50' }),
        api.metricLatency({ period, statistic: 'p90', label: 'p90' }),
        api.metricLatency({ period, statistic: 'p99', label: 'p99' }),
      ],
      width: 9,
    }),
  ];
}

/**
 * Guessing at the portal's check: any lock or revocation (one customer mistyping five times, or
 * someone holding a forwarded message), and more wrong answers in 5 minutes than the lockout lets one
 * account have in total (guessing across many accounts, which no per-account lock stops).
 */
export function portalGuessingAlarms(alarm: AlarmMaker, period: Duration): void {
  alarm(
    'PortalLockouts',
    insights('PortalLockouts', period),
    'A portal link was locked or revoked after wrong answers to the identity check: see the portal-lockout entries in the ledger.',
  );
  alarm(
    'PortalGuessing',
    insights('PortalCheckFailures', period),
    'More than 20 wrong answers to the portal identity check in 5 minutes: someone may be guessing across accounts (check the WAF rate rule).',
    20,
  );
}
