/**
 * Fuzzing every event contract through every handler's parse path (ingest, lifecycle, inbound SMS,
 * delivery events over SNS and EventBridge, the portal API's bodies): valid events of each contract,
 * mutated at a random path -- a value replaced by one of the wrong type, a key removed, a key added
 * (prototype names such as __proto__ and constructor, long and unicode names) holding a deep, huge,
 * long or odd value -- and passed as Lambda receives them (JSON). No handler may crash; an event is
 * either accepted or rejected with its reasons and kept (a rejection record), and a portal body is
 * answered with a 4xx and its problems. Runs are few per handler so `npm test` stays fast; every run
 * draws new inputs.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { BILLING_DETAIL_TYPES, JOURNEY_START_DETAIL_TYPES, type BillingDetailType } from '../../functions/domain/events';
import { HmacMac } from '../../functions/adapters/link-mac';
import { mintLink, openToken, startSession, type PortalSettings } from '../../functions/application/portal-links';
import type { Dependencies } from '../../functions/commons/dependencies';
import { makePortalHandler } from '../../functions/portal';
import { makeHandlers, type Handlers } from '../../local/handlers';
import { billingEvent, context, newAccountId, overdueDetail, T0, useWorld, type World } from '../handlers/harness';

let w: World;
let h: Handlers;
let portalDeps: Dependencies;
const portal: PortalSettings = {
  mac: new HmacMac('fuzz-key'),
  baseUrl: 'https://portal.example.com',
  linkTtlDays: 14,
  check: 'postal-code',
};
const portalHandler = makePortalHandler(() => portalDeps, 'anyone');

useWorld((created) => {
  w = created;
  h = makeHandlers(() => w.deps);
  portalDeps = { ...w.deps, portal };
});
afterEach(() => vi.restoreAllMocks());

const ACCOUNT = newAccountId('fuzz');
const AT = T0.toISOString();
let seq = 0;
const nextId = (prefix: string) => `${prefix}-${++seq}-${Date.now().toString(36)}`;

/** One valid detail of every billing contract, for the fuzzed account. */
const VALID_DETAILS: Record<BillingDetailType, () => Record<string, unknown>> = {
  AccountOverdue: () => overdueDetail(ACCOUNT, 'c1'),
  PaymentDueSoon: () => overdueDetail(ACCOUNT, 'c2'),
  PaymentReceived: () => ({ accountId: ACCOUNT, paymentId: nextId('pay'), amount: 1, currency: 'USD', paidAt: AT }),
  ChannelOptedOut: () => ({ accountId: ACCOUNT, channel: 'voice', at: AT }),
  CommunicationCeased: () => ({ accountId: ACCOUNT, receivedAt: AT }),
  AccountClosed: () => ({ accountId: ACCOUNT, reason: 'settled', at: AT }),
  PromiseToPayMade: () => ({ accountId: ACCOUNT, promiseId: nextId('prm'), amount: 10, dueDate: '2026-03-20', madeAt: AT }),
  PaymentPlanAgreed: () => ({
    accountId: ACCOUNT,
    planId: nextId('plan'),
    instalments: [{ dueDate: '2026-04-01', amount: 200 }],
    agreedAt: AT,
  }),
  DisputeRaised: () => ({ accountId: ACCOUNT, reason: 'wrong-amount', raisedAt: AT }),
  DisputeVerified: () => ({ accountId: ACCOUNT, verifiedAt: AT }),
  DisputeResolved: () => ({ accountId: ACCOUNT, resolution: 'corrected', correctedBalance: 50, resolvedAt: AT }),
  HardshipReported: () => ({ accountId: ACCOUNT, reportedAt: AT, forbearance: { kind: 'pause', days: 30 } }),
  ComplaintRaised: () => ({ accountId: ACCOUNT, complaintId: nextId('cmp'), receivedAt: AT }),
  ComplaintResolved: () => ({ accountId: ACCOUNT, complaintId: 'cmp-none', resolvedAt: AT }),
  AgentHandoffCompleted: () => ({ accountId: ACCOUNT, outcome: 'resume', completedAt: AT }),
  PreferencesChanged: () => ({ accountId: ACCOUNT, language: 'es', changedAt: AT }),
  SurveyAnswered: () => ({ accountId: ACCOUNT, score: 4, answeredAt: AT }),
  PaymentIntended: () => ({ accountId: ACCOUNT, at: AT }),
  CallbackRequested: () => ({ accountId: ACCOUNT, callbackAt: '2026-03-11T15:00:00Z', requestedAt: AT }),
};

