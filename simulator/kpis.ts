/**
 * KPI tallies and their 95% confidence intervals, named exactly as in
 * ../shared/reference/collections-practice.md. Rates over accounts use the Wilson interval; money and
 * count ratios over accounts use the delta method (experiments.ts).
 */
import { addRatio, emptyRatio, meanInterval, ratioInterval, wilson, type Estimate, type RatioSums } from '../functions/domain/experiments';

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
  optedOut = 0;
  disputed = 0;
  escalated = 0;
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
  optedOut: boolean;
  disputed: boolean;
  escalated: boolean;
  messages: number;
  placed: number;
  outstanding: number;
  collected: number;
  cost: number;
  rolled: number;
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
  if (o.optedOut) t.optedOut++;
  if (o.disputed) t.disputed++;
  if (o.escalated) t.escalated++;
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

/** KPI names, in report order, exactly as collections-practice.md names them. */
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
  'opt-out rate',
  'dispute rate',
  'escalation rate',
  'messages per $ collected',
  'cost to collect',
] as const;
export type KpiName = (typeof KPI_NAMES)[number];

/** How a KPI is shown: a percentage, a number, or dollars per dollar; and whether higher is better. */
export const KPI_FORMAT: Record<KpiName, { unit: 'percent' | 'number' | 'ratio'; better: 'higher' | 'lower'; definition: string }> = {
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
  'complaints per 1,000 accounts': { unit: 'number', better: 'lower', definition: 'complaints / accounts worked x 1,000' },
  'opt-out rate': { unit: 'percent', better: 'lower', definition: 'accounts that opted out of a channel / accounts contacted' },
  'dispute rate': { unit: 'percent', better: 'lower', definition: 'accounts that disputed / accounts contacted' },
  'escalation rate': { unit: 'percent', better: 'lower', definition: 'accounts handed to a person / accounts contacted' },
  'messages per $ collected': { unit: 'ratio', better: 'lower', definition: 'messages sent / amount collected' },
  'cost to collect': { unit: 'ratio', better: 'lower', definition: '(operating + messaging cost) / amount collected' },
};

export type KpiSet = Record<KpiName, Estimate>;

export function kpis(t: Tally): KpiSet {
  const perThousand = (e: Estimate): Estimate => ({ value: e.value * 1000, low: Math.max(0, e.low * 1000), high: e.high * 1000, n: e.n });
  const clampLow = (e: Estimate): Estimate => ({ ...e, low: Math.max(0, e.low) });
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
    'opt-out rate': wilson(t.optedOut, t.contacted),
    'dispute rate': wilson(t.disputed, t.contacted),
    'escalation rate': wilson(t.escalated, t.contacted),
    'messages per $ collected': clampLow(ratioInterval(t.messagesPerDollar)),
    'cost to collect': clampLow(ratioInterval(t.costToCollect)),
  };
}

export function formatValue(name: KpiName, v: number): string {
  const unit = KPI_FORMAT[name].unit;
  if (unit === 'percent') return `${(v * 100).toFixed(1)}%`;
  if (unit === 'ratio') return v.toFixed(3);
  return v.toFixed(2);
}

export function formatEstimate(name: KpiName, e: Estimate): string {
  if (e.n === 0) return 'n/a';
  return `${formatValue(name, e.value)} [${formatValue(name, e.low)}, ${formatValue(name, e.high)}]`;
}
