/**
 * Close: the journey ends (paid, ceased, handed off ...). Records why, marks the cycle's journey record
 * closed (so neither a repeated overdue event nor the sweep starts it again) and keeps the cycle's
 * ledger 3 years from now, the last activity.
 */
import { awsDependencies, type Dependencies } from './commons/dependencies';
import { closeInputSchema, parseInput } from './commons/inputs';
import { withPowertools } from './commons/middleware';
import { dimensionedMetric, logger, METRIC } from './commons/powertools';

export type CloseResult = { closed: true; alreadyClosed: boolean; retainedEntries: number };

export const makeCloseHandler = (deps: () => Dependencies) =>
  withPowertools(async (event: unknown): Promise<CloseResult> => {
    const d = deps();
    const { accountId, cycleId, action } = parseInput(closeInputSchema, event, 'close');
    const now = d.clock.now();
    const at = now.toISOString();

    const alreadyClosed = (await d.ledger.history(accountId, cycleId)).some((r) => r.kind === 'closed');
    if (!alreadyClosed) await d.ledger.append({ kind: 'closed', accountId, cycleId, at, reason: action.reason });
    await d.state.setJourneyStatus(accountId, cycleId, 'closed', at);
    const retainedEntries = await d.ledger.extendRetention(accountId, cycleId, now);

    if (!alreadyClosed) dimensionedMetric(METRIC.journeysClosed, { name: 'reason', value: action.reason });
    logger.info('journey closed', { accountId, cycleId, reason: action.reason, alreadyClosed });
    return { closed: true, alreadyClosed, retainedEntries };
  });

export const handler = makeCloseHandler(awsDependencies);
