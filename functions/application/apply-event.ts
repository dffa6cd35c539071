/**
 * Applies one lifecycle event (a billing event, a customer's reply, a provider's delivery report) to an
 * account: the pure reducer computes the next state, the state table takes it with an optimistic,
 * de-duplicated write that also puts the replies and hand-offs it owes in the account's outbox, the
 * ledger gets the facts and the journey's history entries, and the effects run -- a reply on the same
 * medium (at most once), a hand-off to people, the KPI metrics. A retry of an event already applied
 * finishes the outbox instead of doing nothing. Every handler that changes an account through customer
 * actions goes through here.
 */
import { applyLifecycleEvent } from '../domain/lifecycle';
import { LifecycleRejection } from '../domain/lifecycle-types';
import { type LifecycleEffect } from '../domain/lifecycle-types';
import { type Kpi } from '../domain/lifecycle-types';
import { type LifecycleEvent } from '../domain/lifecycle-types';
import type { Channel } from '../domain/types';
import { StaleAccountError } from '../domain/errors';
import type { JourneyStrategy, PendingEffect, StoredAccount, VersionedAccount } from '../domain/storage';
import type { Dependencies } from '../commons/dependencies';
import { deliverOnce } from './deliver';
import { requestHandoff } from './handoff';
import { dimensionedMetric, logger, METRIC, metrics, MetricUnit } from '../commons/powertools';
import { playbookFor, strategyDimensions, strategyTags } from './strategy';
import { strategyOf } from '../domain/decision';
import { journeyWakeReason, type WakeReason } from '../domain/journey-wake';

export type ApplyResult =
  /** account: the state after the event (applied), or as it stands (duplicate). */
  /** wake: the change ends, pauses or un-pauses the journey (domain/journey-wake.ts): a reason code for waking it now. */
  | {
      status: 'applied';
      accountId: string;
      cycleId: string;
      replies: string[];
      handoffs: string[];
      account: StoredAccount;
      wake?: WakeReason;
    }
  | { status: 'duplicate'; accountId: string; cycleId: string; account: StoredAccount }
  | { status: 'unknown-account'; accountId: string }
  | { status: 'rejected'; accountId: string; problems: string[] };

/** What a handler reports: the result without the account state (which carries personal data). */
export type ApplyOutcome = ApplyResult extends infer R ? (R extends unknown ? Omit<R, 'account'> : never) : never;

export function outcomeOf(result: ApplyResult): ApplyOutcome {
  if (!('account' in result)) return result;
  const copy: Partial<typeof result> = { ...result };
  delete copy.account;
  return copy as ApplyOutcome;
}

export interface EventMeta {
  /** The id of the event (EventBridge id, inbound message id, provider message id + type). */
  eventId: string;
  detailType: string;
}

const KPI_UNITS: Partial<Record<Kpi, (typeof MetricUnit)[keyof typeof MetricUnit]>> = {
  amountPaid: MetricUnit.NoUnit,
  complaintResolutionHours: MetricUnit.NoUnit,
  surveyScore: MetricUnit.NoUnit,
};

/** A KPI with its own dimensions plus the journey's experiment variant, so every variant is measured. */
function emitKpi(kpi: Kpi, strategy: JourneyStrategy | undefined, value = 1, dimensions?: Record<string, string>): void {
  const unit = KPI_UNITS[kpi] ?? MetricUnit.Count;
  const entries = [...Object.entries(dimensions ?? {}).map(([name, v]) => ({ name, value: v })), ...strategyDimensions(strategy)];
  if (entries.length) dimensionedMetric(METRIC[kpi], entries, value, unit);
  else metrics.addMetric(METRIC[kpi], unit, value);
}

const ATTEMPTS = 8;

/** The reply and hand-off effects of a change, as outbox entries with ids stable across retries of the event. */
function owedEffects(effects: readonly LifecycleEffect[], meta: EventMeta, cycleId: string, at: string): PendingEffect[] {
  const owed: PendingEffect[] = [];
  effects.forEach((effect, index) => {
    const id = `${meta.eventId.slice(0, 200)}#${String(index).padStart(3, '0')}`;
    if (effect.type === 'reply')
      owed.push({
        id,
        cycleId,
        at,
        type: 'reply',
        stepId: `reply-${meta.eventId}`.slice(0, 120),
        channel: effect.channel,
        template: effect.template,
        ...(effect.facts ? { facts: effect.facts } : {}),
      });
    if (effect.type === 'handoff') owed.push({ id, cycleId, at, type: 'handoff', reason: effect.reason });
  });
  return owed;
}

