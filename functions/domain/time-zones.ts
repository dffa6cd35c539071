/**
 * Where might the customer be, and what time is it there? Reg F 1006.6(b)(1) asks collectors to
 * contact only at times convenient in EVERY location the consumer may be in, so this module returns
 * all plausible IANA zones rather than a single best guess.
 */
import type { CustomerProfile } from './types';
import { isValidTimeZone, LAST_RESORT_TIME_ZONE } from './zone-clock';
// Named imports: the bundler then leaves out the files' $comment texts.
import { multiZone, regions as nanpRegions } from './zones/nanp-area-codes.json';
import { callingCodes, countries, regions } from './zones/regions.json';

type ZoneTable = Record<string, readonly string[]>;

const US_REGIONS = regions.US as ZoneTable;
const REGIONS_BY_COUNTRY: Record<string, ZoneTable> = regions;
const COUNTRY_ZONES: ZoneTable = countries;
const CALLING_CODES: Record<string, string> = callingCodes;

/** Area code -> zones, built once from the per-region lists plus the multi-zone overrides. */
const AREA_CODE_ZONES: ReadonlyMap<string, readonly string[]> = (() => {
  const map = new Map<string, readonly string[]>();
  for (const [region, { codes }] of Object.entries(nanpRegions as Record<string, { codes: string[] }>)) {
    const zones = US_REGIONS[region] ?? REGIONS_BY_COUNTRY.CA[region];
    if (!zones) continue;
    // A region's first zone is where most of it lives; multi-zone codes are listed explicitly.
    for (const code of codes) map.set(code, [zones[0]]);
  }
  for (const [code, zones] of Object.entries(multiZone as ZoneTable)) map.set(code, zones);
  return map;
})();

/** Every area code in the table with its zones (for tests and the decide CLI). */
export function areaCodeZones(areaCode: string): readonly string[] | undefined {
  return AREA_CODE_ZONES.get(areaCode);
}

export function knownAreaCodes(): string[] {
  return [...AREA_CODE_ZONES.keys()];
}

function zonesFromPhone(phone: string | undefined): readonly string[] {
  if (!phone) return [];
  const nanpMatch = /^\+1(\d{3})\d{7}$/.exec(phone);
  if (nanpMatch) return AREA_CODE_ZONES.get(nanpMatch[1]) ?? [];
  if (phone.startsWith('+1')) return [];
  for (const length of [3, 2]) {
    const country = CALLING_CODES[phone.slice(1, 1 + length)];
    if (country) return COUNTRY_ZONES[country] ?? [];
  }
  return [];
}

function zonesFromAddress(address: CustomerProfile['address']): readonly string[] {
  if (!address) return [];
  const country = address.country.toUpperCase();
  const region = address.region?.toUpperCase();
  const byRegion = region ? REGIONS_BY_COUNTRY[country]?.[region] : undefined;
  return byRegion ?? COUNTRY_ZONES[country] ?? [];
}

/**
 * Where a customer of a country may be when nothing narrows it down (Reg F 1006.6(b)(1): convenient in
 * every location the consumer may be in). For the US the contiguous zones give 11:00-21:00 Eastern;
 * Alaska and Hawaii join only when the deployment says its customers may live there
 * (`includeAlaskaHawaii`), because with them no weekday hour before 13:00 Eastern is ever allowed.
 */
const UNKNOWN_LOCATION_ZONES: Record<string, { contiguous: readonly string[]; outlying: readonly string[] }> = {
  US: {
    contiguous: ['America/New_York', 'America/Chicago', 'America/Denver', 'America/Phoenix', 'America/Los_Angeles'],
    outlying: ['America/Anchorage', 'Pacific/Honolulu'],
  },
  CA: {
    contiguous: [
      'America/St_Johns',
      'America/Halifax',
      'America/Toronto',
      'America/Winnipeg',
      'America/Regina',
      'America/Edmonton',
      'America/Vancouver',
    ],
    outlying: [],
  },
};

export interface LocationAssumption {
  /** Whether a US customer of unknown location may be in Alaska or Hawaii (default: no). */
  includeAlaskaHawaii: boolean;
}
export const DEFAULT_LOCATION_ASSUMPTION: LocationAssumption = { includeAlaskaHawaii: false };

function knownZones(customer: CustomerProfile): string[] {
  const zones = new Set<string>();
  if (customer.timeZone && isValidTimeZone(customer.timeZone)) zones.add(customer.timeZone);
  for (const z of zonesFromPhone(customer.phone)) zones.add(z);
  for (const z of zonesFromAddress(customer.address)) zones.add(z);
  return [...zones];
}

/** Whether nothing (stated zone, phone, address) says where the customer is. */
export function isLocationUnknown(customer: CustomerProfile): boolean {
  return knownZones(customer).length === 0;
}

/** Every zone a customer of unknown location may be in: their address country's (US when none), by assumption. */
export function unknownLocationZones(
  customer: CustomerProfile,
  assumption: LocationAssumption = DEFAULT_LOCATION_ASSUMPTION,
): readonly string[] | undefined {
  const country = (customer.address?.country ?? 'US').toUpperCase();
  const table = UNKNOWN_LOCATION_ZONES[country];
  return table && (assumption.includeAlaskaHawaii ? [...table.contiguous, ...table.outlying] : table.contiguous);
}

/**
 * Every IANA zone the customer may be in: the zone they told us, their phone's area code zone(s), and
 * their address region's zone(s), deduplicated in that order. When none of these is known, every zone
 * of their country (see unknownLocationZones); only for a country without a zone table the business
 * zone, then America/New_York.
 */
export function possibleTimeZones(
  customer: CustomerProfile,
  fallbackTimeZone?: string,
  assumption: LocationAssumption = DEFAULT_LOCATION_ASSUMPTION,
): string[] {
  const zones = knownZones(customer);
  if (zones.length > 0) return zones;
  const countryWide = unknownLocationZones(customer, assumption);
  if (countryWide) return [...countryWide];
  if (fallbackTimeZone && isValidTimeZone(fallbackTimeZone)) return [fallbackTimeZone];
  return [LAST_RESORT_TIME_ZONE];
}
