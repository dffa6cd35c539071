/**
 * The self-service portal's API (HTTP API, payload 2.0), routed with @middy/http-router:
 *   POST /api/session  which check the link's customer must pass (nothing about the debt yet)
 *   POST /api/verify   the check; a short-lived session; wrong answers lock the account's links (growing)
 *   GET  /api/account  what is owed, to whom, and the choices offered
 *   POST /api/actions  pay, promise, plan, dispute, hardship, a callback, preferences, opt-out
 * Every action becomes the same lifecycle event the rest of the system uses, applied at once through
 * the one reducer (so the journey's next decision sees it) and published on the bus for CRMs and
 * analytics. A tampered, expired or locked link gets a friendly error and no data.
 */
import httpRouterHandler, { type Method } from '@middy/http-router';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import * as z from './domain/zod';
import type { LifecycleEvent } from './domain/lifecycle-types';
import { checkFor, needsPhoneLast4 } from './domain/portal/check';
import { eventForAction } from './domain/portal/actions';
import { portalActionSchema, sessionRequestSchema, verifyRequestSchema, type ErrorBody, type PortalError } from './domain/portal/contract';
import { portalView } from './domain/portal/view';
import { describeIssues } from './domain/zod-issues';
import { displayPhoneNumber } from './domain/template-format';
import type { PortalLinkState, StoredAccount } from './domain/storage';
import { applyEvent } from './application/apply-event';
import { wakeAfterApplied } from './application/journey-generations';
import { awsDependencies, type AwsWiring } from './commons/aws-dependencies';
import { awsGuard, awsPortal, portalCallersFromEnvironment } from './commons/aws-portal';
import { awsChannels } from './commons/aws-channels';
import { awsBus } from './commons/aws-bus';
import { awsGenerations } from './commons/aws-journeys';
import type { Dependencies } from './commons/dependencies';
import { cameThroughCloudFront, type PortalCallers } from './domain/portal/origin';
import { withPowertools } from './commons/middleware';
import { openToken, startSession, type PortalSettings } from './application/portal-links';
import { linksRevoked, runCheck } from './application/portal-check';
import { logger } from './commons/powertools';
import { playbookFor } from './application/strategy';
import { strategyOf } from './domain/decision';

type Result = APIGatewayProxyStructuredResultV2;
type Route = (event: APIGatewayProxyEventV2, d: Dependencies, portal: PortalSettings) => Promise<Result>;

const json = (statusCode: number, body: unknown, extra: Record<string, string> = {}): Result => ({
  statusCode,
  headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...extra },
  body: JSON.stringify(body),
});
const fail = (statusCode: number, error: PortalError, more: Omit<ErrorBody, 'error'> = {}, headers: Record<string, string> = {}): Result =>
  json(statusCode, { error, ...more }, headers);

/** The largest body any portal request needs (an action with its blocked times is well under 4 KB). */
export const MAX_BODY_BYTES = 8 * 1024;

/** JSON only (any charset parameter is allowed): anything else is refused before it is read. */
const isJson = (event: APIGatewayProxyEventV2) =>
  /^application\/json\s*(;|$)/i.test(event.headers?.['content-type'] ?? event.headers?.['Content-Type'] ?? '');

function bodyOf<S extends z.ZodMiniType>(
  event: APIGatewayProxyEventV2,
  schema: S,
): { ok: true; value: z.infer<S> } | { ok: false; result: Result } {
  if (!isJson(event))
    return { ok: false, result: fail(415, 'unsupported-media-type', { problems: ['send the request as application/json'] }) };
  const text = event.body ? (event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body) : '';
  if (Buffer.byteLength(text) > MAX_BODY_BYTES)
    return { ok: false, result: fail(413, 'payload-too-large', { problems: [`the request body is over ${MAX_BODY_BYTES} bytes`] }) };
  let raw: unknown;
  try {
    raw = text ? JSON.parse(text) : {};
  } catch {
    return { ok: false, result: fail(400, 'invalid-action', { problems: ['the request body is not JSON'] }) };
  }
  const parsed = schema.safeParse(raw);
  return parsed.success
    ? { ok: true, value: parsed.data }
    : { ok: false, result: fail(400, 'invalid-action', { problems: describeIssues(parsed.error) }) };
}

