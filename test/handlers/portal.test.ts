import { afterEach, describe, expect, it, vi } from 'vitest';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { makeIngestHandler } from '../../functions/ingest';
import { makeDecideHandler } from '../../functions/decide';
import { makeSendHandler } from '../../functions/send';
import { makeRecordHandler } from '../../functions/record';
import { makePortalHandler } from '../../functions/portal';
import { HmacMac } from '../../functions/adapters/link-mac';
import { DescribeTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { mintLink, type PortalSettings } from '../../functions/application/portal-links';
import { keys } from '../../functions/adapters/tables';
import { startPortalServer } from '../../local/portal-server';
import { documentClient, type Dependencies } from '../../functions/commons/dependencies';
import { portalCallersFromEnvironment } from '../../functions/commons/aws-portal';
import { ORIGIN_VERIFY_HEADER, type PortalCallers } from '../../functions/domain/portal/origin';
import type { ContactAction } from '../../functions/domain/decision-types';
import type { CheckKind, PortalView } from '../../functions/domain/portal/contract';
import { logger } from '../../functions/commons/powertools';
import { billingEvent, context, newAccountId, overdueDetail, T0, useWorld, type World } from './harness';

let w: World;
let deps: Dependencies;
const portal: PortalSettings = {
  mac: new HmacMac('test-key'),
  baseUrl: 'https://portal.example.com',
  linkTtlDays: 14,
  check: 'postal-code',
};

useWorld((created) => {
  w = created;
  deps = { ...w.deps, portal };
});

const h = {
  ingest: makeIngestHandler(() => deps),
  decide: makeDecideHandler(() => deps),
  send: makeSendHandler(() => deps),
  record: makeRecordHandler(() => deps),
  portal: makePortalHandler(() => deps, 'anyone'),
};

/** The help line every answer carries, formatted for display. */
const HELP = { phone: '+1 800-555-0100' };

let requestSeq = 0;
/** An HTTP API (payload 2.0) request, as API Gateway hands it to the portal function. */
function portalEvent(method: 'GET' | 'POST', path: string, headers: Record<string, string>, text?: string): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: '',
    headers,
    requestContext: {
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' },
      requestId: `r-${++requestSeq}`,
    },
    body: text,
    isBase64Encoded: false,
  } as unknown as APIGatewayProxyEventV2;
}

async function answer(handler: typeof h.portal, event: APIGatewayProxyEventV2): Promise<{ status: number; body: Record<string, unknown> }> {
  const result = (await handler(event, context('portal'))) as APIGatewayProxyStructuredResultV2;
  return { status: result.statusCode ?? 200, body: JSON.parse(result.body ?? '{}') };
}

async function call(
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
  session?: string,
  raw: { contentType?: string; text?: string } = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const headers = { 'content-type': raw.contentType ?? 'application/json', ...(session ? { authorization: `Bearer ${session}` } : {}) };
  return answer(h.portal, portalEvent(method, path, headers, raw.text ?? (body === undefined ? undefined : JSON.stringify(body))));
}

