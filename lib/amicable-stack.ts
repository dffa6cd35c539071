/**
 * The Amicable stack: wires the data store, the collections bus, the channels, the self-service
 * portal, the journey, intake, conversations (two-way SMS and delivery events), the daily sweep and
 * monitoring together from one validated stage configuration.
 */
import { CfnElement, CfnOutput, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct, type IConstruct } from 'constructs';
import { ENV } from '../functions/commons/environment';
import { JOURNEY_START_DETAIL_TYPES } from '../functions/domain/events';
import { Analytics } from './analytics';
import { recoveryWidgets } from './analytics-dashboard';
import { AnalyticsQuickSight } from './analytics-quicksight';
import { shippedExperiment } from '../functions/application/strategy';
import { Channels } from './channels';
import { NativeSmsVoiceEvents } from './native-sms-voice-events';
import { OperationalAlarms } from './operational-alarms';
import { CollectionsBus } from './collections-bus';
import { portalWafEnabled, type StageConfig } from './config';
import { Conversations } from './conversations';
import { DataStore } from './data-store';
import { Intake } from './ingest';
import { Placement } from './placement';
import { pacingSettings } from './capacity-config';
import { Journey } from './journey';
import type { FunctionDefaults } from './lambda-defaults';
import type { AmicableFunction } from './lambda-defaults';
import { Monitoring } from './monitoring';
import { Portal } from './portal';
import { Sweep } from './sweep';
import type { NagAcknowledgement } from './nag';
import { contactEnvironment } from './contact-config';

export interface AmicableStackProps extends StackProps {
  readonly config: StageConfig;
  /** The portal's static page (index.html, css, js, texts). @default portal/ in the project */
  readonly portalSiteDirectory?: string;
}

/** What every function-owning construct of the stack is given alike. */
interface SharedProps {
  environment: Record<string, string>;
  functionDefaults: FunctionDefaults;
  removalPolicy: RemovalPolicy;
}

export class AmicableStack extends Stack {
  readonly dataStore: DataStore;
  readonly bus: CollectionsBus;
  readonly channels: Channels;
  readonly portal: Portal;
  readonly journey: Journey;
  readonly intake: Intake;
  readonly conversations: Conversations;
  readonly sweep: Sweep;
  readonly monitoring: Monitoring;
  /** End User Messaging's own EventBridge events: delivery status to delivery-events, registration changes alarmed on. */
  readonly nativeSmsVoiceEvents: NativeSmsVoiceEvents;
  readonly analytics: Analytics;
  /** Batch placement: the bucket billing systems drop placement files in, and the state machine that places them. */
  readonly placement: Placement;
  /** Only with analytics.quicksight in the stage config (QuickSight needs an account subscription). */
  readonly quickSight?: AnalyticsQuickSight;

