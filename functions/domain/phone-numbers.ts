/**
 * Phone numbers as billing systems write them ("(617) 555-0142", "+44 20 7946 0018", "0044 ...") read
 * with libphonenumber-js into E.164, which is all Amicable keeps and sends to. A number without a
 * country code is read in the customer's address country, else in the configured default country.
 */
import { parsePhoneNumberWithError, ParseError, type CountryCode } from 'libphonenumber-js';

export type PhoneReading = { ok: true; e164: string } | { ok: false; problem: string };

/**
 * E.164 for a number libphonenumber-js can parse and whose length is possible for its country.
 * Validity beyond length (is the range allocated?) is not required: reserved test ranges such as
 * Ofcom's 07700 900xxx are possible numbers, and a number the provider cannot reach fails at send.
 */
export function readPhoneNumber(raw: string, defaultCountry: string): PhoneReading {
  try {
    const phone = parsePhoneNumberWithError(raw, { defaultCountry: defaultCountry as CountryCode });
    if (!phone.isPossible()) {
      return { ok: false, problem: `not a possible phone number for ${phone.country ?? defaultCountry} (wrong length)` };
    }
    return { ok: true, e164: phone.number };
  } catch (error) {
    const reason = error instanceof ParseError ? error.message : 'unreadable';
    return {
      ok: false,
      problem: `not a phone number (${reason.toLowerCase().replace(/_/g, ' ')}); write it with its country code, e.g. +12065550123`,
    };
  }
}
