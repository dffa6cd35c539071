/**
 * What the reply reader answers (ReplyClassification) and what it needs to know (ClassifyContext).
 * Kept apart so the rules, the model and the combination share them without importing each other.
 */
import type { ReplyRestriction } from './restriction';
import type { ReplyIntent } from './reply-phrases';

export interface ReplyClassification {
  intent: ReplyIntent;
  /** Language detected from the words matched (undefined when nothing told). */
  language?: 'en' | 'es';
  /** Stable id of the rule that decided, e.g. 'keyword.stop', 'phrase.hardship', 'fallback.other'. */
  ruleId: string;
  /** The keyword or phrase that matched (lower-cased), for the audit trail. Never the whole message. */
  matched?: string;
  /** Plain words for the timeline/auditor: why this intent (no PII, do not echo the whole message). */
  explanation: string;
  /** Other intents the reply also carried, safest first; their records are kept, they do not decide. */
  also?: ReplyIntent[];
  /** intent 'promise': what could be read from the reply. date is YYYY-MM-DD in the customer's zone. */
  promise?: { amount?: number; date?: string };
  /** intent 'survey-score': 1..5 */
  score?: number;
  /** intents 'restrict-medium' and 'restrict-time-or-place' (also when only kept in `also`): what is limited. */
  restriction?: ReplyRestriction;
  /**
   * How sure the reading is, 0..1: 1 when a keyword, phrase, pattern or score rule decided; the model's
   * probability when the model decided or when nothing was found ('other'). Low: a person (or a larger
   * model) should read it.
   */
  confidence?: number;
}

export interface ClassifyContext {
  now: Date;
  /** IANA zone used to resolve relative dates ("Friday", "tomorrow", "el 15") */
  timeZone?: string;
  /** a 1-5 satisfaction question was sent and not yet answered */
  surveyPending?: boolean;
}
