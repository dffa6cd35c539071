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
import { aimedAt, RECHECK_SPREAD_MS, sendWindow, spreadSeed } from '../../functions/domain/pacing/pacing';
import { DEFAULT_CARE, DEFAULT_PLAYBOOK } from '../../functions/domain/playbook';
import { buildContext, evaluateChannel } from '../../functions/domain/rules/engine';
import type { Account, HistoryEntry } from '../../functions/domain/types';
import type { Decision } from '../../functions/domain/decision-types';
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
const DAY_MS = 86_400_000;
/** A Chicago customer busy until 20:59: a one-minute window a day (08:00-21:00 less the busy hours). */
const ONE_MINUTE_CUSTOMER = {
  phone: '+13125550123',
  timeZone: 'America/Chicago',
  blockedTimes: [{ start: '08:00', end: '20:59' }],
};
const AMPLE = capacityConfigSchema.parse({
  sms: { partsPerSecond: 100 },
  voice: { callsPerSecond: 10 },
  email: { messagesPerSecond: 100 },
});

/** Where in the Chicago window (0 its opening at 08:00, 1 its end at 21:00) a sent message went out. */
const chicagoPosition = (at: number) => {
  const local = new Date(at - 5 * 3_600_000); // CDT in March 2026 after the 8th
  return (local.getUTCHours() * 60 + local.getUTCMinutes() + local.getUTCSeconds() / 60 - 8 * 60) / (13 * 60);
};

/**
 * Runs each account's journey the way the state machine does (decide, pace, wait or send) through its
 * first four messages, one account after another sharing the identity; the window positions of the
 * second to fourth messages.
 */
async function laterStepPositions(accounts: Account[], start: number): Promise<number[]> {
  const slots = new MemorySendSlotStore();
  const pacing = { slots, capacity: AMPLE, identities: IDENTITIES };
  const positions: number[] = [];
  for (const a of accounts) {
    const history: HistoryEntry[] = [];
    let now = start;
    for (let step = 0; step < 40 && history.length < 4; step++) {
      const decideAt = (at: Date) => decide({ account: a, history, playbook: DEFAULT_PLAYBOOK, now: at });
      const d = await paceDecision(
        pacing,
        { account: a, history, now: new Date(now), cycleId: 'cyc-1', decideAt },
        decideAt(new Date(now)),
      );
      if (d.action.type === 'wait') now = Math.max(now + 1000, Date.parse(d.action.until));
      else if (d.action.type !== 'contact') break;
      else {
        const { stepId, channel, template } = d.action;
        history.push({ kind: 'contact', at: new Date(now).toISOString(), stepId, channel, template, outcome: 'sent' });
        if (history.length > 1) positions.push(chicagoPosition(now));
      }
    }
  }
  return positions;
}

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
      fc.asyncProperty(portfolioArb(120), capacityArb, async (accounts, capacity) => {
        // Every customer in Chicago, busy until 20:59 there: a one-minute window, decided at its opening.
        const chicago = accounts.map((a) => ({ ...a, customer: { ...a.customer, ...ONE_MINUTE_CUSTOMER } }));
        const opens = Date.parse('2026-03-11T01:59:00Z');
        const now = new Date(opens);
        const { out } = await pacePortfolio(chicago, capacity, now);
        const limits = channelLimits(capacity, 'sms');
        const window = sendWindow({ account: chicago[0], history: [], now }, 'sms')!;
        expect(window).toEqual({ opensAt: opens, closesAt: opens + 60_000 });
        const room = Math.floor(limits.unitsPerSecond / limits.unitsPerMessage) * 60;
        const paced = out.filter((o) => reservedSecond(o.paced) !== undefined).length;
        expect(paced).toBe(Math.min(room, chicago.length));
        for (const o of out.filter((x) => reservedSecond(x.paced) === undefined)) {
          const reason = o.paced.reasons.find((r) => r.ruleId === 'capacity.sms')!;
          expect(o.paced.action).toEqual({ type: 'wait', until: reason.until });
          // 20:59 the next evening in Chicago: the next window, not a minute later.
          expect(reason.until).toBe('2026-03-12T01:59:00.000Z');
        }
      }),
      { numRuns: 25 },
    );
  });

  it('aims a message whose point in the day has passed at the same point of the next window', async () => {
    await fc.assert(
      fc.asyncProperty(portfolioArb(30), fc.integer({ min: 1, max: 12 * 60 }), async (accounts, minutesIn) => {
        const chicago = accounts.map((a) => ({ ...a, customer: { ...a.customer, phone: '+13125550123', timeZone: 'America/Chicago' } }));
        const opens = Date.parse('2026-03-10T13:00:00Z'); // 08:00 in Chicago
        const now = new Date(opens + minutesIn * 60_000 + 437);
        const { out } = await pacePortfolio(chicago, AMPLE, now);
        const day = sendWindow({ account: chicago[0], history: [], now }, 'sms')!;
        expect(day).toEqual({ opensAt: opens, closesAt: opens + 13 * 3_600_000 });
        for (const { account: a, decided, paced } of out) {
          if (decided.action.type !== 'contact') continue;
          const aimed = aimedAt(day, spreadSeed(a.accountId, 'cyc-1', decided.action.stepId, decided.action.channel));
          // Capacity is ample: today at the point when it is still ahead, else the next day at it.
          expect(reservedSecond(paced)).toBe(aimed >= now.getTime() ? aimed : aimed + DAY_MS);
        }
      }),
      { numRuns: 20 },
    );
  });

  it("spreads a cadence's later steps over their whole window, not towards its end", async () => {
    await fc.assert(
      fc.asyncProperty(portfolioArb(30), fc.integer({ min: 0, max: 12 * 60 }), async (accounts, firstMinute) => {
        const chicago = accounts.map((a) => ({ ...a, customer: { ...a.customer, phone: '+13125550123', timeZone: 'America/Chicago' } }));
        const start = Date.parse('2026-03-10T13:00:00Z') + firstMinute * 60_000;
        const positions = await laterStepPositions(chicago, start);
        const mean = positions.reduce((a, b) => a + b, 0) / positions.length;
        // Uniform over the window: a mean near 0.5 (drifting to the end, it was about 0.8).
        expect(positions.length).toBeGreaterThanOrEqual(chicago.length);
        expect(mean).toBeGreaterThan(0.3);
        expect(mean).toBeLessThan(0.7);
      }),
      { numRuns: 15 },
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
    expect(slots.operations.writes).toBe(2); // one second (its minute counted in the same write), the hold: nothing reserved twice
  });
  it('reserves the second when a journey waits for a window, so it wakes once, at that second', async () => {
    await fc.assert(
      // At most 10:59 before 08:00: earlier is before 21:00 the evening before, inside that day's window.
      fc.asyncProperty(portfolioArb(20), fc.integer({ min: 0, max: 10 * 60 + 59 }), async (accounts, minutesBefore) => {
        const chicago = accounts.map((a) => ({ ...a, customer: { ...a.customer, phone: '+13125550123', timeZone: 'America/Chicago' } }));
        // Before 08:00 in Chicago on the 11th: decide() defers every first message to the window's opening.
        const opens = Date.parse('2026-03-11T13:00:00Z');
        const now = new Date(opens - 60_000 - minutesBefore * 60_000);
        const slots = new MemorySendSlotStore();
        const pacing = { slots, capacity: AMPLE, identities: IDENTITIES };
        for (const a of chicago) {
          const decideAt = (at: Date) => decide({ account: a, history: [], playbook: DEFAULT_PLAYBOOK, now: at });
          const waited = await paceDecision(pacing, { account: a, history: [], now, cycleId: 'cyc-1', decideAt }, decideAt(now));
          expect(decideAt(now).action).toEqual({ type: 'wait', until: new Date(opens).toISOString() });
          const second = reservedSecond(waited)!;
          expect(waited.action).toEqual({ type: 'wait', until: new Date(second).toISOString() });
          expect(allowedAt(a, second)).toBe(true);
          // Woken early (a reply, say) and waiting again: the message keeps its second, and the second the
          // new reservation claimed goes back, so the held one is counted once.
          const used = slots.usedAt(IDENTITIES.sms, second);
          const rewaited = await paceDecision(pacing, { account: a, history: [], now, cycleId: 'cyc-1', decideAt }, decideAt(now));
          expect(rewaited.action).toEqual(waited.action);
          expect(slots.usedAt(IDENTITIES.sms, second)).toBe(used);
          // At that second the journey sends: the decision finds the held second, nothing is reserved again.
          const wake = new Date(second);
          const writes = slots.operations.writes;
          const sent = await paceDecision(pacing, { account: a, history: [], now: wake, cycleId: 'cyc-1', decideAt }, decideAt(wake));
          expect(sent.action.type).toBe('contact');
          expect(slots.operations.writes).toBe(writes);
        }
      }),
      { numRuns: 15 },
    );
  });
});

