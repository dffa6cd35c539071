/**
 * Journeys within their limits, through the real state machine file in the local interpreter
 * (aws-local-stepfunctions, local/local-journeys.ts) with the real handlers on DynamoDB Local: a long
 * wait rests and a schedule resumes the next generation; the 101st loop continues as a new execution;
 * a settling payment wakes a resting journey, which closes within a minute.
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
});
