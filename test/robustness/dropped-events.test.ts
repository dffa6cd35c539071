import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { metrics } from '../../functions/commons/powertools';
import { makeHandlers, type Handlers } from '../../local/handlers';
import { context, T0, useWorld, type World } from '../handlers/harness';

let w: World;
let h: Handlers;

useWorld((created) => {
  w = created;
  h = makeHandlers(() => w.deps);
});

afterEach(() => vi.restoreAllMocks());

const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`../adapters/fixtures/provider-events/${name}.json`, import.meta.url), 'utf8'));
const sns = (message: unknown, id: string) => ({
  Records: [
    {
      EventSource: 'aws:sns',
      EventVersion: '1.0',
      Sns: {
        Type: 'Notification',
        MessageId: id,
        TopicArn: 'arn:aws:sns:us-east-1:000000000000:events',
        Message: JSON.stringify(message),
        Timestamp: T0.toISOString(),
      },
    },
  ],
});
const day = () => w.clock.now().toISOString().slice(0, 10);

describe('dropped events: a delivery event that is not applied is counted and kept with a reason', () => {
  it('an SMS delivery event for a message id Amicable never sent', async () => {
    w.clock.set(T0);
    const added = vi.spyOn(metrics, 'addMetric');
    const messageId = `unknown-sms-${Date.now()}`;
    const [result] = await h['delivery-events'](
      sns({ ...fixture('text-delivered'), messageId }, `sns-${messageId}`) as never,
      context('delivery-events'),
    );
    expect(result).toMatchObject({ status: 'unknown-message', providerMessageId: messageId });
    expect(added).toHaveBeenCalledWith('EventsIgnored', 'Count', 1);
    const kept = (await w.deps.ledger.rejections(day())).filter((r) => r.eventId.includes(messageId));
    expect(kept).toHaveLength(1);
    expect(kept[0]).toMatchObject({
      disposition: 'ignored',
      source: 'aws.sms-voice',
      reasons: [expect.stringMatching(/^providerMessageId: /)],
    });
  });

  it('an SES event for a message id Amicable never sent', async () => {
    w.clock.set(T0);
    const added = vi.spyOn(metrics, 'addMetric');
    const event = fixture('ses-delivered');
    const messageId = `unknown-ses-${Date.now()}`;
    event.detail.mail.messageId = messageId;
    event.id = `ses-${messageId}`;
    const [result] = await h['delivery-events'](event, context('delivery-events'));
    expect(result).toMatchObject({ status: 'unknown-message' });
    expect(added).toHaveBeenCalledWith('EventsIgnored', 'Count', 1);
    const kept = (await w.deps.ledger.rejections(day())).filter((r) => r.eventId.includes(messageId));
    expect(kept).toMatchObject([{ disposition: 'ignored', source: 'aws.ses' }]);
    // The customer's address is not kept for an event that was never ours.
    expect(JSON.stringify(kept)).not.toContain('jordan.lee@example.net');
  });
});
