/**
 * Pacing over random portfolios and capacities, through the same decide() engine the journeys run and
 * the application's pacing with the in-memory slot store: no second over capacity on any identity,
 * every reserved second inside every window of its customer, no message moved while its window has room.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { paceDecision } from '../../functions/application/pace';
import { MemorySendSlotStore } from '../../functions/adapters/memory-send-slot-store';
import { decide } from '../../functions/domain/decide';
import { capacityConfigSchema, channelLimits, type CapacityConfig } from '../../functions/domain/pacing/capacity';
import { sendWindow } from '../../functions/domain/pacing/pacing';
import { DEFAULT_PLAYBOOK } from '../../functions/domain/playbook';
import { buildContext, evaluateChannel } from '../../functions/domain/rules/engine';
import type { Account, Decision } from '../../functions/domain/types';
import { account } from './fixtures';

const IDENTITIES = { sms: 'pool-sms', voice: 'phone-voice', email: 'example.com' };
const PHONES = ['+12125550123', '+13125550123', '+12065550123', '+16025550123', '+13035550123', '+18085550123', '+19075550123'];
const ZONES = [undefined, 'America/Chicago', 'America/Los_Angeles', 'America/New_York', 'America/Denver'];

const accountArb = (i: number) =>
  fc.record({ phone: fc.constantFrom(...PHONES), zone: fc.constantFrom(...ZONES) }).map(({ phone, zone }): Account =>
    account({
      accountId: `acc-${i}`,
      cycleId: 'cyc-1',
      customer: { phone, timeZone: zone, address: undefined, preferredChannel: 'sms' },
    }),
  );

const portfolioArb = (max: number) =>
  fc.integer({ min: 1, max }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => accountArb(i))));

const capacityArb = fc
  .record({ partsPerSecond: fc.integer({ min: 2, max: 8 }), partsPerMessage: fc.integer({ min: 1, max: 2 }) })
  .map((sms): CapacityConfig =>
    capacityConfigSchema.parse({ sms: { ...sms, urgentShare: 0 }, voice: { callsPerSecond: 1 }, email: { messagesPerSecond: 14 } }),
  );

/** Paces every account's decision at `now` (one journey after another, as they would race for seconds). */
async function pacePortfolio(accounts: Account[], capacity: CapacityConfig, now: Date) {
  const slots = new MemorySendSlotStore();
  const out: Array<{ account: Account; decided: Decision; paced: Decision }> = [];
  for (const a of accounts) {
    const decided = decide({ account: a, history: [], playbook: DEFAULT_PLAYBOOK, now });
    const paced = await paceDecision(
      { slots, capacity, identities: IDENTITIES },
      { account: a, history: [], now, cycleId: 'cyc-1' },
      decided,
    );
    out.push({ account: a, decided, paced });
  }
  return { slots, out };
}

const reservedSecond = (d: Decision): number | undefined => {
  const reason = d.reasons.find((r) => r.ruleId === 'pacing.sms');
  if (!reason) return undefined;
  return reason.effect === 'deferred' ? Date.parse(reason.until!) : Date.parse(d.decidedAt);
};

const allowedAt = (a: Account, at: number) =>
  evaluateChannel(buildContext({ account: a, history: [], now: new Date(at) }), { channel: 'sms', at: new Date(at) }).kind === 'allowed';

const DAY = Date.parse('2026-03-10T00:00:00Z');

