import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EventType } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { describe, expect, it } from 'vitest';
import {
  DELIVERY_OUTCOMES,
  ProviderEventError,
  classifySnsMessage,
  parseInboundSms,
  parseSesEvent,
  parseSmsVoiceEvent,
  type DeliveryEvent,
} from '../../functions/adapters/provider-events';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'provider-events');

/** A fixture as parsed JSON (a fresh copy each time, so tests may change it). */
function fixture(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), 'utf8')) as Record<string, unknown>;
}

/** A fixture as the SNS record's Message string. */
function snsMessage(name: string): string {
  return JSON.stringify(fixture(name));
}

/** The error a parser throws, for assertions on its message. */
function errorOf(run: () => unknown): ProviderEventError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ProviderEventError);
    return error as ProviderEventError;
  }
  throw new Error('expected a ProviderEventError');
}

// Personal data in the fixtures that must never reach an error message or a reason.
const CUSTOMER_PHONE = '+12065550123';
const OUR_PHONE = '+18005550199';
const CUSTOMER_EMAIL = 'jordan.lee@example.net';

function expectNoPii(text: string, extra: string[] = []): void {
  for (const secret of [CUSTOMER_PHONE, '2065550123', OUR_PHONE, '8005550199', CUSTOMER_EMAIL, 'jordan', ...extra]) {
    expect(text.toLowerCase()).not.toContain(secret.toLowerCase());
  }
}

const SES_MESSAGE_ID = '010001a2b3c4d5e6-7f8a9b0c-1d2e-3f4a-5b6c-7d8e9f0a1b2c-000000';

describe('parseInboundSms', () => {
  it('normalises a two-way SMS payload', () => {
    expect(parseInboundSms(snsMessage('inbound-sms'))).toEqual({
      originationNumber: CUSTOMER_PHONE,
      destinationNumber: OUR_PHONE,
      body: 'HELP can I pay $50 on Friday instead?',
      keyword: 'HELP',
      inboundMessageId: 'cae173d2-66b9-564c-8309-21f858e9fb84',
      previousPublishedMessageId: '7f4c2a10-1a2b-4c3d-9e8f-0a1b2c3d4e5f',
    });
  });

  it('leaves keyword and previousPublishedMessageId out when AWS does not give them', () => {
    const sms = parseInboundSms(snsMessage('inbound-sms-no-keyword'));
    expect(sms).toEqual({
      originationNumber: CUSTOMER_PHONE,
      destinationNumber: OUR_PHONE,
      body: 'I lost my job last month, please call me',
      inboundMessageId: '0d6f6e4c-5e0e-4b7a-9a41-3c2f1e7b8a90',
    });
    expect(Object.keys(sms)).not.toContain('keyword');
    expect(Object.keys(sms)).not.toContain('previousPublishedMessageId');
  });

  it('treats empty or null optional fields as absent and keeps extra provider fields out', () => {
    const payload = { ...fixture('inbound-sms'), messageKeyword: '', previousPublishedMessageId: null, newField: 1 };
    const sms = parseInboundSms(JSON.stringify(payload));
    expect(sms.keyword).toBeUndefined();
    expect(sms.previousPublishedMessageId).toBeUndefined();
    expect(sms).not.toHaveProperty('newField');
  });

  it('keeps an empty body (a blank text is still a reply)', () => {
    const sms = parseInboundSms(JSON.stringify({ ...fixture('inbound-sms'), messageBody: '' }));
    expect(sms.body).toBe('');
  });

  it('names every missing field and no personal data', () => {
    const payload = fixture('inbound-sms');
    delete payload.originationNumber;
    delete payload.inboundMessageId;
    payload.messageBody = 42;
    const error = errorOf(() => parseInboundSms(JSON.stringify(payload)));
    expect(error.name).toBe('ProviderEventError');
    expect(error.source).toBe('inbound SMS');
    expect(error.problems).toHaveLength(3);
    expect(error.message).toMatch(/^invalid inbound SMS: /);
    expect(error.message).toContain('originationNumber');
    expect(error.message).toContain('inboundMessageId');
    expect(error.message).toContain('messageBody');
    expectNoPii(error.message, ['pay $50', 'Friday']);
  });

  it('rejects a blank number without quoting the payload', () => {
    const error = errorOf(() => parseInboundSms(JSON.stringify({ ...fixture('inbound-sms'), destinationNumber: '  ' })));
    expect(error.problems).toEqual([expect.stringMatching(/^destinationNumber: /)]);
    expectNoPii(error.message, ['pay $50']);
  });

  it('rejects text that is not JSON without echoing it (JSON.parse errors quote their input)', () => {
    const text = `from ${CUSTOMER_PHONE}: please stop calling ${CUSTOMER_EMAIL}`;
    const error = errorOf(() => parseInboundSms(text));
    expect(error.message).toBe('invalid inbound SMS: (root): not valid JSON');
    expectNoPii(error.message, ['please stop']);
  });

  it('rejects JSON that is not an object', () => {
    const error = errorOf(() => parseInboundSms(JSON.stringify(['+12065550123'])));
    expect(error.problems).toEqual([expect.stringMatching(/^\(root\): /)]);
    expectNoPii(error.message);
  });
});

