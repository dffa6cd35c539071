/**
 * AccountOverdue -> the account's state for the cycle, its journey dedupe record, and one journey.
 * Invalid events are rejected and kept (with every problem and the raw event), never half-processed:
 * validation comes before any write. Idempotent per EventBridge event id.
 */
import { InvalidEventError, parseBillingEvent, parseBillingEventDetailed, type AccountOverdue } from './domain/events';
import type { Account } from './domain/types';
import { applyEvent } from './application/apply-event';
import { settlePayment } from './application/settle-payment';
import { openCycle } from './application/open-cycle';
import type { StoredAccount } from './domain/storage';
import { awsDependencies, type Dependencies } from './commons/dependencies';
import { describeIssues } from './domain/zod-issues';
import { idempotentPerEventId } from './commons/idempotency';
import { eventBridgeEnvelopeSchema } from './commons/inputs';
import { withPowertools } from './commons/middleware';
import { countMetric, dimensionedMetric, logger, METRIC } from './commons/powertools';
import { rejectEvent } from './commons/rejections';
import { strategyDimensions, strategyFacts, strategyForNewJourney, strategyTags } from './application/strategy';
import { strategyOf } from './domain/decision';

export type IngestResult =
  | { status: 'rejected'; eventId: string; reasons: string[] }
  | { status: 'started' | 'duplicate' | 'restarted'; eventId: string; accountId: string; cycleId: string; executionName?: string }
  /** The event is for a cycle older than the account's current one, or one it already replaced: nothing changes. */
  | { status: 'stale-cycle'; eventId: string; accountId: string; cycleId: string; currentCycleId: string; order: 'older' | 'replayed' };

export function accountFromOverdue(detail: AccountOverdue, now: string): Account {
  return {
    accountId: detail.accountId,
    cycleId: detail.cycleId,
    status: 'overdue',
    customer: detail.customer,
    balance: detail.amountDue,
    amountOverdue: detail.amountDue,
    currency: detail.currency,
    dueDate: detail.dueDate,
    creditorName: detail.creditorName,
    jurisdiction: detail.jurisdiction,
    ...(detail.compliance ? { compliance: detail.compliance } : {}),
    channels: {
      sms: { optedOut: detail.optOuts.includes('sms') },
      email: { optedOut: detail.optOuts.includes('email') },
      voice: { optedOut: detail.optOuts.includes('voice') },
    },
    openedAt: now,
    updatedAt: now,
  };
}

/**
 * Events that arrived before the account or its cycle (a payment before the overdue event), applied in
 * order now. A payment for a cycle still to come stays parked for it.
 */
async function applyParkedEvents(deps: Dependencies, accountId: string): Promise<void> {
  for (const parked of await deps.state.parkedEvents(accountId)) {
    const event = parseBillingEvent(parked.detailType, parked.detail);
    const meta = { eventId: parked.eventId, detailType: parked.detailType };
    if (event.detailType !== 'AccountOverdue') {
      const result =
        event.detailType === 'PaymentReceived'
          ? await settlePayment(deps, event.detail, meta)
          : await applyEvent(deps, accountId, event, meta);
      logger.info('parked event applied', { accountId, ...meta, status: result.status });
      if (result.status === 'later-cycle') continue;
    }
    await deps.state.unparkEvent(accountId, parked);
  }
}

/**
 * An AccountOverdue for a cycle older than the current one, or one the account already left (a
 * redelivery or an archive replay): recorded under its own cycle, applied to nothing.
 */
async function staleCycle(
  deps: Dependencies,
  stale: { eventId: string; detail: AccountOverdue; current: StoredAccount; order: 'older' | 'replayed'; at: string },
): Promise<IngestResult> {
  const { accountId, cycleId, dueDate } = stale.detail;
  await deps.ledger.append({
    kind: 'event',
    accountId,
    cycleId,
    at: stale.at,
    detailType: 'AccountOverdue',
    eventId: stale.eventId,
    facts: { ignored: `${stale.order}-cycle`, dueDate, currentCycleId: stale.current.cycleId, currentDueDate: stale.current.dueDate },
  });
  countMetric(METRIC.staleCyclesIgnored);
  logger.info('overdue event for an older or replayed cycle: nothing changes', {
    accountId,
    cycleId,
    currentCycleId: stale.current.cycleId,
    order: stale.order,
  });
  return { status: 'stale-cycle', eventId: stale.eventId, accountId, cycleId, currentCycleId: stale.current.cycleId, order: stale.order };
}

