/**
 * PaymentDueSoon: a bill coming due. For the segments the journey's playbook names in its `preDue`
 * block, the bill's pre-due stage opens as its own cycle (`<bill id>.pre-due`) and its journey sends one
 * friendly reminder (domain/pre-due/). Every other bill coming due is recorded and nothing more: no
 * reminder for a segment the playbook does not name, a no-contact holdout, an account whose earlier
 * bill is still overdue (its own journey speaks to the customer), or a bill already overdue.
 */
import type { PaymentDueSoon } from '../domain/events';
import type { Dependencies } from '../commons/dependencies';
import { logger } from '../commons/powertools';
import { preDueCycleId } from '../domain/pre-due/contract';
import { preDueOrder } from '../domain/pre-due/handover';
import { preDueFor } from '../domain/pre-due/playbook';
import { accountFromOverdue, placeAccount, type PlacementResult } from './place-account';
import { decisionContext, strategyFacts, strategyForNewJourney } from './strategy';
import type { JourneyStrategy } from '../domain/storage';

export type PreDuePlacement =
  PlacementResult | { status: 'not-reminded'; eventId: string; accountId: string; cycleId: string; reason: string; segment?: string };

/** Why this bill gets no reminder before its due date; undefined when it gets one. */
async function reasonNotToRemind(
  deps: Dependencies,
  detail: PaymentDueSoon,
  now: Date,
): Promise<{ reason: string; strategy?: JourneyStrategy } | undefined> {
  const current = await deps.state.getAccount(detail.accountId);
  const preDue = { billCycleId: detail.cycleId };
  if (current && preDueOrder(current, { cycleId: preDueCycleId(detail.cycleId), preDue }) === 'older') {
    return {
      reason:
        current.cycleId === detail.cycleId || current.priorCycles?.includes(detail.cycleId) ? 'bill-already-overdue' : 'overdue-cycle-open',
    };
  }
  const account = accountFromOverdue({ ...detail, cycleId: preDueCycleId(detail.cycleId) }, now.toISOString());
  const strategy = strategyForNewJourney(deps, account, detail.signals, now);
  if (strategy.holdout === 'no-contact') return { reason: 'no-contact-holdout', strategy };
  const playbook = decisionContext(deps).playbookFor(strategy);
  if (!preDueFor(playbook, strategy.segment)) return { reason: 'segment-not-reminded', strategy };
  return undefined;
}

/** Places one valid PaymentDueSoon: the pre-due stage's journey, or the reason there is none (recorded). */
export async function placePreDue(deps: Dependencies, eventId: string, detail: PaymentDueSoon): Promise<PreDuePlacement> {
  const now = deps.clock.now();
  const cycleId = preDueCycleId(detail.cycleId);
  const skip = await reasonNotToRemind(deps, detail, now);
  if (skip) {
    await deps.ledger.append({
      kind: 'event',
      accountId: detail.accountId,
      cycleId,
      at: now.toISOString(),
      detailType: 'PaymentDueSoon',
      eventId,
      facts: {
        dueDate: detail.dueDate,
        billCycleId: detail.cycleId,
        notReminded: skip.reason,
        // The strategy the bill drew (segment, variant, playbook): why it got no reminder reads from it.
        ...(skip.strategy ? strategyFacts(skip.strategy) : {}),
      },
    });
    const segment = skip.strategy?.segment;
    logger.info('bill coming due: no reminder', { accountId: detail.accountId, cycleId, reason: skip.reason, segment });
    return { status: 'not-reminded', eventId, accountId: detail.accountId, cycleId, reason: skip.reason, ...(segment ? { segment } : {}) };
  }
  return placeAccount(deps, eventId, { ...detail, cycleId }, { detailType: 'PaymentDueSoon', preDue: { billCycleId: detail.cycleId } });
}
