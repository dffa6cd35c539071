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
  /** Decides city rules (New York City). */
  city?: string;
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
  /**
   * YYYY-MM-DD, for the portal's date-of-birth check only. Personal data: never logged, traced,
   * counted in analytics or copied into a ledger entry.
   */
  dateOfBirth?: string;
  language: Language;
  /**
   * Identifies the person across their debts (accounts). Person-level counters count the contacts of
   * every history entry passed in, whatever its debt; the ledger uses this id to fetch them.
   */
  personId?: string;
  /**
   * mobile | landline (home) | work | unknown (unknown is treated as mobile for TCPA consent). A work
   * number is neither home nor mobile: the Massachusetts 30-day and Washington at-work caps count it.
   */
  phoneType?: PhoneType;
  /** Where the phone number came from: given by the customer for this account, or found elsewhere. */
  phoneSource?: 'customer' | 'third-party';
  /** The email address on file is known to be the employer's: never used (12 CFR 1006.22(f)(3)). */
  employerEmail?: boolean;
  /** Times the customer said are inconvenient, local in every zone they may be in. */
  blockedTimes?: BlockedTime[];
  /** Consent records per channel (TCPA prior express consent, written consent, revocation). */
  consent?: Partial<Record<Channel, ConsentRecord>>;
  /** Reg F text safe harbour (1006.6(d)(5)) evidence for the phone number. */
  textSafeHarbor?: {
    /** The customer last texted us from this number. */
    lastCustomerTextAt?: string;
    /** A reassigned-numbers database check last said the number was not reassigned. */
    notReassignedCheckedAt?: string;
  };
  /** Reg F email safe harbour (1006.6(d)(4)) evidence for the email address. */
  emailSource?: EmailSource;
}

export const PHONE_TYPES = ['mobile', 'landline', 'work', 'unknown'] as const;
export type PhoneType = (typeof PHONE_TYPES)[number];

/**
 * Reg F email safe harbour (1006.6(d)(4)) evidence for the email address: the consumer used it to
 * communicate with the collector, consented to it, or the creditor sent a notice of the transfer with
 * an opt-out window (at least 35 days for the safe harbour) that ended without an opt-out.
 */
export interface EmailSource {
  source: 'consumer-used' | 'consented' | 'creditor-notice';
  /** When the consumer used or consented to the address. */
  at?: string;
  /** creditor-notice: when the creditor's notice was sent. */
  noticeAt?: string;
  /** creditor-notice: the opt-out window the notice gave, in days. */
  optOutWindowDays?: number;
}

export const WEEKDAY_CODES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type WeekdayCode = (typeof WEEKDAY_CODES)[number];

/** A local time range [start, end) the customer asked us to avoid; on the given weekdays (all when absent). */
export interface BlockedTime {
  /** HH:MM local. */
  start: string;
  /** HH:MM local (24:00 = midnight at the end of the day); after start. */
  end: string;
  days?: WeekdayCode[];
}

export interface ConsentRecord {
  /**
   * provided-for-account: the customer gave the number/address to the creditor for this account (TCPA
   * prior express consent); written: signed or recorded written consent; customer-initiated: the
   * customer contacted us from it.
   */
  source: 'provided-for-account' | 'written' | 'customer-initiated';
  at?: string;
  /** Consent was revoked (by any reasonable means) at this time: honoured at once. */
  revokedAt?: string;
  /** How it was revoked, e.g. the reply keyword STOP (never the message text). */
  revokedBy?: string;
}

/** FCA FG21/1 drivers of vulnerability. */
export const VULNERABILITY_DRIVERS = ['health', 'life-events', 'resilience', 'capability'] as const;
export type VulnerabilityDriver = (typeof VULNERABILITY_DRIVERS)[number];

/**
 * Facts that suppress or restrict contact, as the billing system or a person recorded them. All are
 * optional; an account without them is contacted under the jurisdiction profile's ordinary rules.
 */
export interface ComplianceFlags {
  /** A dispute was received (a portal form or email counts as written). */
  disputeOpenedAt?: string;
  /** The disputed part, in major units; absent = the whole balance. */
  disputedAmount?: number;
  /** Verification of the debt was sent: collection of the disputed part may resume. */
  disputeVerifiedAt?: string;
  /** The dispute was resolved in the customer's favour: nothing is owed, the journey closes. */
  disputeUpheldAt?: string;
  /** The customer asked for the name and address of the original creditor. */
  originalCreditorRequestedAt?: string;
  originalCreditorSentAt?: string;
  /** The customer is represented by an attorney (or debt adviser) for this debt: contact them only. */
  attorney?: { since?: string };
  /** A bankruptcy (or other insolvency) case is open: the automatic stay stops collection. */
  bankruptcy?: { filedAt?: string; chapter?: string };
  /** The customer is reported deceased: the estate is handled by people. */
  deceased?: { reportedAt?: string };
  /** A moratorium (UK Breathing Space, mental-health crisis moratorium, forbearance) until this time. */
  moratoriumUntil?: string;
  moratoriumKind?: 'breathing-space' | 'mental-health-crisis' | 'forbearance' | 'other';
  /** The debt is past the statute of limitations: never sue or threaten to sue. */
  timeBarred?: boolean;
  /** The customer is vulnerable (FCA FG21/1). */
  vulnerability?: {
    drivers: VulnerabilityDriver[];
    recordedAt?: string;
    /** A person reviewed the account and agreed how to contact the customer ("a person first"). */
    reviewedByPersonAt?: string;
  };
  /** When the validation notice (12 CFR 1006.34) was sent. */
  validationNoticeSentAt?: string;
  /**
   * The account is subject to 12 CFR 1006.34 and the billing system records its validation notice: an
   * overdue notice (none within 5 days of the first communication) stops contact and escalates. Absent:
   * the profile's `require` decides.
   */
  validationNoticeRequired?: boolean;
  /** The last payment on the debt: the statute of limitations runs from it (when timeBarred is absent). */
  lastPaymentAt?: string;
  /** When the debt was charged off: the limitations start when no last payment is recorded. */
  chargedOffAt?: string;
  /** Which limitations period applies; absent = the shorter of the state's two (the cautious reading). */
  debtType?: 'written-contract' | 'open-account';
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
  /** Suppression and restriction facts (dispute, attorney, bankruptcy, moratorium, vulnerability ...). */
  compliance?: ComplianceFlags;
  /** The customer's promise to pay, the latest one (kept, broken or open). */
  promise?: PromiseToPay;
  /** The payment plan agreed in this cycle, if any. */
  plan?: PaymentPlan;
  /** The customer told us about hardship: support replaces reminders. */
  hardship?: Hardship;
  /** Complaints received in this cycle, open and resolved (the complaint clock). */
  complaints?: Complaint[];
  /** The one satisfaction question of the cycle. */
  survey?: Survey;
  /** The customer asked a person to call back at this time. */
  callback?: { at: string; requestedAt: string };
  /** When a HELP text was last answered (HELP answers are rate-limited: domain/bounds.ts). */
  helpAnsweredAt?: string;
}