/** The help line, on every answer: even a refused link shows how to reach a person. */
const helpOf = (d: Dependencies) => ({ phone: displayPhoneNumber(d.settings.helpPhoneNumber) });

const linkProblem = (d: Dependencies, problem: 'invalid' | 'expired') =>
  problem === 'expired' ? fail(410, 'link-expired', { help: helpOf(d) }) : fail(401, 'link-invalid', { help: helpOf(d) });

/** The account behind a link, when it still belongs to the link's cycle. */
async function accountOf(d: Dependencies, link: PortalLinkState): Promise<StoredAccount | undefined> {
  const account = await d.state.getAccount(link.accountId);
  return account && account.cycleId === link.cycleId ? account : undefined;
}

const viewOf = (d: Dependencies, account: StoredAccount) =>
  portalView(account, playbookFor(d, strategyOf(account, account.cycleId)), d.clock.now(), {
    paymentUrl: d.settings.paymentUrl,
    helpPhoneNumber: d.settings.helpPhoneNumber,
    businessTimeZone: d.settings.businessTimeZone,
  });

/** Too many wrong answers: the account's links no longer open; a person can help (the page says how). */
const lockedOut = (d: Dependencies) => fail(423, 'locked-out', { help: helpOf(d) });

const session: Route = async (event, d, portal) => {
  const body = bodyOf(event, sessionRequestSchema);
  if (!body.ok) return body.result;
  const opened = await openToken(portal, d.state, body.value.token, 'link', d.clock.now());
  if (!opened.ok) return linkProblem(d, opened.problem);
  const account = await accountOf(d, opened.link);
  if (!account) return fail(410, 'link-expired', { help: helpOf(d) });
  if (await linksRevoked(d, account)) return lockedOut(d);
  const check = checkFor(portal.check, account);
  if (!check) return fail(409, 'not-available', { problems: ['this link cannot be checked online: please call us'] });
  return json(200, { check, language: account.customer.language, help: helpOf(d) });
};

const verify: Route = async (event, d, portal) => {
  const body = bodyOf(event, verifyRequestSchema);
  if (!body.ok) return body.result;
  const now = d.clock.now();
  const opened = await openToken(portal, d.state, body.value.token, 'link', now);
  if (!opened.ok) return linkProblem(d, opened.problem);
  const { link } = opened;
  const account = await accountOf(d, link);
  const check = account && checkFor(portal.check, account);
  if (!account || !check) return fail(410, 'link-expired', { help: helpOf(d) });
  // A request without the fields its check needs (or with one it does not) is refused before it is
  // counted or compared: it is no guess.
  const { answer, phoneLast4 } = body.value;
  if (needsPhoneLast4(check) !== (phoneLast4 !== undefined)) {
    return fail(400, 'invalid-action', {
      problems: [
        needsPhoneLast4(check)
          ? 'phoneLast4: this check also asks for the last 4 digits of the phone number'
          : `phoneLast4: not asked by the ${check} check`,
      ],
    });
  }
  const outcome = await runCheck(d, link, account, check, { answer, ...(phoneLast4 !== undefined ? { phoneLast4 } : {}) });
  switch (outcome.kind) {
    case 'passed':
      return json(200, await startSession(portal, link.linkId, now));
    case 'failed':
      return fail(403, 'check-failed', { attemptsLeft: outcome.attemptsLeft, help: helpOf(d) });
    case 'locked':
      return fail(
        429,
        'too-many-attempts',
        { retryAfterSeconds: outcome.retryAfterSeconds, help: helpOf(d) },
        { 'retry-after': String(outcome.retryAfterSeconds) },
      );
    case 'revoked':
      return lockedOut(d);
  }
};

