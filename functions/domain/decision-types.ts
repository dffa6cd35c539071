/**
 * The vocabulary of a decision: the action decide() chooses, the reasons behind it (rule ids, effects,
 * citations), how a cycle closes, and what Send reports back. Pure data, like types.ts.
 */
import type { Channel } from './types';

export type Tone = 'friendly' | 'clear' | 'supportive';

/** How a rule affected a decision. */
export type RuleEffect = 'allowed' | 'deferred' | 'blocked' | 'suppressed';

export interface Reason {
  /** Stable rule id, e.g. "window.local-hours", "optout.channel", "regf.call-frequency". */
  ruleId: string;
  effect: RuleEffect;
  channel?: Channel;
  /** For a deferral: the earliest time the rule allows contact. */
  until?: string;
  /** Plain words for the timeline and the auditor. Never contains PII. */
  detail: string;
  /** The legal source of the rule (regulation section or policy), from the jurisdiction profile. */
  citation?: string;
  /** One of the reasons that decided the action; decisive reasons come first in a decision. */
  decisive?: boolean;
}

export const CLOSE_REASONS = [
  'paid',
  'account-closed',
  'ceased',
  'handed-off',
  'no-usable-channel',
  'playbook-complete',
  'no-response',
  'plan-completed',
  'dispute-upheld',
  'resolved-by-agent',
] as const;
export type CloseReason = (typeof CLOSE_REASONS)[number];

/** Closings that mean the customer's account was resolved (first-contact resolution counts these). */
export const RESOLVED_CLOSE_REASONS: ReadonlySet<string> = new Set<CloseReason>([
  'paid',
  'plan-completed',
  'resolved-by-agent',
  'dispute-upheld',
]);

export interface ContactAction {
  type: 'contact';
  /** Playbook step id; with the channel it names the message that may be sent at most once. */
  stepId: string;
  channel: Channel;
  template: string;
  tone: Tone;
}

export type Action =
  ContactAction | { type: 'wait'; until: string } | { type: 'escalate'; reason: string } | { type: 'close'; reason: CloseReason };

export interface Decision {
  action: Action;
  reasons: Reason[];
  decidedAt: string;
  playbookId: string;
  playbookVersion: string;
  /** The jurisdiction profile and its version, e.g. "us-ma-2026.11+us-federal-2026.11". */
  ruleSetVersion: string;
  /**
   * Per channel, the earliest time the contact rules allow it (ISO UTC; the decision time when allowed
   * now), ignoring the playbook's own cadence; null when the channel cannot be used at all.
   */
  nextAllowed?: Partial<Record<Channel, string | null>>;
}

/** The journey's segment and experiment variant, as the ledger and the metrics tag its entries. */
export interface StrategyTags {
  segment?: string;
  variant?: string;
}

/**
 * What Send reports back to the journey. `tags`: the journey's strategy as Send's guard read it, and
 * `sentAt`: when the provider took the message, so that Record writes its entry without reading again.
 */
export type SendOutcome = { stepId: string; channel: Channel; tags?: StrategyTags } & (
  | { status: 'sent'; providerMessageId: string; sentAt?: string }
  /** The send-time guard no longer allows this contact; the journey decides again. */
  | { status: 'skipped'; reasons: Reason[] }
  /** The provider said the address can never work; the channel is now unusable for the account. */
  | { status: 'failed-permanent'; error: string }
  /** A claim already exists for this step and channel: never send twice. */
  | { status: 'already-claimed'; claimStatus: string }
);
