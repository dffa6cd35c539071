import { describe, expect, it } from 'vitest';
import { callFrequency } from '../../functions/domain/rules/call-frequency';
import { channelNoAddress, channelUnusable } from '../../functions/domain/rules/channel-unusable';
import { conversationBlock } from '../../functions/domain/rules/conversation-block';
import {
  buildContext,
  checkContact,
  DEFAULT_RULE_SET,
  parseRuleSet,
  RULES,
  type ChannelRule,
  type RuleSet,
} from '../../functions/domain/rules';
import { localHours } from '../../functions/domain/rules/local-hours';
import { optoutChannel } from '../../functions/domain/rules/optout-channel';
import { statusStop } from '../../functions/domain/rules/status-stop';
import type { Account, Channel, HistoryEntry } from '../../functions/domain/types';
import { account, calls } from './fixtures';

function run(rule: ChannelRule, a: Account, at: string, channel: Channel = 'sms', history: HistoryEntry[] = [], ruleSet?: RuleSet) {
  const now = new Date(at);
  return rule.evaluate(buildContext({ account: a, history, now, ruleSet }), { channel, at: now });
}

const untilOf = (o: ReturnType<typeof run>) => (o.effect === 'deferred' ? o.until.toISOString() : undefined);

describe('rule registry', () => {
  it('gives every rule a unique stable id, a description and a source', () => {
    const ids = RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of RULES) {
      expect(r.id).toMatch(/^[a-z]+\.[a-z-]+$/);
      expect(r.description.length).toBeGreaterThan(10);
      expect(r.source.length).toBeGreaterThan(3);
    }
    expect(ids).toEqual(
      expect.arrayContaining([
        'status.stop',
        'window.local-hours',
        'optout.channel',
        'channel.unusable',
        'channel.no-address',
        'regf.call-frequency',
        'regf.conversation-block',
      ]),
    );
  });

  it('evaluates in the order suppression -> window -> counters -> channel checks', () => {
    const stages = RULES.map((r) => r.stage);
    const rank = { suppression: 0, window: 1, counter: 2, channel: 3 };
    expect(stages.map((s) => rank[s])).toEqual([...stages.map((s) => rank[s])].sort());
  });
});

describe('rule set', () => {
  it('keeps the Reg F numbers in configuration', () => {
    expect(DEFAULT_RULE_SET).toMatchObject({
      contactWindow: { start: '08:00', end: '21:00' },
      callAttemptCap: { attempts: 7, days: 7 },
      conversationBlockDays: 7,
      maxConsecutiveFailures: 3,
    });
  });

  it('rejects a bad rule set naming each path', () => {
    expect(() =>
      parseRuleSet({ ...DEFAULT_RULE_SET, contactWindow: { start: '8am', end: '21:00' }, callAttemptCap: { attempts: 0, days: 7 } }),
    ).toThrow(/contactWindow\.start[\s\S]*callAttemptCap\.attempts/);
    expect(() => parseRuleSet({ ...DEFAULT_RULE_SET, contactWindow: { start: '21:00', end: '08:00' } })).toThrow(
      /contactWindow: contact window start must be before its end/,
    );
  });
});

describe('status.stop', () => {
  const ctx = (a: Account) => buildContext({ account: a, history: [], now: new Date('2026-03-10T15:00:00Z') });
  it.each([
    ['paid', 'paid'],
    ['closed', 'account-closed'],
    ['ceased', 'ceased'],
  ] as const)('closes a %s account with reason %s', (status, close) => {
    expect(statusStop.evaluate(ctx(account({ status })))).toMatchObject({ effect: 'suppressed', close });
  });
  it('closes as paid when nothing is owed', () => {
    expect(statusStop.evaluate(ctx(account({ balance: 0 })))).toMatchObject({ effect: 'suppressed', close: 'paid' });
  });
  it('allows an overdue account with a balance', () => {
    expect(statusStop.evaluate(ctx(account())).effect).toBe('allowed');
  });
});

