/**
 * Storage ports: what the use cases need from the STATE table, one interface per aggregate (accounts,
 * journeys, send claims, lookups, portal links, parked events, the portal check's guard), with the
 * shapes they store. The DynamoDB
 * adapters live in functions/adapters; every change they make is a conditional or optimistic write.
 */
import type { Account, Channel } from './types';
import type { GuardScope, LockoutPolicy, LockoutStep } from './portal/lockout';
import type { SegmentReason } from './segments';
import type { MessageFacts } from './templates';
import type { IndexPosition, Page } from './sweep-shards';

/**
 * How a cycle's journey is run, fixed when the journey starts and kept on the account item with the
 * cycle it belongs to: the segment and why, the experiment variant, and the playbook id and version the
 * journey started with (a running journey keeps that version even when a newer one is deployed).
 */
export interface JourneyStrategy {
  cycleId: string;
  segment: string;
  segmentReasons: SegmentReason[];
  /** The experiment and variant, when an experiment assigned the account. */
  experimentId?: string;
  variant?: string;
  /** no-contact: nothing is sent; minimal-contact: the (minimal) playbook below. */
  holdout?: 'no-contact' | 'minimal-contact';
  /** Why the variant (e.g. a holdout not allowed in the jurisdiction became the champion). */
  variantReason?: string;
  playbookId: string;
  playbookVersion: string;
  assignedAt: string;
}

/**
 * The account as stored: the domain Account plus the current cycle's journey strategy and the cycles it
 * replaced (oldest first), so a replayed earlier cycle is recognised (domain/cycles.ts).
 */
export type StoredAccount = Account & {
  strategy?: JourneyStrategy;
  priorCycles?: string[];
  /** The current cycle is a bill's pre-due stage (PaymentDueSoon), not yet overdue: domain/pre-due/. */
  preDue?: { billCycleId: string };
};

export type JourneyStatus = 'running' | 'closed';

export interface JourneyRecord {
  accountId: string;
  cycleId: string;
  status: JourneyStatus;
  claimedAt: string;
  updatedAt: string;
  /** The latest generation started or scheduled (domain/journey-generations.ts); absent: 0. */
  generation?: number;
  /** When that generation's schedule starts it; absent: it was started at once. */
  resumeAt?: string;
  /** When StartExecution was known to have created the execution (absent: never confirmed). */
  startedAt?: string;
}

/**
 * claimed: the provider is being called; released: known not sent (throttled); confirmed: sent; failed:
 * permanently refused; unknown: the provider's answer was an error that does not say (a 5xx, a lost
 * answer, a crash mid-send) -- treated as sent until settled; not-sent: an unknown outcome settled as not
 * sent (no delivery event for it within the deadline), which may be claimed again.
 */
export type ClaimStatus = 'claimed' | 'released' | 'confirmed' | 'failed' | 'unknown' | 'not-sent';

export interface SendClaim {
  accountId: string;
  cycleId: string;
  stepId: string;
  channel: Channel;
  claimStatus: ClaimStatus;
  claimedAt: string;
  attempts: number;
  updatedAt: string;
  providerMessageId?: string;
  error?: string;
  /** When the outcome became unknown (the send's error, or the sweep finding a claim left by a crash). */
  unknownAt?: string;
}

export type ClaimResult = { claimed: true } | { claimed: false; claimStatus: ClaimStatus };

/**
 * A side effect an applied event still owes (the account's outbox): written in the same conditional
 * write as the state change it follows from, carried out idempotently (a reply through its send claim,
 * a hand-off through the ledger's open hand-off) and removed when done. A retry of the event, a later
 * event or the sweep finishes what a failure interrupted.
 */
export type PendingEffect = { id: string; cycleId: string; at: string } & (
  { type: 'reply'; stepId: string; channel: Channel; template: string; facts?: MessageFacts } | { type: 'handoff'; reason: string }
);

export interface VersionedAccount {
  account: StoredAccount;
  version: number;
  appliedKeys: string[];
  /** Effects owed by changes already applied, oldest first. */
  outbox: PendingEffect[];
}