describe('parseSmsVoiceEvent', () => {
  const cases: [string, DeliveryEvent][] = [
    [
      'text-successful',
      {
        channel: 'sms',
        providerMessageId: '862a8790-60c0-4430-9b2b-658bdexample',
        outcome: 'sent',
        providerEventType: 'TEXT_SUCCESSFUL',
        at: '2026-11-25T12:01:43.470Z',
        reason: 'SUCCESSFUL',
        messageKey: 'acc-1#2026-11#reminder-1#sms',
      },
    ],
    [
      'text-delivered',
      {
        channel: 'sms',
        providerMessageId: '862a8790-60c0-4430-9b2b-658bdexample',
        outcome: 'delivered',
        providerEventType: 'TEXT_DELIVERED',
        at: '2026-11-25T12:01:43.470Z',
        reason: 'DELIVERED',
        messageKey: 'acc-1#2026-11#reminder-1#sms',
      },
    ],
    [
      'text-blocked',
      {
        channel: 'sms',
        providerMessageId: '862a8790-60c0-4430-9b2b-658bdexample',
        outcome: 'blocked',
        providerEventType: 'TEXT_BLOCKED',
        at: '2026-11-25T12:01:43.470Z',
        reason: 'BLOCKED',
        messageKey: 'acc-1#2026-11#reminder-1#sms',
      },
    ],
    [
      'text-invalid',
      {
        channel: 'sms',
        providerMessageId: '862a8790-60c0-4430-9b2b-658bdexample',
        outcome: 'failed-permanent',
        providerEventType: 'TEXT_INVALID',
        at: '2026-11-25T12:01:43.470Z',
        reason: 'INVALID',
        messageKey: 'acc-1#2026-11#reminder-1#sms',
      },
    ],
    [
      'voice-answered',
      {
        channel: 'voice',
        providerMessageId: 'a1f0c2d3-4b5e-6f70-8192-a3b4c5d6e7f8',
        outcome: 'answered',
        providerEventType: 'VOICE_ANSWERED',
        at: '2026-11-25T13:00:12.000Z',
        reason: 'ANSWERED',
        messageKey: 'acc-1#2026-11#call-1#voice',
      },
    ],
    [
      'voice-no-answer',
      {
        channel: 'voice',
        providerMessageId: 'a1f0c2d3-4b5e-6f70-8192-a3b4c5d6e7f8',
        outcome: 'no-answer',
        providerEventType: 'VOICE_NO_ANSWER',
        at: '2026-11-25T13:00:45.000Z',
        reason: 'NO_ANSWER',
        messageKey: 'acc-1#2026-11#call-1#voice',
      },
    ],
    [
      'voice-completed',
      {
        channel: 'voice',
        providerMessageId: 'a1f0c2d3-4b5e-6f70-8192-a3b4c5d6e7f8',
        outcome: 'other',
        providerEventType: 'VOICE_COMPLETED',
        at: '2026-11-25T13:01:00.000Z',
        reason: 'COMPLETED',
        messageKey: 'acc-1#2026-11#call-1#voice',
      },
    ],
  ];

  it.each(cases)('normalises %s', (name, expected) => {
    const parsed = parseSmsVoiceEvent(snsMessage(name));
    expect(parsed).toEqual(expected);
    expectNoPii(JSON.stringify(parsed));
  });

  /** A TEXT_/VOICE_ event of the given type, from the delivered fixture. */
  function eventOf(eventType: string, extra: Record<string, unknown> = {}): DeliveryEvent {
    const base = fixture(eventType.startsWith('VOICE_') ? 'voice-answered' : 'text-delivered');
    return parseSmsVoiceEvent(JSON.stringify({ ...base, eventType, ...extra }));
  }

  it.each([
    ['TEXT_PENDING', 'sent'],
    ['TEXT_QUEUED', 'sent'],
    ['TEXT_SENT', 'sent'],
    ['TEXT_SUCCESSFUL', 'sent'],
    ['TEXT_DELIVERED', 'delivered'],
    ['TEXT_INVALID', 'failed-permanent'],
    ['TEXT_INVALID_MESSAGE', 'failed-transient'],
    ['TEXT_UNREACHABLE', 'failed-transient'],
    ['TEXT_CARRIER_UNREACHABLE', 'failed-transient'],
    ['TEXT_TTL_EXPIRED', 'failed-transient'],
    ['TEXT_UNKNOWN', 'failed-transient'],
    ['TEXT_BLOCKED', 'blocked'],
    ['TEXT_CARRIER_BLOCKED', 'blocked'],
    ['TEXT_SPAM', 'blocked'],
    ['TEXT_PROTECT_BLOCKED', 'blocked'],
    ['VOICE_INITIATED', 'sent'],
    ['VOICE_RINGING', 'sent'],
    ['VOICE_ANSWERED', 'answered'],
    ['VOICE_COMPLETED', 'other'],
    ['VOICE_BUSY', 'busy'],
    ['VOICE_NO_ANSWER', 'no-answer'],
    ['VOICE_FAILED', 'failed-transient'],
    ['VOICE_TTL_EXPIRED', 'failed-transient'],
  ])('maps %s to %s', (eventType, outcome) => {
    const parsed = eventOf(eventType);
    expect(parsed.outcome).toBe(outcome);
    expect(parsed.channel).toBe(eventType.startsWith('VOICE_') ? 'voice' : 'sms');
    expect(parsed.providerEventType).toBe(eventType);
  });

  it('decides every TEXT_ and VOICE_ event type the SDK knows (a new one shows up here)', () => {
    const undecided = Object.values(EventType)
      .filter((t) => /^(TEXT|VOICE)_/.test(t) && t !== 'TEXT_ALL' && t !== 'VOICE_ALL')
      .filter((t) => eventOf(t).outcome === 'other' && t !== 'VOICE_COMPLETED');
    expect(undecided).toEqual([]);
  });

  it('maps a TEXT_ or VOICE_ type AWS adds later to other, keeping the type', () => {
    expect(eventOf('TEXT_SOMETHING_NEW')).toMatchObject({ channel: 'sms', outcome: 'other', providerEventType: 'TEXT_SOMETHING_NEW' });
    expect(eventOf('VOICE_SOMETHING_NEW')).toMatchObject({ channel: 'voice', outcome: 'other' });
  });

  it('treats a VOICE_FAILED whose status names an invalid number as permanent', () => {
    expect(eventOf('VOICE_FAILED', { messageStatus: 'INVALID_DESTINATION' }).outcome).toBe('failed-permanent');
    expect(eventOf('VOICE_FAILED', { messageStatus: 'FAILED' }).outcome).toBe('failed-transient');
  });

  it('never produces voicemail: v2 voice events do not say who answered', () => {
    const outcomes = Object.values(EventType)
      .filter((t) => t.startsWith('VOICE_') && t !== 'VOICE_ALL')
      .map((t) => eventOf(t).outcome);
    expect(outcomes).not.toContain('voicemail');
  });

  it('accepts the timestamp as epoch ms, digits or ISO-8601 and returns ISO UTC', () => {
    expect(eventOf('TEXT_DELIVERED', { eventTimestamp: '1795608103470' }).at).toBe('2026-11-25T12:01:43.470Z');
    expect(eventOf('TEXT_DELIVERED', { eventTimestamp: '2026-11-25T07:01:43.470-05:00' }).at).toBe('2026-11-25T12:01:43.470Z');
  });

  it('keeps only code-shaped statuses as the reason, never provider free text', () => {
    expect(eventOf('TEXT_BLOCKED', { messageStatus: `Blocked ${CUSTOMER_PHONE}` })).not.toHaveProperty('reason');
    expect(eventOf('TEXT_BLOCKED', { messageStatus: 'to 2065550123' })).not.toHaveProperty('reason');
    expect(eventOf('TEXT_BLOCKED', { messageStatus: CUSTOMER_EMAIL })).not.toHaveProperty('reason');
    expect(eventOf('TEXT_BLOCKED', { messageStatus: null })).not.toHaveProperty('reason');
    expect(eventOf('TEXT_BLOCKED', { messageStatus: 'CARRIER_BLOCKED' }).reason).toBe('CARRIER_BLOCKED');
  });

  it('names every problem with its path and no personal data', () => {
    const payload = fixture('text-delivered');
    delete payload.messageId;
    payload.eventTimestamp = 'yesterday';
    payload.eventType = 'MEDIA_DELIVERED';
    const error = errorOf(() => parseSmsVoiceEvent(JSON.stringify(payload)));
    expect(error.source).toBe('SMS/voice event');
    expect(error.problems).toHaveLength(3);
    expect(error.problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^messageId: /),
        expect.stringMatching(/^eventTimestamp: not a valid timestamp/),
        expect.stringMatching(/^eventType: not an SMS \(TEXT_\*\) or voice \(VOICE_\*\) event type$/),
      ]),
    );
    expect(error.message).toMatch(/^invalid SMS\/voice event: /);
    expectNoPii(error.message, ['yesterday']);
  });

  it('rejects a message that is not JSON without echoing it', () => {
    const error = errorOf(() => parseSmsVoiceEvent(`{"destinationPhoneNumber":"${CUSTOMER_PHONE}"`));
    expect(error.message).toBe('invalid SMS/voice event: (root): not valid JSON');
  });
});

