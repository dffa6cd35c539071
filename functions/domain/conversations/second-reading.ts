/**
 * A second reading of a reply the rules could not place (an optional language model, see
 * functions/adapters/bedrock-reply-interpreter.ts) may only add caution. It is asked only when the local
 * reading is 'other' (a person would read the reply anyway), and its answer is taken only when it is a
 * protective intent: one whose handling stops, limits or hands over contact. It never replaces what the
 * rules found, and never turns a reply into a payment, a plan or a promise: a model's mistake must fall
 * to more care, never to more collecting.
 */
import type { ReplyClassification } from './classify';
import type { ReplyIntent } from './reply-phrases';

/** Safety signals: revocation, wrong party, legal status, dispute, complaint. Never read as anything that keeps collecting. */
export const SAFETY_INTENTS = [
  'stop',
  'wrong-number',
  'attorney',
  'bankruptcy',
  'deceased',
  'dispute',
  'complaint',
] as const satisfies readonly ReplyIntent[];

/** The intents a second reading may decide: each one protects the customer (revocation, legal status, limits, a person). */
export const PROTECTIVE_INTENTS = [
  ...SAFETY_INTENTS,
  'restrict-medium',
  'restrict-time-or-place',
  'third-party',
  'hardship',
  'wants-person',
] as const satisfies readonly ReplyIntent[];

export type ProtectiveIntent = (typeof PROTECTIVE_INTENTS)[number];

const PROTECTIVE = new Set<ReplyIntent>(PROTECTIVE_INTENTS);

export const isProtective = (intent: ReplyIntent): intent is ProtectiveIntent => PROTECTIVE.has(intent);

/** Only a reply the rules left as 'other' is worth a second reading: anything they found stands. */
export const wantsSecondReading = (local: ReplyClassification): boolean => local.intent === 'other';

/**
 * The reading that stands: the model's intent when the rules found nothing and the model's intent is
 * protective, otherwise the local reading unchanged. A restriction read by the model carries no details:
 * the lifecycle then hands the account to a person to confirm what is limited.
 */
export function withSecondReading(local: ReplyClassification, modelIntent: ReplyIntent, modelId: string): ReplyClassification {
  if (!wantsSecondReading(local) || !isProtective(modelIntent)) return local;
  return {
    intent: modelIntent,
    ...(local.language ? { language: local.language } : {}),
    ruleId: `model.${modelIntent}`,
    explanation: `No known words matched; the language model ${modelId} read the reply as ${modelIntent}, and a protective reading is always taken.`,
  };
}
