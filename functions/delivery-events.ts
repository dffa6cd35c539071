/**
 * What providers say happened to our messages: SMS and voice configuration-set events through SNS and
 * the same events as End User Messaging publishes them to EventBridge (both paths, de-duplicated per
 * message id and event type), SES events through EventBridge. The provider's message id finds the account (Send indexes every
 * message it sends); the lifecycle reducer applies the outcome -- a hard bounce or invalid number
 * marks the channel unusable, an email complaint suppresses email and is recorded as a complaint, an
 * answered call starts the 7-day conversation block. Idempotent per message id and event type. An event
 * for a send whose outcome was unknown (found by the message key the provider echoes) settles it as sent.
 */
import type { Context } from 'aws-lambda';
import {
  classifySnsMessage,
  parseSesEvent,
  parseSmsVoiceEvent,
  parseSmsVoiceEventBridge,
  ProviderEventError,
  SMS_VOICE_EVENTBRIDGE,
  smsVoiceEventBridgeKind,
  type DeliveryEvent,
} from './adapters/provider-events';
import { applyEvent, outcomeOf, type ApplyOutcome } from './application/apply-event';
import { settleByMessageKey } from './application/send-outcomes';
import { awsDependencies, type AwsWiring } from './commons/aws-dependencies';
import { awsPortal } from './commons/aws-portal';
import { awsChannels } from './commons/aws-channels';
import { awsBus } from './commons/aws-bus';
import type { Dependencies } from './commons/dependencies';
import { snsEventSchema } from './commons/inputs';
import { withPowertools } from './commons/middleware';
import { countMetric, logger, METRIC } from './commons/powertools';
import { ignoreEvent } from './commons/rejections';

export type DeliveryResult =
  | { status: 'rejected'; eventId: string; reasons: string[] }
  | { status: 'unknown-message'; providerMessageId: string }
  | { status: 'ignored'; eventId: string; reasons: string[] }
  | ({ providerMessageId: string } & ApplyOutcome);

async function reject(d: Dependencies, eventId: string, source: string, raw: unknown, reasons: string[]): Promise<DeliveryResult> {
  await d.ledger.recordRejection({ at: d.clock.now().toISOString(), eventId, detailType: 'DeliveryEvent', source, reasons, event: raw });
  countMetric(METRIC.eventsRejected);
  logger.warn('delivery event rejected', { eventId, source, reasons });
  return { status: 'rejected', eventId, reasons };
}

const sourceOf = (delivery: DeliveryEvent) => (delivery.channel === 'email' ? 'aws.ses' : 'aws.sms-voice');

export async function applyDeliveryEvent(d: Dependencies, delivery: DeliveryEvent): Promise<DeliveryResult> {
  const eventId = `${delivery.providerMessageId}:${delivery.providerEventType}`;
  const kept = { eventId, detailType: 'DeliveryReported', source: sourceOf(delivery) };
  const { messageKey, ...report } = delivery;
  // A send whose answer was lost is known by its message key only: the event settles it as sent.
  const ref =
    (await d.state.messageRef(delivery.providerMessageId)) ??
    (messageKey ? await settleByMessageKey(d, messageKey, delivery.providerMessageId) : undefined);
  if (!ref) {
    // Not one of ours (another sender on the same configuration set) or older than the index: kept without
    // the raw event, which names a stranger's address.
    await ignoreEvent(d, kept, [
      `providerMessageId: no message Amicable sent has this id (${delivery.channel} ${delivery.providerEventType})`,
    ]);
    return { status: 'unknown-message', providerMessageId: delivery.providerMessageId };
  }
  const result = await applyEvent(
    d,
    ref.accountId,
    { detailType: 'DeliveryReported', detail: { accountId: ref.accountId, ...report } },
    { eventId, detailType: 'DeliveryReported' },
  );
  if (result.status === 'unknown-account')
    await ignoreEvent(d, kept, [`accountId: the message's account ${ref.accountId} no longer exists`]);
  if (result.status === 'rejected') {
    await d.ledger.recordRejection({ at: d.clock.now().toISOString(), ...kept, reasons: result.problems, event: delivery });
    countMetric(METRIC.eventsRejected);
  }
  return { providerMessageId: delivery.providerMessageId, ...outcomeOf(result) };
}

/**
 * Not SNS: an EventBridge event -- End User Messaging's own text/voice delivery status event (source
 * aws.sms-voice), a registration status change (for operators: alarmed on in the stack, ignored here
 * with its reason), or an SES event.
 */
async function fromEventBridge(d: Dependencies, event: unknown): Promise<DeliveryResult> {
  const id = String((event as { id?: unknown } | null)?.id ?? 'no-id').slice(0, 256);
  const kind = smsVoiceEventBridgeKind(event);
  if (kind === 'registration') {
    await ignoreEvent(
      d,
      { eventId: id, detailType: SMS_VOICE_EVENTBRIDGE.registration, source: SMS_VOICE_EVENTBRIDGE.source },
      ['detail-type: a registration status change concerns operators (the RegistrationStatusChanged alarm), not a message'],
      event,
    );
    return { status: 'ignored', eventId: id, reasons: ['registration status change'] };
  }
  const source = kind === 'delivery' ? SMS_VOICE_EVENTBRIDGE.source : 'aws.ses';
  try {
    return await applyDeliveryEvent(d, kind === 'delivery' ? parseSmsVoiceEventBridge(event) : parseSesEvent(event));
  } catch (error) {
    if (error instanceof ProviderEventError) return reject(d, id, source, event, error.problems);
    throw error;
  }
}

export const makeDeliveryEventsHandler = (deps: () => Dependencies) =>
  withPowertools(async (event: unknown, _context: Context): Promise<DeliveryResult[]> => {
    const d = deps();
    const sns = snsEventSchema.safeParse(event);
    if (!sns.success) return [await fromEventBridge(d, event)];
    const out: DeliveryResult[] = [];
    for (const record of sns.data.Records) {
      const { MessageId, Message } = record.Sns;
      try {
        if (classifySnsMessage(Message) !== 'sms-voice-event') {
          out.push(await reject(d, MessageId, 'aws.sms-voice', Message, ['Message: not an SMS or voice configuration-set event']));
          continue;
        }
        out.push(await applyDeliveryEvent(d, parseSmsVoiceEvent(Message)));
      } catch (error) {
        if (error instanceof ProviderEventError) out.push(await reject(d, MessageId, 'aws.sms-voice', Message, error.problems));
        else throw error;
      }
    }
    return out;
  });

/** The ports this function uses (test/infra/bundle-sizes.test.ts checks its code reads no other). */
export const wiring: AwsWiring = { portal: awsPortal, channels: awsChannels, bus: awsBus };

export const handler = makeDeliveryEventsHandler(awsDependencies(wiring));
