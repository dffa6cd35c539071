/**
 * Intake: the ingest function (AccountOverdue -> start the journey, one execution per account per
 * cycle) and the lifecycle function (payments, opt-outs, cease requests, closures -> account state).
 * EventBridge invokes them asynchronously; failures after Lambda's own retries land in an
 * on-failure queue, so no event is silently dropped.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type * as events from 'aws-cdk-lib/aws-events';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ENV } from '../functions/commons/environment';
import type { DataStore } from './data-store';
import type { Journey } from './journey';
import type { FunctionDefaults } from './lambda-defaults';
import { AmicableFunction } from './lambda-defaults';
import { encryptedQueue } from './encryption';
import { grantOutbox } from './outbox-access';

export interface IntakeProps {
  readonly dataStore: DataStore;
  readonly journey: Journey;
  readonly eventBus: events.IEventBus;
  /** Environment variables every function gets (time zone, payment URL, ...). */
  readonly environment?: Record<string, string>;
  readonly functionDefaults?: FunctionDefaults;
  /** @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
  /** Lambda's own retries of a failed asynchronous invocation. @default 2 */
  readonly retryAttempts?: number;
}

export class Intake extends Construct {
  readonly ingestFunction: AmicableFunction;
  readonly lifecycleFunction: AmicableFunction;
  /** Asynchronous invocations that failed every attempt (ingest and lifecycle). */
  readonly failureQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: IntakeProps) {
    super(scope, id);
    const { dataStore, journey } = props;
    this.failureQueue = encryptedQueue(this, 'FailureQueue', props.removalPolicy ?? RemovalPolicy.RETAIN);
    const onFailure = new destinations.SqsDestination(this.failureQueue);
    const environment = {
      ...dataStore.environment,
      [ENV.eventBusName]: props.eventBus.eventBusName,
      ...props.environment,
    };
    const fn = (fid: string, handler: 'ingest' | 'lifecycle', extra: Record<string, string> = {}) =>
      new AmicableFunction(this, fid, {
        ...props.functionDefaults,
        handler,
        environment: { ...environment, ...extra },
        onFailure,
        retryAttempts: props.retryAttempts ?? 2,
        maxEventAge: Duration.hours(6),
      });
    this.ingestFunction = fn('Ingest', 'ingest', { [ENV.stateMachineArn]: journey.stateMachine.stateMachineArn });
    this.lifecycleFunction = fn('Lifecycle', 'lifecycle');

    for (const f of [this.ingestFunction, this.lifecycleFunction]) {
      // Account state and journey dedupe records; ledger entries and rejections (appends only);
      // Powertools idempotency records (one per EventBridge event id).
      dataStore.stateTable.grantReadWriteData(f);
      dataStore.ledgerTable.grantWriteData(f);
      dataStore.idempotencyTable.grantReadWriteData(f);
      // Hand-offs their events owe (a complaint, a callback, forbearance beyond the journey; parked ones
      // applied when the account arrives): never replies, those come from inbound-sms.
      grantOutbox(f, { dataStore, eventBus: props.eventBus });
    }
    // Only ingest starts journeys (and checks whether one is still running).
    journey.grantStartAndDescribe(this.ingestFunction);
  }

  get functions(): AmicableFunction[] {
    return [this.ingestFunction, this.lifecycleFunction];
  }
}
