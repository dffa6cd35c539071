/**
 * `amicable classify`: what the reply classifier makes of one SMS reply (printed as JSON), or of every
 * labelled reply in a JSON-lines file (a confusion summary per expected intent; exit 1 when any line is
 * misread), then the evaluation (accuracy per language and intent, safety precision and recall, the
 * confusion matrix: reply-evaluation.ts). Replies files are labelled as of a fixed moment: promise dates in samples/replies.jsonl are
 * resolved against REPLIES_REFERENCE_NOW in America/New_York unless another now/zone is given.
 */
import { readFile } from 'node:fs/promises';
import * as z from 'zod';
import { classifyReply, type ReplyClassification } from '../functions/domain/conversations/classify';
import { REPLY_INTENTS, type ReplyIntent } from '../functions/domain/conversations/reply-phrases';
import { describeIssues } from '../functions/domain/zod-issues';
import { evaluationLines, type Reading } from './reply-evaluation';

export class ClassifyFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ClassifyFileError';
  }
}

/** The moment the shipped replies file is labelled against (a Wednesday, 10:00 in New York). */
export const REPLIES_REFERENCE_NOW = new Date('2026-03-04T15:00:00Z');
export const REPLIES_REFERENCE_TIME_ZONE = 'America/New_York';

export const labelledReplySchema = z.strictObject({
  text: z.string(),
  language: z.enum(['en', 'es']),
  intent: z.enum(REPLY_INTENTS),
  surveyPending: z.boolean().optional(),
  promise: z.strictObject({ date: z.iso.date().optional(), amount: z.number().positive().optional() }).optional(),
});
export type LabelledReply = z.infer<typeof labelledReplySchema>;

/** Reads a replies JSON-lines file; a bad line throws ClassifyFileError naming the file and line. */
export async function readLabelledReplies(file: string): Promise<LabelledReply[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ClassifyFileError(`cannot read replies file ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const replies: LabelledReply[] = [];
  for (const [i, line] of text.split('\n').entries()) {
    if (line.trim() === '') continue;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (error) {
      throw new ClassifyFileError(`${file}:${i + 1}: not valid JSON (${(error as Error).message})`);
    }
    const parsed = labelledReplySchema.safeParse(json);
    if (!parsed.success) throw new ClassifyFileError(`${file}:${i + 1}: ${describeIssues(parsed.error).join('; ')}`);
    replies.push(parsed.data);
  }
  if (replies.length === 0) throw new ClassifyFileError(`${file} has no replies`);
  return replies;
}

/** What is wrong with a classification against its label, or undefined when it is right. */
export function mismatch(reply: LabelledReply, got: ReplyClassification): string | undefined {
  if (got.intent !== reply.intent)
    return `got ${got.intent} (${got.ruleId}${got.matched ? ` "${got.matched}"` : ''}), expected ${reply.intent}`;
  for (const key of ['date', 'amount'] as const) {
    const expected = reply.promise?.[key];
    if (expected !== undefined && got.promise?.[key] !== expected)
      return `promise ${key} ${got.promise?.[key] ?? 'none'}, expected ${expected}`;
  }
  return undefined;
}

export interface ClassifyCommandOptions {
  text?: string;
  file?: string;
  now?: Date;
  timeZone?: string;
  surveyPending?: boolean;
}

export async function classifyCommand(opts: ClassifyCommandOptions, out: (line: string) => void): Promise<number> {
  if (opts.file === undefined) {
    const result = classifyReply(opts.text ?? '', {
      now: opts.now ?? new Date(),
      timeZone: opts.timeZone,
      surveyPending: opts.surveyPending,
    });
    out(JSON.stringify(result, null, 2));
    return 0;
  }
  const replies = await readLabelledReplies(opts.file);
  const context = { now: opts.now ?? REPLIES_REFERENCE_NOW, timeZone: opts.timeZone ?? REPLIES_REFERENCE_TIME_ZONE };
  const byIntent = new Map<ReplyIntent, { count: number; correct: number; wrong: string[] }>();
  const languages = new Map<string, number>();
  const readings: Reading[] = [];
  let wrong = 0;
  for (const reply of replies) {
    const got = classifyReply(reply.text, { ...context, surveyPending: reply.surveyPending });
    readings.push({ expected: reply.intent, got: got.intent, language: reply.language });
    const row = byIntent.get(reply.intent) ?? { count: 0, correct: 0, wrong: [] };
    byIntent.set(reply.intent, row);
    row.count++;
    languages.set(reply.language, (languages.get(reply.language) ?? 0) + 1);
    const problem = mismatch(reply, got);
    if (problem) {
      wrong++;
      row.wrong.push(`    ${JSON.stringify(reply.text)} (${reply.language}): ${problem}`);
    } else row.correct++;
  }
  out(
    `${replies.length} replies (${[...languages].map(([l, n]) => `${l} ${n}`).join(', ')}) as of ${context.now.toISOString()} in ${context.timeZone}`,
  );
  out(`${'expected'.padEnd(14)}${'count'.padStart(6)}${'correct'.padStart(9)}`);
  for (const intent of REPLY_INTENTS) {
    const row = byIntent.get(intent);
    if (!row) continue;
    out(`${intent.padEnd(14)}${String(row.count).padStart(6)}${String(row.correct).padStart(9)}`);
    for (const line of row.wrong) out(line);
  }
  for (const line of evaluationLines(readings)) out(line);
  out(wrong === 0 ? `all ${replies.length} replies classified as labelled` : `${wrong} of ${replies.length} replies misclassified`);
  return wrong === 0 ? 0 : 1;
}
