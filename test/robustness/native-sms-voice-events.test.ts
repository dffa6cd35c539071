/**
 * End User Messaging's own EventBridge events, as AWS documents them ("Monitoring with EventBridge",
 * https://docs.aws.amazon.com/sms-voice/latest/userguide/monitor-event-bridge.html). The two text events
 * are AWS's samples verbatim; the voice and registration events follow the documented detail fields
 * (configuration-sets-event-format.html; RegistrationInformation in the SMS Voice v2 API reference).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  parseSmsVoiceEventBridge,
  ProviderEventError,
  MAX_PROVIDER_MESSAGE_ID,
  parseSesEvent,
} from '../../functions/adapters/provider-events';
import type { ContactAction } from '../../functions/domain/decision-types';
import { makeHandlers, type Handlers } from '../../local/handlers';
import { parseEventLines } from '../../local/event-file';
import { deliveryOf, routeOf } from '../../local/local-bus';
import { billingEvent, context, newAccountId, overdueDetail, T0, useWorld, type World } from '../handlers/harness';

const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`../adapters/fixtures/provider-events/${name}.json`, import.meta.url), 'utf8'));

describe('parsing the native events', () => {
  it('AWS sample: a text accepted by the carrier', () => {
    expect(parseSmsVoiceEventBridge(fixture('eventbridge-text-successful'))).toEqual({
      channel: 'sms',
      providerMessageId: 'ed23196c-75ce-4727-93ee-7bf72b64998f',
      outcome: 'sent',
      providerEventType: 'TEXT_SUCCESSFUL',
      at: new Date(1759342841377).toISOString(),
      reason: 'SUCCESSFUL',
    });
  });

  it('AWS sample: a delivered text; and a completed voice call', () => {
    expect(parseSmsVoiceEventBridge(fixture('eventbridge-text-delivered'))).toMatchObject({ channel: 'sms', outcome: 'delivered' });
    expect(parseSmsVoiceEventBridge(fixture('eventbridge-voice-completed'))).toMatchObject({
      channel: 'voice',
      providerEventType: 'VOICE_COMPLETED',
    });
  });

  it('a voice event type under the text detail-type is refused, naming the field', () => {
    const event = fixture('eventbridge-text-delivered');
    event.detail.eventType = 'VOICE_ANSWERED';
    expect(() => parseSmsVoiceEventBridge(event)).toThrow(ProviderEventError);
  });

  it('a provider message id longer than any provider issues is refused before it becomes a key', () => {
    const event = fixture('eventbridge-text-delivered');
    event.detail.messageId = 'x'.repeat(5000);
    expect(() => parseSmsVoiceEventBridge(event)).toThrow(/detail\.messageId|messageId/);
    const ses = fixture('ses-delivered');
    ses.detail.mail.messageId = 'y'.repeat(MAX_PROVIDER_MESSAGE_ID + 1);
    expect(() => parseSesEvent(ses)).toThrow(ProviderEventError);
  });
});

describe('the local run accepts them in the events file', () => {
  it('routes a documented Text Message Delivery Status Updated line to delivery-events as an EventBridge event', () => {
    const aws = fixture('eventbridge-text-delivered');
    const line = JSON.stringify({
      at: '2026-03-10T18:00:00Z',
      source: aws.source,
      'detail-type': aws['detail-type'],
      detail: { ...aws.detail, eventType: 'TEXT_CARRIER_UNREACHABLE' },
    });
    const [event] = parseEventLines(line);
    expect(routeOf(event)).toBe('delivery-events');
    expect(deliveryOf(event)).toMatchObject({
      source: 'aws.sms-voice',
      'detail-type': 'Text Message Delivery Status Updated',
      detail: { eventType: 'TEXT_CARRIER_UNREACHABLE' },
    });
  });
});

let w: World;
let h: Handlers;
useWorld((created) => {
  w = created;
  h = makeHandlers(() => w.deps);
});

describe('the delivery-events handler', () => {
  it('applies a native text event to the message it reports on, once (the SNS copy of the same event is a duplicate)', async () => {
    w.clock.set(T0);
    const accountId = newAccountId('native');
    await h.ingest(billingEvent('AccountOverdue', overdueDetail(accountId)), context('ingest'));
    const decision = await h.decide({ accountId, cycleId: 'inv-1' }, context('decide'));
    const sent = await h.send({ accountId, cycleId: 'inv-1', action: decision.action as ContactAction }, context('send'));
    const providerMessageId = (sent as { providerMessageId: string }).providerMessageId;

    const event = fixture('eventbridge-text-delivered');
    event.detail = {
      ...event.detail,
      messageId: providerMessageId,
      eventType: 'TEXT_CARRIER_UNREACHABLE',
      messageStatus: 'CARRIER_UNREACHABLE',
    };
    expect(await h['delivery-events'](event, context('delivery-events'))).toMatchObject([{ status: 'applied', providerMessageId }]);

    const viaSns = {
      Records: [
        {
          EventSource: 'aws:sns',
          EventVersion: '1.0',
          Sns: {
            Type: 'Notification',
            MessageId: 'sns-1',
            TopicArn: 'arn:aws:sns:us-east-1:000000000000:t',
            Message: JSON.stringify(event.detail),
            Timestamp: T0.toISOString(),
          },
        },
      ],
    };
    expect(await h['delivery-events'](viaSns as never, context('delivery-events'))).toMatchObject([{ status: 'duplicate' }]);
  });

  it('keeps a registration status change as ignored, with its reason', async () => {
    w.clock.set(T0);
    const event = fixture('eventbridge-registration-status-change');
    event.id = `registration-${Date.now()}`;
    expect(await h['delivery-events'](event, context('delivery-events'))).toMatchObject([{ status: 'ignored' }]);
    const kept = (await w.deps.ledger.rejections(T0.toISOString().slice(0, 10))).filter((r) => r.eventId === event.id);
    expect(kept).toMatchObject([
      { disposition: 'ignored', detailType: 'Registration Status Change', reasons: [expect.stringContaining('RegistrationStatusChanged')] },
    ]);
  });
});