/** Where a provider message id came from. */
export interface MessageRef {
  providerMessageId: string;
  accountId: string;
  cycleId: string;
  stepId: string;
  channel: Channel;
}

/** A billing event kept until its account exists (the EventBridge envelope's fields). */
export interface ParkedEvent {
  at: string;
  eventId: string;
  source: string;
  detailType: string;
  detail: Record<string, unknown>;
}

/** A portal link as created: which account and cycle it opens, until when. */
export interface PortalLink {
  linkId: string;
  accountId: string;
  cycleId: string;
  createdAt: string;
  expiresAt: string;
}

export interface PortalLinkState extends PortalLink {
  verifiedAt?: string;
}

/** One item per account: its current cycle, balance, channel states and the customer profile. */
export interface AccountStore {
  getAccount(accountId: string): Promise<StoredAccount | undefined>;
  /**
   * Creates the account if it has never been seen; otherwise leaves the stored one untouched and returns
   * it (a new cycle replaces it through replaceAccount, after carryOver in domain/cycles.ts).
   */
  saveAccount(account: StoredAccount): Promise<{ created: boolean; account: StoredAccount }>;
  /**
   * Replaces the account with the next state computed from the `version` read, at most once per
   * `dedupeKey` (a payment id, a message id ...), adding the effects it owes to the outbox in the same
   * write. Returns false when that key was already applied.
   * Throws StaleAccountError when another writer changed the account since it was read.
   */
  replaceAccount(next: StoredAccount, read: VersionedAccount, dedupeKey?: string, owed?: PendingEffect[]): Promise<boolean>;
  /** Removes a done effect from the account's outbox (removing one already gone is harmless). */
  settleEffect(accountId: string, effectId: string): Promise<void>;
  /** The account with its version and the keys of the changes applied to it (for replaceAccount). */
  getVersionedAccount(accountId: string): Promise<VersionedAccount | undefined>;
  /** The provider said this channel's address can never work (invalid number, hard bounce, suppressed). */
  markChannelUnusable(accountId: string, channel: Channel, reason: string, at: string): Promise<void>;
}

/** One journey dedupe record per account and cycle. */
export interface JourneyStore {
  /** Claims the one journey of an account's cycle. isNew is false when the record already existed. */
  claimJourney(accountId: string, cycleId: string, at: string): Promise<{ isNew: boolean; status: JourneyStatus }>;
  getJourney(accountId: string, cycleId: string): Promise<JourneyRecord | undefined>;
  /** Sets the journey record's status (created if missing, e.g. a journey started before the record existed). */
  setJourneyStatus(accountId: string, cycleId: string, status: JourneyStatus, at: string): Promise<void>;
  /** Records a newer generation (and when its schedule resumes it); false when the record already has it or a later one. */
  recordGeneration(accountId: string, cycleId: string, generation: number, resumeAt: string | undefined, at: string): Promise<boolean>;
  /**
   * Records that the journey's execution exists (StartExecution created it or said it already existed):
   * the sweep asks Step Functions only about journeys never confirmed. Keeps the first time.
   */
  markJourneyStarted(accountId: string, cycleId: string, at: string): Promise<void>;
  /** The journey records of these cycles (those that exist), read in batches; may be a moment stale. */
  getJourneys(refs: ReadonlyArray<{ accountId: string; cycleId: string }>): Promise<JourneyRecord[]>;
}

