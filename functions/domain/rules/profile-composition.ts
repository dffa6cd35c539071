/**
 * Jurisdiction profiles as composed rule entries: each file validated and laid over its base, with no
 * rule code built. profile.ts builds the rules from these entries; what needs only a profile's numbers
 * (the portal's view of the validation period) reads them here, so its bundle does not carry every rule.
 */
import * as z from '../zod';
import { describeIssues } from '../zod-issues';
import gb from '../jurisdictions/gb.json';
import usFederal from '../jurisdictions/us-federal.json';
import usMa from '../jurisdictions/us-ma.json';
import usNyNyc from '../jurisdictions/us-ny-nyc.json';
import usWa from '../jurisdictions/us-wa.json';
import { ruleEntrySchema, ruleId, type RuleEntry, type RuleKind } from './rule-entry';
import type { ValidationNoticeParams } from './types';

/** In an overlay: `{ "id": "amicable.email-cap", "kind": "disabled" }` removes the base's rule. */
const disabledEntrySchema = z.strictObject({ id: ruleId, kind: z.literal('disabled') });
const profileRuleSchema = z.discriminatedUnion('kind', [...ruleEntrySchema._zod.def.options, disabledEntrySchema]);

export const jurisdictionProfileSchema = z.strictObject({
  $schema: z.optional(z.string()),
  /** E.g. US, US-MA, US-NY-NYC, GB. */
  id: z.string().check(z.regex(/^[A-Z]{2}(-[A-Z0-9]{1,8}){0,3}$/, 'a profile id such as US, US-MA, US-NY-NYC or GB')),
  /** The profile this one overlays (its rules apply unless replaced or disabled here). */
  extends: z.optional(z.string()),
  name: z.string().check(z.minLength(1), z.maxLength(200)),
  /** Recorded with every decision; change it with every change to the profile. */
  version: z.string().check(z.regex(/^[a-z0-9][a-z0-9.-]{0,63}$/, 'a version label such as us-ma-2026.11')),
  maxConsecutiveFailures: z.optional(z.number().check(z.int(), z.gte(1), z.lte(50))),
  rules: z.array(profileRuleSchema),
});
export type JurisdictionProfile = z.input<typeof jurisdictionProfileSchema>;
type ParsedProfile = z.infer<typeof jurisdictionProfileSchema>;

export class ProfileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProfileError';
  }
}

/** Validate one profile file, or throw naming every problem with its path. */
export function parseProfile(json: unknown, name = 'profile'): ParsedProfile {
  const result = jurisdictionProfileSchema.safeParse(json);
  if (!result.success) {
    throw new ProfileError(
      `invalid jurisdiction ${name}:\n${describeIssues(result.error)
        .map((l) => `  - ${l}`)
        .join('\n')}`,
    );
  }
  return result.data;
}

/** What a profile's base gives it: the composed entries and what the overlay's own numbers default to. */
export interface ProfileBase {
  version: string;
  chain: readonly string[];
  entries: readonly RuleEntry[];
  maxConsecutiveFailures: number;
}

/** A profile laid over its base: its entries in order, its version and chain (itself first). */
export interface ComposedProfile extends ProfileBase {
  id: string;
  name: string;
}

const SINGLETON_KINDS: readonly RuleKind[] = [
  'contact-window',
  'call-attempt-cap',
  'conversation-block',
  'time-barred',
  'automated-consent',
  'validation-notice',
  'statute-of-limitations',
  'consumer-reply',
];

/**
 * Validates a profile and lays it over its base (looked up in `registry`). Throws a ProfileError naming
 * the problem (unknown base, a cycle, a missing window, duplicate kinds).
 */
