/** Content lint over templates/messages.*.json: opt-out lines, limited-content voicemail, no legal threats. */
import { describe, expect, it } from 'vitest';
import { BUILT_IN_PROFILES, lintCatalog, TEMPLATE_CATALOGS } from '../../../functions/domain/rules';
import { renderMessage, TEMPLATE_IDS } from '../../../functions/domain/templates';
import { CHANNELS } from '../../../functions/domain/types';
import { account } from '../fixtures';

const patterns = [...new Set([...BUILT_IN_PROFILES.values()].flatMap((p) => p.legalThreatPatterns))];
const links = { paymentUrl: 'https://pay.example.com/x', helpPhoneNumber: '+18005550123' };

describe('content lint', () => {
  it.each(TEMPLATE_CATALOGS.map((c) => [c.language, c] as const))('the %s catalog passes: opt-out lines, limited-content voicemail, no legal-threat wording', (_lang, catalog) => {
    expect(lintCatalog(catalog, patterns)).toEqual([]);
  });

  it('every rendered text and email carries the opt-out line, in every language', () => {
    for (const language of ['en', 'es'] as const) {
      const a = account({ customer: { language } });
      for (const template of TEMPLATE_IDS) {
        const sms = renderMessage({ template, channel: 'sms', account: a, links });
        expect(sms.text, `${language} ${template} sms`).toMatch(/STOP/);
        const email = renderMessage({ template, channel: 'email', account: a, links });
        expect(email.text, `${language} ${template} email`).toMatch(/UNSUBSCRIBE/);
        expect(email.html, `${language} ${template} email html`).toMatch(/UNSUBSCRIBE/);
      }
    }
  });

  it('a rendered voicemail gives nothing about a debt away (no amount, date or link)', () => {
    const a = account({ balance: 987.65 });
    for (const template of TEMPLATE_IDS) {
      const voice = renderMessage({ template, channel: 'voice', account: a, links });
      expect(voice.text).not.toMatch(/987|2026|https?:/);
    }
  });

  it('catches what it is meant to catch', () => {
    const bad = {
      language: 'xx',
      common: { smsOptOut: 'Thanks!', emailOptOut: 'Reply UNSUBSCRIBE to stop emails.' },
      templates: {
        threat: {
          sms: 'Pay now or we will take legal action.',
          email: { subject: 'Final notice', paragraphs: ['We may sue you in court.'] },
          voice: ['Hello Alex, you owe {{amount}} on your overdue balance. Call us.'],
        },
      },
    };
    const problems = lintCatalog(bad, patterns).map((p) => `${p.template}/${p.channel}: ${p.problem}`);
    expect(problems).toEqual(
      expect.arrayContaining([
        '(common)/common: the SMS opt-out line names no opt-out keyword',
        'threat/sms: legal-threat wording "legal action" (never allowed for a time-barred debt)',
        'threat/email: legal-threat wording "sue" (never allowed for a time-barred debt)',
        expect.stringMatching(/^threat\/voice: voicemail is limited-content only, but says "\{\{amount\}\}"/),
        expect.stringMatching(/^threat\/voice: voicemail is limited-content only, but says "owe"/),
      ]),
    );
    expect(CHANNELS).toContain('voice');
  });
});
