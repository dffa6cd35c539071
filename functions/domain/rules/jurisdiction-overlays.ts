/**
 * State and city rules follow the customer, not a field. Every overlay that may apply is derived from
 * what is known -- the billing system's `jurisdiction` field, the address region and city, the postal
 * code, a phone area code (which signals a state, not a city) -- and all of them apply together, the
 * strictest number winning per rule (two contact windows intersect; two caps of one id keep the
 * tighter). The billing field can add a jurisdiction, never remove one, and an overlay only ever adds
 * restrictions: its window cannot open earlier or close later than the federal one (Regulation F is
 * the floor, 12 CFR 1006.6(b)(1)), and its `disabled` entries are not honoured here. The stated time
 * zone is not used: a zone spans many states and signals none of them.
 */
import nanp from '../zones/nanp-area-codes.json';
import type { Account } from '../types';
import type { Reason } from '../decision-types';
import { DEFAULT_COLLECTOR_TYPE, type CollectorType } from '../collector';
import { bindsFirstPartyCreditor, BUILT_IN_PROFILES, compileProfile, forFirstPartyCreditor, PROFILE_FILES, profileFor } from './profile';
import type { RuleEntry } from './rule-entry';
import type { CompiledProfile } from './types';
import { minutesOf } from './rule-set';

export interface OverlayEvidence {
  /** A profile id such as US-MA. */
  jurisdiction: string;
  /** What pointed to it, in plain words without PII ("address region MA", "area code 617"). */
  because: string;
}

/** US ZIP code prefixes (first three digits) of the places with an overlay of their own (USPS). */
const ZIP_PREFIXES: ReadonlyArray<{ jurisdiction: string; from: number; to: number }> = [
  { jurisdiction: 'US-MA', from: 10, to: 27 },
  { jurisdiction: 'US-MA', from: 55, to: 55 },
  { jurisdiction: 'US-WA', from: 980, to: 994 },
  { jurisdiction: 'US-NY-NYC', from: 100, to: 104 },
  { jurisdiction: 'US-NY-NYC', from: 110, to: 114 },
  { jurisdiction: 'US-NY-NYC', from: 116, to: 116 },
];
const NYC_NAMES = new Set(['NEW YORK', 'NEW YORK CITY', 'NYC', 'MANHATTAN', 'BROOKLYN', 'BRONX', 'THE BRONX', 'QUEENS', 'STATEN ISLAND']);

const AREA_CODE_REGION: ReadonlyMap<string, string> = new Map(
  Object.entries(nanp.regions as Record<string, { codes: string[] }>).flatMap(([region, { codes }]) =>
    codes.map((c) => [c, region] as const),
  ),
);

function fromAddress(address: Account['customer']['address']): OverlayEvidence[] {
  if (!address) return [];
  const found: OverlayEvidence[] = [];
  const country = address.country.toUpperCase();
  const region = address.region?.toUpperCase();
  if (region) found.push({ jurisdiction: `${country}-${region}`, because: `address region ${region}` });
  const city = address.city?.trim().toUpperCase();
  if (country === 'US' && city && NYC_NAMES.has(city) && (!region || region === 'NY')) {
    found.push({ jurisdiction: 'US-NY-NYC', because: `address city ${address.city}` });
  }
  const zip = country === 'US' ? /^(\d{3})\d{2}(-\d{4})?$/.exec(address.postalCode ?? '') : null;
  if (zip) {
    const prefix = Number(zip[1]);
    for (const z of ZIP_PREFIXES)
      if (prefix >= z.from && prefix <= z.to) found.push({ jurisdiction: z.jurisdiction, because: `postal code ${zip[1]}xx` });
  }
  return found;
}

function fromPhone(phone: string | undefined): OverlayEvidence[] {
  const code = /^\+1(\d{3})\d{7}$/.exec(phone ?? '')?.[1];
  if (!code) return [];
  const found: OverlayEvidence[] = [];
  const region = AREA_CODE_REGION.get(code);
  // An area code signals a state; a city's rules need the address city or postal code.
  if (region) found.push({ jurisdiction: `US-${region}`, because: `phone area code ${code}` });
  return found;
}