describe('parseSesEvent', () => {
  const cases: [string, Omit<DeliveryEvent, 'channel' | 'providerMessageId'>][] = [
    ['ses-send', { outcome: 'sent', providerEventType: 'Send', at: '2026-11-26T15:00:00.000Z' }],
    ['ses-delivered', { outcome: 'delivered', providerEventType: 'Delivery', at: '2026-11-26T15:00:01.845Z' }],
    [
      'ses-bounce-permanent',
      { outcome: 'failed-permanent', providerEventType: 'Bounce', at: '2026-11-26T15:00:02.669Z', reason: 'Permanent/NoEmail' },
    ],
    [
      'ses-bounce-transient',
      { outcome: 'failed-transient', providerEventType: 'Bounce', at: '2026-11-26T19:02:10.104Z', reason: 'Transient/MailboxFull' },
    ],
    ['ses-complaint', { outcome: 'complained', providerEventType: 'Complaint', at: '2026-11-27T08:14:58.669Z', reason: 'abuse' }],
    ['ses-open', { outcome: 'opened', providerEventType: 'Open', at: '2026-11-26T18:30:19.652Z' }],
    ['ses-click', { outcome: 'clicked', providerEventType: 'Click', at: '2026-11-26T18:31:25.570Z' }],
    ['ses-reject', { outcome: 'failed-permanent', providerEventType: 'Reject', at: '2026-11-26T15:00:00.000Z', reason: 'Bad content' }],
    [
      'ses-rendering-failure',
      { outcome: 'failed-transient', providerEventType: 'Rendering Failure', at: '2026-11-26T15:00:00.000Z', reason: 'RenderingFailure' },
    ],
    [
      'ses-delivery-delay',
      {
        outcome: 'failed-transient',
        providerEventType: 'DeliveryDelay',
        at: '2026-11-26T15:10:40.095Z',
        reason: 'TransientCommunicationFailure',
      },
    ],
    [
      'ses-subscription',
      { outcome: 'opted-out', providerEventType: 'Subscription', at: '2026-11-27T09:00:17.910Z', reason: 'UnsubscribeHeader' },
    ],
  ];

  it.each(cases)('normalises %s (a whole EventBridge event)', (name, expected) => {
    const parsed = parseSesEvent(fixture(name));
    expect(parsed).toEqual({ channel: 'email', providerMessageId: SES_MESSAGE_ID, ...expected });
    expectNoPii(JSON.stringify(parsed), ['Example Energy', 'firstName', 'Jordan Lee']);
  });

  it('never keeps the clicked link (it can carry a signed portal token)', () => {
    const parsed = parseSesEvent(fixture('ses-click'));
    expect(JSON.stringify(parsed)).not.toMatch(/https?:|tok_|pay\.example/);
  });

  /** An SES event fixture with its detail changed. */
  function sesWith(name: string, change: (detail: Record<string, unknown>) => void): Record<string, unknown> {
    const event = fixture(name);
    change(event.detail as Record<string, unknown>);
    return event;
  }

  it('treats an Undetermined bounce as transient', () => {
    const event = sesWith('ses-bounce-transient', (d) => {
      d.bounce = { ...(d.bounce as object), bounceType: 'Undetermined', bounceSubType: 'Undetermined' };
    });
    expect(parseSesEvent(event)).toMatchObject({ outcome: 'failed-transient', reason: 'Undetermined/Undetermined' });
  });

  it('treats a suppressed address as permanent, keeping the subtype', () => {
    const event = sesWith('ses-bounce-permanent', (d) => {
      d.bounce = { ...(d.bounce as object), bounceSubType: 'OnAccountSuppressionList' };
    });
    expect(parseSesEvent(event)).toMatchObject({ outcome: 'failed-permanent', reason: 'Permanent/OnAccountSuppressionList' });
  });

  it('drops a bounce subtype that is not a code, keeping the bounce type', () => {
    const event = sesWith('ses-bounce-permanent', (d) => {
      d.bounce = { ...(d.bounce as object), bounceSubType: `user ${CUSTOMER_EMAIL}` };
    });
    expect(parseSesEvent(event)).toMatchObject({ outcome: 'failed-permanent', reason: 'Permanent' });
  });

  it('reads complaints without a feedback report, not-spam corrections and suppressed sends', () => {
    const bare = sesWith('ses-complaint', (d) => {
      d.complaint = { complainedRecipients: [{ emailAddress: CUSTOMER_EMAIL }], timestamp: '2026-11-27T08:14:58.669Z' };
    });
    expect(parseSesEvent(bare)).toEqual({
      channel: 'email',
      providerMessageId: SES_MESSAGE_ID,
      outcome: 'complained',
      providerEventType: 'Complaint',
      at: '2026-11-27T08:14:58.669Z',
    });
    const notSpam = sesWith('ses-complaint', (d) => {
      d.complaint = { ...(d.complaint as object), complaintFeedbackType: 'not-spam' };
    });
    expect(parseSesEvent(notSpam)).toMatchObject({ outcome: 'other', reason: 'not-spam' });
    const suppressed = sesWith('ses-complaint', (d) => {
      d.complaint = { ...(d.complaint as object), complaintFeedbackType: null, complaintSubType: 'OnAccountSuppressionList' };
    });
    expect(parseSesEvent(suppressed)).toMatchObject({ outcome: 'blocked', reason: 'OnAccountSuppressionList' });
  });

  it('reads a subscription change that is not an unsubscribe as other', () => {
    const resubscribe = sesWith('ses-subscription', (d) => {
      d.subscription = {
        ...(d.subscription as object),
        newTopicPreferences: {
          unsubscribeAll: false,
          topicSubscriptionStatus: [{ topicName: 'collections', subscriptionStatus: 'OptIn' }],
        },
        oldTopicPreferences: {
          unsubscribeAll: true,
          topicSubscriptionStatus: [{ topicName: 'collections', subscriptionStatus: 'OptOut' }],
        },
      };
    });
    expect(parseSesEvent(resubscribe).outcome).toBe('other');
  });

  it('reads a topic opt-out without unsubscribeAll as an unsubscribe', () => {
    const topicOnly = sesWith('ses-subscription', (d) => {
      d.subscription = {
        ...(d.subscription as object),
        newTopicPreferences: {
          unsubscribeAll: false,
          topicSubscriptionStatus: [{ topicName: 'collections', subscriptionStatus: 'OptOut' }],
        },
        oldTopicPreferences: {
          unsubscribeAll: false,
          topicSubscriptionStatus: [{ topicName: 'collections', subscriptionStatus: 'OptIn' }],
        },
      };
    });
    expect(parseSesEvent(topicOnly).outcome).toBe('opted-out');
  });

  it('maps an unknown SES event type to other', () => {
    const event = sesWith('ses-send', (d) => {
      d.eventType = 'SomethingNew';
    });
    expect(parseSesEvent(event)).toMatchObject({ outcome: 'other', providerEventType: 'SomethingNew', at: '2026-11-26T15:00:00.000Z' });
  });

  it('falls back to the detail-type when the detail has no eventType', () => {
    const event = sesWith('ses-open', (d) => {
      delete d.eventType;
    });
    expect(parseSesEvent(event)).toMatchObject({ outcome: 'opened', providerEventType: 'Open' });
  });

  it('falls back to the envelope time, then to the send time', () => {
    const noOwnTime = sesWith('ses-delivered', (d) => {
      d.delivery = { recipients: [CUSTOMER_EMAIL] };
    });
    expect(parseSesEvent(noOwnTime).at).toBe('2026-11-26T15:00:02.000Z');
    delete noOwnTime.time;
    expect(parseSesEvent(noOwnTime).at).toBe('2026-11-26T15:00:00.120Z');
  });

  it('names every problem with its path and no personal data', () => {
    const event = fixture('ses-bounce-permanent');
    event.source = 'aws.sms-voice';
    const detail = event.detail as Record<string, unknown>;
    const mail = detail.mail as Record<string, unknown>;
    delete mail.messageId;
    (detail.bounce as Record<string, unknown>).timestamp = 'last Tuesday';
    const error = errorOf(() => parseSesEvent(event));
    expect(error.source).toBe('SES event');
    expect(error.problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^source: /),
        expect.stringMatching(/^detail\.mail\.messageId: /),
        expect.stringMatching(/^detail\.bounce\.timestamp: not a valid timestamp/),
      ]),
    );
    expect(error.problems).toHaveLength(3);
    expect(error.message).toMatch(/^invalid SES event: /);
    expectNoPii(error.message, ['Example Energy', 'last Tuesday', 'user unknown']);
  });

  it('requires the bounce object of a Bounce and a subscription object of a Subscription', () => {
    const bounce = sesWith('ses-bounce-permanent', (d) => {
      delete d.bounce;
    });
    expect(errorOf(() => parseSesEvent(bounce)).problems).toEqual(['detail.bounce: required for a Bounce event']);
    const subscription = sesWith('ses-subscription', (d) => {
      delete d.subscription;
    });
    expect(errorOf(() => parseSesEvent(subscription)).problems).toEqual(['detail.subscription: required for a Subscription event']);
  });

  it('requires an event type and a time', () => {
    const event = sesWith('ses-send', (d) => {
      delete d.eventType;
      delete (d.mail as Record<string, unknown>).timestamp;
    });
    event['detail-type'] = 'Advisor Recommendation Status Open';
    delete event.time;
    expect(errorOf(() => parseSesEvent(event)).problems).toEqual([
      'detail.eventType: required (and detail-type is not an SES email event)',
    ]);
    event['detail-type'] = 'Email Sent';
    expect(errorOf(() => parseSesEvent(event)).problems).toEqual(['time: required (the event carries no time)']);
  });

  it('rejects something that is not an EventBridge event', () => {
    for (const input of [undefined, null, 'Email Bounced', [], { source: 'aws.ses' }]) {
      const error = errorOf(() => parseSesEvent(input));
      expect(error.problems.length).toBeGreaterThan(0);
    }
  });
});

