import { describe, expect, it } from 'vitest';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { makeIngestHandler } from '../../functions/ingest';
import { makeDecideHandler } from '../../functions/decide';
import { makeSendHandler } from '../../functions/send';
import { makeRecordHandler } from '../../functions/record';
import { makePortalHandler } from '../../functions/portal';
import { HmacMac } from '../../functions/adapters/link-mac';
import type { PortalSettings } from '../../functions/application/portal-links';
import type { Dependencies } from '../../functions/commons/dependencies';
import type { ContactAction } from '../../functions/domain/types';
import type { PortalView } from '../../functions/domain/portal/contract';
import { billingEvent, context, newAccountId, overdueDetail, T0, useWorld, type World } from './harness';

let w: World;
let deps: Dependencies;
const portal: PortalSettings = { mac: new HmacMac('test-key'), baseUrl: 'https://portal.example.com', linkTtlDays: 14, check: 'postal-code' };

useWorld((created) => {
  w = created;
  deps = { ...w.deps, portal };
});

const h = {
  ingest: makeIngestHandler(() => deps),
  decide: makeDecideHandler(() => deps),
  send: makeSendHandler(() => deps),
  record: makeRecordHandler(() => deps),
  portal: makePortalHandler(() => deps),
};

/** The help line every answer carries, formatted for display. */
const HELP = { phone: '+1 800-555-0100' };

