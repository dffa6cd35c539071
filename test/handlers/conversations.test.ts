import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { makeIngestHandler } from '../../functions/ingest';
import { makeLifecycleHandler } from '../../functions/lifecycle';
import { makeInboundSmsHandler } from '../../functions/inbound-sms';
import { makeDeliveryEventsHandler } from '../../functions/delivery-events';
import { makeDecideHandler } from '../../functions/decide';
import { makeSendHandler } from '../../functions/send';
import { makeRecordHandler } from '../../functions/record';
import type { ContactAction } from '../../functions/domain/decision-types';
import { billingEvent, context, newAccountId, overdueDetail, T0, useWorld, type World } from './harness';

let w: World;
let h: {
  ingest: ReturnType<typeof makeIngestHandler>;
  lifecycle: ReturnType<typeof makeLifecycleHandler>;
  inbound: ReturnType<typeof makeInboundSmsHandler>;
  delivery: ReturnType<typeof makeDeliveryEventsHandler>;
  decide: ReturnType<typeof makeDecideHandler>;
  send: ReturnType<typeof makeSendHandler>;
  record: ReturnType<typeof makeRecordHandler>;
};

useWorld((created) => {
  w = created;
  const deps = () => w.deps;
  h = {
    ingest: makeIngestHandler(deps),
    lifecycle: makeLifecycleHandler(deps),
    inbound: makeInboundSmsHandler(deps),
    delivery: makeDeliveryEventsHandler(deps),
    decide: makeDecideHandler(deps),
    send: makeSendHandler(deps),
    record: makeRecordHandler(deps),
  };
});

beforeEach(() => w.clock.set(T0));

const OUR_NUMBER = '+18005550100';
let phoneSeq = 0;
/** A phone number of its own per test: the tests share one DynamoDB Local and its phone index. */
const newPhone = () => `+1206555${String(1000 + ((++phoneSeq * 37 + Math.floor(Math.random() * 30)) % 9000)).padStart(4, '0')}`;

interface Customer {
  accountId: string;
  phone: string;
  email: string;
}

/** An overdue account whose journey has sent its first text (the customer now has something to reply to). */
async function contacted(prefix: string, overrides: Record<string, unknown> = {}): Promise<Customer & { providerMessageId: string }> {
  const accountId = newAccountId(prefix);
  const phone = newPhone();
  const email = `${accountId}@example.com`;
  const base = overdueDetail(accountId);
  await h.ingest(
    billingEvent('AccountOverdue', { ...base, customer: { ...base.customer, phone, email }, ...overrides }),
    context('ingest'),
  );
  const decision = await h.decide({ accountId, cycleId: 'inv-1' }, context('decide'));
  const action = decision.action as ContactAction;
  const outcome = await h.send({ accountId, cycleId: 'inv-1', action }, context('send'));
  await h.record({ kind: 'contact', accountId, cycleId: 'inv-1', action, outcome }, context('record'));
  if (outcome.status !== 'sent') throw new Error(`first message not sent: ${outcome.status}`);
  return { accountId, phone, email, providerMessageId: outcome.providerMessageId };
}

let inboundSeq = 0;
function sns(message: object, id = `sns-${++inboundSeq}`) {
  return {
    Records: [
      {
        EventSource: 'aws:sns',
        Sns: {
          Type: 'Notification',
          MessageId: id,
          TopicArn: 'arn:aws:sns:us-east-1:000000000000:inbound',
          Message: JSON.stringify(message),
        },
      },
    ],
  };
}
function reply(from: string, body: string, extra: Record<string, unknown> = {}) {
  const inboundMessageId = `in-${++inboundSeq}-${Math.random().toString(36).slice(2, 8)}`;
  return {
    event: sns({ originationNumber: from, destinationNumber: OUR_NUMBER, messageBody: body, inboundMessageId, ...extra }),
    inboundMessageId,
  };
}
const textsTo = (phone: string) => w.channel.calls.filter((c) => c.to === phone);
const handoffsFor = (accountId: string) =>
  w.bus.published.filter((p) => p.detailType === 'AgentHandoffRequested' && p.detail.accountId === accountId);
