/** The analytics facts cannot carry PII, their Glue schema is current, and the mapping from ledger and state is right. */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyticsFactSchema, FACT_COLUMNS, factColumns, glueColumns } from '../../../functions/domain/analytics/facts';
import { factsFromLedger, factsFromStateChange, type DerivedFacts } from '../../../functions/domain/analytics/derive';
import { ANALYTICS_SCHEMA_FILES, renderAnalyticsSchemas } from '../../../schemas/generate-analytics';
import type { LedgerRecord } from '../../../functions/domain/ledger';
import { account } from '../fixtures';

const valid = {
  ...Object.fromEntries(FACT_COLUMNS.map((c) => [c, null])),
  fact_id: '0123456789abcdef0123456789abcdef',
  fact_type: 'payment',
  occurred_at: '2026-12-01T10:00:00.000Z',
  account_id: 'acct-1001',
  cycle_id: '2026-11',
  amount: 40,
  currency: 'USD',
};

const PII = ['Jane Doe', 'jane@example.com', '+12065550123', '12 High Street', 'please stop calling me', "O'Brien", 'a b'];
const TEXT_COLUMNS = FACT_COLUMNS.filter((c) => glueColumns().find((g) => g.name === c)?.type === 'string' && c !== 'fact_type');

describe('analytics facts', () => {
  it('accept a well-formed fact', () => {
    expect(analyticsFactSchema.parse(valid)).toEqual(valid);
  });

  it('reject a name, an email, a phone number, an address or free text in every text column', () => {
    for (const column of TEXT_COLUMNS) {
      for (const value of PII) {
        expect(analyticsFactSchema.safeParse({ ...valid, [column]: value }).success, `${column} = ${value}`).toBe(false);
      }
    }
  });

  it('reject any text with a space, an @ or a + in any column, and any extra key (property)', () => {
    const column = fc.constantFrom(...TEXT_COLUMNS);
    const pii = fc
      .tuple(fc.string({ minLength: 0, maxLength: 20 }), fc.constantFrom(' ', '@', '+'), fc.string({ maxLength: 20 }))
      .map(([a, b, c]) => `${a}${b}${c}`);
    fc.assert(fc.property(column, pii, (c, v) => !analyticsFactSchema.safeParse({ ...valid, [c]: v }).success));
    const extraKey = fc.string({ minLength: 1, maxLength: 20 }).filter((k) => !(k in factColumns));
    fc.assert(fc.property(extraKey, fc.string(), (k, v) => !analyticsFactSchema.safeParse({ ...valid, [k]: v }).success));
  });

  it('require the columns a fact type has (a payment without an amount is rejected)', () => {
    expect(analyticsFactSchema.safeParse({ ...valid, amount: null }).error?.issues[0].message).toBe('a payment fact needs amount');
  });

  it('have a Glue schema generated from the zod columns, the views and their columns, committed and current (run: npx tsx schemas/generate-analytics.ts)', async () => {
    const rendered = await renderAnalyticsSchemas();
    for (const key of Object.keys(ANALYTICS_SCHEMA_FILES) as Array<keyof typeof ANALYTICS_SCHEMA_FILES>) {
      expect(readFileSync(`schemas/${ANALYTICS_SCHEMA_FILES[key]}`, 'utf8')).toBe(rendered[key]);
    }
    expect(glueColumns().map((c) => `${c.name}:${c.type}`)).toContain('score:bigint');
    expect(glueColumns().map((c) => `${c.name}:${c.type}`)).toContain('outreach:boolean');
  });
});

