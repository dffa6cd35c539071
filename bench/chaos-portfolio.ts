/**
 * The chaos report's portfolio and its measures. Six kinds of account, in turn:
 *  0 pays in full (and the payment is delivered twice), then a second cycle starts and the first
 *    cycle's AccountOverdue is replayed from the archive with a new event id;
 *  1 texts STOP, then a second cycle arrives with optOuts [] (the opt-out must carry over);
 *  2 asks to cease communication, then a second cycle arrives (cease must carry over);
 *  3 texts HELP and asks for a person (a reply and a hand-off that must not be lost);
 *  4 pays before each cycle's AccountOverdue arrives (out of order);
 *  5 gets its second cycle's AccountOverdue delivered twice (same event id).
 */
import { isCareStep, CARE_KIND } from '../functions/domain/care';
import type { LocalRunResult } from '../local/runtime';

const DAY = 86_400_000;
const START = Date.UTC(2026, 11, 1, 14, 0);
const NEXT_CYCLE_DAY = 35;

interface Expectations {
  /** accountId:cycleId -> when a payment settled the cycle in full. */
  settledAt: Map<string, number>;
  /** phone -> when the customer texted STOP (its confirmation is the one message allowed after). */
  stoppedAt: Map<string, { at: number; inboundId: string }>;
  /** accountId -> when communication was ceased. */
  ceasedAt: Map<string, number>;
  /** inbound message ids that must be answered (stepId reply-<id>), by account. */
  replies: Array<{ accountId: string; inboundId: string }>;
  /** accounts that asked for a person. */
  handoffs: string[];
}

export interface Portfolio extends Expectations {
  lines: string[];
}

export interface ChaosFigures {
  journeysPerAccountCycleMax: number;
  messagesPerStepMax: number;
  messagesAfterSettlingPayment: number;
  messagesToOptedOutOrCeased: number;
  lostReplies: number;
  lostHandoffs: number;
  crashes: number;
  failedByFaults: number;
  unsettledClaims: number;
}

/** The figures that must be zero (messagesPerStepMax: at most 1). */
export const MUST_BE_ZERO = [
  'messagesAfterSettlingPayment',
  'messagesToOptedOutOrCeased',
  'lostReplies',
  'lostHandoffs',
  'crashes',
] as const;

const iso = (ms: number) => new Date(ms).toISOString();

/** What one account's script can do: each writes an event line at a time and notes what it expects. */
interface AccountScript {
  accountId: string;
  phone: string;
  /** When the first cycle's AccountOverdue arrives, and the second's. */
  t0: number;
  t1: number;
  line(at: number, detailType: string, detail: Record<string, unknown>, extra?: Record<string, unknown>): void;
  overdue(cycleId: string, at: number, id: string): void;
  pay(cycleId: string, at: number, id: string): void;
  text(at: number, body: string, inboundId: string): void;
}

function accountScript(p: Portfolio, i: number): AccountScript {
  const accountId = `chaos-${i}`;
  const phone = `+1212555${String(1000 + i).padStart(4, '0')}`;
  const t0 = START + (i % 12) * 600_000;
  const line: AccountScript['line'] = (at, detailType, detail, extra = {}) =>
    p.lines.push(JSON.stringify({ at: iso(at), 'detail-type': detailType, source: 'billing.chaos', ...extra, detail }));
  const customer = {
    firstName: 'Kim',
    phone,
    email: `${accountId}@example.com`,
    preferredChannel: 'sms',
    address: { country: 'US', region: 'NY' },
    language: 'en',
  };
  return {
    accountId,
    phone,
    t0,
    t1: t0 + NEXT_CYCLE_DAY * DAY,
    line,
    overdue: (cycleId, at, id) =>
      line(
        at,
        'AccountOverdue',
        {
          accountId,
          cycleId,
          amountDue: 100,
          currency: 'USD',
          dueDate: iso(at - 10 * DAY).slice(0, 10),
          creditorName: 'Northwind Energy',
          jurisdiction: 'US',
          customer,
          optOuts: [],
        },
        { id },
      ),
    pay: (cycleId, at, id) => {
      line(
        at,
        'PaymentReceived',
        { accountId, paymentId: `pay-${accountId}-${cycleId}`, amount: 100, currency: 'USD', paidAt: iso(at) },
        { id },
      );
      p.settledAt.set(`${accountId}:${cycleId}`, at);
    },
    text: (at, body, inboundId) =>
      line(
        at,
        'Inbound SMS',
        { originationNumber: phone, destinationNumber: '+18005550100', messageBody: body, inboundMessageId: inboundId },
        { source: 'aws.sms-voice', id: inboundId },
      ),
  };
}