describe('look-again waits', () => {
  it('spreads the timeout look of journeys handed off in one second over the hour after it: later, never sooner, and nothing reserved', async () => {
    const now = new Date('2026-03-11T18:00:00Z');
    const history: HistoryEntry[] = [{ kind: 'escalated', at: now.toISOString(), reason: 'no-response' }];
    const pacing = { slots: new MemorySendSlotStore(), capacity: AMPLE, identities: IDENTITIES };
    const perSecond = new Map<number, number>();
    for (let i = 0; i < 300; i++) {
      const a = account({ accountId: `handed-${i}`, cycleId: 'cyc-1' });
      const decideAt = (at: Date) => decide({ account: a, history, playbook: DEFAULT_PLAYBOOK, now: at });
      const decided = decideAt(now);
      expect(decided.action).toEqual({
        type: 'wait',
        until: new Date(now.getTime() + DEFAULT_CARE.handoffTimeoutDays * 86_400_000).toISOString(),
      });
      const paced = await paceDecision(pacing, { account: a, history, now, cycleId: 'cyc-1', decideAt }, decided);
      const late = Date.parse((paced.action as { until: string }).until) - Date.parse((decided.action as { until: string }).until);
      expect(late).toBeGreaterThanOrEqual(0);
      expect(late).toBeLessThan(RECHECK_SPREAD_MS);
      expect(paced.reasons.at(-1)).toMatchObject({ ruleId: 'pacing.recheck', effect: 'deferred' });
      perSecond.set(late, (perSecond.get(late) ?? 0) + 1);
      // The same journey deciding again (a retried Decide) gets the same time.
      expect(await paceDecision(pacing, { account: a, history, now, cycleId: 'cyc-1', decideAt }, decided)).toEqual(paced);
    }
    // 300 journeys that would all have woken in one second: at most a handful share one now.
    expect(Math.max(...perSecond.values())).toBeLessThanOrEqual(3);
    expect(pacing.slots.operations.writes).toBe(0);
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