  constructor(scope: Construct, id: string, props: AmicableStackProps) {
    super(scope, id, {
      description: `Amicable collections outreach (${props.config.stage})`,
      ...props,
    });
    const config = props.config;
    const retain = config.removalPolicy === 'retain';
    const removalPolicy = retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    const functionDefaults: FunctionDefaults = {
      logRetention: config.logRetentionDays as logs.RetentionDays,
      logRemovalPolicy: removalPolicy,
    };
    const environment: Record<string, string> = {
      [ENV.businessTimeZone]: config.businessTimeZone,
      [ENV.paymentUrl]: config.paymentUrl,
      [ENV.helpPhoneNumber]: config.helpPhoneNumber,
      ...contactEnvironment(config.contact),
      ...(config.experiment ? { [ENV.experiment]: config.experiment } : {}),
    };

    const shared: SharedProps = { environment, functionDefaults, removalPolicy };
    this.dataStore = new DataStore(this, 'Data', { removalPolicy: config.removalPolicy });

    this.bus = new CollectionsBus(this, 'Bus', {
      eventBusName: `amicable-collections-${config.stage}`,
      billingAccountIds: config.billingAccountIds,
      removalPolicy,
    });

    this.channels = new Channels(this, 'Channels', {
      provider: config.channelProvider,
      sms: config.sms,
      email: config.email,
      pinpointApplicationId: config.pinpointApplicationId,
      removalPolicy,
    });

    // The portal comes before the senders: send and inbound-sms put signed links to it in messages.
    this.portal = this.buildPortal(config, shared, props.portalSiteDirectory);

    const pacing = pacingSettings(config);
    this.journey = new Journey(this, 'Journey', {
      dataStore: this.dataStore,
      channels: this.channels,
      eventBus: this.bus.eventBus,
      environment,
      functionDefaults,
      logRetention: config.logRetentionDays as logs.RetentionDays,
      removalPolicy,
      stateMachineName: `amicable-journey-${config.stage}`,
      portalLinks: this.portal,
      ...(pacing ? { pacing } : {}),
    });

    this.intake = this.buildIntake(shared);

    this.conversations = new Conversations(this, 'Conversations', {
      dataStore: this.dataStore,
      channels: this.channels,
      eventBus: this.bus.eventBus,
      environment,
      functionDefaults,
      removalPolicy,
      portalLinks: this.portal,
      replyModel: config.replies.bedrock,
    });

    // Whatever applies an event that ends or pauses a journey wakes it at once: billing events, replies, the portal.
    for (const fn of [this.intake.lifecycleFunction, this.conversations.inboundSmsFunction, this.portal.portalFunction])
      this.journey.allowWaking(fn);

    this.nativeSmsVoiceEvents = new NativeSmsVoiceEvents(this, 'NativeSmsVoiceEvents', {
      deliveryEventsFunction: this.conversations.deliveryEventsFunction,
      removalPolicy,
    });

    this.sweep = new Sweep(this, 'Sweep', {
      dataStore: this.dataStore,
      journey: this.journey,
      outbox: { eventBus: this.bus.eventBus, channels: this.channels, portalLinks: this.portal },
      timeZone: config.businessTimeZone,
      hour: config.sweepHour,
      environment,
      functionDefaults,
      removalPolicy,
      logRetention: config.logRetentionDays as logs.RetentionDays,
    });

    this.analytics = new Analytics(this, 'Analytics', {
      stage: config.stage,
      dataStore: this.dataStore,
      config: config.analytics,
      environment,
      functionDefaults,
      logRetention: config.logRetentionDays as logs.RetentionDays,
      removalPolicy,
    });

    if (config.analytics.quicksight) this.quickSight = this.buildQuickSight(config);
    this.placement = this.buildPlacement(shared, config);

    this.monitoring = this.buildMonitoring(config);
    this.addOutputs(config);
    acknowledgeNagFindings(this);
  }

  private buildPortal(config: StageConfig, shared: SharedProps, siteDirectory: string | undefined): Portal {
    return new Portal(this, 'Portal', {
      dataStore: this.dataStore,
      eventBus: this.bus.eventBus,
      ...shared,
      check: config.portal.check,
      linkTtlDays: config.portal.linkTtlDays,
      ...(config.portal.lockout ? { lockout: config.portal.lockout } : {}),
      paymentUrl: config.paymentUrl,
      logRetention: config.logRetentionDays as logs.RetentionDays,
      siteDirectory,
      ...(portalWafEnabled(config) ? { waf: { webAclArn: config.portal.waf?.webAclArn } } : {}),
      ...(config.portal.customDomain ? { customDomain: portalDomain(this, config.portal.customDomain) } : {}),
    });
  }

  /** Ingest and lifecycle, and the bus rules that route every billing event to one of them. */
  private buildIntake(shared: SharedProps): Intake {
    const intake = new Intake(this, 'Intake', {
      dataStore: this.dataStore,
      journey: this.journey,
      eventBus: this.bus.eventBus,
      ...shared,
    });
    this.bus.routeDetailTypes('Ingest', JOURNEY_START_DETAIL_TYPES, intake.ingestFunction, {
      description: 'Events that start a journey go to ingest',
    });
    // Everything else a billing system sends goes to lifecycle, which applies the known detail-types
    // and rejects (and keeps, with the reason) any it does not know: nothing is silently dropped.
    this.bus.routeDetailTypes('Lifecycle', { anythingBut: JOURNEY_START_DETAIL_TYPES }, intake.lifecycleFunction, {
      description: 'Payments, opt-outs, cease requests, closures and unknown detail-types go to lifecycle',
    });
    return intake;
  }

