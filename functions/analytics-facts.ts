/**
 * Analytics facts from the DynamoDB streams of the contact ledger (new entries) and the state table (account
 * changes): derives the PII-free facts (domain/analytics/derive.ts), puts them on the Firehose stream to S3
 * as Parquet, and emits the amounts placed and collected per currency (and variant) as metrics, so the
 * CloudWatch dashboard's recovery rate is metric math over the same facts Athena counts.
 */
import { FirehoseClient } from '@aws-sdk/client-firehose';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue as StreamAttributeValue, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { FirehoseFactStream } from './adapters/fact-stream-firehose';
import { ENV } from './commons/environment';
import { withPowertools } from './commons/middleware';
import { countMetric, dimensionedMetric, logger, METRIC, MetricUnit } from './commons/powertools';
import { factsFromLedger, factsFromStateChange, type DerivedFacts } from './domain/analytics/derive';
import type { AnalyticsFact } from './domain/analytics/facts';
import type { LedgerRecord } from './domain/ledger';
import type { Account } from './domain/types';

export interface FactSink {
  put(facts: readonly AnalyticsFact[]): Promise<void>;
}

const image = (i: Record<string, StreamAttributeValue> | undefined) => (i ? unmarshall(i as Record<string, AttributeValue>) : undefined);

/** Which stream record is what: a new ledger entry, an account's state change, or neither (claims, links, rejections ...). */
export function factsFromStreamRecord(record: DynamoDBRecord, out: DerivedFacts): void {
  const after = image(record.dynamodb?.NewImage);
  if (!after || typeof after.pk !== 'string' || !after.pk.startsWith('ACCOUNT#')) return;
  if (after.sk === 'STATE') {
    factsFromStateChange(image(record.dynamodb?.OldImage) as Account | undefined, after as Account, out);
  } else if (
    record.eventName === 'INSERT' &&
    typeof after.kind === 'string' &&
    typeof after.cycleId === 'string' &&
    String(after.sk).startsWith(`${after.cycleId}#`)
  ) {
    // Only new entries: the one update a ledger entry gets (its retention extended at closing) is no new fact.
    factsFromLedger(after as LedgerRecord, String(after.sk), out);
  }
}

function emitAmounts(facts: readonly AnalyticsFact[]): void {
  for (const f of facts) {
    if ((f.fact_type !== 'placed' && f.fact_type !== 'payment') || f.amount === null || f.currency === null) continue;
    const name = f.fact_type === 'placed' ? METRIC.amountPlaced : METRIC.amountCollected;
    dimensionedMetric(name, { name: 'currency', value: f.currency }, f.amount, MetricUnit.NoUnit);
    if (f.variant)
      dimensionedMetric(
        name,
        [
          { name: 'currency', value: f.currency },
          { name: 'variant', value: f.variant },
        ],
        f.amount,
        MetricUnit.NoUnit,
      );
  }
}

export const makeAnalyticsFactsHandler = (sink: () => FactSink) =>
  withPowertools(async (event: DynamoDBStreamEvent): Promise<{ facts: number; rejected: number }> => {
    const out: DerivedFacts = { facts: [], rejected: [] };
    for (const record of event.Records) factsFromStreamRecord(record, out);
    for (const r of out.rejected)
      logger.warn('analytics fact rejected', { factType: r.factType, accountId: r.accountId, problems: r.problems });
    if (out.rejected.length) countMetric(METRIC.analyticsFactsRejected, out.rejected.length);
    // A Firehose failure throws: the stream retries the batch (bisected), and the same rows get the same ids.
    if (out.facts.length) await sink().put(out.facts);
    emitAmounts(out.facts);
    return { facts: out.facts.length, rejected: out.rejected.length };
  });

let stream: FirehoseFactStream | undefined;
export const handler = makeAnalyticsFactsHandler(
  () => (stream ??= new FirehoseFactStream(new FirehoseClient({}), process.env[ENV.analyticsDeliveryStream]!)),
);