const ledger = (accountId: string) => w.deps.ledger.history(accountId, 'inv-1');

describe('inbound SMS', () => {
  it('STOP in plain words opts the number out at once, with exactly one confirmation and nothing else', async () => {
    const c = await contacted('stop');
    const before = textsTo(c.phone).length;
    const stop = reply(c.phone, 'please stop texting me');
    await h.inbound(stop.event, context('inbound-sms'));

    const account = (await w.deps.state.getAccount(c.accountId))!;
    expect(account.channels.sms.optedOut).toBe(true);
    expect(account.customer.consent?.sms).toMatchObject({ revokedAt: T0.toISOString(), revokedBy: 'reply:stop texting' });
    const confirmation = textsTo(c.phone).slice(before);
    expect(confirmation).toHaveLength(1);
    expect(confirmation[0].text).toBe('Northwind Energy: you will not get more texts from us at this number.');

    // Redelivered by SNS, and a second STOP: no second confirmation.
    await h.inbound(stop.event, context('inbound-sms'));
    await h.inbound(reply(c.phone, 'STOP').event, context('inbound-sms'));
    expect(textsTo(c.phone).slice(before)).toHaveLength(1);
    // The journey never texts again: the next step goes by email.
    w.clock.advance(3 * 24 * 3600_000);
    const next = await h.decide({ accountId: c.accountId, cycleId: 'inv-1' }, context('decide'));
    expect(next.action).toMatchObject({ type: 'contact', channel: 'email' });
  });

  it('a STOP keyword AWS already answered opts out without a second confirmation', async () => {
    const c = await contacted('stop-kw');
    const before = textsTo(c.phone).length;
    await h.inbound(reply(c.phone, 'STOP', { messageKeyword: 'STOP' }).event, context('inbound-sms'));
    expect((await w.deps.state.getAccount(c.accountId))!.channels.sms.optedOut).toBe(true);
    expect(textsTo(c.phone).slice(before)).toEqual([]);
  });

  it('HELP, PAY and PLAN are answered at once on the same number, and the replies are recorded', async () => {
    const c = await contacted('keywords');
    const before = textsTo(c.phone).length;
    for (const word of ['HELP', 'pay', 'Plan']) await h.inbound(reply(c.phone, word).event, context('inbound-sms'));
    const answers = textsTo(c.phone)
      .slice(before)
      .map((m) => m.text);
    expect(answers).toHaveLength(3);
    expect(answers[0]).toMatch(/\+1 800-555-0100|https:\/\/pay\.example\.com/);
    expect(answers[1]).toContain('https://pay.example.com');
    expect(answers[2]).toMatch(/2 monthly payments of \$60\.00, 3 of \$40\.00, or 6 of \$20\.00/);
    const records = await ledger(c.accountId);
    expect(records.filter((r) => r.kind === 'inbound').map((r) => r.kind === 'inbound' && r.intent)).toEqual(['help', 'pay', 'plan']);
    const replies = records.filter((r) => r.kind === 'contact' && r.initiatedBy === 'customer');
    expect(replies.map((r) => r.kind === 'contact' && r.template)).toEqual(['reply-help', 'reply-pay', 'reply-plan-options']);
    // What the customer wrote is never stored or published: only what it meant.
    await h.inbound(reply(c.phone, 'I moved to 12 Elm Street, Springfield, my new number is 555 0199').event, context('inbound-sms'));
    const after = JSON.stringify([await ledger(c.accountId), w.bus.published]);
    expect(after).not.toMatch(/Elm Street|Springfield|555 0199/);
  });

  it('"not my debt" opens a dispute, asks a person once, and pauses collection until verification', async () => {
    const c = await contacted('dispute');
    await h.inbound(reply(c.phone, "This isn't my debt, I never had an account with you").event, context('inbound-sms'));
    const account = (await w.deps.state.getAccount(c.accountId))!;
    expect(account.compliance?.disputeOpenedAt).toBe(T0.toISOString());
    expect(handoffsFor(c.accountId).map((p) => p.detail.reason)).toEqual(['dispute-pending-verification']);

    w.clock.advance(3 * 24 * 3600_000);
    const paused = await h.decide({ accountId: c.accountId, cycleId: 'inv-1' }, context('decide'));
    expect(paused.action.type).toBe('wait');
    expect(paused.reasons.map((r) => r.ruleId)).toContain('care.with-a-person');
    expect(handoffsFor(c.accountId)).toHaveLength(1);

    await h.lifecycle(
      billingEvent('DisputeVerified', { accountId: c.accountId, verifiedAt: w.clock.now().toISOString() }),
      context('lifecycle'),
    );
    const resumed = await h.decide({ accountId: c.accountId, cycleId: 'inv-1' }, context('decide'));
    expect(resumed.action).toMatchObject({ type: 'contact', stepId: 's2-followup' });
  });

  it('a reply that ends or pauses the journey wakes it now (a dispute; STOP on the last medium); a question wakes nothing', async () => {
    const wakeUps = (accountId: string) => w.journeys.generationCalls.filter((call) => call.includes(`${accountId}--`));
    const disputed = await contacted('wake-dispute');
    const [answer] = await h.inbound(
      reply(disputed.phone, "This isn't my debt, I never had an account with you").event,
      context('inbound-sms'),
    );
    expect(answer).toMatchObject({ status: 'applied', results: [{ status: 'applied', journeyWoken: 'dispute' }] });
    expect(wakeUps(disputed.accountId)).toEqual([`stop ${disputed.accountId}--inv-1 g0 dispute`, `start ${disputed.accountId}--inv-1 g1`]);
    expect(await w.deps.state.getJourney(disputed.accountId, 'inv-1')).toMatchObject({ generation: 1 });

    const asked = await contacted('wake-none');
    const [help] = await h.inbound(reply(asked.phone, 'HELP').event, context('inbound-sms'));
    expect(help.status === 'applied' && help.results[0]).not.toHaveProperty('journeyWoken');
    expect(wakeUps(asked.accountId)).toEqual([]);

    // STOP by text while email and voice are already opted out: nothing is left to contact, the journey ends now.
    const stopped = await contacted('wake-stop');
    for (const channel of ['email', 'voice'])
      await h.lifecycle(
        billingEvent('ChannelOptedOut', { accountId: stopped.accountId, channel, at: T0.toISOString() }),
        context('lifecycle'),
      );
    expect(wakeUps(stopped.accountId)).toEqual([]);
    const [stop] = await h.inbound(reply(stopped.phone, 'STOP').event, context('inbound-sms'));
    expect(stop).toMatchObject({ results: [{ journeyWoken: 'ceased' }] });
    expect(wakeUps(stopped.accountId)).toEqual([`stop ${stopped.accountId}--inv-1 g0 ceased`, `start ${stopped.accountId}--inv-1 g1`]);
  });

  it('a promise by text keeps the journey quiet until the date, then the payment keeps it', async () => {
    const c = await contacted('promise');
    // T0 is Tuesday 2026-03-10; "Friday" is 2026-03-13.
    await h.inbound(reply(c.phone, 'I can pay $50 on Friday').event, context('inbound-sms'));
    const account = (await w.deps.state.getAccount(c.accountId))!;
    expect(account.promise).toMatchObject({ amount: 50, dueDate: '2026-03-13', status: 'open', source: 'sms-reply' });
    expect(textsTo(c.phone).at(-1)!.text).toMatch(/\$50\.00.*March 13, 2026/);

    w.clock.advance(3 * 24 * 3600_000);
    const quiet = await h.decide({ accountId: c.accountId, cycleId: 'inv-1' }, context('decide'));
    expect(quiet.action).toEqual({ type: 'wait', until: '2026-03-15T14:00:00.000Z' });

    await h.lifecycle(
      billingEvent('PaymentReceived', {
        accountId: c.accountId,
        paymentId: 'p-50',
        amount: 50,
        currency: 'USD',
        paidAt: w.clock.now().toISOString(),
      }),
      context('lifecycle'),
    );
    expect((await w.deps.state.getAccount(c.accountId))!.promise).toMatchObject({ status: 'kept', paid: 50 });
  });

  it('an unknown number is kept as a rejection, and a message that is not an SMS reply too', async () => {
    const stranger = reply('+15005550006', 'who is this?');
    expect(await h.inbound(stranger.event, context('inbound-sms'))).toEqual([
      { messageId: stranger.inboundMessageId, status: 'rejected', reasons: ['originationNumber: no account has this phone number'] },
    ]);
    const broken = sns({ hello: 'world' }, 'sns-broken');
    const [result] = await h.inbound(broken, context('inbound-sms'));
    expect(result.status).toBe('rejected');
    const rejections = await w.deps.ledger.rejections(T0.toISOString().slice(0, 10));
    expect(rejections.map((r) => r.eventId)).toEqual(expect.arrayContaining([stranger.inboundMessageId, 'sns-broken']));
  });

  it('the satisfaction answer after a resolution is recorded once', async () => {
    const c = await contacted('survey');
    await h.lifecycle(
      billingEvent('PaymentReceived', {
        accountId: c.accountId,
        paymentId: 'p-all',
        amount: 120,
        currency: 'USD',
        paidAt: T0.toISOString(),
      }),
      context('lifecycle'),
    );
    w.clock.advance(3600_000);
    const decision = await h.decide({ accountId: c.accountId, cycleId: 'inv-1' }, context('decide'));
    expect(decision.action).toMatchObject({ type: 'contact', stepId: 'survey-resolution', channel: 'sms', template: 'survey' });
    const action = decision.action as ContactAction;
    const outcome = await h.send({ accountId: c.accountId, cycleId: 'inv-1', action }, context('send'));
    await h.record({ kind: 'contact', accountId: c.accountId, cycleId: 'inv-1', action, outcome }, context('record'));
    expect((await w.deps.state.getAccount(c.accountId))!.survey).toMatchObject({ trigger: 'resolution', channel: 'sms' });

    await h.inbound(reply(c.phone, '4').event, context('inbound-sms'));
    await h.inbound(reply(c.phone, '1').event, context('inbound-sms'));
    expect((await w.deps.state.getAccount(c.accountId))!.survey).toMatchObject({ score: 4 });
    expect((await h.decide({ accountId: c.accountId, cycleId: 'inv-1' }, context('decide'))).action).toEqual({
      type: 'close',
      reason: 'paid',
    });
  });
});

