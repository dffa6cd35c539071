/** Nothing says where the customer is: every zone of the country is possible, and the reasons say so. */
import { describe, expect, it } from 'vitest';
import { possibleTimeZones } from '../../../functions/domain/time-zones';
import { decideAt, june } from './helpers';

const emailOnly = june({
  jurisdiction: 'US',
  customer: { email: 'x@example.com', phone: undefined, address: { country: 'US' }, preferredChannel: 'email', timeZone: undefined },
});

describe('unknown location', () => {
  it('treats every contiguous US zone as possible: 11:00-21:00 Eastern', () => {
    expect(decideAt('2026-06-02T14:30:00Z', emailOnly).action).toEqual({ type: 'wait', until: '2026-06-02T15:00:00.000Z' }); // 10:30 EDT -> 08:00 PDT = 11:00 EDT
    expect(decideAt('2026-06-02T15:00:00Z', emailOnly).action.type).toBe('contact');
    expect(decideAt('2026-06-03T01:00:00Z', emailOnly).action.type).toBe('wait'); // 21:00 EDT
  });

  it('says in the reasons that the location was unknown and what was assumed', () => {
    const d = decideAt('2026-06-02T15:00:00Z', emailOnly);
    expect(d.reasons.find((r) => r.ruleId === 'location.unknown')?.detail).toMatch(
      /location is unknown.*America\/New_York.*America\/Los_Angeles/,
    );
    expect(decideAt('2026-06-02T15:00:00Z', june()).reasons.some((r) => r.ruleId === 'location.unknown')).toBe(false);
  });

  it('adds Alaska and Hawaii only by the configured assumption', () => {
    const customer = emailOnly.customer;
    expect(possibleTimeZones(customer)).not.toContain('Pacific/Honolulu');
    expect(possibleTimeZones(customer, undefined, { includeAlaskaHawaii: true })).toEqual(
      expect.arrayContaining(['America/Anchorage', 'Pacific/Honolulu']),
    );
    expect(possibleTimeZones({ ...customer, address: undefined })).toContain('America/Los_Angeles');
  });
});
