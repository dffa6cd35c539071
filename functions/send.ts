/**
 * Send: guard, claim, deliver -- at most once per step and channel.
 * 1. Guard at send time: re-read the account and the history and decide again now; if the world changed
 *    (payment, dispute, opt-out, window closed) the contact is skipped.
 * 2. Claim the step in the state table with a conditional write that also checks the account is still
 *    at the version the guard read (one transaction): a payment committed in between sends the guard
 *    round again. An existing claim that was not released means the message was (or may have been)
 *    sent: never send again.
 * 3. Deliver. Throttled: release the claim (nothing was sent) and rethrow, the state machine retries.
 *    Permanent failure: fail the claim and mark the channel unusable. Anything else: the outcome is
 *    unknown, the claim stays 'claimed' for the reconciliation sweep, and the error goes to the journey.
 */
import type { ContactAction, SendOutcome } from './domain/decision-types';
import { messageFactsFor } from './domain/lifecycle';
import { awsDependencies, type AwsWiring } from './commons/aws-dependencies';
import { awsPortal } from './commons/aws-portal';
import { awsChannels } from './commons/aws-channels';
import type { Dependencies } from './commons/dependencies';
import { deliverOnce } from './application/deliver';
import { parseInput, sendInputSchema } from './commons/inputs';
import { withPowertools } from './commons/middleware';
import { countMetric, logger, METRIC } from './commons/powertools';
import { decisionContext, playbookFor, strategyTags } from './application/strategy';
import { decideFor, strategyOf } from './domain/decision';
import { AccountNotFoundError, StaleAccountError } from './domain/errors';
import { toHistoryEntries, WITHOUT_DECISIONS } from './domain/ledger';

/** How many times the guard decides again when the account keeps changing under it. */
const GUARD_ATTEMPTS = 5;

export const makeSendHandler = (deps: () => Dependencies) =>
  withPowertools(async (event: unknown): Promise<SendOutcome> => {
    const d = deps();
    const { accountId, cycleId, action } = parseInput(sendInputSchema, event, 'send');
    const { stepId, channel } = action as ContactAction;
    const log = { accountId, cycleId, stepId, channel };

    // A payment (or an opt-out) committed between the guard's read and the claim changes the account's
    // version: the claim then fails in its own transaction and the guard decides again on the new state.
    for (let attempt = 1; ; attempt++) {
      try {
        return await guardThenDeliver(d, accountId, cycleId, action as ContactAction);
      } catch (error) {
        if (!(error instanceof StaleAccountError) || attempt >= GUARD_ATTEMPTS) throw error;
        logger.info('the account changed while sending: deciding again', log);
      }
    }
  });

/** 1. Guard: the same rules, now; 2 and 3. claim (at the account version the guard read), then deliver. */
async function guardThenDeliver(d: Dependencies, accountId: string, cycleId: string, action: ContactAction): Promise<SendOutcome> {
  const { stepId, channel } = action;
  const read = await d.state.getVersionedAccount(accountId);
  if (!read) throw new AccountNotFoundError(accountId);
  const { account } = read;
  const history = toHistoryEntries(await d.ledger.history(accountId, cycleId, WITHOUT_DECISIONS));
  const now = d.clock.now();
  const strategy = strategyOf(account, cycleId);
  // Record tags its entry with these: it need not read the account again.
  const tags = strategyTags(strategy);
  const guard = decideFor(decisionContext(d), account, cycleId, history, now);
  if (guard.action.type !== 'contact' || guard.action.stepId !== stepId || guard.action.channel !== channel) {
    logger.info('send skipped by the send-time guard', { accountId, cycleId, stepId, channel, now: guard.action.type });
    return { status: 'skipped', stepId, channel, reasons: guard.reasons, tags };
  }
  // With the amounts and dates a care message shows.
  const facts = messageFactsFor(account, { stepId, template: action.template }, playbookFor(d, strategy), now);
  const delivery = { stepId, channel, template: action.template, ...(facts ? { facts } : {}) };
  const outcome = await deliverOnce(d, account, cycleId, delivery, read.version);
  // The cycle's first message: the account now counts as contacted (the denominator of the rates).
  if (outcome.status === 'sent' && !history.some((h) => h.kind === 'contact' && h.outcome === 'sent'))
    countMetric(METRIC.accountsContacted);
  return { ...outcome, tags };
}

/** The ports this function uses (test/infra/bundle-sizes.test.ts checks its code reads no other). */
export const wiring: AwsWiring = { portal: awsPortal, channels: awsChannels };

export const handler = makeSendHandler(awsDependencies(wiring));
