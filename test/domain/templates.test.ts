import { describe, expect, it } from 'vitest';
import { renderMessage, TEMPLATE_IDS, TEMPLATE_VARIABLES, type MessageFacts } from '../../functions/domain/templates';
import { CHANNELS, LANGUAGES, type Language } from '../../functions/domain/types';
import enCatalog from '../../templates/messages.en.json';
import esCatalog from '../../templates/messages.es.json';
import { account } from './fixtures';

const links = { paymentUrl: 'https://pay.example.com/p/8f3a2c91', helpPhoneNumber: '+18005550123' };
// Realistic but long values, so the SMS length check means something.
const longish = (language: Language) =>
  account({ balance: 12345.67, creditorName: 'Northwind Energy Cooperative', customer: { firstName: 'Alexandrina', language } });
// Long facts too: the longest month names, five-figure amounts, three plan choices.
const facts: MessageFacts = {
  promise: { amount: 12345.67, dueDate: '2026-09-30' },
  instalment: { amount: 4115.23, dueDate: '2026-09-30' },
  planOptions: [
    { instalments: 3, amount: 4115.23 },
    { instalments: 6, amount: 2057.62 },
    { instalments: 12, amount: 1028.81 },
  ],
  validation: { disputeBy: '2026-09-30' },
};

interface CatalogTemplate {
  footer?: boolean;
  sms: string;
  email: { subject: string; paragraphs: string[] };
  voice: string[];
}
const CATALOGS = { en: enCatalog, es: esCatalog } as Record<Language, { templates: Record<string, CatalogTemplate> }>;
const templateOf = (language: Language, id: string): CatalogTemplate => CATALOGS[language].templates[id] ?? CATALOGS.en.templates[id];
const mentionsLink = (...texts: string[]) => texts.some((t) => t.includes('{{paymentUrl}}'));

const THREATS = /\b(sue|sued|suing|lawsuit|legal action|arrest|garnish\w*|court|jail|police|credit score)\b/i;
// Any of the amounts above, in either language's number format.
const ANY_AMOUNT = /12[,.\s]?345|4[,.\s]?115|2[,.\s]?057|1[,.\s]?028/;

