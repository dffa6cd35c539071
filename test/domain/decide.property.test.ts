/**
 * Properties that must hold for ANY account, history and clock, not only the scenarios we thought of.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decide } from '../../functions/domain/decide';
import { DEFAULT_PLAYBOOK } from '../../functions/domain/playbook';
import { possibleTimeZones } from '../../functions/domain/time-zones';
import { localTimeParts } from '../../functions/domain/zone-clock';
import { CHANNELS, type Account, type Channel, type HistoryEntry } from '../../functions/domain/types';
import { account } from './fixtures';

const START = Date.parse('2026-01-01T00:00:00Z');
const DAY = 86_400_000;
const instant = fc.integer({ min: START, max: START + 400 * DAY });

const channelState = fc.record({
  optedOut: fc.boolean(),
  unusable: fc.option(fc.constant({ reason: 'invalid-address', at: '2026-01-01T00:00:00Z' }), { nil: undefined }),
});

const accountArb: fc.Arbitrary<Account> = fc
  .record({
    status: fc.constantFrom('overdue', 'overdue', 'overdue', 'paid', 'closed', 'ceased'),
    balance: fc.constantFrom(0, 10, 125.5, 9000),
    phone: fc.option(
      fc.constantFrom('+12125550123', '+13125550123', '+18505550123', '+19075550123', '+18085550123', '+447700900123', '+17015550123'),
      { nil: undefined },
    ),
    email: fc.option(fc.constant('a@example.com'), { nil: undefined }),
    region: fc.option(fc.constantFrom('CA', 'NY', 'TX', 'FL', 'HI', 'AZ', 'IN', 'OR'), { nil: undefined }),
    timeZone: fc.option(fc.constantFrom('America/Chicago', 'Europe/London', 'Asia/Tokyo', 'America/Denver'), { nil: undefined }),
    preferredChannel: fc.option(fc.constantFrom<Channel>(...CHANNELS), { nil: undefined }),
    sms: channelState,
    email_: channelState,
    voice: channelState,
  })
  .map((r) =>
    account({
      status: r.status,
      balance: r.balance,
      openedAt: new Date(START).toISOString(),
      customer: {
        phone: r.phone,
        email: r.email,
        timeZone: r.timeZone,
        preferredChannel: r.preferredChannel,
        address: r.region ? { country: 'US', region: r.region } : undefined,
      },
      channels: { sms: r.sms, email: r.email_, voice: r.voice },
    }),
  );

const stepIds = DEFAULT_PLAYBOOK.steps.map((s) => s.id);
const entryArb: fc.Arbitrary<HistoryEntry> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .record({
        t: instant,
        stepId: fc.constantFrom(...stepIds),
        channel: fc.constantFrom<Channel>(...CHANNELS),
        outcome: fc.constantFrom('sent', 'unconfirmed', 'failed-permanent') as fc.Arbitrary<'sent' | 'unconfirmed' | 'failed-permanent'>,
      })
      .map((r): HistoryEntry => ({
        kind: 'contact',
        at: new Date(r.t).toISOString(),
        stepId: r.stepId,
        channel: r.channel,
        template: 'reminder-friendly',
        outcome: r.outcome,
      })),
  },
  {
    weight: 6,
    arbitrary: instant.map((t): HistoryEntry => ({
      kind: 'contact',
      at: new Date(t).toISOString(),
      stepId: 'extra-call',
      channel: 'voice',
      template: 'reminder-friendly',
      outcome: 'sent',
    })),
  },
  { weight: 1, arbitrary: instant.map((t): HistoryEntry => ({ kind: 'conversation', at: new Date(t).toISOString(), channel: 'voice' })) },
  { weight: 1, arbitrary: instant.map((t): HistoryEntry => ({ kind: 'failure', at: new Date(t).toISOString(), error: 'timeout' })) },
);

const scenario = fc.record({ account: accountArb, now: instant, history: fc.array(entryArb, { maxLength: 25 }) }).map((s) => ({
  ...s,
  // History never lies in the future of the decision.
  history: s.history.filter((h) => Date.parse(h.at) <= s.now),
}));

describe('decide properties', () => {
  it('a contact is always inside 08:00-21:00 in every possible zone, on a usable channel, for an overdue balance, within the call cap', () => {
    fc.assert(
      fc.property(scenario, ({ account: a, history, now }) => {
        const d = decide({ account: a, history, playbook: DEFAULT_PLAYBOOK, now: new Date(now) });
        expect(d.reasons.length).toBeGreaterThan(0);
        if (d.action.type === 'wait') {
          expect(Date.parse(d.action.until)).toBeGreaterThan(now);
          expect(Date.parse(d.action.until) % 60_000).toBe(0);
        }
        if (d.action.type !== 'contact') return;
        const { channel, stepId } = d.action;
        // The one satisfaction question after a resolution is the only message to a resolved account.
        if (a.status !== 'overdue' || a.balance <= 0) expect(d.action.template).toBe('survey');
        for (const zone of possibleTimeZones(a.customer)) {
          const m = localTimeParts(new Date(now), zone).minutesOfDay;
          expect(m, zone).toBeGreaterThanOrEqual(8 * 60);
          expect(m, zone).toBeLessThan(21 * 60);
        }
        expect(a.channels[channel].optedOut).toBe(false);
        expect(a.channels[channel].unusable).toBeUndefined();
        expect(channel === 'email' ? a.customer.email : a.customer.phone).toBeTruthy();
        expect(history.some((h) => h.kind === 'contact' && h.stepId === stepId && h.channel === channel)).toBe(false);
        if (channel === 'voice') {
          const recentCalls = history.filter(
            (h) => h.kind === 'contact' && h.channel === 'voice' && h.outcome !== 'failed-permanent' && Date.parse(h.at) > now - 7 * DAY,
          );
          expect(recentCalls.length).toBeLessThan(7);
          const recentTalk = history.some((h) => h.kind === 'conversation' && Date.parse(h.at) > now - 6 * DAY);
          expect(recentTalk).toBe(false);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('is deterministic and does not care about history order', () => {
    fc.assert(
      fc.property(scenario, ({ account: a, history, now }) => {
        const input = { account: a, playbook: DEFAULT_PLAYBOOK, now: new Date(now) };
        const forward = decide({ ...input, history });
        const reversed = decide({ ...input, history: [...history].reverse() });
        expect(reversed.action).toEqual(forward.action);
      }),
      { numRuns: 150 },
    );
  });
});
