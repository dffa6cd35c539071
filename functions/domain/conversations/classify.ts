/**
 * What does a customer's SMS reply mean? An explainable, rule-based classifier for English and Spanish.
 *
 * The reply is normalised (normalise.ts: case, accents, spaced and stretched letters, shorthand, one-letter
 * typos of known words), then every signal in it is collected:
 *   - a STOP keyword as a whole sentence ("Stop.", "ok. STOP!!", "BAJA"), also one typo away ("Stpo", "sotp");
 *   - HELP / PAY / PLAN keywords when they are the whole reply;
 *   - a 1-5 survey score when a survey question is pending;
 *   - known phrases of every intent anywhere ("stop texting me", "who is this", "plan de pagos",
 *     "my lawyer", "only after 6pm"), unless a negation or a question sets them aside.
 * The safety floor (safety-floor.ts) then decides: the safest signal wins and the others are kept in
 * `also`, so "I already paid, stop texting" opts out and records the payment claim. Nothing found: 'other',
 * a person reads it. A mistake must fall to a person, never to more automated pressure: promises need
 * clear words, and negated or questioned promises ("I can't pay", "can I pay friday?") do not count.
 *
 * Pure: no I/O. The phrase lists are data in reply-phrases.ts.
 */
import { distance } from 'fastest-levenshtein';
import { isSwap, toSentences, Vocabulary, type Sentence } from './normalise';
import { DATE_WORDS, readPromise } from './read-promise';
import { restrictedMedia, restrictedTimes, type ReplyRestriction } from './restriction';
import { safestFirst, type DecidingIntent } from './safety-floor';
import {
  CANCELLED_BY,
  COUNT_WORDS,
  CURRENCY_WORDS,
  ILL_AS_I_WILL_BEFORE,
  KEYWORD_FILLERS,
  MONTH_WORDS,
  PAYING_VERBS,
  WEEKDAY_WORDS,
  LANGUAGE_HINTS,
  NOT_IN_QUESTIONS,
  REPLY_KEYWORDS,
  REPLY_PHRASES,
  SHORTHAND,
  STOP_FILLERS,
  type ReplyIntent,
  type ReplyKeyword,
  type ReplyLanguage,
  type ReplyPhrase,
} from './reply-phrases';

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
}

export interface ClassifyContext {
  now: Date;
  /** IANA zone used to resolve relative dates ("Friday", "tomorrow", "el 15") */
  timeZone?: string;
  /** a 1-5 satisfaction question was sent and not yet answered */
  surveyPending?: boolean;
}

/** One signal found in the reply. */
interface Signal {
  intent: DecidingIntent;
  ruleId: string;
  matched: string;
  language?: ReplyLanguage;
  explanation: string;
  score?: number;
}

