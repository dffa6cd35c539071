/**
 * The data store: account state, the contact ledger (the 3-year audit trail) and Powertools
 * idempotency records, in DynamoDB tables built from the shapes in functions/adapters/tables.ts,
 * encrypted with one customer-managed KMS key.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { IDEMPOTENCY_TABLE, LEDGER_TABLE, STATE_TABLE, type TableShape } from '../functions/adapters/tables';
import { ENV } from '../functions/commons/environment';

export interface DataStoreProps {
  /**
   * 'retain' keeps the tables and the key when the stack is deleted and turns on deletion protection.
   * @default 'retain'
   */
  readonly removalPolicy?: 'retain' | 'destroy';
  /** Use this key instead of creating one. @default a new key with rotation on */
  readonly encryptionKey?: kms.IKey;
}

export class DataStore extends Construct {
  readonly key: kms.IKey;
  readonly stateTable: dynamodb.Table;
  readonly ledgerTable: dynamodb.Table;
  readonly idempotencyTable: dynamodb.Table;

  constructor(scope: Construct, id: string, props: DataStoreProps = {}) {
    super(scope, id);
    const retain = (props.removalPolicy ?? 'retain') === 'retain';
    const removalPolicy = retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    this.key =
      props.encryptionKey ??
      new kms.Key(this, 'Key', {
        description: 'Amicable data: account state, contact ledger, idempotency records (PII)',
        enableKeyRotation: true,
        removalPolicy,
        pendingWindow: Duration.days(30),
      });

    // Streams feed the analytics facts (lib/analytics.ts): new ledger entries, and account state before and after.
    const table = (logicalId: string, shape: TableShape, stream?: dynamodb.StreamViewType) =>
      withIndexes(
        shape,
        new dynamodb.Table(this, logicalId, {
          partitionKey: { name: shape.partitionKey, type: dynamodb.AttributeType.STRING },
          sortKey: shape.sortKey ? { name: shape.sortKey, type: dynamodb.AttributeType.STRING } : undefined,
          timeToLiveAttribute: shape.timeToLiveAttribute,
          billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
          encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
          encryptionKey: this.key,
          pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
          deletionProtection: retain,
          removalPolicy,
          stream,
        }),
      );

    this.stateTable = table('StateTable', STATE_TABLE, dynamodb.StreamViewType.NEW_AND_OLD_IMAGES);
    this.ledgerTable = table('LedgerTable', LEDGER_TABLE, dynamodb.StreamViewType.NEW_IMAGE);
    this.idempotencyTable = table('IdempotencyTable', IDEMPOTENCY_TABLE);
  }

  /** The environment variables the functions read their table names from. */
  get environment(): Record<string, string> {
    return {
      [ENV.stateTable]: this.stateTable.tableName,
      [ENV.ledgerTable]: this.ledgerTable.tableName,
      [ENV.idempotencyTable]: this.idempotencyTable.tableName,
    };
  }
}

/** The shape's global secondary indexes (string keys; INCLUDE the listed attributes, or KEYS_ONLY). */
function withIndexes(shape: TableShape, table: dynamodb.Table): dynamodb.Table {
  for (const index of shape.globalIndexes ?? []) {
    table.addGlobalSecondaryIndex({
      indexName: index.indexName,
      partitionKey: { name: index.partitionKey, type: dynamodb.AttributeType.STRING },
      ...(index.sortKey ? { sortKey: { name: index.sortKey, type: dynamodb.AttributeType.STRING } } : {}),
      ...(index.projection.length
        ? { projectionType: dynamodb.ProjectionType.INCLUDE, nonKeyAttributes: [...index.projection] }
        : { projectionType: dynamodb.ProjectionType.KEYS_ONLY }),
    });
  }
  return table;
}
