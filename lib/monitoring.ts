/**
 * What collections and CX managers look at: a CloudWatch dashboard built from the functions'
 * Embedded Metric Format metrics (namespace Amicable) and the state machine's own metrics, with a
 * "Customer outcomes" section for the CX KPIs (first-contact resolution, CSAT, complaint handling,
 * opt-out, escalation and dispute rates, promises and plans), and alarms on everything that means
 * "a person should look": dead letters, failed journeys, function errors, unconfirmed claims and
 * rejected events. Alarms go to a KMS-encrypted SNS topic. KPIs are not alarms: a complaint is
 * something to learn from on the dashboard, not to page someone about.
 */
import { Duration, Stack } from 'aws-cdk-lib';
import type * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { alarmMaker } from './alarm';
import { Construct } from 'constructs';
import type { MetricName } from '../functions/commons/powertools';
import { publisherTopicKey } from './topic-key';

export const METRICS_NAMESPACE = 'Amicable';

/**
 * The EMF metric names the functions emit (namespace Amicable, functions/commons/powertools.ts
 * METRIC), with the dimension(s) each is split by besides Powertools' own `service` dimension.
 * JourneysStarted, JourneysClosed and MessagesSent also carry `variant` when a champion/challenger
 * experiment runs (JourneysStarted also `segment`): the "by experiment variant" row groups by it.
 * The dashboard finds them with SEARCH expressions over every dimension set, so a metric keeps
 * showing whichever dimensions its emitter adds; `satisfies` keeps this list and METRIC in step.
 */
export const AMICABLE_METRICS = {
  JourneysStarted: 'segment',
  JourneysClosed: 'reason',
  MessagesSent: 'channel',
  MessagesFailed: 'channel',
  ContactsBlocked: 'rule',
  AmountPaid: undefined,
  AmountPlaced: 'currency',
  AmountCollected: 'currency',
  AnalyticsFactsRejected: undefined,
  UnconfirmedClaims: undefined,
  EventsRejected: undefined,
  EventsIgnored: undefined,
  DuplicateJourneysPrevented: undefined,
  StaleCyclesIgnored: undefined,
  // Conversations and outcomes (the CX KPIs).
  AccountsContacted: undefined,
  RepliesReceived: 'intent',
  DeliveryEvents: ['channel', 'outcome'],
  OptOuts: 'channel',
  Escalations: 'reason',
  HandoffsCompleted: 'outcome',
  DisputesRaised: undefined,
  ComplaintsReceived: 'source',
  ComplaintResolutionHours: undefined,
  PromisesMade: undefined,
  PromisesKept: undefined,
  PromisesBroken: undefined,
  PlansAgreed: undefined,
  PlansCompleted: undefined,
  InstalmentsMissed: undefined,
  HardshipReported: undefined,
  SurveysSent: undefined,
  SurveyResponses: undefined,
  SurveyScore: undefined,
  FirstContactResolution: undefined,
  PortalCheckFailures: undefined,
  PortalLockouts: 'stage',
} as const satisfies Record<MetricName, string | readonly string[] | undefined>;
export type AmicableMetricName = keyof typeof AMICABLE_METRICS;

export interface MonitoringProps {
  readonly stateMachine: sfn.IStateMachine;
  /** Each gets an Errors > 0 alarm. */
  readonly functions: lambda.IFunction[];
  /** Each gets an ApproximateNumberOfMessagesVisible > 0 alarm. */
  readonly deadLetterQueues: sqs.IQueue[];
  /** Who gets the alarms by email. @default no subscription (subscribe to the topic yourself) */
  readonly alarmEmail?: string;
  /** The portal's HTTP API: a "Portal" row with its 4xx, 5xx and latency. @default no portal row */
  readonly portalApi?: apigwv2.IHttpApi;
  /** @default 'Amicable' */
  readonly dashboardName?: string;
  /** Key for the alarm topic. @default a new customer-managed key with rotation on */
  readonly encryptionKey?: kms.IKey;
}

export class Monitoring extends Construct {
  readonly dashboard: cloudwatch.Dashboard;
  readonly alarmTopic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    const period = Duration.minutes(5);

