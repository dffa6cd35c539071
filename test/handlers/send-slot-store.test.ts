/**
 * The DynamoDB send-slot store on DynamoDB Local: conditional claims hold a second's limit under
 * concurrency, the counts read back, the daily cap, held slots, expiry; and many journeys pacing at
 * once through the use case never put a second over capacity.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paceDecision } from '../../functions/application/pace';
import { documentClient } from '../../functions/commons/dependencies';
import { DynamoSendSlotStore } from '../../functions/adapters/send-slot-store';
import { keys } from '../../functions/adapters/tables';
import { decide } from '../../functions/domain/decide';
import { capacityConfigSchema, channelLimits } from '../../functions/domain/pacing/capacity';
import { DEFAULT_PLAYBOOK } from '../../functions/domain/playbook';
import { startDynamoDbLocal, type LocalDynamo } from '../../local/dynamodb-local';
import { account } from '../domain/fixtures';

let dynamo: LocalDynamo;
let store: DynamoSendSlotStore;
beforeAll(async () => {
  dynamo = await startDynamoDbLocal();
  store = new DynamoSendSlotStore(documentClient(dynamo.client), dynamo.tables.state);
});
afterAll(async () => {
  await dynamo?.stop();
});

const SECOND = Date.parse('2026-03-10T18:04:07Z');
const MINUTE = Date.parse('2026-03-10T18:04:00Z');

describe('DynamoSendSlotStore', () => {
  it('lets exactly the limit through when many claim the same second at once', async () => {
    const results = await Promise.all(Array.from({ length: 40 }, () => store.claimSecond('pool-a', SECOND, 2, 9)));
    expect(results.filter(Boolean)).toHaveLength(4);
    expect(await store.secondsUsed('pool-a', MINUTE)).toEqual(new Map([[SECOND, 8]]));
    expect(await store.minutesUsed('pool-a', [MINUTE, MINUTE + 60_000])).toEqual(new Map([[MINUTE, 8]]));
    // Another identity has its own seconds; a message larger than the limit is never let through.
    expect(await store.claimSecond('pool-b', SECOND, 2, 9)).toBe(true);
    expect(await store.claimSecond('pool-b', SECOND + 1000, 3, 2)).toBe(false);
  });

  it('keeps every item expiring two days after its time', async () => {
    const { Item } = await documentClient(dynamo.client).send(
      new GetCommand({ TableName: dynamo.tables.state, Key: keys.paceMinute('pool-a', '2026-03-10T18:04') }),
    );
    // One item a minute: each second's count and the minute's, written together.
    expect(Item).toMatchObject({ s07: 8, n: 8, type: 'pace', expiresAt: SECOND / 1000 + 2 * 86_400 });
  });

  it('counts a daily cap and gives a day back', async () => {
    expect(await store.claimDay('pool-c', '2026-03-10', 2)).toBe(true);
    expect(await store.claimDay('pool-c', '2026-03-10', 2)).toBe(true);
    expect(await store.claimDay('pool-c', '2026-03-10', 2)).toBe(false);
    await store.releaseDay('pool-c', '2026-03-10');
    expect(await store.claimDay('pool-c', '2026-03-10', 2)).toBe(true);
  });

  it('holds the second a message reserved, keeps it over a later one, and replaces it once spent', async () => {
    const key = { accountId: 'A1', cycleId: 'C1', stepId: 'reminder', channel: 'sms' as const };
    expect(await store.heldSlot(key)).toBeUndefined();
    expect(await store.hold(key, SECOND, SECOND - 300_000)).toBeUndefined();
    expect(await store.heldSlot(key)).toBe(SECOND);
    // Held and not spent: the message keeps its second (the refusal returns it, without a read).
    expect(await store.hold(key, SECOND + 60_000, SECOND - 1)).toBe(SECOND);
    expect(await store.heldSlot(key)).toBe(SECOND);
    // Spent (at or before `replacing`): the new second replaces it.
    expect(await store.hold(key, SECOND + 60_000, SECOND)).toBeUndefined();
    expect(await store.heldSlot(key)).toBe(SECOND + 60_000);
  });

  it('gives a second back to its minute, never below nothing', async () => {
    expect(await store.claimSecond('pool-r', SECOND, 2, 4)).toBe(true);
    expect(await store.claimSecond('pool-r', SECOND, 2, 4)).toBe(true);
    expect(await store.claimSecond('pool-r', SECOND, 2, 4)).toBe(false);
    await store.releaseSecond('pool-r', SECOND, 2);
    expect(await store.secondsUsed('pool-r', MINUTE)).toEqual(new Map([[SECOND, 2]]));
    expect(await store.minutesUsed('pool-r', [MINUTE])).toEqual(new Map([[MINUTE, 2]]));
    expect(await store.claimSecond('pool-r', SECOND, 2, 4)).toBe(true);
    await store.releaseSecond('pool-r', SECOND + 1000, 2); // nothing claimed there: nothing changes
    expect(await store.secondsUsed('pool-r', MINUTE)).toEqual(new Map([[SECOND, 4]]));
  });

  it('paces 80 journeys deciding at once within a second-by-second capacity and inside the window', async () => {
    const capacity = capacityConfigSchema.parse({
      sms: { partsPerSecond: 1, partsPerMessage: 1, urgentShare: 0 },
      voice: { callsPerSecond: 1 },
      email: { messagesPerSecond: 14 },
    });
    const pacing = { slots: store, capacity, identities: { sms: 'pool-paced', voice: 'phone-v', email: 'example.com' } };
    // Customers busy until 20:59 in Chicago, decided at 20:59: a one-minute window, room for 60 messages, 80 asking.
    const now = new Date('2026-03-11T01:59:00Z');
    const customer = {
      phone: '+13125550123',
      timeZone: 'America/Chicago',
      address: undefined,
      blockedTimes: [{ start: '08:00', end: '20:59' }],
    };
    const decisions = await Promise.all(
      Array.from({ length: 80 }, async (_, i) => {
        const a = account({ accountId: `acc-${i}`, customer });
        const decided = decide({ account: a, history: [], playbook: DEFAULT_PLAYBOOK, now });
        expect(decided.action.type).toBe('contact');
        return paceDecision(pacing, { account: a, history: [], now, cycleId: 'cyc-1' }, decided);
      }),
    );
    const paced = decisions.filter((d) => d.reasons.some((r) => r.ruleId === 'pacing.sms'));
    const moved = decisions.filter((d) => d.reasons.some((r) => r.ruleId === 'capacity.sms'));
    expect(paced).toHaveLength(60);
    expect(moved).toHaveLength(20);
    const used = await store.secondsUsed('pool-paced', Date.parse('2026-03-11T01:59:00Z'));
    expect(used.size).toBe(60);
    expect(Math.max(...used.values())).toBe(channelLimits(capacity, 'sms').unitsPerSecond);
    // 20:59 the next evening in Chicago: the customer's next window.
    for (const d of moved) expect(d.action).toEqual({ type: 'wait', until: '2026-03-12T01:59:00.000Z' });
  });
});
