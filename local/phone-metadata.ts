/**
 * Writes functions/domain/phone-metadata.json, the numbering metadata the Lambda functions read phone
 * numbers with: libphonenumber-js's smallest build (metadata.min.json) without the fields only its
 * formatting reads (number formats, national-prefix formatting rules, default IDD prefix, extension
 * prefix), about 50 KB of the 83, then deflated (encodePhoneMetadata). Parsing, the possible-length
 * check and the choice among countries sharing a calling code read none of them, so every number reads
 * as with the full min metadata (test/domain/contracts/phone-metadata.test.ts checks both, and fails
 * after an upgrade until rerun).
 *
 *   npx tsx local/phone-metadata.ts
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { deflateRawSync } from 'node:zlib';
import type { MetadataJson } from 'libphonenumber-js/core';
import type { StoredPhoneMetadata } from '../functions/domain/phone-numbers';

export const PHONE_METADATA_FILE = 'functions/domain/phone-metadata.json';

/**
 * Positions in a numbering plan's array (libphonenumber-js's compressed metadata, version 4) that only
 * formatting reads: formats, national_prefix_formatting_rule, national_prefix_is_optional_when_formatting,
 * default_idd_prefix, ext. They become 0, as the compressed format writes an absent field.
 */
const FORMATTING_ONLY = new Set([4, 6, 9, 12, 13]);

type NumberingPlans = Record<string, unknown[]>;

function withoutFormatting(plans: NumberingPlans): NumberingPlans {
  return Object.fromEntries(
    Object.entries(plans).map(([key, plan]) => [key, plan.map((field, i) => (FORMATTING_ONLY.has(i) ? 0 : field))]),
  );
}

/** The parsing metadata derived from libphonenumber-js's metadata.min.json. */
export function parsingMetadata(min: MetadataJson): MetadataJson {
  const full = min as unknown as {
    version: number;
    country_calling_codes: unknown;
    countries: NumberingPlans;
    nonGeographic: NumberingPlans;
  };
  if (full.version !== 4) throw new Error(`libphonenumber-js metadata version ${full.version}: FORMATTING_ONLY is written for version 4`);
  return {
    version: full.version,
    country_calling_codes: full.country_calling_codes,
    countries: withoutFormatting(full.countries),
    nonGeographic: withoutFormatting(full.nonGeographic),
  } as unknown as MetadataJson;
}

/**
 * The stored form (decodePhoneMetadata reads it): deflated, base64, 13 KB in a bundle instead of the
 * 32 KB object literal, and a string V8 scans at cold start rather than a literal it parses.
 */
export function encodePhoneMetadata(metadata: MetadataJson): StoredPhoneMetadata {
  return { deflated: deflateRawSync(JSON.stringify(metadata), { level: 9 }).toString('base64') };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { default: min } = await import('libphonenumber-js/metadata.min.json');
  writeFileSync(PHONE_METADATA_FILE, `${JSON.stringify(encodePhoneMetadata(parsingMetadata(min)))}\n`);
  console.log(`wrote ${PHONE_METADATA_FILE}`);
}
