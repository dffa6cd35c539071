import { describe, expect, it } from 'vitest';
import { DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { RETENTION_SECONDS } from '../../functions/adapters/tables';
import { agentHandoffRequestedSchema } from '../../functions/domain/events';
import { WITHOUT_DECISIONS } from '../../functions/domain/ledger';
import type { ContactAction } from '../../functions/domain/decision-types';
import { makeHandlers, type Handlers } from '../../local/handlers';
import { billingEvent, context, newAccountId, overdueDetail, T0, useWorld, type World } from './harness';

let w: World;
let h: Handlers;

useWorld((created) => {
  w = created;
  h = makeHandlers(() => w.deps);
});

async function overdue(prefix: string) {
  w.clock.set(T0);
  const accountId = newAccountId(prefix);
  await h.ingest(billingEvent('AccountOverdue', overdueDetail(accountId)), context('ingest'));
  return accountId;
}

async function expiries(accountId: string): Promise<number[]> {
  const doc = DynamoDBDocumentClient.from(w.dynamo.client);
  const { Items } = await doc.send(
    new QueryCommand({
      TableName: w.dynamo.tables.ledger,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :c)',
      ExpressionAttributeValues: { ':pk': `ACCOUNT#${accountId}`, ':c': 'inv-1#' },
    }),
  );
  return (Items ?? []).map((i) => i.expiresAt as number);
}

const epoch = (d: Date) => Math.floor(d.getTime() / 1000);

describe('close', () => {
  it('records the closure once, closes the journey record and keeps the whole cycle 3 years from now', async () => {
    const accountId = await overdue('close');
    await h.decide({ accountId, cycleId: 'inv-1' }, context('decide'));
    expect(new Set(await expiries(accountId))).toEqual(new Set([epoch(T0) + RETENTION_SECONDS]));

    const closedAt = new Date(T0.getTime() + 40 * 24 * 3600 * 1000);
    w.clock.set(closedAt);
    const payload = { accountId, cycleId: 'inv-1', action: { type: 'close', reason: 'paid' } };
    expect(await h.close(payload, context('close'))).toMatchObject({ closed: true, alreadyClosed: false });
    expect(await h.close(payload, context('close'))).toMatchObject({ alreadyClosed: true });

    const all = await expiries(accountId);
    expect(all.length).toBe(3); // event, decision, closed
    expect(all.every((e) => e === epoch(closedAt) + RETENTION_SECONDS)).toBe(true);
    const closed = (await w.deps.ledger.history(accountId, 'inv-1')).filter((r) => r.kind === 'closed');
    expect(closed).toEqual([expect.objectContaining({ reason: 'paid', at: closedAt.toISOString() })]);
    expect(await w.deps.state.getJourney(accountId, 'inv-1')).toMatchObject({ status: 'closed' });
  });

  it('keeps a long cycle (more entries than one batch of updates) 3 years from its close, extending each entry once', async () => {
    const accountId = await overdue('close-long');
    for (let day = 1; day <= 30; day++) {
      w.clock.set(new Date(T0.getTime() + day * 24 * 3600 * 1000));
      await h.decide({ accountId, cycleId: 'inv-1' }, context('decide'));
    }
    const closedAt = new Date(T0.getTime() + 40 * 24 * 3600 * 1000);
    w.clock.set(closedAt);
    const payload = { accountId, cycleId: 'inv-1', action: { type: 'close', reason: 'paid' } };
    // The event and 30 decisions (the closure is written with that expiry already).
    expect(await h.close(payload, context('close'))).toMatchObject({ alreadyClosed: false, retainedEntries: 31 });
    expect(new Set(await expiries(accountId))).toEqual(new Set([epoch(closedAt) + RETENTION_SECONDS]));
    // Already 3 years from the close: nothing to extend again, and never shortened by an earlier close.
    expect(await h.close(payload, context('close'))).toMatchObject({ retainedEntries: 0 });
    w.clock.set(T0);
    expect(await h.close(payload, context('close'))).toMatchObject({ retainedEntries: 0 });
    expect(new Set(await expiries(accountId))).toEqual(new Set([epoch(closedAt) + RETENTION_SECONDS]));
  });

  it('reads the history without its decisions as the whole history less the decisions, in the same order', async () => {
    const accountId = await overdue('steps-read');
    await h.decide({ accountId, cycleId: 'inv-1' }, context('decide'));
    await h.close({ accountId, cycleId: 'inv-1', action: { type: 'close', reason: 'paid' } }, context('close'));
    const all = await w.deps.ledger.history(accountId, 'inv-1');
    expect(all.map((r) => r.kind)).toEqual(['event', 'decision', 'closed']);
    expect(await w.deps.ledger.history(accountId, 'inv-1', WITHOUT_DECISIONS)).toEqual(all.filter((r) => r.kind !== 'decision'));
  });

  it("keeps decisions in a key range after the cycle's other entries, and still leaves out those written before it existed", async () => {
    const accountId = await overdue('decision-range');
    await h.decide({ accountId, cycleId: 'inv-1' }, context('decide'));
    const doc = DynamoDBDocumentClient.from(w.dynamo.client);
    const { Items = [] } = await doc.send(
      new QueryCommand({
        TableName: w.dynamo.tables.ledger,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :c)',
        ExpressionAttributeValues: { ':pk': `ACCOUNT#${accountId}`, ':c': 'inv-1#' },
      }),
    );
    const decision = Items.find((i) => i.kind === 'decision')!;
    expect(String(decision.sk).startsWith('inv-1#~decision#')).toBe(true);
    // A decision as an earlier version keyed it, among the cycle's events: never read as something that happened.
    const olderSk = `inv-1#${T0.toISOString()}#decision#0000000000000000000000`;
    await doc.send(new PutCommand({ TableName: w.dynamo.tables.ledger, Item: { ...decision, sk: olderSk, seq: '~' } }));
    expect((await w.deps.ledger.history(accountId, 'inv-1', WITHOUT_DECISIONS)).map((r) => r.kind)).toEqual(['event']);
    expect((await w.deps.ledger.history(accountId, 'inv-1')).map((r) => r.kind)).toEqual(['event', 'decision', 'decision']);
  });
});

