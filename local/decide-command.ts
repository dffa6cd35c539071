/**
 * `amicable decide`: one decision for one JSON request, printed as JSON with every rule that shaped it.
 * For compliance teams and auditors: the request names the account, its contact history (and the
 * person's other debts'), the time, and optionally a jurisdiction profile and a playbook; the same
 * engine the journey uses answers. A malformed request gets one line naming each bad path, exit 2.
 */
import { readFile } from 'node:fs/promises';
import { decide } from '../functions/domain/decide';
import { describeIssues } from '../functions/domain/zod-issues';
import { DEFAULT_PLAYBOOK } from '../functions/domain/playbook';
import { decideRequestSchema, type DecideRequest } from '../functions/domain/rules/decide-schema';
import { compileProfile, ProfileError } from '../functions/domain/rules/profile';
import type { CompiledProfile } from '../functions/domain/rules/types';
import type { Account, HistoryEntry } from '../functions/domain/types';
import type { Decision } from '../functions/domain/decision-types';

export class DecideRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DecideRequestError';
  }
}

const MAX_PROBLEMS_SHOWN = 5;

/** Validates a parsed request and decides; throws DecideRequestError naming every bad path on one line. */
export function decideFromRequest(json: unknown): Decision {
  const result = decideRequestSchema.safeParse(json);
  if (!result.success) {
    const problems = describeIssues(result.error);
    const shown = problems.slice(0, MAX_PROBLEMS_SHOWN).join('; ');
    const more = problems.length > MAX_PROBLEMS_SHOWN ? `; and ${problems.length - MAX_PROBLEMS_SHOWN} more` : '';
    throw new DecideRequestError(`invalid decide request: ${shown}${more}`);
  }
  const request: DecideRequest = result.data;
  const { account: a } = request;
  const account: Account = {
    ...a,
    amountOverdue: a.amountOverdue ?? a.balance,
    updatedAt: a.updatedAt ?? a.openedAt,
    channels: a.channels ?? { sms: { optedOut: false }, email: { optedOut: false }, voice: { optedOut: false } },
  };
  let profile: CompiledProfile | undefined;
  if (typeof request.jurisdiction === 'string') account.jurisdiction = request.jurisdiction;
  else if (request.jurisdiction) {
    try {
      profile = compileProfile(request.jurisdiction);
    } catch (error) {
      if (error instanceof ProfileError)
        throw new DecideRequestError(`invalid decide request: jurisdiction: ${error.message.replace(/\s*\n\s*/g, ' ')}`);
      throw error;
    }
  }
  return decide({
    account,
    history: request.history as HistoryEntry[],
    playbook: request.playbook ?? DEFAULT_PLAYBOOK,
    now: new Date(request.now),
    profile,
    businessTimeZone: request.businessTimeZone,
    collectorType: request.collectorType,
    voicemailBusinessName: request.voicemailBusinessName,
  });
}

/** Parses request text (a file's or stdin's) and decides. */
export function decideFromText(text: string, source: string): Decision {
  if (text.trim() === '') throw new DecideRequestError(`${source} is empty; expected one JSON decide request`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new DecideRequestError(`${source} is not valid JSON: ${(error as Error).message}`);
  }
  return decideFromRequest(json);
}

async function readStdin(stdin: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

export interface DecideCommandOptions {
  /** A file, or '-' (or undefined) for stdin. */
  input?: string;
  stdin?: NodeJS.ReadableStream & { isTTY?: boolean };
  out?: { write(text: string): unknown };
}

export async function decideCommand(options: DecideCommandOptions): Promise<number> {
  const stdin = options.stdin ?? process.stdin;
  const out = options.out ?? process.stdout;
  let text: string;
  let source: string;
  if (options.input === undefined || options.input === '-') {
    if (options.input === undefined && stdin.isTTY) {
      throw new DecideRequestError('decide needs --input <file>, or a request piped on stdin (--input -)');
    }
    text = await readStdin(stdin);
    source = 'stdin';
  } else {
    source = options.input;
    try {
      text = await readFile(options.input, 'utf8');
    } catch (error) {
      const e = error as NodeJS.ErrnoException;
      throw new DecideRequestError(`cannot read request file ${options.input}: ${e.code ?? e.message}`);
    }
  }
  const decision = decideFromText(text, source);
  out.write(`${JSON.stringify(decision, null, 2)}\n`);
  return 0;
}