    const key = publisherTopicKey(this, 'AlarmTopicKey', {
      ...(props.encryptionKey ? { key: props.encryptionKey } : {}),
      description: 'Amicable alarm topic',
      sid: 'AllowCloudWatchAlarmsToPublishEncrypted',
      servicePrincipal: 'cloudwatch.amazonaws.com',
      conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
    });
    this.alarmTopic = new sns.Topic(this, 'AlarmTopic', {
      displayName: 'Amicable alarms',
      masterKey: key,
      enforceSSL: true,
    });
    if (props.alarmEmail) this.alarmTopic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
    const action = new cwActions.SnsAction(this.alarmTopic);

    const alarm = alarmMaker(this, action, this.alarms);

    // --- Alarms ---
    props.deadLetterQueues.forEach((q, i) =>
      alarm(
        `DeadLetters${i}`,
        q.metricApproximateNumberOfMessagesVisible({ period, statistic: 'Maximum' }),
        `Messages are waiting in dead-letter queue ${q.node.path}: events or invocations that failed every retry.`,
      ),
    );
    alarm(
      'JourneysFailed',
      props.stateMachine.metricFailed({ period, statistic: 'Sum' }),
      'A journey execution failed: the failures are in the contact ledger; the account is no longer being worked.',
    );
    for (const f of props.functions) {
      alarm(
        `Errors${f.node.id}`,
        f.metricErrors({ period, statistic: 'Sum' }),
        `Function ${f.node.id} reported errors.`,
      );
    }
    alarm(
      'UnconfirmedClaims',
      insights('UnconfirmedClaims', period),
      'A message was claimed but its delivery was never confirmed: reconcile it before anything is re-sent.',
    );
    alarm(
      'EventsRejected',
      insights('EventsRejected', period),
      'A billing event failed validation and was rejected: the billing system needs to fix and resend it.',
    );

    if (props.portalApi) portalGuessingAlarms(alarm, period);

