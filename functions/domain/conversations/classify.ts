/**
 * What does a customer's SMS reply mean? Explainable rules for English and Spanish, then a reply model.
 *
 * The reply is normalised (normalise.ts: case, accents, spaced and stretched letters, shorthand, one-letter
 * typos of known words), then every signal in it is collected:
 *   - a STOP keyword as a whole sentence ("Stop.", "ok. STOP!!", "BAJA"), also one typo away ("Stpo", "sotp");
 *   - HELP / PAY / PLAN keywords when they are the whole reply;
 *   - a 1-5 survey score when a survey question is pending;
 *   - known phrases of every intent anywhere ("stop texting me", "who is this", "plan de pagos",
 *     "my lawyer", "only after 6pm"), unless a negation or a question sets them aside.
 * The safety floor (safety-floor.ts) then decides: the safest signal wins and the others are kept in
 * `also`, so "I already paid, stop texting" opts out and records the payment claim. The reply model
 * (reply-model.ts, model-combination.ts) then reads where the rules found nothing and may add caution,
 * never remove it. Nothing found by either: 'other', a person reads it. A mistake must fall to a person,
 * never to more automated pressure: promises need clear words, and negated or questioned promises
 * ("I can't pay", "can I pay friday?") do not count.
 *
 * Pure: no I/O. The phrase lists are data (reply-phrases.json, reply-words.json), signals in rule-signals.ts.
 */
import { readSentences } from './known-words';
import { withModelReading } from './model-combination';
import type { Sentence } from './normalise';
import { findPhrases } from './phrase-matching';
import { readPromise } from './read-promise';
import { readByModel } from './reply-model';
import type { ClassifyContext, ReplyClassification } from './reply-reading';
import { restrictedMedia, restrictedTimes, type ReplyRestriction } from './restriction';
import { hintedLanguage, keywordSignals, phraseSignals, revocationSignals, spanishPromiseSignals, surveySignals } from './rule-signals';
import { safestFirst } from './safety-floor';

export type { ClassifyContext, ReplyClassification } from './reply-reading';

/** What the reply means: the rules and their safety floor, then the model (model-combination.ts). */
export function classifyReply(text: string, context: ClassifyContext): ReplyClassification {
  const sentences = readSentences(text);
  const words = sentences.flatMap((s) => s.words);
  const reading = withModelReading(readByRules(text, sentences, context), readByModel(sentences));
  return withDetails(reading, words, context);
}

/** The rules alone (no model, no details): what the safety floor decides from the signals found. */
export function readByRules(text: string, sentences: readonly Sentence[], context: ClassifyContext): ReplyClassification {
  const words = sentences.flatMap((s) => s.words);
  const matches = findPhrases(sentences);
  const signals = safestFirst([
    ...keywordSignals(sentences, words),
    ...surveySignals(text, sentences, context),
    ...phraseSignals(matches, words),
    ...revocationSignals(sentences),
    ...spanishPromiseSignals(sentences, words, context),
  ]);
  const ignored = matches
    .filter((m) => m.cancelledBy)
    .map((m) => ` Ignored "${m.entry.phrase}" (${m.entry.intent}): ${m.cancelledBy}.`)
    .join('');
  const decided = signals[0];
  if (!decided) {
    return {
      intent: 'other',
      language: hintedLanguage(words),
      ruleId: 'fallback.other',
      explanation: `No keyword or known phrase decided the reply; a person should read it.${ignored}`,
    };
  }
  const also = [...new Set(signals.map((s) => s.intent))].filter((i) => i !== decided.intent);
  return {
    intent: decided.intent,
    language: decided.language ?? hintedLanguage(words),
    ruleId: decided.ruleId,
    matched: decided.matched,
    explanation: `${decided.explanation}${also.length > 0 ? ` Also found ${also.join(', ')}; ${decided.intent} is the safest reading and decides, the others are kept.` : ''}${ignored}`,
    ...(also.length > 0 ? { also } : {}),
    ...(decided.score !== undefined ? { score: decided.score } : {}),
  };
}

/** The promise read from a promise, the limits read from a restriction (deciding or kept). */
function withDetails(result: ReplyClassification, words: readonly string[], context: ClassifyContext): ReplyClassification {
  const intents = [result.intent, ...(result.also ?? [])];
  if (result.intent === 'promise') {
    const promise = readPromise(words, context, result.language ?? 'en');
    result.promise = promise;
    const parts = [
      promise.amount !== undefined ? `amount ${promise.amount}` : 'no amount',
      promise.date ? `date ${promise.date}` : 'no date',
    ];
    result.explanation += ` Read from it: ${parts.join(', ')}.`;
  }
  const restriction: ReplyRestriction = {
    ...(intents.includes('restrict-time-or-place') ? restrictedTimes(words) : {}),
    ...(intents.includes('restrict-medium') ? { channels: restrictedMedia(words) } : {}),
  };
  if (Object.keys(restriction).length > 0) result.restriction = restriction;
  return result;
}
