/**
 * The collections bus: where billing systems put their events. A custom EventBridge bus encrypted
 * with a customer-managed key (the events carry contact details), an archive of every event for
 * replay, a schema registry with one schema per billing detail-type, and rules that route events to
 * their handlers with retries and a dead-letter queue per target.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as eventschemas from 'aws-cdk-lib/aws-eventschemas';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { billingEventJsonSchemas, type BillingDetailType } from '../functions/domain/events';
import { encryptedQueue } from './encryption';

export interface CollectionsBusProps {
  /** @default 'amicable-collections' */
  readonly eventBusName?: string;
  /** Accounts whose billing systems may PutEvents on this bus (resource policy). @default none */
  readonly billingAccountIds?: string[];
  /** How long the archive keeps events. @default 365 days */
  readonly archiveRetention?: Duration;
  /** Key for the bus. @default a new customer-managed key with rotation on */
  readonly encryptionKey?: kms.IKey;
  /**
   * Key for the archive. A separate key: the archive's key policy names the bus, and the bus names its
   * own key, so one key for both would be a circular dependency. @default a new customer-managed key
   */
  readonly archiveEncryptionKey?: kms.IKey;
  /** @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
  /** Retries of a rule target before the event goes to its dead-letter queue. @default 8 */
  readonly retryAttempts?: number;
  /** @default 24 hours */
  readonly maxEventAge?: Duration;
}

export interface RouteOptions {
  /** Short description for the rule. */
  readonly description?: string;
}

export class CollectionsBus extends Construct {
  readonly eventBus: events.EventBus;
  readonly key: kms.IKey;
  readonly archiveKey: kms.IKey;
  readonly archive: events.Archive;
  readonly registry: eventschemas.CfnRegistry;
  readonly schemas: Record<BillingDetailType, eventschemas.CfnSchema>;
  /** One dead-letter queue per routed target. */
  readonly deadLetterQueues: sqs.Queue[] = [];
  readonly rules: events.Rule[] = [];

  private readonly retryAttempts: number;
  private readonly maxEventAge: Duration;
  private readonly removalPolicy: RemovalPolicy;

