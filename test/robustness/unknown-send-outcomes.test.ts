/**
 * Unknown send outcomes are settled. A provider error that is neither throttling nor a known permanent
 * refusal used to leave the claim 'claimed' for ever: never settled, counted again by every sweep, the
 * message lost. Now the claim is 'unknown' (never re-sent while it is), a delivery event carrying its
 * message key settles it as sent, and with no event by the deadline the sweep settles it as not sent,
 * after which -- and only after which -- the step may be sent again, once.
 */
import { describe, expect, it } from 'vitest';
import type { ContactAction } from '../../functions/domain/decision-types';
import { UNCONFIRMED_AFTER_MS, UNKNOWN_SETTLE_AFTER_MS } from '../../functions/application/send-outcomes';
import { messageKey } from '../../functions/domain/message-key';
import { makeHandlers, type Handlers } from '../../local/handlers';
import { billingEvent, context, newAccountId, overdueDetail, T0, useWorld, type World } from '../handlers/harness';

let w: World;
let h: Handlers;
useWorld((created) => {
  w = created;
  h = makeHandlers(() => w.deps);
});

/** An overdue account whose first send got an answer that does not say whether the provider took it. */
async function unknownSend(prefix: string) {
  w.clock.set(T0);
  const accountId = newAccountId(prefix);
  await h.ingest(billingEvent('AccountOverdue', overdueDetail(accountId, 'inv-1')), context('ingest'));
  const action = (await h.decide({ accountId, cycleId: 'inv-1' }, context('decide'))).action as ContactAction;
  const payload = { accountId, cycleId: 'inv-1', action };
  w.channel.crashNext = 1;
  await expect(h.send(payload, context('send'))).rejects.toThrow();
  const claim = () => w.deps.state.getClaim(accountId, 'inv-1', action.stepId, action.channel);
  expect(await claim()).toMatchObject({ claimStatus: 'unknown' });
  return { accountId, action, payload, claim };
}

const findings = async (accountId: string) =>
  (await w.deps.ledger.history(accountId, 'inv-1')).flatMap((r) => (r.kind === 'reconciliation' ? [r.finding] : []));

/** End User Messaging's SMS event (through the configuration set's SNS topic), with the Context we sent. */
function smsEvent(providerMessageId: string, key: string) {
  const message = {
    eventType: 'TEXT_DELIVERED',
    eventVersion: '1.0',
    eventTimestamp: T0.getTime() + 5_000,
    messageId: providerMessageId,
    messageStatus: 'DELIVERED',
    context: { messageKey: key },
  };
  return {
    Records: [
      { EventSource: 'aws:sns', Sns: { Type: 'Notification', MessageId: `sns-${providerMessageId}`, Message: JSON.stringify(message) } },
    ],
  };
}

describe('an unknown send outcome', () => {
  it('is settled as sent by a delivery event carrying its message key, which then applies', async () => {
    const { accountId, action, payload, claim } = await unknownSend('unknown-sent');
    const [result] = await h['delivery-events'](
      smsEvent('provider-id-1', messageKey(accountId, 'inv-1', action.stepId, 'sms')),
      context('delivery'),
    );
    expect(result).toMatchObject({ status: 'applied', providerMessageId: 'provider-id-1' });
    expect(await claim()).toMatchObject({ claimStatus: 'confirmed', providerMessageId: 'provider-id-1' });
    expect(await w.deps.state.messageRef('provider-id-1')).toMatchObject({ accountId, stepId: action.stepId });
    expect(await findings(accountId)).toEqual(['send-settled-sent']);

    // Settled as sent: no sweep, however late, settles it again, and the step is never sent again.
    w.clock.advance(UNKNOWN_SETTLE_AFTER_MS + 60_000);
    await h.sweep({}, context('sweep'));
    expect(await h.send(payload, context('send'))).toMatchObject({ status: 'already-claimed', claimStatus: 'confirmed' });
    expect(w.channel.callsFor(accountId)).toHaveLength(1);
  });

  it('with no delivery event by the deadline is settled as not sent, and only then sent again, once', async () => {
    const { accountId, payload, claim } = await unknownSend('unknown-not-sent');
    w.clock.advance(UNKNOWN_SETTLE_AFTER_MS - 60_000);
    expect((await h.sweep({}, context('sweep'))).unconfirmedClaims).toBeGreaterThanOrEqual(1);
    expect(await claim()).toMatchObject({ claimStatus: 'unknown' });
    expect(await h.send(payload, context('send'))).toMatchObject({ status: 'already-claimed', claimStatus: 'unknown' });

    w.clock.advance(2 * 60_000);
    const sweep = await h.sweep({}, context('sweep'));
    expect(sweep.settledNotSent).toBeGreaterThanOrEqual(1);
    expect(await claim()).toMatchObject({ claimStatus: 'not-sent' });
    expect(await findings(accountId)).toEqual(['send-settled-not-sent']);
    // The next sweep finds nothing to settle for it: surfaced and settled once.
    await h.sweep({}, context('sweep'));
    expect(await findings(accountId)).toEqual(['send-settled-not-sent']);

    const retry = await h.send(payload, context('send'));
    expect(retry).toMatchObject({ status: 'sent' });
    expect(await h.send(payload, context('send'))).toMatchObject({ status: 'already-claimed', claimStatus: 'confirmed' });
    expect(w.channel.callsFor(accountId)).toHaveLength(2); // the unknown attempt and the one retry
  });

  it('left "claimed" by a crash is found by the sweep, marked unknown once, and settled like any other', async () => {
    w.clock.set(T0);
    const accountId = newAccountId('crashed');
    await h.ingest(billingEvent('AccountOverdue', overdueDetail(accountId, 'inv-1')), context('ingest'));
    await w.deps.state.claimSend(accountId, 'inv-1', 's1-friendly', 'sms', T0.toISOString());
    w.clock.advance(UNCONFIRMED_AFTER_MS + 60_000);
    expect((await h.sweep({}, context('sweep'))).unknownSurfaced).toBeGreaterThanOrEqual(1);
    expect(await w.deps.state.getClaim(accountId, 'inv-1', 's1-friendly', 'sms')).toMatchObject({ claimStatus: 'unknown' });
    await h.sweep({}, context('sweep'));
    expect(await findings(accountId)).toEqual(['unconfirmed-claim']);
  });
});