describe('classifySnsMessage', () => {
  it.each([
    ['inbound-sms', 'inbound-sms'],
    ['inbound-sms-no-keyword', 'inbound-sms'],
    ['text-successful', 'sms-voice-event'],
    ['text-delivered', 'sms-voice-event'],
    ['text-blocked', 'sms-voice-event'],
    ['text-invalid', 'sms-voice-event'],
    ['voice-answered', 'sms-voice-event'],
    ['voice-no-answer', 'sms-voice-event'],
    ['voice-completed', 'sms-voice-event'],
    ['ses-delivered', 'unknown'],
  ])('classifies %s as %s', (name, kind) => {
    expect(classifySnsMessage(snsMessage(name))).toBe(kind);
  });

  it('classifies a broken inbound SMS as inbound, so its parser reports the problems', () => {
    const payload = fixture('inbound-sms');
    delete payload.originationNumber;
    expect(classifySnsMessage(JSON.stringify(payload))).toBe('inbound-sms');
  });

  it('classifies the SES SNS record shape, MMS events, non-objects and non-JSON as unknown', () => {
    const sesRecord = (fixture('ses-bounce-permanent').detail as Record<string, unknown>) ?? {};
    expect(classifySnsMessage(JSON.stringify(sesRecord))).toBe('unknown');
    expect(classifySnsMessage(JSON.stringify({ ...fixture('text-delivered'), eventType: 'MEDIA_DELIVERED' }))).toBe('unknown');
    expect(classifySnsMessage('[]')).toBe('unknown');
    expect(classifySnsMessage('null')).toBe('unknown');
    expect(classifySnsMessage('"TEXT_DELIVERED"')).toBe('unknown');
    expect(classifySnsMessage('not json')).toBe('unknown');
    expect(classifySnsMessage('')).toBe('unknown');
  });
});

describe('exports', () => {
  it('lists each outcome once', () => {
    expect(new Set(DELIVERY_OUTCOMES).size).toBe(DELIVERY_OUTCOMES.length);
  });

  it('formats ProviderEventError as documented', () => {
    const error = new ProviderEventError('thing', ['a: missing', 'b: bad']);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('ProviderEventError');
    expect(error.message).toBe('invalid thing: a: missing; b: bad');
    expect(error.source).toBe('thing');
    expect(error.problems).toEqual(['a: missing', 'b: bad']);
  });
});
