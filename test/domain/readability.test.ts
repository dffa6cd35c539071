/**
 * The readability lint: Flesch-Kincaid for English, Fernández-Huerta mapped to a grade for Spanish, with
 * a syllable heuristic per language; the shipped journey's templates must read at grade 8 or lower.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_PLAYBOOK } from '../../functions/domain/playbook';
import {
  englishSyllables,
  plainText,
  readability,
  readabilityProblems,
  spanishEaseToGrade,
  spanishSyllables,
  templateReadability,
} from '../../functions/domain/readability';
import { playbookTemplates } from '../../local/playbook-command';

describe('Flesch-Kincaid grade (English)', () => {
  it('scores known texts as worked by hand', () => {
    // 6 words, 1 sentence, 6 syllables: 0.39 * 6 + 11.8 * 6/6 - 15.59 = 2.34 + 11.8 - 15.59 = -1.45
    expect(readability('The cat sat on the mat.', 'en')).toEqual({ language: 'en', grade: -1.45, words: 6, sentences: 1, syllables: 6 });
    // 7 words, 2 sentences, 8 syllables (to-day): 0.39 * 3.5 + 11.8 * 8/7 - 15.59 = 1.365 + 13.486 - 15.59 = -0.74
    expect(readability('We can help you. Call us today.', 'en')).toMatchObject({ grade: -0.74, words: 7, sentences: 2, syllables: 8 });
    // the(1) bor-row-er(3) ac-knowl-edg-es(4) the(1) out-stand-ing(3) ob-li-ga-tion(4): 6 words, 16 syllables
    // 0.39 * 6 + 11.8 * 16/6 - 15.59 = 2.34 + 31.467 - 15.59 = 18.22
    expect(readability('The borrower acknowledges the outstanding obligation.', 'en')).toMatchObject({
      grade: 18.22,
      words: 6,
      sentences: 1,
      syllables: 16,
    });
  });

  it('counts syllables of tricky English words', () => {
    const cases: Record<string, number> = {
      the: 1,
      make: 1,
      table: 2,
      people: 2,
      little: 2,
      free: 1,
      jumped: 1,
      called: 1,
      wanted: 2,
      tried: 1,
      makes: 1,
      boxes: 2,
      places: 2,
      changes: 2,
      lately: 2,
      queue: 1,
      payment: 2,
      reminder: 3,
      simply: 2,
      unsubscribe: 3,
    };
    for (const [word, n] of Object.entries(cases)) expect(englishSyllables(word), word).toBe(n);
  });
});

describe('Fernández-Huerta as a grade (Spanish)', () => {
  it('counts syllables with diphthongs, hiatuses, accents and silent u', () => {
    const cases: Record<string, number> = {
      día: 2,
      país: 2,
      veía: 3,
      poeta: 3,
      leer: 2,
      aéreo: 4,
      ciudad: 2,
      huevo: 2,
      buey: 1,
      hoy: 1,
      y: 1,
      ayuda: 3,
      ahora: 3,
      guitarra: 3,
      pingüino: 3,
      queríamos: 4,
      Uruguay: 3,
      también: 2,
      recordatorio: 5,
      llámenos: 3,
    };
    for (const [word, n] of Object.entries(cases)) expect(spanishSyllables(word), word).toBe(n);
  });

  it("maps the reading ease to a grade through the middle of each of Flesch's bands", () => {
    expect(spanishEaseToGrade(95)).toBe(5);
    expect(spanishEaseToGrade(75)).toBe(7);
    expect(spanishEaseToGrade(70)).toBeCloseTo(7.75, 10);
    expect(spanishEaseToGrade(40)).toBe(14.5);
    expect(spanishEaseToGrade(105)).toBeCloseTo(4, 10); // extends the first segment
    expect(spanishEaseToGrade(0)).toBeGreaterThan(17); // extends the last
  });

  it('scores a known text as worked by hand', () => {
    // el(1) ga-to(2) co-me(2) pes-ca-do(3): 4 words, 1 sentence, 8 syllables
    // ease = 206.84 - 60 * 8/4 - 1.02 * 4 = 82.76, between (85, grade 6) and (75, grade 7): 6 + 2.24/10 = 6.22
    expect(readability('El gato come pescado.', 'es')).toEqual({ language: 'es', grade: 6.22, words: 4, sentences: 1, syllables: 8 });
  });
});

describe('what is scored', () => {
  it('reads each {{variable}} as one short word and drops URLs and phone numbers', () => {
    expect(readability('Pay {{amount}} now.', 'en')).toMatchObject({ words: 3, syllables: 3 });
    expect(plainText('Call 1-800-388-2227 or 0800 138 7777, see moneyhelper.org.uk or https://pay.example.com/a?b=1 now')).not.toMatch(
      /\d|\.uk|http/,
    );
    expect(readability('Call 1-800-388-2227 or visit https://pay.example.com/x now.', 'en')).toMatchObject({ words: 4, sentences: 1 });
    expect(plainText('Due 12 March.')).toMatch(/12/); // a short number is a word, not a phone number
  });

  it('ends sentences at . ! ? and line breaks', () => {
    expect(readability('Hi there.\nThanks! Ok? Yes', 'en').sentences).toBe(4);
    expect(readability('Thank you,\n{{creditorName}}', 'en').sentences).toBe(2);
    expect(readability('', 'en')).toEqual({ language: 'en', grade: 0, words: 0, sentences: 0, syllables: 0 });
  });

  it('scores a long legalistic sentence far above a plain one, in both languages', () => {
    const legalEn =
      'Notwithstanding any provision to the contrary, the aforementioned indebtedness shall immediately become due and payable in accordance with the applicable contractual obligations, and the creditor reserves all remedies available under applicable law.';
    const plainEn = 'Your payment is late. You can pay today or pick a date that works for you.';
    const legalEs =
      'No obstante cualquier disposición en contrario, la mencionada obligación devendrá inmediatamente exigible de conformidad con las estipulaciones contractuales aplicables, reservándose el acreedor todas las acciones legales correspondientes.';
    const plainEs = 'Su pago está atrasado. Puede pagar hoy o elegir otra fecha.';
    expect(readability(legalEn, 'en').grade).toBeGreaterThan(16);
    expect(readability(plainEn, 'en').grade).toBeLessThan(4);
    expect(readability(legalEs, 'es').grade).toBeGreaterThan(16);
    expect(readability(plainEs, 'es').grade).toBeLessThan(8);
    expect(readability(legalEn, 'en').grade - readability(plainEn, 'en').grade).toBeGreaterThan(10);
    expect(readability(legalEs, 'es').grade - readability(plainEs, 'es').grade).toBeGreaterThan(10);
  });
});

describe('the shipped templates', () => {
  const templates = playbookTemplates(DEFAULT_PLAYBOOK);

  it('scores every template of the default journey in both languages on SMS and email', () => {
    expect(templates).toEqual(['reminder-friendly', 'reminder-followup', 'reminder-clear', 'offer-help', 'final-reminder']);
    const scores = templateReadability(templates);
    expect(scores).toHaveLength(templates.length * 2 * 2);
    for (const s of scores) expect(s.score.words, `${s.template} ${s.language} ${s.channel}`).toBeGreaterThan(10);
  });

  it('all read at grade 8 or lower', () => {
    expect(readabilityProblems(templates)).toEqual([]);
  });

  it('names the template, language, channel and limit of a text above the limit', () => {
    const problems = readabilityProblems(['offer-help'], 3);
    expect(problems).toContainEqual({ template: 'offer-help', language: 'es', channel: 'email', grade: expect.any(Number), limit: 3 });
    for (const p of problems) expect(p.grade).toBeGreaterThan(3);
    expect(readabilityProblems(['no-such-template'], 0)).toEqual([]);
  });
});
