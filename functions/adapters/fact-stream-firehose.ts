/**
 * The analytics fact stream in AWS: Kinesis Data Firehose (PutRecordBatch, up to 500 records or 4 MiB a
 * call), JSON Lines that Firehose converts to Parquet with the Glue table's schema. Records Firehose
 * reports as failed in a 200 response (FailedPutCount) are retried once, then raised, so the stream
 * batch is retried rather than a fact silently lost.
 */
import { FirehoseClient, PutRecordBatchCommand, type _Record } from '@aws-sdk/client-firehose';
import type { AnalyticsFact } from '../domain/analytics/facts';

const MAX_RECORDS = 500;
const MAX_BYTES = 4 * 1024 * 1024;

export class FactDeliveryError extends Error {
  constructor(
    readonly failed: number,
    readonly codes: string[],
  ) {
    super(`${failed} analytics facts not accepted by Firehose (${[...new Set(codes)].join(', ')})`);
    this.name = 'FactDeliveryError';
  }
}

export class FirehoseFactStream {
  constructor(
    private readonly client: FirehoseClient,
    private readonly deliveryStreamName: string,
  ) {}

  async put(facts: readonly AnalyticsFact[]): Promise<void> {
    for (const batch of batches(facts.map((f) => ({ Data: new TextEncoder().encode(JSON.stringify(f) + '\n') })))) {
      const failed = await this.send(batch);
      if (failed.records.length === 0) continue;
      const retry = await this.send(failed.records);
      if (retry.records.length > 0) throw new FactDeliveryError(retry.records.length, retry.codes);
    }
  }

  private async send(records: _Record[]): Promise<{ records: _Record[]; codes: string[] }> {
    const out = await this.client.send(new PutRecordBatchCommand({ DeliveryStreamName: this.deliveryStreamName, Records: records }));
    if (!out.FailedPutCount) return { records: [], codes: [] };
    const failed = (out.RequestResponses ?? []).flatMap((r, i) => (r.ErrorCode ? [{ record: records[i], code: r.ErrorCode }] : []));
    return { records: failed.map((f) => f.record), codes: failed.map((f) => f.code) };
  }
}

/** Splits records into PutRecordBatch-sized calls (500 records, 4 MiB). */
export function batches(records: _Record[]): _Record[][] {
  const out: _Record[][] = [];
  let current: _Record[] = [];
  let bytes = 0;
  for (const r of records) {
    const size = r.Data?.byteLength ?? 0;
    if (current.length === MAX_RECORDS || (current.length > 0 && bytes + size > MAX_BYTES)) {
      out.push(current);
      current = [];
      bytes = 0;
    }
    current.push(r);
    bytes += size;
  }
  if (current.length) out.push(current);
  return out;
}