describe('message templates', () => {
  it('ships the templates the playbooks and conversations need', () => {
    expect(TEMPLATE_IDS).toEqual(
      expect.arrayContaining([
        'reminder-friendly',
        'reminder-followup',
        'reminder-clear',
        'offer-help',
        'final-reminder',
        'reply-stop-confirmation',
        'reply-help',
        'reply-pay',
        'reply-plan-options',
        'reply-handoff',
        'reply-dispute',
        'reply-complaint',
        'reply-already-paid',
        'reply-promise',
        'hardship-support',
        'promise-reminder',
        'plan-reminder',
        'plan-missed',
        'survey',
      ]),
    );
    expect(TEMPLATE_VARIABLES).toEqual(
      expect.arrayContaining(['promiseAmount', 'promiseDate', 'instalmentAmount', 'instalmentDate', 'planOptions', 'adviceLine']),
    );
  });

  it('every template has its own translation (no English fallback in Spanish)', () => {
    expect(Object.keys(esCatalog.templates).sort()).toEqual([...TEMPLATE_IDS].sort());
  });

  for (const language of LANGUAGES) {
    for (const template of TEMPLATE_IDS) {
      it(`${template} (${language}) renders for every channel, fully and kindly`, () => {
        const source = templateOf(language, template);
        const footer = source.footer !== false;
        for (const channel of CHANNELS) {
          const m = renderMessage({ template, channel, account: longish(language), links, facts });
          const all = [m.text, m.subject, m.html, m.ssml].filter(Boolean).join('\n');
          expect(all, channel).not.toMatch(/\{\{|\}\}/);
          expect(all, channel).not.toMatch(/undefined|NaN|\[object/);
          expect(all, channel).not.toMatch(THREATS);
          if (!footer) {
            // The one confirmation after an opt-out: nothing else in it.
            expect(m.text, channel).toContain('Northwind Energy Cooperative');
            const words = [m.text, m.subject, m.ssml].filter(Boolean).join('\n');
            expect(words, channel).not.toMatch(/https?:|STOP|UNSUBSCRIBE|\$|\d/);
            expect(m.html ?? '', channel).not.toMatch(/href=|https?:|UNSUBSCRIBE|<hr/);
            expect(all, channel).not.toContain('Alexandrina');
            if (channel === 'sms') expect(m.text).not.toMatch(/STOP/);
            if (channel === 'email') expect(m.text).not.toContain('--');
            continue;
          }
          expect(m.text, channel).toContain('Alexandrina');
          if (channel === 'sms') {
            expect(m.text.length).toBeLessThanOrEqual(320);
            expect(m.text).toMatch(/STOP[^.]*\.$/);
            if (mentionsLink(source.sms)) expect(m.text).toContain(links.paymentUrl);
          }
          if (channel === 'email') {
            expect(m.subject).toBeTruthy();
            expect(m.text).toMatch(/UNSUBSCRIBE/);
            expect(m.html).toMatch(/UNSUBSCRIBE/);
            expect(m.html).toContain(`<html lang="${language}">`);
            // The "see your options" button comes with a message that offers the link, and only then.
            if (mentionsLink(source.email.subject, ...source.email.paragraphs)) expect(m.html).toContain(`href="${links.paymentUrl}"`);
            else expect(m.html).not.toContain(links.paymentUrl);
          }
          if (channel === 'voice') {
            // Limited content: a callback request only, never an amount, a date or the link.
            expect(m.ssml).toMatch(/^<speak>.*<\/speak>$/s);
            expect(m.ssml).toContain('<say-as interpret-as="telephone">+1 800-555-0123</say-as>');
            expect(all).not.toMatch(ANY_AMOUNT);
            expect(all).not.toMatch(/2026|https?:/);
          }
        }
      });
    }
  }

  it('formats the amount and due date for the language', () => {
    const en = renderMessage({ template: 'reminder-friendly', channel: 'sms', account: longish('en'), links });
    expect(en.text).toContain('$12,345.67');
    expect(en.text).toContain('March 1, 2026');
    const es = renderMessage({ template: 'reminder-friendly', channel: 'sms', account: longish('es'), links });
    expect(es.text).toContain('1 de marzo de 2026');
    expect(es.text).toContain('Hola Alexandrina');
    const gbp = renderMessage({ template: 'reminder-friendly', channel: 'sms', account: account({ currency: 'GBP', balance: 80 }), links });
    expect(gbp.text).toContain('£80.00');
  });

  describe('facts: promises, plan payments and plan choices', () => {
    const promise: MessageFacts = { promise: { amount: 250, dueDate: '2026-04-15' } };
    const instalment: MessageFacts = { instalment: { amount: 40, dueDate: '2026-05-01' } };
    const es = account({ customer: { language: 'es' } });

    it('formats a promise like the balance and the due date, in English and Spanish', () => {
      const en = renderMessage({ template: 'reply-promise', channel: 'sms', account: account(), links, facts: promise });
      expect(en.text).toContain('you plan to pay $250.00 on April 15, 2026');
      expect(renderMessage({ template: 'reply-promise', channel: 'sms', account: es, links, facts: promise }).text).toContain(
        'piensa pagar $250.00 el 15 de abril de 2026',
      );
      const reminder = renderMessage({ template: 'promise-reminder', channel: 'email', account: account(), links, facts: promise });
      expect(reminder.subject).toBe('About the payment you planned for April 15, 2026');
      const gbp = renderMessage({
        template: 'reply-promise',
        channel: 'sms',
        account: account({ currency: 'GBP' }),
        links,
        facts: promise,
      });
      expect(gbp.text).toContain('£250.00');
    });

    it('formats a plan payment, in English and Spanish', () => {
      expect(renderMessage({ template: 'plan-reminder', channel: 'sms', account: account(), links, facts: instalment }).text).toContain(
        'Your next plan payment of $40.00 is due on May 1, 2026',
      );
      expect(renderMessage({ template: 'plan-missed', channel: 'sms', account: es, links, facts: instalment }).text).toContain(
        'el pago de $40.00 de su plan, que vencía el 1 de mayo de 2026',
      );
    });

    it('renders plan choices as a list in the language', () => {
      const two: MessageFacts = {
        planOptions: [
          { instalments: 3, amount: 40 },
          { instalments: 6, amount: 20 },
        ],
      };
      const three: MessageFacts = { planOptions: [...two.planOptions!, { instalments: 12, amount: 10 }] };
      const text = (a: ReturnType<typeof account>, f: MessageFacts) =>
        renderMessage({ template: 'reply-plan-options', channel: 'sms', account: a, links, facts: f }).text;
      expect(text(account(), two)).toContain(': 3 monthly payments of $40.00, or 6 of $20.00.');
      expect(text(account(), three)).toContain(': 3 monthly payments of $40.00, 6 of $20.00, or 12 of $10.00.');
      expect(text(es, two)).toContain(': 3 pagos mensuales de $40.00 o 6 de $20.00.');
      expect(text(es, three)).toContain(': 3 pagos mensuales de $40.00, 6 de $20.00 o 12 de $10.00.');
      expect(text(account(), { planOptions: [{ instalments: 1, amount: 120 }] })).toContain(': 1 payment of $120.00.');
      expect(text(es, { planOptions: [{ instalments: 1, amount: 120 }] })).toContain(': 1 pago de $120.00.');
      expect(text(account({ currency: 'GBP' }), two)).toContain('3 monthly payments of £40.00, or 6 of £20.00');
      const html = renderMessage({ template: 'reply-plan-options', channel: 'email', account: account(), links, facts: two }).html;
      expect(html).toContain('Here is what we can offer: 3 monthly payments of $40.00, or 6 of $20.00.');
    });

    it('a template that needs a missing fact throws, naming the template and the fact', () => {
      const render =
        (template: string, f?: MessageFacts, channel: 'sms' | 'email' | 'voice' = 'sms') =>
        () =>
          renderMessage({ template, channel, account: account(), links, facts: f });
      expect(render('reply-promise')).toThrow(/template "reply-promise" uses \{\{promiseAmount\}\} but no facts\.promise was given/);
      expect(render('promise-reminder', instalment, 'email')).toThrow(
        /template "promise-reminder" uses \{\{promiseDate\}\} but no facts\.promise/,
      );
      expect(render('plan-missed', promise)).toThrow(/template "plan-missed" uses \{\{instalmentAmount\}\} but no facts\.instalment/);
      expect(render('reply-plan-options')).toThrow(/template "reply-plan-options" uses \{\{planOptions\}\} but no facts\.planOptions/);
      expect(render('reply-plan-options', { planOptions: [] })).toThrow(/no facts\.planOptions/);
      expect(render('reply-promise', { promise: { amount: 250, dueDate: '15/04/2026' } })).toThrow(
        /facts\.promise date "15\/04\/2026" is not a YYYY-MM-DD date/,
      );
      expect(render('plan-reminder', { instalment: { amount: Number.NaN, dueDate: '2026-05-01' } })).toThrow(
        /facts\.instalment amount NaN/,
      );
      expect(render('reply-plan-options', { planOptions: [{ instalments: 2.5, amount: 10 }] })).toThrow(
        /facts\.planOptions has 2\.5 instalments/,
      );
      // A fact is needed only where a text names it: the voicemail never does, and other templates never need facts.
      expect(render('reply-promise', undefined, 'voice')).not.toThrow();
      expect(render('reminder-friendly')).not.toThrow();
    });
  });

  describe('free debt-advice signposting', () => {
    const advice = (jurisdiction: string, language: Language = 'en') =>
      renderMessage({ template: 'hardship-support', channel: 'email', account: account({ jurisdiction, customer: { language } }), links })
        .text;

    it('points a UK customer to MoneyHelper', () => {
      for (const language of LANGUAGES) {
        const text = advice('GB', language);
        expect(text).toContain('MoneyHelper (0800 138 7777, moneyhelper.org.uk)');
        expect(text).not.toMatch(/NFCC/);
      }
    });

    it('points a US customer (any state, and anyone else) to a non-profit credit counselor', () => {
      for (const jurisdiction of ['US', 'US-MA', 'US-NY-NYC', 'US-WA', 'CA']) {
        expect(advice(jurisdiction)).toContain(
          'free, confidential advice from a non-profit credit counselor through the NFCC (1-800-388-2227, nfcc.org).',
        );
        expect(advice(jurisdiction)).not.toMatch(/MoneyHelper/);
      }
      expect(advice('US-MA', 'es')).toContain(
        'asesoría gratuita y confidencial de la NFCC, entidad sin fines de lucro (1-800-388-2227, nfcc.org).',
      );
    });

    it('offers a plan or more time, a person, and advice, with no pressure', () => {
      const sms = renderMessage({ template: 'hardship-support', channel: 'sms', account: account({ jurisdiction: 'GB' }), links }).text;
      expect(sms).toContain(links.paymentUrl);
      expect(sms).toContain('+1 800-555-0123');
      expect(sms).toContain('MoneyHelper');
      expect(sms).not.toMatch(/\b(today|now|immediately|deadline|within \d+)\b/i);
    });
  });

  describe('footer: false (the one confirmation after an opt-out)', () => {
    it('an opt-out confirmation is the confirmation and nothing else', () => {
      const en = renderMessage({ template: 'reply-stop-confirmation', channel: 'sms', account: account(), links });
      expect(en).toEqual({ text: 'Northwind Energy: you will not get more texts from us at this number.' });
      const es = renderMessage({
        template: 'reply-stop-confirmation',
        channel: 'sms',
        account: account({ customer: { language: 'es' } }),
        links,
      });
      expect(es).toEqual({ text: 'Northwind Energy: no recibirá más mensajes de texto nuestros en este número.' });
    });

    it('its email has no footer, no sender line and no button', () => {
      const email = renderMessage({ template: 'reply-stop-confirmation', channel: 'email', account: account(), links });
      expect(email.text).toBe('Northwind Energy: you will not get more emails from us at this address.');
      expect(email.html).not.toMatch(/<hr|<a |Sent by|UNSUBSCRIBE|See your options/);
    });

    it('every other template keeps its opt-out line and footer', () => {
      const sms = renderMessage({ template: 'reply-handoff', channel: 'sms', account: account(), links });
      expect(sms.text).toMatch(/ Reply STOP to opt out\.$/);
      const email = renderMessage({ template: 'reply-handoff', channel: 'email', account: account(), links });
      expect(email.text).toMatch(/\n\n--\n\nSent by Northwind Energy\.\n\nPrefer not to get emails/);
      // No link offered, so no payment button either.
      expect(email.html).toContain('<hr');
      expect(email.html).not.toContain('See your options');
    });
  });

  it('falls back to English for an unknown language', () => {
    const a = account({ customer: { language: 'fr' as Language } });
    expect(renderMessage({ template: 'reminder-friendly', channel: 'sms', account: a, links }).text).toMatch(/^Hi Alex/);
  });

  it('escapes values in HTML and SSML', () => {
    const a = account({ creditorName: 'Smith & <Sons>', customer: { firstName: 'Jo"' } });
    const email = renderMessage({ template: 'offer-help', channel: 'email', account: a, links });
    expect(email.html).toContain('Smith &amp; &lt;Sons&gt;');
    expect(email.html).toContain('Jo&quot;');
    expect(email.html).not.toContain('<Sons>');
    expect(email.text).toContain('Smith & <Sons>');
    const voice = renderMessage({ template: 'offer-help', channel: 'voice', account: a, links });
    expect(voice.ssml).toContain('Smith &amp; &lt;Sons&gt;');
  });

  it('throws a clear error for an unknown template', () => {
    expect(() => renderMessage({ template: 'pay-now-or-else', channel: 'sms', account: account(), links })).toThrow(
      /unknown message template "pay-now-or-else"; known templates: reminder-friendly/,
    );
  });
});
