/** The analytics-facts handler over DynamoDB stream records, with Firehose faked at the SDK boundary. */
import { FirehoseClient, PutRecordBatchCommand, ServiceUnavailableException } from '@aws-sdk/client-firehose';
import { marshall } from '@aws-sdk/util-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { beforeEach, describe, expect, it } from 'vitest';
import { makeAnalyticsFactsHandler } from '../../functions/analytics-facts';
import { batches, FactDeliveryError, FirehoseFactStream } from '../../functions/adapters/fact-stream-firehose';
import { account } from '../domain/fixtures';

const firehose = mockClient(FirehoseClient);
const context = { functionName: 'analytics-facts', awsRequestId: 'r1' } as never;
const handler = makeAnalyticsFactsHandler(() => new FirehoseFactStream(new FirehoseClient({ region: 'us-east-1' }), 'facts'));

const record = (eventName: 'INSERT' | 'MODIFY', item: Record<string, unknown>, old?: Record<string, unknown>): DynamoDBRecord => ({
  eventName,
  dynamodb: {
    NewImage: marshall(item, { removeUndefinedValues: true }) as never,
    ...(old ? { OldImage: marshall(old, { removeUndefinedValues: true }) as never } : {}),
  },
});
const ledger = (sk: string, entry: Record<string, unknown>) => ({
  pk: 'ACCOUNT#acct-1',
  sk,
  accountId: 'acct-1',
  cycleId: '2026-11',
  at: '2026-12-01T10:00:00.000Z',
  ...entry,
});
const sentRows = () =>
  firehose
    .commandCalls(PutRecordBatchCommand)
    .flatMap((c) => (c.args[0].input.Records ?? []).map((r) => JSON.parse(new TextDecoder().decode(r.Data)) as Record<string, unknown>));

beforeEach(() => firehose.reset());

describe('analytics-facts', () => {
  it('turns new ledger entries and account changes into facts on the delivery stream, skipping claims and retention updates', async () => {
    firehose
      .on(PutRecordBatchCommand)
      .resolves({ FailedPutCount: 0, RequestResponses: [{ RecordId: '1' }, { RecordId: '2' }, { RecordId: '3' }] });
    const before = account({ accountId: 'acct-1' });
    const after = { ...before, channels: { ...before.channels, sms: { optedOut: true } } };
    const event: DynamoDBStreamEvent = {
      Records: [
        record(
          'INSERT',
          ledger('2026-11#2026-12-01T10:00:00.000Z#event#1', {
            kind: 'event',
            detailType: 'PaymentReceived',
            facts: { amount: 40, currency: 'USD' },
            variant: 'champion',
          }),
        ),
        record('MODIFY', ledger('2026-11#2026-12-01T10:00:00.000Z#closed#2', { kind: 'closed', reason: 'paid', expiresAt: 2 })),
        record('INSERT', { pk: 'ACCOUNT#acct-1', sk: 'CLAIM#2026-11#s1#sms' }),
        record('MODIFY', { pk: 'ACCOUNT#acct-1', sk: 'STATE', ...after }, { pk: 'ACCOUNT#acct-1', sk: 'STATE', ...before }),
      ],
    };
    expect(await handler(event, context)).toEqual({ facts: 2, rejected: 0 });
    const rows = sentRows();
    expect(rows.map((r) => [r.fact_type, r.amount ?? r.channel])).toEqual([
      ['payment', 40],
      ['opted-out', 'sms'],
    ]);
    expect(JSON.stringify(rows)).not.toMatch(/@|\+1/);
  });

  it('retries the records Firehose did not take, then fails the batch so the stream retries it', async () => {
    firehose
      .on(PutRecordBatchCommand)
      .resolvesOnce({ FailedPutCount: 1, RequestResponses: [{ ErrorCode: 'ServiceUnavailableException', ErrorMessage: 'slow down' }] })
      .resolves({ FailedPutCount: 1, RequestResponses: [{ ErrorCode: 'ServiceUnavailableException', ErrorMessage: 'slow down' }] });
    const stream = new FirehoseFactStream(new FirehoseClient({ region: 'us-east-1' }), 'facts');
    const fact = {
      fact_id: '0'.repeat(32),
      fact_type: 'closed',
      occurred_at: '2026-12-01T10:00:00.000Z',
      account_id: 'a',
      cycle_id: 'c',
    } as never;
    await expect(stream.put([fact])).rejects.toBeInstanceOf(FactDeliveryError);
    expect(firehose.commandCalls(PutRecordBatchCommand)).toHaveLength(2);
    firehose.reset();
    firehose.on(PutRecordBatchCommand).rejects(new ServiceUnavailableException({ message: 'down', $metadata: {} }));
    await expect(stream.put([fact])).rejects.toThrow('down');
  });

  it('splits batches at 500 records and 4 MiB', () => {
    const small = Array.from({ length: 1001 }, () => ({ Data: new Uint8Array(10) }));
    expect(batches(small).map((b) => b.length)).toEqual([500, 500, 1]);
    const big = Array.from({ length: 5 }, () => ({ Data: new Uint8Array(1024 * 1024) }));
    expect(batches(big).map((b) => b.length)).toEqual([4, 1]);
  });
});
