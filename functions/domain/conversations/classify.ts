/**
 * What does a customer's SMS reply mean? An explainable, rule-based classifier for English and Spanish.
 *
 * Order of the rules (earlier wins):
 *   1. STOP: a STOP keyword as a whole sentence ("Stop.", "ok. STOP!!", "BAJA") or a revocation in plain
 *      words ("stop texting me", "no me manden mas mensajes"). FCC 24-24: consent can be revoked by any
 *      reasonable means, so when in doubt this rule wins.
 *   2. HELP / PAY / PLAN keywords, only when they are the whole reply.
 *   3. A 1-5 survey score, only when a survey question is pending.
 *   4. Known phrases, safest intent first: complaint > dispute > hardship > already-paid > wants-person >
 *      promise. A promise mixed with hardship, dispute or complaint words is not a promise.
 *   5. Everything else is 'other': a person reads it.
 * A mistake must fall to a person, never to more automated pressure: promises, payments and plans need
 * clear words, and negated or questioned promises ("I can't pay", "can I pay friday?") do not count.
 *
 * Pure: no I/O. The phrase lists are data in reply-phrases.ts.
 */
import { isValidTimeZone, LAST_RESORT_TIME_ZONE, localTimeParts } from '../time-zones';
import {
  CANCELLED_BY,
  COUNT_WORDS,
  CURRENCY_WORDS,
  FREE_TEXT_PRIORITY,
  ILL_AS_I_WILL_BEFORE,
  KEYWORD_FILLERS,
  LANGUAGE_HINTS,
  MONTH_WORDS,
  NOT_IN_QUESTIONS,
  PAYING_VERBS,
  REPLY_KEYWORDS,
  REPLY_PHRASES,
  SHORTHAND,
  STOP_FILLERS,
  WEEKDAY_WORDS,
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
  /** intent 'promise': what could be read from the reply. date is YYYY-MM-DD in the customer's zone. */
  promise?: { amount?: number; date?: string };
  /** intent 'survey-score': 1..5 */
  score?: number;
}

export interface ClassifyContext {
  now: Date;
  /** IANA zone used to resolve relative dates ("Friday", "tomorrow", "el 15") */
  timeZone?: string;
  /** a 1-5 satisfaction question was sent and not yet answered */
  surveyPending?: boolean;
}

export function classifyReply(text: string, context: ClassifyContext): ReplyClassification {
  const sentences = toSentences(text);
  const words = sentences.flatMap((s) => s.words);

  // 1. STOP keyword as a whole sentence, then revocation phrases anywhere.
  for (const sentence of sentences) {
    const keyword = keywordOf(sentence.words, [...KEYWORD_FILLERS, ...STOP_FILLERS], 'stop');
    if (keyword) {
      return {
        intent: 'stop',
        language: keyword.language,
        ruleId: 'keyword.stop',
        matched: keyword.keyword,
        explanation: `The reply was the opt-out keyword "${keyword.keyword}": consent to contact is revoked (FCC 24-24: STOP, QUIT, END, REVOKE, OPT OUT, CANCEL and UNSUBSCRIBE always count).`,
      };
    }
  }
  const matches = findPhrases(sentences);
  const stop = best(matches, 'stop');
  if (stop) {
    return {
      intent: 'stop',
      language: stop.language,
      ruleId: 'phrase.stop',
      matched: stop.phrase,
      explanation: `The reply asks us to stop ("${stop.phrase}", ${LANGUAGE_NAMES[stop.language]}): consent revoked by reasonable means (FCC 24-24).`,
    };
  }

  // 2. HELP / PAY / PLAN, only as the whole reply.
  for (const intent of ['help', 'pay', 'plan'] as const) {
    const keyword = keywordOf(words, KEYWORD_FILLERS, intent);
    if (keyword) {
      return {
        intent,
        language: keyword.language ?? hintedLanguage(words),
        ruleId: `keyword.${intent}`,
        matched: keyword.keyword,
        explanation: `The reply was the keyword "${keyword.keyword}": ${KEYWORD_MEANING[intent]}.`,
      };
    }
  }

  // 3. A survey score, only when a survey question is waiting for one.
  if (context.surveyPending) {
    const survey = surveyScore(text, words);
    if (survey) {
      return {
        intent: 'survey-score',
        language: hintedLanguage(words),
        ruleId: 'survey.score',
        matched: survey.matched,
        score: survey.score,
        explanation: `A 1-5 survey question was pending and the reply was a score ("${survey.matched}"): ${survey.score}.`,
      };
    }
  }

  // 4. Free text: the safest intent with a phrase that was not negated wins.
  const ignored = matches
    .filter((m) => m.cancelledBy)
    .map((m) => ` Ignored "${m.entry.phrase}" (${m.entry.intent}): ${m.cancelledBy}.`)
    .join('');
  for (const intent of FREE_TEXT_PRIORITY) {
    const phrase = best(matches, intent);
    if (!phrase) continue;
    const outranked = [...new Set(matches.filter((m) => !m.cancelledBy && m.entry.intent !== intent).map((m) => m.entry.intent))];
    const also = outranked.length > 0 ? ` Also matched ${outranked.join(', ')}; ${intent} is the safer reading and wins.` : '';
    const language = SHARED_PHRASES.has(phrase.phrase) ? (hintedLanguage(words) ?? phrase.language) : phrase.language;
    const result: ReplyClassification = {
      intent,
      language,
      ruleId: `phrase.${intent}`,
      matched: phrase.phrase,
      explanation: `The reply contains "${phrase.phrase}" (${LANGUAGE_NAMES[language]}), a ${PHRASE_MEANING[intent]} phrase.${also}${ignored}`,
    };
    if (intent === 'promise') {
      const promise = readPromise(words, context, language);
      result.promise = promise;
      const parts = [
        promise.amount !== undefined ? `amount ${promise.amount}` : 'no amount',
        promise.date ? `date ${promise.date}` : 'no date',
      ];
      result.explanation += ` Read from it: ${parts.join(', ')}.`;
    }
    return result;
  }

  // 5. A person reads it.
  return {
    intent: 'other',
    language: hintedLanguage(words),
    ruleId: 'fallback.other',
    explanation: `No keyword or known phrase decided the reply; a person should read it.${ignored}`,
  };
}