  private buildPlacement(shared: SharedProps, config: StageConfig): Placement {
    return new Placement(this, 'Placement', {
      dataStore: this.dataStore,
      journey: this.journey,
      eventBus: this.bus.eventBus,
      accessLogsBucket: this.analytics.accessLogsBucket,
      logRetention: config.logRetentionDays as logs.RetentionDays,
      ...shared,
    });
  }

  private buildQuickSight(config: StageConfig): AnalyticsQuickSight {
    const quickSight = new AnalyticsQuickSight(this, 'QuickSight', {
      stage: config.stage,
      analytics: this.analytics,
      config: config.analytics.quicksight!,
      currencies: config.analytics.currencies,
    });
    new CfnOutput(this, 'QuickSightDashboardId', {
      value: quickSight.dashboard.dashboardId,
      description: 'QuickSight dashboard over the KPI views',
    });
    return quickSight;
  }

  /** The dashboard, its alarms, the operational alarms and the recovery widgets (per currency and variant). */
  private buildMonitoring(config: StageConfig): Monitoring {
    const monitoring = new Monitoring(this, 'Monitoring', {
      stateMachine: this.journey.stateMachine,
      functions: this.functions,
      deadLetterQueues: this.deadLetterQueues,
      portalApi: this.portal.httpApi,
      alarmEmail: config.alarmEmail,
      dashboardName: `Amicable-${config.stage}`,
    });
    new OperationalAlarms(this, 'OperationalAlarms', {
      alarmTopic: monitoring.alarmTopic,
      functions: this.functions,
      tables: [this.dataStore.stateTable, this.dataStore.ledgerTable, this.dataStore.idempotencyTable],
      stateMachine: this.journey.stateMachine,
      portalApi: this.portal.httpApi,
      registrationRule: this.nativeSmsVoiceEvents.registrationRule,
      workflows: [this.sweep.workflow, this.placement.workflow],
    });

    const variants = config.experiment ? shippedExperiment(config.experiment).variants.map((v) => v.id) : [];
    monitoring.dashboard.addWidgets(...recoveryWidgets(config.analytics.currencies, variants));
    return monitoring;
  }

