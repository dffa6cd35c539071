/**
 * The shipped sample through the whole local system: DynamoDB Local, the real state machine file, the
 * real handlers, the channel sink and virtual time. These assert what the customers and the
 * compliance officer would care about, over every message actually "sent".
 */
import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import { readEventFile } from '../../local/event-file';
import { runLocal, type LocalRunResult } from '../../local/runtime';
import { buildReport, type RunReport } from '../../local/report';
import { localTimeParts, possibleTimeZones } from '../../functions/domain/time-zones';

let run: LocalRunResult;
let report: RunReport;

beforeAll(async () => {
  run = await runLocal({ events: await readEventFile('samples/events.jsonl') });
  report = await buildReport(run);
}, 180_000);

afterAll(async () => run?.dispose());

const sentTo = (accountId: string) => run.sent.filter((m) => m.accountId === accountId);
const closedReason = (accountId: string, cycleId = '2026-11') =>
  report.timeline.find((e) => e.accountId === accountId && e.cycleId === cycleId && e.kind === 'closed')?.outcome;

describe('the sample portfolio, end to end', () => {
  it('runs every journey to an end without a failed execution', () => {
    expect(run.executions.length).toBeGreaterThanOrEqual(20);
    expect(run.executions.filter((e) => e.status === 'FAILED')).toEqual([]);
    expect(run.sent.length).toBeGreaterThan(40);
  });

  it('never sends a message outside 08:00-21:00 in any time zone the customer may be in', async () => {
    for (const message of run.sent) {
      const account = await run.dependencies.state.getAccount(message.accountId);
      const zones = possibleTimeZones(account!.customer, run.dependencies.settings.businessTimeZone);
      for (const zone of zones) {
        const { hour, minute } = localTimeParts(new Date(message.sentAt), zone);
        const minutes = hour * 60 + minute;
        expect(minutes, `${message.accountId} at ${message.sentAt} in ${zone}`).toBeGreaterThanOrEqual(8 * 60);
        expect(minutes, `${message.accountId} at ${message.sentAt} in ${zone}`).toBeLessThan(21 * 60);
      }
    }
  });

  it('contacts the Eastern-phone, Pacific-address customer only from 11:00 Eastern', () => {
    const first = sentTo('acct-1004')[0];
    expect(localTimeParts(new Date(first.sentAt), 'America/New_York').hour).toBe(11);
  });

  it('starts one journey for a repeated overdue event', () => {
    expect(run.executions.filter((e) => e.name.startsWith('acct-1010--'))).toHaveLength(1);
    const stepIds = sentTo('acct-1010').map((m) => m.messageKey);
    expect(new Set(stepIds).size).toBe(stepIds.length);
  });

  it('stops all reminders once a payment settles the balance, asks one satisfaction question, and closes as paid', () => {
    const after = sentTo('acct-1001').filter((m) => m.sentAt > '2026-12-02T16:30:00Z');
    expect(after.map((m) => m.messageKey)).toEqual(['acct-1001:2026-11:survey-resolution:sms']);
    expect(after[0].text).toMatch(/1 \(poor\) to 5 \(great\)/);
    expect(closedReason('acct-1001')).toBe('paid');
    // A partial payment keeps the journey going; the second one settles it.
    expect(sentTo('acct-1003').some((m) => m.sentAt > '2026-12-05T18:00:00Z')).toBe(true);
    expect(sentTo('acct-1003').filter((m) => m.sentAt > '2026-12-12T19:00:00Z').map((m) => m.messageKey)).toEqual([
      'acct-1003:2026-11:survey-resolution:sms',
    ]);
    expect(closedReason('acct-1003')).toBe('paid');
  });

  it('never uses an opted-out channel', () => {
    expect(sentTo('acct-1005').filter((m) => m.channel === 'sms')).toEqual([]);
    expect(sentTo('acct-1005').length).toBeGreaterThan(0);
    expect(sentTo('acct-1012').filter((m) => m.channel === 'sms' && m.sentAt > '2026-12-02T02:00:00Z')).toEqual([]);
  });

  it('ends contact on a cease request and when the creditor closes the account', () => {
    expect(sentTo('acct-1011').filter((m) => m.sentAt > '2026-12-05T15:00:00Z')).toEqual([]);
    expect(closedReason('acct-1011')).toBe('ceased');
    expect(sentTo('acct-1014').filter((m) => m.sentAt > '2026-12-11T12:00:00Z')).toEqual([]);
    expect(closedReason('acct-1014')).toBe('account-closed');
  });

  it('moves to the next channel when a number is invalid, and closes when no channel can work', async () => {
    expect(sentTo('acct-1006').filter((m) => m.channel === 'sms')).toEqual([]);
    expect(sentTo('acct-1006').some((m) => m.channel === 'email')).toBe(true);
    const account = await run.dependencies.state.getAccount('acct-1006');
    expect(account!.channels.sms.unusable).toBeDefined();
    expect(sentTo('acct-1007')).toEqual([]);
    expect(closedReason('acct-1007')).toBe('no-usable-channel');
  });

  it('hands unresolved accounts to a person with an AgentHandoffRequested event, without PII', () => {
    const handoffs = run.published.filter((p) => p.detailType === 'AgentHandoffRequested');
    expect(handoffs.map((h) => h.detail.accountId)).toContain('acct-1002');
    for (const h of handoffs) expect(JSON.stringify(h.detail)).not.toMatch(/@|\+1\d{10}|Ben|Ava/);
    expect(closedReason('acct-1002')).toBe('handed-off');
  });

  it('rejects invalid events with specific reasons, keeps them, and creates nothing for them', async () => {
    const overdue = report.rejections.find((r) => r.detailType === 'AccountOverdue');
    expect(overdue?.reasons.join(' ')).toMatch(/amountDue/);
    expect(overdue?.reasons.join(' ')).toMatch(/currency/);
    expect(overdue?.reasons.join(' ')).toMatch(/customer\.phone/);
    expect(await run.dependencies.state.getAccount('acct-1099')).toBeUndefined();
    expect(run.executions.some((e) => e.name.startsWith('acct-1099'))).toBe(false);
    // A payment for an account never seen is kept (parked) for its overdue event, never lost.
    expect(await run.dependencies.state.parkedEvents('acct-7777')).toMatchObject([{ detailType: 'PaymentReceived' }]);
  });

  it('sends nothing while a dispute awaits verification and hands the account to a person', () => {
    expect(sentTo('acct-1021')).toEqual([]);
    expect(run.published.some((p) => p.detailType === 'AgentHandoffRequested' && p.detail.accountId === 'acct-1021')).toBe(true);
    expect(closedReason('acct-1021')).toBe('handed-off');
  });

  it('starts a new journey for a new delinquency cycle after the first was paid', () => {
    expect(closedReason('acct-1020', '2026-11')).toBe('paid');
    expect(run.executions.filter((e) => e.name.startsWith('acct-1020--'))).toHaveLength(2);
    expect(sentTo('acct-1020').some((m) => m.sentAt >= '2027-01-05')).toBe(true);
  });

  it('explains every timeline entry with the rules behind it', () => {
    for (const entry of report.timeline) expect(entry.reasons.length, JSON.stringify(entry)).toBeGreaterThan(0);
    const deferred = report.timeline.find((e) => e.accountId === 'acct-1017' && e.kind === 'wait');
    expect(deferred?.reasons.some((r) => r.ruleId === 'window.local-hours' && r.effect === 'deferred')).toBe(true);
  });
});
