/** The one reply to a consumer-initiated contact (1006.6(b)(1)) and the email safe harbour (1006.6(d)(4)). */
import { describe, expect, it } from 'vitest';
import { checkContact, compileProfile } from '../../../functions/domain/rules';
import type { CustomerProfile, HistoryEntry } from '../../../functions/domain/types';
import { decideAt, june, oneChannelPlaybook, sent } from './helpers';

const smsOnly = oneChannelPlaybook('sms');
const emailOnly = oneChannelPlaybook('email');
// 22:00 CDT on Mon 1 June (03:00Z on the 2nd): outside 08:00-21:00 in Chicago.
const LATE = '2026-06-02T03:00:00.000Z';
const LATER = '2026-06-02T03:30:00.000Z';
const inbound = (at: string, channel: 'sms' | 'email' | 'voice' = 'sms'): HistoryEntry => ({ kind: 'inbound', at, channel });

describe('Reg F 1006.6(b)(1): one reply in the same medium to a consumer-initiated contact', () => {
  it('allows one reply outside the window, and the reasons say so', () => {
    const d = decideAt(LATER, june(), [inbound(LATE)], { playbook: smsOnly });
    expect(d.action).toMatchObject({ type: 'contact', channel: 'sms' });
    const reply = d.reasons.find((r) => r.ruleId === 'regf.consumer-reply');
    expect(reply).toMatchObject({ effect: 'allowed', channel: 'sms' });
    expect(reply?.detail).toMatch(/one reply by sms to the customer-initiated sms .* allowed outside the contact window/);
    expect(d.reasons.find((r) => r.ruleId === 'window.local-hours')?.detail).toMatch(
      /^exception \(regf\.consumer-reply\) to: outside 08:00-21:00/,
    );
    expect(checkContact({ account: june(), history: [inbound(LATE)], channel: 'sms', now: new Date(LATER) }).allowed).toBe(true);
  });

  it('without a customer-initiated contact the window applies', () => {
    expect(decideAt(LATER, june(), [], { playbook: smsOnly }).action).toEqual({ type: 'wait', until: '2026-06-02T13:00:00.000Z' });
  });

  it('allows exactly one reply: after it, the window applies again', () => {
    const history = [inbound(LATE), sent('2026-06-02T03:10:00.000Z', 'sms', 'sms-1')];
    const d = decideAt(LATER, june(), history, { playbook: smsOnly });
    expect(d.action.type).toBe('wait');
    expect(d.reasons).toContainEqual(expect.objectContaining({ ruleId: 'window.local-hours', effect: 'deferred' }));
  });

  it('only in the same medium: a text from the customer does not let an email out at night', () => {
    expect(decideAt(LATER, june(), [inbound(LATE)], { playbook: emailOnly }).action.type).toBe('wait');
    expect(decideAt(LATER, june(), [inbound(LATE, 'email')], { playbook: emailOnly }).action).toMatchObject({
      type: 'contact',
      channel: 'email',
    });
  });

  it('only within the configured time (24 h), and the number is profile data', () => {
    const twoDaysOn = '2026-06-04T03:30:00.000Z';
    expect(decideAt(twoDaysOn, june(), [inbound(LATE)], { playbook: smsOnly }).action.type).toBe('wait');
    const longer = compileProfile({
      id: 'US-RL',
      extends: 'US',
      name: 'Longer reply time',
      version: 'rl.1',
      rules: [
        {
          id: 'regf.consumer-reply',
          kind: 'consumer-reply',
          hours: 72,
          description: 'One reply within three days of the customer.',
          source: 'test',
        },
      ],
    });
    expect(decideAt(twoDaysOn, june(), [inbound(LATE)], { playbook: smsOnly, profile: longer }).action).toMatchObject({ type: 'contact' });
  });

  it('does not lift caps or channel checks', () => {
    const opted = june({ channels: { sms: { optedOut: true }, email: { optedOut: false }, voice: { optedOut: false } } });
    expect(checkContact({ account: opted, history: [inbound(LATE)], channel: 'sms', now: new Date(LATER) }).allowed).toBe(false);
    const capped = [
      sent('2026-06-01T15:00:00.000Z', 'sms', 'x1'),
      sent('2026-06-01T16:00:00.000Z', 'sms', 'x2'),
      sent('2026-06-01T17:00:00.000Z', 'sms', 'x3'),
      inbound(LATE),
    ];
    const check = checkContact({ account: june(), history: capped, channel: 'sms', now: new Date(LATER) });
    expect(check.allowed).toBe(false);
    expect(check.reasons.map((r) => r.ruleId)).toContain('amicable.sms-cap');
  });
});

describe('Reg F 1006.6(d)(4): email safe harbour', () => {
  const NOW = '2026-06-10T15:00:00.000Z';
  const reasonFor = (customer: Partial<CustomerProfile>, profile?: ReturnType<typeof compileProfile>) =>
    checkContact({ account: june({ customer }), history: [], channel: 'email', now: new Date(NOW), profile });

  it("without evidence keeps today's behaviour (allowed) and says so", () => {
    const check = reasonFor({});
    expect(check.allowed).toBe(true);
    expect(check.reasons.find((r) => r.ruleId === 'regf.email-safe-harbor')).toMatchObject({
      effect: 'allowed',
      detail: expect.stringContaining('no safe-harbour evidence on record'),
    });
  });

  it('allows an address the customer used or consented to', () => {
    expect(reasonFor({ emailSource: { source: 'consumer-used' } }).allowed).toBe(true);
    expect(reasonFor({ emailSource: { source: 'consented', at: '2026-05-01T00:00:00Z' } }).allowed).toBe(true);
  });

  it('a creditor notice needs an opt-out window of at least 35 days, ended', () => {
    const short = reasonFor({ emailSource: { source: 'creditor-notice', noticeAt: '2026-04-01T00:00:00Z', optOutWindowDays: 30 } });
    expect(short.allowed).toBe(false);
    expect(short.reasons[0]).toMatchObject({ ruleId: 'regf.email-safe-harbor', effect: 'blocked' });
    const open = reasonFor({ emailSource: { source: 'creditor-notice', noticeAt: '2026-05-20T00:00:00Z', optOutWindowDays: 35 } });
    expect(open).toMatchObject({ allowed: false, until: '2026-06-24T00:00:00.000Z' });
    expect(reasonFor({ emailSource: { source: 'creditor-notice', noticeAt: '2026-05-01T00:00:00Z', optOutWindowDays: 35 } }).allowed).toBe(
      true,
    );
    expect(reasonFor({ emailSource: { source: 'creditor-notice', optOutWindowDays: 60 } }).allowed).toBe(false);
  });

  it('a profile may require the evidence', () => {
    const strict = compileProfile({
      id: 'US-SH',
      extends: 'US',
      name: 'Strict email',
      version: 'sh.1',
      rules: [
        {
          id: 'regf.email-safe-harbor',
          kind: 'email-safe-harbor',
          minOptOutDays: 35,
          require: true,
          description: 'Email only with safe-harbour evidence.',
          source: '12 CFR 1006.6(d)(4)',
        },
      ],
    });
    expect(reasonFor({}, strict).allowed).toBe(false);
    expect(decideAt(NOW, june(), [], { playbook: emailOnly, profile: strict }).action).toEqual({
      type: 'close',
      reason: 'no-usable-channel',
    });
  });
});
