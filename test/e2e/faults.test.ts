/**
 * Provider faults through the real state machine and handlers: throttling is retried with backoff and
 * sends once; a crash between the ledger claim and the provider call never produces a second message.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEventLines } from '../../local/event-file';
import { runLocal } from '../../local/runtime';
import { startDynamoDbLocal, type LocalDynamo } from '../../local/dynamodb-local';

let dynamo: LocalDynamo;
beforeAll(async () => {
  dynamo = await startDynamoDbLocal();
}, 60_000);
afterAll(async () => dynamo?.stop());

const overdue = (accountId: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    at: '2026-12-01T15:00:00Z',
    id: `overdue-${accountId}`,
    'detail-type': 'AccountOverdue',
    detail: {
      accountId,
      cycleId: 'c1',
      amountDue: 80,
      currency: 'USD',
      dueDate: '2026-11-20',
      creditorName: 'Northwind Energy',
      customer: {
        firstName: 'Test',
        phone: '+12125550142',
        email: 'test@example.com',
        preferredChannel: 'sms',
        address: { country: 'US', region: 'NY' },
      },
      ...extra,
    },
  });

describe('provider faults', () => {
  it('retries a throttled send and delivers each message exactly once', async () => {
    const events = parseEventLines(overdue('acct-throttle'));
    const run = await runLocal({ events, dynamo, faults: { throttleNext: 3 }, until: new Date('2026-12-20T00:00:00Z') });
    expect(run.faultsInjected.throttles).toBe(3);
    const keys = run.sent.map((m) => m.messageKey);
    expect(keys[0]).toBe('acct-throttle:c1:s1-friendly:sms');
    expect(new Set(keys).size).toBe(keys.length);
    expect(run.executions.every((e) => e.status !== 'FAILED')).toBe(true);
    const ledger = await run.dependencies.ledger.history('acct-throttle', 'c1');
    expect(ledger.filter((r) => r.kind === 'failure')).toEqual([]);
  });

  it('never sends a second message after a crash between the claim and the provider call', async () => {
    const events = parseEventLines(overdue('acct-crash'));
    let crashed = false;
    const run = await runLocal({
      events,
      dynamo,
      until: new Date('2026-12-20T00:00:00Z'),
      faults: {
        crashOnSend: (m) => {
          if (crashed || m.accountId !== 'acct-crash') return false;
          crashed = true;
          return true;
        },
      },
    });
    expect(run.faultsInjected.crashes).toBe(1);
    // The first step was claimed and then the function died: its outcome is unknown, so it is never retried.
    expect(run.sent.filter((m) => m.messageKey.startsWith('acct-crash:c1:s1-friendly'))).toEqual([]);
    const ledger = await run.dependencies.ledger.history('acct-crash', 'c1');
    expect(ledger.some((r) => r.kind === 'failure')).toBe(true);
    expect(ledger.some((r) => r.kind === 'contact' && r.stepId === 's1-friendly' && r.outcome === 'unconfirmed')).toBe(true);
    // The journey goes on with the next steps, each sent once. No provider report ever came for the
    // crashed send, so the sweep (days later, past the deadline) settles it as not sent: none left unknown.
    const keys = run.sent.map((m) => m.messageKey);
    expect(keys.length).toBeGreaterThan(0);
    expect(new Set(keys).size).toBe(keys.length);
    expect(run.sweep).toMatchObject({ unconfirmedClaims: 0, settledNotSent: 1 });
    expect(await run.dependencies.state.getClaim('acct-crash', 'c1', 's1-friendly', 'sms')).toMatchObject({ claimStatus: 'not-sent' });
  });
});
