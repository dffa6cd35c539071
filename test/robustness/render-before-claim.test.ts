import { describe, expect, it } from 'vitest';
import { deliverOnce } from '../../functions/application/deliver';
import { makeHandlers, type Handlers } from '../../local/handlers';
import { billingEvent, context, newAccountId, overdueDetail, T0, useWorld, type World } from '../handlers/harness';

let w: World;
let h: Handlers;

useWorld((created) => {
  w = created;
  h = makeHandlers(() => w.deps);
});

describe('render before claim', () => {
  it('a message that cannot be rendered (an impossible promise date) leaves no claim and calls no provider', async () => {
    w.clock.set(T0);
    const accountId = newAccountId('render');
    await h.ingest(billingEvent('AccountOverdue', overdueDetail(accountId, 'inv-1')), context('ingest'));
    const account = (await w.deps.state.getAccount(accountId))!;

    const delivery = {
      stepId: 'care-promise-confirm',
      channel: 'sms' as const,
      template: 'reply-promise',
      facts: { promise: { amount: 50, dueDate: '2026-13-45' } },
    };
    await expect(deliverOnce(w.deps, account, 'inv-1', delivery)).rejects.toMatchObject({ name: 'MessageRenderError' });

    expect(await w.deps.state.getClaim(accountId, 'inv-1', 'care-promise-confirm', 'sms')).toBeUndefined();
    expect(w.channel.callsFor(accountId)).toHaveLength(0);
  });

  it('a message that renders is claimed and sent once', async () => {
    w.clock.set(T0);
    const accountId = newAccountId('render-ok');
    await h.ingest(billingEvent('AccountOverdue', overdueDetail(accountId, 'inv-1')), context('ingest'));
    const account = (await w.deps.state.getAccount(accountId))!;
    const delivery = {
      stepId: 'care-promise-confirm',
      channel: 'sms' as const,
      template: 'reply-promise',
      facts: { promise: { amount: 50, dueDate: '2026-03-20' } },
    };
    expect(await deliverOnce(w.deps, account, 'inv-1', delivery)).toMatchObject({ status: 'sent' });
    expect(await w.deps.state.getClaim(accountId, 'inv-1', 'care-promise-confirm', 'sms')).toMatchObject({ claimStatus: 'confirmed' });
  });
});
