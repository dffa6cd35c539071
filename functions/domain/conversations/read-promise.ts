/**
 * Reading a promise to pay: an amount (digits or words, English or Spanish: amount-words.ts) and a date ("next fri",
 * "the 15th", "el viernes", "fin de mes", "12/20") resolved in the customer's zone. Pure.
 */
import { withAmountsInDigits } from './amount-words';
import { isValidTimeZone, LAST_RESORT_TIME_ZONE, localTimeParts } from '../zone-clock';
import { COUNT_WORDS, CURRENCY_WORDS, MONTH_WORDS, PAYING_VERBS, WEEKDAY_WORDS, type ReplyLanguage } from './reply-phrases';

/** Words the date patterns below read: the normaliser must never take one for a typo of another word. */
export const DATE_WORDS: readonly string[] = [
  'today',
  'tonight',
  'tomorrow',
  'day',
  'days',
  'after',
  'week',
  'weeks',
  'weekend',
  'next',
  'end',
  'month',
  'couple',
  'hoy',
  'ahorita',
  'ahora',
  'manana',
  'pasado',
  'noche',
  'semana',
  'semanas',
  'proxima',
  'viene',
  'siguiente',
  'otra',
  'fin',
  'finales',
  'final',
  'mes',
  'dia',
  'dias',
  'quincena',
];

export interface PromiseContext {
  now: Date;
  timeZone?: string;
}
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

export function readPromise(
  words: readonly string[],
  context: PromiseContext,
  language: ReplyLanguage,
): { amount?: number; date?: string } {
  const t = ` ${withAmountsInDigits(words, language).join(' ')} `;
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
  if (/ (?:next week|proxima semana|semana que viene|siguiente semana|otra semana) /.test(t)) return addDays(today, 7);
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
