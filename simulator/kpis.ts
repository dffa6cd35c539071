/**
 * KPI tallies and their 95% confidence intervals, named exactly as in
 * ../shared/reference/collections-practice.md. Rates over accounts use the Wilson interval; money and
 * count ratios over accounts use the delta method (experiments.ts).
 */
import {
  addRatio,
  emptyRatio,
  meanInterval,
  ratioInterval,
  wilson,
  Z95,
  type Estimate,
  type RatioSums,
} from '../functions/domain/experiments';

export class Tally {
  accounts = 0;
  contacted = 0;
  attempts = 0;
  rightPartyContacts = 0;
  promises = 0;
  promisesDue = 0;
  promisesKept = 0;
  cured = 0;
  selfCured = 0;
  firstContactResolved = 0;
  complaints = 0;
  complaintsSq = 0;
  /** Each complaint's hours from received to resolved (few: kept whole for the median). */
  complaintHours: number[] = [];
  surveysSent = 0;
  surveyResponses = 0;
  scoreSum = 0;
  scoreSq = 0;
  optedOut = 0;
  disputed = 0;
  escalated = 0;
  noResponse = 0;
  agentMinutes = 0;
  agentMinutesSq = 0;
  peopleCost = 0;
  peopleCostSq = 0;
  messages = 0;
  placed = 0;
  collected = 0;
  cost = 0;
  liquidation: RatioSums = emptyRatio();
  recovery: RatioSums = emptyRatio();
  costToCollect: RatioSums = emptyRatio();
  messagesPerDollar: RatioSums = emptyRatio();
  roll: RatioSums = emptyRatio();
}

/** One account's totals at the end of its run. */
export interface AccountOutcome {
  contacted: boolean;
  attempts: number;
  rightPartyContacts: number;
  promises: number;
  promisesDue: number;
  promisesKept: number;
  cured: boolean;
  selfCured: boolean;
  firstContactResolved: boolean;
  complaints: number;
  /** Hours from received to resolved, one per complaint. */
  complaintHours: number[];
  /** The satisfaction question went out after a resolution (as care.ts asks it), and its 1-5 answer. */
  surveySent: boolean;
  surveyScore?: number;
  optedOut: boolean;
  disputed: boolean;
  escalated: boolean;
  /** A cycle ended as "no response" (the playbook's endOfCadence), without a hand-off. */
  noResponse: boolean;
  /** A person's time on the account (hand-offs), in minutes, and what that time cost. */
  agentMinutes: number;
  peopleCost: number;
  messages: number;
  placed: number;
  outstanding: number;
  collected: number;
  cost: number;
  rolled: number;
}

/** An account's totals before its run: nothing sent, nothing collected, the fixed cost of working it. */
export function emptyOutcome(placed: number, outstanding: number, fixedCost: number): AccountOutcome {
  return {
    contacted: false,
    attempts: 0,
    rightPartyContacts: 0,
    promises: 0,
    promisesDue: 0,
    promisesKept: 0,
    cured: false,
    selfCured: false,
    firstContactResolved: false,
    complaints: 0,
    complaintHours: [],
    surveySent: false,
    optedOut: false,
    disputed: false,
    escalated: false,
    noResponse: false,
    agentMinutes: 0,
    peopleCost: 0,
    messages: 0,
    placed,
    outstanding,
    collected: 0,
    cost: fixedCost,
    rolled: 0,
  };
}

export function addOutcome(t: Tally, o: AccountOutcome): void {
  t.accounts++;
  if (o.contacted) t.contacted++;
  t.attempts += o.attempts;
  t.rightPartyContacts += o.rightPartyContacts;
  t.promises += o.promises;
  t.promisesDue += o.promisesDue;
  t.promisesKept += o.promisesKept;
  if (o.cured) t.cured++;
  if (o.selfCured) t.selfCured++;
  if (o.firstContactResolved) t.firstContactResolved++;
  t.complaints += o.complaints;
  t.complaintsSq += o.complaints * o.complaints;
  for (const h of o.complaintHours) t.complaintHours.push(h);
  if (o.surveySent) t.surveysSent++;
  if (o.surveyScore !== undefined) {
    t.surveyResponses++;
    t.scoreSum += o.surveyScore;
    t.scoreSq += o.surveyScore * o.surveyScore;
  }
  if (o.optedOut) t.optedOut++;
  if (o.disputed) t.disputed++;
  if (o.escalated) t.escalated++;
  if (o.noResponse) t.noResponse++;
  t.agentMinutes += o.agentMinutes;
  t.agentMinutesSq += o.agentMinutes * o.agentMinutes;
  t.peopleCost += o.peopleCost;
  t.peopleCostSq += o.peopleCost * o.peopleCost;
  t.messages += o.messages;
  t.placed += o.placed;
  t.collected += o.collected;
  t.cost += o.cost;
  addRatio(t.liquidation, o.placed, o.collected);
  addRatio(t.recovery, o.outstanding, o.collected);
  addRatio(t.costToCollect, o.collected, o.cost);
  addRatio(t.messagesPerDollar, o.collected, o.messages);
  addRatio(t.roll, o.placed, o.rolled);
}

