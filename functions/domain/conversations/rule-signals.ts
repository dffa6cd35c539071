/**
 * The signals the rules find in a reply: STOP keywords as a whole sentence (one typo away too), HELP /
 * PAY / PLAN keywords as the whole reply, a survey score when one is pending (with a comment beside it),
 * known phrases, the revocation pattern ("quit sending me these texts") and Spanish promises on "pago".
 * The safety floor (safety-floor.ts) orders them; classify.ts decides.
 */
import { distance } from 'fastest-levenshtein';
import { SCORE_NAMES } from './known-words';
import { isSwap, type Sentence } from './normalise';
import { best, SHARED_PHRASES, type PhraseMatch } from './phrase-matching';
import { readPromise } from './read-promise';
import type { ClassifyContext } from './reply-reading';
import type { DecidingIntent } from './safety-floor';
import {
  KEYWORD_FILLERS,
  LANGUAGE_HINTS,
  REPLY_KEYWORDS,
  STOP_FILLERS,
  type ReplyKeyword,
  type ReplyLanguage,
  type ReplyPhrase,
} from './reply-phrases';

/** One signal found in the reply. */
export interface Signal {
  intent: DecidingIntent;
  ruleId: string;
  matched: string;
  language?: ReplyLanguage;
  explanation: string;
  score?: number;
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

export function keywordSignals(sentences: readonly Sentence[], words: readonly string[]): Signal[] {
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
export function surveySignals(text: string, sentences: readonly Sentence[], context: ClassifyContext): Signal[] {
  if (!context.surveyPending) return [];
  const survey = surveyScore(text, sentences);
  if (!survey) return [];
  return [
    {
      intent: 'survey-score',
      ruleId: 'survey.score',
      matched: survey.matched,
      score: survey.score,
      explanation: `A 1-5 survey question was pending and the reply gave a score ("${survey.matched}"): ${survey.score}.`,
    },
  ];
}

/** The most specific phrase of each intent found and not set aside. */
export function phraseSignals(matches: readonly PhraseMatch[], words: readonly string[]): Signal[] {
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

export function revocationSignals(sentences: readonly Sentence[]): Signal[] {
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

export function spanishPromiseSignals(sentences: readonly Sentence[], words: readonly string[], context: ClassifyContext): Signal[] {
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

export function hintedLanguage(words: readonly string[]): ReplyLanguage | undefined {
  const count = (language: ReplyLanguage) => words.filter((w) => LANGUAGE_HINTS[language].includes(w)).length;
  const en = count('en');
  const es = count('es');
  return en > es ? 'en' : es > en ? 'es' : undefined;
}

// ---------------------------------------------------------------------------------------------------
// Survey scores: "5", "4/5", "5 stars", "un 5", "cinco", "⭐⭐⭐⭐", "10/10", and with a comment beside the
// score ("5 stars, Maria was great", "un 4, muy amables").

const SURVEY_INTRO = '(?:i give (?:it |you )?|i would give (?:it |you )?|le doy |te doy |les doy |my |mi |its |es )?(?:an? |una? )?';
const SCORE = '([1-5]|one|two|three|four|five|uno|dos|tres|cuatro|cinco)';
const SCALE = ' (?:out of (?:5|five)|de (?:5|cinco)|stars?|estrellas?)';
/** A sentence that is a score and nothing else: "5", "a 4", "i would give it a 4 out of 5", "4 estrellas". */
const SURVEY = new RegExp(`^${SURVEY_INTRO}${SCORE}(?:\\/5)?(?:${SCALE})*$`);
/** A score that names its scale, so words may follow it: "5 stars maria was great", "4/5 muy amables". */
const SCORE_THEN_COMMENT = new RegExp(`^${SURVEY_INTRO}${SCORE}(?:\\/5|${SCALE})+ `);
/** A score out of ten ("10/10", "8/10 great service"), halved to the survey's 1-5. */
const OUT_OF_TEN = new RegExp(`^${SURVEY_INTRO}(10|[1-9])\\/10(?: |$)`);

function surveyScore(text: string, sentences: readonly Sentence[]): { score: number; matched: string } | undefined {
  const stars = /^(?:\u2B50\uFE0F?|\u{1F31F}){1,5}$/u.exec(text.trim().replace(/\s+/g, ''));
  if (stars) {
    const score = [...stars[0].replace(/\uFE0F/g, '')].length;
    return { score, matched: `${score} stars` };
  }
  for (const sentence of sentences) {
    const said = withoutFillers(sentence.words, KEYWORD_FILLERS);
    const m = SURVEY.exec(said) ?? SCORE_THEN_COMMENT.exec(`${said} `);
    if (m) return { score: SCORE_NAMES[m[1]] ?? Number(m[1]), matched: m[1] };
    const ten = OUT_OF_TEN.exec(said);
    if (ten) return { score: Math.max(1, Math.round(Number(ten[1]) / 2)), matched: `${ten[1]}/10` };
  }
  return undefined;
}