let requestSeq = 0;
async function call(method: 'GET' | 'POST', path: string, body?: unknown, session?: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const event = {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: '',
    headers: { 'content-type': 'application/json', ...(session ? { authorization: `Bearer ${session}` } : {}) },
    requestContext: { http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' }, requestId: `r-${++requestSeq}` },
    body: body === undefined ? undefined : JSON.stringify(body),
    isBase64Encoded: false,
  } as unknown as APIGatewayProxyEventV2;
  const result = (await h.portal(event, context('portal'))) as APIGatewayProxyStructuredResultV2;
  return { status: result.statusCode ?? 200, body: JSON.parse(result.body ?? '{}') };
}

/** An overdue account whose first text went out: returns the link it carried. */
async function linkSent(prefix: string): Promise<{ accountId: string; link: string; token: string; text: string }> {
  w.clock.set(T0);
  const accountId = newAccountId(prefix);
  const base = overdueDetail(accountId);
  await h.ingest(billingEvent('AccountOverdue', { ...base, amountDue: 300, customer: { ...base.customer, address: { country: 'US', region: 'WA', postalCode: '98101-2345' } } }), context('ingest'));
  const decision = await h.decide({ accountId, cycleId: 'inv-1' }, context('decide'));
  const action = decision.action as ContactAction;
  const outcome = await h.send({ accountId, cycleId: 'inv-1', action }, context('send'));
  await h.record({ kind: 'contact', accountId, cycleId: 'inv-1', action, outcome }, context('record'));
  const text = w.channel.callsFor(accountId).at(-1)!.text;
  const link = /https:\/\/portal\.example\.com\/#t=(\S+)/.exec(text);
  if (!link) throw new Error(`no portal link in: ${text}`);
  return { accountId, link: link[0], token: link[1], text };
}

async function verified(prefix: string) {
  const sent = await linkSent(prefix);
  const ok = await call('POST', '/api/verify', { token: sent.token, answer: '98101' });
  expect(ok.status).toBe(200);
  return { ...sent, session: ok.body.session as string };
}

describe('portal links', () => {
  it('every message carries a personal link with no personal data in it', async () => {
    const { accountId, link, text } = await linkSent('link');
    expect(link.length).toBeLessThan(100);
    expect(link).not.toContain(accountId);
    expect(link).not.toMatch(/2065550123|ana|98101/i);
    expect(text).toMatch(/^Hi Ana/);
  });

  it('asks for the check first and reveals nothing about the debt before it', async () => {
    const { token } = await linkSent('start');
    const start = await call('POST', '/api/session', { token });
    // Only the check, the language and the help line: nothing about the debt.
    expect(start).toEqual({ status: 200, body: { check: 'postal-code', language: 'en', help: HELP } });
  });

  it('refuses a tampered, invented or expired link with no data', async () => {
    const { token } = await linkSent('tamper');
    const flipped = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
    expect(await call('POST', '/api/session', { token: flipped })).toEqual({ status: 401, body: { error: 'link-invalid', help: HELP } });
    expect(await call('POST', '/api/session', { token: 'not-a-token-at-all' })).toEqual({ status: 401, body: { error: 'link-invalid', help: HELP } });
    // Another link's id with this link's MAC.
    const [, expiry, mac] = token.split('.');
    expect((await call('POST', '/api/verify', { token: `AAAAAAAAAAAAAAAAAAAAAAAA.${expiry}.${mac}`, answer: '98101' })).status).toBe(401);
    w.clock.set(new Date(T0.getTime() + 15 * 86_400_000));
    expect(await call('POST', '/api/session', { token })).toEqual({ status: 410, body: { error: 'link-expired', help: HELP } });
    expect(await call('POST', '/api/verify', { token, answer: '98101' })).toEqual({ status: 410, body: { error: 'link-expired', help: HELP } });
  });

  it('rate-limits the check: five wrong answers lock the link for 15 minutes, even for the right answer', async () => {
    const { token } = await linkSent('lock');
    for (let left = 4; left >= 1; left--) {
      expect(await call('POST', '/api/verify', { token, answer: '10001' })).toEqual({ status: 403, body: { error: 'check-failed', attemptsLeft: left } });
    }
    expect(await call('POST', '/api/verify', { token, answer: '10001' })).toEqual({ status: 429, body: { error: 'too-many-attempts', retryAfterSeconds: 900 } });
    expect((await call('POST', '/api/verify', { token, answer: '98101' })).status).toBe(429);
    w.clock.advance(15 * 60_000 + 1000);
    expect((await call('POST', '/api/verify', { token, answer: '98101' })).status).toBe(200);
  });
});

describe('portal session', () => {
  it('shows what is owed and the plans with every instalment before the customer commits', async () => {
    const { session } = await verified('view');
    const { status, body } = await call('GET', '/api/account', undefined, session);
    expect(status).toBe(200);
    const view = body as unknown as PortalView;
    expect(view).toMatchObject({ firstName: 'Ana', creditorName: 'Northwind Energy', balance: 300, currency: 'USD', status: 'overdue' });
    expect(view.validation?.rights).toEqual(['dispute', 'original-creditor', 'verification']);
    expect(view.options.plans.map((p) => p.instalments)).toEqual([2, 3, 6]);
    expect(view.options.plans[1]).toEqual({ instalments: 3, amounts: [100, 100, 100], dates: ['2026-03-17', '2026-04-17', '2026-05-17'] });
    expect(view.options.promise).toEqual({ earliest: '2026-03-10', latest: '2026-03-24' });
    expect(view.advice).toMatch(/NFCC/);
  });

  it('a session is needed, and it expires after 30 minutes', async () => {
    const { session } = await verified('session');
    expect(await call('GET', '/api/account')).toEqual({ status: 401, body: { error: 'session-invalid' } });
    w.clock.advance(31 * 60_000);
    expect(await call('GET', '/api/account', undefined, session)).toEqual({ status: 401, body: { error: 'session-expired' } });
  });

  it('choosing a plan emits PaymentPlanAgreed, and the journey changes at once: plan reminders, not payment demands', async () => {
    const { accountId, session } = await verified('plan');
    const chosen = await call('POST', '/api/actions', { type: 'plan', instalments: 3 }, session);
    expect(chosen.status).toBe(200);
    expect((chosen.body.view as PortalView).plan).toMatchObject({ status: 'active', instalments: [{ dueDate: '2026-03-17', amount: 100, paid: 0 }, {}, {}] });
    expect(w.bus.published.filter((p) => p.detail.accountId === accountId).map((p) => p.detailType)).toEqual(['PaymentPlanAgreed']);

    w.clock.advance(86_400_000);
    const quiet = await h.decide({ accountId, cycleId: 'inv-1' }, context('decide'));
    // No second reminder on day 3: quiet until three days before the first instalment.
    expect(quiet.action).toEqual({ type: 'wait', until: '2026-03-14T14:00:00.000Z' });
    expect(quiet.reasons.map((r) => r.ruleId)).toContain('care.plan');
    w.clock.set(new Date('2026-03-14T18:00:00Z'));
    const next = await h.decide({ accountId, cycleId: 'inv-1' }, context('decide'));
    expect(next.action).toMatchObject({ type: 'contact', template: 'plan-reminder', stepId: expect.stringMatching(/^plan-reminder-plan-.+-1$/) });
  });

  it('refuses what was not offered, with the reason, and changes nothing', async () => {
    const { accountId, session } = await verified('refuse');
    expect(await call('POST', '/api/actions', { type: 'plan', instalments: 5 }, session)).toEqual({
      status: 400,
      body: { error: 'invalid-action', problems: ['instalments: choose one of the plans offered (2, 3, 6 payments)'] },
    });
    expect(await call('POST', '/api/actions', { type: 'promise', date: '2026-06-01' }, session)).toEqual({
      status: 400,
      body: { error: 'invalid-action', problems: ['date: choose a date from 2026-03-10 to 2026-03-24'] },
    });
    expect((await call('POST', '/api/actions', { type: 'teleport' }, session)).status).toBe(400);
    expect((await w.deps.state.getAccount(accountId))!.plan).toBeUndefined();
  });

  it('dispute, hardship, a callback, preferences and opt-out all reach the account', async () => {
    const { accountId, session } = await verified('all');
    expect((await call('POST', '/api/actions', { type: 'pay' }, session)).body).toMatchObject({ done: 'pay', redirect: 'https://pay.example.com/northwind' });
    await call('POST', '/api/actions', { type: 'callback', at: '2026-03-11T17:00:00Z' }, session);
    await call('POST', '/api/actions', { type: 'preferences', preferredChannel: 'email', language: 'es' }, session);
    await call('POST', '/api/actions', { type: 'opt-out', channel: 'voice' }, session);
    await call('POST', '/api/actions', { type: 'dispute', reason: 'wrong-amount', amount: 50 }, session);
    const last = await call('POST', '/api/actions', { type: 'hardship' }, session);
    expect(last.status).toBe(200);
    const account = (await w.deps.state.getAccount(accountId))!;
    expect(account.callback?.at).toBe('2026-03-11T17:00:00.000Z');
    expect(account.customer).toMatchObject({ preferredChannel: 'email', language: 'es' });
    expect(account.channels.voice.optedOut).toBe(true);
    expect(account.compliance).toMatchObject({ disputeOpenedAt: T0.toISOString(), disputedAmount: 50 });
    expect(account.hardship?.source).toBe('portal');
    const handoff = w.bus.published.find((p) => p.detailType === 'AgentHandoffRequested' && p.detail.accountId === accountId);
    expect(handoff?.detail).toMatchObject({ reason: 'customer-asked-for-person', preferredContact: { callbackAt: '2026-03-11T17:00:00.000Z' } });
    const events = (await w.deps.ledger.history(accountId, 'inv-1')).filter((r) => r.kind === 'event').map((r) => r.kind === 'event' && r.detailType);
    expect(events).toEqual(['AccountOverdue', 'PaymentIntended', 'CallbackRequested', 'PreferencesChanged', 'ChannelOptedOut', 'DisputeRaised', 'HardshipReported']);
  });
});