export async function applyEvent(d: Dependencies, accountId: string, event: LifecycleEvent, meta: EventMeta): Promise<ApplyResult> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const read = await d.state.getVersionedAccount(accountId);
    if (!read) return { status: 'unknown-account', accountId };
    const { account } = read;
    const { cycleId } = account;
    const playbook = playbookFor(d, strategyOf(account, cycleId));
    const now = d.clock.now();

    let change;
    try {
      change = applyLifecycleEvent(account, event, { now, playbook });
    } catch (error) {
      if (error instanceof LifecycleRejection) return { status: 'rejected', accountId, problems: error.problems };
      throw error;
    }
    const at = now.toISOString();
    const owed = owedEffects(change.effects, meta, cycleId, at);
    try {
      const applied = await d.state.replaceAccount(change.account as StoredAccount, read, change.dedupeKey, owed);
      if (!applied) {
        logger.info('event already applied', { accountId, cycleId, detailType: meta.detailType, eventId: meta.eventId });
        // A retry after a failure: what the first attempt still owes (its answer, its hand-off) is done now.
        await carryOut(d, account, read.outbox);
        return { status: 'duplicate', accountId, cycleId, account };
      }
    } catch (error) {
      if (error instanceof StaleAccountError) continue; // another writer won: read again and recompute
      throw error;
    }

    const strategy = strategyOf(account, cycleId);
    await d.ledger.append({
      kind: 'event',
      accountId,
      cycleId,
      at,
      detailType: meta.detailType,
      eventId: meta.eventId,
      facts: change.facts,
      ...strategyTags(strategy),
    });
    for (const entry of change.history) {
      const intent = entry.kind === 'inbound' ? change.facts.intent : undefined;
      await d.ledger.append({ ...entry, accountId, cycleId, at, ...(typeof intent === 'string' ? { intent } : {}) });
    }
    for (const effect of change.effects) if (effect.type === 'kpi') emitKpi(effect.kpi, strategy, effect.value, effect.dimensions);

    const next = change.account as StoredAccount;
    const { replies, handoffs } = await carryOut(d, next, [...read.outbox, ...owed]);
    logger.info('event applied', { accountId, cycleId, detailType: meta.detailType, eventId: meta.eventId, replies, handoffs });
    const wake = journeyWakeReason(account, next, change);
    return { status: 'applied', accountId, cycleId, replies, handoffs, account: next, ...(wake ? { wake } : {}) };
  }
  throw new Error(`could not apply ${meta.detailType} to account ${accountId}: too much contention`);
}

/**
 * Carries out the outbox's effects in order, each removed when done. One that fails (a throttled reply)
 * stays for the next attempt and does not hold up the others; the first failure is rethrown at the end,
 * so the event is retried. Every effect is idempotent: a reply goes through its send claim, a hand-off
 * is not published again while a person has the account for the same reason.
 */
async function carryOut(
  d: Dependencies,
  account: StoredAccount,
  outbox: readonly PendingEffect[],
): Promise<{ replies: string[]; handoffs: string[] }> {
  const replies: string[] = [];
  const handoffs: string[] = [];
  let failure: unknown;
  for (const effect of outbox) {
    try {
      if (effect.type === 'reply') {
        const outcome = await deliverOnce(d, account, effect.cycleId, effect);
        // Outcome unknown: kept until settled (as sent by its delivery event, or as not sent: then it goes again).
        if (outcome.status === 'already-claimed' && outcome.claimStatus === 'unknown') continue;
        await recordReply(d, account, effect.cycleId, effect.channel, effect.template, outcome);
        if (outcome.status === 'sent') replies.push(effect.template);
      } else if ((await requestHandoff(d, account, effect.cycleId, effect.reason)).published) handoffs.push(effect.reason);
      await d.state.settleEffect(account.accountId, effect.id);
    } catch (error) {
      logger.warn('effect not carried out: kept in the outbox for a retry', {
        accountId: account.accountId,
        effect: effect.type,
        errorName: (error as Error)?.name,
      });
      failure ??= error;
    }
  }
  if (failure !== undefined) throw failure;
  return { replies, handoffs };
}

/** Finishes what an account's outbox still holds (the sweep, for an event whose retries ran out). */
export async function finishPendingEffects(d: Dependencies, accountId: string): Promise<number> {
  const read = await d.state.getVersionedAccount(accountId);
  if (!read?.outbox.length) return 0;
  await carryOut(d, read.account, read.outbox);
  return read.outbox.length;
}

async function recordReply(
  d: Dependencies,
  account: StoredAccount,
  cycleId: string,
  channel: Channel,
  template: string,
  outcome: Awaited<ReturnType<typeof deliverOnce>>,
): Promise<void> {
  if (outcome.status === 'skipped') return;
  await d.ledger.append({
    kind: 'contact',
    accountId: account.accountId,
    cycleId,
    at: d.clock.now().toISOString(),
    stepId: outcome.stepId,
    channel,
    template,
    outcome: outcome.status === 'already-claimed' ? 'unconfirmed' : outcome.status,
    ...(outcome.status === 'sent' ? { providerMessageId: outcome.providerMessageId } : {}),
    ...(outcome.status === 'failed-permanent' ? { error: outcome.error } : {}),
    initiatedBy: 'customer',
    ...strategyTags(strategyOf(account, cycleId)),
  });
  if (outcome.status === 'sent')
    dimensionedMetric(METRIC.messagesSent, [{ name: 'channel', value: channel }, ...strategyDimensions(strategyOf(account, cycleId))]);
}

/**
 * Changes an account in place with an optimistic write (re-read and re-applied when another writer won).
 * `first`: the account as the caller read it already, tried first (a stale one only costs the re-read).
 */
export async function updateAccount(
  d: Dependencies,
  accountId: string,
  mutate: (account: StoredAccount) => boolean,
  first?: VersionedAccount,
): Promise<boolean> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const read = (attempt === 0 ? first : undefined) ?? (await d.state.getVersionedAccount(accountId));
    if (!read) return false;
    const next = structuredClone(read.account);
    if (!mutate(next)) return false;
    next.updatedAt = d.clock.now().toISOString();
    try {
      return await d.state.replaceAccount(next, read);
    } catch (error) {
      if (!(error instanceof StaleAccountError)) throw error;
    }
  }
  throw new Error(`could not update account ${accountId}: too much contention`);
}
