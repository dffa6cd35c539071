/**
 * Journeys within their limits, through the real state machine file in the local interpreter
 * (aws-local-stepfunctions, local/local-journeys.ts) with the real handlers on DynamoDB Local: a long
 * wait rests and a schedule resumes the next generation; the 101st loop continues as a new execution;
 * a settling payment wakes a resting journey, which closes within a minute; a pause (a person has the
 * account, a complaint is open) rests until it ends in one wait, and the event that ends it wakes it.
 */
import { describe, expect, it } from 'vitest';
import { buildDependencies } from '../../functions/commons/dependencies';
import { SinkChannel } from '../../functions/adapters/channels/sink';
import { JOURNEY_LIMITS } from '../../functions/domain/journey-generations';
import type { Decision } from '../../functions/domain/decision-types';
import { AccountTimeline } from '../../local/account-timeline';
import { makeHandlers } from '../../local/handlers';
import { deferredGenerations, LocalJourneys, type LocalHandlers } from '../../local/local-journeys';
import { billingEvent, context, newAccountId, overdueDetail, RecordingBus, SETTINGS, T0, useWorld, type World } from './harness';

let w: World;
useWorld((created) => (w = created));

interface Step {
  at: Date;
  run: () => Promise<unknown>;
}

const DAY = 86_400_000;

/** One account on its own virtual timeline, its journeys run by the real definition. */
function localAccount(steps: (h: LocalHandlers) => Step[], decideOverride?: (real: LocalHandlers['decide']) => LocalHandlers['decide']) {
  const bound: { journeys?: LocalJourneys } = {};
  const pending: Step[] = [];
  const timeline = new AccountTimeline<Step>(T0, pending, async (step) => void (await step.run()));
  const sink = new SinkChannel({ clock: timeline.clock });
  const deps = buildDependencies({
    dynamo: w.dynamo.client,
    tables: w.dynamo.tables,
    clock: timeline.clock,
    channels: sink,
    journeys: { start: (ref) => bound.journeys!.start(ref), isRunning: (ref) => bound.journeys!.isRunning(ref) },
    generations: deferredGenerations(() => bound.journeys!),
    bus: new RecordingBus(),
    settings: SETTINGS,
  });
  const handlers = makeHandlers(() => deps) as unknown as LocalHandlers;
  if (decideOverride) handlers.decide = decideOverride(handlers.decide);
  bound.journeys = new LocalJourneys(timeline, handlers);
  for (const step of steps(handlers)) timeline.schedule(step);
  return { timeline, journeys: bound.journeys, deps, sink, handlers };
}

const overdueAt = (h: LocalHandlers, accountId: string): Step => ({
  at: T0,
  run: () => h.ingest(billingEvent('AccountOverdue', overdueDetail(accountId)), context('ingest')),
});

/** A lifecycle event for the account at `at` (its detail gets the account id). */
const lifecycleAt = (h: LocalHandlers, at: Date, detailType: string, detail: Record<string, unknown>): Step => ({
  at,
  run: () => h.lifecycle(billingEvent(detailType, { accountId: detail.accountId, ...detail }), context('lifecycle')),
});

/** The customer asks on the portal for a person to call back at once: the journey hands off. */
const askedForPersonAt = (h: LocalHandlers, at: Date, accountId: string): Step =>
  lifecycleAt(h, at, 'CallbackRequested', { accountId, callbackAt: at.toISOString(), requestedAt: at.toISOString(), source: 'portal' });

type LedgerRecord = Awaited<ReturnType<LocalHandlersRun['deps']['ledger']['history']>>[number];
type LocalHandlersRun = ReturnType<typeof localAccount>;
type DecisionRecord = Extract<LedgerRecord, { kind: 'decision' }>;

/** The decisions taken at or after `from`, with the rule that explains each. */
async function decisionsFrom(run: LocalHandlersRun, accountId: string, from: Date): Promise<DecisionRecord[]> {
  const records = await run.deps.ledger.history(accountId, 'inv-1');
  return records.filter((r): r is DecisionRecord => r.kind === 'decision' && Date.parse(r.at) >= from.getTime());
}
const pausedBy = (d: DecisionRecord) =>
  d.reasons.find((r) => r.ruleId === 'care.with-a-person' || r.ruleId === 'care.complaint-open')?.ruleId;