/** KPI names, in report order, exactly as collections-practice.md names them (staff workload last). */
export const KPI_NAMES = [
  'recovery rate',
  'liquidation rate',
  'cure rate',
  'self-cure rate',
  'roll rate',
  'promise-to-pay rate',
  'promise kept rate',
  'right-party contact rate',
  'first-contact resolution',
  'complaints per 1,000 accounts',
  'complaint-to-resolution time',
  'CSAT',
  'CSAT response rate',
  'opt-out rate',
  'dispute rate',
  'escalation rate',
  'messages per $ collected',
  'cost to collect',
  'hand-offs per 1,000 accounts',
  'no-response rate',
  'agent hours per 1,000 accounts',
  'people cost per 1,000 accounts',
] as const;
export type KpiName = (typeof KPI_NAMES)[number];

/** The simulated portfolio's currency (portfolio.ts bills every account in it). */
export const SIM_CURRENCY = 'USD';

/**
 * How a KPI's value reads: a share, a count or hours or money per 1,000 accounts, messages per dollar
 * collected, or dollars spent per dollar collected.
 */
export type KpiUnit =
  'percent' | 'per-thousand' | 'hours-per-thousand' | 'money-per-thousand' | 'per-money' | 'money-per-money' | 'hours' | 'score';

export const UNIT_LABELS: Record<KpiUnit, string> = {
  percent: '%',
  'per-thousand': 'per 1,000 accounts',
  'hours-per-thousand': 'agent hours per 1,000 accounts',
  'money-per-thousand': `${SIM_CURRENCY} per 1,000 accounts`,
  'per-money': `messages per ${SIM_CURRENCY} collected`,
  'money-per-money': `${SIM_CURRENCY} spent per ${SIM_CURRENCY} collected`,
  hours: 'hours',
  score: 'mean score, 1 to 5',
};

/** How a KPI is shown, whether higher is better, and what it counts. */
export const KPI_FORMAT: Record<KpiName, { unit: KpiUnit; better: 'higher' | 'lower'; definition: string }> = {
  'recovery rate': { unit: 'percent', better: 'higher', definition: 'amount collected / amount outstanding' },
  'liquidation rate': { unit: 'percent', better: 'higher', definition: 'amount collected / amount placed' },
  'cure rate': { unit: 'percent', better: 'higher', definition: 'accounts brought fully current / delinquent accounts' },
  'self-cure rate': {
    unit: 'percent',
    better: 'higher',
    definition: 'accounts brought fully current with no human involved / delinquent accounts',
  },
  'roll rate': { unit: 'percent', better: 'lower', definition: 'balance rolling to the next delinquency bucket / balance in this bucket' },
  'promise-to-pay rate': { unit: 'percent', better: 'higher', definition: 'promises / right-party contacts' },
  'promise kept rate': { unit: 'percent', better: 'higher', definition: 'promises paid in full by their date / promises due' },
  'right-party contact rate': { unit: 'percent', better: 'higher', definition: 'right-party contacts / attempts' },
  'first-contact resolution': {
    unit: 'percent',
    better: 'higher',
    definition: 'accounts resolved after exactly one interaction / accounts contacted',
  },
  'complaints per 1,000 accounts': { unit: 'per-thousand', better: 'lower', definition: 'complaints / accounts worked x 1,000' },
  'complaint-to-resolution time': {
    unit: 'hours',
    better: 'lower',
    definition: 'median hours from complaint received to resolved (as the kpi_complaint_resolution view)',
  },
  CSAT: {
    unit: 'score',
    better: 'higher',
    definition: 'mean 1-5 answer to the satisfaction question asked after a resolution (as the live csat column)',
  },
  'CSAT response rate': { unit: 'percent', better: 'higher', definition: 'satisfaction answers / satisfaction questions sent' },
  'opt-out rate': { unit: 'percent', better: 'lower', definition: 'accounts that opted out of a channel / accounts contacted' },
  'dispute rate': { unit: 'percent', better: 'lower', definition: 'accounts that disputed / accounts contacted' },
  'escalation rate': { unit: 'percent', better: 'lower', definition: 'accounts handed to a person / accounts contacted' },
  'messages per $ collected': { unit: 'per-money', better: 'lower', definition: 'messages sent / amount collected' },
  'cost to collect': {
    unit: 'money-per-money',
    better: 'lower',
    definition: '(operating + messaging + people cost) / amount collected',
  },
  'hand-offs per 1,000 accounts': {
    unit: 'per-thousand',
    better: 'lower',
    definition: 'accounts handed to a person / accounts worked x 1,000',
  },
  'no-response rate': {
    unit: 'percent',
    better: 'lower',
    definition: 'accounts with a cycle that ended unanswered and went to its next step (no hand-off) / accounts worked',
  },
  'agent hours per 1,000 accounts': {
    unit: 'hours-per-thousand',
    better: 'lower',
    definition: 'hand-offs x staff.minutesPerHandOff / 60, per 1,000 accounts worked',
  },
  'people cost per 1,000 accounts': {
    unit: 'money-per-thousand',
    better: 'lower',
    definition: 'agent hours x staff.costPerAgentHour, per 1,000 accounts worked',
  },
};