const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`../adapters/fixtures/provider-events/${name}.json`, import.meta.url), 'utf8'));

// ---- the mutations ---------------------------------------------------------------------------------

const PROTOTYPE_NAMES = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'prototype', 'isPrototypeOf'];
const nested = (depth: number): unknown => (depth === 0 ? 'x' : { a: nested(depth - 1) });
const HUGE_ARRAY = Array.from({ length: 60_000 }, () => 'sms');

const oddString = fc.oneof(
  fc.constantFrom(...PROTOTYPE_NAMES),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 24 }),
  fc.string({ unit: 'binary', maxLength: 24 }),
  fc.constantFrom('x'.repeat(5_000), '😀'.repeat(2_000), '\u0000\u202e\ufeff', ' ', '', '2026-13-45', '9'.repeat(400)),
);
const oddValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 3, arbitrary: oddString },
  { weight: 2, arbitrary: fc.constantFrom<unknown>(-1, 0, 1e308, -0.001, 1e-9, Number.MAX_SAFE_INTEGER + 2, true, null, [], {}) },
  { weight: 1, arbitrary: fc.integer({ min: 20, max: 60 }).map(nested) },
  { weight: 1, arbitrary: fc.constant(HUGE_ARRAY) },
);

type Mutation = { op: 'set' | 'delete' | 'add'; pick: number; key: string; value: unknown };
const mutation: fc.Arbitrary<Mutation> = fc.record({
  op: fc.constantFrom('set', 'delete', 'add'),
  pick: fc.nat(),
  key: oddString,
  value: oddValue,
});

/** Every object or array inside `root` (itself included), with the keys under it. */
function containers(root: unknown): Array<Record<string, unknown>> {
  if (typeof root !== 'object' || root === null) return [];
  return [root as Record<string, unknown>, ...Object.values(root).flatMap(containers)];
}

/** The input as Lambda receives it: the mutated object, through JSON (a __proto__ key becomes an own key). */
function mutated(valid: unknown, m: Mutation | null): unknown {
  const copy = structuredClone(valid);
  if (m) {
    const all = containers(copy);
    const target = all[m.pick % all.length];
    const keys = Object.keys(target);
    const key = m.op === 'add' || keys.length === 0 ? m.key : keys[m.pick % keys.length];
    if (m.op === 'delete') delete target[key];
    else Object.defineProperty(target, key, { value: m.value, enumerable: true, writable: true, configurable: true });
  }
  return JSON.parse(JSON.stringify(copy));
}
const maybeMutation = fc.option(mutation, { freq: 6 });

// ---- what every handler must do with it ------------------------------------------------------------

const ACCEPTED = new Set([
  'applied',
  'duplicate',
  'parked',
  'earlier-cycle',
  'started',
  'restarted',
  'stale-cycle',
  'unknown-account',
  'unknown-message',
  'no-account',
  'not-reminded',
]);

/** Accepted, or rejected (or ignored) with reasons that were kept: never dropped, never a crash. */
async function expectAcceptedOrKept(results: unknown[], kept: number): Promise<void> {
  for (const result of results) {
    const { status, reasons } = result as { status: string; reasons?: unknown };
    if (status === 'rejected' || status === 'ignored') {
      expect(reasons, JSON.stringify(result).slice(0, 300)).toEqual(expect.arrayContaining([expect.any(String)]));
    } else expect(ACCEPTED, JSON.stringify(result).slice(0, 300)).toContain(status);
  }
  const refused = results.filter((r) => ['rejected', 'ignored'].includes((r as { status: string }).status)).length;
  expect(kept).toBeGreaterThanOrEqual(refused);
}

function keptCount(): () => number {
  const spy = vi.spyOn(w.deps.ledger, 'recordRejection');
  return () => spy.mock.calls.length;
}

const runs = (n: number) => ({ numRuns: n, endOnFailure: true });

beforeAll(async () => {
  w.clock.set(T0);
  await h.ingest(billingEvent('AccountOverdue', overdueDetail(ACCOUNT, 'c1', { amountDue: 200 })), context('ingest'));
});

