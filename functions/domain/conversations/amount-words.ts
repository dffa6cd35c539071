/**
 * Amounts written in words, English and Spanish ("fifty bucks", "two hundred and fifty", "cien dólares",
 * "doscientos cincuenta", "treinta y cinco"), rewritten as digits so the amount patterns of a promise
 * read them as they read "$50". Words are in the classifier's normal form (lower case, no accents).
 */

import type { ReplyLanguage } from './reply-phrases';

/**
 * Word -> value per language; units and tens add up, hundred and thousand multiply (see valueOf). Kept
 * apart because words cross: English "once" is not eleven, Spanish "ten" is not ten.
 */
export const AMOUNT_WORDS: Readonly<Record<ReplyLanguage, Readonly<Record<string, number>>>> = {
  en: {
    one: 1,
    two: 2,
    three: 3,
    four: 4,
    five: 5,
    six: 6,
    seven: 7,
    eight: 8,
    nine: 9,
    ten: 10,
    eleven: 11,
    twelve: 12,
    thirteen: 13,
    fourteen: 14,
    fifteen: 15,
    sixteen: 16,
    seventeen: 17,
    eighteen: 18,
    nineteen: 19,
    twenty: 20,
    thirty: 30,
    forty: 40,
    fifty: 50,
    sixty: 60,
    seventy: 70,
    eighty: 80,
    ninety: 90,
    hundred: 100,
    thousand: 1000,
  },
  es: {
    uno: 1,
    dos: 2,
    tres: 3,
    cuatro: 4,
    cinco: 5,
    seis: 6,
    siete: 7,
    ocho: 8,
    nueve: 9,
    diez: 10,
    once: 11,
    doce: 12,
    trece: 13,
    catorce: 14,
    quince: 15,
    dieciseis: 16,
    diecisiete: 17,
    dieciocho: 18,
    diecinueve: 19,
    veinte: 20,
    veintiuno: 21,
    veintiun: 21,
    veintidos: 22,
    veintitres: 23,
    veinticuatro: 24,
    veinticinco: 25,
    veintiseis: 26,
    veintisiete: 27,
    veintiocho: 28,
    veintinueve: 29,
    treinta: 30,
    cuarenta: 40,
    cincuenta: 50,
    sesenta: 60,
    setenta: 70,
    ochenta: 80,
    noventa: 90,
    cien: 100,
    ciento: 100,
    doscientos: 200,
    trescientos: 300,
    cuatrocientos: 400,
    quinientos: 500,
    seiscientos: 600,
    setecientos: 700,
    ochocientos: 800,
    novecientos: 900,
    mil: 1000,
  },
};

const MULTIPLIERS = new Set(['hundred', 'thousand', 'mil']);
/** "a hundred": one of the multiplier that follows. */
const ONE_BEFORE_MULTIPLIER = new Set(['a', 'an']);
/** "two hundred and fifty", "treinta y cinco": joins two number words, never starts or ends one. */
const JOINERS: Readonly<Record<ReplyLanguage, string>> = { en: 'and', es: 'y' };

/** The value of a run of number words: "two hundred fifty" = (2 * 100) + 50, "dos mil" = 2 * 1000. */
function valueOf(run: readonly string[], values: Readonly<Record<string, number>>): number {
  let total = 0;
  let current = 0;
  for (const word of run) {
    const value = values[word];
    if (word === 'thousand' || word === 'mil') {
      total += (current || 1) * 1000;
      current = 0;
    } else if (word === 'hundred') current = (current || 1) * 100;
    else current += value;
  }
  return total + current;
}

/** The words with every run of number words replaced by its value in digits. */
export function withAmountsInDigits(words: readonly string[], language: ReplyLanguage): string[] {
  const values = AMOUNT_WORDS[language];
  const isNumberWord = (word: string | undefined) => word !== undefined && Object.hasOwn(values, word);
  const out: string[] = [];
  for (let i = 0; i < words.length;) {
    const run: string[] = [];
    let j = i;
    if (language === 'en' && ONE_BEFORE_MULTIPLIER.has(words[j]) && MULTIPLIERS.has(words[j + 1])) j++;
    while (isNumberWord(words[j]) || (words[j] === JOINERS[language] && run.length > 0 && isNumberWord(words[j + 1]))) {
      if (words[j] !== JOINERS[language]) run.push(words[j]);
      j++;
    }
    if (run.length === 0) out.push(words[i++]);
    else {
      out.push(String(valueOf(run, values)));
      i = j;
    }
  }
  return out;
}
