/** The inbound SMS reply classifier: the shipped sample set, the properties that matter, and dates. */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyReply } from '../../../functions/domain/conversations/classify';
import { REPLY_INTENTS, type ReplyIntent } from '../../../functions/domain/conversations/reply-phrases';
import { REPLY_KEYWORDS, REPLY_PHRASES, SHORTHAND } from '../../../functions/domain/conversations/reply-phrases';

interface SampleReply {
  text: string;
  language: 'en' | 'es';
  intent: ReplyIntent;
  surveyPending?: true;
  promise?: { date?: string; amount?: number };
}

const samples: SampleReply[] = readFileSync('samples/replies.jsonl', 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line));

/** The moment the sample set is labelled against: Wednesday 2026-03-04, 10:00 in New York. */
const NOW = new Date('2026-03-04T15:00:00Z');
const ZONE = 'America/New_York';
const classifySample = (s: SampleReply) => classifyReply(s.text, { now: NOW, timeZone: ZONE, surveyPending: s.surveyPending });

const PRESSURE: readonly ReplyIntent[] = ['pay', 'plan', 'promise', 'survey-score'];
const SAFE_LABELS: readonly ReplyIntent[] = ['complaint', 'dispute', 'hardship', 'wants-person', 'other', 'stop'];

describe('the shipped sample set (samples/replies.jsonl)', () => {
  it('has at least 70 English and 50 Spanish replies and covers every intent several times in both languages', () => {
    expect(samples.filter((s) => s.language === 'en').length).toBeGreaterThanOrEqual(70);
    expect(samples.filter((s) => s.language === 'es').length).toBeGreaterThanOrEqual(50);
    for (const intent of REPLY_INTENTS) {
      for (const language of ['en', 'es'] as const) {
        expect(
          samples.filter((s) => s.intent === intent && s.language === language).length,
          `${language} ${intent}`,
        ).toBeGreaterThanOrEqual(3);
      }
    }
    for (const s of samples) expect(REPLY_INTENTS).toContain(s.intent);
  });

  it('classifies every line as labelled, with the promise date and amount when given', () => {
    const failures: string[] = [];
    for (const s of samples) {
      const got = classifySample(s);
      const problems: string[] = [];
      if (got.intent !== s.intent) problems.push(`intent ${got.intent} (${got.ruleId} "${got.matched ?? ''}"), expected ${s.intent}`);
      if (s.promise?.date !== undefined && got.promise?.date !== s.promise.date)
        problems.push(`date ${got.promise?.date}, expected ${s.promise.date}`);
      if (s.promise?.amount !== undefined && got.promise?.amount !== s.promise.amount)
        problems.push(`amount ${got.promise?.amount}, expected ${s.promise.amount}`);
      if (problems.length > 0) failures.push(`${JSON.stringify(s.text)}: ${problems.join('; ')}`);
    }
    expect(failures).toEqual([]);
  });

  it('names the language of the phrase that decided', () => {
    const wrong = samples
      .map((s) => ({ s, got: classifySample(s) }))
      .filter(({ got }) => got.ruleId.startsWith('phrase.'))
      .filter(({ s, got }) => got.language !== s.language)
      .map(({ s, got }) => `${JSON.stringify(s.text)}: ${got.language}, expected ${s.language}`);
    expect(wrong).toEqual([]);
  });
});

