/**
 * Segments, experiment variants and per-segment playbooks in the live journey: fixed at ingest, kept on
 * the account with its cycle, used by Decide and the send-time guard, and carried by every ledger entry,
 * metric and hand-off the journey produces.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ContactAction } from '../../functions/domain/decision-types';
import { parseExperiment, type Experiment } from '../../functions/domain/experiments';
import { DEFAULT_PLAYBOOK, playbookForSegment } from '../../functions/domain/playbook';
import { accountOverdueSchema, billingEventJsonSchemas } from '../../functions/domain/events';
import { metrics } from '../../functions/commons/powertools';
import type { Dependencies } from '../../functions/commons/dependencies';
import { dependenciesFromEnvironment } from '../../functions/commons/aws-dependencies';
import { ConfigurationError } from '../../functions/commons/configuration';
import { PlaybookCatalogue, shippedPlaybooks } from '../../functions/application/strategy';
import { makeHandlers, type Handlers } from '../../local/handlers';
import { billingEvent, context, newAccountId, overdueDetail, T0, useWorld, type World } from './harness';

let w: World;

useWorld((created) => {
  w = created;
});
afterEach(() => {
  vi.restoreAllMocks();
});

const DAY = 24 * 3600 * 1000;

/** An experiment that puts every account in one variant (weights 0 elsewhere). */
function experimentAll(variantId: string, extra: Partial<Experiment> = {}): Experiment {
  return parseExperiment({
    id: 'test-exp',
    name: 'test',
    variants: [
      { id: 'champion', playbook: 'cx-default', weight: variantId === 'champion' ? 1 : 0 },
      { id: 'segmented', playbook: 'cx-segmented', weight: variantId === 'segmented' ? 1 : 0 },
      { id: 'holdout', holdout: 'no-contact', weight: variantId === 'holdout' ? 1 : 0 },
    ],
    champion: 'champion',
    holdoutJurisdictions: ['US'],
    ...extra,
  });
}

function handlersWith(extra: Partial<Dependencies>): { h: Handlers; deps: Dependencies } {
  const deps: Dependencies = { ...w.deps, ...extra };
  return { h: makeHandlers(() => deps), deps };
}

/** Records every single-metric EMF record: its dimensions and metric name. */
function recordSingleMetrics() {
  const emitted: Array<{ name: string; dimensions: Record<string, string> }> = [];
  vi.spyOn(metrics, 'singleMetric').mockImplementation(() => {
    const dimensions: Record<string, string> = {};
    const fake = {
      addDimension: (name: string, value: string) => {
        dimensions[name] = value;
      },
      addMetric: (name: string) => {
        emitted.push({ name, dimensions });
      },
    };
    return fake as unknown as ReturnType<typeof metrics.singleMetric>;
  });
  return emitted;
}

