/**
 * The classifier's normal form of a reply, as people type it: lower case, no accents, letters spaced out
 * ("S T O P", "s.t.o.p") joined, stretched letters ("stoooop", "pleeease") shrunk, contractions and SMS
 * shorthand spelled out, a one-letter typo of a known word ("unsubscibe", "Stpo", "mensjaes") corrected,
 * and the text cut into sentences. Pure; the vocabulary is the classifier's own phrase words.
 */
import { distance } from 'fastest-levenshtein';
import { ILL_AS_I_WILL_BEFORE, SHORTHAND } from './reply-phrases';

export interface Sentence {
  words: string[];
  /** The words as typed (lower case, no accents), before shorthand and typos were read. */
  typed: string[];
  /** Ends with "?" or starts with "¿". */
  question: boolean;
}

/** Lower case, apostrophes unified, accents dropped, contractions spelled out. */
function plainText(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc\u00b4`]/g, "'")
    .replace(/\u{1F6D1}/gu, ' stop ')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/(?<![a-z])[a-z](?:[ .\-_*][a-z]){2,}(?![a-z])/g, (letters) => letters.replace(/[ .\-_*]/g, ''))
    .replace(/#/g, ' number ')
    .replace(/\bwon't\b/g, 'will not')
    .replace(/\bcan't\b/g, 'can not')
    .replace(/n't\b/g, ' not')
    .replace(/'m\b/g, ' am')
    .replace(/'ll\b/g, ' will')
    .replace(/'re\b/g, ' are')
    .replace(/'ve\b/g, ' have')
    .replace(/'d\b/g, ' would')
    .replace(/\b(it|that|what|there|he|she|who|where)'s\b/g, '$1 is')
    .replace(/'/g, '');
}

/** Two adjacent letters swapped ("stpo" for "stop"): one slip of the thumb, as a plain edit is. */
export function isSwap(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return i < a.length - 1 && a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
}

/** The known words by length, so a typo is compared only with words one letter longer or shorter. */
export class Vocabulary {
  private readonly known: Set<string>;
  private readonly byLength = new Map<number, string[]>();

  /**
   * @param words every word the classifier knows
   * @param firstChoices words a typo is read as before any other (the revocation keywords: "quin" is
   *   "quit", not "quien")
   */
  constructor(
    words: Iterable<string>,
    private readonly firstChoices: readonly string[] = [],
  ) {
    this.known = new Set([...words, ...firstChoices]);
    for (const word of this.known) {
      const list = this.byLength.get(word.length) ?? [];
      list.push(word);
      this.byLength.set(word.length, list);
    }
  }

  /**
   * The known word a token is one typo away from, or the token itself. Stretched letters first
   * ("pleease", "noo"); four-letter tokens only by a swap or a missed or extra letter ("said" is not a
   * typo of "paid"); shorter ones and numbers are left alone.
   */
  correct(word: string): string {
    if (this.known.has(word) || /\d/.test(word)) return word;
    const token = word.replace(/([a-z])\1{2,}/g, '$1$1');
    const single = token.replace(/([a-z])\1/g, '$1');
    if (this.known.has(token)) return token;
    if (this.known.has(single)) return single;
    if (token.length < 4) return word;
    const slip = (known: string, substitutionAllowed: boolean) =>
      isSwap(token, known) || (substitutionAllowed && distance(token, known) === 1);
    const first = this.firstChoices.find(
      (known) => Math.abs(known.length - token.length) <= 1 && slip(known, token.length > 4 || known.length !== token.length),
    );
    if (first) return first;
    // A four-letter token is not cut to a three-letter word ("send" is not "end").
    for (const length of token.length > 4 ? [token.length, token.length - 1, token.length + 1] : [4, 5]) {
      const substitutionAllowed = token.length > 4 || length !== token.length;
      for (const word of this.byLength.get(length) ?? []) {
        if (slip(word, substitutionAllowed)) return word;
      }
    }
    return word;
  }
}

const TOKENS = /[$£€]|\d+(?:[.,/:]\d+)*(?:st|nd|rd|th)?|[a-z]+|[.!?¿¡;,\n]/g;

export function toSentences(text: string, vocabulary: Vocabulary): Sentence[] {
  const sentences: Sentence[] = [];
  let current: string[] = [];
  let typed: string[] = [];
  let question = false;
  const end = () => {
    if (current.length > 0) sentences.push({ words: current, typed, question });
    current = [];
    typed = [];
    question = false;
  };
  for (const token of plainText(text).match(TOKENS) ?? []) {
    if (token === '¿') {
      end();
      question = true;
    } else if (/^[.!?¡;,\n]$/.test(token)) {
      if (token === '?') question = true;
      end();
    } else {
      typed.push(token);
      const word = Object.hasOwn(SHORTHAND, token) ? SHORTHAND[token] : vocabulary.correct(token);
      current.push(...(Object.hasOwn(SHORTHAND, word) ? SHORTHAND[word] : word).split(' '));
    }
  }
  end();
  for (const { words: w } of sentences) {
    for (let i = 0; i < w.length; i++) {
      if (w[i] === 'ill' && ILL_AS_I_WILL_BEFORE.includes(w[i + 1])) w.splice(i, 1, 'i', 'will');
    }
  }
  return sentences;
}
