/**
 * Conversations: what comes back from customers and from the channels.
 *
 * - Two-way SMS. End User Messaging SMS and Voice v2 publishes replies to the phone number (or pool)
 *   to an SNS topic. The topic here is encrypted with a customer-managed key (replies carry phone
 *   numbers and free text), its policy and its key let `sms-voice.amazonaws.com` publish for this
 *   account, and a two-way channel role does the same for operators who prefer to hand End User
 *   Messaging a role (`--two-way-channel-role`). The origination identity is given, not created, so
 *   the operator turns two-way SMS on with the stack outputs (see amicable-stack.ts).
 *   The inbound-sms function answers the keywords (STOP, HELP, PAY, ...), records the reply and hands
 *   the account to a person when the reply asks for one.
 * - Delivery events. The delivery-events function takes the SMS/voice configuration set's events
 *   (the channels' SNS topic) and the SES events of this stack's configuration set (an EventBridge
 *   rule on the account's default bus, where SES publishes them) and records them on the account.
 *
 * Every path into a function has somewhere to fail to: SNS subscriptions redrive to a queue, the
 * EventBridge rule has a dead-letter queue and retries, and each function sends asynchronous
 * invocations that failed every attempt to its own on-failure queue.
 */
import { ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ENV } from '../functions/commons/environment';
import type { Channels } from './channels';
import type { DataStore } from './data-store';
import type { FunctionDefaults } from './lambda-defaults';
import { AmicableFunction } from './lambda-defaults';
import type { PortalLinks } from './portal';
import { publisherTopicKey } from './topic-key';
import { useReplyModel, type ReplyModelConfig } from './reply-model';
import { encryptedQueue } from './encryption';

/** The SES email sending events (EventBridge detail-types, source aws.ses) delivery-events handles. */
export const SES_EVENT_DETAIL_TYPES = [
  'Email Sent',
  'Email Delivered',
  'Email Delivery Delayed',
  'Email Bounced',
  'Email Complaint Received',
  'Email Rejected',
  'Email Opened',
  'Email Clicked',
  'Email Subscribed',
] as const;

/** The field of an SES event that names the configuration set the email was sent with (an array). */
export const SES_CONFIGURATION_SET_TAG = 'ses:configuration-set';

const SMS_VOICE_PRINCIPAL = 'sms-voice.amazonaws.com';

export interface ConversationsProps {
  readonly dataStore: DataStore;
  readonly channels: Channels;
  /** Where AgentHandoffRequested (and other Amicable events) go: the collections bus. */
  readonly eventBus: events.IEventBus;
  /** Environment variables every function gets (time zone, payment URL, help number, ...). */
  readonly environment?: Record<string, string>;
  readonly functionDefaults?: FunctionDefaults;
  /** Key for the inbound SMS topic. @default a new customer-managed key with rotation on */
  readonly encryptionKey?: kms.IKey;
  /** Removal policy of the key and the queues. @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
  /** Lambda's own retries of a failed asynchronous invocation. @default 2 */
  readonly retryAttempts?: number;
  /** Retries of the SES events rule target before the event goes to its dead-letter queue. @default 8 */
  readonly eventRetryAttempts?: number;
  /** @default 24 hours */
  readonly eventMaxAge?: Duration;
  /** The portal: inbound-sms puts signed portal links in its replies (PAY, HELP, ...). @default no links */
  readonly portalLinks?: PortalLinks;
  /** A second reading of replies the rules cannot place (stage config replies.bedrock). @default none */
  readonly replyModel?: ReplyModelConfig;
}

