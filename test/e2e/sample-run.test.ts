/**
 * The shipped sample through the whole local system: DynamoDB Local, the real state machine file, the
 * real handlers, the channel sink and virtual time. These assert what the customers and the
 * compliance officer would care about, over every message actually "sent".
 */
import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import { readEventFile } from '../../local/event-file';
import { runLocal, type LocalRunResult } from '../../local/runtime';
import { buildReport, type RunReport } from '../../local/report';
import { possibleTimeZones } from '../../functions/domain/time-zones';
import { localTimeParts } from '../../functions/domain/zone-clock';

let run: LocalRunResult;
let report: RunReport;

beforeAll(async () => {
  // Paced, as `npm start` runs it: the sample's replies and provider events are timed after the paced
  // messages they answer (each message's second is a hash of the message, so those times are stable).
  run = await runLocal({ events: await readEventFile('samples/events.jsonl') });
  report = await buildReport(run);
}, 420_000); // a ceiling, not a target: the paced four-month sample takes about a minute on a quiet machine, several on a busy one

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
    // Paced, the messages are spread over that window (11:00-21:00 Eastern), not at its opening.
    const hours = sentTo('acct-1004').map((m) => localTimeParts(new Date(m.sentAt), 'America/New_York').hour);
    expect(hours.length).toBeGreaterThanOrEqual(3);
    for (const hour of hours) expect(hour).toBeGreaterThanOrEqual(11);
    const firstWait = report.timeline.find((e) => e.accountId === 'acct-1004' && e.kind === 'wait');
    expect(firstWait?.reasons.map((r) => r.ruleId)).toContain('window.local-hours');
  });

  it('starts one journey for a repeated overdue event', () => {
    // One journey: its first generation once (later generations are the same journey resumed).
    expect(run.executions.filter((e) => e.journey.startsWith('acct-1010--') && e.generation === 0)).toHaveLength(1);
    expect(new Set(run.executions.filter((e) => e.journey.startsWith('acct-1010--')).map((e) => e.journey)).size).toBe(1);
    const stepIds = sentTo('acct-1010').map((m) => m.messageKey);
    expect(new Set(stepIds).size).toBe(stepIds.length);
  });

  it('stops all reminders once a payment settles the balance, asks one satisfaction question, and closes as paid', () => {
    // The payment wakes the journey at once: the survey goes out at the moment the balance settles.
    const after = sentTo('acct-1001').filter((m) => m.sentAt >= '2026-12-02T16:30:00.000Z');
    expect(after.map((m) => m.messageKey)).toEqual(['acct-1001:2026-11:survey-resolution:sms']);
    expect(after[0].text).toMatch(/1 \(poor\) to 5 \(great\)/);
    expect(closedReason('acct-1001')).toBe('paid');
    // A partial payment keeps the journey going; the second one settles it.
    expect(sentTo('acct-1003').some((m) => m.sentAt > '2026-12-05T18:00:00Z')).toBe(true);
    expect(
      sentTo('acct-1003')
        .filter((m) => m.sentAt >= '2026-12-12T19:00:00.000Z')
        .map((m) => m.messageKey),
    ).toEqual(['acct-1003:2026-11:survey-resolution:sms']);
    expect(closedReason('acct-1003')).toBe('paid');
  });

  it('never uses an opted-out channel', () => {
    expect(sentTo('acct-1005').filter((m) => m.channel === 'sms')).toEqual([]);
    expect(sentTo('acct-1005').length).toBeGreaterThan(0);
    expect(sentTo('acct-1012').filter((m) => m.channel === 'sms' && m.sentAt > '2026-12-02T18:00:00Z')).toEqual([]);
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
    expect(new Set(run.executions.filter((e) => e.journey.startsWith('acct-1020--')).map((e) => e.journey)).size).toBe(2);
    expect(sentTo('acct-1020').some((m) => m.sentAt >= '2027-01-05')).toBe(true);
  });

  it('explains every timeline entry with the rules behind it', () => {
    for (const entry of report.timeline) expect(entry.reasons.length, JSON.stringify(entry)).toBeGreaterThan(0);
    const deferred = report.timeline.find((e) => e.accountId === 'acct-1017' && e.kind === 'wait');
    expect(deferred?.reasons.some((r) => r.ruleId === 'window.local-hours' && r.effect === 'deferred')).toBe(true);
  });
});

