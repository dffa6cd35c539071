/** Medium and consent: TCPA consent and revocation, written consent (NYC), employer email, text safe harbour. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_REVOCATION_KEYWORDS, isRevocationReply } from '../../../functions/domain/rules';
import { decideAt, june } from './helpers';

const NOW = '2026-06-02T15:00:00Z';
const blockedBy = (d: ReturnType<typeof decideAt>, ruleId: string) =>
  d.reasons.filter((r) => r.ruleId === ruleId && r.effect === 'blocked').map((r) => r.channel);

describe('medium and consent', () => {
  it('a revoked consent blocks automated texts at once; email is used instead', () => {
    const a = june({
      customer: { consent: { sms: { source: 'provided-for-account', revokedAt: '2026-06-01T20:00:00Z', revokedBy: 'STOP' } } },
    });
    const d = decideAt(NOW, a);
    expect(d.action).toMatchObject({ type: 'contact', channel: 'email' });
    expect(blockedBy(d, 'tcpa.consent')).toEqual(['sms']);
    expect(d.reasons.find((r) => r.ruleId === 'tcpa.consent')!.detail).toMatch(/revoked on 2026-06-01T20:00:00Z \(STOP\)/);
    expect(d.nextAllowed!.sms).toBeNull();
  });

  it('a number from a third party needs recorded consent for automated texts and calls', () => {
    const d = decideAt(NOW, june({ customer: { phoneSource: 'third-party' } }));
    expect(d.action).toMatchObject({ type: 'contact', channel: 'email' });
    expect(blockedBy(d, 'tcpa.consent')).toEqual(['sms']);
    expect(d.nextAllowed).toMatchObject({ sms: null, voice: null, email: NOW.replace('Z', '.000Z') });
    const consented = june({
      customer: { phoneSource: 'third-party', consent: { sms: { source: 'written', at: '2026-05-01T00:00:00Z' } } },
    });
    expect(decideAt(NOW, consented).action).toMatchObject({ channel: 'sms' });
  });

  it('a per-medium opt-out ("stop calling me") blocks only that medium', () => {
    const a = june({
      customer: { preferredChannel: 'voice' },
      channels: { sms: { optedOut: false }, email: { optedOut: false }, voice: { optedOut: true } },
    });
    const d = decideAt(NOW, a);
    expect(d.action).toMatchObject({ type: 'contact', channel: 'sms' });
    expect(d.nextAllowed).toMatchObject({ voice: null });
  });

  it('New York City: text and email only with written consent', () => {
    const nyc = june({ jurisdiction: 'US-NY-NYC', customer: { phone: '+12125550123', address: { country: 'US', region: 'NY' } } });
    const d = decideAt(NOW, nyc);
    expect(d.action).toMatchObject({ type: 'contact', channel: 'voice' });
    expect(blockedBy(d, 'nyc.electronic-consent')).toEqual(['sms', 'email']);
    const withConsent = june({ ...nyc, customer: { ...nyc.customer, consent: { sms: { source: 'written' } } } });
    expect(decideAt(NOW, withConsent).action).toMatchObject({ channel: 'sms' });
  });

  it("never emails an address known to be the employer's", () => {
    const d = decideAt(NOW, june({ customer: { preferredChannel: 'email', employerEmail: true } }));
    expect(d.action).toMatchObject({ type: 'contact', channel: 'sms' });
    expect(blockedBy(d, 'regf.employer-email')).toEqual(['email']);
  });

  it('text safe harbour: a number last confirmed more than 60 days ago is not texted', () => {
    const confirmed = (at: string) => june({ customer: { textSafeHarbor: { lastCustomerTextAt: at } } });
    expect(decideAt(NOW, confirmed('2026-04-03T15:00:00Z')).action).toMatchObject({ channel: 'sms' }); // 60 days
    const stale = decideAt(NOW, confirmed('2026-04-02T14:00:00Z'));
    expect(stale.action).toMatchObject({ channel: 'email' });
    expect(blockedBy(stale, 'regf.text-safe-harbor')).toEqual(['sms']);
    const checked = june({
      customer: { textSafeHarbor: { lastCustomerTextAt: '2026-01-01T00:00:00Z', notReassignedCheckedAt: '2026-05-30T00:00:00Z' } },
    });
    expect(decideAt(NOW, checked).action).toMatchObject({ channel: 'sms' });
  });

  it('recognises every FCC 24-24 revocation reply, and only those', () => {
    expect(DEFAULT_REVOCATION_KEYWORDS).toEqual(['STOP', 'QUIT', 'END', 'REVOKE', 'OPT OUT', 'CANCEL', 'UNSUBSCRIBE']);
    for (const reply of [
      'STOP',
      'stop',
      'Stop!',
      'please stop',
      'QUIT',
      'End',
      'revoke',
      'opt out',
      'opt-out',
      'OPT OUT please',
      'Cancel',
      'unsubscribe me',
      'Stop calling me',
      'optout?',
    ]) {
      expect(isRevocationReply(reply), reply).toBe(true);
    }
    for (const reply of ['unstoppable', 'weekend', 'I will pay on Friday', 'Yes', '']) {
      expect(isRevocationReply(reply), reply).toBe(false);
    }
  });
});
