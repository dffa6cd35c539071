/**
 * Jurisdiction profiles: the contact rules of a place as data (../jurisdictions/*.json), validated with
 * zod. A profile lists rule entries, each with a stable id, a kind (the code that enforces it), its
 * numbers, a description and a citation. An overlay `extends` a base profile: an entry with the same id
 * replaces the base's, `{ "id": ..., "kind": "disabled" }` removes it, new ids are added. Adding a state or
 * changing a number is a JSON change; only a new kind of rule needs code.
 */
import * as z from '../zod';
import { describeIssues } from '../zod-issues';
import gb from '../jurisdictions/gb.json';
import usFederal from '../jurisdictions/us-federal.json';
import usMa from '../jurisdictions/us-ma.json';
import usNyNyc from '../jurisdictions/us-ny-nyc.json';
import usWa from '../jurisdictions/us-wa.json';
import { callFrequency } from './call-frequency';
import { channelNoAddress, channelUnusable } from './channel-unusable';
import {
  automatedConsentRule,
  emailSafeHarborRule,
  employerEmailRule,
  textSafeHarborRule,
  vulnerableNoAutomatedVoiceRule,
  writtenConsentRule,
} from './consent-rules';
import { consumerReplyRule } from './consumer-reply';
import { conversationBlock } from './conversation-block';
import { customerBlockedTimesRule } from './customer-blocked';
import { frequencyCapRule } from './frequency-cap';
import { localHours } from './local-hours';
import { optoutChannel } from './optout-channel';
import { parseRuleSet, ruleSetFromEntries } from './rule-set';
import { ruleEntrySchema, ruleId, type RuleEntry, type RuleKind } from './rule-entry';
import { statuteOfLimitationsRule } from './statute-of-limitations';
import { statusStop } from './status-stop';
import { validationNoticeRule } from './validation-notice';
import {
  attorneyRule,
  bankruptcyRule,
  deceasedRule,
  disputeRule,
  moratoriumRule,
  originalCreditorRule,
  timeBarredRule,
  vulnerablePersonFirstRule,
} from './suppression-rules';
import { RULE_STAGES, type ChannelRule, type CompiledProfile, type Rule, type RuleMeta, type SuppressionRule } from './types';

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

function buildRule(e: RuleEntry): Rule {
  const m: RuleMeta = { id: e.id, description: e.description, source: e.source };
  switch (e.kind) {
    case 'moratorium':
      return moratoriumRule(m);
    case 'dispute':
      return disputeRule(m);
    case 'original-creditor':
      return originalCreditorRule(m);
    case 'bankruptcy':
      return bankruptcyRule(m);
    case 'attorney':
      return attorneyRule(m);
    case 'deceased':
      return deceasedRule(m);
    case 'time-barred':
      return timeBarredRule(m);
    case 'vulnerable-person-first':
      return vulnerablePersonFirstRule(m);
    case 'validation-notice':
      return validationNoticeRule(m, e);
    case 'statute-of-limitations':
      return statuteOfLimitationsRule(m);
    case 'consumer-reply':
      return consumerReplyRule(m, e);
    case 'email-safe-harbor':
      return emailSafeHarborRule(m, e);
    // These three read the profile's flat rule set (ctx.ruleSet), so explicit rule sets keep working.
    case 'contact-window':
      return { ...localHours, ...m };
    case 'call-attempt-cap':
      return { ...callFrequency, ...m };
    case 'conversation-block':
      return { ...conversationBlock, ...m };
    case 'customer-blocked-times':
      return customerBlockedTimesRule(m);
    case 'frequency-cap':
      return frequencyCapRule(m, e);
    case 'automated-consent':
      return automatedConsentRule(m, e);
    case 'written-consent':
      return writtenConsentRule(m, e);
    case 'employer-email':
      return employerEmailRule(m);
    case 'text-safe-harbor':
      return textSafeHarborRule(m, e);
    case 'vulnerable-no-automated-voice':
      return vulnerableNoAutomatedVoiceRule(m);
  }
}

/** Rules every profile has: they are about the journey and the addresses, not a jurisdiction. */
const CORE_SUPPRESSION: readonly SuppressionRule[] = [statusStop];
const CORE_CHANNEL: readonly ChannelRule[] = [optoutChannel, channelUnusable, channelNoAddress];
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

/** Stage order; within a stage, rules that may grant an exception run first. */
const stageRank = (r: Rule) => RULE_STAGES.indexOf(r.stage) * 2 + (r.stage !== 'suppression' && r.grantsException ? 0 : 1);

/**
 * Composes a profile over its base (looked up in `registry`) and builds its rules. Throws a
 * ProfileError naming the problem (unknown base, a cycle, a missing window, duplicate kinds).
 */