describe('the sample conversations, end to end (real state machine, handlers and DynamoDB Local)', () => {
  const ledgerOf = (accountId: string) => report.ledger.get(`${accountId} 2026-11`) ?? [];
  const handoffs = (accountId: string) =>
    run.published.filter((p) => p.detailType === 'AgentHandoffRequested' && p.detail.accountId === accountId).map((p) => p.detail.reason);
  const templatesTo = (accountId: string) => sentTo(accountId).map((m) => m.messageKey.split(':')[2]);

  it('a STOP in plain words: one confirmation, then never another text', () => {
    const texts = sentTo('acct-1022').filter((m) => m.channel === 'sms');
    expect(texts.map((m) => m.messageKey.split(':')[2])).toEqual(['s1-friendly', 'reply-in-1022-1']);
    expect(texts[1].sentAt).toBe('2026-12-02T15:00:00.000Z');
    expect(texts[1].text).toBe('Northwind Energy: you will not get more texts from us at this number.');
    expect(
      sentTo('acct-1022')
        .filter((m) => m.sentAt > '2026-12-02T15:00:00Z')
        .every((m) => m.channel !== 'sms'),
    ).toBe(true);
  });

  it('HELP and PAY are answered at once; after the payment, one satisfaction question whose answer is kept', async () => {
    expect(
      sentTo('acct-1023')
        .filter((m) => m.messageKey.includes(':reply-') && m.sentAt < '2026-12-02T01:55:00Z')
        .map((m) => m.sentAt),
    ).toEqual(['2026-12-02T01:40:00.000Z', '2026-12-02T01:45:00.000Z']);
    expect(closedReason('acct-1023')).toBe('paid');
    expect((await run.dependencies.state.getAccount('acct-1023'))!.survey).toMatchObject({ trigger: 'resolution', score: 5 });
  });

  it('a payment plan: a reminder before each instalment, one nudge for the late one, completed and closed', () => {
    const keys = templatesTo('acct-1024');
    expect(keys.filter((k) => k.startsWith('plan-reminder-'))).toEqual([
      'plan-reminder-plan-1024-1',
      'plan-reminder-plan-1024-2',
      'plan-reminder-plan-1024-3',
    ]);
    expect(keys.filter((k) => k.startsWith('plan-missed-'))).toEqual(['plan-missed-plan-1024-2']);
    // No ordinary reminder while the plan runs.
    expect(keys.filter((k) => /^s[2-5]-/.test(k))).toEqual([]);
    expect(closedReason('acct-1024')).toBe('paid');
  });

  it('a promise: quiet until the date when kept; one kind reminder when broken, then the playbook resumes', () => {
    expect(sentTo('acct-1025').filter((m) => m.sentAt > '2026-12-02T15:00:01Z' && m.sentAt < '2026-12-04T17:00:00.000Z')).toEqual([]);
    expect(closedReason('acct-1025')).toBe('paid');
    const keys = templatesTo('acct-1026');
    expect(keys.slice(0, 3)).toEqual(['s1-friendly', 'promise-reminder-ptp-1026', 's2-followup']);
    expect(sentTo('acct-1026')[1].sentAt >= '2026-12-09').toBe(true);
  });

  it('a dispute by text pauses collection until verification, with one hand-off', () => {
    expect(handoffs('acct-1027')).toEqual(['dispute-pending-verification', 'playbook-hand-off']);
    // Compared as instants: a message at the verification's own instant (a resumed journey decides to the
    // millisecond, after the verification was applied) is after the dispute, not during it.
    const verified = Date.parse('2026-12-09T15:00:00Z');
    const at = (m: { sentAt: string }) => Date.parse(m.sentAt);
    const duringDispute = sentTo('acct-1027').filter((m) => at(m) > Date.parse('2026-12-02T15:00:01Z') && at(m) < verified);
    expect(duringDispute).toEqual([]);
    expect(sentTo('acct-1027').some((m) => at(m) >= verified)).toBe(true);
  });

  it('hardship: support and free advice instead of reminders, a pause, then a person', () => {
    // After the first message, the customer's answer only (the reply came the next day).
    const after = sentTo('acct-1028').slice(1);
    expect(after.map((m) => m.messageKey.split(':')[2])).toEqual([expect.stringMatching(/^reply-/)]);
    expect(after[0].text).toMatch(/NFCC/);
    expect(handoffs('acct-1028')).toEqual(['hardship-review']);
    expect(closedReason('acct-1028')).toBe('handed-off');
  });

  it('a complaint: recorded with its clock, a person takes it, resolved after a week, outreach resumes', async () => {
    expect(handoffs('acct-1029')[0]).toBe('complaint');
    expect((await run.dependencies.state.getAccount('acct-1029'))!.complaints).toEqual([
      expect.objectContaining({
        category: 'communication-tactics',
        source: 'sms-reply',
        receivedAt: '2026-12-02T15:00:00.000Z',
        resolvedAt: '2026-12-09T15:00:00Z',
      }),
    ]);
    expect(sentTo('acct-1029').filter((m) => m.sentAt > '2026-12-02T15:00:01Z' && m.sentAt < '2026-12-09T15:05:00Z')).toEqual([]);
    expect(report.summary.outcomes.complaints.medianHoursToResolve).toBe(168);
  });

  it('a person resolves it: one satisfaction question, closed as resolved by the person', () => {
    expect(handoffs('acct-1030')).toEqual(['customer-asked-for-person']);
    expect(templatesTo('acct-1030').at(-1)).toBe('survey-handoff');
    expect(closedReason('acct-1030')).toBe('resolved-by-agent');
  });

  it('provider events: a hard bounce ends email, a spam complaint stops email and reaches a person, an answered call blocks calls for 7 days', async () => {
    expect(
      sentTo('acct-1031')
        .filter((m) => m.sentAt > '2026-12-01T23:05:00Z')
        .every((m) => m.channel !== 'email'),
    ).toBe(true);
    expect((await run.dependencies.state.getAccount('acct-1031'))!.channels.email.unusable).toMatchObject({ reason: 'Permanent/General' });
    expect((await run.dependencies.state.getAccount('acct-1032'))!.channels.email.optedOut).toBe(true);
    expect(handoffs('acct-1032')).toEqual(['complaint']);
    const calls = sentTo('acct-1033')
      .filter((m) => m.channel === 'voice')
      .map((m) => Date.parse(m.sentAt));
    expect(calls[1] - calls[0]).toBeGreaterThanOrEqual(7 * 24 * 3600_000);
    expect(ledgerOf('acct-1033').some((r) => r.kind === 'conversation')).toBe(true);
  });

  it('a Spanish "already paid" is answered in Spanish and checked by a person', () => {
    const answer = sentTo('acct-1034').find((m) => m.messageKey.includes(':reply-'));
    expect(answer?.text).toMatch(/^Gracias, Valentina\. Revisaremos nuestros registros/);
    expect(handoffs('acct-1034')).toEqual(['customer-says-paid']);
  });

  it('order-tolerant: a payment before its overdue event is applied when the account arrives; a reply after closure is kept', async () => {
    expect((await run.dependencies.state.getAccount('acct-1035'))!.balance).toBe(60);
    expect((await run.dependencies.state.getAccount('acct-1001'))!.survey).toMatchObject({ score: 4 });
  });

  it('reports the customer outcomes beside recovery', () => {
    const o = report.summary.outcomes;
    expect(o.accountsContacted).toBeGreaterThan(25);
    expect(o.csat.responses).toBe(2);
    expect(o.csat.meanScore).toBe(4.5);
    // acct-1048 chose a date on the portal before its bill was due; the overdue journey kept it (no outreach) and it was paid.
    expect(o.promises).toEqual({ made: 3, kept: 2, broken: 1 });
    expect(o.plans).toMatchObject({ agreed: 1, completed: 1, instalmentsMissed: 1 });
    // Issue 13 added one reply per protective intent, and a second STOP (with "I already paid") for the safety floor.
    expect(o.repliesByIntent).toMatchObject({
      stop: 2,
      help: 1,
      pay: 1,
      plan: 1,
      dispute: 1,
      hardship: 1,
      complaint: 1,
      'wrong-number': 1,
      attorney: 1,
      bankruptcy: 1,
      deceased: 1,
      'restrict-time-or-place': 1,
      'restrict-medium': 1,
      'third-party': 1,
    });
  });
});

describe('the validation notice in the sample (12 CFR 1006.34)', () => {
  it('the first text or email of every US journey carries it, and the validation period runs from it', async () => {
    const firsts = new Map<string, (typeof run.sent)[number]>();
    for (const m of run.sent) if (m.channel !== 'voice' && !firsts.has(m.accountId)) firsts.set(m.accountId, m);
    let checked = 0;
    for (const [accountId, first] of firsts) {
      const account = (await run.dependencies.state.getAccount(accountId))!;
      if (!account.jurisdiction.startsWith('US') || account.cycleId !== '2026-11') continue;
      checked++;
      expect(first.text, accountId).toMatch(/right to dispute|derecho a disputar|dispute all or part|disputarla/);
      expect(account.compliance?.validationNoticeSentAt, accountId).toBe(first.sentAt);
    }
    expect(checked).toBeGreaterThan(20);
  });
});
