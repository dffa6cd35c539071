/**
 * Close: the journey ends (paid, ceased, handed off ...). Records why, marks the cycle's journey record
 * closed (so neither a repeated overdue event nor the sweep starts it again) and keeps the cycle's
 * ledger 3 years from now, the last activity.
 */
import { awsDependencies, type Dependencies } from './commons/dependencies';
import { closeInputSchema, parseInput } from './commons/inputs';
import { withPowertools } from './commons/middleware';
import { dimensionedMetric, logger, METRIC } from './commons/powertools';
import { strategyDimensions, strategyOf, strategyTags } from './commons/strategy';

export type CloseResult = { closed: true; alreadyClosed: boolean; retainedEntries: number };

export const makeCloseHandler = (deps: () => Dependencies) =>
  withPowertools(async (event: unknown): Promise<CloseResult> => {
    const d = deps();
    const { accountId, cycleId, action } = parseInput(closeInputSchema, event, 'close');
    const now = d.clock.now();
    const at = now.toISOString();

    const account = await d.state.getAccount(accountId);
    const strategy = account ? strategyOf(account, cycleId) : undefined;
    const tags = strategyTags(strategy);
    const alreadyClosed = (await d.ledger.history(accountId, cycleId)).some((r) => r.kind === 'closed');
    if (!alreadyClosed) await d.ledger.append({ kind: 'closed', accountId, cycleId, at, reason: action.reason, ...tags });
    await d.state.setJourneyStatus(accountId, cycleId, 'closed', at);
    const retainedEntries = await d.ledger.extendRetention(accountId, cycleId, now);

    if (!alreadyClosed) {
      dimensionedMetric(METRIC.journeysClosed, [{ name: 'reason', value: action.reason }, ...strategyDimensions(strategy)]);
    }
    logger.info('journey closed', { accountId, cycleId, reason: action.reason, alreadyClosed, ...tags });
    return { closed: true, alreadyClosed, retainedEntries };
  });

export const handler = makeCloseHandler(awsDependencies);
