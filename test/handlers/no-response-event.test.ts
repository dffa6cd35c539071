import { describe, expect, it } from 'vitest';
import digitalFirst from '../../playbooks/cx-digital-first.json';
import { makeCloseHandler } from '../../functions/close';
import { makeIngestHandler } from '../../functions/ingest';
import type { Dependencies } from '../../functions/commons/dependencies';
import { accountNoResponseSchema } from '../../functions/domain/no-response';
import { parsePlaybook } from '../../functions/domain/playbook';
import { billingEvent, context, newAccountId, overdueDetail, useWorld, type World } from './harness';

let w: World;
let deps: Dependencies;
useWorld((created) => {
  w = created;
  // A playbook whose unanswered cadence ends as "no response", with a later cycle as the next step.
  deps = { ...w.deps, playbook: parsePlaybook(digitalFirst) };
});

const ingest = (accountId: string) =>
  makeIngestHandler(() => deps)(billingEvent('AccountOverdue', overdueDetail(accountId, 'inv-9')), context('ingest'));
const close = (accountId: string, reason: string) =>
  makeCloseHandler(() => deps)({ accountId, cycleId: 'inv-9', action: { type: 'close', reason } }, context('close'));
const published = (accountId: string) =>
  w.bus.published.filter((p) => p.detailType === 'AccountNoResponse' && p.detail.accountId === accountId);

describe('AccountNoResponse: the live next step of an unanswered cycle', () => {
  it('is published once when a cycle closes as no response, with the next step and ids only', async () => {
    const accountId = newAccountId('no-response');
    await ingest(accountId);
    await close(accountId, 'no-response');
    await close(accountId, 'no-response'); // a retried Close publishes nothing more
    const events = published(accountId);
    expect(events).toHaveLength(1);
    const detail = accountNoResponseSchema.parse(events[0].detail);
    expect(detail).toMatchObject({ accountId, cycleId: 'inv-9', nextStep: 'letter', playbookId: 'cx-digital-first' });
    expect(detail.reason).toMatch(/^all \d+ steps sent; no response within \d+ days of the last$/);
    const text = JSON.stringify(events[0]);
    for (const pii of ['Ana', '+12065550123', 'ana@example.com', 'Northwind']) expect(text).not.toContain(pii);
  });

  it('says so when no channel could reach the customer (the closing decision said it)', async () => {
    const accountId = newAccountId('no-channel');
    await ingest(accountId);
    await deps.ledger.append({
      kind: 'decision',
      accountId,
      cycleId: 'inv-9',
      at: new Date().toISOString(),
      action: { type: 'close', reason: 'no-response' },
      reasons: [{ ruleId: 'playbook.no-usable-channel', effect: 'suppressed', detail: 'no channel in sms, email, voice can be used' }],
      playbookId: 'cx-digital-first',
      playbookVersion: deps.playbook.version,
      ruleSetVersion: 'test',
    });
    await close(accountId, 'no-response');
    const detail = accountNoResponseSchema.parse(published(accountId)[0].detail);
    expect(detail).toMatchObject({ nextStep: 'letter' });
    expect(detail.reason).toMatch(/^no channel can reach the customer/);
  });

  it('is not published for any other closing', async () => {
    const accountId = newAccountId('paid');
    await ingest(accountId);
    await close(accountId, 'paid');
    expect(published(accountId)).toEqual([]);
  });
});