  private addOutputs(config: StageConfig): void {
    new CfnOutput(this, 'AnalyticsWorkgroup', {
      value: this.analytics.workgroup.ref,
      description: 'Athena workgroup with a named query per KPI view',
    });
    new CfnOutput(this, 'EventBusName', { value: this.bus.eventBus.eventBusName });
    new CfnOutput(this, 'EventBusArn', { value: this.bus.eventBus.eventBusArn });
    new CfnOutput(this, 'StateMachineArn', { value: this.journey.stateMachine.stateMachineArn });
    new CfnOutput(this, 'SmsEventsTopicArn', { value: this.channels.smsEventsTopic.topicArn });
    this.addTwoWaySmsOutputs(config);
    new CfnOutput(this, 'PortalUrl', {
      value: this.portal.url,
      description: 'The self-service portal (CloudFront): messages link to it with signed, expiring links.',
    });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.monitoring.alarmTopic.topicArn });
    new CfnOutput(this, 'StateTableName', { value: this.dataStore.stateTable.tableName });
    new CfnOutput(this, 'LedgerTableName', { value: this.dataStore.ledgerTable.tableName });
  }

  /** Two-way SMS is enabled by the operator (the identity is given, not created): the outputs say how. */
  private addTwoWaySmsOutputs(config: StageConfig): void {
    const twoWay = twoWaySmsCommand(config.sms.originationIdentity);
    new CfnOutput(this, 'InboundSmsTopicArn', {
      value: this.conversations.inboundTopic.topicArn,
      description:
        'Two-way SMS: replies arrive on this topic once two-way SMS is enabled on the origination identity (not done by the stack: the identity is given, not created). ' +
        `Run: aws pinpoint-sms-voice-v2 ${twoWay.verb} ${twoWay.idOption} ${twoWay.id} --two-way-enabled --two-way-channel-arn <InboundSmsTopicArn> --two-way-channel-role <TwoWayChannelRoleArn> ` +
        '(output EnableTwoWaySmsCommand is that command, filled in).',
    });
    new CfnOutput(this, 'OptOutListArn', {
      value: this.channels.optOutList.attrArn,
      description: `The opt-out list STOP replies land in: attached to the origination identity by EnableTwoWaySmsCommand (${twoWay.verb} --opt-out-list-name).`,
    });
    new CfnOutput(this, 'TwoWayChannelRoleArn', {
      value: this.conversations.twoWayChannelRole.roleArn,
      description:
        'Two-way SMS: the role End User Messaging SMS assumes to publish replies to InboundSmsTopicArn. Pass it as --two-way-channel-role ' +
        `to aws pinpoint-sms-voice-v2 ${twoWay.verb} ${twoWay.idOption} ${twoWay.id} --two-way-enabled --two-way-channel-arn <InboundSmsTopicArn>.`,
    });
    new CfnOutput(this, 'EnableTwoWaySmsCommand', {
      value: [
        'aws pinpoint-sms-voice-v2',
        twoWay.verb,
        twoWay.idOption,
        twoWay.id,
        '--two-way-enabled --two-way-channel-arn',
        this.conversations.inboundTopic.topicArn,
        '--two-way-channel-role',
        this.conversations.twoWayChannelRole.roleArn,
        // STOP lands in the stack's opt-out list, the list every send from this identity is checked against.
        '--opt-out-list-name',
        this.channels.optOutList.attrArn,
        '--no-self-managed-opt-outs-enabled',
        '--region',
        this.region,
      ].join(' '),
      description:
        "Run once after the first deploy: turns on two-way SMS for the origination identity, delivering replies to inbound-sms, and attaches the stack's opt-out list (a STOP is added to it; sends from the identity are checked against it).",
    });
  }

  /** All twelve functions (one per handler in functions/commons/environment.ts HANDLERS). */
  get functions(): AmicableFunction[] {
    return [
      ...this.intake.functions,
      ...this.conversations.functions,
      ...this.journey.functions,
      this.sweep.sweepFunction,
      this.portal.portalFunction,
      this.analytics.factsFunction,
      ...this.placement.functions,
    ];
  }

  /** Every dead-letter and on-failure queue: each is alarmed on depth. */
  get deadLetterQueues(): sqs.Queue[] {
    return [
      ...this.bus.deadLetterQueues,
      this.intake.failureQueue,
      this.sweep.deadLetterQueue,
      this.journey.resume.deadLetterQueue,
      ...this.conversations.deadLetterQueues,
      this.nativeSmsVoiceEvents.deadLetterQueue,
      this.analytics.deadLetterQueue,
      this.placement.deadLetterQueue,
    ];
  }
}

/**
 * The pinpoint-sms-voice-v2 command that turns two-way SMS on for the SMS origination identity: a pool
 * (update-pool) or a phone number (update-phone-number). Both take an id or an ARN. A sender ID cannot
 * receive replies; a Pinpoint origination number is given as E.164, which the API does not take.
 */
export function twoWaySmsCommand(originationIdentity: string): { verb: string; idOption: string; id: string } {
  const id = originationIdentity.startsWith('arn:')
    ? originationIdentity.slice(originationIdentity.lastIndexOf('/') + 1)
    : originationIdentity;
  if (id.startsWith('pool-')) return { verb: 'update-pool', idOption: '--pool-id', id };
  if (id.startsWith('phone-')) return { verb: 'update-phone-number', idOption: '--phone-number-id', id };
  return { verb: 'update-phone-number', idOption: '--phone-number-id', id: '<phone-number-id of the number that receives replies>' };
}

/** The portal's certificates, imported by ARN (ACM issues and renews them; DNS validation is yours). */
function portalDomain(scope: Construct, d: NonNullable<StageConfig['portal']['customDomain']>) {
  const cert = (id: string, arn: string) => acm.Certificate.fromCertificateArn(scope, id, arn);
  return {
    domainNames: d.domainNames,
    certificate: cert('PortalCertificate', d.certificateArn),
    ...(d.api ? { api: { domainName: d.api.domainName, certificate: cert('PortalApiCertificate', d.api.certificateArn) } } : {}),
  };
}

/**
 * Every cdk-nag (AwsSolutions) finding this stack accepts, each with its reason, on the narrowest
 * construct it applies to. Kept in one place so a reviewer sees them all.
 */
