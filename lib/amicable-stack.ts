/**
 * The Amicable stack: wires the data store, the collections bus, the channels, the self-service
 * portal, the journey, intake, conversations (two-way SMS and delivery events), the daily sweep and
 * monitoring together from one validated stage configuration.
 */
import { CfnOutput, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
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
import type { AmicableFunction, FunctionDefaults } from './lambda-defaults';
import { Monitoring } from './monitoring';
import { Portal } from './portal';
import { Sweep } from './sweep';
import { acknowledgeNagFindings } from './stack-nag';
import { addStackOutputs } from './stack-outputs';
import type { StackParts } from './stack-parts';
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

export class AmicableStack extends Stack implements StackParts {
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
    const shared = sharedProps(config);
    this.dataStore = new DataStore(this, 'Data', { removalPolicy: config.removalPolicy });

    this.bus = new CollectionsBus(this, 'Bus', {
      eventBusName: `amicable-collections-${config.stage}`,
      billingAccountIds: config.billingAccountIds,
      removalPolicy: shared.removalPolicy,
    });

    this.channels = new Channels(this, 'Channels', {
      provider: config.channelProvider,
      sms: config.sms,
      email: config.email,
      pinpointApplicationId: config.pinpointApplicationId,
      removalPolicy: shared.removalPolicy,
    });

    // The portal comes before the senders: send and inbound-sms put signed links to it in messages.
    this.portal = this.buildPortal(config, shared, props.portalSiteDirectory);
    this.journey = this.buildJourney(config, shared);
    this.intake = this.buildIntake(shared);
    this.conversations = this.buildConversations(config, shared);
    // Whatever applies an event that ends or pauses a journey wakes it at once: billing events, replies, the portal.
    for (const fn of [this.intake.lifecycleFunction, this.conversations.inboundSmsFunction, this.portal.portalFunction])
      this.journey.allowWaking(fn);
    this.nativeSmsVoiceEvents = new NativeSmsVoiceEvents(this, 'NativeSmsVoiceEvents', {
      deliveryEventsFunction: this.conversations.deliveryEventsFunction,
      removalPolicy: shared.removalPolicy,
    });
    this.sweep = this.buildSweep(config, shared);
    this.analytics = this.buildAnalytics(config, shared);
    if (config.analytics.quicksight) this.quickSight = this.buildQuickSight(config);
    this.placement = this.buildPlacement(shared, config);

    this.monitoring = this.buildMonitoring(config);
    addStackOutputs(this, config);
    acknowledgeNagFindings(this);
  }

  private buildJourney(config: StageConfig, shared: SharedProps): Journey {
    const pacing = pacingSettings(config);
    return new Journey(this, 'Journey', {
      dataStore: this.dataStore,
      channels: this.channels,
      eventBus: this.bus.eventBus,
      ...shared,
      logRetention: logRetention(config),
      stateMachineName: `amicable-journey-${config.stage}`,
      portalLinks: this.portal,
      ...(pacing ? { pacing } : {}),
    });
  }

  private buildConversations(config: StageConfig, shared: SharedProps): Conversations {
    return new Conversations(this, 'Conversations', {
      dataStore: this.dataStore,
      channels: this.channels,
      eventBus: this.bus.eventBus,
      ...shared,
      portalLinks: this.portal,
      replyModel: config.replies.bedrock,
    });
  }

  private buildSweep(config: StageConfig, shared: SharedProps): Sweep {
    return new Sweep(this, 'Sweep', {
      dataStore: this.dataStore,
      journey: this.journey,
      outbox: { eventBus: this.bus.eventBus, channels: this.channels, portalLinks: this.portal },
      timeZone: config.businessTimeZone,
      hour: config.sweepHour,
      ...shared,
      logRetention: logRetention(config),
    });
  }

  private buildAnalytics(config: StageConfig, shared: SharedProps): Analytics {
    return new Analytics(this, 'Analytics', {
      stage: config.stage,
      dataStore: this.dataStore,
      config: config.analytics,
      ...shared,
      logRetention: logRetention(config),
    });
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
      logRetention: logRetention(config),
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
      logRetention: logRetention(config),
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

/** The portal's certificates, imported by ARN (ACM issues and renews them; DNS validation is yours). */
function portalDomain(scope: Construct, d: NonNullable<StageConfig['portal']['customDomain']>) {
  const cert = (id: string, arn: string) => acm.Certificate.fromCertificateArn(scope, id, arn);
  return {
    domainNames: d.domainNames,
    certificate: cert('PortalCertificate', d.certificateArn),
    ...(d.api ? { api: { domainName: d.api.domainName, certificate: cert('PortalApiCertificate', d.api.certificateArn) } } : {}),
  };
}

/** The environment, function defaults and removal policy every function-owning construct is given alike. */
function sharedProps(config: StageConfig): SharedProps {
  const removalPolicy = config.removalPolicy === 'retain' ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
  return {
    environment: {
      [ENV.businessTimeZone]: config.businessTimeZone,
      [ENV.paymentUrl]: config.paymentUrl,
      [ENV.helpPhoneNumber]: config.helpPhoneNumber,
      ...contactEnvironment(config.contact),
      ...(config.experiment ? { [ENV.experiment]: config.experiment } : {}),
    },
    functionDefaults: { logRetention: logRetention(config), logRemovalPolicy: removalPolicy },
    removalPolicy,
  };
}

function logRetention(config: StageConfig): logs.RetentionDays {
  return config.logRetentionDays as logs.RetentionDays;
}
