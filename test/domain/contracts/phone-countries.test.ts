import { describe, expect, it } from 'vitest';
import { getCountries, isSupportedCountry } from 'libphonenumber-js';
import { DEFAULT_PHONE_COUNTRY, PHONE_COUNTRIES, phoneCountrySchema } from '../../../functions/domain/phone-countries';

describe('the phone countries every function checks without libphonenumber-js', () => {
  it('are exactly the countries libphonenumber-js reads numbers in (an upgrade that changes them fails here)', () => {
    expect([...PHONE_COUNTRIES]).toEqual([...getCountries()].sort());
  });

  it('accept what isSupportedCountry accepts, and nothing else', () => {
    for (const code of [DEFAULT_PHONE_COUNTRY, 'GB', 'MX', 'XK', 'UK', 'XX', 'us', 'USA', '', 'U S']) {
      expect(phoneCountrySchema.safeParse(code).success, code).toBe(/^[A-Z]{2}$/.test(code) && isSupportedCountry(code));
    }
    expect(phoneCountrySchema.safeParse('UK').error?.issues[0].message).toBe('an ISO 3166-1 alpha-2 country code such as US or GB');
  });
});