describe('journeys within their limits (real ASL, local interpreter)', () => {
  it('rests through long waits: each generation ends at a wait of days and a schedule starts the next at the decided time', async () => {
    const accountId = newAccountId('rest');
    const decidedAt: number[] = [];
    const rests: number[] = [];
    const run = localAccount(
      (h) => [overdueAt(h, accountId)],
      (real) => async (event, ctx) => {
        const now = run.timeline.clock.now().getTime();
        decidedAt.push(now);
        const decision = (await real(event, ctx)) as Decision;
        if (decision.action.type !== 'wait' || Date.parse(decision.action.until) - now <= JOURNEY_LIMITS.restAfterMs) return decision;
        // A second inside a minute, as a paced send's is (this run is unpaced: its waits end on whole minutes).
        const until = Date.parse(decision.action.until) + 17_321;
        rests.push(until);
        return { ...decision, action: { ...decision.action, until: new Date(until).toISOString() } };
      },
    );
    await run.timeline.run(new Date(T0.getTime() + 20 * DAY));
    await run.journeys.settled();

    // Each rest's schedule fired a lead before the decided time and the resumed execution waited for it
    // in WaitForResume: its first decision comes at the decided time to the millisecond (paced sends are
    // never late, and never bunched at the top of the minute Scheduler fires in).
    expect(rests.length).toBeGreaterThan(1);
    for (const until of rests.filter((u) => u < T0.getTime() + 20 * DAY)) expect(decidedAt).toContain(until);

    const executions = run.journeys.results.filter((r) => r.status !== 'RESTING');
    expect(executions.length).toBeGreaterThan(2);
    // Every generation but the last handed over (SUCCEEDED at HandedOver); none failed.
    expect(executions.filter((r) => r.status === 'FAILED')).toEqual([]);
    expect(executions.map((r) => r.generation)).toEqual(executions.map((_, i) => i));
    const journey = await run.deps.state.getJourney(accountId, 'inv-1');
    expect(journey?.generation).toBeGreaterThanOrEqual(executions.length - 1);
    // The decisions of every generation went to one ledger: later generations saw the earlier contacts.
    const stepsSent = run.sink.sent.map((s) => s.messageKey);
    expect(new Set(stepsSent).size).toBe(stepsSent.length);
    expect(run.sink.sent.length).toBeGreaterThan(1);
  });

  it(`continues as a new execution after ${JOURNEY_LIMITS.loopsPerExecution} loops, with the same ledger`, async () => {
    const accountId = newAccountId('continue');
    let decides = 0;
    // 150 short waits (a minute each, kept in the execution), then the real engine.
    const run = localAccount(
      (h) => [overdueAt(h, accountId)],
      (real) => async (event, ctx) => {
        decides += 1;
        if (decides > 150) return real(event, ctx);
        return { action: { type: 'wait', until: new Date(run.timeline.clock.now().getTime() + 60_000).toISOString() } };
      },
    );
    await run.timeline.run(new Date(T0.getTime() + 2 * DAY));
    await run.journeys.settled();

    const [first, second] = run.journeys.results.filter((r) => r.status !== 'RESTING');
    expect(first).toMatchObject({ generation: 0, status: 'SUCCEEDED' });
    expect(second).toMatchObject({ generation: 1 });
    expect((await run.deps.state.getJourney(accountId, 'inv-1'))?.generation).toBeGreaterThanOrEqual(1);
    expect(decides).toBeGreaterThan(150);
  });

  it('wakes a resting journey on a settling payment: its resume is deleted and the next generation closes it within a minute', async () => {
    const accountId = newAccountId('wake');
    const paidAt = new Date(T0.getTime() + 2 * DAY + 5 * 60_000);
    let resting: { generation?: number; resumeAt?: string } | undefined;
    const run = localAccount((h) => [
      overdueAt(h, accountId),
      { at: new Date(paidAt.getTime() - 1000), run: async () => (resting = await run.deps.state.getJourney(accountId, 'inv-1')) },
      {
        at: paidAt,
        run: () =>
          h.lifecycle(
            billingEvent('PaymentReceived', { accountId, paymentId: 'p-1', amount: 120, currency: 'USD', paidAt: paidAt.toISOString() }),
            context('lifecycle'),
          ),
      },
    ]);
    await run.timeline.run(new Date(T0.getTime() + 30 * DAY));
    await run.journeys.settled();

    expect(resting?.resumeAt, 'the journey was resting when the payment came').toBeDefined();
    expect(Date.parse(resting!.resumeAt!)).toBeGreaterThan(paidAt.getTime());
    const closed = (await run.deps.ledger.history(accountId, 'inv-1')).find((r) => r.kind === 'closed');
    expect(closed).toMatchObject({ reason: 'paid' });
    expect(Date.parse(closed!.at) - paidAt.getTime()).toBeLessThan(60_000);
    const journey = await run.deps.state.getJourney(accountId, 'inv-1');
    expect(journey).toMatchObject({ status: 'closed', generation: resting!.generation! + 1 });
    // The cancelled resume never started its generation; the woken one did, at the payment.
    const generations = run.journeys.results.map((r) => r.generation);
    expect(generations.filter((g) => g === resting!.generation)).toEqual([]);
    expect(run.journeys.results.filter((r) => r.status === 'RESTING')).toEqual([]);
  });
  it('a handed-off account with no event rests once, to the hand-off timeout, instead of looking again daily', async () => {
    const accountId = newAccountId('handoff-rest');
    const askedAt = new Date(T0.getTime() + DAY);
    const run = localAccount((h) => [overdueAt(h, accountId), askedForPersonAt(h, askedAt, accountId)]);
    await run.timeline.run(new Date(T0.getTime() + 40 * DAY));
    await run.journeys.settled();

    const escalated = (await run.deps.ledger.history(accountId, 'inv-1')).find((r) => r.kind === 'escalated');
    expect(escalated).toMatchObject({ reason: 'customer-asked-for-person' });
    const timeout = Date.parse(escalated!.at) + 30 * DAY;
    // One decision when the hand-off woke the journey (rest to the timeout), one at the timeout (close):
    // the 30 daily looks of before are gone.
    const after = await decisionsFrom(run, accountId, new Date(escalated!.at));
    expect(after.map((d) => [d.action.type, pausedBy(d)])).toEqual([
      ['wait', 'care.with-a-person'],
      ['close', 'care.with-a-person'],
    ]);
    expect(after[0].action).toEqual({ type: 'wait', until: new Date(Math.ceil(timeout / 60_000) * 60_000).toISOString() });
    expect(Date.parse(after[1].at)).toBe(Date.parse((after[0].action as { until: string }).until));
    expect((await run.deps.ledger.history(accountId, 'inv-1')).find((r) => r.kind === 'closed')).toMatchObject({ reason: 'handed-off' });
    expect(run.journeys.results.filter((r) => r.status === 'FAILED')).toEqual([]);
  });

  it('a handed-off account resumes within a minute of the person handing it back', async () => {
    const accountId = newAccountId('handoff-back');
    const askedAt = new Date(T0.getTime() + DAY);
    const backAt = new Date(T0.getTime() + 5 * DAY + 7 * 60_000);
    const run = localAccount((h) => [
      overdueAt(h, accountId),
      askedForPersonAt(h, askedAt, accountId),
      lifecycleAt(h, backAt, 'AgentHandoffCompleted', { accountId, outcome: 'resume', completedAt: backAt.toISOString() }),
    ]);
    await run.timeline.run(new Date(T0.getTime() + 12 * DAY));
    await run.journeys.settled();

    const [woken] = await decisionsFrom(run, accountId, backAt);
    expect(Date.parse(woken.at) - backAt.getTime()).toBeLessThan(60_000);
    expect(pausedBy(woken), 'back on the playbook').toBeUndefined();
    // While the person had it the journey took one decision (the rest), not one a day.
    const during = (await decisionsFrom(run, accountId, askedAt)).filter((d) => Date.parse(d.at) < backAt.getTime());
    expect(during.map(pausedBy)).toEqual(['care.with-a-person']);
    expect(
      run.sink.sent.some((s) => Date.parse(s.sentAt) >= backAt.getTime()),
      'the playbook sent its next step',
    ).toBe(true);
  });

  it('an open complaint rests until it is resolved: the resolution wakes the journey within a minute', async () => {
    const accountId = newAccountId('complaint');
    const raisedAt = new Date(T0.getTime() + DAY);
    const backAt = new Date(T0.getTime() + 2 * DAY);
    const resolvedAt = new Date(T0.getTime() + 6 * DAY + 11 * 60_000);
    const run = localAccount((h) => [
      overdueAt(h, accountId),
      lifecycleAt(h, raisedAt, 'ComplaintRaised', {
        accountId,
        complaintId: 'cmp-1',
        category: 'service',
        receivedAt: raisedAt.toISOString(),
        source: 'phone',
      }),
      // The person hands it back with the complaint still open: the journey pauses for the complaint.
      lifecycleAt(h, backAt, 'AgentHandoffCompleted', { accountId, outcome: 'resume', completedAt: backAt.toISOString() }),
      lifecycleAt(h, resolvedAt, 'ComplaintResolved', { accountId, complaintId: 'cmp-1', resolvedAt: resolvedAt.toISOString() }),
    ]);
    await run.timeline.run(new Date(T0.getTime() + 14 * DAY));
    await run.journeys.settled();

    const paused = (await decisionsFrom(run, accountId, backAt)).filter((d) => Date.parse(d.at) < resolvedAt.getTime());
    expect(paused.map(pausedBy)).toEqual(['care.complaint-open']);
    expect(Date.parse((paused[0].action as { until: string }).until)).toBeGreaterThan(resolvedAt.getTime());
    const [woken] = await decisionsFrom(run, accountId, resolvedAt);
    expect(Date.parse(woken.at) - resolvedAt.getTime()).toBeLessThan(60_000);
    expect(pausedBy(woken), 'back on the playbook').toBeUndefined();
  });
});
