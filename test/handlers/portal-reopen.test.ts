/**
 * Reopening portal access after a revocation (amicable portal-reopen), on DynamoDB Local: the revoked
 * counts go, only while revoked; the ledger says who, why and when; nothing else is reopened.
 */
import { describe, expect, it } from 'vitest';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { makeIngestHandler } from '../../functions/ingest';
import { makePortalHandler } from '../../functions/portal';
import { HmacMac } from '../../functions/adapters/link-mac';
import { keys } from '../../functions/adapters/tables';
import { mintLink, type PortalSettings } from '../../functions/application/portal-links';
import { documentClient, type Dependencies } from '../../functions/commons/dependencies';
import { portalReopenCommand, PortalReopenError } from '../../local/portal-reopen-command';
import { amicable } from '../e2e/run-cli';
import { billingEvent, context, newAccountId, overdueDetail, T0, useWorld, type World } from './harness';

let w: World;
let deps: Dependencies;
const portal: PortalSettings = {
  mac: new HmacMac('reopen-key'),
  baseUrl: 'https://portal.example.com',
  linkTtlDays: 14,
  check: 'postal-code',
};
useWorld((created) => {
  w = created;
  deps = { ...w.deps, portal };
});
const ingest = makeIngestHandler(() => deps);
const portalHandler = makePortalHandler(() => deps, 'anyone');

async function verify(token: string, answer: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const event = {
    version: '2.0',
    routeKey: '$default',
    rawPath: '/api/verify',
    headers: { 'content-type': 'application/json' },
    requestContext: { http: { method: 'POST', path: '/api/verify' }, requestId: `r-${Math.random()}` },
    body: JSON.stringify({ token, answer }),
    isBase64Encoded: false,
  } as unknown as APIGatewayProxyEventV2;
  const result = (await portalHandler(event, context('portal'))) as APIGatewayProxyStructuredResultV2;
  return { status: result.statusCode ?? 200, body: JSON.parse(result.body ?? '{}') };
}

/** An overdue account (ZIP 98101) and a link to it. */
async function accountWithLink(prefix: string, personId?: string) {
  w.clock.set(T0);
  const accountId = newAccountId(prefix);
  const base = overdueDetail(accountId);
  const customer = { ...base.customer, address: { country: 'US', region: 'WA', postalCode: '98101' }, ...(personId ? { personId } : {}) };
  await ingest(billingEvent('AccountOverdue', { ...base, customer }), context('ingest'));
  const link = await mintLink(portal, deps.state, { accountId, cycleId: 'inv-1' }, w.clock.now());
  return { accountId, token: link.split('#t=')[1] };
}

/** Wrong answers, waiting out each lock, until the links are revoked. */
async function revoke(token: string) {
  for (let i = 0; i < 25; i++) {
    const r = await verify(token, String(10000 + i));
    if (r.status === 423) return;
    if (r.status === 429) w.clock.advance((r.body.retryAfterSeconds as number) * 1000 + 1000);
  }
  throw new Error('the links were not revoked');
}

const guardItem = async (kind: 'account' | 'person', id: string) =>
  (
    await documentClient(w.dynamo.client).send(
      new GetCommand({ TableName: w.dynamo.tables.state, Key: keys.guard(kind, id), ConsistentRead: true }),
    )
  ).Item;
const reopenedEntries = async (accountId: string) =>
  (await deps.ledger.history(accountId, 'inv-1')).filter((e) => e.kind === 'portal-reopened');
const local = () => ({ endpoint: w.dynamo.endpoint, clock: w.clock });