describe('delivery events', () => {
  const fixture = (name: string) =>
    JSON.parse(readFileSync(new URL(`../adapters/fixtures/provider-events/${name}.json`, import.meta.url), 'utf8'));
  const sesEvent = (name: string, messageId: string) => {
    const event = fixture(name);
    event.id = `${name}-${messageId}`;
    event.detail.mail.messageId = messageId;
    return event;
  };
  const smsEvent = (name: string, messageId: string) => sns({ ...fixture(name), messageId });

  it('a hard bounce makes email unusable; the journey falls back to text', async () => {
    const c = await contacted('bounce', { customer: { ...overdueDetail('x').customer, preferredChannel: 'email' } });
    const [result] = await h.delivery(sesEvent('ses-bounce-permanent', c.providerMessageId), context('delivery-events'));
    expect(result).toMatchObject({ status: 'applied' });
    const account = (await w.deps.state.getAccount(c.accountId))!;
    expect(account.channels.email.unusable).toMatchObject({ reason: expect.stringMatching(/^Permanent\//) });
    // Redelivered: nothing more happens.
    expect(await h.delivery(sesEvent('ses-bounce-permanent', c.providerMessageId), context('delivery-events'))).toMatchObject([
      { status: 'duplicate' },
    ]);
  });

  it('an email complaint stops email, records a complaint and asks a person', async () => {
    const c = await contacted('complaint', { customer: { ...overdueDetail('x').customer, preferredChannel: 'email' } });
    await h.delivery(sesEvent('ses-complaint', c.providerMessageId), context('delivery-events'));
    const account = (await w.deps.state.getAccount(c.accountId))!;
    expect(account.channels.email.optedOut).toBe(true);
    expect(account.complaints).toMatchObject([{ category: 'communication-tactics', source: 'email' }]);
    expect(handoffsFor(c.accountId).map((p) => p.detail.reason)).toEqual(['complaint']);
  });

  it('an answered call is a conversation: no further call for 7 days', async () => {
    const c = await contacted('voice', { customer: { ...overdueDetail('x').customer, preferredChannel: 'voice' } });
    await h.delivery(smsEvent('voice-answered', c.providerMessageId), context('delivery-events'));
    const records = await ledger(c.accountId);
    expect(records.filter((r) => r.kind === 'conversation')).toMatchObject([{ channel: 'voice' }]);
  });

  it('an event for a message Amicable did not send changes nothing', async () => {
    expect(await h.delivery(smsEvent('text-delivered', 'not-ours-123'), context('delivery-events'))).toEqual([
      { status: 'unknown-message', providerMessageId: 'not-ours-123' },
    ]);
  });
});

describe('people', () => {
  it('AgentHandoffCompleted returns the account to the journey, which resumes the playbook', async () => {
    const c = await contacted('person');
    await h.inbound(reply(c.phone, 'can someone call me please').event, context('inbound-sms'));
    const [handoff] = handoffsFor(c.accountId);
    expect(handoff.detail).toMatchObject({ reason: 'customer-asked-for-person', preferredContact: { channel: 'sms', language: 'en' } });
    expect(handoff.detail.summary).toMatch(/1 reply \(wants-person\)/);
    w.clock.advance(24 * 3600_000);
    expect((await h.decide({ accountId: c.accountId, cycleId: 'inv-1' }, context('decide'))).action.type).toBe('wait');

    await h.lifecycle(
      billingEvent('AgentHandoffCompleted', { accountId: c.accountId, outcome: 'resume', completedAt: w.clock.now().toISOString() }),
      context('lifecycle'),
    );
    w.clock.advance(2 * 24 * 3600_000);
    expect((await h.decide({ accountId: c.accountId, cycleId: 'inv-1' }, context('decide'))).action).toMatchObject({
      type: 'contact',
      stepId: 's2-followup',
    });
  });
});

describe('replies that protect the customer (issue 13), in English and Spanish', () => {
  const account = async (accountId: string) => (await w.deps.state.getAccount(accountId))!;
  const reasons = (accountId: string) => handoffsFor(accountId).map((p) => p.detail.reason);

  /** Sends the reply to a freshly contacted account; returns the account, the hand-offs and our answers. */
  async function answer(prefix: string, text: string) {
    const c = await contacted(prefix);
    const before = textsTo(c.phone).length;
    await h.inbound(reply(c.phone, text).event, context('inbound-sms'));
    const texts = textsTo(c.phone)
      .slice(before)
      .map((m) => m.text);
    const records = await ledger(c.accountId);
    const intents = records.filter((r) => r.kind === 'inbound').map((r) => r.kind === 'inbound' && r.intent);
    return { c, after: await account(c.accountId), handoffs: reasons(c.accountId), texts, intents };
  }

  for (const text of ['wrong number, I am not him', 'número equivocado, no conozco a esa persona']) {
    it(`wrong number ("${text}"): texts and calls to the number end, it is unusable, nothing is said back, a person looks`, async () => {
      const r = await answer('wrong', text);
      expect(r.intents).toEqual(['wrong-number']);
      expect(r.after.channels.sms).toMatchObject({ optedOut: true, unusable: { reason: 'wrong-number reply' } });
      expect(r.after.channels.voice).toMatchObject({ optedOut: true, unusable: { reason: 'wrong-number reply' } });
      expect(r.texts).toEqual([]);
      expect(r.handoffs).toEqual(['wrong-party']);
    });
  }

  for (const [intent, text, fact, reason] of [
    ['attorney', 'talk to my lawyer from now on', 'attorney', 'attorney-represented'],
    ['attorney', 'hablen con mi abogado', 'attorney', 'attorney-represented'],
    ['bankruptcy', 'I filed chapter 7', 'bankruptcy', 'bankruptcy'],
    ['bankruptcy', 'me declaré en bancarrota', 'bankruptcy', 'bankruptcy'],
    ['deceased', 'my father passed away last month', 'deceased', 'bereavement'],
    ['deceased', 'mi papá falleció', 'deceased', 'bereavement'],
  ] as const) {
    it(`${intent} ("${text}"): recorded, no reply, a person takes over and the journey stops contacting`, async () => {
      const r = await answer(intent, text);
      expect(r.intents).toEqual([intent]);
      expect(r.after.compliance?.[fact]).toBeDefined();
      expect(r.texts).toEqual([]);
      expect(r.handoffs).toEqual([reason]);
      w.clock.advance(3 * 24 * 3600_000);
      const next = await h.decide({ accountId: r.c.accountId, cycleId: 'inv-1' }, context('decide'));
      expect(next.action.type).not.toBe('contact');
    });
  }

  for (const text of ['this is his wife, he is not here', 'soy su esposa, él no está']) {
    it(`someone else answering ("${text}"): nothing about the debt is said, a person looks`, async () => {
      const r = await answer('third', text);
      expect(r.intents).toEqual(['third-party']);
      expect(r.texts).toEqual([]);
      expect(r.handoffs).toEqual(['third-party-answered']);
      expect(r.after.channels.sms.optedOut).toBe(false);
    });
  }

  for (const text of ['text only please, do not call', 'solo mensajes, no me llamen']) {
    it(`a medium restriction ("${text}") ends calls only: texts go on, the limit is confirmed once`, async () => {
      const r = await answer('medium', text);
      expect(r.intents).toEqual(['restrict-medium']);
      expect(r.after.channels.voice.optedOut).toBe(true);
      expect(r.after.channels.sms.optedOut).toBe(false);
      expect(r.texts).toHaveLength(1);
      expect(r.texts[0]).toMatch(/noted how and when/);
      expect(r.handoffs).toEqual([]);
    });
  }

  for (const text of ['only after 6pm please', 'solo después de las 6 por favor']) {
    it(`a time restriction ("${text}") blocks the hours before 18:00 and keeps every medium open`, async () => {
      const r = await answer('time', text);
      expect(r.intents).toEqual(['restrict-time-or-place']);
      expect(r.after.customer.blockedTimes).toEqual([{ start: '00:00', end: '18:00' }]);
      expect(r.after.channels.sms.optedOut).toBe(false);
      expect(r.after.channels.voice.optedOut).toBe(false);
    });
  }

  for (const text of ["don't call me at work", 'no me llamen al trabajo']) {
    it(`a place restriction ("${text}") blocks working hours, not calls or texts, and a person confirms the hours`, async () => {
      const r = await answer('place', text);
      expect(r.intents).toEqual(['restrict-time-or-place']);
      expect(r.after.customer.blockedTimes).toEqual([{ start: '09:00', end: '17:00', days: ['mon', 'tue', 'wed', 'thu', 'fri'] }]);
      expect(r.after.channels.voice.optedOut).toBe(false);
      expect(r.handoffs).toEqual(['contact-limits-to-confirm']);
    });
  }

  for (const text of ['STOP. I already paid', 'ya pagué, dejen de mandar mensajes']) {
    it(`two intents ("${text}"): the opt-out decides, with one confirmation, and the payment claim goes to a person`, async () => {
      const r = await answer('floor', text);
      expect(r.intents).toEqual(['stop']);
      expect(r.after.channels.sms.optedOut).toBe(true);
      expect(r.texts).toHaveLength(1);
      expect(r.texts[0]).toMatch(/will not get more texts/);
      expect(r.handoffs).toEqual(['customer-says-paid']);
    });
  }
});
