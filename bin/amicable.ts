/**
 * The amicable CLI. Every command answers a bad flag or file with one line naming the problem and a
 * non-zero exit code; no stack traces for user mistakes.
 */
import { parseArgs } from 'node:util';
import { runCommand } from '../local/run-command';

const USAGE = `usage: amicable <command> [options]

commands:
  run --events <file> [--until <ISO time>] [--report <dir>] [--quiet]
      Run the whole system on this machine (DynamoDB Local, the real state machine, the real
      handlers, a channel sink, virtual time) over billing events in a JSON-lines file.
`;

export class UsageError extends Error {}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'run': {
        const { values } = parseArgs({
          args: rest,
          options: {
            events: { type: 'string' },
            until: { type: 'string' },
            report: { type: 'string' },
            quiet: { type: 'boolean', default: false },
          },
          strict: true,
        });
        if (!values.events) throw new UsageError('run needs --events <file> (JSON lines of billing events)');
        let until: Date | undefined;
        if (values.until !== undefined) {
          until = new Date(values.until);
          if (Number.isNaN(until.getTime())) throw new UsageError(`--until must be an ISO time such as 2027-01-31T00:00:00Z, got "${values.until}"`);
        }
        return await runCommand({ eventsFile: values.events, until, reportDir: values.report, quiet: values.quiet });
      }
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        process.stdout.write(USAGE);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command "${command}"; try: amicable help`);
    }
  } catch (error) {
    const e = error as Error & { code?: string };
    if (error instanceof UsageError || e.code?.startsWith('ERR_PARSE_ARGS') || e.name === 'EventFileError') {
      process.stderr.write(`amicable: ${e.message}\n`);
      return 2;
    }
    process.stderr.write(`amicable: ${e.message}\n`);
    return 1;
  }
}