/** An overdue account whose first text went out: returns the link it carried. */
async function linkSent(
  prefix: string,
  personId?: string,
  customerExtra: Record<string, unknown> = {},
): Promise<{ accountId: string; link: string; token: string; text: string }> {
  w.clock.set(T0);
  const accountId = newAccountId(prefix);
  const base = overdueDetail(accountId);
  const customer = {
    ...base.customer,
    address: { country: 'US', region: 'WA', postalCode: '98101-2345' },
    ...(personId ? { personId } : {}),
    ...customerExtra,
  };
  await h.ingest(billingEvent('AccountOverdue', { ...base, amountDue: 300, customer }), context('ingest'));
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
    expect(await call('POST', '/api/session', { token: 'not-a-token-at-all' })).toEqual({
      status: 401,
      body: { error: 'link-invalid', help: HELP },
    });
    // Another link's id with this link's MAC.
    const [, expiry, mac] = token.split('.');
    expect((await call('POST', '/api/verify', { token: `AAAAAAAAAAAAAAAAAAAAAAAA.${expiry}.${mac}`, answer: '98101' })).status).toBe(401);
    w.clock.set(new Date(T0.getTime() + 15 * 86_400_000));
    expect(await call('POST', '/api/session', { token })).toEqual({ status: 410, body: { error: 'link-expired', help: HELP } });
    expect(await call('POST', '/api/verify', { token, answer: '98101' })).toEqual({
      status: 410,
      body: { error: 'link-expired', help: HELP },
    });
  });

  it('rate-limits the check: five wrong answers lock the link for 15 minutes, even for the right answer', async () => {
    const { token } = await linkSent('lock');
    for (let left = 4; left >= 1; left--) {
      expect(await call('POST', '/api/verify', { token, answer: '10001' })).toEqual({
        status: 403,
        body: { error: 'check-failed', attemptsLeft: left, help: HELP },
      });
    }
    expect(await call('POST', '/api/verify', { token, answer: '10001' })).toEqual({
      status: 429,
      body: { error: 'too-many-attempts', retryAfterSeconds: 900, help: HELP },
    });
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
    expect((chosen.body.view as PortalView).plan).toMatchObject({
      status: 'active',
      instalments: [{ dueDate: '2026-03-17', amount: 100, paid: 0 }, {}, {}],
    });
    expect(w.bus.published.filter((p) => p.detail.accountId === accountId).map((p) => p.detailType)).toEqual(['PaymentPlanAgreed']);

    w.clock.advance(86_400_000);
    const quiet = await h.decide({ accountId, cycleId: 'inv-1' }, context('decide'));
    // No second reminder on day 3: quiet until three days before the first instalment.
    expect(quiet.action).toEqual({ type: 'wait', until: '2026-03-14T14:00:00.000Z' });
    expect(quiet.reasons.map((r) => r.ruleId)).toContain('care.plan');
    w.clock.set(new Date('2026-03-14T18:00:00Z'));
    const next = await h.decide({ accountId, cycleId: 'inv-1' }, context('decide'));
    expect(next.action).toMatchObject({
      type: 'contact',
      template: 'plan-reminder',
      stepId: expect.stringMatching(/^plan-reminder-plan-.+-1$/),
    });
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

  it('a dispute wakes the journey at once (its execution stops, the next generation decides); a preference wakes nothing', async () => {
    const { accountId, session } = await verified('wake');
    const wakeUps = () => w.journeys.generationCalls.filter((c) => c.includes(`${accountId}--`));
    await call('POST', '/api/actions', { type: 'preferences', preferredChannel: 'email', language: 'es' }, session);
    expect(wakeUps()).toEqual([]);
    expect((await call('POST', '/api/actions', { type: 'dispute', reason: 'wrong-amount', amount: 50 }, session)).status).toBe(200);
    expect(wakeUps()).toEqual([`stop ${accountId}--inv-1 g0 dispute`, `start ${accountId}--inv-1 g1`]);
    expect(await w.deps.state.getJourney(accountId, 'inv-1')).toMatchObject({ generation: 1 });
  });

  it('dispute, hardship, a callback, preferences and opt-out all reach the account', async () => {
    const { accountId, session } = await verified('all');
    expect((await call('POST', '/api/actions', { type: 'pay' }, session)).body).toMatchObject({
      done: 'pay',
      redirect: 'https://pay.example.com/northwind',
    });
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
    expect(handoff?.detail).toMatchObject({
      reason: 'customer-asked-for-person',
      preferredContact: { callbackAt: '2026-03-11T17:00:00.000Z' },
    });
    const events = (await w.deps.ledger.history(accountId, 'inv-1'))
      .filter((r) => r.kind === 'event')
      .map((r) => r.kind === 'event' && r.detailType);
    expect(events).toEqual([
      'AccountOverdue',
      'PaymentIntended',
      'CallbackRequested',
      'PreferencesChanged',
      'ChannelOptedOut',
      'DisputeRaised',
      'HardshipReported',
    ]);
  });
});

/** More links to the same account, as later messages would carry (each message mints its own). */
async function moreLinks(accountId: string, count: number): Promise<string[]> {
  const links = [];
  for (let i = 0; i < count; i++)
    links.push((await mintLink(portal, deps.state, { accountId, cycleId: 'inv-1' }, w.clock.now())).split('#t=')[1]);
  return links;
}

/** Wrong ZIP codes, none of them the one on file (98101). */
const wrongZip = (i: number) => String(10000 + i).padStart(5, '0');
const guess = (token: string, answer: string) => call('POST', '/api/verify', { token, answer });
const guardItemOrNone = async (kind: 'account' | 'person', id: string) =>
  (
    await documentClient(w.dynamo.client).send(
      new GetCommand({ TableName: w.dynamo.tables.state, Key: keys.guard(kind, id), ConsistentRead: true }),
    )
  ).Item;
