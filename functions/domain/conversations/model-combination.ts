/**
 * The rules and the reply model together. The rules and their safety floor decide first and the model
 * cannot outvote them: it fills in only where the rules found nothing ('other'), and it may add caution
 * (an intent the safety floor ranks safer than the rules' reading, which is then kept in `also`), never
 * take it away. Both steps need the model to be sure: a guess it is unsure of stays with a person.
 */
import type { ModelReading } from './reply-model';
import type { ReplyClassification } from './reply-reading';
import type { ReplyIntent } from './reply-phrases';
import { SAFETY_ORDER, type DecidingIntent } from './safety-floor';

/**
 * The model's probability needed to read a reply the rules could not (0.7: 93% of such readings were
 * right in 4-fold cross-validation on the train split, never the test split). Never a promise: that
 * needs the rules' clear words and a date, and a revocation misread as one would keep collecting.
 */
export const FILL_THRESHOLD = 0.7;
const NEVER_FILLED: readonly ReplyIntent[] = ['promise', 'other'];
/** The model's probability needed to override the rules with a safer reading (cross-validated as above). */
export const CAUTION_THRESHOLD = 0.9;
/** A rule that matched is explainable and sure; the model's numbers are probabilities. */
const RULE_CONFIDENCE = 1;

const rank = (intent: ReplyIntent): number => SAFETY_ORDER.indexOf(intent as DecidingIntent);
const percent = (p: number) => `${Math.round(100 * p)}%`;

/** The reading of rules and model together; `confidence` says how sure it is. */
export function withModelReading(rules: ReplyClassification, model: ModelReading): ReplyClassification {
  const { intent, probability } = model;
  if (rules.ruleId === 'fallback.other') {
    if (!NEVER_FILLED.includes(intent) && probability >= FILL_THRESHOLD) {
      return {
        intent,
        ...(rules.language ? { language: rules.language } : {}),
        ruleId: `model.${intent}`,
        explanation: `No keyword or known phrase decided the reply; the reply model reads it as ${intent} (${percent(probability)} sure).`,
        confidence: probability,
      };
    }
    return { ...rules, confidence: intent === 'other' ? probability : 1 - probability };
  }
  const safer = intent !== 'other' && rank(intent) < rank(rules.intent);
  if (!safer || probability < CAUTION_THRESHOLD) return { ...rules, confidence: RULE_CONFIDENCE };
  const also = [...new Set([rules.intent, ...(rules.also ?? [])])].filter((i) => i !== intent);
  const kept: ReplyClassification = { ...rules };
  delete kept.matched; // the rules' match is named in the explanation; it no longer decides
  return {
    ...kept,
    intent,
    ruleId: `model.${intent}`,
    explanation: `The reply model reads ${intent} (${percent(probability)} sure), safer than the rules' ${rules.intent}, which is kept. Rules: ${rules.explanation}`,
    also,
    confidence: probability,
  };
}