describe('window.local-hours', () => {
  const chicago = account();
  it('allows 10:00 local', () => {
    expect(run(localHours, chicago, '2026-03-10T15:00:00Z')).toMatchObject({ effect: 'allowed' });
  });
  it('defers 06:00 local to 08:00 the same day', () => {
    const o = run(localHours, chicago, '2026-03-10T11:00:00Z');
    expect(o.effect).toBe('deferred');
    expect(untilOf(o)).toBe('2026-03-10T13:00:00.000Z');
    expect(o.detail).toContain('Tue 06:00 America/Chicago');
  });
  it('defers 21:00 local to 08:00 the next day (21:00 itself is outside)', () => {
    expect(untilOf(run(localHours, chicago, '2026-03-11T02:00:00Z'))).toBe('2026-03-11T13:00:00.000Z');
    expect(run(localHours, chicago, '2026-03-11T01:59:00Z').effect).toBe('allowed');
  });
  it('Reg F worked example: Eastern phone + Pacific address => 11:00-21:00 Eastern', () => {
    const both = account({ customer: { phone: '+12125550123', address: { country: 'US', region: 'CA' } } });
    // 09:30 Eastern is 06:30 Pacific: wait until 11:00 Eastern (08:00 Pacific).
    expect(untilOf(run(localHours, both, '2026-03-10T13:30:00Z'))).toBe('2026-03-10T15:00:00.000Z');
    expect(run(localHours, both, '2026-03-10T15:00:00Z').effect).toBe('allowed');
    expect(run(localHours, both, '2026-03-11T00:59:00Z').effect).toBe('allowed'); // 20:59 Eastern
    // 21:00 Eastern: next chance is 11:00 Eastern the next day.
    expect(untilOf(run(localHours, both, '2026-03-11T01:00:00Z'))).toBe('2026-03-11T15:00:00.000Z');
  });
  it('handles the spring-forward day', () => {
    const ny = account({ customer: { phone: '+12125550123', address: { country: 'US', region: 'NY' } } });
    // 2026-03-08 05:00 EST = 10:00Z; 08:00 EDT that day is 12:00Z.
    expect(untilOf(run(localHours, ny, '2026-03-08T10:00:00Z'))).toBe('2026-03-08T12:00:00.000Z');
  });
  it('blocks when the possible zones never share a convenient hour', () => {
    // London, Shanghai and Los Angeles in winter: 08:00-21:00 never overlaps in all three.
    const scattered = account({
      customer: { timeZone: 'Asia/Shanghai', phone: '+447700900123', address: { country: 'US', region: 'CA' } },
    });
    expect(run(localHours, scattered, '2026-01-10T12:00:00Z').effect).toBe('blocked');
  });
  it('reads the window from the rule set', () => {
    const early = parseRuleSet({ ...DEFAULT_RULE_SET, contactWindow: { start: '07:30', end: '21:00' } });
    expect(run(localHours, account(), '2026-03-10T12:45:00Z', 'sms', [], early).effect).toBe('allowed'); // 07:45 Chicago
    expect(run(localHours, account(), '2026-03-10T12:45:00Z').effect).toBe('deferred');
  });
});

describe('channel checks', () => {
  it('optout.channel blocks only the opted-out channel', () => {
    const a = account({ channels: { sms: { optedOut: true }, email: { optedOut: false }, voice: { optedOut: false } } });
    expect(run(optoutChannel, a, '2026-03-10T15:00:00Z', 'sms').effect).toBe('blocked');
    expect(run(optoutChannel, a, '2026-03-10T15:00:00Z', 'email').effect).toBe('allowed');
  });
  it('channel.unusable blocks a channel the provider rejected', () => {
    const a = account({
      channels: {
        sms: { optedOut: false },
        email: { optedOut: false, unusable: { reason: 'hard-bounce', at: '2026-03-09T00:00:00Z' } },
        voice: { optedOut: false },
      },
    });
    expect(run(channelUnusable, a, '2026-03-10T15:00:00Z', 'email')).toMatchObject({ effect: 'blocked' });
    expect(run(channelUnusable, a, '2026-03-10T15:00:00Z', 'sms').effect).toBe('allowed');
  });
  it('channel.no-address blocks sms and voice without a phone, email without an address', () => {
    const noPhone = account({ customer: { phone: undefined } });
    expect(run(channelNoAddress, noPhone, '2026-03-10T15:00:00Z', 'sms').effect).toBe('blocked');
    expect(run(channelNoAddress, noPhone, '2026-03-10T15:00:00Z', 'voice').effect).toBe('blocked');
    expect(run(channelNoAddress, noPhone, '2026-03-10T15:00:00Z', 'email').effect).toBe('allowed');
    expect(run(channelNoAddress, account({ customer: { email: undefined } }), '2026-03-10T15:00:00Z', 'email').effect).toBe('blocked');
  });
});

