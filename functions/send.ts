/**
 * Send: guard, claim, deliver -- at most once per step and channel.
 * 1. Guard at send time: re-read the account and the history and decide again now; if the world changed
 *    (payment, dispute, opt-out, window closed) the contact is skipped.
 * 2. Claim the step in the state table with a conditional write. An existing claim that was not released
 *    means the message was (or may have been) sent: never send again.
 * 3. Deliver. Throttled: release the claim (nothing was sent) and rethrow, the state machine retries.
 *    Permanent failure: fail the claim and mark the channel unusable. Anything else: the outcome is
 *    unknown, the claim stays 'claimed' for the reconciliation sweep, and the error goes to the journey.
 */
import type { ContactAction, SendOutcome } from './domain/types';
import { messageFactsFor } from './domain/lifecycle';
import { awsDependencies, type Dependencies } from './commons/dependencies';
import { deliverOnce } from './application/deliver';
import { parseInput, sendInputSchema } from './commons/inputs';
import { withPowertools } from './commons/middleware';
import { logger } from './commons/powertools';
import { decisionContext, playbookFor } from './application/strategy';
import { decideFor, strategyOf } from './domain/decision';
import { AccountNotFoundError } from './domain/errors';
import { toHistoryEntries } from './domain/ledger';

export const makeSendHandler = (deps: () => Dependencies) =>
  withPowertools(async (event: unknown): Promise<SendOutcome> => {
    const d = deps();
    const { accountId, cycleId, action } = parseInput(sendInputSchema, event, 'send');
    const { stepId, channel } = action as ContactAction;
    const log = { accountId, cycleId, stepId, channel };

    // 1. Guard: the same rules, now.
    const account = await d.state.getAccount(accountId);
    if (!account) throw new AccountNotFoundError(accountId);
    const history = toHistoryEntries(await d.ledger.history(accountId, cycleId));
    const now = d.clock.now();
    const guard = decideFor(decisionContext(d), account, cycleId, history, now);
    if (guard.action.type !== 'contact' || guard.action.stepId !== stepId || guard.action.channel !== channel) {
      logger.info('send skipped by the send-time guard', { ...log, now: guard.action.type });
      return { status: 'skipped', stepId, channel, reasons: guard.reasons };
    }

    // 2 and 3. Claim, then deliver (with the amounts and dates a care message shows).
    const facts = messageFactsFor(account, { stepId, template: action.template }, playbookFor(d, strategyOf(account, cycleId)), now);
    return deliverOnce(d, account, cycleId, { stepId, channel, template: action.template, ...(facts ? { facts } : {}) });
  });

export const handler = makeSendHandler(awsDependencies);