  constructor(scope: Construct, id: string, props: CollectionsBusProps = {}) {
    super(scope, id);
    this.retryAttempts = props.retryAttempts ?? 8;
    this.maxEventAge = props.maxEventAge ?? Duration.hours(24);
    this.removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;

    this.key =
      props.encryptionKey ??
      new kms.Key(this, 'Key', {
        description: 'Amicable collections bus (events carry contact details)',
        enableKeyRotation: true,
        removalPolicy: this.removalPolicy,
      });

    this.eventBus = new events.EventBus(this, 'Bus', {
      eventBusName: props.eventBusName ?? 'amicable-collections',
      description: 'Billing events for Amicable (AccountOverdue, PaymentReceived, ...) and its own events',
      kmsKey: this.key,
    });

    this.archiveKey =
      props.archiveEncryptionKey ??
      new kms.Key(this, 'ArchiveKey', {
        description: 'Amicable collections bus archive (events carry contact details)',
        enableKeyRotation: true,
        removalPolicy: this.removalPolicy,
      });
    this.archive = new events.Archive(this, 'Archive', {
      sourceEventBus: this.eventBus,
      description: 'Every event on the collections bus, for replay',
      // Every EventBridge event has version "0": this pattern archives all of them, any account.
      eventPattern: { version: ['0'] },
      retention: props.archiveRetention ?? Duration.days(365),
      kmsKey: this.archiveKey,
    });

    if (props.billingAccountIds?.length) {
      for (const account of props.billingAccountIds) {
        if (!/^\d{12}$/.test(account)) throw new Error(`billingAccountIds: '${account}' is not a 12-digit account id`);
      }
      this.eventBus.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: 'AllowBillingAccountsPutEvents',
          actions: ['events:PutEvents'],
          principals: props.billingAccountIds.map((a) => new iam.AccountPrincipal(a)),
          resources: [this.eventBus.eventBusArn],
        }),
      );
    }

    this.registry = new eventschemas.CfnRegistry(this, 'Registry', {
      registryName: `${this.eventBus.eventBusName}-schemas`,
      description: 'Schemas of the billing events Amicable accepts on the collections bus',
    });
    const detailSchemas = billingEventJsonSchemas();
    this.schemas = Object.fromEntries(
      (Object.keys(detailSchemas) as BillingDetailType[]).map((detailType) => {
        const schema = new eventschemas.CfnSchema(this, `Schema${detailType}`, {
          registryName: this.registry.attrRegistryName,
          schemaName: `amicable@${detailType}`,
          type: 'JSONSchemaDraft4',
          description: `Billing event ${detailType}: the EventBridge envelope with its detail`,
          content: JSON.stringify(envelopeSchema(detailType, detailSchemas[detailType])),
        });
        return [detailType, schema];
      }),
    ) as Record<BillingDetailType, eventschemas.CfnSchema>;
  }

  /**
   * Routes events of the given detail-types to a function, with retries and a dead-letter queue.
   * Amicable's own events (source 'amicable') are never routed back to the handlers.
   */
  routeDetailTypes(
    id: string,
    /** The detail-types to route, or every detail-type except these (a catch-all). */
    detailTypes: readonly BillingDetailType[] | { anythingBut: readonly BillingDetailType[] },
    handler: lambda.IFunction,
    options: RouteOptions = {},
  ): events.Rule {
    const deadLetterQueue = encryptedQueue(this, `${id}DeadLetterQueue`, this.removalPolicy);
    const rule = new events.Rule(this, `${id}Rule`, {
      eventBus: this.eventBus,
      description: options.description ?? `${describeDetailTypes(detailTypes)} to ${id}`,
      eventPattern: {
        detailType: 'anythingBut' in detailTypes ? events.Match.anythingBut(...detailTypes.anythingBut) : [...detailTypes],
        source: events.Match.anythingBut('amicable'),
      },
      targets: [
        new targets.LambdaFunction(handler, {
          deadLetterQueue,
          retryAttempts: this.retryAttempts,
          maxEventAge: this.maxEventAge,
        }),
      ],
    });
    this.deadLetterQueues.push(deadLetterQueue);
    this.rules.push(rule);
    return rule;
  }

  /** Lets a principal put Amicable's own events (e.g. AgentHandoffRequested) on the bus. */
  grantPutEvents(grantee: iam.IGrantable): iam.Grant {
    return this.eventBus.grantPutEventsTo(grantee);
  }
}

/**
 * EventBridge schemas describe the whole event: the envelope, with the billing detail as `detail`.
 * zod emits draft-4 JSON Schema for the detail; its $schema moves to the envelope.
 */
function describeDetailTypes(detailTypes: readonly string[] | { anythingBut: readonly string[] }): string {
  return 'anythingBut' in detailTypes ? `every detail-type but ${detailTypes.anythingBut.join(', ')}` : detailTypes.join(', ');
}

export function envelopeSchema(detailType: string, detail: object): object {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { $schema, ...detailBody } = detail as Record<string, unknown>;
  return {
    $schema: 'http://json-schema.org/draft-04/schema#',
    title: detailType,
    type: 'object',
    'x-amazon-events-detail-type': detailType,
    required: ['detail-type', 'source', 'detail'],
    properties: {
      version: { type: 'string' },
      id: { type: 'string' },
      'detail-type': { type: 'string', enum: [detailType] },
      source: { type: 'string' },
      account: { type: 'string' },
      time: { type: 'string', format: 'date-time' },
      region: { type: 'string' },
      resources: { type: 'array', items: { type: 'string' } },
      detail: { $ref: `#/definitions/${detailType}` },
    },
    definitions: { [detailType]: detailBody },
  };
}
