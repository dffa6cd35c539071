/** Content lint over templates/messages.*.json: opt-out lines, limited-content voicemail, no legal threats. */
import { describe, expect, it } from 'vitest';
import { BUILT_IN_PROFILES, lintCatalog, TEMPLATE_CATALOGS } from '../../../functions/domain/rules';
import { renderMessage, TEMPLATE_IDS, type MessageFacts } from '../../../functions/domain/templates';
import { CHANNELS } from '../../../functions/domain/types';
import { account } from '../fixtures';

const patterns = [...new Set([...BUILT_IN_PROFILES.values()].flatMap((p) => p.legalThreatPatterns))];
const links = { paymentUrl: 'https://pay.example.com/x', helpPhoneNumber: '+18005550123' };
// What conversation, promise and plan templates talk about (amounts in 987.65 so the voicemail check sees them).
const facts: MessageFacts = {
  promise: { amount: 987.65, dueDate: '2026-04-15' },
  instalment: { amount: 987.65, dueDate: '2026-05-01' },
  planOptions: [{ instalments: 3, amount: 987.65 }],
  validation: { disputeBy: '2026-09-30' },
};
/** The one template without an opt-out footer: the confirmation after an opt-out (TCPA: nothing else in it). */
const withoutFooter = (language: string, template: string) =>
  TEMPLATE_CATALOGS.find((c) => c.language === language)?.templates[template]?.footer === false;

describe('content lint', () => {
  it.each(TEMPLATE_CATALOGS.map((c) => [c.language, c] as const))(
    'the %s catalog passes: opt-out lines, limited-content voicemail, no legal-threat wording',
    (_lang, catalog) => {
      expect(lintCatalog(catalog, patterns)).toEqual([]);
    },
  );

  it('every rendered text and email carries the opt-out line, in every language (but the opt-out confirmation)', () => {
    expect(TEMPLATE_IDS.filter((t) => withoutFooter('en', t) || withoutFooter('es', t))).toEqual(['reply-stop-confirmation']);
    for (const language of ['en', 'es'] as const) {
      const a = account({ customer: { language } });
      for (const template of TEMPLATE_IDS) {
        const sms = renderMessage({ template, channel: 'sms', account: a, links, facts });
        const email = renderMessage({ template, channel: 'email', account: a, links, facts });
        if (withoutFooter(language, template)) {
          expect(sms.text, `${language} ${template} sms`).not.toMatch(/STOP|https?:/);
          expect(email.text, `${language} ${template} email`).not.toMatch(/UNSUBSCRIBE|https?:/);
          continue;
        }
        expect(sms.text, `${language} ${template} sms`).toMatch(/STOP/);
        expect(email.text, `${language} ${template} email`).toMatch(/UNSUBSCRIBE/);
        expect(email.html, `${language} ${template} email html`).toMatch(/UNSUBSCRIBE/);
      }
    }
  });

  it('a rendered voicemail gives nothing about a debt away (no amount, date or link)', () => {
    const a = account({ balance: 987.65 });
    for (const template of TEMPLATE_IDS) {
      const voice = renderMessage({ template, channel: 'voice', account: a, links, facts });
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
        // Without the opt-out footer, a text may only confirm the opt-out: no link, no amount.
        'sneaky-confirmation': {
          footer: false,
          sms: '{{creditorName}}: you are opted out. Changed your mind? {{paymentUrl}}',
          email: { subject: 'Opted out', paragraphs: ['You still owe {{amount}}. See www.example.com'] },
          voice: ['{{creditorName}}: no more calls.'],
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
        'sneaky-confirmation/sms: a template without the opt-out footer may only confirm the opt-out, but uses {{paymentUrl}}',
        'sneaky-confirmation/email: a template without the opt-out footer may only confirm the opt-out, but uses {{amount}}',
        'sneaky-confirmation/email: a template without the opt-out footer may only confirm the opt-out, but links to www.example.com',
      ]),
    );
    expect(problems.filter((p) => p.startsWith('sneaky-confirmation/voice'))).toEqual([]);
    expect(CHANNELS).toContain('voice');
  });
});
