/** Explainable decisions: every rule that shaped a decision, its effect, and the next allowed time per channel. */
import { describe, expect, it } from 'vitest';
import { decideAt, june, oneChannelPlaybook, sent } from './helpers';

describe('explainable decisions', () => {
  it('a contact lists the allowing rules for its channel and the next allowed time of every channel', () => {
    const d = decideAt('2026-06-02T15:00:00Z');
    expect(d.action).toMatchObject({ type: 'contact', channel: 'sms' });
    const smsRules = d.reasons.filter((r) => r.channel === 'sms').map((r) => r.ruleId);
    expect(smsRules).toEqual(
      expect.arrayContaining([
        'window.local-hours',
        'window.customer-blocked',
        'amicable.sms-cap',
        'tcpa.consent',
        'regf.text-safe-harbor',
        'optout.channel',
      ]),
    );
    expect(d.reasons.filter((r) => !r.channel).map((r) => r.ruleId)).toEqual(
      expect.arrayContaining([
        'status.stop',
        'regf.moratorium',
        'regf.dispute',
        'regf.attorney',
        'us.bankruptcy-stay',
        'amicable.deceased',
        'regf.time-barred',
      ]),
    );
    expect(d.nextAllowed).toEqual({
      sms: '2026-06-02T15:00:00.000Z',
      email: '2026-06-02T15:00:00.000Z',
      voice: '2026-06-02T15:00:00.000Z',
    });
  });

  it('a wait names the deferring rule with its time, and each channel gets its own next time', () => {
    const texts = [1, 2, 3].map((d, i) => sent(`2026-06-0${d}T15:00:00.000Z`, 'sms', `sms-${i + 1}`));
    const d = decideAt('2026-06-04T03:00:00Z', june(), texts, { playbook: oneChannelPlaybook('sms') }); // 22:00 CDT
    expect(d.action).toEqual({ type: 'wait', until: '2026-06-08T15:00:00.000Z' });
    expect(d.reasons[0]).toEqual({
      ruleId: 'amicable.sms-cap',
      effect: 'deferred',
      channel: 'sms',
      until: '2026-06-08T15:00:00.000Z',
      detail: '3 sms contacts in the last 7 days (limit 3, per debt)',
      citation: 'Amicable policy (configurable; 12 CFR 1006.14(b)(1) harassment by repeated contact)',
      decisive: true,
    });
    // Email and voice are only waiting for the morning; sms for the cap.
    expect(d.nextAllowed).toEqual({
      sms: '2026-06-08T15:00:00.000Z',
      email: '2026-06-04T13:00:00.000Z',
      voice: '2026-06-04T13:00:00.000Z',
    });
  });

  it('every effect appears: allowed, deferred, blocked, suppressed', () => {
    const effects = new Set(
      [
        decideAt('2026-06-02T15:00:00Z'),
        decideAt('2026-06-02T11:00:00Z'),
        decideAt('2026-06-02T15:00:00Z', june({ customer: { employerEmail: true, preferredChannel: 'email' } })),
        decideAt('2026-06-02T15:00:00Z', june({ compliance: { attorney: {} } })),
      ].flatMap((d) => d.reasons.map((r) => r.effect)),
    );
    expect([...effects].sort()).toEqual(['allowed', 'blocked', 'deferred', 'suppressed']);
  });

  it('never puts personal data in a reason', () => {
    const a = june({ customer: { firstName: 'Zebedee', lastName: 'Quux', phone: '+13125559876', email: 'zq@example.com' } });
    for (const now of ['2026-06-02T15:00:00Z', '2026-06-02T03:00:00Z']) {
      expect(JSON.stringify(decideAt(now, a).reasons)).not.toMatch(/Zebedee|Quux|5559876|zq@/);
    }
  });

  it('puts the reasons that decided the action first, marked, and keeps every rule evaluated after them', () => {
    const d = decideAt('2026-06-02T15:00:00Z');
    expect(d.action).toMatchObject({ type: 'contact', channel: 'sms' });
    const decisive = d.reasons.filter((r) => r.decisive);
    expect(decisive.map((r) => r.ruleId)).toEqual(['playbook.step']);
    expect(d.reasons[0]).toBe(decisive[0]);
    expect(d.reasons.length).toBeGreaterThan(20);
    // Every reason of a profile rule carries the rule's citation from the profile data.
    expect(d.reasons.find((r) => r.ruleId === 'tcpa.consent')!.citation).toBe(
      '47 U.S.C. 227(b)(1)(A)(iii); 47 CFR 64.1200(a)(10) (FCC 24-24)',
    );
    expect(d.reasons.filter((r) => !/^(playbook|profile)\./.test(r.ruleId)).every((r) => r.citation)).toBe(true);
  });

  it('a suppression decides: it comes first, marked, with its citation', () => {
    const d = decideAt('2026-06-02T15:00:00Z', june({ compliance: { bankruptcy: { filedAt: '2026-05-01T00:00:00Z' } } }));
    expect(d.reasons[0]).toMatchObject({
      ruleId: 'us.bankruptcy-stay',
      effect: 'suppressed',
      decisive: true,
      citation: '11 U.S.C. 362(a)(6)',
    });
  });

  it("states its assumptions as reasons: overlays applied, an overlay's rule replacing the federal one, places without an overlay", () => {
    const seattle = june({ customer: { phone: '+12065550123', address: { country: 'US', region: 'WA' } } });
    const wa = decideAt('2026-06-02T17:00:00Z', seattle);
    expect(wa.reasons.find((r) => r.ruleId === 'profile.overlay')!.detail).toMatch(
      /US-WA rules apply: address region WA, phone area code 206/,
    );
    expect(wa.reasons.find((r) => r.ruleId === 'profile.rule-replaced')!.detail).toMatch(/window\.local-hours.*US-WA/);
    const texas = decideAt('2026-06-02T17:00:00Z', june({ customer: { phone: '+15125550123', address: { country: 'US', region: 'TX' } } }));
    expect(texas.reasons.find((r) => r.ruleId === 'profile.overlay-not-applied')!.detail).toMatch(
      /no overlay for US-TX \(address region TX, phone area code 512\): federal rules only/,
    );
  });
});
