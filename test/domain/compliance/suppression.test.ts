/** Suppression rules, one scenario each: what the journey does, and the reason it gives. */
import { describe, expect, it } from 'vitest';
import { compileProfile, PROFILE_FILES } from '../../../functions/domain/rules';
import { decideAt, june, ruleIds, sent } from './helpers';

const NOW = '2026-06-02T15:00:00Z'; // Tue 10:00 in Chicago: a contact is due and allowed
const reasonOf = (d: ReturnType<typeof decideAt>, id: string) => d.reasons.find((r) => r.ruleId === id);

describe('suppression', () => {
  it('contacts an account with no flags (baseline)', () => {
    expect(decideAt(NOW).action).toMatchObject({ type: 'contact', channel: 'sms' });
  });

  it('ceased: all contact ends, effective on receipt', () => {
    const d = decideAt(NOW, june({ status: 'ceased' }));
    expect(d.action).toEqual({ type: 'close', reason: 'ceased' });
    expect(d.nextAllowed).toEqual({ sms: null, email: null, voice: null });
  });

  it('a dispute of the whole debt pauses collection until verification; a person sends it', () => {
    const disputed = june({ compliance: { disputeOpenedAt: '2026-06-01T20:00:00Z' } });
    const d = decideAt(NOW, disputed);
    expect(d.action).toEqual({ type: 'escalate', reason: 'dispute-pending-verification' });
    expect(reasonOf(d, 'regf.dispute')).toMatchObject({ effect: 'suppressed' });

    const verified = june({ compliance: { disputeOpenedAt: '2026-06-01T20:00:00Z', disputeVerifiedAt: '2026-06-02T09:00:00Z' } });
    expect(decideAt(NOW, verified).action.type).toBe('contact');
  });

  it('escalates a suppressed account once, then pauses while a person has it (never loops)', () => {
    const disputed = june({ compliance: { disputeOpenedAt: '2026-06-01T20:00:00Z' } });
    const afterHandOff = decideAt(NOW, disputed, [
      { kind: 'escalated', at: '2026-06-02T14:00:00Z', reason: 'dispute-pending-verification' },
    ]);
    expect(afterHandOff.action.type).toBe('wait');
    expect(ruleIds(afterHandOff)).toEqual(expect.arrayContaining(['regf.dispute', 'care.with-a-person']));
    // Verification sent: collection resumes without a second hand-off.
    const verified = june({ compliance: { disputeOpenedAt: '2026-06-01T20:00:00Z', disputeVerifiedAt: '2026-06-02T15:00:00Z' } });
    const resumed = decideAt(NOW, verified, [
      { kind: 'escalated', at: '2026-06-02T14:00:00Z', reason: 'dispute-pending-verification' },
      { kind: 'handoff-completed', at: '2026-06-02T15:00:00Z', outcome: 'resume' },
    ]);
    expect(resumed.action.type).toBe('contact');
  });

  it("a dispute upheld in the customer's favour closes the journey", () => {
    const upheld = june({ compliance: { disputeOpenedAt: '2026-06-01T20:00:00Z', disputeUpheldAt: '2026-06-02T12:00:00Z' } });
    expect(decideAt(NOW, upheld).action).toEqual({ type: 'close', reason: 'dispute-upheld' });
  });

  it('a dispute of part of the debt lets only the undisputed part be collected', () => {
    const d = decideAt(NOW, june({ balance: 125.5, compliance: { disputeOpenedAt: '2026-06-01T20:00:00Z', disputedAmount: 50 } }));
    expect(d.action.type).toBe('contact');
    expect(reasonOf(d, 'regf.dispute')).toMatchObject({ effect: 'allowed' });
    expect(reasonOf(d, 'regf.dispute')!.detail).toMatch(/50 of 125.5 USD is disputed: only the undisputed part/);
  });

  it('a dispute recorded after the decision time does not reach back', () => {
    expect(decideAt(NOW, june({ compliance: { disputeOpenedAt: '2026-06-03T00:00:00Z' } })).action.type).toBe('contact');
  });

  it('a request for the original creditor pauses collection until answered', () => {
    expect(decideAt(NOW, june({ compliance: { originalCreditorRequestedAt: '2026-06-01T20:00:00Z' } })).action).toEqual({
      type: 'escalate',
      reason: 'original-creditor-request',
    });
    const answered = june({
      compliance: { originalCreditorRequestedAt: '2026-06-01T20:00:00Z', originalCreditorSentAt: '2026-06-02T12:00:00Z' },
    });
    expect(decideAt(NOW, answered).action.type).toBe('contact');
  });

  it.each([
    ['attorney', { attorney: { since: '2026-05-01T00:00:00Z' } }, 'attorney-represented', 'regf.attorney'],
    ['bankruptcy', { bankruptcy: { filedAt: '2026-05-20T00:00:00Z', chapter: '7' } }, 'bankruptcy', 'us.bankruptcy-stay'],
    ['deceased', { deceased: { reportedAt: '2026-06-01T18:00:00Z' } }, 'deceased', 'amicable.deceased'],
  ] as const)('%s: no automated contact, a person takes over', (_name, compliance, reason, ruleId) => {
    const d = decideAt(NOW, june({ compliance }));
    expect(d.action).toEqual({ type: 'escalate', reason });
    expect(d.reasons[0]).toMatchObject({ ruleId, effect: 'suppressed', decisive: true });
    expect(d.nextAllowed).toEqual({ sms: null, email: null, voice: null });
  });

  it('a moratorium waits until its end, then contact resumes inside the window', () => {
    const a = june({ compliance: { moratoriumUntil: '2026-06-20T00:00:00Z', moratoriumKind: 'forbearance' } });
    const d = decideAt(NOW, a);
    expect(d.action).toEqual({ type: 'wait', until: '2026-06-20T00:00:00.000Z' });
    expect(d.reasons[0]).toMatchObject({
      ruleId: 'regf.moratorium',
      effect: 'suppressed',
      until: '2026-06-20T00:00:00.000Z',
      decisive: true,
    });
    // 00:00Z on the 20th is 19:00 in Chicago on the 19th; the first allowed instant is then.
    expect(d.nextAllowed!.sms).toBe('2026-06-20T00:00:00.000Z');
    expect(decideAt('2026-06-20T15:00:00Z', a).action.type).toBe('contact');
  });

  it('UK Breathing Space: no contact asking for payment for the 60 days', () => {
    const uk = june({
      jurisdiction: 'GB',
      currency: 'GBP',
      customer: { phone: '+447700900123', address: { country: 'GB' }, email: 'sam@example.co.uk' },
      compliance: { moratoriumUntil: '2026-07-31T00:00:00Z', moratoriumKind: 'breathing-space' },
    });
    const d = decideAt('2026-06-02T10:00:00Z', uk);
    expect(d.action).toEqual({ type: 'wait', until: '2026-07-31T00:00:00.000Z' });
    expect(d.reasons.at(-1)!.ruleId).toBe('uk.breathing-space');
    expect(d.ruleSetVersion).toBe('gb-fca-2026.11');
  });

  it('a time-barred debt never gets a message with legal-threat wording', () => {
    // The shipped templates contain none (content.test.ts lints them), so contact goes ahead...
    const barred = june({ compliance: { timeBarred: true } });
    const d = decideAt(NOW, barred);
    expect(d.action.type).toBe('contact');
    expect(reasonOf(d, 'regf.time-barred')).toMatchObject({ effect: 'allowed' });
    // ...while a profile whose lint matches the friendly reminder's wording blocks that message.
    const us = PROFILE_FILES[0] as { rules: Array<Record<string, unknown>> };
    const strict = compileProfile({
      ...us,
      version: 'us-strict-test.1',
      rules: us.rules.map((r) => (r.kind === 'time-barred' ? { ...r, legalThreatPatterns: ['friendly reminder'] } : r)),
    });
    const blocked = decideAt(NOW, barred, [], { profile: strict });
    expect(blocked.action).toMatchObject({ type: 'contact', channel: 'voice' });
    expect(blocked.reasons.filter((r) => r.ruleId === 'regf.time-barred' && r.effect === 'blocked').map((r) => r.channel)).toEqual([
      'sms',
      'email',
    ]);
    expect(decideAt(NOW, june(), [], { profile: strict }).action).toMatchObject({ type: 'contact', channel: 'sms' });
  });

  it('a vulnerable customer is contacted by a person first (FG21/1)', () => {
    const d = decideAt(NOW, june({ compliance: { vulnerability: { drivers: ['health'] } } }));
    expect(d.action).toEqual({ type: 'escalate', reason: 'vulnerable-customer' });
    const uk = decideAt(
      '2026-06-02T10:00:00Z',
      june({
        jurisdiction: 'GB',
        customer: { phone: '+447700900123', address: { country: 'GB' } },
        compliance: { vulnerability: { drivers: ['life-events', 'resilience'] } },
      }),
    );
    expect(uk.reasons.at(-1)).toMatchObject({ ruleId: 'fca.vulnerable-person-first', effect: 'suppressed' });
  });

  it('after a person reviewed it: no automated voice, at most one contact a week across all debts', () => {
    const reviewed = june({
      customer: { preferredChannel: 'voice' },
      compliance: { vulnerability: { drivers: ['capability'], reviewedByPersonAt: '2026-06-01T16:00:00Z' } },
    });
    const d = decideAt(NOW, reviewed);
    expect(d.action).toMatchObject({ type: 'contact', channel: 'sms' });
    expect(d.reasons).toContainEqual(
      expect.objectContaining({ ruleId: 'amicable.vulnerable-no-automated-voice', effect: 'blocked', channel: 'voice' }),
    );
    expect(d.nextAllowed!.voice).toBeNull();
    // An email about the person's other debt yesterday uses up this week's one contact.
    const other = sent('2026-06-01T16:00:00Z', 'email', 'x1', { debtId: 'acct-2' });
    const capped = decideAt(NOW, reviewed, [other]);
    expect(capped.action).toEqual({ type: 'wait', until: '2026-06-08T16:00:00.000Z' });
    expect(ruleIds(capped, 'deferred')).toContain('amicable.vulnerable-frequency');
  });

  it('evaluates suppression in order: payment first, then moratorium before dispute', () => {
    const both = { moratoriumUntil: '2026-06-20T00:00:00Z', disputeOpenedAt: '2026-06-01T20:00:00Z' };
    expect(decideAt(NOW, june({ compliance: both })).action.type).toBe('wait');
    expect(decideAt(NOW, june({ status: 'paid', compliance: both })).action).toEqual({ type: 'close', reason: 'paid' });
  });
});