describe('escalate', () => {
  it('publishes one PII-free AgentHandoffRequested per cycle and records it', async () => {
    const accountId = await overdue('escalate');
    const decision = await h.decide({ accountId, cycleId: 'inv-1' }, context('decide'));
    const action = decision.action as ContactAction;
    const outcome = await h.send({ accountId, cycleId: 'inv-1', action }, context('send'));
    await h.record({ kind: 'contact', accountId, cycleId: 'inv-1', action, outcome }, context('record'));

    const payload = { accountId, cycleId: 'inv-1', action: { type: 'escalate', reason: 'playbook-exhausted' } };
    expect(await h.escalate(payload, context('escalate'))).toEqual({ published: true });
    expect(await h.escalate(payload, context('escalate'))).toEqual({ published: false });

    const mine = w.bus.published.filter((p) => p.detail.accountId === accountId);
    expect(mine).toHaveLength(1);
    expect(mine[0].detailType).toBe('AgentHandoffRequested');
    const detail = agentHandoffRequestedSchema.parse(mine[0].detail);
    expect(detail).toMatchObject({ cycleId: 'inv-1', reason: 'playbook-exhausted', requestedAt: T0.toISOString() });
    expect(detail.summary).toBe('1 message sent (sms); no reply; balance 120.00 USD');
    expect(detail.preferredContact).toEqual({ channel: 'sms', language: 'en', timeZone: 'America/Los_Angeles' });
    expect(JSON.stringify(mine[0].detail)).not.toMatch(/Ana|2065550123|ana@example\.com/);

    const escalated = (await w.deps.ledger.history(accountId, 'inv-1')).filter((r) => r.kind === 'escalated');
    expect(escalated).toHaveLength(1);
    // Automated outreach then pauses while the person has the account: the journey rests until the
    // hand-off's timeout, 30 days on (the person finishing wakes it sooner).
    const paused = await h.decide({ accountId, cycleId: 'inv-1' }, context('decide'));
    expect(paused.action).toEqual({ type: 'wait', until: new Date(T0.getTime() + 30 * 86_400_000).toISOString() });
    // The decision is the person's (decisive, first); the Washington overlay (206 area code) and the federal
    // rule it replaces are stated as assumptions of their own.
    expect(paused.reasons.map((r) => r.ruleId)).toEqual(['care.with-a-person', 'profile.overlay', 'profile.rule-replaced']);
  });
});

