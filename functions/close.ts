/**
 * Close: the journey ends (paid, ceased, handed off ...). Records why, marks the cycle's journey record
 * closed (so neither a repeated overdue event nor the sweep starts it again) and keeps the cycle's
 * ledger 3 years from now, the last activity.
 */
import { awsDependencies, type AwsWiring } from './commons/aws-dependencies';
import { awsBus } from './commons/aws-bus';
import type { Dependencies } from './commons/dependencies';
import { closeInputSchema, parseInput } from './commons/inputs';
import { withPowertools } from './commons/middleware';
import { countMetric, dimensionedMetric, logger, METRIC, MetricUnit } from './commons/powertools';
import { isCareStep } from './domain/care';
import { RESOLVED_CLOSE_REASONS } from './domain/decision-types';
import { WITHOUT_DECISIONS } from './domain/ledger';
import { strategyDimensions, strategyTags } from './application/strategy';
import { strategyOf } from './domain/decision';
import { publishNoResponse } from './application/no-response';

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
    // A no-response close reads the decisions too: the closing one says whether no channel could reach the customer.
    const records = await d.ledger.history(accountId, cycleId, action.reason === 'no-response' ? undefined : WITHOUT_DECISIONS);
    const alreadyClosed = records.some((r) => r.kind === 'closed');
    if (!alreadyClosed && action.reason === 'no-response' && account) await publishNoResponse(d, account, cycleId, at, records);
    if (!alreadyClosed) await d.ledger.append({ kind: 'closed', accountId, cycleId, at, reason: action.reason, ...tags });
    await d.state.setJourneyStatus(accountId, cycleId, 'closed', at);
    const retainedEntries = await d.ledger.extendRetention(accountId, cycleId, now);

    if (!alreadyClosed) {
      dimensionedMetric(METRIC.journeysClosed, [{ name: 'reason', value: action.reason }, ...strategyDimensions(strategy)]);
      // First-contact resolution, over the accounts we contacted: resolved after exactly one of our messages.
      const outreach = records.filter(
        (r) => r.kind === 'contact' && r.outcome === 'sent' && !r.initiatedBy && !isCareStep(r.stepId),
      ).length;
      if (outreach > 0)
        countMetric(METRIC.firstContactResolution, RESOLVED_CLOSE_REASONS.has(action.reason) && outreach === 1 ? 1 : 0, MetricUnit.NoUnit);
    }
    logger.info('journey closed', { accountId, cycleId, reason: action.reason, alreadyClosed, ...tags });
    return { closed: true, alreadyClosed, retainedEntries };
  });

/** The ports this function uses (test/infra/bundle-sizes.test.ts checks its code reads no other). */
export const wiring: AwsWiring = { bus: awsBus };

export const handler = makeCloseHandler(awsDependencies(wiring));
