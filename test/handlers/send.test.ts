import { describe, expect, it } from 'vitest';
import type { ContactAction, SendOutcome } from '../../functions/domain/decision-types';
import { makeHandlers, type Handlers } from '../../local/handlers';
import { billingEvent, context, newAccountId, overdueDetail, T0, useWorld, type World } from './harness';

let w: World;
let h: Handlers;

useWorld((created) => {
  w = created;
  h = makeHandlers(() => w.deps);
});

/** An overdue account and the journey's first decided contact. */
async function firstContact(prefix: string, overrides: Record<string, unknown> = {}) {
  w.clock.set(T0);
  const accountId = newAccountId(prefix);
  await h.ingest(billingEvent('AccountOverdue', overdueDetail(accountId, 'inv-1', overrides)), context('ingest'));
  const decision = await h.decide({ accountId, cycleId: 'inv-1' }, context('decide'));
  expect(decision.action.type).toBe('contact');
  const action = decision.action as ContactAction;
  return { accountId, cycleId: 'inv-1', action, payload: { accountId, cycleId: 'inv-1', action } };
}

const record = (accountId: string, action: ContactAction, outcome: SendOutcome) =>
  h.record({ kind: 'contact', accountId, cycleId: 'inv-1', action, outcome }, context('record'));

describe('send', () => {
  it('sends once: a second send of the same step is already-claimed and the provider is called once', async () => {
    const { accountId, action, payload } = await firstContact('once');
    expect(action).toMatchObject({ stepId: 's1-friendly', channel: 'sms' });

    const first = await h.send(payload, context('send'));
    expect(first).toMatchObject({ status: 'sent', stepId: 's1-friendly', channel: 'sms' });
    const second = await h.send(payload, context('send'));
    expect(second).toMatchObject({ status: 'already-claimed', stepId: 's1-friendly', channel: 'sms', claimStatus: 'confirmed' });

    const calls = w.channel.callsFor(accountId);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ to: '+12065550123', messageKey: `${accountId}:inv-1:s1-friendly:sms`, language: 'en' });
    expect(calls[0].text).toContain('https://pay.example.com/northwind');
    expect(await w.deps.state.getClaim(accountId, 'inv-1', 's1-friendly', 'sms')).toMatchObject({
      claimStatus: 'confirmed',
      providerMessageId: (first as { providerMessageId: string }).providerMessageId,
      attempts: 1,
    });

    // Record: one 'sent' entry even if Record runs again (state machine retry), and decide moves on.
    await record(accountId, action, first);
    await record(accountId, action, first);
    await record(accountId, action, second); // already-claimed of a confirmed claim is the same sent message
    // As an earlier version's Send reported it (no time, no tags): read and found recorded.
    const sent = first as Extract<SendOutcome, { status: 'sent' }>;
    await record(accountId, action, {
      status: 'sent',
      stepId: sent.stepId,
      channel: sent.channel,
      providerMessageId: sent.providerMessageId,
    });
    const contacts = (await w.deps.ledger.history(accountId, 'inv-1')).filter((r) => r.kind === 'contact');
    expect(contacts).toHaveLength(1);
    // Recorded at the time the provider took it, tagged as Send's guard read the journey.
    expect(contacts[0]).toMatchObject({ outcome: 'sent', stepId: 's1-friendly', channel: 'sms', at: (first as { sentAt: string }).sentAt });
    expect(contacts[0]).toMatchObject((first as { tags: object }).tags);
    const next = await h.decide({ accountId, cycleId: 'inv-1' }, context('decide'));
    expect(next.action).not.toMatchObject({ type: 'contact', stepId: 's1-friendly' });
  });

  it('refuses a Send outcome whose time is not a time, naming the field, and records nothing', async () => {
    const { accountId, action, payload } = await firstContact('malformed-outcome');
    const sent = (await h.send(payload, context('send'))) as Extract<SendOutcome, { status: 'sent' }>;
    await expect(record(accountId, action, { ...sent, sentAt: 'yesterday' })).rejects.toThrow(/sentAt/);
    await expect(record(accountId, action, { ...sent, tags: { segment: 7 } as never })).rejects.toThrow(/segment/);
    expect((await w.deps.ledger.history(accountId, 'inv-1')).filter((r) => r.kind === 'contact')).toHaveLength(0);
  });

  it('throttled: releases the claim and rethrows ChannelThrottled; the retry sends exactly once', async () => {
    const { accountId, payload } = await firstContact('throttle');
    w.channel.sink.throttle(1);
    await expect(h.send(payload, context('send'))).rejects.toMatchObject({ name: 'ChannelThrottled' });
    expect(await w.deps.state.getClaim(accountId, 'inv-1', 's1-friendly', 'sms')).toMatchObject({ claimStatus: 'released' });
    expect(w.channel.sink.sent.filter((m) => m.accountId === accountId)).toHaveLength(0);

    w.clock.advance(5_000);
    expect(await h.send(payload, context('send'))).toMatchObject({ status: 'sent' });
    expect(w.channel.sink.sent.filter((m) => m.accountId === accountId)).toHaveLength(1);
    expect(await w.deps.state.getClaim(accountId, 'inv-1', 's1-friendly', 'sms')).toMatchObject({ claimStatus: 'confirmed', attempts: 2 });
  });

  it('permanent failure: fails the claim, marks the channel unusable, and the next decision falls back', async () => {
    const { accountId, action, payload } = await firstContact('permanent', {
      customer: { ...overdueDetail('x').customer, phone: '+12065550199' },
    });
    const outcome = await h.send(payload, context('send'));
    expect(outcome).toMatchObject({ status: 'failed-permanent', channel: 'sms' });
    expect((outcome as { error: string }).error).toMatch(/^invalid-address/);
    expect((outcome as { error: string }).error).not.toContain('2065550199');
    const account = (await w.deps.state.getAccount(accountId))!;
    expect(account.channels.sms.unusable).toMatchObject({ reason: 'invalid-address' });
    expect(await w.deps.state.getClaim(accountId, 'inv-1', 's1-friendly', 'sms')).toMatchObject({ claimStatus: 'failed' });

    await record(accountId, action, outcome);
    const next = await h.decide({ accountId, cycleId: 'inv-1' }, context('decide'));
    expect(next.action).toMatchObject({ type: 'contact', stepId: 's1-friendly' });
    expect((next.action as ContactAction).channel).not.toBe('sms');
  });

  it('an unknown send outcome is kept as unknown: a retry before it is settled never sends again', async () => {
    const { accountId, action, payload } = await firstContact('crash');
    w.channel.crashNext = 1;
    await expect(h.send(payload, context('send'))).rejects.toThrow('socket hang up');
    expect(await w.deps.state.getClaim(accountId, 'inv-1', 's1-friendly', 'sms')).toMatchObject({ claimStatus: 'unknown' });

    // The state machine records the failure, waits, decides again and retries the same step.
    expect(
      await h.record(
        { kind: 'failure', accountId, cycleId: 'inv-1', error: { Error: 'Error', Cause: '{"errorMessage":"socket hang up"}' } },
        context('record'),
      ),
    ).toEqual({ giveUp: false });
    w.clock.advance(15 * 60_000);
    const again = await h.decide({ accountId, cycleId: 'inv-1' }, context('decide'));
    expect(again.action).toMatchObject({ type: 'contact', stepId: 's1-friendly', channel: 'sms' });
    const retry = await h.send(payload, context('send'));
    expect(retry).toMatchObject({ status: 'already-claimed', stepId: 's1-friendly', channel: 'sms', claimStatus: 'unknown' });
    expect(w.channel.callsFor(accountId)).toHaveLength(1);
    await record(accountId, action, retry);
    const contacts = (await w.deps.ledger.history(accountId, 'inv-1')).filter((r) => r.kind === 'contact');
    expect(contacts.map((c) => c.kind === 'contact' && c.outcome)).toEqual(['unconfirmed']);

    // Before the deadline the sweep counts it as still unknown, and it is still never re-sent.
    w.clock.advance(60_000);
    const sweep = await h.sweep({}, context('sweep'));
    expect(sweep.unconfirmedClaims).toBeGreaterThanOrEqual(1);
    expect(await w.deps.state.getClaim(accountId, 'inv-1', 's1-friendly', 'sms')).toMatchObject({ claimStatus: 'unknown' });
    expect(w.channel.callsFor(accountId)).toHaveLength(1);
  });

  it('guard: a payment between decide and send skips the contact without claiming or sending', async () => {
    const { accountId, payload } = await firstContact('guard');
    await h.lifecycle(
      billingEvent('PaymentReceived', { accountId, paymentId: 'p1', amount: 120, currency: 'USD', paidAt: T0.toISOString() }),
      context('lifecycle'),
    );
    const outcome = await h.send(payload, context('send'));
    expect(outcome).toMatchObject({ status: 'skipped', stepId: 's1-friendly', channel: 'sms' });
    expect((outcome as { reasons: unknown[] }).reasons.length).toBeGreaterThan(0);
    expect(w.channel.callsFor(accountId)).toHaveLength(0);
    expect(await w.deps.state.getClaim(accountId, 'inv-1', 's1-friendly', 'sms')).toBeUndefined();
  });

  it('guard: an opt-out between decide and send skips that channel', async () => {
    const { accountId, payload } = await firstContact('optout');
    await h.lifecycle(billingEvent('ChannelOptedOut', { accountId, channel: 'sms', at: T0.toISOString() }), context('lifecycle'));
    expect(await h.send(payload, context('send'))).toMatchObject({ status: 'skipped' });
    expect(w.channel.callsFor(accountId)).toHaveLength(0);
  });
});