const guardItem = async (kind: 'account' | 'person', id: string) =>
  (
    await documentClient(w.dynamo.client).send(
      new GetCommand({ TableName: w.dynamo.tables.state, Key: keys.guard(kind, id), ConsistentRead: true }),
    )
  ).Item!;

describe('the check cannot be guessed: lockout per account across its links (brute force on DynamoDB Local)', () => {
  it('sequentially, across three links: 5 wrong answers lock 15 min, 10 lock an hour, 20 revoke every link; 20 answers evaluated in all', async () => {
    const { accountId, token } = await linkSent('brute-seq');
    const tokens = [token, ...(await moreLinks(accountId, 2))];
    const statuses: number[] = [];
    let evaluated = 0;
    // An attacker with every link keeps guessing, waiting out each lock; 100 tries over two days.
    for (let i = 0; i < 100; i++) {
      const before = (await guardItem('account', accountId).catch(() => undefined))?.failures ?? 0;
      const r = await guess(tokens[i % 3], wrongZip(i));
      evaluated += ((await guardItem('account', accountId)).failures as number) - (before as number);
      statuses.push(r.status);
      if (r.status === 429) w.clock.advance((r.body.retryAfterSeconds as number) * 1000 + 1000);
      if (r.status === 423) w.clock.advance(30 * 60_000);
    }
    expect(evaluated).toBe(20);
    // 4 refusals, the lock (15 min); 4 more, the lock (60 min); 9 more, then every link revoked.
    expect(statuses.slice(0, 20)).toEqual([403, 403, 403, 403, 429, 403, 403, 403, 403, 429, ...Array(9).fill(403), 423]);
    expect(new Set(statuses.slice(20))).toEqual(new Set([423]));
    expect((await guardItem('account', accountId)).expiresAt).toBeUndefined();
    // Revoked: the right answer and every link, old or new, are refused; the page can say so at once.
    for (const t of [...tokens, ...(await moreLinks(accountId, 1))]) {
      expect(await guess(t, '98101')).toEqual({ status: 423, body: { error: 'locked-out', help: HELP } });
      expect(await call('POST', '/api/session', { token: t })).toEqual({ status: 423, body: { error: 'locked-out', help: HELP } });
    }
    // Each lock is in the ledger; people are asked to take over (they reach the customer on a channel on file).
    const lockouts = (await deps.ledger.history(accountId, 'inv-1')).filter((e) => e.kind === 'portal-lockout');
    expect(lockouts.map((e) => [e.stage, e.failures])).toEqual([
      ['lock', 5],
      ['lock', 10],
      ['revoke', 20],
    ]);
    expect(w.bus.published.filter((e) => e.detailType === 'AgentHandoffRequested' && e.detail.accountId === accountId)).toEqual([
      expect.objectContaining({ detail: expect.objectContaining({ reason: 'portal-check-locked-out' }) }),
    ]);
  });

  it('a count is forgotten (TTL) only 14 days after the last attempt, so it outlives every link; a revocation never is', async () => {
    const { accountId, token } = await linkSent('brute-ttl');
    const epochSeconds = () => Math.floor(w.clock.now().getTime() / 1000);
    const FOURTEEN_DAYS_S = 14 * 86_400;
    expect((await guess(token, wrongZip(0))).status).toBe(403);
    expect((await guardItem('account', accountId)).expiresAt).toBe(epochSeconds() + FOURTEEN_DAYS_S);
    // Each later attempt, even a right one, pushes the forgetting back: silence is the only way to a fresh count.
    w.clock.advance(13 * 86_400_000);
    expect((await guess(token, '98101')).status).toBe(200);
    expect((await guardItem('account', accountId)).expiresAt).toBe(epochSeconds() + FOURTEEN_DAYS_S);
    expect((await guardItem('account', accountId)).failures).toBe(1);
    // The link itself (minted 13 days ago) expires before its wrong answers could be forgotten.
    const link = await deps.state.getLink(token.split('.')[0]);
    expect(Date.parse(link!.expiresAt) / 1000).toBeLessThan((await guardItem('account', accountId)).expiresAt as number);
  });

  it('the right answer as the 20th guess gets in; as the 21st it never does', async () => {
    for (const [position, expected] of [
      [20, 200],
      [21, 423],
    ] as const) {
      const { accountId, token } = await linkSent(`brute-pos-${position}`);
      const tokens = [token, ...(await moreLinks(accountId, 2))];
      let last = 0;
      for (let i = 1; i <= position; i++) {
        const r = await guess(tokens[i % 3], i === position ? '98101' : wrongZip(i));
        if (r.status === 429) w.clock.advance((r.body.retryAfterSeconds as number) * 1000 + 1000);
        last = r.status;
      }
      expect(last).toBe(expected);
    }
  });

  it('in parallel, 60 guesses at once across three links: exactly 5 evaluated per stage, then 10, then 20 and revoked', async () => {
    const { accountId, token } = await linkSent('brute-par');
    const tokens = [token, ...(await moreLinks(accountId, 2))];
    const wave = (offset: number) => Promise.all(Array.from({ length: 60 }, (_, i) => guess(tokens[i % 3], wrongZip(offset + i))));
    const failuresAfter = [];
    for (const [offset, wait] of [
      [0, 15],
      [100, 60],
      [200, 0],
    ]) {
      const results = await wave(offset);
      failuresAfter.push((await guardItem('account', accountId)).failures);
      expect(results.every((r) => [403, 429, 423].includes(r.status))).toBe(true);
      w.clock.advance(wait * 60_000 + 1000);
    }
    expect(failuresAfter).toEqual([5, 10, 20]);
    expect((await guardItem('account', accountId)).revokedAt).toBeDefined();
    expect((await guess(tokens[0], '98101')).status).toBe(423);
  });

  it('counts per person across their accounts: wrong answers on two accounts of one person add up', async () => {
    const personId = `person-${Math.random().toString(36).slice(2, 8)}`;
    const a = await linkSent('person-a', personId);
    const b = await linkSent('person-b', personId);
    for (let i = 0; i < 3; i++) expect((await guess(a.token, wrongZip(i))).status).toBe(403);
    expect(await guess(b.token, wrongZip(3))).toMatchObject({ status: 403, body: { attemptsLeft: 1 } });
    expect(await guess(b.token, wrongZip(4))).toMatchObject({ status: 429, body: { retryAfterSeconds: 900 } });
    // Account A had only 3 wrong answers of its own, but the person is locked.
    expect((await guess(a.token, '98101')).status).toBe(429);
    expect((await guardItem('person', personId)).failures).toBe(5);
  });
});