describe('facts from the ledger and the account state', () => {
  const base = { accountId: 'acct-1', cycleId: '2026-11', at: '2026-12-01T10:00:00Z' };

  it('never copy free text: an inbound reply keeps its intent only, an escalation not its reason or summary', () => {
    const records: LedgerRecord[] = [
      { ...base, kind: 'inbound', channel: 'sms', intent: 'promise' },
      {
        ...base,
        kind: 'escalated',
        reason: 'Customer said: call me at +12065550123',
        summary: 'Jane Doe wants a call',
        segment: 'likely-self-cure',
      },
    ];
    const out: DerivedFacts = { facts: [], rejected: [] };
    records.forEach((r, i) => factsFromLedger(r, `${i}`, out));
    expect(out.rejected).toEqual([]);
    expect(JSON.stringify(out.facts)).not.toMatch(/Jane|\+1206|call me/);
    expect(out.facts.map((f) => [f.fact_type, f.intent])).toEqual([
      ['reply', 'promise'],
      ['handoff', null],
    ]);
  });

  it('keep a fact that does not fit with its reasons, never its values', () => {
    const out = factsFromLedger({ ...base, kind: 'event', detailType: 'PaymentReceived', facts: { amount: 10, currency: 'dollars' } }, '0');
    expect(out.facts).toEqual([]);
    expect(out.rejected).toEqual([{ factType: 'payment', accountId: 'acct-1', problems: [expect.stringContaining('currency')] }]);
    expect(JSON.stringify(out.rejected)).not.toContain('dollars');
  });

  it('place an amount once per cycle (a repeated overdue event places nothing) and give redeliveries the same id', () => {
    const overdue = (repeated: boolean): LedgerRecord => ({
      ...base,
      kind: 'event',
      detailType: 'AccountOverdue',
      facts: { amountDue: 55, currency: 'USD', jurisdiction: 'US', repeated, segment: 'likely-self-cure' },
    });
    expect(factsFromLedger(overdue(true), '1').facts).toEqual([]);
    const [a] = factsFromLedger(overdue(false), '0').facts;
    const [b] = factsFromLedger(overdue(false), '0').facts;
    expect(a).toMatchObject({ fact_type: 'placed', amount: 55, currency: 'USD', jurisdiction: 'US', segment: 'likely-self-cure' });
    expect(a.fact_id).toBe(b.fact_id);
  });

  it('count a survey sent from the ledger, once per cycle, whatever cycle the state is in now (an earlier cycle keeps its survey)', () => {
    const survey = (cycleId: string, outcome: 'sent' | 'failed-permanent', key: string) =>
      factsFromLedger(
        { ...base, cycleId, kind: 'contact', stepId: 'survey-resolution', channel: 'email', template: 'survey', outcome },
        key,
      ).facts.filter((f) => f.fact_type === 'survey-sent');
    const [first] = survey('2026-11', 'sent', '7');
    expect(first).toMatchObject({ fact_type: 'survey-sent', channel: 'email', cycle_id: '2026-11' });
    // A second survey contact in the cycle (a retry) has the same id: the views keep one.
    expect(survey('2026-11', 'sent', '9')[0].fact_id).toBe(first.fact_id);
    expect(survey('2026-11', 'failed-permanent', '8')).toEqual([]);
    // The state no longer makes survey-sent (only the answer): no double count in AWS.
    const after = account({
      survey: { trigger: 'resolution', channel: 'sms', sentAt: '2026-12-04T10:00:00Z', answeredAt: '2026-12-04T12:00:00Z', score: 4 },
    });
    expect(factsFromStateChange(undefined, after).facts.map((f) => f.fact_type)).toEqual(['survey-answered']);
  });

  it('give only what changed in the state: a promise kept after it was made, a complaint resolved', () => {
    const promise = {
      promiseId: 'p1',
      amount: 50,
      dueDate: '2026-12-10',
      madeAt: '2026-12-02T10:00:00Z',
      source: 'portal' as const,
      paid: 0,
      status: 'open' as const,
    };
    const complaint = { complaintId: 'c1', category: 'other' as const, source: 'phone' as const, receivedAt: '2026-12-02T10:00:00Z' };
    const before = account({ promise, complaints: [complaint] });
    const after = account({
      promise: { ...promise, status: 'kept', paid: 50, settledAt: '2026-12-09T10:00:00Z' },
      complaints: [{ ...complaint, resolvedAt: '2026-12-04T10:00:00Z' }],
    });
    const types = factsFromStateChange(before, after).facts.map((f) => [f.fact_type, f.hours]);
    expect(types).toEqual([
      ['promise-kept', null],
      ['complaint-resolved', 48],
    ]);
    const fromNothing = factsFromStateChange(undefined, after).facts.map((f) => f.fact_type);
    expect(fromNothing).toEqual(['promise-made', 'promise-kept', 'complaint-opened', 'complaint-resolved']);
  });
});
