/**
 * The amicable CLI. Every command answers a bad flag or file with one line naming the problem and a
 * non-zero exit code; no stack traces for user mistakes.
 */
import { parseArgs } from 'node:util';
import { classifyCommand } from '../local/classify-command';
import { decideCommand } from '../local/decide-command';
import { playbookExplain, playbookValidate } from '../local/playbook-command';
import { runCommand } from '../local/run-command';
import { placementCommand } from '../local/placement-command';
import { FaultPlanError, parseFaultPlan, type FaultPlan } from '../local/faults';
import { LOCAL_PORTAL_PORT } from '../local/runtime';
import { simulateCommand } from '../local/simulate-command';
import { parseVary } from '../simulator/robustness';
import { portalReopenCommand } from '../local/portal-reopen-command';
import { isValidTimeZone } from '../functions/domain/zone-clock';
import { shippedPlaybooks } from '../functions/application/strategy';
import type { Playbook } from '../functions/domain/playbook';

const USAGE = `usage: amicable <command> [options]

commands:
  run --events <file> [--until <ISO time>] [--report <dir>] [--quiet] [--portal [--port <n>]] [--allow-rejections]
      [--playbook <name>]
      [--faults throttle=0.2,unknown=0.05,dynamodb=0.01,bus=0.01 | --faults <file.json>] [--seed <n>]
      Run the whole system on this machine (DynamoDB Local, the real state machine, the real
      handlers, a channel sink, virtual time) over billing events in a JSON-lines file (customers'
      text replies and delivery events too). Messages carry personal portal links; with --portal,
      the self-service portal is then served on 127.0.0.1 (port 8787) until Ctrl-C. --playbook runs
      every journey on a shipped playbook (playbooks/<name>.json) instead of the default, cx-default;
      npm start runs the sample on cx-digital-first.
  run --placement <file.csv|file.jsonl> [--report <dir>] [--quiet]
      Place the accounts of a placement file (README "Placing accounts in bulk") through the same
      batch handler as the placement state machine, on DynamoDB Local: prints the accepted, duplicate,
      rejected and failed counts and writes results/<name>.results.jsonl and .summary.json under
      --report (default: a new temporary folder). Exit 3 when a row was rejected or failed.
  decide [--input <file> | --input -]
      Decide once for one JSON request { account, history, now, jurisdiction?, playbook? } (from the
      file, or stdin when --input is - or absent and a request is piped) and print the decision as
      JSON: the action, every rule that shaped it, and the next allowed time per channel.
      Schemas: schemas/decide-request.schema.json, schemas/decide-response.schema.json.
  playbook validate <file> [--max-grade <n>] | playbook explain <file>
      Check a playbook file (every problem with its path) and the reading grade of the templates it
      uses (English: Flesch-Kincaid; Spanish: Fernandez-Huerta as a grade; limit 8 unless --max-grade),
      or print its journey per segment in plain words. Schema: schemas/playbook.schema.json.
  simulate --accounts <n> --days <d> --seed <s> --playbooks <a,b,...> [--champion <name>] [--report <dir>]
           [--vary <parameter>=<from>..<to>[:steps]] [--behaviour <file>] [--quiet]
      Run a synthetic portfolio through the real decision engine once per playbook (a name in
      playbooks/, a path, or "none" for a no-contact holdout) and print the KPIs with 95% confidence
      intervals and each strategy's difference against the champion (the first playbook unless
      --champion names one); --report writes summary.json and report.html, with a robustness
      section over the assumptions that carry the result. --vary reruns the comparison across one
      behaviour parameter (a dotted path; with * in it, a factor on every value it matches).
      Customer behaviour: simulator/behaviour.json. Same seed, same numbers.
  classify "<reply text>" [--survey-pending] [--time-zone <zone>] | classify --file <replies.jsonl>
      Classify a customer's SMS reply (English or Spanish: stop, help, pay, plan, survey score,
      already paid, dispute, hardship, wants a person, complaint, promise, other) and print the
      intent with the rule and phrase that decided it, as JSON. With --file, classify every labelled
      line ({ text, language, intent, surveyPending?, promise? }) and print a confusion summary; exit 1
      if any line is misread. [--now <ISO time>] resolves promise dates (default: now; for --file,
      2026-03-04T15:00:00Z, the time samples/replies.jsonl is labelled against).
  portal-reopen --account <id> --reason "<why>" --operator <name>
                [--state-table <name> --ledger-table <name> | --endpoint http://127.0.0.1:<port>]
      Reopen an account's portal access after its links were revoked (too many wrong answers to the
      check), once a person has confirmed who the customer is: removes the revoked counts of the
      account (and of the person behind it), on the condition that they are still revoked, and
      records a portal-reopened entry in the ledger (who, why, when). On AWS, the tables are the
      stack outputs StateTableName and LedgerTableName (or STATE_TABLE_NAME, LEDGER_TABLE_NAME);
      --endpoint works on the DynamoDB Local of a running \`amicable run --portal\`. Exit 0 reopened,
      1 nothing was revoked or no such account.
`;