describe('record failures', () => {
  it('gives up after 5 failures in a row, counting only the trailing run', async () => {
    const accountId = await overdue('fail');
    const fail = () =>
      h.record(
        {
          kind: 'failure',
          accountId,
          cycleId: 'inv-1',
          error: { Error: 'Lambda.Unknown', Cause: 'call +12065550123 failed for ana@example.com' },
        },
        context('record'),
      );
    for (let i = 0; i < 4; i++) expect(await fail()).toEqual({ giveUp: false });
    // A contact in between resets the run.
    const action: ContactAction = {
      type: 'contact',
      stepId: 's1-friendly',
      channel: 'sms',
      template: 'reminder-friendly',
      tone: 'friendly',
    };
    await h.record(
      {
        kind: 'contact',
        accountId,
        cycleId: 'inv-1',
        action,
        outcome: { status: 'sent', stepId: 's1-friendly', channel: 'sms', providerMessageId: 'm-1' },
      },
      context('record'),
    );
    for (let i = 0; i < 4; i++) expect(await fail()).toEqual({ giveUp: false });
    expect(await fail()).toEqual({ giveUp: true });

    const failures = (await w.deps.ledger.history(accountId, 'inv-1')).filter((r) => r.kind === 'failure');
    expect(failures).toHaveLength(9);
    expect(JSON.stringify(failures)).not.toMatch(/2065550123|ana@example\.com/);
    expect(failures[0]).toMatchObject({ error: 'Lambda.Unknown' });
  });
});

describe('sweep', () => {
  it('starts journeys for overdue cycles with none running and none closed, and leaves the rest alone', async () => {
    // A crash between the dedupe record and StartExecution: the record exists, the execution never did.
    const start = w.journeys.start.bind(w.journeys);
    w.journeys.start = () => Promise.reject(new Error('Task timed out'));
    const missing = newAccountId('sweep-missing');
    await expect(h.ingest(billingEvent('AccountOverdue', overdueDetail(missing)), context('ingest'))).rejects.toThrow();
    w.journeys.start = start;
    const running = await overdue('sweep-running');
    const closed = await overdue('sweep-closed');
    w.journeys.forget({ accountId: closed, cycleId: 'inv-1' });
    await w.deps.state.setJourneyStatus(closed, 'inv-1', 'closed', T0.toISOString());

    // Claimed moments ago, a journey is left to the placement that claimed it.
    expect((await h.sweep({}, context('sweep'))).journeysStarted).toBe(0);
    w.clock.set(new Date(T0.getTime() + 16 * 60_000));
    const result = await h.sweep({}, context('sweep'));
    expect(result.journeysStarted).toBeGreaterThanOrEqual(1);
    expect(w.journeys.startsFor(missing)).toHaveLength(1);
    expect(w.journeys.startsFor(running)).toHaveLength(1);
    expect(w.journeys.startsFor(closed)).toHaveLength(1);
    const notes = (await w.deps.ledger.history(missing, 'inv-1')).filter((r) => r.kind === 'reconciliation');
    expect(notes).toEqual([expect.objectContaining({ finding: 'journey-restarted' })]);

    // Now confirmed started: the next sweep does not even ask Step Functions about it.
    w.journeys.forget({ accountId: missing, cycleId: 'inv-1' });
    await h.sweep({}, context('sweep'));
    expect(w.journeys.startsFor(missing)).toHaveLength(1);
  });
});
