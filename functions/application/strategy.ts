/**
 * Strategy wiring for the live journey: which segment an account is in and why, which experiment
 * variant it drew, and which playbook (id and version) its journey runs. Fixed once, when the journey
 * starts (ingest), kept on the account item with its cycle, and read back by Decide, Send, Record,
 * Escalate and Close so every decision, contact, metric and hand-off carries the segment and variant.
 *
 * The playbooks and experiments a deployment can run are the files shipped in playbooks/ and
 * experiments/, bundled into the functions (no file system reads in Lambda) and validated when loaded.
 */
import cxDefaultFile from '../../playbooks/cx-default.json';
import cxDigitalFirstFile from '../../playbooks/cx-digital-first.json';
import cxSegmentedFile from '../../playbooks/cx-segmented.json';
import traditionalFile from '../../playbooks/traditional.json';
import cxVsTraditionalFile from '../../experiments/cx-vs-traditional.json';
import { assignVariant, parseExperiment, type Experiment } from '../domain/experiments';
import { parsePlaybook, playbookForSegment, type Playbook } from '../domain/playbook';
import { assignSegment, segmentSchema, signalsForAccount, type Segment, type SegmentSignals } from '../domain/segments';
import type { Account } from '../domain/types';
import type { JourneyStrategy } from '../domain/storage';
import type { StrategyTags } from '../domain/decision-types';
import { NO_CONTACT_PLAYBOOK_ID, type DecisionContext } from '../domain/decision';

/** Playbooks shipped with the deployment, by file name (playbooks/<name>.json). */
export const SHIPPED_PLAYBOOK_FILES: Record<string, unknown> = {
  'cx-default': cxDefaultFile,
  'cx-digital-first': cxDigitalFirstFile,
  'cx-segmented': cxSegmentedFile,
  traditional: traditionalFile,
};

/** Experiments shipped with the deployment, by file name (experiments/<name>.json). */
export const SHIPPED_EXPERIMENT_FILES: Record<string, unknown> = {
  'cx-vs-traditional': cxVsTraditionalFile,
};

/** The experiment a local run uses unless told otherwise: none (the sample runs the default playbook). */
export const LOCAL_DEFAULT_EXPERIMENT: string | undefined = undefined;

/** Playbooks known to this deployment, by name, id and id@version. */
export class PlaybookCatalogue {
  private readonly byKey = new Map<string, Playbook>();

  constructor(named: Record<string, Playbook>) {
    for (const [name, playbook] of Object.entries(named)) {
      this.byKey.set(name, playbook);
      if (!this.byKey.has(playbook.id)) this.byKey.set(playbook.id, playbook);
      this.byKey.set(`${playbook.id}@${playbook.version}`, playbook);
    }
  }

  /** A playbook by file name or id; with a version, that exact version when it is known. */
  find(ref: string, version?: string): Playbook | undefined {
    return (version ? this.byKey.get(`${ref}@${version}`) : undefined) ?? this.byKey.get(ref);
  }

  add(playbook: Playbook): void {
    this.byKey.set(`${playbook.id}@${playbook.version}`, playbook);
    if (!this.byKey.has(playbook.id)) this.byKey.set(playbook.id, playbook);
  }
}

let shipped: PlaybookCatalogue | undefined;
/** The shipped playbooks, validated once (a bad file throws with every problem listed). */
export function shippedPlaybooks(): PlaybookCatalogue {
  shipped ??= new PlaybookCatalogue(
    Object.fromEntries(Object.entries(SHIPPED_PLAYBOOK_FILES).map(([name, json]) => [name, parsePlaybook(json)])),
  );
  return shipped;
}

/**
 * Validates an experiment and checks every variant's playbook exists; throws listing every problem
 * (a bad experiment is refused before any journey runs).
 */
export function checkExperiment(json: unknown, catalogue: PlaybookCatalogue = shippedPlaybooks()): Experiment {
  const experiment = parseExperiment(json);
  const problems = experiment.variants.flatMap((v, i) =>
    v.playbook && !catalogue.find(v.playbook) ? [`variants.${i}.playbook: no playbook named ${v.playbook}`] : [],
  );
  if (problems.length) {
    throw new Error(
      `invalid experiment (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${problems.map((l) => `  - ${l}`).join('\n')}`,
    );
  }
  return experiment;
}