export function compileProfile(json: unknown, registry: ReadonlyMap<string, CompiledProfile> = BUILT_IN_PROFILES): CompiledProfile {
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

  const version = base ? `${p.version}+${base.version}` : p.version;
  const maxFailures = p.maxConsecutiveFailures ?? base?.ruleSet.maxConsecutiveFailures ?? 3;
  return assembleProfile({ id: p.id, name: p.name, version, chain: [p.id, ...(base?.chain ?? [])] }, entries, maxFailures);
}

/** A profile's rules built from its composed entries, its flat rule set derived. */
function assembleProfile(
  identity: Pick<CompiledProfile, 'id' | 'name' | 'version' | 'chain'>,
  entries: RuleEntry[],
  maxFailures: number,
): CompiledProfile {
  const ruleSet = parseRuleSet(ruleSetFromEntries(identity.version, maxFailures, entries));
  const built = entries.map(buildRule);
  const suppressionRules = [...CORE_SUPPRESSION, ...built.filter((r): r is SuppressionRule => r.stage === 'suppression')];
  const channelRules = [...built.filter((r): r is ChannelRule => r.stage !== 'suppression'), ...CORE_CHANNEL].sort(
    (a, b) => stageRank(a) - stageRank(b),
  );
  const timeBarred = entries.find((e) => e.kind === 'time-barred');
  const consent = entries.find((e) => e.kind === 'automated-consent');
  const validation = entries.find((e) => e.kind === 'validation-notice');
  const limitations = entries.find((e) => e.kind === 'statute-of-limitations');
  return {
    ...identity,
    entries,
    ruleSet,
    suppressionRules,
    channelRules,
    rules: [...suppressionRules, ...channelRules],
    legalThreatPatterns: timeBarred ? timeBarred.legalThreatPatterns.map((s) => new RegExp(s, 'i')) : [],
    timeBarredRuleId: timeBarred?.id,
    revocationKeywords: consent ? consent.revocationKeywords : ['STOP'],
    validation: validation
      ? {
          ruleId: validation.id,
          params: {
            sendWithinDays: validation.sendWithinDays,
            receiptBusinessDays: validation.receiptBusinessDays,
            periodDays: validation.periodDays,
            require: validation.require,
          },
          overshadowingPatterns: validation.overshadowingPatterns.map((x) => new RegExp(x, 'i')),
        }
      : undefined,
    limitations: limitations ? { ruleId: limitations.id, basis: limitations.basis } : undefined,
  };
}

/** Whether a rule entry applies to a deployment that is a first-party creditor (see FIRST_PARTY_CREDITOR). */
export const bindsFirstPartyCreditor = (e: RuleEntry): boolean => e.firstPartyCreditor !== 'exempt';

const creditorProfiles = new WeakMap<CompiledProfile, CompiledProfile>();

/**
 * The profile a first-party creditor is decided under: without the rules that bind debt collectors
 * only (marked `exempt`), its version saying so. The profile itself when none is exempt.
 */
export function forFirstPartyCreditor(profile: CompiledProfile): CompiledProfile {
  const cached = creditorProfiles.get(profile);
  if (cached) return cached;
  const kept = profile.entries.filter(bindsFirstPartyCreditor);
  const creditor =
    kept.length === profile.entries.length
      ? profile
      : assembleProfile(
          { id: profile.id, name: `${profile.name}, first-party creditor`, version: `${profile.version}+creditor`, chain: profile.chain },
          kept,
          profile.ruleSet.maxConsecutiveFailures,
        );
  creditorProfiles.set(profile, creditor);
  return creditor;
}

/** The shipped profiles, bases first. */
export const PROFILE_FILES: readonly unknown[] = [usFederal, usMa, usNyNyc, usWa, gb];

const registry = new Map<string, CompiledProfile>();
for (const json of PROFILE_FILES) {
  const compiled = compileProfile(json, registry);
  registry.set(compiled.id, compiled);
}
export const BUILT_IN_PROFILES: ReadonlyMap<string, CompiledProfile> = registry;
export const DEFAULT_PROFILE: CompiledProfile = registry.get('US')!;

export interface ProfileLookup {
  profile: CompiledProfile;
  /** The jurisdiction had no profile of its own; `profile` is the nearest parent or the US baseline. */
  fallback: boolean;
}

const lookupCache = new Map<string, ProfileLookup>();

/**
 * The profile for an account's jurisdiction: an exact match, else the nearest parent (US-CA -> US),
 * else the US federal baseline, flagged as a fallback so the decision says so.
 */
export function profileFor(jurisdiction: string | undefined): ProfileLookup {
  const key = (jurisdiction ?? 'US').toUpperCase();
  let found = lookupCache.get(key);
  if (found) return found;
  const exact = registry.get(key);
  if (exact) found = { profile: exact, fallback: false };
  else {
    const parts = key.split('-');
    let parent: CompiledProfile | undefined;
    while (!parent && parts.length > 1) {
      parts.pop();
      parent = registry.get(parts.join('-'));
    }
    found = { profile: parent ?? DEFAULT_PROFILE, fallback: true };
  }
  if (lookupCache.size < 1000) lookupCache.set(key, found);
  return found;
}
