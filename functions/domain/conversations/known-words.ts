/**
 * The words the reply reader knows: every word of its phrases, keywords, fillers, and date words.
 * A token one typo away from one of them is read as it (normalise.ts), for the rules and the model alike.
 */
import { Vocabulary, toSentences, type Sentence } from './normalise';
import { DATE_WORDS } from './read-promise';
import {
  COUNT_WORDS,
  CURRENCY_WORDS,
  ILL_AS_I_WILL_BEFORE,
  KEYWORD_FILLERS,
  LANGUAGE_HINTS,
  MONTH_WORDS,
  PAYING_VERBS,
  REPLY_KEYWORDS,
  REPLY_PHRASES,
  SHORTHAND,
  STOP_FILLERS,
  WEEKDAY_WORDS,
} from './reply-phrases';

/** Survey scores written as words. */
export const SCORE_NAMES: Readonly<Record<string, number>> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  uno: 1,
  dos: 2,
  tres: 3,
  cuatro: 4,
  cinco: 5,
};

const VOCABULARY = new Vocabulary(
  [
    ...REPLY_PHRASES.map((p) => p.phrase),
    ...REPLY_KEYWORDS.map((k) => k.keyword),
    ...KEYWORD_FILLERS,
    ...STOP_FILLERS,
    ...Object.values(SHORTHAND),
    ...LANGUAGE_HINTS.en,
    ...LANGUAGE_HINTS.es,
    ...PAYING_VERBS,
    ...CURRENCY_WORDS,
    ...ILL_AS_I_WILL_BEFORE,
    ...Object.keys(COUNT_WORDS),
    ...Object.keys(WEEKDAY_WORDS),
    ...Object.keys(MONTH_WORDS.en),
    ...Object.keys(MONTH_WORDS.es),
    ...Object.keys(SCORE_NAMES),
    ...DATE_WORDS,
  ].flatMap((p) => p.split(' ')),
  REPLY_KEYWORDS.filter((k) => k.intent === 'stop' && !k.keyword.includes(' ')).map((k) => k.keyword),
);

/** A reply in the reader's normal form, cut into sentences. */
export const readSentences = (text: string): Sentence[] => toSentences(text, VOCABULARY);