export class Conversations extends Construct {
  /** Where End User Messaging publishes two-way SMS replies. */
  readonly inboundTopic: sns.Topic;
  readonly inboundKey: kms.IKey;
  /** The role End User Messaging may assume to publish replies to the inbound topic. */
  readonly twoWayChannelRole: iam.Role;
  readonly inboundSmsFunction: AmicableFunction;
  readonly deliveryEventsFunction: AmicableFunction;
  /** SES events of this stack's configuration set, on the default bus, to delivery-events. */
  readonly sesEventsRule: events.Rule;
  /** Asynchronous invocations of inbound-sms that failed every attempt. */
  readonly inboundSmsFailureQueue: sqs.Queue;
  /** Asynchronous invocations of delivery-events that failed every attempt. */
  readonly deliveryEventsFailureQueue: sqs.Queue;
  /** Replies SNS could not deliver to inbound-sms (redrive policy of the subscription). */
  readonly inboundSubscriptionDeadLetterQueue: sqs.Queue;
  /** SMS/voice events SNS could not deliver to delivery-events (redrive policy of the subscription). */
  readonly smsEventsSubscriptionDeadLetterQueue: sqs.Queue;
  /** SES events EventBridge could not deliver to delivery-events. */
  readonly sesEventsDeadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: ConversationsProps) {
    super(scope, id);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    this.inboundKey = publisherTopicKey(this, 'InboundSmsKey', {
      ...(props.encryptionKey ? { key: props.encryptionKey } : {}),
      description: 'Amicable inbound SMS topic (replies carry phone numbers and free text)',
      removalPolicy,
      sid: 'AllowSmsVoiceToPublishEncrypted',
      servicePrincipal: SMS_VOICE_PRINCIPAL,
      conditions: this.smsVoiceSource(),
    });
    this.inboundTopic = this.buildInboundTopic();
    this.twoWayChannelRole = this.buildTwoWayChannelRole();

    // --- Queues: where anything that could not be handled waits, alarmed on depth (monitoring.ts) ---
    const queue = (qid: string) => encryptedQueue(this, qid, removalPolicy);
    this.inboundSmsFailureQueue = queue('InboundSmsFailureQueue');
    this.deliveryEventsFailureQueue = queue('DeliveryEventsFailureQueue');
    this.inboundSubscriptionDeadLetterQueue = queue('InboundSmsSubscriptionDeadLetterQueue');
    this.smsEventsSubscriptionDeadLetterQueue = queue('SmsEventsSubscriptionDeadLetterQueue');
    this.sesEventsDeadLetterQueue = queue('SesEventsDeadLetterQueue');

    [this.inboundSmsFunction, this.deliveryEventsFunction] = this.buildFunctions(props);
    this.subscribeInboundAndSmsEvents(props.channels);
    this.sesEventsRule = this.buildSesEventsRule(props);
  }

  /** End User Messaging publishes on behalf of an origination identity of this account and Region. */
  private smsVoiceSource() {
    const stack = Stack.of(this);
    return {
      StringEquals: { 'aws:SourceAccount': stack.account },
      ArnLike: {
        'aws:SourceArn': stack.formatArn({ service: 'sms-voice', resource: '*', arnFormat: ArnFormat.NO_RESOURCE_NAME }),
      },
    };
  }

  /** The inbound SMS topic (with the key made before it) and the policy that lets End User Messaging publish. */
  private buildInboundTopic(): sns.Topic {
    const topic = new sns.Topic(this, 'InboundSmsTopic', {
      displayName: 'Amicable inbound SMS (two-way replies)',
      masterKey: this.inboundKey,
      enforceSSL: true,
    });
    // Without a two-way channel role, End User Messaging publishes as itself: the topic policy allows it.
    topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowSmsVoicePublish',
        principals: [new iam.ServicePrincipal(SMS_VOICE_PRINCIPAL)],
        actions: ['sns:Publish'],
        resources: [topic.topicArn],
        conditions: this.smsVoiceSource(),
      }),
    );
    return topic;
  }

  /** With a two-way channel role, End User Messaging assumes this role: publish to this one topic, with its key. */
  private buildTwoWayChannelRole(): iam.Role {
    const stack = Stack.of(this);
    const role = new iam.Role(this, 'TwoWayChannelRole', {
      assumedBy: new iam.ServicePrincipal(SMS_VOICE_PRINCIPAL, {
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
      description: 'Amicable two-way SMS: lets End User Messaging SMS publish replies to the inbound SMS topic',
    });
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'PublishInboundSms',
        actions: ['sns:Publish'],
        resources: [this.inboundTopic.topicArn],
      }),
    );
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'UseInboundSmsTopicKey',
        // What an SNS publisher needs on the topic's key (server-side encryption).
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: [this.inboundKey.keyArn],
      }),
    );
    return role;
  }

  /** inbound-sms and delivery-events, each with its failure queue, and what each may touch. */
  private buildFunctions(props: ConversationsProps): [AmicableFunction, AmicableFunction] {
    const { dataStore, channels, eventBus } = props;
    const environment = {
      ...dataStore.environment,
      [ENV.eventBusName]: eventBus.eventBusName,
      ...props.environment,
    };
    const fn = (fid: string, handler: 'inbound-sms' | 'delivery-events', failures: sqs.IQueue, extra: Record<string, string> = {}) =>
      new AmicableFunction(this, fid, {
        ...props.functionDefaults,
        handler,
        environment: { ...environment, ...extra },
        onFailure: new destinations.SqsDestination(failures),
        retryAttempts: props.retryAttempts ?? 2,
        maxEventAge: Duration.hours(6),
      });
    // inbound-sms answers on the channels (STOP/HELP confirmations, replies): the send function's settings.
    const inboundSms = fn('InboundSms', 'inbound-sms', this.inboundSmsFailureQueue, {
      ...channels.environment,
      ...props.portalLinks?.linkEnvironment,
    });
    const deliveryEvents = fn('DeliveryEvents', 'delivery-events', this.deliveryEventsFailureQueue);

    for (const f of [inboundSms, deliveryEvents]) {
      // Account state (opt-outs, replies, bounces, complaints), the contact ledger (the reply or the
      // delivery outcome, read to find the contact it belongs to), and Powertools idempotency records
      // (one per SNS message id / EventBridge event id: both are delivered at least once).
      dataStore.stateTable.grantReadWriteData(f);
      dataStore.ledgerTable.grantReadWriteData(f);
      dataStore.idempotencyTable.grantReadWriteData(f);
      // AgentHandoffRequested: a reply asking for a person, an email complaint.
      eventBus.grantPutEventsTo(f);
    }
    // Only inbound-sms answers customers; delivery-events never sends anything.
    channels.grantSend(inboundSms);
    // ... with signed portal links in them (kms:GenerateMac on the link key only).
    props.portalLinks?.grantGenerateMac(inboundSms);
    // ... and, when the stage turns it on, may ask one Bedrock model about replies the rules cannot place.
    if (props.replyModel) useReplyModel(inboundSms, props.replyModel);
    return [inboundSms, deliveryEvents];
  }

  /** Replies to inbound-sms, SMS and voice events to delivery-events. SNS decrypts before it invokes Lambda: no key grant. */
  private subscribeInboundAndSmsEvents(channels: ConversationsProps['channels']): void {
    this.inboundTopic.addSubscription(
      new subscriptions.LambdaSubscription(this.inboundSmsFunction, {
        deadLetterQueue: this.inboundSubscriptionDeadLetterQueue,
      }),
    );
    channels.smsEventsTopic.addSubscription(
      new subscriptions.LambdaSubscription(this.deliveryEventsFunction, {
        deadLetterQueue: this.smsEventsSubscriptionDeadLetterQueue,
      }),
    );
  }

  /** SES publishes email events only to the default bus; this rule takes this stack's configuration set's. */
  private buildSesEventsRule(props: ConversationsProps): events.Rule {
    const { channels } = props;
    return new events.Rule(this, 'SesEventsRule', {
      eventBus: channels.emailEventBus,
      description: 'Amicable: SES email events of its configuration set to delivery-events',
      eventPattern: {
        source: ['aws.ses'],
        detailType: [...SES_EVENT_DETAIL_TYPES],
        detail: {
          mail: { tags: { [SES_CONFIGURATION_SET_TAG]: [channels.emailConfigurationSet.configurationSetName] } },
        },
      },
      targets: [
        new targets.LambdaFunction(this.deliveryEventsFunction, {
          deadLetterQueue: this.sesEventsDeadLetterQueue,
          retryAttempts: props.eventRetryAttempts ?? 8,
          maxEventAge: props.eventMaxAge ?? Duration.hours(24),
        }),
      ],
    });
  }

  get functions(): AmicableFunction[] {
    return [this.inboundSmsFunction, this.deliveryEventsFunction];
  }

  /** Every queue here is a dead-letter queue of some kind: each gets a depth alarm. */
  get deadLetterQueues(): sqs.Queue[] {
    return [
      this.inboundSmsFailureQueue,
      this.deliveryEventsFailureQueue,
      this.inboundSubscriptionDeadLetterQueue,
      this.smsEventsSubscriptionDeadLetterQueue,
      this.sesEventsDeadLetterQueue,
    ];
  }
}