describe('amicable portal-reopen', () => {
  it('reopens a revoked account and its person, records who, why and when, and the right answer gets in again', async () => {
    const personId = `person-${Math.random().toString(36).slice(2, 8)}`;
    const { accountId, token } = await accountWithLink('reopen', personId);
    await revoke(token);
    expect((await verify(token, '98101')).status).toBe(423);
    const out: string[] = [];
    const code = await portalReopenCommand(
      { ...local(), account: accountId, reason: 'Customer called; identity confirmed on the phone', operator: 'agent-042' },
      (l) => out.push(l),
    );
    expect(code).toBe(0);
    expect(out[0]).toMatch(
      new RegExp(
        `^reopened portal access for account ${accountId} \\(revoked counts removed: account, person\\); ledger entry portal-reopened at .* by agent-042$`,
      ),
    );
    expect(await guardItem('account', accountId)).toBeUndefined();
    expect(await guardItem('person', personId)).toBeUndefined();
    expect(await reopenedEntries(accountId)).toEqual([
      expect.objectContaining({
        kind: 'portal-reopened',
        accountId,
        cycleId: 'inv-1',
        at: w.clock.now().toISOString(),
        scopes: ['account', 'person'],
        operator: 'agent-042',
        reason: 'Customer called; identity confirmed on the phone',
      }),
    ]);
    expect((await verify(token, '98101')).status).toBe(200);
  });

  it('changes nothing and records nothing when access is not revoked: a lock or a count below it stays', async () => {
    const { accountId, token } = await accountWithLink('reopen-locked');
    for (let i = 0; i < 5; i++) await verify(token, String(20000 + i));
    expect((await verify(token, '98101')).status).toBe(429);
    const out: string[] = [];
    expect(
      await portalReopenCommand({ ...local(), account: accountId, reason: 'Customer asked to be let in', operator: 'agent-7' }, (l) =>
        out.push(l),
      ),
    ).toBe(1);
    expect(out[0]).toMatch(/is not revoked .*nothing changed, nothing recorded/);
    expect(await guardItem('account', accountId)).toMatchObject({ failures: 5 });
    expect(await reopenedEntries(accountId)).toEqual([]);
    expect(
      await portalReopenCommand(
        { ...local(), account: 'no-such-account', reason: 'Customer asked to be let in', operator: 'agent-7' },
        (l) => out.push(l),
      ),
    ).toBe(1);
    expect(out[1]).toBe('no account no-such-account in the state table: nothing changed');
  });

  it('a second reopening finds nothing to do (the first is the only entry)', async () => {
    const { accountId, token } = await accountWithLink('reopen-twice');
    await revoke(token);
    const request = { ...local(), account: accountId, reason: 'Identity confirmed by a call back', operator: 'agent-1' };
    const codes = await Promise.all([portalReopenCommand(request, () => {}), portalReopenCommand(request, () => {})]);
    expect(codes.sort()).toEqual([0, 1]);
    expect((await reopenedEntries(accountId)).length).toBeGreaterThanOrEqual(1);
    expect(await portalReopenCommand(request, () => {})).toBe(1);
  });

  it('refuses a request without who and why, naming the flag', async () => {
    const bad = (options: Record<string, string>) => portalReopenCommand({ ...local(), ...options }, () => {});
    await expect(bad({ account: 'a-1', operator: 'agent-1' })).rejects.toThrow(/--reason: a reason of at least 10 characters/);
    await expect(bad({ account: 'a-1', reason: 'Identity confirmed by phone' })).rejects.toThrow(/--operator: the operator/);
    await expect(bad({ reason: 'Identity confirmed by phone', operator: 'agent-1' })).rejects.toThrow(/--account: the account id/);
    await expect(
      portalReopenCommand({ account: 'a-1', reason: 'Identity confirmed by phone', operator: 'agent-1' }, () => {}, {}),
    ).rejects.toThrow(PortalReopenError);
    await expect(
      portalReopenCommand(
        {
          endpoint: 'https://dynamodb.us-east-1.amazonaws.com',
          account: 'a-1',
          reason: 'Identity confirmed by phone',
          operator: 'agent-1',
        },
        () => {},
      ),
    ).rejects.toThrow(/--endpoint is for DynamoDB Local/);
  });

  it('the CLI itself, against this DynamoDB Local', async () => {
    const { accountId, token } = await accountWithLink('reopen-cli');
    await revoke(token);
    const usage = await amicable('portal-reopen', '--endpoint', w.dynamo.endpoint, '--account', accountId, '--operator', 'agent-9');
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/--reason: a reason of at least 10 characters/);
    const done = await amicable(
      'portal-reopen',
      '--endpoint',
      w.dynamo.endpoint,
      '--account',
      accountId,
      '--reason',
      'Identity confirmed on a call',
      '--operator',
      'agent-9',
    );
    expect(done).toMatchObject({ code: 0, stdout: expect.stringMatching(/^reopened portal access for account /) });
    expect(await reopenedEntries(accountId)).toEqual([
      expect.objectContaining({ operator: 'agent-9', reason: 'Identity confirmed on a call', scopes: ['account'] }),
    ]);
    expect((await verify(token, '98101')).status).toBe(200);
  }, 240_000); // two CLI processes: slow to start on a loaded machine
});