describe('fuzzed billing events through ingest and lifecycle', () => {
  it('never crash: each is applied, parked or rejected with reasons and kept', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...BILLING_DETAIL_TYPES) }, { weight: 1, arbitrary: oddString }),
        maybeMutation,
        fc.boolean(),
        async (detailType, m, mutateEnvelope) => {
          w.clock.set(T0);
          const kept = keptCount();
          const detail = Object.hasOwn(VALID_DETAILS, detailType)
            ? VALID_DETAILS[detailType as BillingDetailType]()
            : { accountId: ACCOUNT };
          const valid = billingEvent(detailType, detail, nextId('evt'));
          const event = mutateEnvelope ? mutated(valid, m) : { ...valid, detail: mutated(detail, m) };
          const handler = JOURNEY_START_DETAIL_TYPES.includes(detailType as BillingDetailType) ? h.ingest : h.lifecycle;
          const result = await handler(event as never, context('fuzz'));
          await expectAcceptedOrKept([result], kept());
          vi.restoreAllMocks();
        },
      ),
      runs(60),
    );
  });
});

describe('fuzzed provider events through inbound-sms and delivery-events', () => {
  const sns = (message: string, messageId = nextId('sns')) => ({
    Records: [{ EventSource: 'aws:sns', Sns: { Type: 'Notification', MessageId: messageId, Message: message, Timestamp: AT } }],
  });

  it('an inbound text never crashes the handler: answered, or rejected with reasons and kept', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('inbound-sms', 'inbound-sms-no-keyword'), maybeMutation, fc.boolean(), async (name, m, raw) => {
        const kept = keptCount();
        const body = { ...fixture(name), inboundMessageId: nextId('in') };
        const results = await h['inbound-sms'](
          (raw ? mutated(sns(JSON.stringify(body)), m) : sns(JSON.stringify(mutated(body, m)))) as never,
          context('fuzz'),
        );
        await expectAcceptedOrKept(results as unknown[], kept());
        vi.restoreAllMocks();
      }),
      runs(30),
    );
  });

  const SNS_FIXTURES = ['text-delivered', 'text-blocked', 'voice-completed', 'voice-no-answer'];
  const BUS_FIXTURES = [
    'eventbridge-text-delivered',
    'eventbridge-voice-completed',
    'eventbridge-registration-status-change',
    'ses-bounce-permanent',
    'ses-complaint',
    'ses-delivered',
    'ses-open',
  ];

  it('a delivery event (SNS or EventBridge, SMS, voice or SES) never crashes the handler', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...SNS_FIXTURES, ...BUS_FIXTURES), maybeMutation, async (name, m) => {
        const kept = keptCount();
        const event = SNS_FIXTURES.includes(name)
          ? sns(JSON.stringify(mutated(fixture(name), m)))
          : mutated({ ...fixture(name), id: nextId('bus') }, m);
        const results = await h['delivery-events'](event as never, context('fuzz'));
        await expectAcceptedOrKept(Array.isArray(results) ? results : [results], kept());
        vi.restoreAllMocks();
      }),
      runs(40),
    );
  });
});

describe('fuzzed portal API bodies', () => {
  let session = '';
  beforeAll(async () => {
    const url = await mintLink(portal, w.deps.state, { accountId: ACCOUNT, cycleId: 'c1' }, T0);
    const opened = await openToken(portal, w.deps.state, url.split('#t=')[1], 'link', T0);
    if (!opened.ok) throw new Error('the fuzz link did not open');
    session = (await startSession(portal, opened.link.linkId, T0)).session;
  });

  const VALID_BODIES: Record<string, unknown> = {
    '/api/session': { token: 'not-a-token' },
    '/api/verify': { token: 'not-a-token', answer: '98101' },
    '/api/actions': { type: 'promise', date: '2026-03-20', amount: 5 },
  };

  it('every body is answered, with its problems when refused, never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...Object.keys(VALID_BODIES)), maybeMutation, async (path, m) => {
        w.clock.set(T0);
        const event = {
          version: '2.0',
          routeKey: '$default',
          rawPath: path,
          rawQueryString: '',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${session}` },
          requestContext: {
            http: { method: 'POST', path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'fuzz' },
            requestId: nextId('r'),
          },
          body: JSON.stringify(mutated(VALID_BODIES[path], m)),
          isBase64Encoded: false,
        } as unknown as APIGatewayProxyEventV2;
        const result = (await portalHandler(event, context('portal'))) as APIGatewayProxyStructuredResultV2;
        const status = result.statusCode ?? 200;
        expect(status).toBeLessThan(500);
        if (status === 400) expect(JSON.parse(result.body ?? '{}').problems).toEqual(expect.arrayContaining([expect.any(String)]));
      }),
      runs(30),
    );
  });
});