describe('the stronger checks: postal code with phone last 4, date of birth', () => {
  /** The portal configured with another check for this test (restored after it). */
  const configure = (check: CheckKind) => {
    deps = { ...deps, portal: { ...portal, check } };
  };
  afterEach(() => {
    deps = { ...deps, portal };
  });
  const both = (token: string, answer: string, phoneLast4?: string) =>
    call('POST', '/api/verify', { token, answer, ...(phoneLast4 !== undefined ? { phoneLast4 } : {}) });
  const failuresOf = async (accountId: string) => (await guardItemOrNone('account', accountId))?.failures ?? 0;

  it('postal code + phone last 4: both must match; a request missing either is refused uncounted', async () => {
    configure('postal-code+phone-last4');
    const { accountId, token } = await linkSent('both');
    expect(await call('POST', '/api/session', { token })).toEqual({
      status: 200,
      body: { check: 'postal-code+phone-last4', language: 'en', help: HELP },
    });
    // The phone on file is +12065550123: its last four digits are 0123.
    expect(await both(token, '98101')).toMatchObject({
      status: 400,
      body: { error: 'invalid-action', problems: [expect.stringMatching(/^phoneLast4: /)] },
    });
    expect(await both(token, '98101', '12')).toMatchObject({ status: 400, body: { error: 'invalid-action' } });
    expect(await failuresOf(accountId)).toBe(0);
    expect(await both(token, '98101', '0124')).toEqual({ status: 403, body: { error: 'check-failed', attemptsLeft: 4, help: HELP } });
    expect(await both(token, '98102', '0123')).toMatchObject({ status: 403, body: { attemptsLeft: 3 } });
    expect((await both(token, '98101-0000', '0123')).status).toBe(200);
  });

  it('postal code + phone last 4: the lockout still holds (5 wrong pairs lock even the right one; 20 revoke)', async () => {
    configure('postal-code+phone-last4');
    const { accountId, token } = await linkSent('both-lock');
    const tokens = [token, ...(await moreLinks(accountId, 2))];
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) {
      // Half the wrong pairs have the right ZIP, half the right digits: neither half alone gets in.
      const r = i % 2 ? await both(tokens[i % 3], '98101', String(1000 + i)) : await both(tokens[i % 3], wrongZip(i), '0123');
      statuses.push(r.status);
      if (i === 4) expect((await both(tokens[0], '98101', '0123')).status).toBe(429);
      if (r.status === 429) w.clock.advance((r.body.retryAfterSeconds as number) * 1000 + 1000);
    }
    expect(statuses.slice(0, 20)).toEqual([403, 403, 403, 403, 429, 403, 403, 403, 403, 429, ...Array(9).fill(403), 423]);
    expect(new Set(statuses.slice(20))).toEqual(new Set([423]));
    expect(await failuresOf(accountId)).toBe(20);
    expect((await both(tokens[1], '98101', '0123')).status).toBe(423);
  });

  it('the phone digits are refused beside a check that does not ask for them', async () => {
    const { accountId, token } = await linkSent('both-extra');
    expect(await both(token, '98101', '0123')).toMatchObject({
      status: 400,
      body: { problems: ['phoneLast4: not asked by the postal-code check'] },
    });
    expect(await failuresOf(accountId)).toBe(0);
  });

  it('date of birth: asked when on file, typed or as a date input sends it; the lockout still holds', async () => {
    configure('date-of-birth');
    const { accountId, token } = await linkSent('dob', undefined, { dateOfBirth: '1980-04-23' });
    expect((await call('POST', '/api/session', { token })).body.check).toBe('date-of-birth');
    expect(await guess(token, '23/04/1980')).toMatchObject({ status: 403, body: { attemptsLeft: 4 } });
    expect((await guess(token, '04/23/1980')).status).toBe(200);
    expect((await guess(token, '1980-04-23')).status).toBe(200);
    for (let i = 0; i < 3; i++) expect((await guess(token, `1980-05-${10 + i}`)).status).toBe(403);
    expect(await guess(token, '1981-04-23')).toMatchObject({ status: 429, body: { retryAfterSeconds: 900 } });
    expect((await guess(token, '1980-04-23')).status).toBe(429);
    expect(await failuresOf(accountId)).toBe(5);
  });

  it('date of birth configured, none on file: the strongest check the account can answer (postal code + phone)', async () => {
    configure('date-of-birth');
    const { token } = await linkSent('dob-none');
    expect((await call('POST', '/api/session', { token })).body.check).toBe('postal-code+phone-last4');
    expect((await both(token, '98101', '0123')).status).toBe(200);
  });

  it('the date of birth is never logged, published, or written to the ledger', async () => {
    configure('date-of-birth');
    const spies = (['debug', 'info', 'warn', 'error', 'critical'] as const).map((level) => vi.spyOn(logger, level));
    try {
      const { accountId, token } = await linkSent('dob-private', undefined, { dateOfBirth: '1979-07-14' });
      for (const answer of ['07/15/1979', '07/14/1979']) await guess(token, answer);
      const logged = JSON.stringify(spies.flatMap((spy) => spy.mock.calls));
      expect(logged).toContain(accountId);
      expect(logged).not.toMatch(/1979/);
      const ledger = JSON.stringify(await deps.ledger.history(accountId, 'inv-1'));
      expect(ledger).toContain('AccountOverdue');
      expect(ledger).not.toMatch(/1979/);
      expect(JSON.stringify(w.bus.published.filter((e) => JSON.stringify(e).includes(accountId)))).not.toMatch(/1979/);
      // Kept on the account, for the check.
      expect((await deps.state.getAccount(accountId))?.customer.dateOfBirth).toBe('1979-07-14');
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  });
});

