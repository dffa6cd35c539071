/** Limited-content voicemail (12 CFR 1006.2(j)): the business name spoken must not reveal debt collection. */
import { describe, expect, it } from 'vitest';
import { debtRevealingWord } from '../../../functions/domain/collector';
import { decide } from '../../../functions/domain/decide';
import { renderMessage } from '../../../functions/domain/templates';
import { june, oneChannelPlaybook } from './helpers';

const at = new Date('2026-06-02T16:00:00Z');
const links = { paymentUrl: 'https://pay.example.com', helpPhoneNumber: '+18005550100' };

describe('the business name a voicemail speaks', () => {
  it('finds collection words in English and Spanish, and passes a neutral name', () => {
    for (const name of [
      'Acme Collections',
      'Debt Recovery Partners',
      'Northwind Arrears Unit',
      'Cobranzas del Norte',
      'Recuperación Sur',
      'Gestión de Morosidad',
    ])
      expect([name, debtRevealingWord(name)]).toEqual([name, expect.any(String)]);
    for (const name of ['Northwind Energy', 'Acme Services', 'Servicios del Norte']) expect(debtRevealingWord(name)).toBeUndefined();
  });

  it('refuses voice, with a reason, when the creditor name reveals the debt and no safe name is configured', () => {
    const a = june({ creditorName: 'Acme Collections' });
    const d = decide({ account: a, history: [], playbook: oneChannelPlaybook('voice'), now: at });
    expect(d.action).toEqual({ type: 'close', reason: 'no-usable-channel' });
    expect(d.reasons.find((r) => r.ruleId === 'voicemail.limited-content')).toMatchObject({ effect: 'blocked', channel: 'voice' });
    expect(d.reasons.find((r) => r.ruleId === 'voicemail.limited-content')!.detail).toMatch(/"Collections".*1006\.2\(j\)/);
  });

  it('calls with the configured voicemail-safe name, and speaks only that name', () => {
    const a = june({ creditorName: 'Acme Collections' });
    const d = decide({ account: a, history: [], playbook: oneChannelPlaybook('voice'), now: at, voicemailBusinessName: 'Acme Services' });
    expect(d.action).toMatchObject({ type: 'contact', channel: 'voice' });
    const spoken = renderMessage({
      template: 'reminder-friendly',
      channel: 'voice',
      account: a,
      links,
      voicemailBusinessName: 'Acme Services',
    });
    expect(spoken.ssml).toContain('Acme Services');
    expect(`${spoken.text} ${spoken.ssml}`).not.toMatch(/Collections/);
    expect(renderMessage({ template: 'reminder-friendly', channel: 'sms', account: a, links }).text).toContain('Acme Collections');
  });

  it('never renders a voicemail with an unsafe name, even if asked to', () => {
    const a = june({ creditorName: 'Cobranzas del Norte' });
    expect(() => renderMessage({ template: 'reminder-friendly', channel: 'voice', account: a, links })).toThrow(/Cobranzas.*1006\.2\(j\)/);
  });
});
