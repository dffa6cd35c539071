/**
 * Outbound channels: AWS End User Messaging SMS and Voice v2 (configuration set with an SNS event
 * destination for delivery events, an opt-out list), SES v2 (configuration set whose delivery,
 * bounce, complaint, open and click events go to EventBridge), and the least-privilege policy that
 * lets the send function deliver through exactly these identities and configuration sets.
 */
import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as smsvoice from 'aws-cdk-lib/aws-smsvoice';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { ENV } from '../functions/commons/environment';
import { publisherTopicKey } from './topic-key';
import { sesIdentityName } from './config';

export type ChannelProvider = 'sms-voice-v2+ses' | 'pinpoint';

export interface ChannelsProps {
  /** @default 'sms-voice-v2+ses' */
  readonly provider?: ChannelProvider;
  readonly sms: {
    /** Phone number or pool ARN, or its id (phone-... / pool-...). */
    readonly originationIdentity: string;
    /** For voice, when different from the SMS identity. @default originationIdentity */
    readonly voiceOriginationIdentity?: string;
    /** Create an SMS/voice configuration set with an SNS event destination. @default true */
    readonly createConfigurationSet?: boolean;
    /** An existing configuration set to use when createConfigurationSet is false. */
    readonly configurationSetName?: string;
  };
  readonly email: {
    readonly fromAddress: string;
    /** The verified SES identity (domain or address) the from address belongs to. */
    readonly sesIdentity: string;
  };
  /** Existing Pinpoint project id; required when provider is 'pinpoint'. */
  readonly pinpointApplicationId?: string;
  /** Key for the SMS/voice event topic. @default a new customer-managed key with rotation on */
  readonly encryptionKey?: kms.IKey;
  /** @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

const SMS_VOICE_PRINCIPAL = 'sms-voice.amazonaws.com';

export class Channels extends Construct {
  readonly provider: ChannelProvider;
  /**
   * SMS and voice delivery events (TEXT_DELIVERED, VOICE_ANSWERED, ...): the delivery-events function
   * is subscribed to it (lib/conversations.ts). Two-way SMS replies have their own topic there.
   */
  readonly smsEventsTopic: sns.Topic;
  readonly smsEventsKey: kms.IKey;
  readonly optOutList: smsvoice.CfnOptOutList;
  readonly smsConfigurationSet?: smsvoice.CfnConfigurationSet;
  readonly emailConfigurationSet: ses.ConfigurationSet;
  /** SES publishes email events only to the account's default bus (a limit of SES). */
  readonly emailEventBus: events.IEventBus;

  private readonly props: ChannelsProps;
  private readonly smsOriginationArn?: string;
  private readonly voiceOriginationArn?: string;

  constructor(scope: Construct, id: string, props: ChannelsProps) {
    super(scope, id);
    this.props = props;
    this.provider = props.provider ?? 'sms-voice-v2+ses';
    if (this.provider === 'pinpoint' && !props.pinpointApplicationId) {
      throw new Error("pinpointApplicationId is required when provider is 'pinpoint'");
    }
    const stack = Stack.of(this);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    if (this.provider === 'sms-voice-v2+ses') {
      // Pinpoint takes an E.164 origination number instead; it is not an IAM resource there.
      this.smsOriginationArn = originationArn(stack, props.sms.originationIdentity);
      this.voiceOriginationArn = originationArn(stack, props.sms.voiceOriginationIdentity ?? props.sms.originationIdentity);
    }

    [this.smsEventsKey, this.smsEventsTopic] = this.buildSmsEvents(removalPolicy);
    this.optOutList = new smsvoice.CfnOptOutList(this, 'OptOutList', {
      tags: [{ key: 'app', value: 'amicable' }],
    });
    this.optOutList.applyRemovalPolicy(removalPolicy);
    if (props.sms.createConfigurationSet ?? true) this.smsConfigurationSet = this.buildSmsConfigurationSet();
    this.emailEventBus = events.EventBus.fromEventBusName(this, 'DefaultBus', 'default');
    this.emailConfigurationSet = this.buildEmailConfigurationSet();
  }

