import { describe, expect, it } from 'vitest';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { RETENTION_SECONDS, STATE_TABLE } from '../../functions/adapters/tables';
import { makeIngestHandler } from '../../functions/ingest';
import { makeLifecycleHandler } from '../../functions/lifecycle';
import { billingEvent, context, newAccountId, overdueDetail, T0, useWorld, type World } from './harness';

let w: World;

useWorld((created) => {
  w = created;
});

const DAY_MS = 86_400_000;
const threeYearsAfter = (at: Date) => Math.floor(at.getTime() / 1000) + RETENTION_SECONDS;

/** Every STATE item under the account's partition (account, journeys, claims), raw, with its expiresAt. */
async function stateItems(accountId: string): Promise<Record<string, Record<string, unknown>>> {
  const { Items } = await DynamoDBDocumentClient.from(w.dynamo.client).send(
    new QueryCommand({
      TableName: w.dynamo.tables.state,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `ACCOUNT#${accountId}` },
      ConsistentRead: true,
    }),
  );
  return Object.fromEntries((Items ?? []).map((item) => [String(item.sk).split('#')[0], item]));
}

describe('STATE items expire three years after their last activity', () => {
  it('writes expiresAt (the table TTL attribute) on the account, its journey and its send claims, and renews it on every write', async () => {
    expect(STATE_TABLE.timeToLiveAttribute).toBe('expiresAt');
    w.clock.set(T0);
    const accountId = newAccountId('ttl');
    await makeIngestHandler(() => w.deps)(billingEvent('AccountOverdue', overdueDetail(accountId, 'c1')), context('ingest'));
    await w.deps.state.claimSend(accountId, 'c1', 's1', 'sms', T0.toISOString());

    let items = await stateItems(accountId);
    expect(Object.keys(items).sort()).toEqual(['CLAIM', 'JOURNEY', 'STATE']);
    for (const item of Object.values(items)) expect(item.expiresAt).toBe(threeYearsAfter(T0));

    const later = new Date(T0.getTime() + 40 * DAY_MS);
    w.clock.set(later);
    await makeLifecycleHandler(() => w.deps)(
      billingEvent('PaymentReceived', { accountId, paymentId: 'p1', amount: 10, currency: 'USD', paidAt: later.toISOString() }),
      context(),
    );
    await w.deps.state.confirmSend(accountId, 'c1', 's1', 'sms', 'msg-1', later.toISOString());
    await w.deps.state.setJourneyStatus(accountId, 'c1', 'closed', later.toISOString());

    items = await stateItems(accountId);
    for (const item of Object.values(items)) expect(item.expiresAt).toBe(threeYearsAfter(later));

    const latest = new Date(later.getTime() + DAY_MS);
    await w.deps.state.markChannelUnusable(accountId, 'email', 'hard-bounce', latest.toISOString());
    expect((await stateItems(accountId)).STATE.expiresAt).toBe(threeYearsAfter(latest));
    // The TTL attribute stays internal: the account as the use cases read it has none.
    expect(await w.deps.state.getAccount(accountId)).not.toHaveProperty('expiresAt');
  });

  it('keeps an account that holds an opt-out or a cease for good: no expiresAt, and a later write does not give it one back', async () => {
    w.clock.set(T0);
    const lifecycle = makeLifecycleHandler(() => w.deps);
    const optedOut = newAccountId('ttl-stop');
    const ceased = newAccountId('ttl-cease');
    for (const accountId of [optedOut, ceased])
      await makeIngestHandler(() => w.deps)(billingEvent('AccountOverdue', overdueDetail(accountId, 'c1')), context('ingest'));
    const at = T0.toISOString();
    await lifecycle(billingEvent('ChannelOptedOut', { accountId: optedOut, channel: 'sms', at }), context());
    await lifecycle(billingEvent('CommunicationCeased', { accountId: ceased, receivedAt: at }), context());
    for (const accountId of [optedOut, ceased]) expect((await stateItems(accountId)).STATE).not.toHaveProperty('expiresAt');

    const later = new Date(T0.getTime() + 400 * DAY_MS).toISOString();
    w.clock.set(new Date(later));
    await w.deps.state.markChannelUnusable(optedOut, 'email', 'hard-bounce', later);
    await lifecycle(
      billingEvent('PaymentReceived', { accountId: optedOut, paymentId: 'p1', amount: 10, currency: 'USD', paidAt: later }),
      context(),
    );
    const item = (await stateItems(optedOut)).STATE;
    expect(item).not.toHaveProperty('expiresAt');
    expect(item.updatedAt).toBe(later);
    // The journey's other items still expire on the evidence clock.
    expect((await stateItems(optedOut)).JOURNEY.expiresAt).toBe(threeYearsAfter(T0));
  });
});
