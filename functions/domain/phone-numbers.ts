/**
 * Phone numbers as billing systems write them ("(617) 555-0142", "+44 20 7946 0018", "0044 ...") read
 * with libphonenumber-js into E.164, which is all Amicable keeps and sends to. A number without a
 * country code is read in the customer's address country, else in the configured default country.
 * The metadata is phone-metadata.json (local/phone-metadata.ts): libphonenumber-js's min metadata
 * without what only formatting reads (32 KB of the 80), stored deflated so the functions that read
 * numbers carry 13 KB of it; it is inflated on the first number read.
 */
import { inflateRawSync } from 'node:zlib';
import { parsePhoneNumberWithError, ParseError, type CountryCode, type MetadataJson } from 'libphonenumber-js/core';
import storedMetadata from './phone-metadata.json';

export type PhoneReading = { ok: true; e164: string } | { ok: false; problem: string };

/**
 * A reader of phone numbers over the given libphonenumber-js metadata: E.164 for a number it can parse
 * and whose length is possible for its country. Validity beyond length (is the range allocated?) is
 * not required: reserved test ranges such as Ofcom's 07700 900xxx are possible numbers, and a number
 * the provider cannot reach fails at send.
 */
export function phoneNumberReader(metadata: MetadataJson): (raw: string, defaultCountry: string) => PhoneReading {
  return (raw, defaultCountry) => {
    try {
      const phone = parsePhoneNumberWithError(raw, { defaultCountry: defaultCountry as CountryCode }, metadata);
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
  };
}

/** The stored form of the parsing metadata: its JSON, deflated, base64 (local/phone-metadata.ts writes it). */
export interface StoredPhoneMetadata {
  deflated: string;
}

export function decodePhoneMetadata(stored: StoredPhoneMetadata): MetadataJson {
  return JSON.parse(inflateRawSync(Buffer.from(stored.deflated, 'base64')).toString('utf8')) as MetadataJson;
}

let reader: ReturnType<typeof phoneNumberReader> | undefined;

/** Reads a phone number with the functions' parsing metadata. */
export function readPhoneNumber(raw: string, defaultCountry: string): PhoneReading {
  reader ??= phoneNumberReader(decodePhoneMetadata(storedMetadata));
  return reader(raw, defaultCountry);
}