    // --- Dashboard ---
    const sm = props.stateMachine;
    const total = (name: AmicableMetricName, label: string) =>
      new cloudwatch.MathExpression({
        expression: `SUM(${search(name, 'Sum', period)})`,
        label,
        period,
      });
    const split = (name: AmicableMetricName, label: string) =>
      new cloudwatch.MathExpression({
        expression: search(name, 'Sum', period),
        label,
        period,
      });
    const started = sm.metricStarted({ period, statistic: 'Sum', label: 'Started' });
    const ended = new cloudwatch.MathExpression({
      expression: 'succeeded + failed + aborted + timedOut',
      usingMetrics: {
        succeeded: sm.metricSucceeded({ period, statistic: 'Sum' }),
        failed: sm.metricFailed({ period, statistic: 'Sum' }),
        aborted: sm.metricAborted({ period, statistic: 'Sum' }),
        timedOut: sm.metricTimedOut({ period, statistic: 'Sum' }),
      },
      label: 'Ended',
      period,
    });

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: props.dashboardName ?? 'Amicable',
      defaultInterval: Duration.days(7),
    });
    this.dashboard.addWidgets(
      new cloudwatch.TextWidget({
        markdown:
          '# Amicable collections outreach\nJourneys, messages and outcomes (EMF metrics, namespace `Amicable`); alarms go to the Amicable alarm topic.',
        width: 24,
        height: 2,
      }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.SingleValueWidget({
        title: 'Totals over the period',
        metrics: [
          total('JourneysStarted', 'Journeys started'),
          total('JourneysClosed', 'Journeys closed'),
          total('AmountPaid', 'Amount paid'),
          total('UnconfirmedClaims', 'Unconfirmed claims'),
          total('EventsRejected', 'Events rejected'),
        ],
        setPeriodToTimeRange: true,
        width: 24,
        height: 4,
      }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Journeys started and closed',
        left: [total('JourneysStarted', 'Started'), total('JourneysClosed', 'Closed')],
        right: [total('DuplicateJourneysPrevented', 'Duplicates prevented')],
        width: 8,
      }),
      new cloudwatch.GraphWidget({
        title: 'Journeys closed by reason',
        left: [split('JourneysClosed', '')],
        stacked: true,
        width: 8,
      }),
      new cloudwatch.GraphWidget({
        title: 'Journeys active (executions started minus ended, running sum over the range)',
        left: [
          new cloudwatch.MathExpression({
            expression: 'RUNNING_SUM(started - ended)',
            usingMetrics: { started, ended },
            label: 'Active (approx.)',
            period,
          }),
        ],
        right: [
          new cloudwatch.Metric({
            namespace: 'AWS/States',
            metricName: 'OpenExecutionCount',
            statistic: 'Maximum',
            period,
            label: 'Open executions (account, all state machines)',
          }),
        ],
        width: 8,
      }),
    );
    for (const row of customerOutcomeRows()) this.dashboard.addWidgets(...row);
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({ title: 'Messages sent by channel', left: [split('MessagesSent', '')], width: 8 }),
      new cloudwatch.GraphWidget({ title: 'Messages failed by channel', left: [split('MessagesFailed', '')], width: 8 }),
      new cloudwatch.GraphWidget({
        title: 'Contacts blocked by rule',
        left: [split('ContactsBlocked', '')],
        stacked: true,
        width: 8,
      }),
    );
    const byVariant = (name: AmicableMetricName) =>
      new cloudwatch.MathExpression({
        expression: `SELECT SUM(${name}) FROM ${METRICS_NAMESPACE} GROUP BY variant`,
        label: '',
        period,
      });
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({ title: 'Journeys started by experiment variant', left: [byVariant('JourneysStarted')], width: 8 }),
      new cloudwatch.GraphWidget({ title: 'Journeys closed by experiment variant', left: [byVariant('JourneysClosed')], width: 8 }),
      new cloudwatch.GraphWidget({ title: 'Messages sent by experiment variant', left: [byVariant('MessagesSent')], width: 8 }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({ title: 'Amount paid', left: [total('AmountPaid', 'Amount paid')], width: 8 }),
      new cloudwatch.GraphWidget({
        title: 'Unconfirmed claims and rejected events',
        left: [total('UnconfirmedClaims', 'Unconfirmed claims'), total('EventsRejected', 'Events rejected')],
        width: 8,
      }),
      new cloudwatch.GraphWidget({
        title: 'Journey executions (Step Functions)',
        left: [
          started,
          sm.metricSucceeded({ period, statistic: 'Sum', label: 'Succeeded' }),
          sm.metricFailed({ period, statistic: 'Sum', label: 'Failed' }),
          sm.metricAborted({ period, statistic: 'Sum', label: 'Aborted' }),
          sm.metricTimedOut({ period, statistic: 'Sum', label: 'Timed out' }),
        ],
        width: 8,
      }),
    );
    if (props.portalApi) this.dashboard.addWidgets(...portalRow(props.portalApi, period));
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Function errors',
        left: props.functions.map((f) => f.metricErrors({ period, statistic: 'Sum', label: f.node.id })),
        width: 12,
      }),
      new cloudwatch.GraphWidget({
        title: 'Dead letters',
        left: props.deadLetterQueues.map((q) =>
          q.metricApproximateNumberOfMessagesVisible({ period, statistic: 'Maximum', label: q.node.path }),
        ),
        width: 12,
      }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: this.alarms, width: 24 }),
    );
  }
}

/**
 * The "Portal" row: the portal API's requests, client and server errors, and latency (AWS/ApiGateway,
 * dimension ApiId). 4xx includes refused tokens, failed identity checks and throttling (429); 5xx is
 * the portal function failing, which also raises its Errors alarm.
 */
