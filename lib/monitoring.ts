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
import { alarmMaker, type AlarmMaker } from './alarm';
import { Construct } from 'constructs';
import { customerOutcomeRows } from './dashboard-outcomes';
import { portalGuessingAlarms, portalRow } from './dashboard-portal';
import { insights, METRICS_NAMESPACE, search, type AmicableMetricName } from './metrics';
import { publisherTopicKey } from './topic-key';

/** The alarms' and the operations graphs' period. */
const PERIOD = Duration.minutes(5);

/** An Amicable metric summed over all its dimension sets. */
const total = (name: AmicableMetricName, label: string) =>
  new cloudwatch.MathExpression({ expression: `SUM(${search(name, 'Sum', PERIOD)})`, label, period: PERIOD });
/** An Amicable metric, one line per dimension set. */
const split = (name: AmicableMetricName, label: string) =>
  new cloudwatch.MathExpression({ expression: search(name, 'Sum', PERIOD), label, period: PERIOD });

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
    this.alarmTopic = this.buildAlarmTopic(props);
    this.addAlarms(props, alarmMaker(this, new cwActions.SnsAction(this.alarmTopic), this.alarms));
    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: props.dashboardName ?? 'Amicable',
      defaultInterval: Duration.days(7),
    });
    this.addJourneyRows(props.stateMachine);
    for (const row of customerOutcomeRows()) this.dashboard.addWidgets(...row);
    this.addMessageRows(props.stateMachine);
    if (props.portalApi) this.dashboard.addWidgets(...portalRow(props.portalApi, PERIOD));
    this.addOperationsRows(props);
  }

  /** The KMS-encrypted topic the alarms notify, with the email subscription when one is configured. */
  private buildAlarmTopic(props: MonitoringProps): sns.Topic {
    const key = publisherTopicKey(this, 'AlarmTopicKey', {
      ...(props.encryptionKey ? { key: props.encryptionKey } : {}),
      description: 'Amicable alarm topic',
      sid: 'AllowCloudWatchAlarmsToPublishEncrypted',
      servicePrincipal: 'cloudwatch.amazonaws.com',
      conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
    });
    const topic = new sns.Topic(this, 'AlarmTopic', {
      displayName: 'Amicable alarms',
      masterKey: key,
      enforceSSL: true,
    });
    if (props.alarmEmail) topic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
    return topic;
  }

  /** Alarms on everything that means "a person should look". */
  private addAlarms(props: MonitoringProps, alarm: AlarmMaker): void {
    const period = PERIOD;
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
      alarm(`Errors${f.node.id}`, f.metricErrors({ period, statistic: 'Sum' }), `Function ${f.node.id} reported errors.`);
    }
    alarm(
      'UnknownSendOutcomes',
      insights('UnknownSendOutcomes', period),
      'A send got an answer that does not say whether the provider took the message: it counts as sent until a delivery event or the sweep (after 24 h) settles it.',
    );
    alarm(
      'UnconfirmedClaims',
      insights('UnconfirmedClaims', period),
      'The daily sweep found send outcomes still unknown (a gauge): it stops firing once a sweep finds every one settled.',
    );
    alarm(
      'EventsRejected',
      insights('EventsRejected', period),
      'A billing event failed validation and was rejected: the billing system needs to fix and resend it.',
    );

    if (props.portalApi) portalGuessingAlarms(alarm, period);
  }

  /** The title, the totals, and journeys started, closed and active. */
  private addJourneyRows(sm: sfn.IStateMachine): void {
    const period = PERIOD;
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
  }

  /** Messages by channel, the experiment variants, amounts, claims and executions. */
  private addMessageRows(sm: sfn.IStateMachine): void {
    const period = PERIOD;
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
          sm.metricStarted({ period, statistic: 'Sum', label: 'Started' }),
          sm.metricSucceeded({ period, statistic: 'Sum', label: 'Succeeded' }),
          sm.metricFailed({ period, statistic: 'Sum', label: 'Failed' }),
          sm.metricAborted({ period, statistic: 'Sum', label: 'Aborted' }),
          sm.metricTimedOut({ period, statistic: 'Sum', label: 'Timed out' }),
        ],
        width: 8,
      }),
    );
  }

  /** Function errors, dead letters and the alarm states. */
  private addOperationsRows(props: MonitoringProps): void {
    const period = PERIOD;
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
    this.dashboard.addWidgets(new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: this.alarms, width: 24 }));
  }
}
