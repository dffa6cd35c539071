/**
 * One-off migration, run once by an operator after deploying the sweep's sparse indexes over a state
 * table that already holds accounts (README "Sweep"): a parallel Scan of the table (the only Scan in
 * Amicable, never on the hot path) that gives old accounts and send claims their index attributes.
 * Safe to stop and rerun. Needs dynamodb:Scan and dynamodb:UpdateItem on the table and kms:Decrypt,
 * kms:Encrypt and kms:GenerateDataKey on its key (an operator role, not a function's).
 *
 *   npx tsx bin/backfill-sweep-index.ts --table <StateTableName> [--segments 8] [--region us-east-1]
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { parseArgs } from 'node:util';
import { documentClient } from '../functions/commons/dependencies';
import { backfillSweepIndex } from '../functions/adapters/sweep-backfill';

const { values } = parseArgs({
  options: { table: { type: 'string' }, segments: { type: 'string', default: '8' }, region: { type: 'string' } },
});
if (!values.table) {
  console.error('usage: npx tsx bin/backfill-sweep-index.ts --table <StateTableName> [--segments 8] [--region <region>]');
  process.exit(2);
}
const segments = Number(values.segments);
const client = new DynamoDBClient(values.region ? { region: values.region } : {});
const started = Date.now();
const totals = await backfillSweepIndex({ doc: documentClient(client), tableName: values.table }, { segments });
console.log(JSON.stringify({ ...totals, seconds: Math.round((Date.now() - started) / 1000) }));
