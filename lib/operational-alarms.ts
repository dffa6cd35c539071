/**
 * Alarms on the limits the system can hit without any code failing: Lambda and DynamoDB throttles,
 * journeys that time out, sweep and placement runs that fail or time out, the sender reputation SES publishes (bounce and complaint rates, which SES
 * reviews at 5% and 0.1% and pauses sending at 10% and 0.5%), an End User Messaging registration
 * changing status, and the portal API's 4xx and 5xx. Each notifies the alarm topic.
 */
import { Duration } from 'aws-cdk-lib';
import type * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as events from 'aws-cdk-lib/aws-events';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { alarmMaker } from './alarm';
import { Construct } from 'constructs';

export interface OperationalAlarmsProps {
  readonly alarmTopic: sns.ITopic;
  readonly functions: lambda.IFunction[];
  readonly tables: dynamodb.ITable[];
  readonly stateMachine: sfn.IStateMachine;
  readonly portalApi?: apigwv2.IHttpApi;
  /** The rule matching End User Messaging's Registration Status Change events. */
  readonly registrationRule?: events.IRule;
  /** SES reputation alarms fire at half of the rates where SES starts a review. */
  readonly bounceRateThreshold?: number;
  readonly complaintRateThreshold?: number;
  /** Portal 4xx per 5 minutes above which someone should look (refused links, failed checks, 429s). @default 50 */
  readonly portal4xxThreshold?: number;
  /** State machines besides the journey's (the sweep, placement): a failed or timed-out run of one is alarmed on. */
  readonly workflows?: Workflow[];
}

/** A state machine that runs a whole job (a sweep, a placement file): `id` names its alarms. */
export interface Workflow {
  readonly id: string;
  readonly stateMachine: sfn.IStateMachine;
  /** What one run does, e.g. "the daily sweep". */
  readonly job: string;
  /** What the person who is alarmed does about an unfinished run. */
  readonly remedy: string;
}

const PERIOD = Duration.minutes(5);

export class OperationalAlarms extends Construct {
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: OperationalAlarmsProps) {
    super(scope, id);
    const alarm = alarmMaker(this, new cwActions.SnsAction(props.alarmTopic), this.alarms);
    addCapacityAlarms(alarm, props);
    addWorkflowAlarms(alarm, props);
    addSesAlarms(alarm, props);
    addEndpointAlarms(alarm, props);
  }
}

type Alarm = ReturnType<typeof alarmMaker>;

/** Lambda and DynamoDB throttling: events wait or retry, journeys may fall behind. */
function addCapacityAlarms(alarm: Alarm, props: OperationalAlarmsProps): void {
  props.functions.forEach((f, i) =>
    alarm(
      `LambdaThrottles${i}`,
      f.metricThrottles({ period: PERIOD, statistic: 'Sum' }),
      'A function was throttled (concurrency limit): events wait or retry.',
    ),
  );
  props.tables.forEach((t, i) =>
    alarm(
      `DynamoDbThrottles${i}`,
      new cloudwatch.MathExpression({
        expression: 'reads + writes',
        usingMetrics: {
          reads: t.metric('ReadThrottleEvents', { period: PERIOD, statistic: 'Sum' }),
          writes: t.metric('WriteThrottleEvents', { period: PERIOD, statistic: 'Sum' }),
        },
        period: PERIOD,
      }),
      'A table throttled reads or writes: handlers retry, journeys may fall behind.',
    ),
  );
}

/** Journey executions that time out, and runs of the sweep and placement that fail or time out. */
function addWorkflowAlarms(alarm: Alarm, props: OperationalAlarmsProps): void {
  alarm(
    'JourneysTimedOut',
    props.stateMachine.metricTimedOut({ period: PERIOD, statistic: 'Sum' }),
    'A journey execution timed out (ExecutionsTimedOut): its account is no longer followed.',
  );
  for (const { id, stateMachine, job, remedy } of props.workflows ?? []) {
    alarm(
      `${id}Failed`,
      stateMachine.metricFailed({ period: PERIOD, statistic: 'Sum' }),
      `A run of ${job} failed (ExecutionsFailed): ${remedy}`,
    );
    alarm(
      `${id}TimedOut`,
      stateMachine.metricTimedOut({ period: PERIOD, statistic: 'Sum' }),
      `A run of ${job} timed out (ExecutionsTimedOut): ${remedy}`,
    );
  }
}

/** SES reputation: bounce and complaint rates, below the levels at which SES reviews the account. */
function addSesAlarms(alarm: Alarm, props: OperationalAlarmsProps): void {
  alarm(
    'SesBounceRate',
    new cloudwatch.Metric({ namespace: 'AWS/SES', metricName: 'Reputation.BounceRate', statistic: 'Maximum', period: Duration.hours(1) }),
    'SES bounce rate above 2.5% (SES reviews the account at 5%).',
    props.bounceRateThreshold ?? 0.025,
  );
  alarm(
    'SesComplaintRate',
    new cloudwatch.Metric({
      namespace: 'AWS/SES',
      metricName: 'Reputation.ComplaintRate',
      statistic: 'Maximum',
      period: Duration.hours(1),
    }),
    'SES complaint rate above 0.05% (SES reviews the account at 0.1%).',
    props.complaintRateThreshold ?? 0.0005,
  );
}

/** An End User Messaging registration that changed status, and the portal API's errors. */
function addEndpointAlarms(alarm: Alarm, props: OperationalAlarmsProps): void {
  if (props.registrationRule) {
    alarm(
      'RegistrationStatusChanged',
      new cloudwatch.Metric({
        namespace: 'AWS/Events',
        metricName: 'MatchedEvents',
        dimensionsMap: { RuleName: props.registrationRule.ruleName },
        statistic: 'Sum',
        period: PERIOD,
      }),
      'An End User Messaging registration changed status: check it (one that requires updates or was revoked stops sending).',
    );
  }
  if (props.portalApi) {
    alarm('Portal5xx', props.portalApi.metricServerError({ period: PERIOD, statistic: 'Sum' }), 'The portal API answered 5xx.');
    alarm(
      'Portal4xx',
      props.portalApi.metricClientError({ period: PERIOD, statistic: 'Sum' }),
      'The portal API answered many 4xx (refused links, failed checks, throttling).',
      props.portal4xxThreshold ?? 50,
    );
  }
}