describe('strict requests, and errors that echo nothing', () => {
  it('refuses a body that is not JSON by its content type, too large, or has fields the contract does not name', async () => {
    const { token } = await linkSent('strict');
    const asText = await call('POST', '/api/session', undefined, undefined, {
      contentType: 'text/plain;charset=UTF-8',
      text: JSON.stringify({ token }),
    });
    expect(asText).toMatchObject({ status: 415, body: { error: 'unsupported-media-type' } });
    const form = await call('POST', '/api/verify', undefined, undefined, {
      contentType: 'application/x-www-form-urlencoded',
      text: `token=${token}&answer=98101`,
    });
    expect(form.status).toBe(415);
    expect((await call('POST', '/api/session', { token }, undefined, { contentType: 'application/json; charset=utf-8' })).status).toBe(200);
    const huge = await call('POST', '/api/verify', undefined, undefined, {
      text: JSON.stringify({ token, answer: '98101', pad: 'x'.repeat(10_000) }),
    });
    expect(huge).toMatchObject({ status: 413, body: { error: 'payload-too-large' } });
    const extra = await call('POST', '/api/verify', { token, answer: '98101', accountId: 'someone-else' });
    expect(extra).toMatchObject({ status: 400, body: { error: 'invalid-action' } });
  });

  it('the local portal server answers a malformed path with a plain 400, never the error text', async () => {
    const server = await startPortalServer({ deps: () => deps });
    try {
      for (const path of ['/%E0%A4%A', '/%', '/i18n/%zz.json']) {
        const res = await fetch(`${server.url}${path}`);
        expect(res.status).toBe(400);
        expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
        expect(await res.text()).toBe('bad request');
      }
    } finally {
      await server.close();
    }
  });
});