describe('regf.call-frequency', () => {
  const sevenCalls = calls([
    '2026-03-04T15:00:30Z',
    '2026-03-05T15:00:00Z',
    '2026-03-06T15:00:00Z',
    '2026-03-07T15:00:00Z',
    '2026-03-08T15:00:00Z',
    '2026-03-09T15:00:00Z',
    '2026-03-10T14:00:00Z',
  ]);
  it('defers the 8th call in 7 days until the oldest leaves the window (on a whole minute)', () => {
    const o = run(callFrequency, account(), '2026-03-10T16:00:00Z', 'voice', sevenCalls);
    expect(o.effect).toBe('deferred');
    expect(untilOf(o)).toBe('2026-03-11T15:01:00.000Z');
  });
  it('allows a 7th call, and does not limit texts', () => {
    expect(run(callFrequency, account(), '2026-03-10T16:00:00Z', 'voice', sevenCalls.slice(1)).effect).toBe('allowed');
    expect(run(callFrequency, account(), '2026-03-10T16:00:00Z', 'sms', sevenCalls).effect).toBe('allowed');
  });
  it('counts unconfirmed calls but not permanently failed ones, and forgets calls older than 7 days', () => {
    const mixed = sevenCalls.map((h, i) => (i === 0 && h.kind === 'contact' ? { ...h, outcome: 'failed-permanent' as const } : h));
    expect(run(callFrequency, account(), '2026-03-10T16:00:00Z', 'voice', mixed).effect).toBe('allowed');
    const unconfirmed = sevenCalls.map((h) => (h.kind === 'contact' ? { ...h, outcome: 'unconfirmed' as const } : h));
    expect(run(callFrequency, account(), '2026-03-10T16:00:00Z', 'voice', unconfirmed).effect).toBe('deferred');
    expect(run(callFrequency, account(), '2026-03-11T15:01:00Z', 'voice', sevenCalls).effect).toBe('allowed');
  });
});

describe('regf.conversation-block', () => {
  const talked: HistoryEntry[] = [{ kind: 'conversation', at: '2026-03-09T20:00:00Z', channel: 'voice' }]; // Mon 15:00 Chicago
  it('blocks calls until the start of day 8, counting the conversation day as day 1', () => {
    const o = run(conversationBlock, account(), '2026-03-10T15:00:00Z', 'voice', talked);
    expect(o.effect).toBe('deferred');
    expect(untilOf(o)).toBe('2026-03-16T05:00:00.000Z'); // Mon 16 March 00:00 Chicago
    expect(run(conversationBlock, account(), '2026-03-16T13:00:00Z', 'voice', talked).effect).toBe('allowed');
  });
  it('does not block texts or emails', () => {
    expect(run(conversationBlock, account(), '2026-03-10T15:00:00Z', 'sms', talked).effect).toBe('allowed');
  });
});

describe('checkContact (send-time guard)', () => {
  it('allows a contact inside hours on a usable channel', () => {
    expect(checkContact({ account: account(), history: [], channel: 'sms', now: new Date('2026-03-10T15:00:00Z') }).allowed).toBe(true);
  });
  it('refuses after an opt-out, a payment, or outside hours', () => {
    const now = new Date('2026-03-10T15:00:00Z');
    const optedOut = account({ channels: { sms: { optedOut: true }, email: { optedOut: false }, voice: { optedOut: false } } });
    expect(checkContact({ account: optedOut, history: [], channel: 'sms', now })).toMatchObject({
      allowed: false,
      reasons: [expect.objectContaining({ ruleId: 'optout.channel', effect: 'blocked' })],
    });
    expect(checkContact({ account: account({ status: 'paid' }), history: [], channel: 'sms', now }).reasons[0]).toMatchObject({
      ruleId: 'status.stop',
      effect: 'suppressed',
    });
    expect(checkContact({ account: account(), history: [], channel: 'sms', now: new Date('2026-03-10T11:00:00Z') })).toMatchObject({
      allowed: false,
      until: '2026-03-10T13:00:00.000Z',
    });
  });
});
