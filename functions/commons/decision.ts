/** The decision engine as the handlers call it: with the deployment's playbook and business time zone. */
import { decide } from '../domain/decide';
import type { Account, Decision, HistoryEntry } from '../domain/types';
import type { Dependencies } from './dependencies';

/**
 * The decision for a journey at `now`. A journey whose cycle has been replaced by a newer overdue cycle
 * for the same account has nothing left to do: it closes, and says why (the new cycle has its own journey).
 */
export function decideFor(deps: Dependencies, account: Account, cycleId: string, history: readonly HistoryEntry[], now: Date): Decision {
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
  return decide({ account, history, playbook: deps.playbook, now, businessTimeZone: deps.settings.businessTimeZone });
}

