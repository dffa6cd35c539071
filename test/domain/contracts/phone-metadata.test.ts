/**
 * The functions read phone numbers with phone-metadata.json, libphonenumber-js's min metadata without
 * what only formatting reads (local/phone-metadata.ts). Every number must read exactly as with the
 * full min metadata: same E.164, same problem, same country named, in every country a customer may be in.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { getCountryCallingCode, type CountryCode } from 'libphonenumber-js';
import minMetadata from 'libphonenumber-js/metadata.min.json';
import examples from 'libphonenumber-js/examples.mobile.json';
import { decodePhoneMetadata, phoneNumberReader, readPhoneNumber } from '../../../functions/domain/phone-numbers';
import { PHONE_COUNTRIES } from '../../../functions/domain/phone-countries';
import { PHONE_METADATA_FILE, parsingMetadata } from '../../../local/phone-metadata';
import { seeded, type Random } from '../../../local/reply-corpus/seeded';

const readWithMinMetadata = phoneNumberReader(minMetadata);
const mobileExamples = examples as Record<string, string>;

const digits = (random: Random, length: number) => Array.from({ length }, () => Math.floor(random() * 10)).join('');

/** A country's example mobile number as people write it (national, with a prefix, international, cut, padded) and miswrite it. */
function writings(country: string): string[] {
  const national = mobileExamples[country];
  const code = getCountryCallingCode(country as CountryCode);
  return [
    national,
    `0${national}`,
    `1${national}`,
    `8${national}`,
    `${code}${national}`,
    `+${code} ${national}`,
    `00${code}${national}`,
    `011 ${code} ${national}`,
    `(${national.slice(0, 3)}) ${national.slice(3, 6)}-${national.slice(6)}`,
    national.slice(0, -1),
    `${national}5`,
    `+${code}${national} ext. 12`,
    `+${code}${national}${national}${national}`,
    'none on file',
  ];
}

/** Digit strings of every length a number may have, national and international, from a fixed seed. */
function randomWritings(random: Random, count: number): string[] {
  const codes = PHONE_COUNTRIES.map((country) => getCountryCallingCode(country as CountryCode));
  return Array.from({ length: count }, (_, i) => {
    const number = digits(random, 3 + Math.floor(random() * 13));
    if (i % 3 === 0) return `+${codes[Math.floor(random() * codes.length)]}${number}`;
    return i % 3 === 1 ? `0${number}` : number;
  });
}

describe('the phone metadata the functions carry', () => {
  it('is derived from the installed libphonenumber-js (after an upgrade: npx tsx local/phone-metadata.ts)', () => {
    expect(decodePhoneMetadata(JSON.parse(readFileSync(PHONE_METADATA_FILE, 'utf8')))).toEqual(parsingMetadata(minMetadata));
  });

  it('reads every number as the full min metadata does, in every country', () => {
    const random = seeded(20261206);
    const outcomes = new Map<string, number>();
    for (const defaultCountry of PHONE_COUNTRIES) {
      const inputs = [...writings(defaultCountry), ...randomWritings(random, 40)];
      if (defaultCountry === 'US' || defaultCountry === 'GB') inputs.push(...PHONE_COUNTRIES.flatMap(writings));
      for (const raw of inputs) {
        const reading = readPhoneNumber(raw, defaultCountry);
        expect(reading, `${raw} in ${defaultCountry}`).toEqual(readWithMinMetadata(raw, defaultCountry));
        const outcome = reading.ok ? 'ok' : reading.problem.replace(/ for [A-Z]{2} /, ' ').replace(/;.*/, '');
        outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
      }
    }
    // The inputs reach every way a reading ends, so the comparison above covers each of them.
    expect([...outcomes.keys()].sort()).toEqual([
      'not a phone number (invalid country)',
      'not a phone number (not a number)',
      'not a phone number (too long)',
      'not a phone number (too short)',
      'not a possible phone number (wrong length)',
      'ok',
    ]);
    expect(outcomes.get('ok')).toBeGreaterThan(1000);
  });
});
