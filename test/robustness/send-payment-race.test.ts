/**
 * A send raced by a payment. Send's guard reads the account, then claims the step, then calls the
 * provider; a payment committed between the guard's read and the claim used to be missed, and the
 * message went out after the debt was settled. The payment is forced into each window of Send in turn
 * (chosen per trial by seed) on DynamoDB Local: committed before the claim, the message must never go;
 * committed after the claim (the provider call already under way), the message was decided while the
 * debt was owed.
 */
import { describe, expect, it } from 'vitest';
import type { ContactAction, SendOutcome } from '../../functions/domain/decision-types';
import type { Dependencies } from '../../functions/commons/dependencies';
import { makeHandlers, type Handlers } from '../../local/handlers';
import { seededRandom } from '../../local/faults';
import { billingEvent, context, newAccountId, overdueDetail, T0, useWorld, type World } from '../handlers/harness';

let w: World;
let h: Handlers;
useWorld((created) => {
  w = created;
  h = makeHandlers(() => w.deps);
});

const TRIALS = 200;
const WINDOWS = ['before-guard', 'guard-to-claim', 'claim-to-provider'] as const;
type Window = (typeof WINDOWS)[number];

/** Send over dependencies that commit the payment at the chosen point of its run. */
function sendWithPaymentIn(window: Window, pay: () => Promise<unknown>): Handlers['send'] {
  const forced: Dependencies = {
    ...w.deps,
    state: {
      ...w.deps.state,
      claimSend: async (...args) => {
        if (window === 'guard-to-claim') await pay();
        return w.deps.state.claimSend(...args);
      },
    },
    channels: {
      send: async (message) => {
        if (window === 'claim-to-provider') await pay();
        return w.deps.channels.send(message);
      },
    },
  };
  return makeHandlers(() => forced).send;
}

async function trial(window: Window): Promise<SendOutcome> {
  w.clock.set(T0);
  const accountId = newAccountId(`race-${window}`);
  await h.ingest(billingEvent('AccountOverdue', overdueDetail(accountId, 'inv-1')), context('ingest'));
  const decision = await h.decide({ accountId, cycleId: 'inv-1' }, context('decide'));
  const action = decision.action as ContactAction;
  const pay = () =>
    h.lifecycle(
      billingEvent('PaymentReceived', { accountId, paymentId: `p-${accountId}`, amount: 120, currency: 'USD', paidAt: T0.toISOString() }),
      context('lifecycle'),
    );
  if (window === 'before-guard') await pay();
  return sendWithPaymentIn(window, pay)({ accountId, cycleId: 'inv-1', action }, context('send'));
}

describe('a send raced by a settling payment', () => {
  it(`${TRIALS} trials: no message goes out once the payment is committed before the claim`, async () => {
    const random = seededRandom(42);
    const tally: Record<Window, { trials: number; sent: number }> = {
      'before-guard': { trials: 0, sent: 0 },
      'guard-to-claim': { trials: 0, sent: 0 },
      'claim-to-provider': { trials: 0, sent: 0 },
    };
    for (let i = 0; i < TRIALS; i++) {
      const window = WINDOWS[Math.floor(random() * WINDOWS.length)];
      const outcome = await trial(window);
      tally[window].trials += 1;
      if (outcome.status === 'sent') tally[window].sent += 1;
    }
    for (const window of WINDOWS) expect(tally[window].trials).toBeGreaterThan(40);
    const sentAfterPayment = tally['before-guard'].sent + tally['guard-to-claim'].sent;
    expect(sentAfterPayment).toBe(0);
    // Claimed before the payment: the provider call was under way and the message goes (decided while owed).
    expect(tally['claim-to-provider'].sent).toBe(tally['claim-to-provider'].trials);
  }, 300_000);
});