describe('pressure never wins', () => {
  it('no line labelled complaint, dispute, hardship, wants-person, other or stop is read as pay, plan, promise or a survey score', () => {
    const pressured = samples
      .filter((s) => SAFE_LABELS.includes(s.intent))
      .map((s) => ({ s, got: classifySample(s) }))
      .filter(({ got }) => PRESSURE.includes(got.intent))
      .map(({ s, got }) => `${JSON.stringify(s.text)} (${s.intent}) -> ${got.intent}`);
    expect(pressured).toEqual([]);
  });

  it('a promise, keyword or score mixed with any stop, complaint, dispute or hardship phrase is never pressure', () => {
    const safe = REPLY_PHRASES.filter((p) => ['stop', 'complaint', 'dispute', 'hardship'].includes(p.intent)).map((p) => p.phrase);
    const pressing = [
      'I will pay $50 on Friday',
      "I'll pay tomorrow",
      'can pay 100 next week',
      'pagaré el viernes',
      'puedo pagar 50 el 15',
      'PAY',
      'PLAN',
      'pagar',
      '5',
      '4/5',
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...safe),
        fc.constantFrom(...pressing),
        fc.constantFrom(', ', '. ', ' and ', ' but ', ' y ', ' pero ', '\n'),
        fc.boolean(),
        (phrase, press, separator, phraseFirst) => {
          const text = phraseFirst ? `${phrase}${separator}${press}` : `${press}${separator}${phrase}`;
          const got = classifyReply(text, { now: NOW, surveyPending: true });
          return !PRESSURE.includes(got.intent);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("negated, conditional, questioned or someone else's promises are not promises", () => {
    const cases: Array<[string, ReplyIntent]> = [
      ["I can't pay", 'hardship'],
      ['I cannot pay until friday', 'hardship'],
      ['cant pay rn', 'hardship'],
      ['no puedo pagar el viernes', 'hardship'],
      ['I will not pay this', 'other'],
      ["I won't pay", 'other'],
      ["I don't think I can pay by Friday", 'other'],
      ['you will pay for this', 'other'],
      ['if I pay $50 friday what happens', 'other'],
      ['can I pay on friday?', 'other'],
      ['¿puedo pagar el viernes?', 'other'],
      ['no voy a pagar', 'other'],
      ["I'll pay friday but I lost my job", 'hardship'],
      ['I will pay when you show me it is not fraud', 'dispute'],
      ['pagaré el viernes, pero esto es acoso', 'complaint'],
    ];
    for (const [text, intent] of cases) expect(classifyReply(text, { now: NOW }).intent, text).toBe(intent);
  });

  it('negated or someone else\'s "paid" is not already-paid', () => {
    expect(classifyReply("I haven't paid it yet", { now: NOW }).intent).toBe('other');
    expect(classifyReply('I get paid friday', { now: NOW }).intent).toBe('promise');
    expect(classifyReply('ya pagué', { now: NOW }).intent).toBe('already-paid');
  });
});

describe('STOP and TCPA revocation', () => {
  const FCC = ['STOP', 'QUIT', 'END', 'REVOKE', 'OPT OUT', 'CANCEL', 'UNSUBSCRIBE', 'opt-out', 'OPTOUT', 'STOPALL', 'STOP ALL'];
  const SPANISH = ['ALTO', 'PARAR', 'PARE', 'BAJA', 'CANCELAR', 'DETENER', 'NO MÁS', 'NO MAS'];
  const casings = (w: string) => [w.toUpperCase(), w.toLowerCase(), w[0].toUpperCase() + w.slice(1).toLowerCase()];
  const decorations = (w: string) => [
    w,
    `${w}.`,
    `${w}!!`,
    `  ${w}  `,
    `${w}!!!`,
    `${w}?`,
    `"${w}"`,
    `${w} please`,
    `${w} 😡`,
    `¡${w}!`,
    `${w} ${w}`,
  ];

  it('every keyword in both languages, in several casings and with punctuation, is stop', () => {
    const keywords = [...FCC, ...SPANISH, ...REPLY_KEYWORDS.filter((k) => k.intent === 'stop').map((k) => k.keyword)];
    for (const keyword of keywords) {
      for (const text of casings(keyword).flatMap(decorations)) {
        const got = classifyReply(text, { now: NOW });
        expect(got.intent, text).toBe('stop');
        expect(got.ruleId, text).toBe('keyword.stop');
      }
    }
  });

  it('a STOP keyword as its own sentence inside a longer reply is stop', () => {
    for (const text of [
      'Stop, I already paid',
      'ok. STOP',
      'I told you already. Stop!',
      'BAJA ya!!',
      'STOP porfa',
      'Cancel. I will call you',
    ]) {
      expect(classifyReply(text, { now: NOW }).intent, text).toBe('stop');
    }
  });

  it('plain-words revocations in both languages are stop', () => {
    const revocations = [
      'stop texting me',
      'Please stop texting me!!',
      "please don't text me again",
      'pls dont txt me',
      'remove me from your list',
      'no more messages',
      'No more texts please',
      'do not contact me',
      'take me off your list',
      'I want to opt out',
      'I revoke consent',
      'unsubscribe me',
      'leave me alone',
      'stop sending me these',
      'deja de escribirme',
      'Dejen de escribirme por favor',
      'no me manden más mensajes',
      'No me envíen mensajes',
      'sáquenme de su lista',
      'quiero darme de baja',
      'ya no quiero recibir mensajes',
      'dejen de molestarme',
      // The issue's own example of plain Spanish: "stop bothering", without "me".
      'dejen de molestar',
      'ya no me molesten',
      'ya basta de mensajes',
    ];
    for (const text of revocations) {
      for (const variant of [text, text.toUpperCase()]) {
        const got = classifyReply(variant, { now: NOW });
        expect(got.intent, variant).toBe('stop');
        expect(got.ruleId, variant).toMatch(/^(phrase|keyword|pattern)\.stop$/);
      }
    }
  });

  it('a wrong number ends contact with that number, and "don\'t call me" ends calls only, not texts', () => {
    for (const text of ['wrong number', 'número equivocado']) expect(classifyReply(text, { now: NOW }).intent, text).toBe('wrong-number');
    for (const text of ["Don't call me", 'stop calling me', 'no me llamen']) {
      expect(classifyReply(text, { now: NOW }), text).toMatchObject({ intent: 'restrict-medium', restriction: { channels: ['voice'] } });
    }
  });

  it('a time the customer names with "past" is a time restriction, with the hours before it blocked', () => {
    for (const text of ['only past 6pm', 'Only past 6pm please', 'not past 8 please, call past 6']) {
      const got = classifyReply(text, { now: NOW });
      expect(got.intent, text).toBe('restrict-time-or-place');
    }
    expect(classifyReply('only past 6pm', { now: NOW }).restriction).toMatchObject({ blockedTimes: [{ start: '00:00', end: '18:00' }] });
  });

  it('"stop" inside a sentence that is clearly not a revocation is not stop', () => {
    for (const text of [
      'the bus stop',
      "I'm at the bus stop, will read later",
      'Stop by the office?',
      "I'll stop by tomorrow",
      'the end of the month works better',
      'No más de 50 al mes',
      'para el viernes está bien',
    ]) {
      const got = classifyReply(text, { now: NOW });
      expect(got.intent, text).not.toBe('stop');
    }
    expect(classifyReply('the bus stop', { now: NOW }).intent).toBe('other');
  });

  it('stop wins over everything else, even a promise or a survey score', () => {
    expect(classifyReply("I'll pay $50 friday, now stop texting me", { now: NOW }).intent).toBe('stop');
    expect(classifyReply('5. STOP', { now: NOW, surveyPending: true }).intent).toBe('stop');
    expect(classifyReply('🛑', { now: NOW }).intent).toBe('stop');
  });

  it('an unknown time zone never stops a STOP from counting', () => {
    expect(classifyReply('STOP', { now: NOW, timeZone: 'Not/AZone' }).intent).toBe('stop');
    expect(classifyReply("I'll pay friday", { now: NOW, timeZone: 'Not/AZone' }).promise).toEqual({ date: '2026-03-06' });
  });
});

describe('keywords and survey scores', () => {
  it('HELP, PAY and PLAN count only as the whole reply', () => {
    for (const [text, intent] of [
      ['HELP', 'help'],
      ['ayuda!', 'help'],
      ['Info?', 'help'],
      ['PAY', 'pay'],
      ['pagar', 'pay'],
      ['Pago.', 'pay'],
      ['plan please', 'plan'],
      ['PLANES', 'plan'],
    ] as const) {
      expect(classifyReply(text, { now: NOW }).intent, text).toBe(intent);
    }
    // Free-text requests are answered automatically too (issue 13): the link, the plan options.
    expect(classifyReply('how do I pay', { now: NOW }).intent).toBe('pay');
    expect(classifyReply('I want to set up a payment plan', { now: NOW }).intent).toBe('plan');
    for (const text of ['I need help', 'pagar en linea?']) expect(PRESSURE, text).not.toContain(classifyReply(text, { now: NOW }).intent);
  });

  it('reads a score only when a survey is pending', () => {
    const scores: Array<[string, number]> = [
      ['5', 5],
      ['1', 1],
      ['4/5', 4],
      ['5 stars', 5],
      ['3 out of 5', 3],
      ['un 5', 5],
      ['4 estrellas', 4],
      ['cinco', 5],
      ['five', 5],
      ['a 2', 2],
      ['⭐⭐⭐', 3],
      ['5!', 5],
    ];
    for (const [text, score] of scores) {
      const got = classifyReply(text, { now: NOW, surveyPending: true });
      expect(got, text).toMatchObject({ intent: 'survey-score', ruleId: 'survey.score', score });
      expect(classifyReply(text, { now: NOW }).intent, text).toBe('other');
      expect(classifyReply(text, { now: NOW, surveyPending: false }).intent, text).toBe('other');
    }
    expect(classifyReply('5', { now: NOW })).toMatchObject({ intent: 'other', ruleId: 'fallback.other' });
    for (const text of ['6', '0', '10', '5 but your agent was rude']) {
      expect(classifyReply(text, { now: NOW, surveyPending: true }).intent, text).not.toBe('survey-score');
    }
  });
});

describe('explanations', () => {
  const replies = [
    ...samples.map((s) => ({ text: s.text, surveyPending: s.surveyPending })),
    { text: 'remove me from your list', surveyPending: undefined },
    { text: 'talk to a real person', surveyPending: undefined },
    { text: 'never had an account', surveyPending: undefined },
    { text: 'I give it a 4 out of 5 stars', surveyPending: true },
  ];

  it('never contain the whole message (longer than 20 characters) in explanation or matched', () => {
    for (const { text, surveyPending } of replies.filter((r) => r.text.trim().length > 20)) {
      const got = classifyReply(text, { now: NOW, surveyPending });
      const whole = text.trim().toLowerCase();
      expect(got.explanation.toLowerCase(), text).not.toContain(whole);
      expect(got.matched?.toLowerCase() ?? '', text).not.toContain(whole);
    }
  });

  it('name the matched keyword or phrase and say which rule decided', () => {
    for (const { text, surveyPending } of replies) {
      const got = classifyReply(text, { now: NOW, surveyPending });
      expect(got.explanation.length, text).toBeGreaterThan(20);
      if (got.ruleId === 'fallback.other') expect(got.matched, text).toBeUndefined();
      else {
        expect(got.matched, text).toBeDefined();
        expect(got.explanation, text).toContain(`"${got.matched}"`);
        expect(got.ruleId, text).toMatch(/^(keyword|phrase|survey)\./);
      }
    }
  });

  it('explain why a promise was set aside for a safer intent', () => {
    const got = classifyReply("I'll pay $20 on Friday but I'm struggling", { now: NOW });
    expect(got).toMatchObject({ intent: 'hardship', ruleId: 'phrase.hardship', matched: 'struggling', language: 'en' });
    expect(got.also).toEqual(['promise']);
    expect(got.explanation).toMatch(/also found promise; hardship is the safest reading/i);
    expect(classifyReply("I don't think I can pay", { now: NOW }).explanation).toContain(
      'Ignored "can pay" (promise): "not" comes before it.',
    );
    expect(classifyReply('can I pay on friday?', { now: NOW }).explanation).toContain('it is asked as a question');
  });

  it('keeps every phrase and keyword short, lower case, unaccented and free of words the normaliser rewrites', () => {
    for (const { phrase } of REPLY_PHRASES) {
      expect(phrase.length, phrase).toBeLessThanOrEqual(20);
      expect(phrase, phrase).toMatch(/^[a-z0-9]+( [a-z0-9]+)*$/);
      for (const word of phrase.split(' ')) expect(Object.hasOwn(SHORTHAND, word), `${phrase}: ${word}`).toBe(false);
    }
    for (const { keyword } of REPLY_KEYWORDS) expect(keyword).toMatch(/^[a-z]+( [a-z]+)?$/);
  });
});

describe('normalisation', () => {
  it('ignores accents, case, spacing and SMS shorthand', () => {
    const same = (a: string, b: string) => {
      const x = classifyReply(a, { now: NOW });
      const y = classifyReply(b, { now: NOW });
      expect([x.intent, x.matched], `${a} / ${b}`).toEqual([y.intent, y.matched]);
    };
    same('ya pague', 'Ya pagué');
    same('YA   LO    PAGUÉ!!', 'ya lo pague');
    same('cant afford it', "can't afford it");
    same('im sick', "I'm sick");
    same('pls call me', 'please call me');
    same('u can call me', 'you can call me');
    same('ill pay friday', "I'll pay friday");
    same('dont owe u anything', "I don't owe you anything");
    same('perdi mi trabajo', 'Perdí mi trabajo');
    same('llamenme', 'Llámenme');
  });

  it('tells "ill" (sick) from "ill" (I will)', () => {
    expect(classifyReply('im ill this week', { now: NOW }).intent).toBe('hardship');
    expect(classifyReply('ill pay tmrw', { now: NOW })).toMatchObject({ intent: 'promise', promise: { date: '2026-03-05' } });
  });
});

describe('promise dates and amounts', () => {
  const date = (now: string, text: string, timeZone?: string) => classifyReply(text, { now: new Date(now), timeZone }).promise?.date;

  it('resolves weekdays, tomorrow, today, next week and the Nth against now in the customer zone', () => {
    const wed = '2026-03-04T15:00:00Z';
    expect(date(wed, "I'll pay on Friday")).toBe('2026-03-06');
    expect(date(wed, "I'll pay Wednesday")).toBe('2026-03-11');
    expect(date(wed, 'pagaré el martes')).toBe('2026-03-10');
    expect(date(wed, 'I will pay tomorrow')).toBe('2026-03-05');
    expect(date(wed, 'voy a pagar mañana')).toBe('2026-03-05');
    expect(date(wed, 'voy a pagar pasado mañana')).toBe('2026-03-06');
    expect(date(wed, 'le pago el viernes por la mañana')).toBe('2026-03-06');
    expect(date(wed, 'I can pay today')).toBe('2026-03-04');
    expect(date(wed, 'will pay next week')).toBe('2026-03-11');
    expect(date(wed, 'le pago la semana que viene')).toBe('2026-03-11');
    expect(date(wed, "I'll pay on the 15th")).toBe('2026-03-15');
    expect(date(wed, "I'll pay on the 4th")).toBe('2026-04-04');
    expect(date(wed, 'puedo pagar el 2')).toBe('2026-04-02');
    expect(date(wed, 'can pay in 3 days')).toBe('2026-03-07');
    expect(date(wed, 'I will pay this weekend')).toBe('2026-03-07');
    expect(date(wed, "I'll pay when I get paid")).toBeUndefined();
  });

  it('reads explicit dates: US month/day in English, day/month in Spanish, month names in both', () => {
    const wed = '2026-03-04T15:00:00Z';
    expect(date(wed, "I'll pay 12/5")).toBe('2026-12-05');
    expect(date(wed, 'pagaré el 5/12')).toBe('2026-12-05');
    expect(date(wed, 'I will pay 3/20')).toBe('2026-03-20');
    expect(date(wed, 'pagaré el 20/3')).toBe('2026-03-20');
    expect(date(wed, 'I will pay 1/15/27')).toBe('2027-01-15');
    expect(date(wed, 'I will pay 3/1')).toBe('2027-03-01');
    expect(date(wed, "I'll pay Dec 5")).toBe('2026-12-05');
    expect(date(wed, "I'll pay Dec. 5th")).toBe('2026-12-05');
    expect(date(wed, "I'll pay on the 5th of December")).toBe('2026-12-05');
    expect(date(wed, 'pagaré el 5 de diciembre')).toBe('2026-12-05');
    expect(date(wed, 'voy a pagar el 1 de marzo')).toBe('2027-03-01');
  });

  it('handles month and year ends', () => {
    const sat = '2026-01-31T15:00:00Z';
    expect(date(sat, 'I will pay tomorrow')).toBe('2026-02-01');
    expect(date(sat, 'I will pay on the 30th')).toBe('2026-03-30');
    expect(date(sat, 'I will pay on the 31st')).toBe('2026-03-31');
    expect(date(sat, 'pagaré el 1')).toBe('2026-02-01');
    expect(date(sat, 'will pay next week')).toBe('2026-02-07');
    expect(date(sat, 'will pay monday')).toBe('2026-02-02');
    expect(date(sat, 'I will pay at the end of the month')).toBe('2026-01-31');
    expect(date('2026-02-28T15:00:00Z', 'I will pay tomorrow')).toBe('2026-03-01');
    expect(date('2026-02-28T15:00:00Z', 'I will pay on the 29th')).toBe('2026-03-29');
    expect(date('2026-02-10T15:00:00Z', 'pagaré a fin de mes')).toBe('2026-02-28');
    const nye = '2026-12-31T20:00:00Z';
    expect(date(nye, 'I will pay tomorrow')).toBe('2027-01-01');
    expect(date(nye, 'I will pay Jan 2')).toBe('2027-01-02');
    expect(date(nye, 'I will pay 12/5')).toBe('2027-12-05');
    expect(date(nye, 'pagaré el 5 de enero')).toBe('2027-01-05');
    expect(date(nye, 'will pay next week')).toBe('2027-01-07');
  });

  it('uses the customer zone: 03:00 UTC on March 4 is still March 3 in New York', () => {
    const late = '2026-03-04T03:00:00Z';
    expect(date(late, 'I will pay today')).toBe('2026-03-03');
    expect(date(late, 'I will pay tomorrow')).toBe('2026-03-04');
    expect(date(late, 'I will pay Wednesday')).toBe('2026-03-04');
    expect(date(late, 'I will pay on the 3rd')).toBe('2026-04-03');
    expect(date(late, 'I will pay tomorrow', 'America/New_York')).toBe('2026-03-04');
    expect(date(late, 'I will pay tomorrow', 'UTC')).toBe('2026-03-05');
    expect(date('2026-03-04T15:00:00Z', 'I will pay tomorrow', 'Asia/Tokyo')).toBe('2026-03-06');
    // The night DST starts in New York (2026-03-08): 23:30 EST on the 7th.
    expect(date('2026-03-08T04:30:00Z', 'I will pay tomorrow')).toBe('2026-03-08');
  });

  it('reads amounts in dollars, pounds, pesos and bare numbers after a paying verb', () => {
    const amount = (text: string) => classifyReply(text, { now: NOW }).promise?.amount;
    expect(amount('I can pay $50 on the 15th')).toBe(50);
    expect(amount('I will pay $ 1,250.50 friday')).toBe(1250.5);
    expect(amount('I will send 75 dollars')).toBe(75);
    expect(amount("I'll pay £20")).toBe(20);
    expect(amount('puedo pagar 50 el 15')).toBe(50);
    expect(amount('pagaré 200 pesos')).toBe(200);
    expect(amount('puedo dar 30 dólares')).toBe(30);
    expect(amount("I'll pay on the 15th")).toBeUndefined();
    expect(amount('pagaré el 15')).toBeUndefined();
  });
});

it('exports exactly the nineteen intents', () => {
  expect(REPLY_INTENTS).toEqual([
    'stop',
    'help',
    'pay',
    'plan',
    'survey-score',
    'already-paid',
    'dispute',
    'hardship',
    'wants-person',
    'complaint',
    'promise',
    'wrong-number',
    'attorney',
    'bankruptcy',
    'deceased',
    'restrict-time-or-place',
    'restrict-medium',
    'third-party',
    'other',
  ]);
});
