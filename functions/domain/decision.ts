/** The decision engine for one journey: with the journey's playbook and strategy and the business time zone. */
import type { CollectorType } from './collector';
import { decide } from './decide';
import { decidePreDue } from './pre-due/decide-pre-due';
import { preDueFor } from './pre-due/playbook';
import type { Playbook } from './playbook';
import type { JourneyStrategy, StoredAccount } from './storage';
import type { Account, HistoryEntry } from './types';
import type { CloseReason, Decision } from './decision-types';

/** What a journey's decision depends on besides the account and its history. */
export interface DecisionContext {
  /** The deployment's playbook: the holdout's observation period, and the playbook a superseded cycle names. */
  playbook: Playbook;
  /** Read only when the engine decides (a getter may validate it then). */
  settings: {
    readonly businessTimeZone: string;
    /** Who the deployment is; absent: a debt collector. */
    readonly collectorType?: CollectorType;
    /** The business name a voicemail speaks when the creditor's own name is not safe to. */
    readonly voicemailBusinessName?: string;
  };
  /** The playbook a journey with this strategy runs (the version it started with). */
  playbookFor(strategy: JourneyStrategy | undefined): Playbook;
}

/** The playbook id a no-contact holdout's decisions carry. */
export const NO_CONTACT_PLAYBOOK_ID = 'no-contact-holdout';

/** The strategy of this cycle's journey, if it has one (journeys started before strategies have none). */
export function strategyOf(account: Account & { strategy?: JourneyStrategy }, cycleId: string): JourneyStrategy | undefined {
  return account.strategy && account.strategy.cycleId === cycleId ? account.strategy : undefined;
}

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
function holdoutDecision(context: DecisionContext, account: Account, experimentId: string, now: Date): Decision {
  const base = { decidedAt: now.toISOString(), playbookId: NO_CONTACT_PLAYBOOK_ID, playbookVersion: experimentId, ruleSetVersion: 'n/a' };
  const reason = { ruleId: 'experiment.holdout', effect: 'suppressed' as const };
  const closeFor = CLOSE_FOR_STATUS[account.status];
  if (closeFor) {
    return {
      ...base,
      action: { type: 'close', reason: closeFor },
      reasons: [{ ...reason, detail: `no-contact holdout of ${experimentId}: the account is ${account.status}` }],
    };
  }
  const endsAt = new Date(Date.parse(account.openedAt) + journeyLengthDays(context.playbook) * DAY_MS);
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
    reasons: [
      {
        ...reason,
        until: endsAt.toISOString(),
        detail: `no-contact holdout of ${experimentId}: no message is sent; outcome observed until ${endsAt.toISOString()}`,
      },
    ],
  };
}

/** The account as the decision engine sees it: the domain Account, without the stored strategy. */
function domainAccount(account: StoredAccount): Account {
  if (!('strategy' in account) && !('preDue' in account)) return account;
  const copy = { ...account };
  delete copy.strategy;
  delete copy.preDue;
  return copy;
}

/**
 * The decision for a journey at `now`. A journey whose cycle has been replaced by a newer overdue cycle
 * for the same account has nothing left to do: it closes, and says why (the new cycle has its own journey).
 * Otherwise the journey's own playbook decides: the version it started with, its segment's journey, its
 * experiment variant (a no-contact holdout sends nothing).
 */
export function decideFor(
  context: DecisionContext,
  account: StoredAccount,
  cycleId: string,
  history: readonly HistoryEntry[],
  now: Date,
): Decision {
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
      playbookId: context.playbook.id,
      playbookVersion: context.playbook.version,
      ruleSetVersion: 'n/a',
    };
  }
  const strategy = strategyOf(account, cycleId);
  if (strategy?.holdout === 'no-contact') return holdoutDecision(context, account, strategy.experimentId ?? 'experiment', now);
  const playbook = context.playbookFor(strategy);
  const { businessTimeZone, collectorType, voicemailBusinessName } = context.settings;
  if (account.preDue) {
    const preDue = preDueFor(playbook, strategy?.segment ?? '');
    const input = { account: domainAccount(account), history, playbook, now, businessTimeZone, collectorType, voicemailBusinessName };
    return decidePreDue({ ...input, preDue });
  }
  return decide({
    account: domainAccount(account),
    history,
    playbook,
    now,
    businessTimeZone,
    collectorType,
    voicemailBusinessName,
  });
}
