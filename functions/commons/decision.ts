/** The decision engine as the handlers call it: with the journey's playbook and the business time zone. */
import { decide } from '../domain/decide';
import type { Playbook } from '../domain/playbook';
import type { Account, CloseReason, Decision, HistoryEntry } from '../domain/types';
import type { StoredAccount } from '../adapters/state-store';
import type { Dependencies } from './dependencies';
import { NO_CONTACT_PLAYBOOK_ID, playbookFor, strategyOf } from './strategy';

const DAY_MS = 24 * 3600 * 1000;

/** How long a journey following this playbook lasts at most: its steps' spacing and the hand-off delay. */
export function journeyLengthDays(playbook: Playbook): number {
  return playbook.steps.reduce((days, s) => days + s.afterDays, 0) + playbook.handOffAfterDays;
}

const CLOSE_FOR_STATUS: Partial<Record<Account['status'], CloseReason>> = { paid: 'paid', closed: 'account-closed', ceased: 'ceased' };

/**
 * A no-contact holdout: nothing is ever sent. The journey still runs for as long as the deployment's
 * playbook would (so its outcome -- paid or not -- is measured over the same period), then closes.
 */
function holdoutDecision(deps: Dependencies, account: Account, experimentId: string, now: Date): Decision {
  const base = { decidedAt: now.toISOString(), playbookId: NO_CONTACT_PLAYBOOK_ID, playbookVersion: experimentId, ruleSetVersion: 'n/a' };
  const reason = { ruleId: 'experiment.holdout', effect: 'suppressed' as const };
  const closeFor = CLOSE_FOR_STATUS[account.status];
  if (closeFor) {
    return { ...base, action: { type: 'close', reason: closeFor }, reasons: [{ ...reason, detail: `no-contact holdout of ${experimentId}: the account is ${account.status}` }] };
  }
  const endsAt = new Date(Date.parse(account.openedAt) + journeyLengthDays(deps.playbook) * DAY_MS);
  if (now.getTime() >= endsAt.getTime()) {
    return {
      ...base,
      action: { type: 'close', reason: 'playbook-complete' },
      reasons: [{ ...reason, detail: `no-contact holdout of ${experimentId}: the observation period ended without contact` }],
    };
  }
  return {
    ...base,
    action: { type: 'wait', until: endsAt.toISOString() },
    reasons: [{ ...reason, until: endsAt.toISOString(), detail: `no-contact holdout of ${experimentId}: no message is sent; outcome observed until ${endsAt.toISOString()}` }],
  };
}

/** The account as the decision engine sees it: the domain Account, without the stored strategy. */
function domainAccount(account: StoredAccount): Account {
  if (!('strategy' in account)) return account;
  const copy = { ...account };
  delete copy.strategy;
  return copy;
}

/**
 * The decision for a journey at `now`. A journey whose cycle has been replaced by a newer overdue cycle
 * for the same account has nothing left to do: it closes, and says why (the new cycle has its own journey).
 * Otherwise the journey's own playbook decides: the version it started with, its segment's journey, its
 * experiment variant (a no-contact holdout sends nothing).
 */
export function decideFor(deps: Dependencies, account: StoredAccount, cycleId: string, history: readonly HistoryEntry[], now: Date): Decision {
  if (account.cycleId !== cycleId) {
    return {
      action: { type: 'close', reason: 'playbook-complete' },
      reasons: [
        {
          ruleId: 'journey.cycle-superseded',
          effect: 'suppressed',
          detail: `a newer delinquency cycle (${account.cycleId}) replaced this one; its own journey takes over`,
        },
      ],
      decidedAt: now.toISOString(),
      playbookId: deps.playbook.id,
      playbookVersion: deps.playbook.version,
      ruleSetVersion: 'n/a',
    };
  }
  const strategy = strategyOf(account, cycleId);
  if (strategy?.holdout === 'no-contact') return holdoutDecision(deps, account, strategy.experimentId ?? 'experiment', now);
  const playbook = playbookFor(deps, strategy);
  return decide({ account: domainAccount(account), history, playbook, now, businessTimeZone: deps.settings.businessTimeZone });
}