describe('the journey strategy', () => {
  it('records the segment and why, the variant and the playbook at ingest, and counts the start per variant and segment', async () => {
    w.clock.set(T0);
    const emitted = recordSingleMetrics();
    const { h, deps } = handlersWith({ experiment: experimentAll('segmented') });
    const accountId = newAccountId('seg');
    await h.ingest(
      billingEvent('AccountOverdue', overdueDetail(accountId, 'inv-1', { signals: { hardshipDeclared: true } })),
      context('ingest'),
    );

    const account = await deps.state.getAccount(accountId);
    expect(account?.strategy).toMatchObject({
      cycleId: 'inv-1',
      segment: 'early-hardship',
      segmentReasons: [{ signal: 'hardshipDeclared' }],
      experimentId: 'test-exp',
      variant: 'segmented',
      playbookId: 'cx-segmented',
      playbookVersion: '1.0.0',
    });
    const [event] = await deps.ledger.history(accountId, 'inv-1');
    expect(event).toMatchObject({
      kind: 'event',
      facts: {
        segment: 'early-hardship',
        variant: 'segmented',
        experiment: 'test-exp',
        playbookId: 'cx-segmented',
        playbookVersion: '1.0.0',
      },
    });
    expect(event.kind === 'event' && event.facts.segmentReasons).toEqual(['hardshipDeclared: the customer declared hardship']);
    expect(emitted).toContainEqual({ name: 'JourneysStarted', dimensions: { variant: 'segmented', segment: 'early-hardship' } });
  });

  it('decides and guards the send with the variant playbook and the segment journey; every entry and MessagesSent carry the variant', async () => {
    w.clock.set(T0);
    const emitted = recordSingleMetrics();
    const { h, deps } = handlersWith({ experiment: experimentAll('segmented') });
    const accountId = newAccountId('segplay');
    await h.ingest(
      billingEvent('AccountOverdue', overdueDetail(accountId, 'inv-1', { signals: { hardshipDeclared: true } })),
      context('ingest'),
    );

    const decision = await h.decide({ accountId, cycleId: 'inv-1' }, context('decide'));
    const hardship = playbookForSegment(shippedPlaybooks().find('cx-segmented')!, 'early-hardship');
    expect(decision).toMatchObject({ playbookId: 'cx-segmented', action: { type: 'contact', stepId: hardship.steps[0].id } });
    const action = decision.action as ContactAction;

    const outcome = await h.send({ accountId, cycleId: 'inv-1', action }, context('send'));
    expect(outcome).toMatchObject({ status: 'sent', stepId: 'h1-options' });
    await h.record({ kind: 'contact', accountId, cycleId: 'inv-1', action, outcome }, context('record'));

    const history = await deps.ledger.history(accountId, 'inv-1');
    expect(history.find((r) => r.kind === 'decision')).toMatchObject({ segment: 'early-hardship', variant: 'segmented' });
    expect(history.find((r) => r.kind === 'contact')).toMatchObject({ outcome: 'sent', segment: 'early-hardship', variant: 'segmented' });
    expect(emitted).toContainEqual({ name: 'MessagesSent', dimensions: { channel: action.channel, variant: 'segmented' } });
  });

  it('a no-contact holdout sends nothing, waits out the observation period and closes; hand-offs and closures carry the strategy', async () => {
    w.clock.set(T0);
    const emitted = recordSingleMetrics();
    const { h, deps } = handlersWith({ experiment: experimentAll('holdout') });
    const accountId = newAccountId('hold');
    await h.ingest(billingEvent('AccountOverdue', overdueDetail(accountId)), context('ingest'));
    expect((await deps.state.getAccount(accountId))?.strategy).toMatchObject({
      variant: 'holdout',
      holdout: 'no-contact',
      segment: 'likely-self-cure',
    });

    const first = await h.decide({ accountId, cycleId: 'inv-1' }, context('decide'));
    expect(first.action.type).toBe('wait');
    expect(first.reasons).toEqual([expect.objectContaining({ ruleId: 'experiment.holdout', effect: 'suppressed' })]);

    w.clock.set(new Date((first.action as { until: string }).until));
    const last = await h.decide({ accountId, cycleId: 'inv-1' }, context('decide'));
    expect(last.action).toEqual({ type: 'close', reason: 'playbook-complete' });
    await h.close({ accountId, cycleId: 'inv-1', action: last.action }, context('close'));
    expect(w.channel.callsFor(accountId)).toEqual([]);
    expect((await deps.ledger.history(accountId, 'inv-1')).find((r) => r.kind === 'closed')).toMatchObject({
      variant: 'holdout',
      segment: 'likely-self-cure',
    });
    expect(emitted).toContainEqual({ name: 'JourneysClosed', dimensions: { reason: 'playbook-complete', variant: 'holdout' } });

    // A holdout account that pays closes as paid.
    w.clock.set(T0);
    const payer = newAccountId('holdpay');
    await h.ingest(billingEvent('AccountOverdue', overdueDetail(payer)), context('ingest'));
    await h.lifecycle(
      billingEvent('PaymentReceived', { accountId: payer, paymentId: 'p1', amount: 120, currency: 'USD', paidAt: T0.toISOString() }),
      context(),
    );
    expect((await h.decide({ accountId: payer, cycleId: 'inv-1' }, context('decide'))).action).toEqual({ type: 'close', reason: 'paid' });
  });

  it('gives the champion instead of a holdout where the jurisdiction does not allow one', async () => {
    w.clock.set(T0);
    const { h, deps } = handlersWith({ experiment: experimentAll('holdout', { holdoutJurisdictions: ['GB'] }) });
    const accountId = newAccountId('nohold');
    await h.ingest(billingEvent('AccountOverdue', overdueDetail(accountId)), context('ingest'));
    const strategy = (await deps.state.getAccount(accountId))?.strategy;
    expect(strategy).toMatchObject({ variant: 'champion', playbookId: 'cx-default' });
    expect(strategy?.holdout).toBeUndefined();
    expect(strategy?.variantReason).toMatch(/not allowed in US/);
  });

  it('hands off with the segment and variant on the AgentHandoffRequested event', async () => {
    w.clock.set(T0);
    const { h } = handlersWith({ experiment: experimentAll('champion') });
    const accountId = newAccountId('handoff');
    await h.ingest(billingEvent('AccountOverdue', overdueDetail(accountId, 'inv-1', { signals: { disputing: true } })), context('ingest'));
    await h.escalate({ accountId, cycleId: 'inv-1', action: { type: 'escalate', reason: 'dispute' } }, context('escalate'));
    const handoff = w.bus.published.find((p) => p.detail.accountId === accountId);
    expect(handoff?.detail).toMatchObject({ segment: 'disputing', variant: 'champion' });
  });

  it('a running journey keeps the playbook version it started with; a repeated event keeps the strategy', async () => {
    w.clock.set(T0);
    const oldDefault = {
      ...DEFAULT_PLAYBOOK,
      version: '0.9.0',
      steps: [{ ...DEFAULT_PLAYBOOK.steps[0], id: 'old-first' }, ...DEFAULT_PLAYBOOK.steps.slice(1)],
      // No segment journeys in the old version: every segment ran these steps.
      segments: {},
    };
    const catalogue = new PlaybookCatalogue({ 'cx-default': DEFAULT_PLAYBOOK });
    catalogue.add(oldDefault);
    const before = handlersWith({ playbook: oldDefault, playbooks: catalogue });
    const accountId = newAccountId('pinned');
    await before.h.ingest(billingEvent('AccountOverdue', overdueDetail(accountId)), context('ingest'));
    expect((await before.deps.state.getAccount(accountId))?.strategy).toMatchObject({
      playbookId: 'cx-default',
      playbookVersion: '0.9.0',
    });

    // The deployment moves on to the current version and starts an experiment; the running journey does not.
    const after = handlersWith({ playbooks: catalogue, experiment: experimentAll('segmented') });
    await after.h.ingest(billingEvent('AccountOverdue', overdueDetail(accountId)), context('ingest'));
    expect((await after.deps.state.getAccount(accountId))?.strategy).toMatchObject({ playbookVersion: '0.9.0' });
    expect((await after.deps.state.getAccount(accountId))?.strategy?.variant).toBeUndefined();
    const decision = await after.h.decide({ accountId, cycleId: 'inv-1' }, context('decide'));
    expect(decision).toMatchObject({ playbookVersion: '0.9.0', action: { type: 'contact', stepId: 'old-first' } });
  });

  it('journeys without an experiment carry their segment but no variant', async () => {
    w.clock.set(T0);
    const emitted = recordSingleMetrics();
    const { h, deps } = handlersWith({});
    const accountId = newAccountId('noexp');
    await h.ingest(billingEvent('AccountOverdue', overdueDetail(accountId)), context('ingest'));
    expect((await deps.state.getAccount(accountId))?.strategy).toMatchObject({
      segment: 'likely-self-cure',
      playbookId: 'cx-default',
    });
    expect(emitted).toContainEqual({ name: 'JourneysStarted', dimensions: { segment: 'likely-self-cure' } });
    // Days past due come from the account when the event gives no signals: 60 days late is not "forgot".
    const late = newAccountId('late');
    w.clock.set(new Date(T0.getTime() + 60 * DAY));
    await h.ingest(billingEvent('AccountOverdue', overdueDetail(late)), context('ingest'));
    expect((await deps.state.getAccount(late))?.strategy).toMatchObject({ segment: 'chronic-late-payer' });
  });
});

describe('strategy configuration and contracts', () => {
  it('rejects bad signals on AccountOverdue by path, and publishes them in the JSON Schema', () => {
    const bad = accountOverdueSchema.safeParse(overdueDetail('a1', 'c1', { signals: { propensityToPay: 2, bogus: true } }));
    expect(bad.success).toBe(false);
    const paths = bad.error!.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['signals.propensityToPay', 'signals']));
    expect(JSON.stringify(billingEventJsonSchemas().AccountOverdue)).toContain('propensityToPay');
  });

  it('refuses an unknown or invalid experiment setting before anything runs', () => {
    const env = { STATE_TABLE_NAME: 's', LEDGER_TABLE_NAME: 'l', IDEMPOTENCY_TABLE_NAME: 'i' };
    expect(() => dependenciesFromEnvironment({ ...env, EXPERIMENT: 'no-such-experiment' })).toThrow(ConfigurationError);
    expect(dependenciesFromEnvironment({ ...env, EXPERIMENT: 'cx-vs-traditional' }).experiment?.id).toBe('cx-vs-traditional-2027q1');
    expect(dependenciesFromEnvironment(env).experiment).toBeUndefined();
  });
});