  /** SMS and voice events (End User Messaging SMS and Voice v2): an encrypted topic only that service, of this account, may publish to. */
  private buildSmsEvents(removalPolicy: RemovalPolicy): [kms.IKey, sns.Topic] {
    const stack = Stack.of(this);
    const key = publisherTopicKey(this, 'SmsEventsKey', {
      ...(this.props.encryptionKey ? { key: this.props.encryptionKey } : {}),
      description: 'Amicable SMS/voice event topic',
      removalPolicy,
      sid: 'AllowSmsVoiceToPublishEncrypted',
      servicePrincipal: SMS_VOICE_PRINCIPAL,
      conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
    });
    const topic = new sns.Topic(this, 'SmsEventsTopic', {
      displayName: 'Amicable SMS and voice events',
      masterKey: key,
      enforceSSL: true,
    });
    topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowSmsVoicePublish',
        principals: [new iam.ServicePrincipal(SMS_VOICE_PRINCIPAL)],
        actions: ['sns:Publish'],
        resources: [topic.topicArn],
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
    );
    return [key, topic];
  }

  /** The SMS/voice configuration set: every event to the topic. */
  private buildSmsConfigurationSet(): smsvoice.CfnConfigurationSet {
    return new smsvoice.CfnConfigurationSet(this, 'SmsConfigurationSet', {
      eventDestinations: [
        {
          eventDestinationName: 'amicable-sns',
          enabled: true,
          matchingEventTypes: ['ALL'],
          snsDestination: { topicArn: this.smsEventsTopic.topicArn },
        },
      ],
      tags: [{ key: 'app', value: 'amicable' }],
    });
  }

  /** Email (SES v2): TLS required, bounces and complaints suppressed, every sending event to the default bus. */
  private buildEmailConfigurationSet(): ses.ConfigurationSet {
    const configurationSet = new ses.ConfigurationSet(this, 'EmailConfigurationSet', {
      reputationMetrics: true,
      sendingEnabled: true,
      suppressionReasons: ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
      tlsPolicy: ses.ConfigurationSetTlsPolicy.REQUIRE,
    });
    configurationSet.addEventDestination('EmailEvents', {
      destination: ses.EventDestination.eventBus(this.emailEventBus),
      // SEND: every email SES accepts reports at once, so a send whose answer was lost is settled as sent
      // by its event, and one with no event by the deadline is known not taken (send-outcomes.ts).
      events: [
        ses.EmailSendingEvent.SEND,
        ses.EmailSendingEvent.DELIVERY,
        ses.EmailSendingEvent.BOUNCE,
        ses.EmailSendingEvent.COMPLAINT,
        ses.EmailSendingEvent.REJECT,
        ses.EmailSendingEvent.DELIVERY_DELAY,
        ses.EmailSendingEvent.RENDERING_FAILURE,
        ses.EmailSendingEvent.OPEN,
        ses.EmailSendingEvent.CLICK,
      ],
    });
    return configurationSet;
  }

  /** The name of the SMS/voice configuration set: the one created here, or the configured existing one. */
  get smsConfigurationSetName(): string | undefined {
    return this.smsConfigurationSet?.ref ?? this.props.sms.configurationSetName;
  }

  private get smsConfigurationSetArn(): string | undefined {
    if (this.smsConfigurationSet) return this.smsConfigurationSet.attrArn;
    const name = this.props.sms.configurationSetName;
    return name ? Stack.of(this).formatArn({ service: 'sms-voice', resource: 'configuration-set', resourceName: name }) : undefined;
  }

  /** Environment variables the send function reads (names from functions/commons/environment.ts). */
  get environment(): Record<string, string> {
    const env: Record<string, string> = {
      [ENV.channelProvider]: this.provider,
      [ENV.smsOriginationIdentity]: this.props.sms.originationIdentity,
      [ENV.voiceOriginationIdentity]: this.props.sms.voiceOriginationIdentity ?? this.props.sms.originationIdentity,
      [ENV.emailFromAddress]: this.props.email.fromAddress,
      [ENV.emailConfigurationSet]: this.emailConfigurationSet.configurationSetName,
    };
    const smsConfigurationSet = this.smsConfigurationSetName;
    if (smsConfigurationSet) env[ENV.smsConfigurationSet] = smsConfigurationSet;
    if (this.props.pinpointApplicationId) env[ENV.pinpointApplicationId] = this.props.pinpointApplicationId;
    return env;
  }

  /**
   * Lets the grantee send through the configured provider and nothing else. 'sms-voice-v2+ses':
   * SMS/voice on the origination identity, the configuration set and the opt-out lists, and SES on the
   * identity and the configuration set. 'pinpoint': SendMessages on the one Pinpoint project (texts and
   * calls) and SES as above (Pinpoint's email ended with its support on 30 October 2026).
   */
  grantSend(grantee: iam.IGrantable): iam.Grant {
    const stack = Stack.of(this);
    if (this.provider === 'pinpoint') {
      const app = stack.formatArn({ service: 'mobiletargeting', resource: 'apps', resourceName: this.props.pinpointApplicationId });
      return iam.Grant.addToPrincipal({
        grantee,
        actions: ['mobiletargeting:SendMessages'],
        resourceArns: [app, `${app}/messages`],
      }).combine(this.grantSendEmail(grantee));
    }
    const smsVoiceResources = [this.optOutList.attrArn, optOutListArn(stack, 'Default')];
    const configurationSetArn = this.smsConfigurationSetArn;
    if (configurationSetArn) smsVoiceResources.push(configurationSetArn);
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['sms-voice:SendTextMessage'],
      resourceArns: [this.smsOriginationArn!, ...smsVoiceResources],
    })
      .combine(
        iam.Grant.addToPrincipal({
          grantee,
          actions: ['sms-voice:SendVoiceMessage'],
          resourceArns: [this.voiceOriginationArn!, ...smsVoiceResources],
        }),
      )
      .combine(this.grantSendEmail(grantee));
  }

  /** SES SendEmail on the identity and the configuration set only. */
  private grantSendEmail(grantee: iam.IGrantable): iam.Grant {
    const stack = Stack.of(this);
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['ses:SendEmail'],
      resourceArns: [
        stack.formatArn({ service: 'ses', resource: 'identity', resourceName: sesIdentityName(this.props.email.sesIdentity) }),
        stack.formatArn({ service: 'ses', resource: 'configuration-set', resourceName: this.emailConfigurationSet.configurationSetName }),
      ],
    });
  }
}

/** An origination identity as an ARN: ARNs pass through, phone-/pool- ids are expanded. */
export function originationArn(stack: Stack, identity: string): string {
  if (identity.startsWith('arn:')) return identity;
  const resource = identity.startsWith('phone-') ? 'phone-number' : identity.startsWith('pool-') ? 'pool' : undefined;
  if (!resource) {
    throw new Error(`sms.originationIdentity: '${identity}' is neither an ARN nor a phone-/pool- id; IAM cannot scope sends to it`);
  }
  return stack.formatArn({ service: 'sms-voice', resource, resourceName: identity });
}

function optOutListArn(stack: Stack, name: string): string {
  return stack.formatArn({ service: 'sms-voice', resource: 'opt-out-list', resourceName: name });
}
