/**
 * Decide: loads the account and the cycle's history and asks the pure decision engine what to do next.
 * The Decision (action + reasons) goes to the ledger -- every contact and every non-contact is
 * explained by named rules -- and back to the state machine, which routes on $.Payload.action.type.
 */
import type { Decision } from './domain/types';
import { awsDependencies, type Dependencies } from './commons/dependencies';
import { journeyRefSchema, parseInput } from './commons/inputs';
import { withPowertools } from './commons/middleware';
import { decisionContext, strategyTags } from './application/strategy';
import { decideFor, strategyOf } from './domain/decision';
import { AccountNotFoundError } from './domain/errors';
import { toHistoryEntries } from './domain/ledger';
import { dimensionedMetric, logger, METRIC } from './commons/powertools';

export const makeDecideHandler = (deps: () => Dependencies) =>
  withPowertools(async (event: unknown): Promise<Decision> => {
    const d = deps();
    const { accountId, cycleId } = parseInput(journeyRefSchema, event, 'decide');
    const account = await d.state.getAccount(accountId);
    if (!account) throw new AccountNotFoundError(accountId);
    const records = await d.ledger.history(accountId, cycleId);
    const decision = decideFor(decisionContext(d), account, cycleId, toHistoryEntries(records), d.clock.now());
    const tags = strategyTags(strategyOf(account, cycleId));

    await d.ledger.append({
      kind: 'decision',
      accountId,
      cycleId,
      at: decision.decidedAt,
      action: decision.action,
      reasons: decision.reasons,
      playbookId: decision.playbookId,
      playbookVersion: decision.playbookVersion,
      ruleSetVersion: decision.ruleSetVersion,
      ...tags,
    });
    for (const reason of decision.reasons) {
      if (reason.effect === 'blocked' || reason.effect === 'deferred') {
        dimensionedMetric(METRIC.contactsBlocked, { name: 'rule', value: reason.ruleId });
      }
    }
    logger.info('decided', {
      accountId,
      cycleId,
      action: decision.action.type,
      ...tags,
      rules: decision.reasons.map((r) => `${r.ruleId}:${r.effect}`),
    });
    return decision;
  });

export const handler = makeDecideHandler(awsDependencies);
