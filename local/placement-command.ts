/**
 * `amicable run --placement <file>`: a placement file through the same path as in AWS, on this machine.
 * The file is read as the Distributed Map reads it, cut into the same batches, and each batch goes to
 * the real placement-batch handler over DynamoDB Local; the results are written by the same code as the
 * placement-results step, to <report dir>/results/. Journeys are started as far as StartExecution (each
 * start is counted); `amicable run --events` runs journeys themselves.
 */
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { buildDependencies, systemClock, type Dependencies } from '../functions/commons/dependencies';
import { SinkChannel } from '../functions/adapters/channels/sink';
import { deferredGenerations } from './local-journeys';
import { journeyExecutionName } from '../functions/domain/journey-name';
import type { JourneyStarter } from '../functions/domain/ports';
import { MAX_ROWS_PER_BATCH, type PlacementFiles, type PlacementSummary, type RowOutcome } from '../functions/domain/placement-results';
import { makePlacementBatchHandler } from '../functions/placement-batch';
import { writePlacementResults } from '../functions/application/placement-report';
import { startDynamoDbLocal, type LocalDynamo } from './dynamodb-local';
import { localLambdaContext } from './lambda-context';
import { LocalEventPublisher } from './local-bus';
import { readPlacementText, type PlacementItems } from './placement-file';
import { LOCAL_SETTINGS } from './runtime';

/** A local folder standing in for the bucket: keys are paths under it. */
export class FolderFiles implements PlacementFiles {
  constructor(private readonly root: string) {}
  async read(key: string): Promise<string> {
    return readFile(join(this.root, key), 'utf8');
  }
  async write(key: string, body: string): Promise<void> {
    await mkdir(dirname(join(this.root, key)), { recursive: true });
    await writeFile(join(this.root, key), body);
  }
}

/** Starts nothing but remembers each start, as Step Functions does with its execution names (never twice). */
class CountingJourneys implements JourneyStarter {
  readonly started = new Set<string>();
  async start(ref: { accountId: string; cycleId: string }) {
    const executionName = journeyExecutionName(ref.accountId, ref.cycleId);
    const alreadyStarted = this.started.has(executionName);
    this.started.add(executionName);
    return { executionName, alreadyStarted };
  }
  async isRunning(ref: { accountId: string; cycleId: string }) {
    return this.started.has(journeyExecutionName(ref.accountId, ref.cycleId));
  }
}

export interface PlacementRunResult {
  summary: PlacementSummary;
  outcomes: RowOutcome[];
  resultsPath: string;
  summaryPath: string;
}

/** Places the file's items in batches of MAX_ROWS_PER_BATCH through the batch handler; writes the results under `reportDir`. */
export async function placeFile(
  file: { name: string; placement: PlacementItems },
  run: { deps: Dependencies; reportDir: string; placementId: string },
): Promise<PlacementRunResult> {
  const batchHandler = makePlacementBatchHandler(() => run.deps);
  const { format, items } = file.placement;
  const outcomes: RowOutcome[] = [];
  for (let i = 0; i < items.length; i += MAX_ROWS_PER_BATCH) {
    const batch = {
      BatchInput: { format, placementId: run.placementId, source: file.name },
      Items: items.slice(i, i + MAX_ROWS_PER_BATCH),
    };
    outcomes.push(...(await batchHandler(batch, localLambdaContext('amicable-placement-batch'))));
  }
  const { summary, keys } = await writePlacementResults(new FolderFiles(run.reportDir), `incoming/${file.name}`, outcomes);
  return { summary, outcomes, resultsPath: join(run.reportDir, keys.results), summaryPath: join(run.reportDir, keys.summary) };
}

/** The local dependencies: DynamoDB Local, the system clock, journeys counted at StartExecution. */
function localDependencies(dynamo: LocalDynamo, journeys: JourneyStarter): Dependencies {
  return buildDependencies({
    dynamo: dynamo.client,
    tables: dynamo.tables,
    clock: systemClock,
    channels: new SinkChannel({ clock: systemClock }),
    journeys,
    // Placing starts journeys; only lifecycle events wake one early.
    generations: deferredGenerations(() => {
      throw new Error('a placement run wakes no journey');
    }),
    bus: new LocalEventPublisher(systemClock, []),
    settings: LOCAL_SETTINGS,
  });
}

export interface PlacementCommandOptions {
  placementFile: string;
  reportDir?: string;
  quiet?: boolean;
}

/** Exit 0 when every row was accepted or a duplicate; 3 (as `run` with rejected events) when any was rejected or failed. */
export async function placementCommand(options: PlacementCommandOptions): Promise<number> {
  const name = basename(options.placementFile);
  const placement = readPlacementText(name, await readFile(options.placementFile, 'utf8'));
  const reportDir = options.reportDir ?? (await mkdtemp(join(tmpdir(), 'amicable-placement-')));
  if (!options.quiet) process.stderr.write(`amicable: ${placement.items.length} rows (${placement.format}); starting DynamoDB Local\n`);
  const dynamo = await startDynamoDbLocal();
  try {
    const journeys = new CountingJourneys();
    const deps = localDependencies(dynamo, journeys);
    const result = await placeFile({ name, placement }, { deps, reportDir, placementId: `local-${Date.now()}` });
    const { counts } = result.summary;
    process.stdout.write(
      [
        `Placement ${name}: ${counts.rows} rows`,
        `  accepted  ${counts.accepted} (journeys started: ${journeys.started.size})`,
        `  duplicate ${counts.duplicate}`,
        `  rejected  ${counts.rejected}`,
        `  failed    ${counts.failed}`,
        `Results: ${result.resultsPath}`,
        `Summary: ${result.summaryPath}`,
        '',
      ].join('\n'),
    );
    return counts.rejected + counts.failed > 0 ? 3 : 0;
  } finally {
    await dynamo.stop();
  }
}
