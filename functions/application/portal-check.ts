/**
 * The portal's identity check with its lockout: the attempt is claimed in the account's (and the
 * person's) count before the answer is compared, so parallel guesses cannot overrun the limit; a lock
 * or a revocation is recorded in the ledger, counted in a metric (an alarm watches for guessing), and a
 * revocation hands the account to people, who reach the customer on a channel on file.
 */
import type { Account } from '../domain/types';
import type { CheckKind } from '../domain/portal/contract';
import { answerMatches, type CheckAnswer } from '../domain/portal/check';
import { stepAt, type GuardScope, type LockoutStep } from '../domain/portal/lockout';
import type { StoredAccount, PortalLinkState } from '../domain/storage';
import type { Dependencies } from '../commons/dependencies';
import { requestHandoff } from './handoff';
import { dimensionedMetric, countMetric, logger, METRIC } from '../commons/powertools';

export type CheckOutcome =
  { kind: 'passed' } | { kind: 'failed'; attemptsLeft: number } | { kind: 'locked'; retryAfterSeconds: number } | { kind: 'revoked' };

/** The hand-off reason people see when a portal's links are revoked after too many wrong answers. */
export const LOCKED_OUT_REASON = 'portal-check-locked-out';

/** Whose failures count: the account, and the person across their accounts when we know who they are. */
export const guardScopes = (account: Account): GuardScope[] => [
  { kind: 'account', id: account.accountId },
  ...(account.customer.personId ? [{ kind: 'person' as const, id: account.customer.personId }] : []),
];

const secondsUntil = (until: string, now: Date) => Math.max(1, Math.ceil((Date.parse(until) - now.getTime()) / 1000));

export async function runCheck(
  d: Dependencies,
  link: PortalLinkState,
  account: StoredAccount,
  check: CheckKind,
  answer: CheckAnswer,
): Promise<CheckOutcome> {
  const now = d.clock.now();
  const claim = await d.guard.claim(guardScopes(account), now);
  if (!claim.ok) {
    return claim.refusal.kind === 'revoked'
      ? { kind: 'revoked' }
      : { kind: 'locked', retryAfterSeconds: secondsUntil(claim.refusal.until, now) };
  }
  const right = answerMatches(check, account, answer);
  const steps = await d.guard.settle(claim.claimed, right, now);
  for (const { scope, step } of steps) await recordLockout(d, link, account, scope, step);
  if (right) {
    await d.state.markLinkVerified(link.linkId, now.toISOString());
    logger.info('portal check passed', { linkId: link.linkId, accountId: account.accountId });
    return { kind: 'passed' };
  }
  countMetric(METRIC.portalCheckFailures);
  logger.warn('portal check failed', { linkId: link.linkId, accountId: account.accountId, failures: claim.claimed.map((c) => c.failures) });
  // What this answer's counts reached (a parallel request may have written the lock first).
  const reached = claim.claimed.map((c) => ({ ...c, step: stepAt(d.guard.policy, c.failures, now) }));
  if (reached.some((r) => r.step.kind === 'revoke')) return { kind: 'revoked' };
  const locks = reached.flatMap((r) => (r.step.kind === 'lock' ? [secondsUntil(r.step.until, now)] : []));
  if (locks.length) return { kind: 'locked', retryAfterSeconds: Math.max(...locks) };
  // Tries left before the nearest lock of any scope.
  return {
    kind: 'failed',
    attemptsLeft: Math.min(...reached.map((r) => (r.step.kind === 'none' ? r.step.nextLockAt : r.failures) - r.failures)),
  };
}

/** Whether the account's links are refused before any attempt (revoked), for the page's first screen. */
export async function linksRevoked(d: Dependencies, account: Account): Promise<boolean> {
  return (await d.guard.refusalOf(guardScopes(account), d.clock.now()))?.kind === 'revoked';
}

async function recordLockout(
  d: Dependencies,
  link: PortalLinkState,
  account: StoredAccount,
  scope: GuardScope,
  step: Exclude<LockoutStep, { kind: 'none' }>,
): Promise<void> {
  const at = d.clock.now().toISOString();
  await d.ledger.append({
    kind: 'portal-lockout',
    accountId: account.accountId,
    cycleId: link.cycleId,
    at,
    scope: scope.kind,
    stage: step.kind,
    failures: step.failures,
    ...(step.kind === 'lock' ? { lockedUntil: step.until } : {}),
  });
  dimensionedMetric(METRIC.portalLockouts, [{ name: 'stage', value: step.kind }]);
  logger.warn('portal check locked', { accountId: account.accountId, scope: scope.kind, stage: step.kind, failures: step.failures });
  // Revoked: people take over and reach the customer on a channel on file (the hand-off carries the
  // preferred contact); an automated text here would bypass the contact rules the journey applies.
  if (step.kind === 'revoke') await requestHandoff(d, account, link.cycleId, LOCKED_OUT_REASON);
}
