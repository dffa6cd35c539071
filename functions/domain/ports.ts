/**
 * Ports: what the handlers need from the outside world, as interfaces. AWS adapters live in
 * functions/adapters, local ones in local/. No AWS imports here.
 */
import type { ReplyIntent } from './conversations/reply-phrases';
import type { WakeReason } from './journey-wake';
import type { Channel } from './types';

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

/**
 * A journey's executions, one generation after another (domain/journey-generations.ts): a generation is
 * started now (continue-as-new, an early wake-up) or by a one-time schedule (a long wait). Names derive
 * from account, cycle and generation, so a duplicate start or schedule is a no-op.
 */
export interface JourneyGenerations {
  /** Starts the generation now, or reports that its execution already exists (never a second one). */
  startGeneration(ref: JourneyRef, generation: number): Promise<{ executionName: string; alreadyStarted: boolean }>;
  /**
   * A one-time schedule that starts the generation a spread lead before `until` (resumeAt), the execution
   * then waiting for `until` itself; an existing schedule of that name is reported.
   */
  scheduleGeneration(ref: JourneyRef, generation: number, until: Date): Promise<{ scheduleName: string; alreadyScheduled: boolean }>;
  /** Deletes the generation's pending schedule; one already gone (fired or deleted) counts as done. */
  cancelSchedule(ref: JourneyRef, generation: number): Promise<void>;
  /** Stops the generation's execution with the reason code as its cause; one not running counts as done. */
  stopGeneration(ref: JourneyRef, generation: number, reason: WakeReason): Promise<void>;
}

/** Puts Amicable's own events (e.g. AgentHandoffRequested) on the collections bus. */
export interface EventPublisher {
  publish(detailType: string, detail: Record<string, unknown>): Promise<void>;
}

/** Why a second reading of a reply could not be had; the local reading then stands. */
export type ReplyInterpreterFailure = 'timeout' | 'throttled' | 'invalid-request' | 'access-denied' | 'malformed-output' | 'unavailable';

/** What a reply interpreter read: one intent (by its id in REPLY_INTENTS), or why it could not. */
export type ReplyInterpretation = { ok: true; intent: ReplyIntent } | { ok: false; failure: ReplyInterpreterFailure };

/**
 * A second reading of a reply the local classifier could not place (adapter: Amazon Bedrock). Given the
 * reply's text only, never who sent it. Never throws: every failure comes back as one.
 */
export interface ReplyInterpreter {
  readonly modelId: string;
  interpret(text: string): Promise<ReplyInterpretation>;
}
