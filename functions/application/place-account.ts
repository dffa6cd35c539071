/**
 * Placing an overdue account's cycle: its state (a new cycle keeps what belongs to the person, an older or
 * replayed one changes nothing), the event in the ledger, events parked for it, and exactly one journey.
 */
import type { AccountOverdue } from '../domain/events';
import { parseBillingEvent } from '../domain/events';
import type { Account } from '../domain/types';
import type { JourneyStrategy, StoredAccount } from '../domain/storage';
import type { Dependencies } from '../commons/dependencies';
import { countMetric, dimensionedMetric, logger, METRIC } from '../commons/powertools';
import { strategyOf } from '../domain/decision';
import { applyEvent } from './apply-event';
import { settlePayment } from './settle-payment';
import { openCycle } from './open-cycle';
import { strategyDimensions, strategyFacts, strategyForNewJourney, strategyTags } from './strategy';

export type PlacementResult =
  | { status: 'started' | 'duplicate' | 'restarted'; eventId: string; accountId: string; cycleId: string; executionName?: string }
  /** The event is for a cycle older than the account's current one, or one it already replaced: nothing changes. */
  | { status: 'stale-cycle'; eventId: string; accountId: string; cycleId: string; currentCycleId: string; order: 'older' | 'replayed' };

/** Which event places the cycle: an overdue bill, or a bill coming due (its pre-due stage, domain/pre-due/). */
export interface PlacementStage {
  detailType: 'AccountOverdue' | 'PaymentDueSoon';
  preDue?: { billCycleId: string };
}
const OVERDUE: PlacementStage = { detailType: 'AccountOverdue' };

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
    if (event.detailType !== 'AccountOverdue' && event.detailType !== 'PaymentDueSoon') {
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
  stage: PlacementStage,
): Promise<PlacementResult> {
  const { accountId, cycleId, dueDate } = stale.detail;
  await deps.ledger.append({
    kind: 'event',
    accountId,
    cycleId,
    at: stale.at,
    detailType: stage.detailType,
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

/** The AccountOverdue in the ledger before the journey can decide anything. */
async function recordPlacement(
  deps: Dependencies,
  eventId: string,
  detail: AccountOverdue,
  at: string,
  placed: { newCycle: boolean; repeated: boolean; strategy: JourneyStrategy | undefined; stage: PlacementStage },
): Promise<void> {
  await deps.ledger.append({
    kind: 'event',
    accountId: detail.accountId,
    cycleId: detail.cycleId,
    at,
    detailType: placed.stage.detailType,
    eventId,
    facts: {
      amountDue: detail.amountDue,
      currency: detail.currency,
      dueDate: detail.dueDate,
      jurisdiction: detail.jurisdiction,
      optOuts: detail.optOuts,
      newCycle: placed.newCycle,
      repeated: placed.repeated,
      ...(placed.strategy ? strategyFacts(placed.strategy) : {}),
    },
  });
}

/**
 * A new dedupe record starts the journey. An existing one means this cycle was seen before; usually
 * its journey is running or closed and nothing happens. But a crash between claiming the record and
 * StartExecution would leave a cycle with no journey, so when the record is not closed and no
 * execution is running, start again: the deterministic execution name makes that safe (an existing
 * execution, even a finished one, is reported as alreadyStarted and never duplicated). The daily
 * sweep repairs the same gap for cycles whose event is never redelivered.
 */
async function ensureJourney(
  deps: Dependencies,
  ids: { accountId: string; cycleId: string },
  journey: { isNew: boolean; status?: string },
): Promise<{ started: boolean; restarted: boolean; executionName?: string }> {
  const mustStart = journey.isNew || (journey.status !== 'closed' && !(await deps.journeys.isRunning(ids)));
  if (!mustStart) return { started: false, restarted: false };
  const result = await deps.journeys.start(ids);
  // The execution exists (started now or before): the sweep need not ask Step Functions about it again.
  await deps.state.markJourneyStarted(ids.accountId, ids.cycleId, deps.clock.now().toISOString());
  const started = !result.alreadyStarted;
  return { started, restarted: started && !journey.isNew, executionName: result.executionName };
}

function reportStart(
  ids: { accountId: string; cycleId: string },
  outcome: { started: boolean; restarted: boolean; executionName?: string },
  strategy: JourneyStrategy | undefined,
  journeyStatus: string | undefined,
): void {
  if (!outcome.started) {
    countMetric(METRIC.duplicateJourneysPrevented);
    logger.info('repeated overdue event: no second journey', { ...ids, journeyStatus });
    return;
  }
  const dimensions = strategyDimensions(strategy, { segment: true });
  if (dimensions.length) dimensionedMetric(METRIC.journeysStarted, dimensions);
  else countMetric(METRIC.journeysStarted);
  logger.info(outcome.restarted ? 'journey restarted for a repeated overdue event' : 'journey started', {
    ...ids,
    executionName: outcome.executionName,
    ...strategyTags(strategy),
    ...(strategy ? { playbook: `${strategy.playbookId}@${strategy.playbookVersion}` } : {}),
  });
}

/**
 * Places one valid AccountOverdue (idempotent: a repeated event starts no second journey), or a
 * PaymentDueSoon's pre-due stage (the detail then names the stage's own cycle key).
 */
export async function placeAccount(
  deps: Dependencies,
  eventId: string,
  detail: AccountOverdue,
  stage: PlacementStage = OVERDUE,
): Promise<PlacementResult> {
  const clockNow = deps.clock.now();
  const now = clockNow.toISOString();
  const { accountId, cycleId } = detail;
  /*
   * The journey's strategy is fixed when its cycle is first seen: the segment and why, the experiment
   * variant, the playbook and its version. A repeated event for the same cycle keeps the stored one.
   */
  const account = { ...accountFromOverdue(detail, now), ...(stage.preDue ? { preDue: stage.preDue } : {}) };
  const fresh = strategyForNewJourney(deps, account, detail.signals, clockNow);
  const opened = await openCycle(deps.state, { ...account, strategy: fresh });
  if (opened.outcome === 'older' || opened.outcome === 'replayed') {
    return staleCycle(deps, { eventId, detail, current: opened.account, order: opened.outcome, at: now }, stage);
  }
  const created = opened.outcome === 'created' || opened.outcome === 'new-cycle';
  // An account stored before strategies existed has none: its journey runs the deployment's playbook.
  const strategy = created ? fresh : strategyOf(opened.account, cycleId);
  const journey = await deps.state.claimJourney(accountId, cycleId, now);
  await recordPlacement(deps, eventId, detail, now, { newCycle: created, repeated: !journey.isNew, strategy, stage });
  if (created) {
    // Inbound texts arrive with the phone number only: remember whose it is.
    if (account.customer.phone) await deps.state.indexPhone(account.customer.phone, accountId, now);
    await applyParkedEvents(deps, accountId);
  }
  const outcome = await ensureJourney(deps, { accountId, cycleId }, journey);
  reportStart({ accountId, cycleId }, outcome, strategy, journey.status);
  return {
    status: outcome.started ? (outcome.restarted ? 'restarted' : 'started') : 'duplicate',
    eventId,
    accountId,
    cycleId,
    ...(outcome.executionName ? { executionName: outcome.executionName } : {}),
  };
}
