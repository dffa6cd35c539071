/**
 * End User Messaging's own EventBridge events (source aws.sms-voice, on the account's default bus;
 * "Monitoring with EventBridge" in the End User Messaging SMS user guide):
 * - Text and Voice Message Delivery Status Updated go to delivery-events BESIDE the configuration set's
 *   SNS destination. EventBridge delivery of service events is best effort, and so is a single SNS path;
 *   a lost TEXT_INVALID or VOICE_FAILED means contacting a dead number again, so the two independent
 *   paths make a loss less likely. delivery-events applies each outcome once (de-duplicated per message
 *   id and event type), so the second copy costs one short invocation and changes nothing.
 *   The native events are account-wide (every sender in the account), so events for messages that are
 *   not Amicable's are kept as ignored with their reason and counted (EventsIgnored).
 * - Registration Status Change (a 10DLC campaign, a toll-free registration): an operator must act (a
 *   registration that needs updates or was revoked stops sending), so a rule matches it and an alarm
 *   (operational-alarms.ts) fires on the rule's MatchedEvents. It is not sent to a function: it
 *   concerns no message.
 */
import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { encryptedQueue } from './encryption';
import { Construct } from 'constructs';
import { SMS_VOICE_EVENTBRIDGE } from '../functions/adapters/provider-events';

export interface NativeSmsVoiceEventsProps {
  readonly deliveryEventsFunction: lambda.IFunction;
  /** What happens to the dead-letter queue when the stack is deleted. */
  readonly removalPolicy: RemovalPolicy;
  /** @default 8 */
  readonly retryAttempts?: number;
}

export class NativeSmsVoiceEvents extends Construct {
  readonly deliveryRule: events.Rule;
  readonly registrationRule: events.Rule;
  readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: NativeSmsVoiceEventsProps) {
    super(scope, id);
    const bus = events.EventBus.fromEventBusName(this, 'DefaultBus', 'default');
    this.deadLetterQueue = encryptedQueue(this, 'DeliveryEventsDeadLetterQueue', props.removalPolicy);
    this.deliveryRule = new events.Rule(this, 'DeliveryStatusRule', {
      eventBus: bus,
      description: 'Amicable: End User Messaging text and voice delivery status events to delivery-events',
      eventPattern: { source: [SMS_VOICE_EVENTBRIDGE.source], detailType: [SMS_VOICE_EVENTBRIDGE.text, SMS_VOICE_EVENTBRIDGE.voice] },
      targets: [
        new targets.LambdaFunction(props.deliveryEventsFunction, {
          deadLetterQueue: this.deadLetterQueue,
          retryAttempts: props.retryAttempts ?? 8,
          maxEventAge: Duration.hours(24),
        }),
      ],
    });
    this.registrationRule = new events.Rule(this, 'RegistrationStatusRule', {
      eventBus: bus,
      description: 'Amicable: End User Messaging registration status changes (alarmed on)',
      eventPattern: { source: [SMS_VOICE_EVENTBRIDGE.source], detailType: [SMS_VOICE_EVENTBRIDGE.registration] },
    });
  }
}