export function classifyReply(text: string, context: ClassifyContext): ReplyClassification {
  const sentences = toSentences(text, VOCABULARY);
  const words = sentences.flatMap((s) => s.words);
  const matches = findPhrases(sentences);
  const signals = safestFirst([
    ...keywordSignals(sentences, words),
    ...surveySignals(text, words, context),
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
  const result: ReplyClassification = {
    intent: decided.intent,
    language: decided.language ?? hintedLanguage(words),
    ruleId: decided.ruleId,
    matched: decided.matched,
    explanation: `${decided.explanation}${also.length > 0 ? ` Also found ${also.join(', ')}; ${decided.intent} is the safest reading and decides, the others are kept.` : ''}${ignored}`,
    ...(also.length > 0 ? { also } : {}),
    ...(decided.score !== undefined ? { score: decided.score } : {}),
  };
  return withDetails(result, words, context);
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

const LANGUAGE_NAMES: Record<ReplyLanguage, string> = { en: 'English', es: 'Spanish' };

const KEYWORD_MEANING = {
  help: 'the customer asks for help or information',
  pay: 'the customer asks how to pay',
  plan: 'the customer asks about a payment plan',
} as const;

const PHRASE_MEANING: Record<ReplyPhrase['intent'], string> = {
  stop: 'revocation (consent revoked by reasonable means, FCC 24-24)',
  complaint: 'complaint',
  dispute: 'dispute',
  hardship: 'hardship',
  'already-paid': 'already-paid',
  'wants-person': 'wants-a-person',
  promise: 'promise-to-pay',
  'wrong-number': 'wrong-number (not the customer: stop using this number, disclose nothing)',
  'third-party': 'someone-else-answering (disclose nothing)',
  attorney: 'represented-by-an-attorney',
  bankruptcy: 'bankruptcy',
  deceased: 'the customer has died',
  'restrict-time-or-place': 'inconvenient time or place (12 CFR 1006.6(b)(1))',
  'restrict-medium': 'medium restriction (12 CFR 1006.14(h))',
  help: 'who-is-this / help',
  pay: 'how-to-pay',
  plan: 'payment-plan',
};

const SCORE_NAMES: Record<string, number> = { one: 1, two: 2, three: 3, four: 4, five: 5, uno: 1, dos: 2, tres: 3, cuatro: 4, cinco: 5 };

/** The classifier's own words: a token one typo away from one of them is read as it. */
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

function withoutFillers(words: readonly string[], fillers: readonly string[]): string {
  const lists = fillers.map((f) => f.split(' '));
  const kept: string[] = [];
  for (let i = 0; i < words.length;) {
    const filler = lists.find((f) => f.every((w, j) => words[i + j] === w));
    if (filler) i += filler.length;
    else kept.push(words[i++]);
  }
  return kept.join(' ');
}

/** A keyword said once or repeated ("stop stop") is that keyword; for STOP also one typo away. */
function isKeyword(rest: string, keyword: string, typoTolerant: boolean): boolean {
  let r = rest;
  while (r.startsWith(`${keyword} `)) r = r.slice(keyword.length + 1);
  return r === keyword || (typoTolerant && keyword.length >= 3 && (distance(r, keyword) === 1 || isSwap(r, keyword)));
}

/**
 * The keyword of this intent that the words are, fillers aside: exact first, then (STOP only) one typo
 * away from the words as read or as typed, fillers kept or not ("now mas" is "no mas"). A word typed
 * exactly as another intent's keyword is that keyword; a typo between two keywords is read as STOP.
 */
function keywordOf(
  words: readonly string[],
  fillers: readonly string[],
  intent: ReplyKeyword['intent'],
  typed: readonly string[] = words,
): ReplyKeyword | undefined {
  const rest = withoutFillers(words, fillers);
  if (rest === '') return undefined;
  const ofIntent = REPLY_KEYWORDS.filter((k) => k.intent === intent);
  const exact = ofIntent.find((k) => isKeyword(rest, k.keyword, false));
  if (exact || intent !== 'stop') return exact;
  const forms = [rest, withoutFillers(typed, fillers), typed.join(' ')];
  if (REPLY_KEYWORDS.some((k) => k.intent !== intent && isKeyword(forms[1], k.keyword, false))) return undefined;
  return ofIntent.find((k) => forms.some((form) => isKeyword(form, k.keyword, true)));
}

function keywordSignals(sentences: readonly Sentence[], words: readonly string[]): Signal[] {
  const signals: Signal[] = [];
  for (const sentence of sentences) {
    const keyword = keywordOf(sentence.words, [...KEYWORD_FILLERS, ...STOP_FILLERS], 'stop', sentence.typed);
    if (keyword) {
      signals.push({
        intent: 'stop',
        language: keyword.language,
        ruleId: 'keyword.stop',
        matched: keyword.keyword,
        explanation: `The reply was the opt-out keyword "${keyword.keyword}": consent to contact is revoked (FCC 24-24: STOP, QUIT, END, REVOKE, OPT OUT, CANCEL and UNSUBSCRIBE always count, misspelt too).`,
      });
      break;
    }
  }
  for (const intent of ['help', 'pay', 'plan'] as const) {
    const keyword = keywordOf(words, KEYWORD_FILLERS, intent);
    if (keyword) {
      signals.push({
        intent,
        language: keyword.language ?? hintedLanguage(words),
        ruleId: `keyword.${intent}`,
        matched: keyword.keyword,
        explanation: `The reply was the keyword "${keyword.keyword}": ${KEYWORD_MEANING[intent]}.`,
      });
    }
  }
  return signals;
}

/** A survey score, only when a survey question is waiting for one. */
function surveySignals(text: string, words: readonly string[], context: ClassifyContext): Signal[] {
  if (!context.surveyPending) return [];
  const survey = surveyScore(text, words);
  if (!survey) return [];
  return [
    {
      intent: 'survey-score',
      ruleId: 'survey.score',
      matched: survey.matched,
      score: survey.score,
      explanation: `A 1-5 survey question was pending and the reply was a score ("${survey.matched}"): ${survey.score}.`,
    },
  ];
}

/** The most specific phrase of each intent found and not set aside. */
function phraseSignals(matches: readonly PhraseMatch[], words: readonly string[]): Signal[] {
  const intents = [...new Set(matches.filter((m) => m.at).map((m) => m.entry.intent))];
  return intents.map((intent) => {
    const phrase = best(matches, intent) as ReplyPhrase;
    const language = SHARED_PHRASES.has(phrase.phrase) ? (hintedLanguage(words) ?? phrase.language) : phrase.language;
    return {
      intent,
      language,
      ruleId: `phrase.${intent}`,
      matched: phrase.phrase,
      explanation: `The reply contains "${phrase.phrase}" (${LANGUAGE_NAMES[language]}), a ${PHRASE_MEANING[intent]} phrase.`,
    };
  });
}

// ---------------------------------------------------------------------------------------------------
// Patterns: an ending word and what to end ("quit sending me these texts", "ya basta de mensajes"), and
// a Spanish promise built on "pago" with a date ("pago fin de mes", "el 1 de abril pago").

const REVOCATION_OPENERS = new Set([
  'stop',
  'quit',
  'enough',
  'cancel',
  'basta',
  'paren',
  'more',
  'mas',
  'dejen',
  'deja',
  'want',
  'quiero',
]);
const CONTACT_NOUNS = new Set([
  'texting',
  'messaging',
  'contacting',
  'texts',
  'text',
  'messages',
  'message',
  'contact',
  'sms',
  'reminders',
  'notifications',
  'mensajes',
  'mensaje',
  'msjs',
  'textos',
  'texto',
  'mensajitos',
  'contacto',
  'recordatorios',
]);
/** Words between the opener and the noun that make it something else ("stop calling, just text"). */
const PATTERN_BREAKERS = new Set([
  'calling',
  'call',
  'calls',
  'llamar',
  'llamarme',
  'llamadas',
  'just',
  'only',
  'solo',
  'but',
  'pero',
  'instead',
]);
const PATTERN_WINDOW = 5;
/** "more" and "want" count only after a negation: "no more texts", "do not want any more messages". */
const NEEDS_NEGATION = new Set(['more', 'mas', 'want', 'quiero']);

function revocationSignals(sentences: readonly Sentence[]): Signal[] {
  for (const { words } of sentences) {
    for (let i = 0; i < words.length; i++) {
      if (!REVOCATION_OPENERS.has(words[i])) continue;
      if (NEEDS_NEGATION.has(words[i]) && !['no', 'not', 'any'].includes(words[i - 1])) continue;
      for (let j = i + 1; j < words.length && j <= i + PATTERN_WINDOW && !PATTERN_BREAKERS.has(words[j]); j++) {
        if (!CONTACT_NOUNS.has(words[j])) continue;
        const matched = `${words[i]} ... ${words[j]}`;
        return [
          {
            intent: 'stop',
            ruleId: 'pattern.stop',
            matched,
            explanation: `The reply asks to end messages ("${matched}"): consent revoked by reasonable means (FCC 24-24).`,
          },
        ];
      }
    }
  }
  return [];
}

/** "pago" as "I pay" (not "el pago", "ya pago"), outside a question, with a date that can be read. */
const NOT_I_PAY_AFTER = new Set(['ya', 'el', 'del', 'mi', 'un', 'su', 'tu', 'de', 'este', 'ese', 'otro', 'primer', 'ultimo']);

function spanishPromiseSignals(sentences: readonly Sentence[], words: readonly string[], context: ClassifyContext): Signal[] {
  const iPay = sentences.some((s) => !s.question && s.words.some((w, i) => w === 'pago' && !NOT_I_PAY_AFTER.has(s.words[i - 1])));
  if (!iPay || !readPromise(words, context, 'es').date) return [];
  return [
    {
      intent: 'promise',
      language: 'es',
      ruleId: 'pattern.promise',
      matched: 'pago + date',
      explanation: 'The reply says "pago" (I pay) with a date: a promise-to-pay.',
    },
  ];
}

// ---------------------------------------------------------------------------------------------------
// Phrases

interface PhraseMatch {
  entry: ReplyPhrase;
  /** Why every occurrence of the phrase was set aside ('"not" comes just before it'), if it was. */
  cancelledBy?: string;
  /** Where it first counted: sentence index and word span [start, end). */
  at?: { sentence: number; start: number; end: number };
}

/** Phrases spelled the same in both languages ("hospital"): the other words tell the language. */
const SHARED_PHRASES = new Set(
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

function findPhrases(sentences: readonly Sentence[]): PhraseMatch[] {
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
function best(matches: readonly PhraseMatch[], intent: ReplyPhrase['intent']): ReplyPhrase | undefined {
  let result: ReplyPhrase | undefined;
  for (const m of matches) {
    if (!m.at || m.entry.intent !== intent) continue;
    if (!result || m.entry.phrase.length > result.phrase.length) result = m.entry;
  }
  return result;
}

function hintedLanguage(words: readonly string[]): ReplyLanguage | undefined {
  const count = (language: ReplyLanguage) => words.filter((w) => LANGUAGE_HINTS[language].includes(w)).length;
  const en = count('en');
  const es = count('es');
  return en > es ? 'en' : es > en ? 'es' : undefined;
}

// ---------------------------------------------------------------------------------------------------
// Survey scores: "5", "4/5", "5 stars", "un 5", "cinco", "⭐⭐⭐⭐".

const SURVEY =
  /^(?:(?:i give (?:it |you )?|i would give (?:it |you )?|le doy |te doy |les doy |my |mi |its |es )?(?:an? |una? )?)([1-5]|one|two|three|four|five|uno|dos|tres|cuatro|cinco)(?:\/5)?(?: (?:out of (?:5|five)|de (?:5|cinco)|stars?|estrellas?))*$/;

function surveyScore(text: string, words: readonly string[]): { score: number; matched: string } | undefined {
  const stars = /^(?:\u2B50\uFE0F?|\u{1F31F}){1,5}$/u.exec(text.trim().replace(/\s+/g, ''));
  if (stars) {
    const score = [...stars[0].replace(/\uFE0F/g, '')].length;
    return { score, matched: `${score} stars` };
  }
  const m = SURVEY.exec(withoutFillers(words, KEYWORD_FILLERS));
  if (!m) return undefined;
  return { score: SCORE_NAMES[m[1]] ?? Number(m[1]), matched: m[1] };
}
