/**
 * Reopening portal access after a revocation, by an operator (the lockout's last stage hands the
 * account to people; when a person has confirmed who the customer is, they reopen it here). The
 * revoked counts of the account, and of the person behind it when it was their count that was revoked,
 * are removed on the condition that they are still revoked; the ledger records who, why and when
 * before anything is removed, so no reopening goes unrecorded.
 */
import type { Clock } from '../domain/ports';
import type { CheckRevocations } from '../domain/storage';
import type { Ledger } from '../domain/ledger';
import type { StateStore } from '../domain/storage';
import type { ReopenRequest } from '../domain/portal/reopen';
import type { GuardScope } from '../domain/portal/lockout';
import { guardScopes } from './portal-check';

export type ReopenOutcome =
  | { kind: 'reopened'; scopes: Array<'account' | 'person'>; at: string }
  | { kind: 'unknown-account' }
  /** Nothing was revoked (never, or already reopened): nothing changed, nothing recorded. */
  | { kind: 'not-revoked' };

export interface ReopenDependencies {
  clock: Clock;
  state: StateStore;
  ledger: Ledger;
  guard: CheckRevocations;
}

export async function reopenPortal(d: ReopenDependencies, request: ReopenRequest): Promise<ReopenOutcome> {
  const account = await d.state.getAccount(request.accountId);
  if (!account) return { kind: 'unknown-account' };
  const scopes = guardScopes(account);
  const revoked: GuardScope[] = [];
  for (const scope of scopes) if (await d.guard.revokedAt(scope)) revoked.push(scope);
  if (revoked.length === 0) return { kind: 'not-revoked' };
  const at = d.clock.now().toISOString();
  await d.ledger.append({
    kind: 'portal-reopened',
    accountId: account.accountId,
    cycleId: account.cycleId,
    at,
    scopes: revoked.map((s) => s.kind),
    operator: request.operator,
    reason: request.reason,
  });
  const removed: Array<GuardScope['kind']> = [];
  for (const scope of revoked) if (await d.guard.removeRevoked(scope)) removed.push(scope.kind);
  // Another operator may have reopened it in between: the entry above still says who meant to.
  return removed.length ? { kind: 'reopened', scopes: removed, at } : { kind: 'not-revoked' };
}
