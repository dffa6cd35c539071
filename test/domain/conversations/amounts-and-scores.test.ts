/** Amounts written in words (EN/ES) in promises, and survey scores with a comment beside them (issue 13). */
import { describe, expect, it } from 'vitest';
import { withAmountsInDigits } from '../../../functions/domain/conversations/amount-words';
import { classifyReply } from '../../../functions/domain/conversations/classify';

/** Wednesday 2026-03-04, 10:00 in New York. */
const NOW = new Date('2026-03-04T15:00:00Z');
const ZONE = 'America/New_York';

describe('amounts in words', () => {
  it('rewrites runs of number words as digits, in the reply language only', () => {
    const digits = (text: string, language: 'en' | 'es') => withAmountsInDigits(text.split(' '), language).join(' ');
    expect(digits('two hundred and fifty dollars', 'en')).toBe('250 dollars');
    expect(digits('a hundred bucks', 'en')).toBe('100 bucks');
    expect(digits('one thousand two hundred', 'en')).toBe('1200');
    expect(digits('me and you', 'en')).toBe('me and you');
    expect(digits('doscientos cincuenta', 'es')).toBe('250');
    expect(digits('treinta y cinco y ya', 'es')).toBe('35 y ya');
    expect(digits('mil quinientos', 'es')).toBe('1500');
    expect(digits('once i get paid', 'en')).toBe('once i get paid');
    expect(digits('ten paciencia', 'es')).toBe('ten paciencia');
  });

  it('are read as the amount of a promise, with its date', () => {
    const cases: Array<[string, number, string]> = [
      ["I'll pay fifty bucks friday", 50, '2026-03-06'],
      ['i can pay two hundred and fifty on the 15th', 250, '2026-03-15'],
      ['I will pay a hundred dollars next week', 100, '2026-03-11'],
      ["I'll pay twenty-five dollars tomorrow", 25, '2026-03-05'],
      ['le pago cien dólares el viernes', 100, '2026-03-06'],
      ['le pago doscientos cincuenta el viernes', 250, '2026-03-06'],
      ['pago treinta y cinco el lunes', 35, '2026-03-09'],
      ['voy a pagar mil quinientos el 20 de marzo', 1500, '2026-03-20'],
    ];
    for (const [text, amount, date] of cases) {
      expect(classifyReply(text, { now: NOW, timeZone: ZONE }), text).toMatchObject({ intent: 'promise', promise: { amount, date } });
    }
  });

  it('are not made out of words that only look like numbers', () => {
    const got = classifyReply('I will pay once I get paid friday', { now: NOW, timeZone: ZONE });
    expect(got.intent).toBe('promise');
    expect(got.promise?.amount).toBeUndefined();
  });
});

describe('survey scores with a comment', () => {
  it('read the score and let the comment be, when a survey is pending', () => {
    const cases: Array<[string, number]> = [
      ['5 stars, Maria was great', 5],
      ['5 stars maria was great', 5],
      ['un 4, muy amables', 4],
      ['4/5 muy amables', 4],
      ['Maria was great. 5', 5],
      ['10/10', 5],
      ['8/10 great service', 4],
      ['1/10', 1],
    ];
    for (const [text, score] of cases) {
      expect(classifyReply(text, { now: NOW, surveyPending: true }), text).toMatchObject({ intent: 'survey-score', score });
      expect(classifyReply(text, { now: NOW }).intent, text).not.toBe('survey-score');
    }
  });

  it('never let a score outvote what the comment says, nor read a bare number off the scale', () => {
    expect(classifyReply('5 stars, but stop texting me', { now: NOW, surveyPending: true }).intent).toBe('stop');
    expect(classifyReply('5 but your agent was rude', { now: NOW, surveyPending: true }).intent).toBe('complaint');
    for (const text of ['10', '11/10', '5 days']) {
      expect(classifyReply(text, { now: NOW, surveyPending: true }).intent, text).not.toBe('survey-score');
    }
  });
});