/** One send claim per account, cycle, playbook step and channel: at most one message each. */
export interface SendClaimStore {
  /**
   * Claims one step's message on one channel before the provider is called. Succeeds only when no claim
   * exists or the existing one is known not sent (released after throttling, or settled not-sent). With
   * `accountVersion`, only while the account is still at that version (else StaleAccountError): what
   * the send-time guard decided on is what the claim commits to, in one transaction.
   */
  claimSend(
    accountId: string,
    cycleId: string,
    stepId: string,
    channel: Channel,
    at: string,
    accountVersion?: number,
  ): Promise<ClaimResult>;
  getClaim(accountId: string, cycleId: string, stepId: string, channel: Channel): Promise<SendClaim | undefined>;
  /** The provider accepted the message. */
  confirmSend(accountId: string, cycleId: string, stepId: string, channel: Channel, providerMessageId: string, at: string): Promise<void>;
  /** The provider throttled: nothing was sent, so a retry may claim again. */
  releaseSend(accountId: string, cycleId: string, stepId: string, channel: Channel, at: string): Promise<void>;
  /** The provider refused the address permanently: nothing was sent, and it will not be retried. */
  failSend(accountId: string, cycleId: string, stepId: string, channel: Channel, error: string, at: string): Promise<void>;
  /**
   * The provider's answer did not say whether it took the message: 'claimed' becomes 'unknown', findable
   * by the message key the provider echoes in its delivery events. False when it was not 'claimed'
   * (already marked): each unknown is surfaced once.
   */
  markSendUnknown(accountId: string, cycleId: string, stepId: string, channel: Channel, at: string): Promise<boolean>;
  /** The claim whose message carries this key, when its outcome was unknown. */
  unknownClaimFor(messageKey: string): Promise<SendClaim | undefined>;
  /**
   * Settles an unknown outcome: sent (a delivery event for it arrived, with the provider's id) or not
   * sent. Only from 'unknown' -- or, for sent, also from 'not-sent' (an event later than the deadline:
   * the message did go, so it must never be sent again). False when the claim was in neither state.
   */
  settleUnknownSend(
    accountId: string,
    cycleId: string,
    stepId: string,
    channel: Channel,
    settled: { as: 'sent'; providerMessageId: string } | { as: 'not-sent' },
    at: string,
  ): Promise<boolean>;
}

/** Lookups for events that arrive with an address or a provider id only. */
export interface LookupStore {
  /** Remembers which account a phone number belongs to (inbound SMS arrive with the number only). */
  indexPhone(phone: string, accountId: string, at: string): Promise<void>;
  /** The accounts a phone number belongs to (a person may owe on several). */
  accountsForPhone(phone: string): Promise<string[]>;
  /** Remembers which account, cycle and step a provider message id belongs to (delivery events carry only the id). */
  indexMessage(ref: MessageRef, at: string): Promise<void>;
  messageRef(providerMessageId: string): Promise<MessageRef | undefined>;
}

/** Personal portal links and their check attempts. */
export interface PortalLinkStore {
  /** A personal portal link: its random id maps to one account and cycle until it expires. */
  createLink(link: PortalLink): Promise<void>;
  getLink(linkId: string): Promise<PortalLinkState | undefined>;
  markLinkVerified(linkId: string, at: string): Promise<void>;
}

/** Events that came before their account (a payment before the overdue event). */
export interface ParkedEventStore {
  /** Keeps an event for an account not seen yet: applied when it arrives. Parking it twice is harmless. */
  parkEvent(accountId: string, event: ParkedEvent): Promise<void>;
  /** Events parked for an account, oldest first. */
  parkedEvents(accountId: string): Promise<ParkedEvent[]>;
  unparkEvent(accountId: string, event: ParkedEvent): Promise<void>;
}

/** Why the portal check refuses an attempt now. */
export type GuardRefusal = { kind: 'locked'; until: string } | { kind: 'revoked'; at: string };

/** A lock or revocation one request wrote (each is written by exactly one request). */
export interface AppliedLockout {
  scope: GuardScope;
  step: Exclude<LockoutStep, { kind: 'none' }>;
}

export type GuardClaim = { ok: true; claimed: Array<{ scope: GuardScope; failures: number }> } | { ok: false; refusal: GuardRefusal };

/**
 * Counts of wrong answers to the portal's check, per account and per person. Every attempt claims its
 * place atomically before the answer is compared, so parallel guesses cannot overrun the policy.
 */
