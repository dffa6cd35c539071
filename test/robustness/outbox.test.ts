/**
 * Replies and hand-offs survive a failure: a provider throttling while a text is answered used to leave
 * the state written with its de-dup key, so the retry found the event applied and the answer (or the
 * hand-off after it) never happened. The effects now sit in the account's outbox, written with the
 * state, and a retry (or the sweep) finishes them. Throttles are injected at a rate, by seed.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { SinkChannel } from '../../functions/adapters/channels/sink';
import { buildDependencies } from '../../functions/commons/dependencies';
import { makeHandlers, type Handlers } from '../../local/handlers';
import { FaultInjector } from '../../local/faults';
import {
  billingEvent,
  context,
  newAccountId,
  overdueDetail,
  RecordingBus,
  RecordingJourneys,
  SETTINGS,
  TestClock,
  T0,
  useWorld,
  type World,
} from '../handlers/harness';

let w: World;
useWorld((created) => {
  w = created;
});

/** Texts that each owe an answer or a hand-off: HELP, a wish to talk to a person, a complaint, STOP. */
const TEXTS = ['HELP', 'can someone call me please', 'I want to file a complaint, you keep harassing me', 'STOP'];
const ACCOUNTS = 12;
/** Lambda's asynchronous invocation tries an event three times. */
const ASYNC_ATTEMPTS = 3;

interface Outcome {
  /** Per account (by index) and text (by index): how many answers went out. */
  replies: number[][];
  /** Per account: how many hand-offs were published, by reason. */
  handoffs: Array<Record<string, number>>;
  /** Sends the injector throttled. */
  throttled: number;
}

function sns(message: object, id: string) {
  return {
    Records: [
      {
        EventSource: 'aws:sns',
        Sns: { Type: 'Notification', MessageId: id, TopicArn: 'arn:aws:sns:us-east-1:0:in', Message: JSON.stringify(message) },
      },
    ],
  };
}

/** Every account texts every text; each handler invocation is retried as Lambda retries it, then the sweep runs once. */
async function converse(prefix: string, throttleRate: number): Promise<Outcome> {
  const clock = new TestClock(T0);
  const sink = new SinkChannel({ clock });
  const injector = new FaultInjector({ rates: { throttle: throttleRate }, seed: 11 });
  const bus = new RecordingBus();
  const journeys = new RecordingJourneys();
  const deps = buildDependencies({
    dynamo: w.dynamo.client,
    tables: w.dynamo.tables,
    clock,
    channels: injector.channel(sink),
    journeys,
    generations: journeys,
    bus,
    settings: SETTINGS,
  });
  const h: Handlers = makeHandlers(() => deps);
  const accounts = Array.from({ length: ACCOUNTS }, (_, i) => ({
    accountId: newAccountId(prefix),
    phone: `+1206${prefix === 'clean' ? 555 : 556}${String(2000 + i)}`,
  }));
  const inboundIds = accounts.map((a) => TEXTS.map((_, t) => `${a.accountId}-text-${t}`));
  for (const [i, a] of accounts.entries()) {
    const base = overdueDetail(a.accountId);
    await h.ingest(billingEvent('AccountOverdue', { ...base, customer: { ...base.customer, phone: a.phone } }), context('ingest'));
    for (const [t, body] of TEXTS.entries()) {
      clock.advance(60_000);
      const message = {
        originationNumber: a.phone,
        destinationNumber: SETTINGS.helpPhoneNumber,
        messageBody: body,
        inboundMessageId: inboundIds[i][t],
      };
      for (let attempt = 1; attempt <= ASYNC_ATTEMPTS; attempt++) {
        const ok = await h['inbound-sms'](sns(message, `sns-${inboundIds[i][t]}`), context('inbound-sms')).then(
          () => true,
          () => false,
        );
        if (ok) break;
      }
    }
  }
  await h.sweep({ id: 'sweep', 'detail-type': 'Scheduled Event', source: 'aws.scheduler', detail: {} } as never, context('sweep'));
  const sent = sink.sent;
  return {
    replies: accounts.map((a, i) =>
      inboundIds[i].map((id) => sent.filter((m) => m.messageKey.startsWith(`${a.accountId}:inv-1:reply-${id}:`)).length),
    ),
    handoffs: accounts.map((a) => {
      const reasons: Record<string, number> = {};
      for (const e of bus.published)
        if (e.detailType === 'AgentHandoffRequested' && e.detail.accountId === a.accountId)
          reasons[String(e.detail.reason)] = (reasons[String(e.detail.reason)] ?? 0) + 1;
      return reasons;
    }),
    throttled: injector.counts.throttle,
  };
}

describe('reply side effects under provider throttling at a rate', () => {
  let clean: Outcome;
  let faulty: Outcome;
  beforeAll(async () => {
    clean = await converse('clean', 0);
    faulty = await converse('faulty', 0.3);
  }, 120_000);

  it('without faults, every text is answered or handed off once (the baseline)', () => {
    expect(clean.replies.flat().every((n) => n <= 1)).toBe(true);
    expect(clean.replies.flat().filter((n) => n === 1).length).toBeGreaterThanOrEqual(ACCOUNTS * 2);
    expect(clean.handoffs.every((h) => Object.values(h).length >= 2 && Object.values(h).every((n) => n === 1))).toBe(true);
    expect(clean.throttled).toBe(0);
  });

  it('with 30% of sends throttled: no answer or hand-off lost, none doubled', () => {
    expect(faulty.throttled).toBeGreaterThan(5);
    const lostReplies = clean.replies.flatMap((row, i) => row.filter((n, t) => n > 0 && faulty.replies[i][t] === 0)).length;
    const doubledReplies = faulty.replies.flat().filter((n) => n > 1).length;
    const lostHandoffs = clean.handoffs.flatMap((h, i) => Object.keys(h).filter((reason) => !faulty.handoffs[i][reason])).length;
    const doubledHandoffs = faulty.handoffs.flatMap((h) => Object.values(h).filter((n) => n > 1)).length;
    expect({ lostReplies, doubledReplies, lostHandoffs, doubledHandoffs }).toEqual({
      lostReplies: 0,
      doubledReplies: 0,
      lostHandoffs: 0,
      doubledHandoffs: 0,
    });
  });
});