const LANGUAGE_NAMES: Record<ReplyLanguage, string> = { en: 'English', es: 'Spanish' };

const KEYWORD_MEANING = {
  help: 'the customer asks for help or information',
  pay: 'the customer asks how to pay',
  plan: 'the customer asks about a payment plan',
} as const;

const PHRASE_MEANING: Record<(typeof FREE_TEXT_PRIORITY)[number], string> = {
  complaint: 'complaint',
  dispute: 'dispute',
  hardship: 'hardship',
  'already-paid': 'already-paid',
  'wants-person': 'wants-a-person',
  promise: 'promise-to-pay',
};

// ---------------------------------------------------------------------------------------------------
// Normal form: lower case, no accents, contractions and SMS shorthand spelled out, split in sentences.

interface Sentence {
  words: string[];
  /** Ends with "?" or starts with "¿". */
  question: boolean;
}

function toSentences(text: string): Sentence[] {
  const s = text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc\u00b4`]/g, "'")
    .replace(/\u{1F6D1}/gu, ' stop ')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
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
  const sentences: Sentence[] = [];
  let current: string[] = [];
  let question = false;
  const end = () => {
    if (current.length > 0) sentences.push({ words: current, question });
    current = [];
    question = false;
  };
  for (const token of s.match(/[$£€]|\d+(?:[.,/:]\d+)*(?:st|nd|rd|th)?|[a-z]+|[.!?¿¡;,\n]/g) ?? []) {
    if (token === '¿') {
      end();
      question = true;
    } else if (/^[.!?¡;,\n]$/.test(token)) {
      if (token === '?') question = true;
      end();
    } else {
      current.push(...(Object.hasOwn(SHORTHAND, token) ? SHORTHAND[token] : token).split(' '));
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

/** The keyword of this intent that the words are (once or repeated: "stop stop"), fillers aside. */
function keywordOf(words: readonly string[], fillers: readonly string[], intent: ReplyKeyword['intent']): ReplyKeyword | undefined {
  const rest = withoutFillers(words, fillers);
  if (rest === '') return undefined;
  return REPLY_KEYWORDS.find((k) => {
    if (k.intent !== intent) return false;
    let r = rest;
    while (r.startsWith(`${k.keyword} `)) r = r.slice(k.keyword.length + 1);
    return r === k.keyword;
  });
}

// ---------------------------------------------------------------------------------------------------
// Phrases

interface PhraseMatch {
  entry: ReplyPhrase;
  /** Why every occurrence of the phrase was set aside ('"not" comes just before it'), if it was. */
  cancelledBy?: string;
}

/** Phrases spelled the same in both languages ("hospital"): the other words tell the language. */
const SHARED_PHRASES = new Set(
  REPLY_PHRASES.filter((p) => REPLY_PHRASES.some((q) => q.phrase === p.phrase && q.language !== p.language)).map((p) => p.phrase),
);
const PHRASE_WORDS = new Map(REPLY_PHRASES.map((p) => [p, p.phrase.split(' ')]));
const CANCEL_WINDOW = 3;

function findPhrases(sentences: readonly Sentence[]): PhraseMatch[] {
  const found: PhraseMatch[] = [];
  for (const entry of REPLY_PHRASES) {
    const phraseWords = PHRASE_WORDS.get(entry) ?? [];
    const cancellers = CANCELLED_BY[entry.intent] ?? [];
    let cancelledBy: string | undefined;
    let matched = false;
    for (const { words, question } of sentences) {
      for (let i = 0; i + phraseWords.length <= words.length && !matched; i++) {
        if (!phraseWords.every((w, j) => words[i + j] === w)) continue;
        const canceller = words.slice(Math.max(0, i - CANCEL_WINDOW), i).find((w) => cancellers.includes(w));
        if (canceller) cancelledBy = `"${canceller}" comes before it`;
        else if (question && NOT_IN_QUESTIONS.includes(entry.intent)) cancelledBy = 'it is asked as a question';
        else matched = true;
      }
    }
    if (matched) found.push({ entry });
    else if (cancelledBy) found.push({ entry, cancelledBy });
  }
  return found;
}

/** The longest (most specific) uncancelled phrase of an intent. */
function best(matches: readonly PhraseMatch[], intent: ReplyPhrase['intent']): ReplyPhrase | undefined {
  let result: ReplyPhrase | undefined;
  for (const m of matches) {
    if (m.cancelledBy || m.entry.intent !== intent) continue;
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

const SCORE_NAMES: Record<string, number> = { one: 1, two: 2, three: 3, four: 4, five: 5, uno: 1, dos: 2, tres: 3, cuatro: 4, cinco: 5 };
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

// ---------------------------------------------------------------------------------------------------
// Promises: an amount and a date, resolved in the customer's zone.

interface Ymd {
  year: number;
  month: number;
  day: number;
}

const fromUtc = (ms: number): Ymd => {
  const d = new Date(ms);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
};
const addDays = (d: Ymd, n: number): Ymd => fromUtc(Date.UTC(d.year, d.month - 1, d.day + n));
const daysInMonth = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();
const before = (a: Ymd, b: Ymd): boolean => Date.UTC(a.year, a.month - 1, a.day) < Date.UTC(b.year, b.month - 1, b.day);
const iso = (d: Ymd): string => `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;

const NUMBER = String.raw`\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d+(?:\.\d{1,2})?`;
const alternatives = (words: readonly string[]) => words.map((w) => w.replace(/[$]/g, '\\$')).join('|');
const CURRENCY_BEFORE = new RegExp(`(?<= )[$£€] (${NUMBER})(?= )`);
const CURRENCY_AFTER = new RegExp(`(?<= )(${NUMBER}) (?:${alternatives(CURRENCY_WORDS)})(?= )`);
const AFTER_VERB = new RegExp(`(?<= )(?:${alternatives(PAYING_VERBS)})(?: (?:you|them|it|le|te|les))? (${NUMBER})(?= )`);

function readPromise(words: readonly string[], context: ClassifyContext, language: ReplyLanguage): { amount?: number; date?: string } {
  const t = ` ${words.join(' ')} `;
  const promise: { amount?: number; date?: string } = {};
  const money = CURRENCY_BEFORE.exec(t) ?? CURRENCY_AFTER.exec(t) ?? AFTER_VERB.exec(t);
  if (money) {
    const amount = Number(money[1].replace(/,/g, ''));
    if (Number.isFinite(amount) && amount > 0) promise.amount = amount;
  }
  const zone = context.timeZone && isValidTimeZone(context.timeZone) ? context.timeZone : LAST_RESORT_TIME_ZONE;
  const { year, month, day, weekday } = localTimeParts(context.now, zone);
  const date = readDate(t, { year, month, day }, weekday, language);
  if (date) promise.date = iso(date);
  return promise;
}

const EN_MONTHS = Object.keys(MONTH_WORDS.en).join('|');
const ES_MONTHS = Object.keys(MONTH_WORDS.es).join('|');
const ORDINAL = '(?:st|nd|rd|th)?';

/** The first date expression found, most explicit first. Relative days are strictly after today. */
function readDate(t: string, today: Ymd, weekday: number, language: ReplyLanguage): Ymd | undefined {
  const onOrAfterToday = (month: number, day: number, year?: number): Ymd | undefined => {
    if (month < 1 || month > 12 || day < 1) return undefined;
    if (year !== undefined) return day <= daysInMonth(year, month) ? { year, month, day } : undefined;
    for (const y of [today.year, today.year + 1]) {
      const d = { year: y, month, day };
      if (day <= daysInMonth(y, month) && !before(d, today)) return d;
    }
    return undefined;
  };

  // 12/5 (en: month/day; es: day/month), optionally with a year.
  let m = / (\d{1,2})\/(\d{1,2})(?:\/(\d{4}|\d{2}))? /.exec(t);
  if (m) {
    let [first, second] = [Number(m[1]), Number(m[2])];
    if (language === 'es' ? second <= 12 : first > 12) [first, second] = [second, first];
    const year = m[3] ? (m[3].length === 2 ? 2000 + Number(m[3]) : Number(m[3])) : undefined;
    const d = onOrAfterToday(first, second, year);
    if (d) return d;
  }
  // Dec 5, December 5th, 5th of December, 5 de diciembre.
  m = new RegExp(` (${EN_MONTHS})(?: \\.)? (\\d{1,2})${ORDINAL} `).exec(t);
  if (m) return onOrAfterToday(MONTH_WORDS.en[m[1]], Number(m[2]));
  m = new RegExp(` (\\d{1,2})${ORDINAL} (?:of )?(${EN_MONTHS}) `).exec(t);
  if (m) return onOrAfterToday(MONTH_WORDS.en[m[2]], Number(m[1]));
  m = new RegExp(` (\\d{1,2}) de (${ES_MONTHS}) `).exec(t);
  if (m) return onOrAfterToday(MONTH_WORDS.es[m[2]], Number(m[1]));

  // The 15th, on the 15, el 15, el dia 15: the next such day of a month.
  m =
    / (?:the )?(\d{1,2})(?:st|nd|rd|th) | the (\d{1,2}) | (?:el )?dia (\d{1,2}) | el (\d{1,2}) (?!(?:\$|dolares|dolar|pesos|dls|dlls|usd) )/.exec(
      t,
    );
  if (m) {
    const day = Number(m[1] ?? m[2] ?? m[3] ?? m[4]);
    for (let i = 0, d = addDays(today, 1); i < 400 && day >= 1 && day <= 31; i++, d = addDays(d, 1)) {
      if (d.day === day) return d;
    }
  }
  if (/ (?:end of (?:the )?month|fin(?:ales)? del? mes|final(?:es)? del? mes) /.test(t)) {
    return { year: today.year, month: today.month, day: daysInMonth(today.year, today.month) };
  }

  // Friday, el viernes, this weekend: the next such day (a week on if it is that day today).
  const dayName = t.split(' ').find((w) => Object.hasOwn(WEEKDAY_WORDS, w));
  if (dayName) return addDays(today, (WEEKDAY_WORDS[dayName] - weekday + 7) % 7 || 7);
  if (/ (?:weekend|fin de semana) /.test(t)) return addDays(today, (6 - weekday + 7) % 7 || 7);

  if (/ (?:day after tomorrow|pasado manana) /.test(t)) return addDays(today, 2);
  if (/ tomorrow | (?<! la )manana /.test(t)) return addDays(today, 1);
  if (/ (?:today|tonight|hoy|ahorita|ahora|right now|esta noche) /.test(t)) return today;
  if (/ (?:next week|proxima semana|semana que viene|siguiente semana) /.test(t)) return addDays(today, 7);
  m =
    / (?:in|en) (\d{1,2}|a couple of|a|an|one|two|three|four|five|six|seven|un|una|dos|tres|cuatro|cinco|seis|siete) (days?|weeks?|dias?|semanas?) /.exec(
      t,
    );
  if (m) {
    const n = m[1] === 'a couple of' ? 2 : (COUNT_WORDS[m[1]] ?? Number(m[1]));
    return addDays(today, /^(?:week|semana)/.test(m[2]) ? 7 * n : n);
  }
  return undefined;
}
