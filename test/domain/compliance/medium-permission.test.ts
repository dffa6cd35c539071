/** One truth for "may this medium be used": opt-outs and recorded revocations agree everywhere. */
import { describe, expect, it } from 'vitest';
import { customerMediumPermission } from '../../../functions/domain/medium-permission';
import { CHANNELS } from '../../../functions/domain/types';
import { decideAt, june } from './helpers';

const NOW = '2026-06-02T15:00:00Z';

describe('customerMediumPermission', () => {
  it('a recorded email consent revocation stops email under the federal profile', () => {
    const a = june({
      customer: { preferredChannel: 'email', consent: { email: { source: 'provided-for-account', revokedAt: '2026-06-01T10:00:00Z' } } },
    });
    const d = decideAt(NOW, a);
    expect(d.action).not.toMatchObject({ channel: 'email' });
    expect(d.nextAllowed!.email).toBeNull();
    expect(d.reasons.find((r) => r.ruleId === 'optout.channel' && r.channel === 'email')).toMatchObject({ effect: 'blocked' });
  });

  it.each(CHANNELS)('every recorded revocation of %s closes that medium and only that one', (channel) => {
    const a = june({ customer: { consent: { [channel]: { source: 'written', revokedAt: '2026-06-01T10:00:00Z' } } } });
    expect(customerMediumPermission(a, channel, new Date(NOW))).toMatchObject({ open: false });
    for (const other of CHANNELS.filter((c) => c !== channel))
      expect(customerMediumPermission(a, other, new Date(NOW))).toEqual({ open: true });
    expect(decideAt(NOW, a).nextAllowed![channel]).toBeNull();
  });

  it('an opt-out and a revocation give the same answer; a revocation dated later is not yet in force', () => {
    const optedOut = june({ channels: { sms: { optedOut: true }, email: { optedOut: false }, voice: { optedOut: false } } });
    expect(customerMediumPermission(optedOut, 'sms', new Date(NOW))).toEqual({ open: false, reason: 'the customer opted out of sms' });
    const later = june({ customer: { consent: { sms: { source: 'written', revokedAt: '2026-06-03T00:00:00Z' } } } });
    expect(customerMediumPermission(later, 'sms', new Date(NOW))).toEqual({ open: true });
  });
});
