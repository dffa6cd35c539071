import { describe, expect, it } from 'vitest';
import nanp from '../../functions/domain/zones/nanp-area-codes.json';
import { areaCodeZones, knownAreaCodes, possibleTimeZones } from '../../functions/domain/time-zones';
import { formatLocal, instantAtLocal, localTimeParts } from '../../functions/domain/zone-clock';
import { isValidTimeZone } from '../../functions/domain/zone-clock';
import type { CustomerProfile } from '../../functions/domain/types';

const customer = (c: Partial<CustomerProfile>): CustomerProfile => ({ firstName: 'Alex', language: 'en', ...c });

describe('possibleTimeZones', () => {
  it('combines the stated zone, the phone area code and the address region, without duplicates', () => {
    expect(
      possibleTimeZones(customer({ timeZone: 'America/New_York', phone: '+12125550123', address: { country: 'US', region: 'CA' } })),
    ).toEqual(['America/New_York', 'America/Los_Angeles']);
  });

  it('lists every zone of an area code that spans two zones', () => {
    expect(possibleTimeZones(customer({ phone: '+18505550123' }))).toEqual(['America/New_York', 'America/Chicago']);
    expect(possibleTimeZones(customer({ phone: '+19155550123' }))).toEqual(['America/Denver']);
  });

  it('lists both zones for states that span two', () => {
    for (const region of ['FL', 'IN', 'KY', 'TN', 'MI', 'TX', 'KS', 'NE', 'ND', 'SD', 'ID', 'OR', 'NV']) {
      expect(possibleTimeZones(customer({ address: { country: 'US', region } })).length, region).toBeGreaterThanOrEqual(2);
    }
    expect(possibleTimeZones(customer({ address: { country: 'US', region: 'WA' } }))).toEqual(['America/Los_Angeles']);
  });

  it('uses country defaults and non-NANP calling codes', () => {
    expect(possibleTimeZones(customer({ address: { country: 'GB' } }))).toEqual(['Europe/London']);
    expect(possibleTimeZones(customer({ phone: '+447700900123' }))).toEqual(['Europe/London']);
  });

  it('treats every contiguous zone of the country as possible when nothing is known (not the business zone)', () => {
    const contiguous = ['America/New_York', 'America/Chicago', 'America/Denver', 'America/Phoenix', 'America/Los_Angeles'];
    expect(possibleTimeZones(customer({ email: 'a@example.com' }), 'America/Denver')).toEqual(contiguous);
    // A toll-free number and a country alone tell us nothing.
    expect(possibleTimeZones(customer({ phone: '+18005550123', address: { country: 'US' } }), 'America/Chicago')).toEqual(contiguous);
    expect(possibleTimeZones(customer({ phone: '+13125550123' }), 'America/Denver')).toEqual(['America/Chicago']);
  });

  it('ignores a stated zone that is not a real IANA zone', () => {
    expect(possibleTimeZones(customer({ timeZone: 'Mars/Olympus', phone: '+13125550123' }))).toEqual(['America/Chicago']);
  });
});

describe('area code table', () => {
  const states = [
    'AL',
    'AK',
    'AZ',
    'AR',
    'CA',
    'CO',
    'CT',
    'DE',
    'FL',
    'GA',
    'HI',
    'ID',
    'IL',
    'IN',
    'IA',
    'KS',
    'KY',
    'LA',
    'ME',
    'MD',
    'MA',
    'MI',
    'MN',
    'MS',
    'MO',
    'MT',
    'NE',
    'NV',
    'NH',
    'NJ',
    'NM',
    'NY',
    'NC',
    'ND',
    'OH',
    'OK',
    'OR',
    'PA',
    'RI',
    'SC',
    'SD',
    'TN',
    'TX',
    'UT',
    'VT',
    'VA',
    'WA',
    'WV',
    'WI',
    'WY',
  ];

  it('covers all 50 states with real IANA zones', () => {
    const regions = nanp.regions as Record<string, { codes: string[] }>;
    for (const s of states) expect(regions[s]?.codes.length, s).toBeGreaterThan(0);
    expect(knownAreaCodes().length).toBeGreaterThan(400);
    for (const code of knownAreaCodes()) {
      for (const zone of areaCodeZones(code) ?? []) expect(isValidTimeZone(zone), `${code} ${zone}`).toBe(true);
    }
  });

  it('maps well-known codes', () => {
    expect(areaCodeZones('206')).toEqual(['America/Los_Angeles']);
    expect(areaCodeZones('808')).toEqual(['Pacific/Honolulu']);
    expect(areaCodeZones('602')).toEqual(['America/Phoenix']);
    expect(areaCodeZones('416')).toEqual(['America/Toronto']);
  });
});

describe('local time helpers', () => {
  it('formats a short local time', () => {
    expect(formatLocal(new Date('2026-03-10T15:05:00Z'), 'America/Chicago')).toBe('Tue 10:05 America/Chicago');
    expect(localTimeParts(new Date('2026-03-10T15:05:00Z'), 'America/Chicago')).toMatchObject({
      year: 2026,
      month: 3,
      day: 10,
      hour: 10,
      minute: 5,
      weekday: 2,
      minutesOfDay: 605,
    });
  });

  it('finds the instant of a local wall time across a DST change', () => {
    expect(instantAtLocal({ year: 2026, month: 3, day: 7 }, 8 * 60, 'America/New_York').toISOString()).toBe('2026-03-07T13:00:00.000Z');
    expect(instantAtLocal({ year: 2026, month: 3, day: 8 }, 8 * 60, 'America/New_York').toISOString()).toBe('2026-03-08T12:00:00.000Z');
    // 02:30 does not exist on the spring-forward day: the instant after the gap.
    expect(instantAtLocal({ year: 2026, month: 3, day: 8 }, 150, 'America/New_York').toISOString()).toBe('2026-03-08T07:30:00.000Z');
    expect(instantAtLocal({ year: 2026, month: 11, day: 1 }, 8 * 60, 'America/New_York').toISOString()).toBe('2026-11-01T13:00:00.000Z');
  });
});
