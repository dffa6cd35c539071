/**
 * A readability lint for message templates: customers should get plain language (DESIGN.md, "Clear,
 * kind, jargon-free messages"). Pure: no Node or AWS imports.
 *
 * English is scored with the Flesch-Kincaid grade level (Kincaid, Fishburne, Rogers, Chissom & Chissom,
 * 1975): grade = 0.39 * (words / sentences) + 11.8 * (syllables / words) - 15.59.
 *
 * Spanish is scored with the Fernández-Huerta reading ease (Fernández Huerta, 1959, "Medidas sencillas de
 * lecturabilidad", Consigna 214), in its usual corrected form (Law, 2011):
 *   ease = 206.84 - 60 * (syllables / words) - 1.02 * (words / sentences)
 * Fernández Huerta adapted Flesch's Reading Ease to Spanish and kept Flesch's interpretation table
 * (Flesch, 1949, "The Art of Readable Writing"), which ties ease bands to school grades:
 *   90-100 very easy: grade 5 | 80-90 easy: 6 | 70-80 fairly easy: 7 | 60-70 standard: 8-9 |
 *   50-60 fairly difficult: 10-12 | 30-50 difficult: college (13-16) | 0-30 very difficult: graduate.
 * We map ease to an approximate grade by linear interpolation between the middle of each band and its
 * grade -- (95, 5), (85, 6), (75, 7), (65, 8.5), (55, 11), (40, 14.5), (15, 17) -- and extend the end
 * segments linearly beyond them. It is an approximation: the two formulas are on the same footing as
 * Flesch's table, not calibrated against each other.
 *
 * Before scoring, URLs and phone numbers are removed and each {{variable}} becomes the one short word
 * "x" (a name, an amount or a link reads as one short word). Sentences end at . ! ? and line breaks.
 * Syllables are counted by a heuristic per language (see countSyllables).
 */
import { TEMPLATE_CATALOGS, type CatalogLike } from './rules/content';

export type ReadabilityLanguage = 'en' | 'es';
export type ReadabilityChannel = 'sms' | 'email';

export interface ReadabilityScore {
  language: ReadabilityLanguage;
  /** Approximate school grade, rounded to two decimals. */
  grade: number;
  words: number;
  sentences: number;
  syllables: number;
}

export interface ReadabilityProblem {
  template: string;
  language: ReadabilityLanguage;
  channel: ReadabilityChannel;
  grade: number;
  limit: number;
}

export const DEFAULT_MAX_GRADE = 8;

