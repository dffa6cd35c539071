/**
 * The Amicable metrics as CloudWatch sees them: the namespace, the EMF metric names the functions emit
 * with their dimensions, and the two ways the dashboards and alarms read them whatever dimensions an
 * emitter adds (a Metrics Insights query, a SEARCH expression).
 */
import type { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type { MetricName } from '../functions/commons/powertools';

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
  UnknownSendOutcomes: undefined,
  SendOutcomesSettled: 'settledAs',
  EventsRejected: undefined,
  EventsIgnored: undefined,
  DuplicateJourneysPrevented: undefined,
  StaleCyclesIgnored: undefined,
  // Conversations and outcomes (the CX KPIs).
  AccountsContacted: undefined,
  RepliesReceived: 'intent',
  ReplyModelReadings: 'outcome',
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

/**
 * A Metrics Insights query over every dimension combination of an Amicable metric: the alarm fires
 * whichever dimensions (service, channel, ...) the emitting function attached.
 */
export function insights(name: AmicableMetricName, period: Duration): cloudwatch.IMetric {
  return new cloudwatch.MathExpression({
    expression: `SELECT SUM(${name}) FROM ${METRICS_NAMESPACE}`,
    label: name,
    period,
  });
}

/** One SEARCH over every dimension set of an Amicable metric, as a string for metric math. */
export function search(name: AmicableMetricName, statistic: string, period: Duration): string {
  return `SEARCH('Namespace="${METRICS_NAMESPACE}" MetricName="${name}"', '${statistic}', ${period.toSeconds()})`;
}
