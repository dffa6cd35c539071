/**
 * Shared Powertools instances: one logger, one metrics buffer (namespace Amicable) and one tracer per
 * Lambda runtime. Log and metric content never carries PII: ids, channels, rule ids, reasons and
 * amounts only -- never names, phone numbers or email addresses.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';

const SERVICE = 'amicable';

export const logger = new Logger({ serviceName: SERVICE });
// Metrics' own warnings go through the logger, so they follow POWERTOOLS_LOG_LEVEL like everything else.
export const metrics = new Metrics({ namespace: 'Amicable', serviceName: SERVICE, logger });
export const tracer = new Tracer({ serviceName: SERVICE });

/** Metric names the CloudWatch dashboard and alarms use: change them together. */
export const METRIC = {
  /** Dimensions: segment, and variant when an experiment runs. */
  journeysStarted: 'JourneysStarted',
  /** Dimensions: reason, and variant when an experiment runs. */
  journeysClosed: 'JourneysClosed',
  /** Dimensions: channel, and variant when an experiment runs. */
  messagesSent: 'MessagesSent',
  /** Dimension: channel. */
  messagesFailed: 'MessagesFailed',
  /** Dimension: rule. */
  contactsBlocked: 'ContactsBlocked',
  amountPaid: 'AmountPaid',
  /** From the analytics facts, dimensions currency (and variant): recovery rate is AmountCollected / AmountPlaced per currency. */
  amountPlaced: 'AmountPlaced',
  amountCollected: 'AmountCollected',
  /** Analytics facts that did not fit the schema (kept in the log with their reasons, never their values). */
  analyticsFactsRejected: 'AnalyticsFactsRejected',
  /** A gauge each sweep emits (0 included): send claims whose outcome is still unknown; its alarm clears at 0. */
  unconfirmedClaims: 'UnconfirmedClaims',
  /** Each send whose outcome became unknown, counted once (when its claim becomes 'unknown'). */
  unknownSendOutcomes: 'UnknownSendOutcomes',
  /** Dimension: settledAs (sent: a delivery event for it arrived; not-sent: none within the deadline). */
  sendOutcomesSettled: 'SendOutcomesSettled',
  eventsRejected: 'EventsRejected',
  /** Valid events with nothing to apply to (a delivery event for a message that is not ours), kept with the reason. */
  eventsIgnored: 'EventsIgnored',
  duplicateJourneysPrevented: 'DuplicateJourneysPrevented',
  /** AccountOverdue events for a cycle older than the current one, or one already replaced: not applied. */
  staleCyclesIgnored: 'StaleCyclesIgnored',

  // Conversations and outcomes (the CX KPIs; rates are these over AccountsContacted on the dashboard).
  /** The first message of a cycle went out: the denominator of the per-account-contacted rates. */
  accountsContacted: 'AccountsContacted',
  /** Dimension: intent (stop, help, pay, plan, dispute, hardship, complaint, ...). */
  repliesReceived: 'RepliesReceived',
  /** Second readings by the reply model, once per message. Dimension: outcome (protective, not-protective, or the failure). */
  replyModelReadings: 'ReplyModelReadings',
  /** Dimensions: channel, outcome (delivered, failed-permanent, complained, answered, ...). */
  deliveryEvents: 'DeliveryEvents',
  /** Dimension: channel. */
  optOuts: 'OptOuts',
  /** Hand-offs to people. Dimension: reason. */
  escalations: 'Escalations',
  /** Dimension: outcome (resume, resolved, keep). */
  handoffsCompleted: 'HandoffsCompleted',
  disputesRaised: 'DisputesRaised',
  /** Dimension: source. */
  complaintsReceived: 'ComplaintsReceived',
  /** Hours from a complaint received to resolved (the complaint clock); its median is the KPI. */
  complaintResolutionHours: 'ComplaintResolutionHours',
  promisesMade: 'PromisesMade',
  promisesKept: 'PromisesKept',
  promisesBroken: 'PromisesBroken',
  plansAgreed: 'PlansAgreed',
  plansCompleted: 'PlansCompleted',
  instalmentsMissed: 'InstalmentsMissed',
  hardshipReported: 'HardshipReported',
  surveysSent: 'SurveysSent',
  surveyResponses: 'SurveyResponses',
  /** 1..5 per answer: its average is CSAT (SurveyResponses / SurveysSent is the response rate). */
  surveyScore: 'SurveyScore',
  /** 1 when a contacted account was resolved after exactly one interaction, else 0: its average is FCR. */
  firstContactResolution: 'FirstContactResolution',

  // The portal's identity check (no account ids: an alarm watches for guessing across accounts).
  portalCheckFailures: 'PortalCheckFailures',
  /** A lock or revocation after too many wrong answers. Dimension: stage (lock, revoke). */
  portalLockouts: 'PortalLockouts',
} as const;

type Unit = (typeof MetricUnit)[keyof typeof MetricUnit];

export type MetricName = (typeof METRIC)[keyof typeof METRIC];

/** A metric without extra dimensions, flushed with the invocation's other metrics. */
export function countMetric(name: MetricName, value = 1, unit: Unit = MetricUnit.Count): void {
  metrics.addMetric(name, unit, value);
}

export interface MetricDimension {
  name: string;
  value: string;
}

/**
 * A metric with extra dimensions (one, or several in one dimension set, e.g. channel and variant),
 * emitted at once as its own EMF record (so dimensions of different metrics in one invocation never mix).
 */
export function dimensionedMetric(
  name: MetricName,
  dimension: MetricDimension | readonly MetricDimension[],
  value = 1,
  unit: Unit = MetricUnit.Count,
): void {
  const single = metrics.singleMetric();
  for (const d of Array.isArray(dimension) ? (dimension as readonly MetricDimension[]) : [dimension as MetricDimension]) {
    single.addDimension(d.name, d.value);
  }
  single.addMetric(name, unit, value);
}

export { MetricUnit };