const URL = /\bhttps?:\/\/\S+|\bwww\.\S+|\b[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|gov|edu|io|co|uk|us|es|mx)\b\S*/gi;
/** Seven or more digits with spaces, dots, dashes or brackets between: 1-800-388-2227, 0800 138 7777. */
const PHONE = /\+?\(?\d[\d\s().-]{5,}\d/g;
const VARIABLE = /\{\{\s*[\w.]+\s*\}\}/g;
const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu;

/** The text as it is scored: URLs and phone numbers gone, each {{variable}} the short word "x". */
export function plainText(text: string): string {
  return text
    .replace(VARIABLE, ' x ')
    .replace(URL, ' ')
    .replace(PHONE, (m) => (m.replace(/\D/g, '').length >= 7 ? ' ' : m));
}

/**
 * English syllables: vowel groups (a e i o u y), then
 * - a final silent e is dropped ("make" 1), except in consonant + "le" ("table" 2) and after a vowel ("free" 1);
 * - "-ed" is silent except after t or d ("jumped" 1, "wanted" 2); "-es" likewise except after s, x, z, ch,
 *   sh, c, g ("makes" 1, "boxes" 2, "places" 2);
 * - consonant + "ely" drops the e ("lately" 2);
 * - words of three letters or fewer are one syllable; every word has at least one.
 * Misses some hiatuses ("create", "being"): a heuristic, not a dictionary.
 */
export function englishSyllables(word: string): number {
  const w = word.toLowerCase().replace(/[^a-z]/g, '');
  if (w.length === 0) return 0;
  if (w.length <= 3) return 1;
  let n = (w.match(/[aeiouy]+/g) ?? []).length;
  if (/[^aeiouy]e$/.test(w) && !/[^aeiouy]le$/.test(w)) n -= 1;
  else if (/[^aeiouytd]ed$/.test(w)) n -= 1;
  else if (/[^aeiouy]es$/.test(w) && !/(?:[sxzcg]|[cs]h)es$/.test(w)) n -= 1;
  else if (/[^aeiouy]ely$/.test(w)) n -= 1;
  return Math.max(1, n);
}

/**
 * Spanish syllables: one per vowel nucleus.
 * - the u of "que/qui" and "gue/gui" is silent ("guitarra" 3), but ü is a vowel ("pingüino" 3);
 * - y is a vowel alone ("y") and at the end of a word after a vowel ("hoy", "Uruguay"); otherwise a consonant;
 * - in a run of vowels, two strong vowels (a e o) are a hiatus, two syllables ("poeta" 3, "leer" 2);
 *   strong + weak (i u ü) or weak + weak is a diphthong or triphthong, one ("ciudad" 2, "buey" 1);
 *   an accented weak vowel (í ú) counts as strong and so breaks the diphthong ("día" 2, "país" 2);
 * - h and every other consonant separate vowel runs ("ahora" 3).
 */
export function spanishSyllables(word: string): number {
  let w = word.toLowerCase().replace(/[^a-záéíóúüñ]/g, '');
  if (w.length === 0) return 0;
  if (w === 'y') return 1;
  w = w.replace(/qu/g, 'q').replace(/gu(?=[eéií])/g, 'g');
  w = w.replace(/([aeiouáéíóúü])y$/, '$1i');
  const strong = 'aeoáéóíú';
  let n = 0;
  for (const run of w.match(/[aeiouáéíóúü]+/g) ?? []) {
    n += 1;
    for (let i = 1; i < run.length; i++) if (strong.includes(run[i - 1]) && strong.includes(run[i])) n += 1;
  }
  return Math.max(1, n);
}

export function countSyllables(word: string, language: ReadabilityLanguage): number {
  if (/^\p{N}+$/u.test(word)) return Math.min(3, word.length); // a bare number: roughly a syllable a digit
  return language === 'en' ? englishSyllables(word) : spanishSyllables(word);
}

const ES_EASE_TO_GRADE: ReadonlyArray<readonly [number, number]> = [
  [95, 5],
  [85, 6],
  [75, 7],
  [65, 8.5],
  [55, 11],
  [40, 14.5],
  [15, 17],
];

/** Fernández-Huerta reading ease to an approximate school grade (see the comment at the top). */
export function spanishEaseToGrade(ease: number): number {
  const a = ES_EASE_TO_GRADE;
  let i = a.findIndex(([e]) => ease >= e);
  if (i === 0) i = 1; // easier than the first anchor: extend the first segment
  if (i === -1) i = a.length - 1; // harder than the last anchor: extend the last segment
  const [e0, g0] = a[i - 1];
  const [e1, g1] = a[i];
  return g0 + ((ease - e0) * (g1 - g0)) / (e1 - e0);
}

const round = (x: number, decimals: number) => Math.round(x * 10 ** decimals) / 10 ** decimals;

/**
 * English: Flesch-Kincaid grade level. Spanish: the Fernández-Huerta reading ease mapped to an
 * approximate school grade (mapping and sources in the comment at the top of this file).
 */
export function readability(text: string, language: ReadabilityLanguage): ReadabilityScore {
  let words = 0;
  let sentences = 0;
  let syllables = 0;
  for (const sentence of plainText(text).split(/[.!?]+|\n+/)) {
    const ws = sentence.match(WORD) ?? [];
    if (ws.length === 0) continue;
    sentences += 1;
    words += ws.length;
    for (const w of ws) syllables += countSyllables(w, language);
  }
  if (words === 0) return { language, grade: 0, words, sentences, syllables };
  const wordsPerSentence = words / sentences;
  const syllablesPerWord = syllables / words;
  const grade =
    language === 'en'
      ? 0.39 * wordsPerSentence + 11.8 * syllablesPerWord - 15.59
      : spanishEaseToGrade(206.84 - 60 * syllablesPerWord - 1.02 * wordsPerSentence);
  return { language, grade: round(grade, 2), words, sentences, syllables };
}

/**
 * What a customer reads of one template on one channel in one catalog: the text with its opt-out line,
 * or the email's subject, paragraphs and opt-out line (as templateTexts() in rules/content.ts, per language).
 */
export function catalogTexts(catalog: CatalogLike, templateId: string, channel: ReadabilityChannel): string[] | undefined {
  const t = catalog.templates[templateId];
  if (!t) return undefined;
  const footer = t.footer !== false;
  return channel === 'sms'
    ? [t.sms, ...(footer ? [catalog.common.smsOptOut] : [])]
    : [t.email.subject, ...t.email.paragraphs, ...(footer ? [catalog.common.emailOptOut] : [])];
}

export interface TemplateReadability {
  template: string;
  language: ReadabilityLanguage;
  channel: ReadabilityChannel;
  score: ReadabilityScore;
}

/** The score of every (template, language, channel) text of the given templates, in catalog order. */
export function templateReadability(templateIds: readonly string[]): TemplateReadability[] {
  const out: TemplateReadability[] = [];
  for (const template of [...new Set(templateIds)]) {
    for (const catalog of TEMPLATE_CATALOGS) {
      const language = catalog.language as ReadabilityLanguage;
      for (const channel of ['sms', 'email'] as const) {
        const texts = catalogTexts(catalog, template, channel);
        // Each part (subject, paragraph, opt-out line) ends its sentence even without a full stop.
        if (texts) out.push({ template, language, channel, score: readability(texts.join('\n'), language) });
      }
    }
  }
  return out;
}

/**
 * Every (template, language, channel) text of the given templates whose grade is above `limit`. Grades
 * are compared and reported to one decimal, as people read them (8.04 is 8.0, within a limit of 8).
 */
export function readabilityProblems(templateIds: readonly string[], limit: number = DEFAULT_MAX_GRADE): ReadabilityProblem[] {
  return templateReadability(templateIds)
    .map((r) => ({ template: r.template, language: r.language, channel: r.channel, grade: round(r.score.grade, 1), limit }))
    .filter((p) => p.grade > limit);
}