export function composeProfile(json: unknown, registry: ReadonlyMap<string, ProfileBase>): ComposedProfile {
  const p = parseProfile(
    json,
    typeof json === 'object' && json && 'id' in json ? `profile ${String((json as { id: unknown }).id)}` : 'profile',
  );
  const base = p.extends !== undefined ? registry.get(p.extends) : undefined;
  if (p.extends !== undefined && !base) {
    throw new ProfileError(
      `jurisdiction profile ${p.id} extends unknown profile "${p.extends}"; known: ${[...registry.keys()].join(', ')}`,
    );
  }
  if (base?.chain.includes(p.id)) throw new ProfileError(`jurisdiction profile ${p.id} extends itself through ${base.chain.join(' -> ')}`);

  const entries: RuleEntry[] = base ? [...base.entries] : [];
  const seen = new Set<string>();
  for (const e of p.rules) {
    if (seen.has(e.id)) throw new ProfileError(`jurisdiction profile ${p.id} lists rule ${e.id} twice`);
    seen.add(e.id);
    const i = entries.findIndex((x) => x.id === e.id);
    if (e.kind === 'disabled') {
      if (i < 0) throw new ProfileError(`jurisdiction profile ${p.id} disables ${e.id}, which ${p.extends ?? 'no base'} does not have`);
      entries.splice(i, 1);
    } else if (i >= 0) {
      entries[i] = e;
    } else {
      entries.push(e);
    }
  }
  for (const kind of SINGLETON_KINDS) {
    const n = entries.filter((e) => e.kind === kind).length;
    if (n > 1) throw new ProfileError(`jurisdiction profile ${p.id} has ${n} rules of kind ${kind}; at most one is allowed`);
  }
  if (!entries.some((e) => e.kind === 'contact-window')) {
    throw new ProfileError(`jurisdiction profile ${p.id} has no contact-window rule`);
  }
  return {
    id: p.id,
    name: p.name,
    version: base ? `${p.version}+${base.version}` : p.version,
    chain: [p.id, ...(base?.chain ?? [])],
    entries,
    maxConsecutiveFailures: p.maxConsecutiveFailures ?? base?.maxConsecutiveFailures ?? 3,
  };
}

/** The numbers of a validation-notice entry (the rule, the portal's view and message facts use them). */
export function validationParamsOf(entry: Extract<RuleEntry, { kind: 'validation-notice' }>): ValidationNoticeParams {
  return {
    sendWithinDays: entry.sendWithinDays,
    receiptBusinessDays: entry.receiptBusinessDays,
    periodDays: entry.periodDays,
    require: entry.require,
  };
}

/** The shipped profiles, bases first. */
export const PROFILE_FILES: readonly unknown[] = [usFederal, usMa, usNyNyc, usWa, gb];

const composed = new Map<string, ComposedProfile>();
for (const json of PROFILE_FILES) {
  const profile = composeProfile(json, composed);
  composed.set(profile.id, profile);
}
/** The shipped profiles composed, by id. */
export const COMPOSED_PROFILES: ReadonlyMap<string, ComposedProfile> = composed;

/**
 * The profile in `registry` for a jurisdiction: an exact match, else the nearest parent (US-CA -> US),
 * else the US federal baseline, flagged as a fallback.
 */
export function nearestProfile<P>(registry: ReadonlyMap<string, P>, jurisdiction: string | undefined): { profile: P; fallback: boolean } {
  const key = (jurisdiction ?? 'US').toUpperCase();
  const exact = registry.get(key);
  if (exact) return { profile: exact, fallback: false };
  const parts = key.split('-');
  let parent: P | undefined;
  while (!parent && parts.length > 1) {
    parts.pop();
    parent = registry.get(parts.join('-'));
  }
  return { profile: parent ?? registry.get('US')!, fallback: true };
}

/** The validation-notice numbers for an account's jurisdiction, when its profile has the notice (US accounts). */
export function validationParamsFor(jurisdiction: string | undefined): ValidationNoticeParams | undefined {
  const entry = nearestProfile(COMPOSED_PROFILES, jurisdiction).profile.entries.find((e) => e.kind === 'validation-notice');
  return entry?.kind === 'validation-notice' ? validationParamsOf(entry) : undefined;
}
