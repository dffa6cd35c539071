/**
 * Decision benchmark: an account with 200 ledger entries across two debts and three channels, under
 * the Massachusetts overlay (every federal rule plus a state cap). Prints decisions per second, p50/p99
 * latency, and the same figures for JSON.parse of the request text and for the whole decide command
 * path (parse + zod validation + decide), measured in the same run. Target (issue 3): p99 < 0.5 ms.
 *
 *   npx tsx bench/decide.ts [iterations]
 */
import { decideFromRequest } from '../local/decide-command';
import { decide } from '../functions/domain/decide';
import { DEFAULT_PLAYBOOK } from '../functions/domain/playbook';
import type { Account, Channel, HistoryEntry } from '../functions/domain/types';

const ITERATIONS = Number(process.argv[2] ?? 20_000);
const WARMUP = 2_000;
const DAY = 86_400_000;
const NOW = Date.parse('2026-12-15T17:00:00Z');
const CHANNELS: Channel[] = ['sms', 'email', 'voice'];

const account: Account = {
  accountId: 'acct-a',
  cycleId: '2026-11',
  status: 'overdue',
  customer: {
    firstName: 'Alex',
    phone: '+12125550123',
    email: 'alex@example.com',
    preferredChannel: 'sms',
    address: { country: 'US', region: 'CA' },
    language: 'en',
    personId: 'person-1',
    blockedTimes: [{ start: '12:00', end: '13:00', days: ['mon', 'tue', 'wed', 'thu', 'fri'] }],
  },
  balance: 420,
  amountOverdue: 420,
  currency: 'USD',
  dueDate: '2026-10-15',
  creditorName: 'Northwind Energy',
  jurisdiction: 'US-MA',
  channels: { sms: { optedOut: false }, email: { optedOut: false }, voice: { optedOut: false } },
  openedAt: new Date(NOW - 90 * DAY).toISOString(),
  updatedAt: new Date(NOW - DAY).toISOString(),
};

// 200 entries over 90 days, alternating debts and channels, with a few conversations and failures.
const history: HistoryEntry[] = [];
for (let i = 0; i < 200; i++) {
  const at = new Date(NOW - 90 * DAY + i * ((90 * DAY) / 200)).toISOString();
  const debtId = i % 2 === 0 ? undefined : 'acct-b';
  if (i % 37 === 5) history.push({ kind: 'conversation', at, channel: 'voice', debtId });
  else if (i % 41 === 7) history.push({ kind: 'failure', at, error: 'timeout', debtId });
  else {
    const channel = CHANNELS[i % 3];
    history.push({
      kind: 'contact',
      at,
      stepId: `step-${i}`,
      channel,
      template: 'reminder-friendly',
      outcome: i % 13 === 0 ? 'unconfirmed' : 'sent',
      debtId,
    });
  }
}

const requestText = JSON.stringify({ account, history, now: new Date(NOW).toISOString() });

function measure(label: string, fn: (i: number) => unknown): { label: string; perSecond: number; p50: number; p99: number } {
  for (let i = 0; i < WARMUP; i++) fn(i);
  const samples = new Float64Array(ITERATIONS);
  const started = process.hrtime.bigint();
  for (let i = 0; i < ITERATIONS; i++) {
    const t0 = process.hrtime.bigint();
    fn(i);
    samples[i] = Number(process.hrtime.bigint() - t0) / 1e6;
  }
  const totalMs = Number(process.hrtime.bigint() - started) / 1e6;
  samples.sort();
  return {
    label,
    perSecond: Math.round((ITERATIONS / totalMs) * 1000),
    p50: samples[Math.floor(ITERATIONS * 0.5)],
    p99: samples[Math.floor(ITERATIONS * 0.99)],
  };
}

// Each iteration decides a minute later, so the clock sweeps windows, caps and deferral chains.
const minute = (i: number) => new Date(NOW + (i % 10_000) * 60_000);
let sink = 0;
const parse = measure('JSON.parse(request)', () => {
  sink += (JSON.parse(requestText) as { history: unknown[] }).history.length;
});
const engine = measure('decide()', (i) => {
  sink += decide({ account, history, playbook: DEFAULT_PLAYBOOK, now: minute(i) }).reasons.length;
});
const command = measure('parse + validate + decide', () => {
  sink += decideFromRequest(JSON.parse(requestText)).reasons.length;
});

const fmt = (ms: number) => `${(ms * 1000).toFixed(1)} us`;
console.log(`decide benchmark: 200 ledger entries (2 debts, 3 channels), profile US-MA, ${ITERATIONS} iterations, node ${process.version}`);
for (const r of [parse, engine, command]) {
  console.log(
    `  ${r.label.padEnd(28)} ${String(r.perSecond).padStart(9)} /s   p50 ${fmt(r.p50).padStart(9)}   p99 ${fmt(r.p99).padStart(9)}` +
      `   x JSON.parse: p50 ${(r.p50 / parse.p50).toFixed(2)}  p99 ${(r.p99 / parse.p99).toFixed(2)}`,
  );
}
const ok = engine.p99 < 0.5;
console.log(`  target p99 < 500 us for decide(): ${ok ? 'met' : 'NOT met'} (${fmt(engine.p99)})`);
if (sink < 0) console.log(sink);
