/**
 * Applies one lifecycle event (a billing event, a customer's reply, a provider's delivery report) to an
 * account: the pure reducer computes the next state, the state table takes it with an optimistic,
 * de-duplicated write, the ledger gets the facts and the journey's history entries, and the effects
 * run -- a reply on the same medium (at most once), a hand-off to people, the KPI metrics. Every
 * handler that changes an account through customer actions goes through here.
 */
import { applyLifecycleEvent, LifecycleRejection, type Kpi, type LifecycleEvent } from '../domain/lifecycle';
import type { Channel } from '../domain/types';
import { StaleAccountError } from '../domain/errors';
import type { JourneyStrategy, StoredAccount } from '../domain/storage';
import type { Dependencies } from '../commons/dependencies';
import { deliverOnce } from './deliver';
import { requestHandoff } from './handoff';
import { dimensionedMetric, logger, METRIC, metrics, MetricUnit } from '../commons/powertools';
import { playbookFor, strategyDimensions, strategyTags } from './strategy';
import { strategyOf } from '../domain/decision';

export type ApplyResult =
  /** account: the state after the event (applied), or as it stands (duplicate). */
  | { status: 'applied'; accountId: string; cycleId: string; replies: string[]; handoffs: string[]; account: StoredAccount }
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
    try {
      const applied = await d.state.replaceAccount(change.account as StoredAccount, read, change.dedupeKey);
      if (!applied) {
        logger.info('event already applied', { accountId, cycleId, detailType: meta.detailType, eventId: meta.eventId });
        return { status: 'duplicate', accountId, cycleId, account };
      }
    } catch (error) {
      if (error instanceof StaleAccountError) continue; // another writer won: read again and recompute
      throw error;
    }

    const at = now.toISOString();
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
    const replies: string[] = [];
    for (const effect of change.effects) {
      if (effect.type !== 'reply') continue;
      const outcome = await deliverOnce(d, next, cycleId, {
        stepId: `reply-${meta.eventId}`.slice(0, 120),
        channel: effect.channel,
        template: effect.template,
        ...(effect.facts ? { facts: effect.facts } : {}),
      });
      await recordReply(d, next, cycleId, effect.channel, effect.template, outcome);
      if (outcome.status === 'sent') replies.push(effect.template);
    }
    const handoffs: string[] = [];
    for (const effect of change.effects) {
      if (effect.type !== 'handoff') continue;
      const { published } = await requestHandoff(d, next, cycleId, effect.reason);
      if (published) handoffs.push(effect.reason);
    }
    logger.info('event applied', { accountId, cycleId, detailType: meta.detailType, eventId: meta.eventId, replies, handoffs });
    return { status: 'applied', accountId, cycleId, replies, handoffs, account: next };
  }
  throw new Error(`could not apply ${meta.detailType} to account ${accountId}: too much contention`);
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

/** Changes an account in place with an optimistic write (re-read and re-applied when another writer won). */
export async function updateAccount(d: Dependencies, accountId: string, mutate: (account: StoredAccount) => boolean): Promise<boolean> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const read = await d.state.getVersionedAccount(accountId);
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
