import { describe, expect, it } from 'vitest';
import { makeHandlers, type Handlers } from '../../local/handlers';
import { billingEvent, context, newAccountId, overdueDetail, T0, useWorld, type World } from '../handlers/harness';

let w: World;
let h: Handlers;
useWorld((created) => {
  w = created;
  h = makeHandlers(() => w.deps);
});

/** A value nested `depth` objects deep. */
const nested = (depth: number): Record<string, unknown> => (depth === 0 ? { leaf: 1 } : { next: nested(depth - 1) });

describe('a parked lifecycle event with an extra field nested 31 levels deep', () => {
  it('is parked (within DynamoDB nesting limits) and applied when its account arrives, or rejected with a reason -- never a crash', async () => {
    w.clock.set(T0);
    const accountId = newAccountId('nested');
    const payment = billingEvent('PaymentReceived', {
      accountId,
      paymentId: 'pay-1',
      amount: 120,
      currency: 'USD',
      paidAt: T0.toISOString(),
      extra: nested(31),
    });
    const result = await h.lifecycle(payment, context('lifecycle'));
    expect(['parked', 'rejected']).toContain(result.status);
    if (result.status === 'rejected') return;

    await h.ingest(billingEvent('AccountOverdue', overdueDetail(accountId)), context('ingest'));
    expect(await w.deps.state.getAccount(accountId)).toMatchObject({ status: 'paid' });
  });
});