/** Every state or city the account points to, each with what pointed to it (with or without a profile of its own). */
function placesOf(account: Pick<Account, 'jurisdiction' | 'customer'>, withBillingField: boolean): OverlayEvidence[] {
  const stated =
    withBillingField && account.jurisdiction ? [{ jurisdiction: account.jurisdiction.toUpperCase(), because: 'the billing field' }] : [];
  const all = [...stated, ...fromAddress(account.customer.address), ...fromPhone(account.customer.phone)];
  const byId = new Map<string, string[]>();
  for (const e of all) {
    if (!e.jurisdiction.includes('-')) continue;
    byId.set(e.jurisdiction, [...(byId.get(e.jurisdiction) ?? []), e.because]);
  }
  return [...byId].sort(([a], [b]) => a.localeCompare(b)).map(([jurisdiction, because]) => ({ jurisdiction, because: because.join(', ') }));
}

/** Every overlay with a profile of its own that may apply to the account, each with what pointed to it. */
export function applicableOverlays(account: Pick<Account, 'jurisdiction' | 'customer'>): OverlayEvidence[] {
  return placesOf(account, true).filter((e) => BUILT_IN_PROFILES.has(e.jurisdiction));
}

type RawProfile = { id: string; extends?: string; rules: RuleEntry[] };
const RAW_PROFILES = new Map((PROFILE_FILES as RawProfile[]).map((p) => [p.id, p]));

/** An overlay's own rules and its parents' below the country profile (US-NY-NYC -> US-NY -> ...). */
function overlayRules(id: string, country: string): RuleEntry[] {
  const rules: RuleEntry[] = [];
  for (let p = RAW_PROFILES.get(id); p && p.id !== country; p = p.extends ? RAW_PROFILES.get(p.extends) : undefined) {
    rules.push(...p.rules.filter((r) => (r.kind as string) !== 'disabled'));
  }
  return rules;
}

const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

/** Two rules of one id: the stricter one, or for windows the intersection (never wider than either). */
function stricter(a: RuleEntry, b: RuleEntry): RuleEntry {
  if (a.kind === 'contact-window' && b.kind === 'contact-window') {
    const start = Math.max(minutesOf(a.start), minutesOf(b.start));
    const end = Math.min(minutesOf(a.end), minutesOf(b.end));
    if (start === minutesOf(a.start) && end === minutesOf(a.end)) return a;
    if (start === minutesOf(b.start) && end === minutesOf(b.end)) return b;
    return {
      ...a,
      start: hhmm(start),
      end: hhmm(end),
      source: `${a.source}; ${b.source}`,
      description: `Contact only between ${hhmm(start)} and ${hhmm(end)} local time (the strictest of the windows that apply).`,
    };
  }
  if (a.kind === 'frequency-cap' && b.kind === 'frequency-cap') return b.max / b.days < a.max / a.days ? b : a;
  return a;
}

const cache = new Map<string, CompiledProfile>();

/**
 * The country profile with every overlay's rules added, strictest per rule id. For a first-party
 * creditor, only the rules that bind creditors: an overlay's collector-only rule never narrows theirs.
 */
export function combinedProfile(
  country: CompiledProfile,
  overlays: readonly string[],
  collectorType: CollectorType = DEFAULT_COLLECTOR_TYPE,
): CompiledProfile {
  const creditor = collectorType === 'first-party-creditor';
  if (overlays.length === 0) return creditor ? forFirstPartyCreditor(country) : country;
  const key = [country.id, ...overlays, collectorType].join('+');
  const cached = cache.get(key);
  if (cached) return cached;
  const merged = new Map<string, RuleEntry>(country.entries.map((e) => [e.id, e]));
  const applicable = overlays.flatMap((id) => overlayRules(id, country.id)).filter((r) => !creditor || bindsFirstPartyCreditor(r));
  for (const rule of applicable) {
    const existing = merged.get(rule.id);
    merged.set(rule.id, existing ? stricter(existing, rule) : rule);
  }
  const own = [...merged.values()].filter((e) => !country.entries.includes(e));
  const profile = compileProfile({
    id:
      overlays.length === 1
        ? overlays[0]
        : `${country.id}-${overlays
            .map((o) => o.split('-').slice(1).join(''))
            .join('')
            .slice(0, 8)}`,
    extends: country.id,
    name: `${country.name} with ${overlays.join(', ')}`,
    version: overlays
      .map((o) => BUILT_IN_PROFILES.get(o)!.version.split('+')[0])
      .join('.')
      .toLowerCase()
      .slice(0, 64),
    rules: own,
  });
  const result = creditor ? forFirstPartyCreditor(profile) : profile;
  cache.set(key, result);
  return result;
}