export class UsageError extends Error {}

const out = (line: string) => process.stdout.write(`${line}\n`);

function parseUntil(text: string | undefined): Date | undefined {
  if (text === undefined) return undefined;
  const until = new Date(text);
  if (Number.isNaN(until.getTime())) throw new UsageError(`--until must be an ISO time such as 2027-01-31T00:00:00Z, got "${text}"`);
  return until;
}

function parseFaults(text: string | undefined, seedText: string): FaultPlan | undefined {
  const seed = Number(seedText);
  if (!Number.isInteger(seed)) throw new UsageError(`--seed must be a whole number, got "${seedText}"`);
  try {
    return text === undefined ? undefined : parseFaultPlan(text, seed);
  } catch (error) {
    if (error instanceof FaultPlanError) throw new UsageError(error.message);
    throw error;
  }
}

function parsePortalPort(portal: boolean, port: string | undefined): number | undefined {
  if (!portal && port === undefined) return undefined;
  const portalPort = port === undefined ? LOCAL_PORTAL_PORT : Number(port);
  if (!Number.isInteger(portalPort) || portalPort < 1 || portalPort > 65535)
    throw new UsageError(`--port must be a TCP port number, got "${port}"`);
  return portalPort;
}

/** A playbook shipped in playbooks/, by file name or id. */
function parsePlaybookName(name: string): Playbook {
  const found = shippedPlaybooks().find(name);
  if (!found) throw new UsageError(`--playbook must name a shipped playbook (a file in playbooks/), got "${name}"`);
  return found;
}

async function runCli(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      events: { type: 'string' },
      until: { type: 'string' },
      report: { type: 'string' },
      quiet: { type: 'boolean', default: false },
      portal: { type: 'boolean', default: false },
      port: { type: 'string' },
      faults: { type: 'string' },
      seed: { type: 'string', default: '1' },
      'allow-rejections': { type: 'boolean', default: false },
      placement: { type: 'string' },
      playbook: { type: 'string' },
    },
    strict: true,
  });
  if (values.placement !== undefined) return placementCli(values.placement, values);
  if (!values.events) throw new UsageError('run needs --events <file> (JSON lines of billing events) or --placement <file>');
  const faultPlan = parseFaults(values.faults, values.seed);
  const portalPort = parsePortalPort(values.portal, values.port);
  return runCommand({
    eventsFile: values.events,
    until: parseUntil(values.until),
    reportDir: values.report,
    quiet: values.quiet,
    ...(portalPort ? { portalPort } : {}),
    allowRejections: values['allow-rejections'],
    ...(faultPlan ? { faultPlan } : {}),
    ...(values.playbook !== undefined ? { playbook: parsePlaybookName(values.playbook) } : {}),
  });
}

async function placementCli(file: string, values: { events?: string; report?: string; quiet?: boolean }): Promise<number> {
  if (values.events) throw new UsageError('run takes --events or --placement, not both');
  try {
    return await placementCommand({ placementFile: file, reportDir: values.report, quiet: values.quiet });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new UsageError(`--placement: no such file ${file}`);
    throw error;
  }
}

async function decideCli(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { input: { type: 'string', short: 'i' } },
    strict: true,
    allowPositionals: true,
  });
  if (positionals.length > 0) throw new UsageError(`decide takes --input <file>, not "${positionals[0]}"`);
  return decideCommand({ input: values.input });
}

async function playbookCli(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { 'max-grade': { type: 'string' } }, strict: true, allowPositionals: true });
  const [sub, file, ...extra] = positionals;
  if (sub !== 'validate' && sub !== 'explain')
    throw new UsageError(`playbook needs validate <file> or explain <file>${sub ? `, not "${sub}"` : ''}`);
  if (!file) throw new UsageError(`playbook ${sub} needs a playbook file`);
  if (extra.length > 0) throw new UsageError(`playbook ${sub} takes one file, not also "${extra[0]}"`);
  const rawGrade = values['max-grade'];
  if (rawGrade !== undefined && sub !== 'validate') throw new UsageError('--max-grade is for playbook validate only');
  const maxGrade = rawGrade === undefined ? undefined : Number(rawGrade);
  if (maxGrade !== undefined && (rawGrade?.trim() === '' || !Number.isFinite(maxGrade) || maxGrade < 0)) {
    throw new UsageError(`--max-grade must be a school grade such as 8, got "${rawGrade}"`);
  }
  return sub === 'validate' ? playbookValidate(file, process.stdout, { maxGrade }) : playbookExplain(file);
}

