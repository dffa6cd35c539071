/**
 * Decide: loads the account and the cycle's history and asks the pure decision engine what to do next;
 * with pacing configured, a contact is given its second on the channel's identity (application/pace.ts).
 * The Decision (action + reasons) goes to the ledger -- every contact and every non-contact is
 * explained by named rules -- and back to the state machine, which routes on $.Payload.action.type.
 */
import type { Decision } from './domain/decision-types';
import { awsDependencies, type AwsWiring } from './commons/aws-dependencies';
import { awsPacing } from './commons/aws-pacing';
import type { Dependencies } from './commons/dependencies';
import { journeyRefSchema, parseInput } from './commons/inputs';
import { withPowertools } from './commons/middleware';
import { decisionContext, strategyTags } from './application/strategy';
import { decideFor, strategyOf } from './domain/decision';
import { AccountNotFoundError } from './domain/errors';
import { toHistoryEntries, WITHOUT_DECISIONS } from './domain/ledger';
import { dimensionedMetric, logger, METRIC } from './commons/powertools';
import { paceDecision } from './application/pace';

export const makeDecideHandler = (deps: () => Dependencies) =>
  withPowertools(async (event: unknown): Promise<Decision> => {
    const d = deps();
    const { accountId, cycleId } = parseInput(journeyRefSchema, event, 'decide');
    const account = await d.state.getAccount(accountId);
    if (!account) throw new AccountNotFoundError(accountId);
    const history = toHistoryEntries(await d.ledger.history(accountId, cycleId, WITHOUT_DECISIONS));
    const now = d.clock.now();
    const decideAt = (at: Date) => decideFor(decisionContext(d), account, cycleId, history, at);
    const decided = decideAt(now);
    // A contact gets its second on the channel's identity (a wait, the second of the message it ends in):
    // now when it has come, else the journey waits for it.
    // The journey's playbook's own sending hours bound where its steps are paced (decide() waits for them).
    const sendHours = decisionContext(d).playbookFor(strategyOf(account, cycleId)).sendHours;
    const paceInput = { account, cycleId, history, now, businessTimeZone: d.settings.businessTimeZone, decideAt, sendHours };
    const decision = d.pacing ? await paceDecision(d.pacing, paceInput, decided) : decided;
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
      // Waiting for its reserved second is how every paced contact goes out, not a contact held back.
      if ((reason.effect === 'blocked' || reason.effect === 'deferred') && !reason.ruleId.startsWith('pacing.')) {
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

/** The ports this function uses (test/infra/bundle-sizes.test.ts checks its code reads no other). */
export const wiring: AwsWiring = { pacing: awsPacing };

export const handler = makeDecideHandler(awsDependencies(wiring));