/** An overlay rule of the same id as a country rule: both bind, the stricter is used (never the looser). */
function replacedRules(country: CompiledProfile, overlays: readonly OverlayEvidence[], collectorType: CollectorType): Reason[] {
  const countryIds = new Set(country.entries.map((e) => e.id));
  return overlays.flatMap((o) =>
    overlayRules(o.jurisdiction, country.id)
      .filter((r) => countryIds.has(r.id) && (collectorType !== 'first-party-creditor' || bindsFirstPartyCreditor(r)))
      .map((r): Reason => ({
        ruleId: 'profile.rule-replaced',
        effect: 'allowed',
        detail: `${r.id}: ${o.jurisdiction} has its own rule in place of the ${country.id} one; the stricter of the two applies (${r.source})`,
      })),
  );
}

/** A state the address or phone points to that has no overlay: said, so no one assumes its rules were applied. */
function placesWithoutOverlay(account: Pick<Account, 'jurisdiction' | 'customer'>, country: CompiledProfile): Reason[] {
  return placesOf(account, false)
    .filter((e) => e.jurisdiction.startsWith(`${country.id}-`) && !BUILT_IN_PROFILES.has(e.jurisdiction))
    .map((e) => ({
      ruleId: 'profile.overlay-not-applied',
      effect: 'allowed',
      detail: `no overlay for ${e.jurisdiction} (${e.because}): federal rules only`,
    }));
}

export interface AccountProfile {
  profile: CompiledProfile;
  /** Reasons of their own: which overlays applied and why, and a missing profile for the billing field. */
  notes: Reason[];
}

/** Derived profiles kept at most (by what derives them); cleared when full, so a Lambda's memory stays bounded. */
const MAX_DERIVED_PROFILES = 10_000;
const derived = new Map<string, AccountProfile>();

/**
 * The profile an account is decided under: its country's, with every overlay that may apply to this
 * collector. A pure function of the billing field, the address, the phone and the collector, remembered
 * by them: decide() and its context each asked for it on every call, and re-deriving it was 10% of a
 * journey's CPU (the scale model). The notes array is the caller's own; its reasons are shared.
 */
export function profileForAccount(
  account: Pick<Account, 'jurisdiction' | 'customer'>,
  collectorType: CollectorType = DEFAULT_COLLECTOR_TYPE,
): AccountProfile {
  const { address, phone } = account.customer;
  // JSON keeps an absent field apart from an empty one (an empty billing field is not the US default).
  const key = JSON.stringify([
    account.jurisdiction,
    address?.country,
    address?.region,
    address?.city,
    address?.postalCode,
    phone,
    collectorType,
  ]);
  let found = derived.get(key);
  if (!found) {
    if (derived.size >= MAX_DERIVED_PROFILES) derived.clear();
    found = deriveAccountProfile(account, collectorType);
    derived.set(key, found);
  }
  return { profile: found.profile, notes: [...found.notes] };
}

function deriveAccountProfile(account: Pick<Account, 'jurisdiction' | 'customer'>, collectorType: CollectorType): AccountProfile {
  const stated = profileFor(account.jurisdiction);
  // The country whose rules are the floor: the billing field's (its profile's root), US by default.
  const country = BUILT_IN_PROFILES.get(stated.profile.chain.at(-1)!)!;
  const overlays = applicableOverlays(account).filter((o) => o.jurisdiction.startsWith(`${country.id}-`));
  const notes: Reason[] = [
    ...overlays.map((o): Reason => ({
      ruleId: 'profile.overlay',
      effect: 'allowed',
      detail: `${o.jurisdiction} rules apply: ${o.because}`,
    })),
    ...replacedRules(country, overlays, collectorType),
    ...placesWithoutOverlay(account, country),
  ];
  const profile = combinedProfile(
    country,
    overlays.map((o) => o.jurisdiction),
    collectorType,
  );
  if (stated.fallback) {
    notes.unshift({
      ruleId: 'profile.fallback',
      effect: 'allowed',
      detail: `no jurisdiction profile for ${account.jurisdiction}; decided under ${profile.id} (${profile.version})`,
    });
  }
  return { profile, notes };
}
