/**
 * `amicable simulate`: a synthetic portfolio through the real decision engine, once per playbook, with
 * the customer-behaviour model in simulator/behaviour.json; KPIs with 95% intervals on stdout, and
 * summary.json + report.html with --report. Every input is checked before anything runs.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULT_BEHAVIOUR, loadBehaviour, type Behaviour } from '../simulator/behaviour';
import { loadStrategies } from '../simulator/load';
import { PortfolioGenerator } from '../simulator/portfolio';
import { buildSummary, renderHtml, renderText, type Summary } from '../simulator/report';
import { DEFAULT_ROBUSTNESS, robustness, withParameter, type Vary } from '../simulator/robustness';
import { robustnessText } from '../simulator/robustness-report';
import { simulate, type Strategy } from '../simulator/simulate';

export class SimulateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SimulateError';
  }
}

export interface SimulateCommandOptions {
  accounts: number;
  days: number;
  seed: number;
  playbooks: string[];
  /** The strategy the others are compared with; default the first playbook. */
  champion?: string;
  reportDir?: string;
  /** Rerun the comparison across this behaviour parameter (and put it in the report). */
  vary?: Vary;
  behaviourFile?: string;
  quiet?: boolean;
  out?: { write(text: string): unknown };
  err?: { write(text: string): unknown; isTTY?: boolean };
}

/** Accounts per robustness run: enough for the headline intervals, few enough for 25 reruns. */
const ROBUSTNESS_ACCOUNTS = 4_000;

/**
 * The comparison rerun across --vary, or across the default assumptions for the report: the champion
 * and the challengers only (the holdout competes with nothing).
 */
function robustnessRuns(summary: Summary, strategies: Strategy[], behaviour: Behaviour, options: SimulateCommandOptions) {
  const champion = strategies.find((s) => s.name === summary.champion)!;
  const challengers = strategies.filter((s) => s !== champion && s.playbook !== null);
  if (challengers.length === 0) return [];
  const sets = options.vary ? [{ vary: options.vary, label: options.vary.parameter }] : DEFAULT_ROBUSTNESS;
  const accounts = options.vary ? options.accounts : Math.min(options.accounts, ROBUSTNESS_ACCOUNTS);
  return sets.map(({ vary, label }) =>
    robustness({ behaviour, strategies: [champion, ...challengers], accounts, days: options.days, seed: options.seed, vary, label }),
  );
}

export async function simulateCommand(options: SimulateCommandOptions): Promise<number> {
  const out = options.out ?? process.stdout;
  const err = options.err ?? process.stderr;
  const strategies = await loadStrategies(options.playbooks);
  const behaviour: Behaviour = options.behaviourFile ? await loadBehaviour(options.behaviourFile) : DEFAULT_BEHAVIOUR;
  const supported = PortfolioGenerator.supportedJurisdictions();
  const unknown = Object.keys(behaviour.jurisdictions).filter((j) => !supported.includes(j));
  if (unknown.length > 0)
    throw new SimulateError(`behaviour model: jurisdictions.${unknown[0]}: the simulator places customers in ${supported.join(', ')} only`);

  // A parameter that names nothing, or a value the model refuses, fails before anything runs.
  if (options.vary) for (const v of [options.vary.from, options.vary.to]) withParameter(behaviour, options.vary.parameter, v);

  const started = Date.now();
  const long = options.accounts * options.days * strategies.length >= 2_000_000;
  let lastShown = -1;
  const progress = (done: number, total: number) => {
    if (options.quiet || !long) return;
    const tenth = Math.floor((done * 10) / total);
    if (err.isTTY) err.write(`\ramicable: simulated ${done}/${total} accounts${done === total ? '\n' : ''}`);
    else if (tenth !== lastShown) {
      lastShown = tenth;
      err.write(`amicable: simulated ${done}/${total} accounts (${((Date.now() - started) / 1000).toFixed(0)} s)\n`);
    }
  };
  if (!options.quiet && long)
    err.write(`amicable: simulating ${options.accounts} accounts x ${options.days} days for ${strategies.map((s) => s.name).join(', ')}\n`);
  const result = simulate({
    accounts: options.accounts,
    days: options.days,
    seed: options.seed,
    strategies,
    behaviour,
    onProgress: progress,
  });
  const summary = buildSummary(result, options.champion);
  out.write(renderText(summary));
  if (options.vary || options.reportDir) {
    summary.robustness = robustnessRuns(summary, strategies, behaviour, options);
    if (options.vary) out.write(`\n${robustnessText(summary.robustness[0], summary.champion)}`);
  }
  if (!options.quiet) {
    const rate = (options.accounts * options.days * strategies.length) / (result.elapsedMs / 1000);
    err.write(`amicable: ${(result.elapsedMs / 1000).toFixed(1)} s, ${Math.round(rate).toLocaleString('en-US')} account-days per second\n`);
  }
  if (options.reportDir) {
    await mkdir(options.reportDir, { recursive: true });
    await writeFile(join(options.reportDir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
    await writeFile(join(options.reportDir, 'report.html'), renderHtml(summary, behaviour));
    if (!options.quiet) err.write(`amicable: wrote summary.json and report.html to ${options.reportDir}\n`);
  }
  return 0;
}