/** A whole-number flag of simulate, within its range (the fallback when it is optional and absent). */
function integerFlag(flag: string, text: string | undefined, min: number, max: number, fallback?: number): number {
  if (text === undefined) {
    if (fallback !== undefined) return fallback;
    throw new UsageError(`simulate needs --${flag} <${min}..${max}>`);
  }
  const n = Number(text);
  if (!/^-?\d+$/.test(text.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new UsageError(`--${flag} must be a whole number from ${min} to ${max}, got "${text}"`);
  }
  return n;
}

function parsePlaybookList(text: string | undefined, champion: string | undefined): string[] {
  if (!text) throw new UsageError('simulate needs --playbooks <a,b,...> (names in playbooks/, paths, or "none" for a holdout)');
  const playbooks = text.split(',').map((p) => p.trim());
  if (playbooks.some((p) => p === '')) throw new UsageError(`--playbooks has an empty name: "${text}"`);
  const dup = playbooks.find((p, i) => playbooks.indexOf(p) !== i);
  if (dup) throw new UsageError(`--playbooks names ${dup} twice`);
  if (champion !== undefined && (!playbooks.includes(champion) || champion === 'none'))
    throw new UsageError(`--champion must be one of the playbooks simulated (not the holdout), got "${champion}"`);
  return playbooks;
}

async function simulateCli(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      accounts: { type: 'string' },
      days: { type: 'string' },
      seed: { type: 'string' },
      playbooks: { type: 'string' },
      champion: { type: 'string' },
      vary: { type: 'string' },
      report: { type: 'string' },
      behaviour: { type: 'string' },
      quiet: { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: true,
  });
  if (positionals.length > 0) throw new UsageError(`simulate takes flags only, not "${positionals[0]}"`);
  return simulateCommand({
    accounts: integerFlag('accounts', values.accounts, 1, 10_000_000),
    days: integerFlag('days', values.days, 1, 730),
    seed: integerFlag('seed', values.seed, 0, 4_294_967_295, 1),
    playbooks: parsePlaybookList(values.playbooks, values.champion),
    champion: values.champion,
    vary: values.vary === undefined ? undefined : parseVary(values.vary),
    reportDir: values.report,
    behaviourFile: values.behaviour,
    quiet: values.quiet,
  });
}

async function classifyCli(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      file: { type: 'string' },
      'survey-pending': { type: 'boolean', default: false },
      'time-zone': { type: 'string' },
      now: { type: 'string' },
    },
    strict: true,
    allowPositionals: true,
  });
  const text = positionals.join(' ');
  if (values.file !== undefined && positionals.length > 0)
    throw new UsageError(`classify takes a reply text or --file <replies.jsonl>, not both`);
  if (values.file === undefined && text.trim() === '')
    throw new UsageError('classify needs a reply text ("stop texting me") or --file <replies.jsonl>');
  const timeZone = values['time-zone'];
  if (timeZone !== undefined && !isValidTimeZone(timeZone))
    throw new UsageError(`--time-zone must be an IANA zone such as America/Chicago, got "${timeZone}"`);
  let now: Date | undefined;
  if (values.now !== undefined) {
    now = new Date(values.now);
    if (Number.isNaN(now.getTime())) throw new UsageError(`--now must be an ISO time such as 2026-03-04T15:00:00Z, got "${values.now}"`);
  }
  return classifyCommand({ text, file: values.file, now, timeZone, surveyPending: values['survey-pending'] }, out);
}

async function portalReopenCli(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      account: { type: 'string' },
      reason: { type: 'string' },
      operator: { type: 'string' },
      endpoint: { type: 'string' },
      'state-table': { type: 'string' },
      'ledger-table': { type: 'string' },
    },
    strict: true,
    allowPositionals: true,
  });
  if (positionals.length > 0) throw new UsageError(`portal-reopen takes flags only, not "${positionals[0]}"`);
  return portalReopenCommand({ ...values, stateTable: values['state-table'], ledgerTable: values['ledger-table'] }, out);
}

const COMMANDS: Record<string, (args: string[]) => Promise<number>> = {
  run: runCli,
  decide: decideCli,
  playbook: playbookCli,
  simulate: simulateCli,
  classify: classifyCli,
  'portal-reopen': portalReopenCli,
};

/** Errors that are the user's to fix (a flag, a file, a request): one line and exit 2. */
const USER_ERRORS = [
  'EventFileError',
  'DecideRequestError',
  'PlaybookFileError',
  'PlaybookCommandError',
  'SimulateError',
  'BehaviourError',
  'VaryError',
  'ChampionError',
  'ClassifyFileError',
  'PortalReopenError',
  'PlacementFileError',
];

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || ['help', '--help', '-h'].includes(command)) {
    process.stdout.write(USAGE);
    return command === undefined ? 2 : 0;
  }
  try {
    const run = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
    if (!run) throw new UsageError(`unknown command "${command}"; try: amicable help`);
    return await run(rest);
  } catch (error) {
    const e = error as Error & { code?: string };
    process.stderr.write(`amicable: ${e.message}\n`);
    const usersToFix = error instanceof UsageError || e.code?.startsWith('ERR_PARSE_ARGS') || USER_ERRORS.includes(e.name);
    return usersToFix ? 2 : 1;
  }
}
