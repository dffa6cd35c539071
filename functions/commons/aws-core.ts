/**
 * What the ports' factories (aws-channels.ts, aws-journeys.ts, aws-bus.ts, aws-portal.ts, aws-pacing.ts)
 * build on, apart from the composition (aws-dependencies.ts) so that a factory need not import it.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export type Environment = Record<string, string | undefined>;

/** What a port's factory builds on: the environment and the clients and names of the tables. */
export interface AwsCore {
  readonly env: Environment;
  readonly dynamo: DynamoDBClient;
  readonly doc: DynamoDBDocumentClient;
  readonly stateTable: string;
}

/** One value per dependency set, for parts two ports share (the portal and its guard, the journeys and their generations). */
export function perCore<T>(build: (core: AwsCore) => T): (core: AwsCore) => T {
  const built = new WeakMap<AwsCore, { value: T }>();
  return (core) => {
    let entry = built.get(core);
    if (!entry) {
      entry = { value: build(core) };
      built.set(core, entry);
    }
    return entry.value;
  };
}