/** A shipped experiment by name (experiments/<name>.json), validated. */
export function shippedExperiment(name: string): Experiment {
  const json = SHIPPED_EXPERIMENT_FILES[name.replace(/^experiments\//, '').replace(/\.json$/, '')];
  if (json === undefined) {
    throw new Error(`unknown experiment ${name}; shipped: ${Object.keys(SHIPPED_EXPERIMENT_FILES).join(', ')}`);
  }
  return checkExperiment(json);
}

/** What the strategy needs from the handlers' dependencies. */
export interface StrategyDeps {
  playbook: Playbook;
  experiment?: Experiment;
  playbooks?: PlaybookCatalogue;
}

const catalogueOf = (deps: StrategyDeps) => deps.playbooks ?? shippedPlaybooks();

/**
 * The strategy a new journey starts with: the segment from the event's signals and the account, and,
 * when an experiment runs (and has started), the variant by deterministic hash and its playbook.
 */
export function strategyForNewJourney(
  deps: StrategyDeps,
  account: Pick<Account, 'accountId' | 'cycleId' | 'dueDate' | 'compliance' | 'jurisdiction'>,
  signals: SegmentSignals | undefined,
  now: Date,
): JourneyStrategy {
  const { segment, reasons } = assignSegment(signalsForAccount(account, signals, now));
  const base = { cycleId: account.cycleId, segment, segmentReasons: reasons, assignedAt: now.toISOString() };
  const experiment = deps.experiment;
  if (!experiment || (experiment.startsAt && now.getTime() < Date.parse(experiment.startsAt))) {
    return { ...base, playbookId: deps.playbook.id, playbookVersion: deps.playbook.version };
  }
  const { variant, reason } = assignVariant(experiment, account.accountId, account.jurisdiction);
  const tags = {
    experimentId: experiment.id,
    variant: variant.id,
    variantReason: reason,
    ...(variant.holdout ? { holdout: variant.holdout } : {}),
  };
  if (variant.holdout === 'no-contact' || !variant.playbook) {
    return { ...base, ...tags, playbookId: NO_CONTACT_PLAYBOOK_ID, playbookVersion: experiment.id };
  }
  const playbook = catalogueOf(deps).find(variant.playbook) ?? deps.playbook;
  return { ...base, ...tags, playbookId: playbook.id, playbookVersion: playbook.version };
}

export const segmentOf = (strategy: JourneyStrategy | undefined): Segment | undefined => {
  const parsed = segmentSchema.safeParse(strategy?.segment);
  return parsed.success ? parsed.data : undefined;
};

/**
 * The playbook the journey runs: the version it started with (or, when that version is no longer
 * deployed, the deployed one of the same id), with its segment's journey applied.
 */
export function playbookFor(deps: StrategyDeps, strategy: JourneyStrategy | undefined): Playbook {
  if (!strategy) return deps.playbook;
  const base =
    strategy.playbookId === deps.playbook.id && strategy.playbookVersion === deps.playbook.version
      ? deps.playbook
      : (catalogueOf(deps).find(strategy.playbookId, strategy.playbookVersion) ?? deps.playbook);
  return playbookForSegment(base, segmentOf(strategy));
}

/** What the decision engine needs from the handlers' dependencies (the time zone is read when needed). */
export function decisionContext(deps: StrategyDeps & { settings: DecisionContext['settings'] }): DecisionContext {
  return { playbook: deps.playbook, settings: deps.settings, playbookFor: (strategy) => playbookFor(deps, strategy) };
}

/** The strategy's tags for ledger entries, events and logs: segment and variant, when known. */
export function strategyTags(strategy: JourneyStrategy | undefined): StrategyTags {
  if (!strategy) return {};
  return { segment: strategy.segment, ...(strategy.variant ? { variant: strategy.variant } : {}) };
}

/** Extra metric dimensions for a journey: the variant (when an experiment runs), and optionally the segment. */
export function strategyDimensions(
  strategy: StrategyTags | undefined,
  options: { segment?: boolean } = {},
): Array<{ name: string; value: string }> {
  const dimensions: Array<{ name: string; value: string }> = [];
  if (strategy?.variant) dimensions.push({ name: 'variant', value: strategy.variant });
  if (options.segment && strategy?.segment) dimensions.push({ name: 'segment', value: strategy.segment });
  return dimensions;
}

/** The strategy as PII-free ledger facts for the AccountOverdue event. */
export function strategyFacts(strategy: JourneyStrategy): Record<string, string | string[]> {
  return {
    segment: strategy.segment,
    segmentReasons: strategy.segmentReasons.map((r) => `${r.signal}: ${r.detail}`),
    ...(strategy.experimentId ? { experiment: strategy.experimentId } : {}),
    ...(strategy.variant ? { variant: strategy.variant } : {}),
    ...(strategy.variantReason ? { variantReason: strategy.variantReason } : {}),
    playbookId: strategy.playbookId,
    playbookVersion: strategy.playbookVersion,
  };
}
