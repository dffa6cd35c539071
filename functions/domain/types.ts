/**
 * The domain vocabulary shared by the decision engine, the handlers, the local runtime and the CLI.
 * Pure data: no AWS, no I/O. Times are ISO-8601 UTC strings at every boundary.
 */

export const CHANNELS = ['sms', 'email', 'voice'] as const;
export type Channel = (typeof CHANNELS)[number];

export const LANGUAGES = ['en', 'es'] as const;
export type Language = (typeof LANGUAGES)[number];

export type AccountStatus = 'overdue' | 'paid' | 'closed' | 'ceased';

export interface PostalAddress {
  /** ISO 3166-1 alpha-2, e.g. US, GB. */
  country: string;
  /** State / province / region code, e.g. CA, NY, WA. */
  region?: string;
  postalCode?: string;
}

export interface CustomerProfile {
  firstName: string;
  lastName?: string;
  /** E.164, e.g. +12065550123. */
  phone?: string;
  email?: string;
  preferredChannel?: Channel;
  /** A time zone the customer told us they are in (IANA name). */
  timeZone?: string;
  address?: PostalAddress;
  language: Language;
}

export interface ChannelState {
  /** The customer opted out of this channel (STOP, unsubscribe, "stop calling me"). */
  optedOut: boolean;
  /** The provider said this address can never work (invalid number, hard bounce, suppressed). */
  unusable?: { reason: string; at: string };
}

export interface Account {
  accountId: string;
  /** The delinquency cycle this journey is about; one journey per account per cycle. */
  cycleId: string;
  status: AccountStatus;
  customer: CustomerProfile;
  /** Outstanding balance in major units (e.g. dollars), never negative. */
  balance: number;
  /** Amount that was overdue when the cycle began (for recovery figures). */
  amountOverdue: number;
  currency: string;
  /** YYYY-MM-DD */
  dueDate: string;
  creditorName: string;
  /** Jurisdiction profile id, e.g. US, US-MA, US-NY-NYC, US-WA, GB. */
  jurisdiction: string;
  channels: Record<Channel, ChannelState>;
  /** When the cycle's journey began (first overdue event seen). */
  openedAt: string;
  /** Set when status leaves 'overdue'. */
  resolvedAt?: string;
  updatedAt: string;
}

/** What the ledger remembers about a cycle, as far as deciding is concerned. */
export type HistoryEntry =
  | {
      kind: 'contact';
      at: string;
      stepId: string;
      channel: Channel;
      template: string;
      /** sent: provider accepted it. failed-permanent: address unusable. unconfirmed: claimed, outcome unknown. */
      outcome: 'sent' | 'failed-permanent' | 'unconfirmed';
    }
  /** A right-party telephone conversation about the debt (starts the 7-day call block). */
  | { kind: 'conversation'; at: string; channel: Channel }
  | { kind: 'escalated'; at: string; reason: string }
  | { kind: 'failure'; at: string; error: string };

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
}

export type CloseReason =
  | 'paid'
  | 'account-closed'
  | 'ceased'
  | 'handed-off'
  | 'no-usable-channel'
  | 'playbook-complete';

export interface ContactAction {
  type: 'contact';
  /** Playbook step id; with the channel it names the message that may be sent at most once. */
  stepId: string;
  channel: Channel;
  template: string;
  tone: Tone;
}

export type Action =
  | ContactAction
  | { type: 'wait'; until: string }
  | { type: 'escalate'; reason: string }
  | { type: 'close'; reason: CloseReason };

export interface Decision {
  action: Action;
  reasons: Reason[];
  decidedAt: string;
  playbookId: string;
  playbookVersion: string;
  ruleSetVersion: string;
}

/** What Send reports back to the journey. */
export type SendOutcome =
  | { status: 'sent'; stepId: string; channel: Channel; providerMessageId: string }
  /** The send-time guard no longer allows this contact; the journey decides again. */
  | { status: 'skipped'; stepId: string; channel: Channel; reasons: Reason[] }
  /** The provider said the address can never work; the channel is now unusable for the account. */
  | { status: 'failed-permanent'; stepId: string; channel: Channel; error: string }
  /** A claim already exists for this step and channel: never send twice. */
  | { status: 'already-claimed'; stepId: string; channel: Channel; claimStatus: string };
