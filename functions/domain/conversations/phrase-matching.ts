/**
 * Finding the known phrases of reply-phrases.ts in a reply's sentences: whole words, one pass, and set
 * aside when a negation or question comes before them, when they are part of a longer phrase of another
 * intent, or when a time or place follows a stop or medium phrase (it limits, it does not end contact).
 */
import type { Sentence } from './normalise';
import { CANCELLED_BY, NOT_IN_QUESTIONS, REPLY_PHRASES, type ReplyPhrase } from './reply-phrases';

export interface PhraseMatch {
  entry: ReplyPhrase;
  /** Why every occurrence of the phrase was set aside ('"not" comes just before it'), if it was. */
  cancelledBy?: string;
  /** Where it first counted: sentence index and word span [start, end). */
  at?: { sentence: number; start: number; end: number };
}

/** Phrases spelled the same in both languages ("hospital"): the other words tell the language. */
export const SHARED_PHRASES = new Set(
  REPLY_PHRASES.filter((p) => REPLY_PHRASES.some((q) => q.phrase === p.phrase && q.language !== p.language)).map((p) => p.phrase),
);
/** Phrases by their first word, so a reply is matched in one pass over its words. */
const PHRASES_BY_FIRST_WORD = new Map<string, Array<{ entry: ReplyPhrase; words: string[] }>>();
for (const entry of REPLY_PHRASES) {
  const words = entry.phrase.split(' ');
  const list = PHRASES_BY_FIRST_WORD.get(words[0]) ?? [];
  list.push({ entry, words });
  PHRASES_BY_FIRST_WORD.set(words[0], list);
}
const CANCEL_WINDOW = 3;

export function findPhrases(sentences: readonly Sentence[]): PhraseMatch[] {
  const found = new Map<ReplyPhrase, PhraseMatch>();
  for (const [sentence, { words, question }] of sentences.entries()) {
    for (let i = 0; i < words.length; i++) {
      for (const { entry, words: phraseWords } of PHRASES_BY_FIRST_WORD.get(words[i]) ?? []) {
        if (found.get(entry)?.at || i + phraseWords.length > words.length) continue;
        if (!phraseWords.every((w, j) => words[i + j] === w)) continue;
        const cancellers = CANCELLED_BY[entry.intent] ?? [];
        const canceller = words.slice(Math.max(0, i - CANCEL_WINDOW), i).find((w) => cancellers.includes(w));
        if (canceller) found.set(entry, { entry, cancelledBy: `"${canceller}" comes before it` });
        else if (question && NOT_IN_QUESTIONS.includes(entry.intent)) found.set(entry, { entry, cancelledBy: 'it is asked as a question' });
        else found.set(entry, { entry, at: { sentence, start: i, end: i + phraseWords.length } });
      }
    }
  }
  const matches = [...found.values()];
  setAsideInsideLongerPhrases(matches);
  setAsideLimitedByTimeOrPlace(matches);
  return matches;
}

/** "attorney" inside "attorney general" is the longer phrase's word, not a phrase of its own. */
function setAsideInsideLongerPhrases(matches: PhraseMatch[]): void {
  const counted = matches.filter((m) => m.at);
  for (const m of counted) {
    const a = m.at!;
    const longer = counted.find(
      (o) =>
        o.at &&
        o.entry.intent !== m.entry.intent &&
        o.at.sentence === a.sentence &&
        o.at.start <= a.start &&
        o.at.end >= a.end &&
        o.at.end - o.at.start > a.end - a.start,
    );
    if (longer) {
      delete m.at;
      m.cancelledBy = `it is part of "${longer.entry.phrase}"`;
    }
  }
}

const TIME_OR_PLACE_FOLLOWS_WITHIN = 3;

/**
 * "do not text me at work", "no me llamen al trabajo": a stop or medium phrase followed closely by a
 * time or place limits when or where we may contact, it does not end contact (12 CFR 1006.6(b)(1)).
 */
function setAsideLimitedByTimeOrPlace(matches: PhraseMatch[]): void {
  const limits = matches.filter((m) => m.at && m.entry.intent === 'restrict-time-or-place').map((m) => m.at!);
  for (const m of matches) {
    if (!m.at || (m.entry.intent !== 'stop' && m.entry.intent !== 'restrict-medium')) continue;
    const { sentence, end } = m.at;
    if (limits.some((l) => l.sentence === sentence && l.start >= end && l.start - end <= TIME_OR_PLACE_FOLLOWS_WITHIN)) {
      delete m.at;
      m.cancelledBy = 'a time or place follows it: it limits when or where, it does not end contact';
    }
  }
}

/** The longest (most specific) uncancelled phrase of an intent. */
export function best(matches: readonly PhraseMatch[], intent: ReplyPhrase['intent']): ReplyPhrase | undefined {
  let result: ReplyPhrase | undefined;
  for (const m of matches) {
    if (!m.at || m.entry.intent !== intent) continue;
    if (!result || m.entry.phrase.length > result.phrase.length) result = m.entry;
  }
  return result;
}
