/**
 * The shape every contact rule has. A rule is a named, cited, pure function; the engine (engine.ts)
 * runs them in stage order and turns their outcomes into reasons. A new rule is a new file: its entry
 * kind goes in rule-entry.ts, buildRule in profile.ts builds it, and a jurisdiction profile
 * (../jurisdictions/*.json) lists it by kind.
 */
import type { Account, Channel, HistoryEntry } from '../types';
import type { CloseReason } from '../decision-types';
import type { RuleEntry } from './rule-entry';
import type { RuleSet } from './rule-set';

/** Evaluation order (compliance.md): suppression -> window -> counters -> channel checks. */
export const RULE_STAGES = ['suppression', 'window', 'counter', 'channel'] as const;
export type RuleStage = (typeof RULE_STAGES)[number];

/** Everything a rule may look at. Precomputed once per decision so rules stay cheap. */
export interface RuleContext {
  account: Account;
  /** Sorted by time, oldest first. */
  history: readonly HistoryEntry[];
  /** Parsed `at` of each history entry (same order), in epoch ms. */
  historyTimes: readonly number[];
  ruleSet: RuleSet;
  /** Every IANA zone the customer may be in. */
  timeZones: readonly string[];
  now: Date;
  /**
   * The person's history across all their debts (this one included), sorted; `history` above is this
   * debt's entries only. Person-level counters read this one.
   */
  personHistory: readonly HistoryEntry[];
  personHistoryTimes: readonly number[];
  /** The jurisdiction profile whose rules apply. */
  profile: CompiledProfile;
}

/** A rule's identity as a profile (or the code) declares it. */
export interface RuleMeta {
  /** Stable id, used in reasons, audit records and dashboards: never rename. */
  id: string;
  description: string;
  /** Where the rule comes from (regulation section or policy). */
  source: string;
}

/** One channel at one instant: "may we send an sms at 10:05Z?" */
export interface Candidate {
  channel: Channel;
  at: Date;
  /** false: the caller reads only the outcome's effect and time, so a costly detail may be left empty. */
  explain?: boolean;
}

export type RuleOutcome =
  /** `exempt`: a rule with grantsException lifts the other rules of its stage for this candidate. */
  | { effect: 'allowed'; detail: string; exempt?: boolean }
  /** Not now; `until` is the earliest instant this rule allows (the engine re-checks all rules then). */
  | { effect: 'deferred'; until: Date; detail: string }
  /** Never on this channel (for this journey, as things stand): the engine tries another channel. */
  | { effect: 'blocked'; detail: string }
  /** Do not contact at all; the journey closes (or waits until the suppression ends). */
  | { effect: 'suppressed'; detail: string; close?: CloseReason; until?: Date; escalate?: string };

/** Looks at the account as a whole, before any channel is considered. */
export interface SuppressionRule extends RuleMeta {
  stage: 'suppression';
  evaluate(ctx: RuleContext): RuleOutcome;
}

/** Looks at one channel candidate. */
export interface ChannelRule extends RuleMeta {
  stage: Exclude<RuleStage, 'suppression'>;
  /**
   * The rule may grant an exception to the other rules of its stage (an allowed outcome with
   * `exempt: true`), e.g. the one reply to a consumer-initiated contact outside the window. The engine
   * runs such rules first in their stage.
   */
  grantsException?: boolean;
  evaluate(ctx: RuleContext, candidate: Candidate): RuleOutcome;
}

export type Rule = SuppressionRule | ChannelRule;

/** Which limitation period applies when a state's statute has several. */
export type LimitationsBasis = 'shorter' | 'written-contract' | 'open-account';

export interface ValidationNoticeParams {
  sendWithinDays: number;
  receiptBusinessDays: number;
  periodDays: number;
  /**
   * Suppress (escalate) when the notice is overdue for every account; otherwise only for accounts whose
   * compliance.validationNoticeRequired is true (the billing system tracks notices for them).
   */
  require: boolean;
}

/** A profile ready for the engine: composed over its base, its rules built, its flat rule set derived. */
export interface CompiledProfile {
  id: string;
  name: string;
  /** The profile's version followed by each base's, e.g. "us-ma-2026.11+us-federal-2026.11". */
  version: string;
  /** Profile ids from this one down to the root, e.g. ["US-MA", "US"]. */
  chain: readonly string[];
  entries: readonly RuleEntry[];
  ruleSet: RuleSet;
  suppressionRules: readonly SuppressionRule[];
  /** Window -> counter -> channel order. */
  channelRules: readonly ChannelRule[];
  /** Every rule in evaluation order, core rules included. */
  rules: readonly Rule[];
  /** Phrases a message for a time-barred debt must never contain (empty when no time-barred rule). */
  legalThreatPatterns: readonly RegExp[];
  timeBarredRuleId?: string;
  revocationKeywords: readonly string[];
  /** The validation-notice rule (when the profile has one): its numbers and overshadowing wording. */
  validation?: { ruleId: string; params: ValidationNoticeParams; overshadowingPatterns: readonly RegExp[] };
  /** The statute-of-limitations rule (when the profile has one). */
  limitations?: { ruleId: string; basis: LimitationsBasis };
}
