/**
 * The words the reply classifier knows. The data lives in two JSON files, checked here when loaded:
 *   - reply-phrases.json: every phrase with its intent and language, grouped in the order written, so an
 *     explanation can name exactly what matched. Phrases are in the classifier's normal form (lower case,
 *     no accents, contractions spelled out: "can't" -> "can not", "I'll" -> "i will") and are matched as
 *     whole words. Every phrase is at most 20 characters: the audit trail names the phrase, never a
 *     customer's whole message. Revocation phrases (FCC 24-24 "any reasonable means") come first.
 *   - reply-words.json: keywords, fillers, SMS shorthand, language hints, and the date and amount words
 *     a promise is read with (described at each export below).
 */
import * as z from '../zod';
import phraseData from './reply-phrases.json';
import wordData from './reply-words.json';

export const REPLY_INTENTS = [
  'stop',
  'help',
  'pay',
  'plan',
  'survey-score',
  'already-paid',
  'dispute',
  'hardship',
  'wants-person',
  'complaint',
  'promise',
  'wrong-number',
  'attorney',
  'bankruptcy',
  'deceased',
  'restrict-time-or-place',
  'restrict-medium',
  'third-party',
  'other',
] as const;
export type ReplyIntent = (typeof REPLY_INTENTS)[number];

export type ReplyLanguage = 'en' | 'es';

const KEYWORD_INTENTS = ['stop', 'help', 'pay', 'plan'] as const;

/** A one-word (or fixed two-word) reply: STOP, HELP, PAY, PLAN and their Spanish forms. */
export interface ReplyKeyword {
  keyword: string;
  intent: (typeof KEYWORD_INTENTS)[number];
  /** undefined when the word is the same in both languages (PLAN, INFO). */
  language?: ReplyLanguage;
}

/** Intents a phrase anywhere in the reply can signal (a survey score and 'other' are never phrases). */
export type PhraseIntent = Exclude<ReplyIntent, 'survey-score' | 'other'>;
const PHRASE_INTENTS = REPLY_INTENTS.filter((i): i is PhraseIntent => i !== 'survey-score' && i !== 'other');

export interface ReplyPhrase {
  phrase: string;
  intent: PhraseIntent;
  language: ReplyLanguage;
}

const language = z.enum(['en', 'es']);
const words = z.array(z.string().check(z.minLength(1)));
const numbers = z.record(z.string(), z.number().check(z.int()));

const phrasesSchema = z.strictObject({
  phrases: z.array(
    z.strictObject({ intent: z.enum(PHRASE_INTENTS), language, phrases: z.array(z.string().check(z.minLength(1), z.maxLength(20))) }),
  ),
});
const wordsSchema = z.strictObject({
  keywords: z.array(z.strictObject({ intent: z.enum(KEYWORD_INTENTS), language: z.optional(language), keywords: words })),
  keywordFillers: words,
  stopFillers: words,
  shorthand: z.record(z.string(), z.string()),
  illAsIWillBefore: words,
  languageHints: z.strictObject({ en: words, es: words }),
  weekdayWords: numbers,
  monthWords: z.strictObject({ en: numbers, es: numbers }),
  countWords: numbers,
  currencyWords: words,
  payingVerbs: words,
});

const PHRASES = phrasesSchema.parse(phraseData);
const WORDS = wordsSchema.parse(wordData);

/**
 * STOP keywords count when they are a whole sentence of the reply ("Stop.", "STOP!!", "ok. stop");
 * HELP, PAY and PLAN only when they are the whole reply. FCC 24-24: STOP, QUIT, END, REVOKE, OPT OUT,
 * CANCEL and UNSUBSCRIBE always revoke consent.
 */
export const REPLY_KEYWORDS: readonly ReplyKeyword[] = WORDS.keywords.flatMap(({ intent, language: lang, keywords }) =>
  keywords.map((keyword) => ({ keyword, intent, language: lang })),
);

/** Courtesy words ignored around a keyword: "stop please", "PLAN por favor", "pay now". */
export const KEYWORD_FILLERS: readonly string[] = WORDS.keywordFillers;

/** Also ignored around a STOP keyword (but not around PAY: "ya pago" may be "ya pagó", it is paid). */
export const STOP_FILLERS: readonly string[] = WORDS.stopFillers;

/** Every known phrase, in the order written. */
export const REPLY_PHRASES: readonly ReplyPhrase[] = PHRASES.phrases.flatMap(({ intent, language: lang, phrases }) =>
  phrases.map((phrase) => ({ phrase, intent, language: lang })),
);

const NEGATORS = ['not', 'never', 'no', 'nunca', 'ni', 'unable'];

/**
 * A phrase of these intents does not count when one of these words comes up to three words before it
 * in the same sentence: "I have not paid it", "you will pay", "if I pay", "when I get paid friday".
 */
export const CANCELLED_BY: Partial<Record<PhraseIntent, readonly string[]>> = {
  promise: [...NEGATORS, 'you', 'they', 'he', 'she', 'who', 'if', 'how', 'where', 'why', 'what', 'donde', 'como', 'si'],
  'already-paid': [...NEGATORS, 'get', 'gets', 'got', 'getting', 'will', 'until', 'when', 'once', 'if', 'did', 'si'],
  'wants-person': NEGATORS,
};

/** Phrases of these intents do not count inside a question: "can I pay on friday?" is not a promise. */
export const NOT_IN_QUESTIONS: readonly PhraseIntent[] = ['promise'];

/** SMS shorthand and contractions without apostrophes, rewritten before matching. */
export const SHORTHAND: Readonly<Record<string, string>> = WORDS.shorthand;

/** "ill pay", "ill be": "ill" before one of these verbs is "I'll", otherwise it means sick. */
export const ILL_AS_I_WILL_BEFORE: readonly string[] = WORDS.illAsIWillBefore;

/** Words that hint at the language of a reply no phrase decided. */
export const LANGUAGE_HINTS: Readonly<Record<ReplyLanguage, readonly string[]>> = WORDS.languageHints;

/** Date words for reading a promise's date. Weekdays: 0 = Sunday. */
export const WEEKDAY_WORDS: Readonly<Record<string, number>> = WORDS.weekdayWords;

export const MONTH_WORDS: Readonly<Record<ReplyLanguage, Readonly<Record<string, number>>>> = WORDS.monthWords;

/** "in two weeks", "en dos semanas". */
export const COUNT_WORDS: Readonly<Record<string, number>> = WORDS.countWords;

/** Words after a number that make it money: "50 dollars", "50 dolares", "20 pounds". */
export const CURRENCY_WORDS: readonly string[] = WORDS.currencyWords;

/** Verbs after which a bare number is an amount: "I can pay 50 on the 15th", "puedo pagar 50 el 15". */
export const PAYING_VERBS: readonly string[] = WORDS.payingVerbs;