/** The account behind a Bearer session, or the error to answer with. */
async function sessionAccount(
  event: APIGatewayProxyEventV2,
  d: Dependencies,
  portal: PortalSettings,
): Promise<{ account: StoredAccount } | { result: Result }> {
  const header = event.headers?.authorization ?? event.headers?.Authorization ?? '';
  const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
  if (!token) return { result: fail(401, 'session-invalid') };
  const opened = await openToken(portal, d.state, token, 'session', d.clock.now());
  if (!opened.ok) return { result: fail(401, opened.problem === 'expired' ? 'session-expired' : 'session-invalid') };
  const account = await accountOf(d, opened.link);
  return account ? { account } : { result: fail(401, 'session-expired') };
}

const account: Route = async (event, d, portal) => {
  const found = await sessionAccount(event, d, portal);
  if ('result' in found) return found.result;
  return json(200, viewOf(d, found.account));
};

const actions: Route = async (event, d, portal) => {
  const found = await sessionAccount(event, d, portal);
  if ('result' in found) return found.result;
  const body = bodyOf(event, portalActionSchema);
  if (!body.ok) return body.result;
  const now = d.clock.now();
  const before = found.account;
  const decided = eventForAction(before, viewOf(d, before), body.value, now);
  if (!decided.ok)
    return fail(decided.notAvailable ? 409 : 400, decided.notAvailable ? 'not-available' : 'invalid-action', {
      problems: decided.problems,
    });

  const eventId = `portal-${event.requestContext?.requestId ?? now.getTime().toString(36)}`;
  const applied = await applyEvent(d, before.accountId, decided.event as LifecycleEvent, { eventId, detailType: decided.event.detailType });
  if (applied.status === 'rejected') return fail(400, 'invalid-action', { problems: applied.problems });
  // A dispute or hardship pauses the journey now, not at its next step (the wake-up never fails the request).
  await wakeAfterApplied(d, applied);
  // The same event on the bus, for CRMs and analytics (source amicable: the lifecycle rule does not take it again).
  await d.bus.publish(decided.event.detailType, decided.event.detail as unknown as Record<string, unknown>);
  logger.info('portal action', { accountId: before.accountId, action: body.value.type, status: applied.status });

  const after = applied.status === 'unknown-account' ? before : applied.account;
  return json(200, {
    done: body.value.type,
    ...(body.value.type === 'pay' ? { redirect: d.settings.paymentUrl } : {}),
    view: viewOf(d, after),
  });
};

const ROUTES: Array<{ method: Method; path: string; route: Route }> = [
  { method: 'POST', path: '/api/session', route: session },
  { method: 'POST', path: '/api/verify', route: verify },
  { method: 'GET', path: '/api/account', route: account },
  { method: 'POST', path: '/api/actions', route: actions },
];

/**
 * The portal API. `callers`: in AWS only CloudFront (a request without its secret origin header is
 * refused with 403 before anything is read); 'anyone' for the local server on loopback and tests.
 */
export const makePortalHandler = (deps: () => Dependencies, callers: PortalCallers) => {
  const bind =
    (route: Route) =>
    async (event: APIGatewayProxyEventV2): Promise<Result> => {
      const d = deps();
      if (!d.portal) return fail(409, 'not-available', { problems: ['the portal is not configured'] });
      return route(event, d, d.portal);
    };
  const router = httpRouterHandler<APIGatewayProxyEventV2, Result>({
    routes: ROUTES.map(({ method, path, route }) => ({ method, path, handler: bind(route) })),
    notFoundResponse: () => fail(404, 'not-found'),
  });
  return withPowertools(async (event: APIGatewayProxyEventV2, context): Promise<Result> => {
    if (!(await cameThroughCloudFront(callers, event.headers))) return fail(403, 'forbidden');
    return (await router(event, context)) as Result;
  });
};

/** The ports this function uses (test/infra/bundle-sizes.test.ts checks its code reads no other). */
export const wiring: AwsWiring = { portal: awsPortal, channels: awsChannels, bus: awsBus, generations: awsGenerations, guard: awsGuard };

export const handler = makePortalHandler(awsDependencies(wiring), portalCallersFromEnvironment());