export type KpiSet = Record<KpiName, Estimate>;

const perThousand = (e: Estimate): Estimate => ({ value: e.value * 1000, low: Math.max(0, e.low * 1000), high: e.high * 1000, n: e.n });
const clampLow = (e: Estimate): Estimate => ({ ...e, low: Math.max(0, e.low) });

export function kpis(t: Tally): KpiSet {
  return {
    'recovery rate': clampLow(ratioInterval(t.recovery)),
    'liquidation rate': clampLow(ratioInterval(t.liquidation)),
    'cure rate': wilson(t.cured, t.accounts),
    'self-cure rate': wilson(t.selfCured, t.accounts),
    'roll rate': clampLow(ratioInterval(t.roll)),
    'promise-to-pay rate': wilson(t.promises, t.rightPartyContacts),
    'promise kept rate': wilson(t.promisesKept, t.promisesDue),
    'right-party contact rate': wilson(t.rightPartyContacts, t.attempts),
    'first-contact resolution': wilson(t.firstContactResolved, t.contacted),
    'complaints per 1,000 accounts': perThousand(meanInterval(t.complaints, t.complaintsSq, t.accounts)),
    'complaint-to-resolution time': medianInterval(t.complaintHours),
    CSAT: meanInterval(t.scoreSum, t.scoreSq, t.surveyResponses),
    'CSAT response rate': wilson(t.surveyResponses, t.surveysSent),
    'opt-out rate': wilson(t.optedOut, t.contacted),
    'dispute rate': wilson(t.disputed, t.contacted),
    'escalation rate': wilson(t.escalated, t.contacted),
    'messages per $ collected': clampLow(ratioInterval(t.messagesPerDollar)),
    'cost to collect': clampLow(ratioInterval(t.costToCollect)),
    'hand-offs per 1,000 accounts': perThousand(wilson(t.escalated, t.accounts)),
    'no-response rate': wilson(t.noResponse, t.accounts),
    'agent hours per 1,000 accounts': perThousand(hours(meanInterval(t.agentMinutes, t.agentMinutesSq, t.accounts))),
    'people cost per 1,000 accounts': perThousand(meanInterval(t.peopleCost, t.peopleCostSq, t.accounts)),
  };
}

/**
 * The median (the mean of the two middle values, as the Athena view computes it) with a distribution-free
 * 95% interval from the order statistics around it.
 */
export function medianInterval(values: readonly number[]): Estimate {
  const n = values.length;
  if (n === 0) return { value: 0, low: 0, high: 0, n: 0 };
  const sorted = [...values].sort((a, b) => a - b);
  const value = (sorted[Math.floor((n - 1) / 2)] + sorted[Math.floor(n / 2)]) / 2;
  const spread = (Z95 * Math.sqrt(n)) / 2;
  const low = sorted[Math.max(0, Math.floor(n / 2 - spread) - 1)];
  const high = sorted[Math.min(n - 1, Math.ceil(n / 2 + spread))];
  return { value, low: Math.min(low, value), high: Math.max(high, value), n };
}

function hours(minutes: Estimate): Estimate {
  return { value: minutes.value / 60, low: minutes.low / 60, high: minutes.high / 60, n: minutes.n };
}

/** A value in its unit, short enough for a table cell: 73.5%, 4.60, 12.5 h, $187, $0.046. */
export function formatValue(name: KpiName, v: number): string {
  switch (KPI_FORMAT[name].unit) {
    case 'percent':
      return `${(v * 100).toFixed(1)}%`;
    case 'per-thousand':
      return v.toFixed(2);
    case 'hours-per-thousand':
      return `${v.toFixed(1)} h`;
    case 'money-per-thousand':
      return `${v < 0 ? '-' : ''}$${Math.round(Math.abs(v)).toLocaleString('en-US')}`;
    case 'per-money':
      return v.toFixed(4);
    case 'money-per-money':
      return `${v < 0 ? '-' : ''}$${Math.abs(v).toFixed(3)}`;
    case 'hours':
      return `${v.toFixed(1)} h`;
    case 'score':
      return v.toFixed(2);
  }
}

/** A difference in the KPI's unit: percentage points for shares, the unit itself otherwise. */
export function formatDifference(name: KpiName, d: number): string {
  const sign = d > 0 ? '+' : d < 0 ? '-' : '±';
  if (KPI_FORMAT[name].unit === 'percent') return `${sign}${Math.abs(d * 100).toFixed(1)} pts`;
  return `${sign}${formatValue(name, Math.abs(d))}`;
}

export function formatEstimate(name: KpiName, e: Estimate): string {
  if (e.n === 0) return 'n/a';
  return `${formatValue(name, e.value)} [${formatValue(name, e.low)}, ${formatValue(name, e.high)}]`;
}