export interface CheckGuard {
  readonly policy: LockoutPolicy;
  /** Whether the scopes are open to an attempt now (a read, for the page's first screen). */
  refusalOf(scopes: GuardScope[], now: Date): Promise<GuardRefusal | undefined>;
  /** Claims one attempt in every scope (a failure until `settle` says it was right), or says why not. */
  claim(scopes: GuardScope[], now: Date): Promise<GuardClaim>;
  /** A right answer gives its places back; a wrong one keeps them and applies the lock a count reaches. */
  settle(claimed: Array<{ scope: GuardScope; failures: number }>, right: boolean, now: Date): Promise<AppliedLockout[]>;
}

/**
 * The revocations of the portal's check (after too many wrong answers), as an operator reopening
 * access sees them. Only a revoked count is removed: a lock or a count below the limit stays, so
 * reopening never hands an attacker a fresh allowance the policy did not.
 */
export interface CheckRevocations {
  /** When the scope's links were revoked, or undefined when they are not. */
  revokedAt(scope: GuardScope): Promise<string | undefined>;
  /** Removes the scope's count on the condition that it is still revoked; false when it no longer was. */
  removeRevoked(scope: GuardScope): Promise<boolean>;
}

/** The message a send slot is held for: one step of one cycle on one channel. */
export interface SendSlotKey {
  accountId: string;
  cycleId: string;
  stepId: string;
  channel: Channel;
}

/**
 * Send slots: per origination identity, per-second buckets of capacity claimed with conditional writes
 * (so no second is ever over capacity, however many journeys decide at once), a per-minute count that
 * lets a full minute be skipped without reading its seconds, an optional per-day count, and the slot each
 * message holds. Times are epoch milliseconds; every item expires (TTL) soon after its time has passed.
 */
export interface SendSlotStore {
  /** The second held for this message, if one was reserved. */
  heldSlot(key: SendSlotKey): Promise<number | undefined>;
  /**
   * Remembers the second reserved for this message, unless it holds one after `replacing` already:
   * then nothing is written and that second is returned (undefined: `slot` is held now).
   */
  hold(key: SendSlotKey, slot: number, replacing: number): Promise<number | undefined>;
  /** Gives back `units` of a second claimed for a message that turned out to hold one already. */
  releaseSecond(identity: string, second: number, units: number): Promise<void>;
  /** Units claimed in each of these minutes (absent: none); a hint, never more than the seconds hold. */
  minutesUsed(identity: string, minutes: readonly number[]): Promise<ReadonlyMap<number, number>>;
  /** Units claimed in each second of this minute (absent: none). */
  secondsUsed(identity: string, minute: number): Promise<ReadonlyMap<number, number>>;
  /** Adds `units` to the second if it then holds at most `limit`; false (nothing changed) otherwise. */
  claimSecond(identity: string, second: number, units: number, limit: number): Promise<boolean>;
  /** Counts one message on the UTC day if fewer than `cap` are counted; false otherwise. */
  claimDay(identity: string, day: string, cap: number): Promise<boolean>;
  /** Gives back one message of the day (a day claimed for a window that then had no free second). */
  releaseDay(identity: string, day: string): Promise<void>;
}

/**
 * What the daily sweep reads, one shard (domain/sweep-shards.ts) and one page at a time, from sparse
 * indexes that hold only what it must look at: never a Scan, so its cost follows the open work, not the
 * table. Index reads are eventually consistent: every item found is read or written again by key.
 */
export interface SweepIndex {
  /** Accounts still overdue, with their current cycle. */
  overdueAccounts(shard: number, after?: IndexPosition): Promise<Page<{ accountId: string; cycleId: string }>>;
  /** Claims still 'claimed' since before `olderThan` (a send that crashed before it could settle them). */
  crashedClaims(shard: number, olderThan: Date, after?: IndexPosition): Promise<Page<SendClaim>>;
  /** Claims whose outcome is still unknown. */
  unknownClaims(shard: number, after?: IndexPosition): Promise<Page<SendClaim>>;
  /** Accounts whose outbox still holds effects. */
  accountsWithPendingEffects(shard: number, after?: IndexPosition): Promise<Page<string>>;
}

/** The STATE table as the use cases see it: every aggregate it holds. */
export type StateStore = AccountStore & JourneyStore & SendClaimStore & LookupStore & PortalLinkStore & ParkedEventStore & SweepIndex;