/** The six kinds of account (see the top of this file), by account number modulo 6. */
const SCENARIOS: ReadonlyArray<(s: AccountScript, p: Portfolio) => void> = [
  ({ accountId, t0, t1, line, overdue, pay }) => {
    overdue('c1', t0, `ov-${accountId}-c1`);
    pay('c1', t0 + 3 * DAY, `pay-evt-${accountId}`);
    line(
      t0 + 3 * DAY + 60_000,
      'PaymentReceived',
      { accountId, paymentId: `pay-${accountId}-c1`, amount: 100, currency: 'USD', paidAt: iso(t0 + 3 * DAY) },
      { id: `pay-evt-${accountId}` },
    );
    overdue('c2', t1, `ov-${accountId}-c2`);
    overdue('c1', t1 + 2 * DAY, `replay-${accountId}-c1`);
  },
  ({ accountId, phone, t0, t1, overdue, text }, p) => {
    overdue('c1', t0, `ov-${accountId}-c1`);
    const inboundId = `in-${accountId}-stop`;
    text(t0 + 2 * DAY, 'STOP', inboundId);
    p.stoppedAt.set(phone, { at: t0 + 2 * DAY, inboundId });
    overdue('c2', t1, `ov-${accountId}-c2`);
  },
  ({ accountId, t0, t1, line, overdue }, p) => {
    overdue('c1', t0, `ov-${accountId}-c1`);
    line(t0 + 2 * DAY, 'CommunicationCeased', { accountId, receivedAt: iso(t0 + 2 * DAY) }, { id: `cease-${accountId}` });
    p.ceasedAt.set(accountId, t0 + 2 * DAY);
    overdue('c2', t1, `ov-${accountId}-c2`);
  },
  ({ accountId, t0, overdue, text }, p) => {
    overdue('c1', t0, `ov-${accountId}-c1`);
    text(t0 + 2 * DAY + 3_600_000, 'HELP', `in-${accountId}-help`);
    p.replies.push({ accountId, inboundId: `in-${accountId}-help` });
    text(t0 + 4 * DAY + 3_600_000, 'can someone call me please', `in-${accountId}-person`);
    p.handoffs.push(accountId);
  },
  ({ accountId, t0, t1, overdue, pay }) => {
    pay('c1', t0 - 3_600_000, `pay-evt-${accountId}-c1`);
    overdue('c1', t0, `ov-${accountId}-c1`);
    pay('c2', t1 - 3_600_000, `pay-evt-${accountId}-c2`);
    overdue('c2', t1, `ov-${accountId}-c2`);
  },
  ({ accountId, t0, t1, overdue }) => {
    overdue('c1', t0, `ov-${accountId}-c1`);
    overdue('c2', t1, `ov-${accountId}-c2`);
    overdue('c2', t1 + 60_000, `ov-${accountId}-c2`);
  },
];

export function buildPortfolio(accounts: number): Portfolio {
  const p: Portfolio = { lines: [], settledAt: new Map(), stoppedAt: new Map(), ceasedAt: new Map(), replies: [], handoffs: [] };
  for (let i = 0; i < accounts; i++) SCENARIOS[i % SCENARIOS.length](accountScript(p, i), p);
  return p;
}

const stepOf = (messageKey: string) => {
  const [accountId, cycleId, ...rest] = messageKey.split(':');
  return { accountId, cycleId, stepId: rest.slice(0, -1).join(':') };
};

/** A collection message: a playbook step, not an answer to the customer and not a care message (a survey). */
const isCollectionStep = (stepId: string) => !stepId.startsWith('reply-') && !isCareStep(stepId) && !stepId.startsWith(CARE_KIND.survey);

export async function measureChaos(run: LocalRunResult, p: Portfolio): Promise<ChaosFigures> {
  const count = (keys: string[]) => keys.reduce((m, k) => m.set(k, (m.get(k) ?? 0) + 1), new Map<string, number>());
  const maxOf = (m: Map<string, number>) => Math.max(0, ...m.values());

  const journeys = count(run.executions.map((e) => e.name));
  const perStep = count(run.sent.map((m) => m.messageKey));

  let afterPayment = 0;
  let toOptedOut = 0;
  for (const m of run.sent) {
    const { accountId, cycleId, stepId } = stepOf(m.messageKey);
    const at = Date.parse(m.sentAt);
    const settled = p.settledAt.get(`${accountId}:${cycleId}`);
    if (settled !== undefined && at > settled && isCollectionStep(stepId)) afterPayment++;
    const stop = p.stoppedAt.get(m.to);
    if (stop && m.channel === 'sms' && at > stop.at && stepId !== `reply-${stop.inboundId}`) toOptedOut++;
    const ceased = p.ceasedAt.get(accountId);
    if (ceased !== undefined && at > ceased) toOptedOut++;
  }

  const answered = new Set(run.sent.map((m) => `${m.accountId}:${stepOf(m.messageKey).stepId}`));
  const lostReplies = p.replies.filter((r) => !answered.has(`${r.accountId}:reply-${r.inboundId}`)).length;
  const handedOff = new Set(run.published.filter((e) => e.detailType === 'AgentHandoffRequested').map((e) => e.detail.accountId as string));
  const lostHandoffs = p.handoffs.filter((a) => !handedOff.has(a)).length;

  return {
    journeysPerAccountCycleMax: maxOf(journeys),
    messagesPerStepMax: maxOf(perStep),
    messagesAfterSettlingPayment: afterPayment,
    messagesToOptedOutOrCeased: toOptedOut,
    lostReplies,
    lostHandoffs,
    crashes: run.failedInvocations.filter((f) => f.crash).length,
    failedByFaults: run.failedInvocations.filter((f) => !f.crash).length,
    unsettledClaims: Number((run.sweep as { unconfirmedClaims?: number }).unconfirmedClaims ?? 0),
  };
}

/** What is wrong with the figures: a must-be-zero figure above zero (or above the baseline), or a step sent twice. */
export function regressions(f: ChaosFigures, baseline?: Partial<ChaosFigures>): string[] {
  const out: string[] = [];
  if (f.messagesPerStepMax > 1) out.push(`messagesPerStepMax ${f.messagesPerStepMax} > 1`);
  for (const name of MUST_BE_ZERO) {
    const limit = baseline?.[name] ?? 0;
    if (f[name] > limit) out.push(`${name} ${f[name]} > ${limit}`);
  }
  if (baseline?.unsettledClaims !== undefined && f.unsettledClaims > baseline.unsettledClaims)
    out.push(`unsettledClaims ${f.unsettledClaims} > ${baseline.unsettledClaims}`);
  return out;
}