/** Where a customer action came from. */
export const ACTION_SOURCES = ['sms-reply', 'email', 'portal', 'phone', 'agent', 'billing-system'] as const;
export type ActionSource = (typeof ACTION_SOURCES)[number];

export interface PromiseToPay {
  promiseId: string;
  amount: number;
  /** YYYY-MM-DD: the date the customer picked (kept when paid by the end of that day). */
  dueDate: string;
  madeAt: string;
  source: ActionSource;
  /** Paid towards it since it was made. */
  paid: number;
  /** replaced: a payment plan took its place. */
  status: 'open' | 'kept' | 'broken' | 'replaced';
  settledAt?: string;
}

export interface Instalment {
  /** YYYY-MM-DD */
  dueDate: string;
  amount: number;
  paid: number;
}

export interface PaymentPlan {
  planId: string;
  agreedAt: string;
  source: ActionSource;
  instalments: Instalment[];
  status: 'active' | 'completed' | 'cancelled';
  completedAt?: string;
}

/** Forbearance the deployment grants on hardship: a pause, or reduced payments for a while. */
export interface Forbearance {
  kind: 'pause' | 'reduced-payments';
  /** ISO time the forbearance ends. */
  until: string;
  /** reduced-payments: the agreed monthly amount. */
  reducedAmount?: number;
}

export interface Hardship {
  reportedAt: string;
  source: ActionSource;
  forbearance?: Forbearance;
}

export const COMPLAINT_CATEGORIES = [
  'communication-tactics',
  'debt-not-owed',
  'wrong-amount',
  'false-statements',
  'privacy',
  'service',
  'other',
] as const;
export type ComplaintCategory = (typeof COMPLAINT_CATEGORIES)[number];

export interface Complaint {
  complaintId: string;
  category: ComplaintCategory;
  source: ActionSource;
  receivedAt: string;
  resolvedAt?: string;
}

export interface Survey {
  /** What the question followed: a resolution or a person's hand-off. */
  trigger: 'resolution' | 'handoff';
  channel: Channel;
  sentAt: string;
  answeredAt?: string;
  /** 1 (poor) .. 5 (great). */
  score?: number;
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
      /** The account (debt) this entry is about; absent = the account being decided. */
      debtId?: string;
      /** Placed with the customer's direct prior consent (1006.14(b)(3)): not counted toward caps. */
      consented?: boolean;
    }
  /**
   * A right-party telephone conversation about the debt (starts the 7-day call block). A conversation
   * about several debts is recorded once per debt, each with its debtId.
   */
  | { kind: 'conversation'; at: string; channel: Channel; debtId?: string }
  | { kind: 'escalated'; at: string; reason: string; debtId?: string }
  /** A person finished with the account: resume automated outreach, or it is resolved, or they keep it. */
  | { kind: 'handoff-completed'; at: string; outcome: HandoffOutcome; debtId?: string }
  /**
   * The customer contacted us (a text, an email, a call) on this channel: the collector may reply once,
   * in the same medium, even outside the contact window (12 CFR 1006.6(b)(1) commentary).
   */
  | { kind: 'inbound'; at: string; channel: Channel; debtId?: string }
  /**
   * The customer engaged with one of our messages (opened or clicked an email). Not a contact and not
   * counted by any rule: only the best-hour strategy (best-hour.ts) reads it.
   */
  | { kind: 'engaged'; at: string; channel: Channel; debtId?: string }
  | { kind: 'failure'; at: string; error: string; debtId?: string }
  /** A payment arrived (the next message thanks the customer for it when a balance is left). */
  | { kind: 'payment'; at: string; amount: number; debtId?: string };

/** What a provider said happened to a message (normalised across SMS, voice and email). */
export const DELIVERY_OUTCOMES = [
  'sent',
  'delivered',
  'failed-permanent',
  'failed-transient',
  'blocked',
  'opted-out',
  'complained',
  'opened',
  'clicked',
  'answered',
  'voicemail',
  'no-answer',
  'busy',
  'other',
] as const;
export type DeliveryOutcome = (typeof DELIVERY_OUTCOMES)[number];

export const HANDOFF_OUTCOMES = ['resume', 'resolved', 'keep'] as const;
export type HandoffOutcome = (typeof HANDOFF_OUTCOMES)[number];
