/**
 * Jurisdiction profiles: the contact rules of a place as data (../jurisdictions/*.json), validated with
 * zod. A profile lists rule entries, each with a stable id, a kind (the code that enforces it), its
 * numbers, a description and a citation. An overlay `extends` a base profile: an entry with the same id
 * replaces the base's, `{ "id": ..., "kind": "disabled" }` removes it, new ids are added. Adding a state or
 * changing a number is a JSON change; only a new kind of rule needs code.
 */
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
import type { RuleEntry } from './rule-entry';
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
import { COMPOSED_PROFILES, composeProfile, nearestProfile, validationParamsOf, type ComposedProfile } from './profile-composition';

export { jurisdictionProfileSchema, parseProfile, PROFILE_FILES, ProfileError, type JurisdictionProfile } from './profile-composition';

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
/** Stage order; within a stage, rules that may grant an exception run first. */
const stageRank = (r: Rule) => RULE_STAGES.indexOf(r.stage) * 2 + (r.stage !== 'suppression' && r.grantsException ? 0 : 1);

/** A compiled profile as composed entries again (the base of an overlay, or of its first-party creditor form). */
const composedOf = ({ id, name, version, chain, entries, ruleSet }: CompiledProfile): ComposedProfile => ({
  id,
  name,
  version,
  chain,
  entries,
  maxConsecutiveFailures: ruleSet.maxConsecutiveFailures,
});

/**
 * Composes a profile over its base (looked up in `registry`) and builds its rules. Throws a
 * ProfileError naming the problem (unknown base, a cycle, a missing window, duplicate kinds).
 */
export function compileProfile(json: unknown, registry: ReadonlyMap<string, CompiledProfile> = BUILT_IN_PROFILES): CompiledProfile {
  return assembleProfile(composeProfile(json, new Map([...registry].map(([id, profile]) => [id, composedOf(profile)]))));
}

/** A profile's rules built from its composed entries, its flat rule set derived. */
function assembleProfile(composed: ComposedProfile): CompiledProfile {
  const { id, name, version, chain, maxConsecutiveFailures } = composed;
  const entries = [...composed.entries];
  const ruleSet = parseRuleSet(ruleSetFromEntries(version, maxConsecutiveFailures, entries));
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
    id,
    name,
    version,
    chain,
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
          params: validationParamsOf(validation),
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
      : assembleProfile({
          ...composedOf(profile),
          name: `${profile.name}, first-party creditor`,
          version: `${profile.version}+creditor`,
          entries: kept,
        });
  creditorProfiles.set(profile, creditor);
  return creditor;
}

const registry = new Map([...COMPOSED_PROFILES].map(([id, composed]) => [id, assembleProfile(composed)]));
/** The shipped profiles, by id. */
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
  found = nearestProfile(registry, key);
  if (lookupCache.size < 1000) lookupCache.set(key, found);
  return found;
}
