import { describe, expect, it } from 'vitest';
import { renderMessage, TEMPLATE_IDS } from '../../functions/domain/templates';
import { CHANNELS, LANGUAGES, type Language } from '../../functions/domain/types';
import { account } from './fixtures';

const links = { paymentUrl: 'https://pay.example.com/p/8f3a2c91', helpPhoneNumber: '+18005550123' };
// Realistic but long values, so the SMS length check means something.
const longish = (language: Language) =>
  account({ balance: 12345.67, creditorName: 'Northwind Energy Cooperative', customer: { firstName: 'Alexandrina', language } });

const THREATS = /\b(sue|sued|suing|lawsuit|legal action|arrest|garnish\w*|court|jail|police|credit score)\b/i;

describe('message templates', () => {
  it('ships the templates the default playbook needs', () => {
    expect(TEMPLATE_IDS).toEqual(expect.arrayContaining(['reminder-friendly', 'reminder-followup', 'reminder-clear', 'offer-help', 'final-reminder']));
  });

  for (const language of LANGUAGES) {
    for (const template of TEMPLATE_IDS) {
      it(`${template} (${language}) renders for every channel, fully and kindly`, () => {
        for (const channel of CHANNELS) {
          const m = renderMessage({ template, channel, account: longish(language), links });
          const all = [m.text, m.subject, m.html, m.ssml].filter(Boolean).join('\n');
          expect(all, channel).not.toMatch(/\{\{|\}\}/);
          expect(all, channel).not.toMatch(THREATS);
          expect(m.text, channel).toContain('Alexandrina');
          if (channel === 'sms') {
            expect(m.text.length).toBeLessThanOrEqual(320);
            expect(m.text).toMatch(/STOP[^.]*\.$/);
            expect(m.text).toContain(links.paymentUrl);
          }
          if (channel === 'email') {
            expect(m.subject).toBeTruthy();
            expect(m.text).toMatch(/UNSUBSCRIBE/);
            expect(m.html).toMatch(/UNSUBSCRIBE/);
            expect(m.html).toContain(`<html lang="${language}">`);
            expect(m.html).toContain(`href="${links.paymentUrl}"`);
          }
          if (channel === 'voice') {
            // Limited content: a callback request only, never the amount.
            expect(m.ssml).toMatch(/^<speak>.*<\/speak>$/s);
            expect(m.ssml).toContain('<say-as interpret-as="telephone">+1 800-555-0123</say-as>');
            expect(all).not.toMatch(/12[,.\s]?345/);
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