describe('the API answers only CloudFront (its secret origin header), so nothing walks around the WAF', () => {
  const SECRET = 'origin-secret-from-secrets-manager';
  const reads: string[] = [];
  const throughCloudFront: PortalCallers = {
    onlyThrough: 'cloudfront',
    secret: () => ({
      current: async () => {
        reads.push(SECRET);
        return SECRET;
      },
    }),
  };
  /** Building the dependencies is the first read a request makes: a refused request must not get there. */
  let depsBuilt = 0;
  const gated = makePortalHandler(() => {
    depsBuilt++;
    return deps;
  }, throughCloudFront);
  const session = (token: string, extra: Record<string, string>) =>
    answer(gated, portalEvent('POST', '/api/session', { 'content-type': 'application/json', ...extra }, JSON.stringify({ token })));

  it('refuses with 403 and reads nothing without the header, or with a wrong, longer, shorter or empty value', async () => {
    const { token } = await linkSent('origin');
    depsBuilt = 0;
    const refused: Array<Record<string, string>> = [
      {},
      { [ORIGIN_VERIFY_HEADER]: 'guess' },
      { [ORIGIN_VERIFY_HEADER]: `${SECRET}x` },
      { [ORIGIN_VERIFY_HEADER]: SECRET.slice(0, -1) },
      { [ORIGIN_VERIFY_HEADER]: '' },
    ];
    for (const extra of refused) {
      expect(await session(token, extra)).toEqual({ status: 403, body: { error: 'forbidden' } });
    }
    // A path that exists nowhere is refused the same way: the API says nothing to a caller around CloudFront.
    expect(await answer(gated, portalEvent('GET', '/api/nothing', {}))).toEqual({ status: 403, body: { error: 'forbidden' } });
    expect(depsBuilt).toBe(0);
  });

  it('answers a request that carries it as before', async () => {
    const { token } = await linkSent('origin-ok');
    const ok = await session(token, { [ORIGIN_VERIFY_HEADER]: SECRET });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ check: 'postal-code' });
    expect(reads.length).toBeGreaterThan(0);
  });

  it('in AWS the secret is named by PORTAL_ORIGIN_SECRET_ARN; without it nothing is answered (fails closed)', async () => {
    const { token } = await linkSent('origin-env');
    const unconfigured = makePortalHandler(() => deps, portalCallersFromEnvironment({}));
    const event = portalEvent(
      'POST',
      '/api/session',
      { 'content-type': 'application/json', [ORIGIN_VERIFY_HEADER]: SECRET },
      JSON.stringify({ token }),
    );
    await expect(unconfigured(event, context('portal'))).rejects.toThrow(/PORTAL_ORIGIN_SECRET_ARN is not set/);
  });
});

describe('DynamoDB Local and the virtual clock', () => {
  it('does not delete items by TTL: links minted on the test clock (a date in the past) stay until the code says they expired', async () => {
    // Before, DynamoDB Local's TTL sweeper deleted such links at random moments (the flaky browser test).
    const ttl = await w.dynamo.client.send(new DescribeTimeToLiveCommand({ TableName: w.dynamo.tables.state }));
    expect(ttl.TimeToLiveDescription?.TimeToLiveStatus).toBe('DISABLED');
  });
});
