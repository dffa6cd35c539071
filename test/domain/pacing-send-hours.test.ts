/**
 * Pacing and the playbook's own sending hours: a step the playbook sends 17:00-20:00 is paced inside
 * those hours, so the decision at its second sends (without them it was paced into the morning, where
 * decide() waited for 17:00 again and the journey never sent).
 */
import { describe, expect, it } from 'vitest';
import { MemorySendSlotStore } from '../../functions/adapters/memory-send-slot-store';
import { paceDecision } from '../../functions/application/pace';
import { decide } from '../../functions/domain/decide';
import { capacityConfigSchema } from '../../functions/domain/pacing/capacity';
import { DEFAULT_PLAYBOOK, type Playbook } from '../../functions/domain/playbook';
import { localTimeParts } from '../../functions/domain/zone-clock';
import { account } from './fixtures';

const IDENTITIES = { sms: 'pool-1', voice: 'phone-1', email: 'billing@example.com' };
const evenings: Playbook = { ...DEFAULT_PLAYBOOK, sendHours: { start: '17:00', end: '20:00' } };

describe('pacing inside the playbook sending hours', () => {
  it('paces every step between 17:00 and 20:00 local, and the decision at its second sends it', async () => {
    const capacity = capacityConfigSchema.parse({
      sms: { partsPerSecond: 10 },
      voice: { callsPerSecond: 1 },
      email: { messagesPerSecond: 14 },
    });
    const pacing = { slots: new MemorySendSlotStore(), capacity, identities: IDENTITIES };
    for (let i = 0; i < 40; i++) {
      const a = account({ accountId: `acc-${i}`, customer: { phone: '+13125550123', timeZone: 'America/Chicago', address: undefined } });
      const input = (now: Date) => ({
        account: a,
        history: [],
        now,
        cycleId: 'cyc-1',
        sendHours: evenings.sendHours,
        decideAt: (at: Date) => decide({ account: a, history: [], playbook: evenings, now: at }),
      });
      // 10:00 in Chicago: decide() waits for 17:00, and the wait reserves the message's second already.
      const now = new Date('2026-03-10T15:00:00Z');
      const first = await paceDecision(pacing, input(now), decide({ account: a, history: [], playbook: evenings, now }));
      expect(first.action.type, a.accountId).toBe('wait');
      const at = new Date((first.action as { until: string }).until);
      const hour = localTimeParts(at, 'America/Chicago').hour;
      expect(hour, `${a.accountId} paced at ${at.toISOString()}`).toBeGreaterThanOrEqual(17);
      expect(hour, `${a.accountId} paced at ${at.toISOString()}`).toBeLessThan(20);
      const then = await paceDecision(pacing, input(at), decide({ account: a, history: [], playbook: evenings, now: at }));
      expect(then.action.type, a.accountId).toBe('contact');
    }
  });
});
