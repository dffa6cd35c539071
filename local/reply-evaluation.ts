/**
 * How well the reply classifier reads a labelled set: accuracy overall, per language and per intent,
 * precision and recall of every safety intent, the replies whose safety intent was read as something
 * that keeps collecting, the share that falls to `other`, and the confusion matrix. Pure: it prints
 * nothing, `amicable classify --file` and the conversation benchmark print its lines.
 */
import { SAFETY_INTENTS as SAFETY_SIGNALS } from '../functions/domain/conversations/second-reading';
import { REPLY_INTENTS, type ReplyIntent, type ReplyLanguage } from '../functions/domain/conversations/reply-phrases';

/** The domain's safety signals, as intents to count in the evaluation. */
export const SAFETY_INTENTS: readonly ReplyIntent[] = SAFETY_SIGNALS;

/** Readings whose handling goes on collecting automatically: a safety reply must never land here. */
export const COLLECTING_INTENTS: readonly ReplyIntent[] = ['pay', 'plan', 'promise', 'survey-score', 'help'];

export interface Reading {
  expected: ReplyIntent;
  got: ReplyIntent;
  language: ReplyLanguage;
}

const percent = (n: number, of: number) => (of === 0 ? 'n/a' : `${((100 * n) / of).toFixed(1)}%`);

function accuracyLine(label: string, readings: readonly Reading[]): string {
  const right = readings.filter((r) => r.expected === r.got).length;
  return `${label.padEnd(24)}${percent(right, readings.length).padStart(7)}  (${right}/${readings.length})`;
}

function safetyLines(readings: readonly Reading[]): string[] {
  const lines = [`${'safety intent'.padEnd(24)}${'precision'.padStart(10)}${'recall'.padStart(10)}`];
  for (const intent of SAFETY_INTENTS) {
    const predicted = readings.filter((r) => r.got === intent);
    const actual = readings.filter((r) => r.expected === intent);
    const hits = actual.filter((r) => r.got === intent).length;
    lines.push(`${intent.padEnd(24)}${percent(hits, predicted.length).padStart(10)}${percent(hits, actual.length).padStart(10)}`);
  }
  const unsafe = readings.filter((r) => SAFETY_INTENTS.includes(r.expected) && COLLECTING_INTENTS.includes(r.got)).length;
  lines.push(`safety replies read as collecting: ${unsafe}`);
  return lines;
}

function confusionLines(readings: readonly Reading[]): string[] {
  const intents = REPLY_INTENTS.filter((i) => readings.some((r) => r.expected === i || r.got === i));
  const lines = [`confusion (rows expected, columns read as): ${intents.map((i, n) => `${n + 1}=${i}`).join(' ')}`];
  lines.push(`${''.padEnd(24)}${intents.map((_, n) => String(n + 1).padStart(5)).join('')}`);
  for (const expected of intents) {
    const row = intents.map((got) => String(readings.filter((r) => r.expected === expected && r.got === got).length).padStart(5));
    lines.push(`${expected.padEnd(24)}${row.join('')}`);
  }
  return lines;
}

export function evaluationLines(readings: readonly Reading[]): string[] {
  const lines = [accuracyLine('accuracy', readings)];
  for (const language of ['en', 'es'] as const) {
    lines.push(
      accuracyLine(
        `  ${language}`,
        readings.filter((r) => r.language === language),
      ),
    );
  }
  for (const intent of REPLY_INTENTS) {
    const of = readings.filter((r) => r.expected === intent);
    if (of.length > 0) lines.push(accuracyLine(`  ${intent}`, of));
  }
  const other = readings.filter((r) => r.got === 'other').length;
  lines.push(`read as other: ${percent(other, readings.length)} (${other}/${readings.length})`);
  // The labelled 'other' replies ("ok", "thanks") are right to fall to a person; the rest are the misses.
  const labelled = readings.filter((r) => r.expected !== 'other');
  const missed = labelled.filter((r) => r.got === 'other').length;
  lines.push(`replies with an intent read as other: ${percent(missed, labelled.length)} (${missed}/${labelled.length})`);
  return [...lines, ...safetyLines(readings), ...confusionLines(readings)];
}