describe('pacing over random portfolios and capacities', () => {
  it('never puts a second over capacity and reserves only seconds inside every window of the customer', async () => {
    await fc.assert(
      fc.asyncProperty(
        portfolioArb(40),
        capacityArb,
        fc.integer({ min: 12 * 60, max: 30 * 60 }),
        async (accounts, capacity, minuteOfDay) => {
          const now = new Date(DAY + minuteOfDay * 60_000 + 437);
          const { slots, out } = await pacePortfolio(accounts, capacity, now);
          const limits = channelLimits(capacity, 'sms');
          const perSecond = new Map<number, number>();
          for (const { account: a, decided, paced } of out) {
            if (decided.action.type !== 'contact' || decided.action.channel !== 'sms') continue;
            const second = reservedSecond(paced);
            if (second === undefined) {
              expect(paced.reasons.some((r) => r.ruleId === 'capacity.sms')).toBe(true);
              continue;
            }
            expect(second).toBeGreaterThanOrEqual(now.getTime());
            expect(allowedAt(a, second)).toBe(true);
            perSecond.set(second, (perSecond.get(second) ?? 0) + limits.unitsPerMessage);
          }
          for (const [second, units] of perSecond) {
            expect(units).toBeLessThanOrEqual(limits.unitsPerSecond);
            expect(slots.usedAt(IDENTITIES.sms, second)).toBe(units);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('moves a message to the next window only when its window is full, and to that window', async () => {
    await fc.assert(
      fc.asyncProperty(portfolioArb(120), capacityArb, fc.integer({ min: 30, max: 150 }), async (accounts, capacity, secondsLeft) => {
        // Every customer in Chicago, `secondsLeft` before 21:00 there: a window of a few seconds' capacity.
        const chicago = accounts.map((a) => ({ ...a, customer: { ...a.customer, phone: '+13125550123', timeZone: 'America/Chicago' } }));
        const closes = Date.parse('2026-03-11T02:00:00Z');
        const now = new Date(closes - secondsLeft * 1000);
        const { out } = await pacePortfolio(chicago, capacity, now);
        const limits = channelLimits(capacity, 'sms');
        const window = sendWindow({ account: chicago[0], history: [], now }, 'sms')!;
        expect(window.closesAt).toBe(closes);
        const room = Math.floor(limits.unitsPerSecond / limits.unitsPerMessage) * secondsLeft;
        const paced = out.filter((o) => reservedSecond(o.paced) !== undefined).length;
        expect(paced).toBe(Math.min(room, chicago.length));
        for (const o of out.filter((x) => reservedSecond(x.paced) === undefined)) {
          const reason = o.paced.reasons.find((r) => r.ruleId === 'capacity.sms')!;
          expect(o.paced.action).toEqual({ type: 'wait', until: reason.until });
          // 08:00 the next morning in Chicago: the next window, not a minute later.
          expect(reason.until).toBe('2026-03-11T13:00:00.000Z');
        }
      }),
      { numRuns: 25 },
    );
  });

  it('spreads a morning of decisions across the window instead of its first minute', async () => {
    const accounts = Array.from({ length: 300 }, (_, i) =>
      account({ accountId: `acc-${i}`, customer: { phone: '+13125550123', timeZone: 'America/Chicago', address: undefined } }),
    );
    const opening = new Date('2026-03-10T14:00:00Z'); // the first time decide() contacts them (09:00 in Chicago)
    const capacity = capacityConfigSchema.parse({
      sms: { partsPerSecond: 10 },
      voice: { callsPerSecond: 1 },
      email: { messagesPerSecond: 14 },
    });
    const { out } = await pacePortfolio(accounts, capacity, opening);
    expect(out.every((o) => o.decided.action.type === 'contact')).toBe(true);
    const seconds = out.map((o) => reservedSecond(o.paced)!);
    const firstHour = seconds.filter((s) => s < opening.getTime() + 3_600_000).length;
    // 12 hours of window: about one in twelve lands in the first hour, never most of them.
    expect(firstHour / seconds.length).toBeLessThan(0.2);
    expect(Math.max(...seconds)).toBeGreaterThan(opening.getTime() + 9 * 3_600_000);
  });

  it('keeps the second a message holds, and sends when it has come', async () => {
    const a = account({ customer: { phone: '+13125550123', timeZone: 'America/Chicago', address: undefined } });
    const capacity = capacityConfigSchema.parse({
      sms: { partsPerSecond: 10 },
      voice: { callsPerSecond: 1 },
      email: { messagesPerSecond: 14 },
    });
    const slots = new MemorySendSlotStore();
    const pacing = { slots, capacity, identities: IDENTITIES };
    const now = new Date('2026-03-10T15:00:00Z');
    const first = await paceDecision(
      pacing,
      { account: a, history: [], now, cycleId: 'cyc-1' },
      decide({ account: a, history: [], playbook: DEFAULT_PLAYBOOK, now }),
    );
    expect(first.action.type).toBe('wait');
    const until = new Date((first.action as { until: string }).until);
    const again = await paceDecision(
      pacing,
      { account: a, history: [], now: until, cycleId: 'cyc-1' },
      decide({ account: a, history: [], playbook: DEFAULT_PLAYBOOK, now: until }),
    );
    expect(again.action.type).toBe('contact');
    expect(again.reasons.at(-1)).toMatchObject({ ruleId: 'pacing.sms', effect: 'allowed' });
    expect(slots.operations.writes).toBe(3); // one second, its minute, the hold: nothing reserved twice
  });
});

describe('capacity config', () => {
  it('refuses an urgent share that leaves no paced message a second, naming the field', () => {
    const result = capacityConfigSchema.safeParse({
      sms: { partsPerSecond: 2, urgentShare: 0.5 },
      voice: { callsPerSecond: 1 },
      email: { messagesPerSecond: 14 },
    });
    expect(result.success).toBe(false);
    expect(result.error!.issues[0].path).toEqual(['sms', 'urgentShare']);
    expect(
      channelLimits(
        capacityConfigSchema.parse({ sms: { partsPerSecond: 10 }, voice: { callsPerSecond: 1 }, email: { messagesPerSecond: 14 } }),
        'sms',
      ),
    ).toEqual({
      unitsPerSecond: 9,
      unitsPerMessage: 2,
      ratePerSecond: 10,
    });
  });
});
