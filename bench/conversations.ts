/**
 * Conversation benchmark: classifying a customer's text reply (rules, safety floor and reply model, over
 * the regression set and both corpus splits) and applying one lifecycle event to an account (the pure
 * reducer every handler uses). Prints per-call p50/p99 and throughput, with the machine's load average
 * (figures on a loaded machine are slower than on an idle one). Both run once per inbound SMS or
 * delivery event, so they must stay far below the handler's DynamoDB round trips (~5-10 ms); the target
 * for a reply is p99 < 1 ms.
 *
 *   npx tsx bench/conversations.ts [rounds]
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { classifyReply } from '../functions/domain/conversations/classify';
import { applyLifecycleEvent } from '../functions/domain/lifecycle';
import { type LifecycleEvent } from '../functions/domain/lifecycle-types';
import { DEFAULT_PLAYBOOK } from '../functions/domain/playbook';
import type { Account } from '../functions/domain/types';

const ROUNDS = Number(process.argv[2] ?? 20);
const REPLY_FILES = ['../samples/replies.jsonl', '../samples/reply-corpus/train.jsonl', '../samples/reply-corpus/test.jsonl'];
const replies = REPLY_FILES.flatMap((file) =>
  readFileSync(new URL(file, import.meta.url), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as { text: string; surveyPending?: boolean }),
);
const now = new Date('2026-03-04T15:00:00Z');

const us = (ms: number) => `${(ms * 1000).toFixed(1)} µs`;
const at = (sorted: readonly number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))];

/** Per-call times of n runs (after a warm-up), in run order. */
function measure(label: string, n: number, run: (i: number) => void): number[] {
  for (let i = 0; i < Math.min(n, 2000); i++) run(i); // warm-up
  const times: number[] = [];
  const started = performance.now();
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    run(i);
    times.push(performance.now() - t);
  }
  const total = performance.now() - started;
  const sorted = [...times].sort((a, b) => a - b);
  console.log(
    `${label.padEnd(34)} n=${n}  p50 ${us(at(sorted, 0.5))}  p99 ${us(at(sorted, 0.99))}  ${Math.round(n / (total / 1000)).toLocaleString('en-US')}/s`,
  );
  return times;
}

/**
 * Per reply: each reply's median over the rounds, then p50/p99 across replies. On a loaded machine a
 * single call's time includes the moments the process was not scheduled; a reply's median does not.
 */
function perReply(times: readonly number[], count: number): void {
  const medians = Array.from({ length: count }, (_, r) => {
    const own = times.filter((_, i) => i % count === r).sort((a, b) => a - b);
    return at(own, 0.5);
  }).sort((a, b) => a - b);
  console.log(
    `${'  per reply (median of rounds)'.padEnd(34)} n=${count}  p50 ${us(at(medians, 0.5))}  p99 ${us(at(medians, 0.99))}  (target p99 < 1 ms)`,
  );
}

console.log(
  `load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')} (1, 5, 15 min)`,
);
const replyTimes = measure(`classifyReply (${replies.length} EN/ES replies)`, replies.length * ROUNDS, (i) => {
  const r = replies[i % replies.length];
  classifyReply(r.text, { now, timeZone: 'America/New_York', surveyPending: r.surveyPending });
});
perReply(replyTimes, replies.length);

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
