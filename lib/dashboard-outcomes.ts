/** The operations dashboard's "Customer outcomes" section: the CX KPIs and what customers did. */
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { search, type AmicableMetricName } from './metrics';

/**
 * The "Customer outcomes" section: the CX KPIs a collections or CX manager reports on, from the
 * conversation metrics (replies, delivery events, opt-outs, complaints, surveys, promises, plans).
 *
 * Every number is summed over all of a metric's dimension sets (SUM(SEARCH(...))), so it does not
 * matter which dimensions an emitter adds; averages are Sum / SampleCount for the same reason.
 * Rates are per account contacted (AccountsContacted: the first message of a cycle went out), by day.
 */
export function customerOutcomeRows(): cloudwatch.IWidget[][] {
  const daily = kpis(DAY);
  // The single values cover the whole time range; the period inside the SEARCH is only a bucket size.
  const overall = kpis(Duration.days(7));
  return [...summaryRows(overall), ...kpiGraphRows(daily), ...activityRows()];
}

const DAY = Duration.days(1);
const sum = (name: AmicableMetricName, label: string, period = DAY) =>
  new cloudwatch.MathExpression({ expression: `SUM(${search(name, 'Sum', period)})`, label, period });
const samples = (name: AmicableMetricName, period = DAY) =>
  new cloudwatch.MathExpression({ expression: `SUM(${search(name, 'SampleCount', period)})`, label: `${name} samples`, period });
/** A stacked daily graph of one metric, one line per value of its dimension(s). */
const breakdown = (title: string, name: AmicableMetricName, label: string, width: number) =>
  new cloudwatch.GraphWidget({
    title,
    left: [new cloudwatch.MathExpression({ expression: search(name, 'Sum', DAY), label, period: DAY })],
    stacked: true,
    width,
  });

type Kpis = ReturnType<typeof kpis>;

/** KPIs as metric math; the same definitions serve the single values and the graphs. */
function kpis(period: Duration) {
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
      usingMetrics: {
        resolved: sum('FirstContactResolution', 'Resolved at first contact', period),
        contacts: samples('FirstContactResolution', period),
      },
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
}

/** The section's introduction and the KPIs over the whole time range. */
function summaryRows(overall: Kpis): cloudwatch.IWidget[][] {
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
  ];
}

/** The KPIs day by day. */
function kpiGraphRows(daily: Kpis): cloudwatch.IWidget[][] {
  return [
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
  ];
}

/** What customers did: promises, plans, disputes, hardship, replies, deliveries, opt-outs, escalations. */
function activityRows(): cloudwatch.IWidget[][] {
  return [
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
