/**
 * The local channel adapter: records what would have been sent instead of sending it, and can fail
 * the way the real providers fail, so local runs and tests exercise retries and channel fallback.
 *
 * Address conventions (always on, so the local sample can show fallback without configuration):
 * - A phone number in the fictional North American 555-01XX range ending in 0199 (+1NPA5550199, e.g.
 *   +12065550199) is an invalid number: sms and voice sends throw ChannelPermanentError('invalid-address'),
 *   like End User Messaging rejecting the destination.
 * - An email address at the reserved domain invalid.example is a hard bounce: email sends throw
 *   ChannelPermanentError('invalid-address'). (SES reports hard bounces later, as an event; the sink
 *   reports at send time so the journey's fallback is visible in one step.)
 */
import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ChannelPermanentError, ChannelThrottledError } from '../../domain/errors';
import type { ChannelPort, Clock, DeliveryReceipt, OutboundMessage } from '../../domain/ports';
import type { Channel } from '../../domain/types';

export type PermanentReason = ChannelPermanentError['reason'];

export interface SinkRecord {
  accountId: string;
  channel: Channel;
  to: string;
  messageKey: string;
  text: string;
  subject?: string;
  html?: string;
  ssml?: string;
  providerMessageId: string;
  /** ISO-8601 UTC, from the injected clock (virtual time in local runs). */
  sentAt: string;
}

export interface SinkChannelOptions {
  clock: Clock;
  /** The next N sends are throttled: nothing is recorded, ChannelThrottledError is thrown. */
  throttleNext?: number;
  /** Sends to these addresses fail permanently with the given reason. */
  permanentFailures?: Array<{ to: string; reason: PermanentReason }>;
  /** When set, each record is appended to this file as one JSON line (the local run report). */
  journalPath?: string;
  /** Prefix of the fake provider message ids; distinct prefixes keep ids unique across sinks. */
  idPrefix?: string;
}

const INVALID_PHONE = /^\+1\d{3}5550199$/;
const BOUNCING_EMAIL_DOMAIN = 'invalid.example';

/** The failure the address conventions above assign to an address, if any. */
export function conventionalFailure(channel: Channel, to: string): PermanentReason | undefined {
  if ((channel === 'sms' || channel === 'voice') && INVALID_PHONE.test(to)) return 'invalid-address';
  if (channel === 'email' && to.trim().toLowerCase().endsWith(`@${BOUNCING_EMAIL_DOMAIN}`)) return 'invalid-address';
  return undefined;
}

export class SinkChannel implements ChannelPort {
  readonly sent: SinkRecord[] = [];
  private throttleLeft: number;
  private readonly failures = new Map<string, PermanentReason>();
  private journalReady: Promise<unknown> | undefined;

  constructor(private readonly options: SinkChannelOptions) {
    this.throttleLeft = options.throttleNext ?? 0;
    for (const failure of options.permanentFailures ?? []) this.failures.set(failure.to, failure.reason);
  }

  /** Throttle the next N sends (adds to any throttling still pending). */
  throttle(count: number): void {
    this.throttleLeft += count;
  }

  /** Make every later send to this address fail permanently. */
  failPermanently(to: string, reason: PermanentReason): void {
    this.failures.set(to, reason);
  }

  async send(message: OutboundMessage): Promise<DeliveryReceipt> {
    // Providers throttle before they look at the address, so throttling is checked first.
    if (this.throttleLeft > 0) {
      this.throttleLeft -= 1;
      throw new ChannelThrottledError('Sink: throttled by fault injection');
    }
    const reason = this.failures.get(message.to) ?? conventionalFailure(message.channel, message.to);
    if (reason) throw new ChannelPermanentError(reason, `Sink: ${message.channel} address fails permanently (${reason})`);

    const record: SinkRecord = {
      accountId: message.accountId,
      channel: message.channel,
      to: message.to,
      messageKey: message.messageKey,
      text: message.text,
      ...(message.subject !== undefined ? { subject: message.subject } : {}),
      ...(message.html !== undefined ? { html: message.html } : {}),
      ...(message.ssml !== undefined ? { ssml: message.ssml } : {}),
      providerMessageId: `${this.options.idPrefix ?? 'sink'}-${this.sent.length + 1}`,
      sentAt: this.options.clock.now().toISOString(),
    };
    this.sent.push(record);
    if (this.options.journalPath) await this.journal(this.options.journalPath, record);
    return { providerMessageId: record.providerMessageId };
  }

  private async journal(path: string, record: SinkRecord): Promise<void> {
    this.journalReady ??= mkdir(dirname(path), { recursive: true });
    await this.journalReady;
    await appendFile(path, `${JSON.stringify(record)}\n`, 'utf8');
  }
}
