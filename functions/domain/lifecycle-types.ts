/**
 * The lifecycle's vocabulary: the events it applies, what a provider reports, and the change an event
 * makes (next account state, PII-free facts, history, effects for the handler to carry out).
 */
import type { ReplyClassification } from './conversations/reply-reading';
import type { BillingEvent } from './events';
import type { MessageFacts } from './templates';
import type { Account, Channel, DeliveryOutcome, HandoffOutcome } from './types';
import type { Playbook } from './playbook';

export type LifecycleEvent =
  | Exclude<BillingEvent, { detailType: 'AccountOverdue' | 'PaymentDueSoon' }>
  | {
      detailType: 'ReplyReceived';
      detail: {
        accountId: string;
        channel: Channel;
        receivedAt: string;
        inboundMessageId: string;
        classification: ReplyClassification;
        /** The provider matched an opt-out or help keyword and answered it itself (its own auto-response). */
        answeredByProvider?: boolean;
      };
    }
  | { detailType: 'DeliveryReported'; detail: DeliveryReport & { accountId: string } };
/** What a provider said happened to one of our messages, normalised across SMS, voice and email. */
export interface DeliveryReport {
  channel: Channel;
  /** The MessageId SendTextMessage / SendVoiceMessage / SES SendEmail returned. */
  providerMessageId: string;
  outcome: DeliveryOutcome;
  /** e.g. TEXT_DELIVERED, VOICE_NO_ANSWER, Bounce */
  providerEventType: string;
  /** ISO-8601 UTC. */
  at: string;
  /** PII-free provider detail, e.g. 'Permanent/General' bounce type, 'UNREACHABLE' -- never addresses. */
  reason?: string;
}
/** PII-free facts about an event: ids, amounts, channels, codes. Never names, numbers, addresses or text. */
export type Facts = Record<string, string | number | boolean | string[]>;
/** Entries the journey's history gains (the ledger keeps them; decide() reads them). */
export type HistoryAddition =
  | { kind: 'inbound'; channel: Channel }
  /** The customer opened or clicked a message (the best-hour strategy learns from it). */
  | { kind: 'engaged'; channel: Channel }
  | { kind: 'conversation'; channel: Channel }
  | { kind: 'handoff-completed'; outcome: HandoffOutcome }
  | { kind: 'payment'; amount: number };
/** KPI counts (the handlers emit them as metrics of the same name). */
export type Kpi =
  | 'repliesReceived'
  | 'deliveryEvents'
  | 'optOuts'
  | 'handoffsCompleted'
  | 'disputesRaised'
  | 'complaintsReceived'
  | 'complaintResolutionHours'
  | 'promisesMade'
  | 'promisesKept'
  | 'plansAgreed'
  | 'plansCompleted'
  | 'hardshipReported'
  | 'surveyResponses'
  | 'surveyScore'
  | 'amountPaid';
export type LifecycleEffect =
  /** Answer the customer at once on the medium they used (one reply: 12 CFR 1006.6(b)(1) commentary). */
  | { type: 'reply'; channel: Channel; template: string; facts?: MessageFacts }
  /** Ask a person to take over (AgentHandoffRequested), unless one already has the account. */
  | { type: 'handoff'; reason: string }
  | { type: 'kpi'; kpi: Kpi; value?: number; dimensions?: Record<string, string> };
export interface LifecycleChange {
  account: Account;
  facts: Facts;
  history: HistoryAddition[];
  effects: LifecycleEffect[];
  /** Applying an event with this key twice has no second effect (a payment id, a message id ...). */
  dedupeKey?: string;
}
/** The event cannot be applied to this account (wrong currency, unknown plan ...): rejected and kept. */
export class LifecycleRejection extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('; '));
    this.name = 'LifecycleRejection';
  }
}

export interface LifecycleOptions {
  now: Date;
  /** The journey's playbook: its care settings and the plan offers a PLAN reply lists. */
  playbook: Playbook;
}
/** Hand-off reasons a reply can give; the dispute one is the suppression rule's own, so decide() pauses rather than asks again. */
export const REPLY_HANDOFF_REASON = {
  dispute: 'dispute-pending-verification',
  complaint: 'complaint',
  'wants-person': 'customer-asked-for-person',
  'already-paid': 'customer-says-paid',
  other: 'reply-needs-a-person',
  promiseWithoutDate: 'promise-needs-a-date',
  planWithoutOffers: 'plan-requested',
} as const;
/** What each event's handler works on: the next account state, the change being built, and the moment. */
export interface Reduction {
  account: Account;
  change: LifecycleChange;
  kpi: KpiFn;
  at: string;
  options: LifecycleOptions;
}
export type DetailOf<K extends LifecycleEvent['detailType']> = Extract<LifecycleEvent, { detailType: K }>['detail'];
export type KpiFn = (name: Kpi, value?: number, dimensions?: Record<string, string>) => void;