export function portalRow(api: apigwv2.IHttpApi, period: Duration): cloudwatch.IWidget[] {
  return [
    new cloudwatch.TextWidget({
      markdown: '## Portal\nThe self-service portal API (through CloudFront): requests, 4xx (refused links, failed checks, throttling), 5xx, latency.',
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
function portalGuessingAlarms(alarm: (id: string, metric: cloudwatch.IMetric, description: string, threshold?: number) => unknown, period: Duration): void {
  alarm('PortalLockouts', insights('PortalLockouts', period), 'A portal link was locked or revoked after wrong answers to the identity check: see the portal-lockout entries in the ledger.');
  alarm(
    'PortalGuessing',
    insights('PortalCheckFailures', period),
    'More than 20 wrong answers to the portal identity check in 5 minutes: someone may be guessing across accounts (check the WAF rate rule).',
    20,
  );
}

/**
 * A Metrics Insights query over every dimension combination of an Amicable metric: the alarm fires
 * whichever dimensions (service, channel, ...) the emitting function attached.
 */
function insights(name: AmicableMetricName, period: Duration): cloudwatch.IMetric {
  return new cloudwatch.MathExpression({
    expression: `SELECT SUM(${name}) FROM ${METRICS_NAMESPACE}`,
    label: name,
    period,
  });
}

/** One SEARCH over every dimension set of an Amicable metric, as a string for metric math. */
function search(name: AmicableMetricName, statistic: string, period: Duration): string {
  return `SEARCH('Namespace="${METRICS_NAMESPACE}" MetricName="${name}"', '${statistic}', ${period.toSeconds()})`;
}

/**
 * The "Customer outcomes" section: the CX KPIs a collections or CX manager reports on, from the
 * conversation metrics (replies, delivery events, opt-outs, complaints, surveys, promises, plans).
 *
 * Every number is summed over all of a metric's dimension sets (SUM(SEARCH(...))), so it does not
 * matter which dimensions an emitter adds; averages are Sum / SampleCount for the same reason.
 * Rates are per account contacted (AccountsContacted: the first message of a cycle went out), by day.
 */
export function customerOutcomeRows(): cloudwatch.IWidget[][] {
  const day = Duration.days(1);
  const sum = (name: AmicableMetricName, label: string, period = day) =>
    new cloudwatch.MathExpression({ expression: `SUM(${search(name, 'Sum', period)})`, label, period });
  const samples = (name: AmicableMetricName, period = day) =>
    new cloudwatch.MathExpression({ expression: `SUM(${search(name, 'SampleCount', period)})`, label: `${name} samples`, period });
  const byDimension = (name: AmicableMetricName, label: string, period = day) =>
    new cloudwatch.MathExpression({ expression: search(name, 'Sum', period), label, period });
  /** A stacked daily graph of one metric, one line per value of its dimension(s). */
  const breakdown = (title: string, name: AmicableMetricName, label: string, width: number) =>
    new cloudwatch.GraphWidget({ title, left: [byDimension(name, label)], stacked: true, width });

  /** KPIs as metric math; the same definitions serve the single values and the graphs. */
  const kpis = (period: Duration) => {
    const contacted = sum('AccountsContacted', 'Accounts contacted', period);
    const perContacted = (name: AmicableMetricName, label: string, scale: 100 | 1000) => {
      // Ids are unique per graph: the metric's own name, camel-cased.
      const id = name.charAt(0).toLowerCase() + name.slice(1);
      return new cloudwatch.MathExpression({
        expression: `${scale} * ${id} / contacted`,
        usingMetrics: { [id]: sum(name, name, period), contacted },
        label,
        period,
      });
    };
    return {
      contacted,
      firstContactResolution: new cloudwatch.MathExpression({
        expression: '100 * resolved / contacts',
        usingMetrics: { resolved: sum('FirstContactResolution', 'Resolved at first contact', period), contacts: samples('FirstContactResolution', period) },
        label: 'First-contact resolution (%)',
        period,
      }),
      csat: new cloudwatch.MathExpression({
        expression: 'score / answers',
        usingMetrics: { score: sum('SurveyScore', 'Survey score total', period), answers: samples('SurveyScore', period) },
        label: 'CSAT (average score, 1-5)',
        period,
      }),
      responseRate: new cloudwatch.MathExpression({
        expression: '100 * responses / sent',
        usingMetrics: { responses: sum('SurveyResponses', 'Survey responses', period), sent: sum('SurveysSent', 'Surveys sent', period) },
        label: 'Survey response rate (%)',
        period,
      }),
      complaintResolution: new cloudwatch.MathExpression({
        expression: search('ComplaintResolutionHours', 'p50', period),
        label: 'Complaint to resolution (hours, median)',
        period,
      }),
      complaintRate: perContacted('ComplaintsReceived', 'Complaints per 1,000 accounts contacted', 1000),
      optOutRate: perContacted('OptOuts', 'Opt-out rate (% of accounts contacted)', 100),
      escalationRate: perContacted('Escalations', 'Escalation rate (% of accounts contacted)', 100),
      disputeRate: perContacted('DisputesRaised', 'Dispute rate (% of accounts contacted)', 100),
    };
  };
  const daily = kpis(day);
  // The single values cover the whole time range; the period inside the SEARCH is only a bucket size.
  const overall = kpis(Duration.days(7));

  return [
    [
      new cloudwatch.TextWidget({
        markdown: [
          '## Customer outcomes',
          'How customers experience the outreach, measured as carefully as recovery. **First-contact resolution**: share of contacted',
          'accounts resolved after exactly one interaction. **CSAT**: average survey score (1-5), with the response rate. **Complaint',
          'to resolution**: median hours. Complaint, opt-out, escalation and dispute rates are per account contacted (first message',
          'of a cycle). These are KPIs, not alarms: read them by week and by experiment variant.',
        ].join(' \n'),
        width: 24,
        height: 3,
      }),
    ],
    [
      new cloudwatch.SingleValueWidget({
        title: 'Customer outcomes over the period',
        metrics: [
          overall.firstContactResolution,
          overall.csat,
          overall.responseRate,
          overall.complaintResolution,
          overall.complaintRate,
          overall.optOutRate,
          overall.escalationRate,
          overall.disputeRate,
        ],
        setPeriodToTimeRange: true,
        fullPrecision: false,
        width: 24,
        height: 4,
      }),
    ],
    [
      new cloudwatch.GraphWidget({
        title: 'First-contact resolution (%, daily)',
        left: [daily.firstContactResolution],
        leftYAxis: { min: 0, max: 100, showUnits: false },
        width: 8,
      }),
      new cloudwatch.GraphWidget({
        title: 'CSAT (average score 1-5) and survey response rate (%)',
        left: [daily.csat],
        right: [daily.responseRate],
        leftYAxis: { min: 1, max: 5, showUnits: false },
        rightYAxis: { min: 0, max: 100, showUnits: false },
        width: 8,
      }),
      new cloudwatch.GraphWidget({
        title: 'Complaint to resolution (hours, median)',
        left: [daily.complaintResolution],
        leftYAxis: { min: 0, showUnits: false },
        width: 8,
      }),
    ],
    [
      new cloudwatch.GraphWidget({
        title: 'Complaints per 1,000 accounts contacted (daily)',
        left: [daily.complaintRate],
        right: [daily.contacted],
        leftYAxis: { min: 0, showUnits: false },
        width: 8,
      }),
      new cloudwatch.GraphWidget({
        title: 'Opt-out, escalation and dispute rates (% of accounts contacted, daily)',
        left: [daily.optOutRate, daily.escalationRate, daily.disputeRate],
        leftYAxis: { min: 0, showUnits: false },
        width: 8,
      }),
      breakdown('Complaints by source', 'ComplaintsReceived', "${PROP('Dim.source')}", 8),
    ],
    [
      new cloudwatch.GraphWidget({
        title: 'Promises to pay: made, kept, broken',
        left: [sum('PromisesMade', 'Made'), sum('PromisesKept', 'Kept'), sum('PromisesBroken', 'Broken')],
        width: 8,
      }),
      new cloudwatch.GraphWidget({
        title: 'Payment plans: agreed, completed, instalments missed',
        left: [sum('PlansAgreed', 'Agreed'), sum('PlansCompleted', 'Completed'), sum('InstalmentsMissed', 'Instalments missed')],
        width: 8,
      }),
      new cloudwatch.GraphWidget({
        title: 'Disputes raised and hardship reported',
        left: [sum('DisputesRaised', 'Disputes raised'), sum('HardshipReported', 'Hardship reported')],
        width: 8,
      }),
    ],
    [
      breakdown('Replies by intent', 'RepliesReceived', "${PROP('Dim.intent')}", 8),
      breakdown('Delivery events by channel and outcome', 'DeliveryEvents', "${PROP('Dim.channel')} ${PROP('Dim.outcome')}", 8),
      breakdown('Opt-outs by channel', 'OptOuts', "${PROP('Dim.channel')}", 8),
    ],
    [
      breakdown('Escalations to people by reason', 'Escalations', "${PROP('Dim.reason')}", 12),
      breakdown('Hand-offs completed by outcome', 'HandoffsCompleted', "${PROP('Dim.outcome')}", 12),
    ],
  ];
}
