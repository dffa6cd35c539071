/**
 * Conversation benchmark: classifying a customer's text reply (the shipped EN/ES reply set) and
 * applying one lifecycle event to an account (the pure reducer every handler uses). Prints per-call
 * p50/p99 and throughput. Both run once per inbound SMS or delivery event, so they must stay far below
 * the handler's DynamoDB round trips (~5-10 ms).
 *
 *   npx tsx bench/conversations.ts [rounds]
 */
import { readFileSync } from 'node:fs';
import { classifyReply } from '../functions/domain/conversations/classify';
import { applyLifecycleEvent, type LifecycleEvent } from '../functions/domain/lifecycle';
import { DEFAULT_PLAYBOOK } from '../functions/domain/playbook';
import type { Account } from '../functions/domain/types';

const ROUNDS = Number(process.argv[2] ?? 200);
const replies = readFileSync(new URL('../samples/replies.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as { text: string; surveyPending?: boolean });
const now = new Date('2026-03-04T15:00:00Z');

function measure(label: string, n: number, run: (i: number) => void): void {
  for (let i = 0; i < Math.min(n, 2000); i++) run(i); // warm-up
  const times: number[] = [];
  const started = performance.now();
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    run(i);
    times.push(performance.now() - t);
  }
  const total = performance.now() - started;
  times.sort((a, b) => a - b);
  const us = (ms: number) => `${(ms * 1000).toFixed(1)} µs`;
  console.log(
    `${label.padEnd(34)} n=${n}  p50 ${us(times[Math.floor(n * 0.5)])}  p99 ${us(times[Math.floor(n * 0.99)])}  ${Math.round(n / (total / 1000)).toLocaleString('en-US')}/s`,
  );
}

measure('classifyReply (EN/ES reply set)', replies.length * ROUNDS, (i) => {
  const r = replies[i % replies.length];
  classifyReply(r.text, { now, timeZone: 'America/New_York', surveyPending: r.surveyPending });
});

const account: Account = {
  accountId: 'acct-1',
  cycleId: '2026-02',
  status: 'overdue',
  customer: { firstName: 'Ana', phone: '+12065550123', email: 'ana@example.com', language: 'en' },
  balance: 300,
  amountOverdue: 300,
  currency: 'USD',
  dueDate: '2026-02-20',
  creditorName: 'Northwind Energy',
  jurisdiction: 'US',
  channels: { sms: { optedOut: false }, email: { optedOut: false }, voice: { optedOut: false } },
  openedAt: '2026-03-01T15:00:00Z',
  updatedAt: '2026-03-01T15:00:00Z',
  plan: {
    planId: 'p',
    agreedAt: '2026-03-02T15:00:00Z',
    source: 'portal',
    status: 'active',
    instalments: [1, 2, 3].map((m) => ({ dueDate: `2026-0${m + 3}-10`, amount: 100, paid: 0 })),
  },
};
const events: LifecycleEvent[] = [
  {
    detailType: 'PaymentReceived',
    detail: { accountId: 'acct-1', paymentId: 'pay-1', amount: 100, currency: 'USD', paidAt: '2026-03-04T15:00:00Z' },
  },
  {
    detailType: 'ReplyReceived',
    detail: {
      accountId: 'acct-1',
      channel: 'sms',
      receivedAt: now.toISOString(),
      inboundMessageId: 'in-1',
      classification: classifyReply('PLAN', { now }),
    },
  },
  {
    detailType: 'DeliveryReported',
    detail: {
      accountId: 'acct-1',
      channel: 'email',
      providerMessageId: 'm-1',
      outcome: 'complained',
      providerEventType: 'Complaint',
      at: now.toISOString(),
    },
  },
];
measure('applyLifecycleEvent (3 event kinds)', 30_000, (i) =>
  applyLifecycleEvent(account, events[i % events.length], { now, playbook: DEFAULT_PLAYBOOK }),
);
