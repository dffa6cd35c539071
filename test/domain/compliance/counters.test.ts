/** Counters per person x per debt x per medium in rolling windows, with the regulation's worked examples. */
import { describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../../../functions/domain/types';
import { decideAt, june, oneChannelPlaybook, ruleIds, sent } from './helpers';

const day = (d: number, hhmm = '15:00') => `2026-06-${String(d).padStart(2, '0')}T${hhmm}:00.000Z`;
const voiceOnly = oneChannelPlaybook('voice');
const smsOnly = oneChannelPlaybook('sms');
const emailOnly = oneChannelPlaybook('email');
const callsOnDays = (days: number[], extra: Partial<Extract<HistoryEntry, { kind: 'contact' }>> = {}) =>
  days.map((d, i) => sent(day(d), 'voice', `voice-${i + 1}`, extra));

describe('Reg F call frequency, 1006.14(b)(2)', () => {
  it('worked example: seven calls 1-7 June; no eighth call until the first leaves the seven days', () => {
    const history = callsOnDays([1, 2, 3, 4, 5, 6, 7]);
    const d = decideAt(day(7, '20:00'), june(), history, { playbook: voiceOnly });
    expect(d.action).toEqual({ type: 'wait', until: day(8) });
    expect(d.reasons).toContainEqual(expect.objectContaining({ ruleId: 'regf.call-frequency', effect: 'deferred', channel: 'voice' }));
    expect(decideAt(day(8), june(), history, { playbook: voiceOnly }).action).toMatchObject({ type: 'contact', channel: 'voice' });
  });

  it("counts per debt: calls about the person's other debt do not use up this one's seven", () => {
    const history = [...callsOnDays([1, 2, 3]), ...[4, 5, 6, 7].map((d) => sent(day(d), 'voice', `other-${d}`, { debtId: 'acct-2' }))];
    expect(decideAt(day(7, '20:00'), june(), history, { playbook: voiceOnly }).action.type).toBe('contact');
  });

  it("does not count calls placed with the consumer's prior consent (1006.14(b)(3))", () => {
    const ma = june({ jurisdiction: 'US-MA', customer: { phone: '+16175550123', address: { country: 'US', region: 'MA' } } });
    const history = [sent(day(1), 'voice', 'voice-1', { consented: true }), sent(day(3), 'voice', 'voice-2')];
    expect(decideAt(day(5), ma, history, { playbook: voiceOnly }).action.type).toBe('contact');
    const unconsented = [sent(day(1), 'voice', 'voice-1'), sent(day(3), 'voice', 'voice-2')];
    expect(ruleIds(decideAt(day(5), ma, unconsented, { playbook: voiceOnly }), 'deferred')).toEqual(['ma.call-text-cap']);
  });

  it('worked example: a conversation on Wed 3 June blocks calls through Tue 9 June (conversation day = day 1)', () => {
    const history: HistoryEntry[] = [
      sent(day(3, '16:00'), 'voice', 'voice-1'),
      { kind: 'conversation', at: day(3, '16:05'), channel: 'voice' },
    ];
    const d = decideAt(day(4), june(), history, { playbook: voiceOnly });
    // Midnight starting Wed 10 June in Chicago (05:00Z), then the window opens at 08:00 CDT.
    expect(d.action).toEqual({ type: 'wait', until: '2026-06-10T13:00:00.000Z' });
    // The window sets the time (decisive, first); the conversation block pushed it past the 9th.
    expect(ruleIds(d, 'deferred')).toEqual(['window.local-hours', 'regf.conversation-block']);
    expect(d.reasons[0]).toMatchObject({
      ruleId: 'window.local-hours',
      decisive: true,
      citation: '12 CFR 1006.6(b)(1)(i) and its commentary on unknown or multiple locations',
    });
    // A conversation about another debt blocks that debt, not this one.
    const other: HistoryEntry[] = [{ kind: 'conversation', at: day(3, '16:05'), channel: 'voice', debtId: 'acct-2' }];
    expect(decideAt(day(4), june(), other, { playbook: voiceOnly }).action.type).toBe('contact');
  });
});

describe('jurisdiction caps', () => {
  it('Massachusetts: two calls or texts per debt in seven days (texts count)', () => {
    const ma = june({ jurisdiction: 'US-MA', customer: { phone: '+16175550123', address: { country: 'US', region: 'MA' } } });
    const history = [sent(day(1), 'sms', 'sms-1'), sent(day(3), 'voice', 'x-call')];
    const d = decideAt(day(5), ma, history, { playbook: smsOnly });
    expect(d.action).toEqual({ type: 'wait', until: day(8) });
    expect(d.reasons).toContainEqual(expect.objectContaining({ ruleId: 'ma.call-text-cap', effect: 'deferred', channel: 'sms' }));
    // Federal rules alone (a Chicago customer) allow the third text.
    expect(decideAt(day(5), june({ jurisdiction: 'US' }), history, { playbook: smsOnly }).action.type).toBe('contact');
  });

  it("New York City: three contacts in seven days across all channels and all the person's debts", () => {
    const consent = { sms: { source: 'written' as const, at: '2026-05-01T00:00:00Z' }, email: { source: 'written' as const } };
    const nyc = june({ jurisdiction: 'US-NY-NYC', customer: { phone: '+12125550123', address: { country: 'US', region: 'NY' }, consent } });
    const history = [sent(day(1), 'sms', 'sms-1'), sent(day(2), 'email', 'e-1', { debtId: 'acct-2' }), sent(day(3), 'voice', 'v-1')];
    const d = decideAt(day(4), nyc, history, { playbook: smsOnly });
    expect(d.action).toEqual({ type: 'wait', until: day(8) });
    expect(ruleIds(d, 'deferred')).toContain('nyc.contact-cap');
  });

  it('Washington: three contacts a week', () => {
    const wa = june({ jurisdiction: 'US-WA', customer: { phone: '+12065550123', address: { country: 'US', region: 'WA' } } });
    const history = [
      sent(day(1, '17:00'), 'email', 'email-1'),
      sent(day(2, '17:00'), 'email', 'email-2'),
      sent(day(3, '17:00'), 'sms', 's-1'),
    ];
    const d = decideAt(day(4, '17:00'), wa, history, { playbook: emailOnly });
    expect(d.action).toEqual({ type: 'wait', until: day(8, '17:00') });
    expect(ruleIds(d, 'deferred')).toContain('wa.weekly-cap');
  });

  it('configurable per-channel caps for texts and emails (3 a week per debt by default)', () => {
    const texts = [1, 2, 3].map((d, i) => sent(day(d), 'sms', `sms-${i + 1}`));
    const d = decideAt(day(4), june(), texts, { playbook: smsOnly });
    expect(d.action).toEqual({ type: 'wait', until: day(8) });
    expect(ruleIds(d, 'deferred')).toEqual(['amicable.sms-cap']);
    const emails = [1, 2, 3].map((d, i) => sent(day(d), 'email', `email-${i + 1}`));
    expect(ruleIds(decideAt(day(4), june(), emails, { playbook: emailOnly }), 'deferred')).toEqual(['amicable.email-cap']);
  });

  it('failed deliveries do not count; unconfirmed ones do', () => {
    const texts = [
      sent(day(1), 'sms', 'x-failed', { outcome: 'failed-permanent' }),
      sent(day(2), 'sms', 'sms-1'),
      sent(day(3), 'sms', 'sms-2'),
    ];
    expect(decideAt(day(4), june(), texts, { playbook: smsOnly }).action.type).toBe('contact');
    const unconfirmed = [1, 2, 3].map((d, i) => sent(day(d), 'sms', `sms-${i + 1}`, { outcome: 'unconfirmed' }));
    expect(decideAt(day(4), june(), unconfirmed, { playbook: smsOnly }).action.type).toBe('wait');
  });
});
