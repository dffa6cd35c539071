import { describe, expect, it } from 'vitest';
import { updateAccount } from '../../functions/application/apply-event';
import { makeHandlers } from '../../local/handlers';
import { billingEvent, context, newAccountId, overdueDetail, T0, useWorld, type World } from './harness';

let w: World;

useWorld((created) => {
  w = created;
});

describe('updateAccount from a read the caller made', () => {
  it('re-reads when another writer changed the account since that read, and keeps both changes', async () => {
    w.clock.set(T0);
    const accountId = newAccountId('update');
    await makeHandlers(() => w.deps).ingest(billingEvent('AccountOverdue', overdueDetail(accountId)), context('ingest'));
    const read = (await w.deps.state.getVersionedAccount(accountId))!;

    // Another writer wins in between: the read is stale now.
    expect(
      await updateAccount(w.deps, accountId, (a) => ((a.survey = { trigger: 'handoff', channel: 'sms', sentAt: T0.toISOString() }), true)),
    ).toBe(true);
    const noticeAt = new Date(T0.getTime() + 60_000).toISOString();
    const changed = await updateAccount(
      w.deps,
      accountId,
      (a) => ((a.compliance = { ...a.compliance, validationNoticeSentAt: noticeAt }), true),
      read,
    );

    expect(changed).toBe(true);
    const stored = await w.deps.state.getVersionedAccount(accountId);
    expect(stored!.account.survey).toMatchObject({ trigger: 'handoff' });
    expect(stored!.account.compliance?.validationNoticeSentAt).toBe(noticeAt);
    expect(stored!.version).toBe(read.version + 2);
  });
});
