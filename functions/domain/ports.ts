/**
 * Ports: what the handlers need from the outside world, as interfaces. AWS adapters live in
 * functions/adapters, local ones in local/. No AWS imports here.
 */
import type { Channel } from './types';
import type { GuardScope } from './portal/lockout';

export interface Clock {
  now(): Date;
}

export interface OutboundMessage {
  accountId: string;
  channel: Channel;
  /** Phone number (E.164) for sms and voice, email address for email. */
  to: string;
  /** Deterministic per account, cycle, step and channel; providers that dedupe can use it. */
  messageKey: string;
  language: string;
  /** sms: text; email: subject + text + html; voice: ssml (and text for the record). */
  text: string;
  subject?: string;
  html?: string;
  ssml?: string;
}

export interface DeliveryReceipt {
  providerMessageId: string;
}

/** One port, four adapters: End User Messaging SMS and Voice v2, SES v2, Pinpoint, local sink. */
export interface ChannelPort {
  send(message: OutboundMessage): Promise<DeliveryReceipt>;
}

export interface JourneyRef {
  accountId: string;
  cycleId: string;
}

/** Starts the journey state machine: one execution per account per cycle, named deterministically. */
export interface JourneyStarter {
  /** Starts the journey, or reports that an execution with that name already exists. */
  start(ref: JourneyRef): Promise<{ executionName: string; alreadyStarted: boolean }>;
  /** Whether the journey's execution is still running (used by the daily reconciliation sweep). */
  isRunning(ref: JourneyRef): Promise<boolean>;
}

/** Puts Amicable's own events (e.g. AgentHandoffRequested) on the collections bus. */
export interface EventPublisher {
  publish(detailType: string, detail: Record<string, unknown>): Promise<void>;
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
