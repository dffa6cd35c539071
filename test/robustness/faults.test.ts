import { describe, expect, it, vi } from 'vitest';
import { DynamoDBClient, ProvisionedThroughputExceededException, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { FaultInjector, FaultPlanError, isInjected, parseFaultPlan } from '../../local/faults';
import type { OutboundMessage } from '../../functions/domain/ports';
import { regressions, type ChaosFigures } from '../../bench/chaos-portfolio';
import { parseEventLines } from '../../local/event-file';
import { runLocal } from '../../local/runtime';
import * as dynamoLocal from '../../local/dynamodb-local';

describe('fault plans', () => {
  it('parses rates and refuses unknown kinds and rates outside 0..1', () => {
    expect(parseFaultPlan('throttle=0.2,unknown=0.05,dynamodb=0.01,bus=0.01', 9)).toEqual({
      rates: { throttle: 0.2, unknown: 0.05, dynamodb: 0.01, bus: 0.01 },
      seed: 9,
    });
    expect(() => parseFaultPlan('thrttle=0.2')).toThrow(FaultPlanError);
    expect(() => parseFaultPlan('throttle=2')).toThrow(/from 0 to 1/);
  });

  it('draws the same faults for the same seed, and different ones for another', () => {
    const draws = (seed: number) => {
      const f = new FaultInjector({ rates: { throttle: 0.3 }, seed });
      return Array.from({ length: 200 }, () => f.draw('throttle'));
    };
    expect(draws(4)).toEqual(draws(4));
    expect(draws(4)).not.toEqual(draws(5));
    const hits = draws(4).filter(Boolean).length;
    expect(hits).toBeGreaterThan(40);
    expect(hits).toBeLessThan(80);
  });

  it('reports every message an unknown outcome hid but the provider took, and only those', async () => {
    const f = new FaultInjector({ rates: { unknown: 1 }, seed: 3 });
    const delivered: string[] = [];
    const taken: string[] = [];
    const inner = {
      send: async (message: OutboundMessage) => {
        delivered.push(message.messageKey);
        return { providerMessageId: `id-${message.messageKey}` };
      },
    };
    const channel = f.channel(inner, (message, receipt) => taken.push(`${message.messageKey}=${receipt.providerMessageId}`));
    for (let i = 0; i < 40; i++) {
      const message = { accountId: 'a', channel: 'sms', to: '+1', messageKey: `k${i}`, language: 'en', text: 'x' } as OutboundMessage;
      await expect(channel.send(message)).rejects.toMatchObject({ name: 'InternalServerException' });
    }
    expect(taken).toEqual(delivered.map((k) => `${k}=id-${k}`));
    expect(taken.length).toBeGreaterThan(5);
    expect(taken.length).toBeLessThan(35);
  });

  it('throws the exceptions DynamoDB throws, inside the SDK retry loop (every attempt fails at rate 1)', async () => {
    const f = new FaultInjector({ rates: { dynamodb: 1 }, seed: 1 });
    const client = f.dynamoClient('http://127.0.0.1:9');
    const error = await client.send(new ListTablesCommand({})).catch((e: unknown) => e);
    expect(isInjected(error)).toBe(true);
    expect(error instanceof ProvisionedThroughputExceededException || (error as Error).name === 'InternalServerError').toBe(true);
    expect(f.counts.dynamodb).toBe(3); // the SDK retried it twice, as it retries the real one
  });
});

describe('the chaos verdict', () => {
  const clean: ChaosFigures = {
    journeysPerAccountCycleMax: 1,
    messagesPerStepMax: 1,
    messagesAfterSettlingPayment: 0,
    messagesToOptedOutOrCeased: 0,
    lostReplies: 0,
    lostHandoffs: 0,
    crashes: 0,
    failedByFaults: 0,
    unsettledClaims: 2,
  };
  it('passes clean figures and fails any regression', () => {
    expect(regressions(clean)).toEqual([]);
    expect(regressions({ ...clean, messagesPerStepMax: 2 })).toHaveLength(1);
    expect(regressions({ ...clean, lostReplies: 1 })).toEqual(['lostReplies 1 > 0']);
    expect(regressions({ ...clean, messagesToOptedOutOrCeased: 3 }, { messagesToOptedOutOrCeased: 5 })).toEqual([]);
    expect(regressions({ ...clean, unsettledClaims: 3 }, { unsettledClaims: 2 })).toHaveLength(1);
  });
});

describe('a run that fails', () => {
  it('stops the DynamoDB Local it started (the CLI used to hang)', async () => {
    const stop = vi.fn(async () => {});
    // Nothing listens on port 9: every handler and the sweep fail on their first DynamoDB call.
    const client = new DynamoDBClient({
      endpoint: 'http://127.0.0.1:9',
      region: 'us-east-1',
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
      maxAttempts: 1,
    });
    const fake = {
      client,
      endpoint: 'http://127.0.0.1:9',
      tables: { state: 's', ledger: 'l', idempotency: 'i' },
      stop,
    } as unknown as dynamoLocal.LocalDynamo;
    const spy = vi.spyOn(dynamoLocal, 'startDynamoDbLocal').mockResolvedValue(fake);
    const events = parseEventLines(
      JSON.stringify({ at: '2026-12-01T14:00:00Z', 'detail-type': 'AccountOverdue', detail: { accountId: 'a' } }),
    );
    // A handler that crashes goes to the failure list; the sweep that cannot reach DynamoDB fails the run.
    await expect(runLocal({ events, experiment: null, portal: null })).rejects.toThrow();
    expect(stop).toHaveBeenCalledTimes(1);
    spy.mockRestore();
  });
});