const ingest = idempotentPerEventId(async (raw: unknown, _context, deps: Dependencies): Promise<IngestResult> => {
  const envelope = eventBridgeEnvelopeSchema.safeParse(raw);
  if (!envelope.success) {
    return rejectEvent(deps, raw, describeIssues(envelope.error, '(envelope)'));
  }
  const event = envelope.data;
  let detail: AccountOverdue;
  try {
    const { event: parsed, ignoredFields } = parseBillingEventDetailed(event['detail-type'], event.detail, {
      defaultPhoneCountry: deps.settings.defaultPhoneCountry,
    });
    // Field names only (never values): a newer contract's fields this build does not know yet.
    if (ignoredFields.length) logger.warn('fields of a newer contract version ignored', { eventId: event.id, ignoredFields });
    if (parsed.detailType !== 'AccountOverdue') {
      return rejectEvent(deps, raw, [`ingest takes AccountOverdue events; ${parsed.detailType} goes to the lifecycle handler`]);
    }
    detail = parsed.detail;
  } catch (error) {
    if (error instanceof InvalidEventError) return rejectEvent(deps, raw, error.problems);
    throw error;
  }

  const clockNow = deps.clock.now();
  const now = clockNow.toISOString();
  const { accountId, cycleId } = detail;
  /*
   * The journey's strategy is fixed when its cycle is first seen: the segment and why, the experiment
   * variant, the playbook and its version. A repeated event for the same cycle keeps the stored one.
   */
  const account = accountFromOverdue(detail, now);
  const fresh = strategyForNewJourney(deps, account, detail.signals, clockNow);
  const opened = await openCycle(deps.state, { ...account, strategy: fresh });
  if (opened.outcome === 'older' || opened.outcome === 'replayed') {
    return staleCycle(deps, { eventId: event.id, detail, current: opened.account, order: opened.outcome, at: now });
  }
  const saved = { created: opened.outcome === 'created' || opened.outcome === 'new-cycle', account: opened.account };
  // An account stored before strategies existed has none: its journey runs the deployment's playbook.
  const strategy = saved.created ? fresh : strategyOf(saved.account, cycleId);
  const journey = await deps.state.claimJourney(accountId, cycleId, now);

  // The event is in the ledger before the journey can decide anything.
  await deps.ledger.append({
    kind: 'event',
    accountId,
    cycleId,
    at: now,
    detailType: 'AccountOverdue',
    eventId: event.id,
    facts: {
      amountDue: detail.amountDue,
      currency: detail.currency,
      dueDate: detail.dueDate,
      jurisdiction: detail.jurisdiction,
      optOuts: detail.optOuts,
      newCycle: saved.created,
      repeated: !journey.isNew,
      ...(strategy ? strategyFacts(strategy) : {}),
    },
  });

  if (saved.created) {
    // Inbound texts arrive with the phone number only: remember whose it is.
    if (account.customer.phone) await deps.state.indexPhone(account.customer.phone, accountId, now);
    await applyParkedEvents(deps, accountId);
  }

  /*
   * A new dedupe record starts the journey. An existing one means this cycle was seen before; usually
   * its journey is running or closed and nothing happens. But a crash between claiming the record and
   * StartExecution would leave a cycle with no journey, so when the record is not closed and no
   * execution is running, start again: the deterministic execution name makes that safe (an existing
   * execution, even a finished one, is reported as alreadyStarted and never duplicated). The daily
   * sweep repairs the same gap for cycles whose event is never redelivered.
   */
  let started = false;
  let restarted = false;
  let executionName: string | undefined;
  if (journey.isNew) {
    const result = await deps.journeys.start({ accountId, cycleId });
    started = !result.alreadyStarted;
    executionName = result.executionName;
  } else if (journey.status !== 'closed' && !(await deps.journeys.isRunning({ accountId, cycleId }))) {
    const result = await deps.journeys.start({ accountId, cycleId });
    started = restarted = !result.alreadyStarted;
    executionName = result.executionName;
  }

  if (started) {
    const dimensions = strategyDimensions(strategy, { segment: true });
    if (dimensions.length) dimensionedMetric(METRIC.journeysStarted, dimensions);
    else countMetric(METRIC.journeysStarted);
    logger.info(restarted ? 'journey restarted for a repeated overdue event' : 'journey started', {
      accountId,
      cycleId,
      executionName,
      ...strategyTags(strategy),
      ...(strategy ? { playbook: `${strategy.playbookId}@${strategy.playbookVersion}` } : {}),
    });
  } else {
    countMetric(METRIC.duplicateJourneysPrevented);
    logger.info('repeated overdue event: no second journey', { accountId, cycleId, journeyStatus: journey.status });
  }
  return {
    status: started ? (restarted ? 'restarted' : 'started') : 'duplicate',
    eventId: event.id,
    accountId,
    cycleId,
    ...(executionName ? { executionName } : {}),
  };
});

export const makeIngestHandler = (deps: () => Dependencies) =>
  withPowertools(async (event: unknown, context): Promise<IngestResult> => ingest(deps(), event, context));

export const handler = makeIngestHandler(awsDependencies);