export function nagAcknowledgements(stack: AmicableStack): NagAcknowledgement[] {
  const acks: NagAcknowledgement[] = [];
  const ack = (scope: IConstruct, id: string, reason: string) => acks.push({ scope, id, reason });
  const role = (fn: AmicableFunction) => fn.role as IConstruct;

  for (const fn of stack.functions) {
    ack(
      role(fn),
      'AwsSolutions-IAM5[Resource::*]',
      'Only xray:PutTraceSegments and xray:PutTelemetryRecords (active tracing): X-Ray has no resource-level permissions.',
    );
  }
  // Every function writes to a table (decide and record append to the ledger, ...).
  for (const fn of stack.functions) {
    for (const action of ['kms:ReEncrypt*', 'kms:GenerateDataKey*']) {
      ack(
        role(fn),
        `AwsSolutions-IAM5[Action::${action}]`,
        "Key grants on two of the stack's customer-managed keys only (each statement names the key ARN): the tables' key, through aws-cdk-lib's table read-write grant (the portal's own item grant mirrors it), and the queues' key, through the queue send grant of a function's on-failure destination or dead-letter queue. GenerateDataKey* encrypts what is written or sent; ReEncrypt* comes with those grants and, scoped to these ARNs, can only move data between them.",
      );
    }
  }
  acks.push(...stack.journey.resume.nagAcknowledgements);
  // aws-cdk-lib's table grants cover the table's indexes too; only the sweep reads them (its own Query grant names each).
  const stateTableId = stack.getLogicalId(stack.dataStore.stateTable.node.defaultChild as CfnElement);
  for (const fn of stack.functions.filter((f) => f !== stack.sweep.sweepFunction)) {
    ack(
      role(fn),
      `AwsSolutions-IAM5[Resource::<${stateTableId}.Arn>/index/*]`,
      "Added by aws-cdk-lib's table read/write grant for the table's indexes (the sweep's sparse indexes): this function never queries them.",
    );
  }
  const executions = `Resource::arn:<AWS::Partition>:states:${stack.region}:${stack.account}:execution:${stack.journey.stateMachineName}:*`;
  for (const fn of [stack.intake.ingestFunction, stack.sweep.sweepFunction]) {
    ack(
      role(fn),
      `AwsSolutions-IAM5[${executions}]`,
      'states:DescribeExecution on the executions of the one journey state machine: execution names (account + cycle) are only known at run time.',
    );
  }
  ack(
    stack.journey.stateMachine.role,
    'AwsSolutions-IAM5[Resource::*]',
    'Step Functions logging (logs:CreateLogDelivery and friends) and X-Ray tracing APIs have no resource-level permissions.',
  );
  const sweepId = stack.getLogicalId(stack.sweep.sweepFunction.node.defaultChild as CfnElement);
  ack(
    stack.sweep.schedulerRole,
    `AwsSolutions-IAM5[Resource::<${sweepId}.Arn>:*]`,
    'Added by the aws-scheduler-targets LambdaInvoke grant (function and its versions); the role is assumable only by EventBridge Scheduler for this account and names only the sweep function.',
  );
  for (const q of stack.deadLetterQueues) {
    ack(
      q,
      'AwsSolutions-SQS3',
      'This queue is itself a dead-letter queue (EventBridge target DLQ, SNS subscription redrive queue, Lambda on-failure destination or Scheduler DLQ); it is alarmed on depth, and a DLQ for it would add nothing.',
    );
  }
  // The portal's (CloudFront, the API routes, the origin secret, the CDK page deployment): each is made
  // in lib/portal.ts next to the resource it is about.
  acks.push(
    ...stack.portal.nagAcknowledgements,
    ...stack.analytics.nagAcknowledgements,
    ...stack.placement.nagAcknowledgements,
    ...(stack.quickSight?.nagAcknowledgements ?? []),
  );
  acks.push(...stack.sweep.nagAcknowledgements);
  return acks;
}

function acknowledgeNagFindings(stack: AmicableStack): void {
  for (const a of nagAcknowledgements(stack)) {
    Validations.of(a.scope).acknowledge({ id: a.id, reason: a.reason });
  }
}
