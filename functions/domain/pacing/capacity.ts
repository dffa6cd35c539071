/**
 * How much each origination identity can send: message parts per second for SMS, calls per second for
 * voice, the SES sending rate for email, each with an optional daily cap. Stage config declares it
 * (lib/config.ts); the decide function receives it with the identities as SEND_PACING. A share of every
 * second is kept free for urgent messages (the STOP confirmation, a reply to the customer), which are
 * sent at once and never wait for a slot; paced journey messages use the rest.
 */
import * as z from '../zod';
import { describeIssues } from '../zod-issues';
import type { Channel } from '../types';

const rate = (what: string) =>
  z
    .number({ error: `${what}: a whole number from 1 to 10000` })
    .check(
      z.int(`${what}: a whole number from 1 to 10000`),
      z.gte(1, `${what}: a whole number from 1 to 10000`),
      z.lte(10_000, `${what}: a whole number from 1 to 10000`),
    );

const dailyCap = z.optional(z.number().check(z.int('a whole number of messages a day'), z.gte(1, 'at least 1 message a day')));
const urgentShare = z.number().check(z.gte(0, 'a share from 0 to 0.5'), z.lte(0.5, 'a share from 0 to 0.5'));

export const capacityConfigSchema = z
  .strictObject({
    /** SMS: message parts per second of the origination identity (10DLC 1-40, toll-free 3, short code 100). */
    sms: z.strictObject({
      partsPerSecond: rate('parts per second'),
      /** Parts one journey message is counted as (a reminder with its link and opt-out line is two). */
      partsPerMessage: z._default(z.number().check(z.int(), z.gte(1), z.lte(10)), 2),
      dailyCap,
      urgentShare: z._default(urgentShare, 0.1),
    }),
    /** Voice: calls per second of the voice origination identity. */
    voice: z.strictObject({ callsPerSecond: rate('calls per second'), dailyCap, urgentShare: z._default(urgentShare, 0) }),
    /** Email: the SES account's maximum send rate (messages per second). */
    email: z.strictObject({ messagesPerSecond: rate('messages per second'), dailyCap, urgentShare: z._default(urgentShare, 0.1) }),
  })
  .check(
    z.superRefine((c, ctx) => {
      for (const channel of ['sms', 'voice', 'email'] as const) {
        const limit = channelLimits(c, channel);
        if (limit.unitsPerSecond < limit.unitsPerMessage) {
          ctx.addIssue({
            code: 'custom',
            path: [channel, 'urgentShare'],
            message: `leaves no room for one paced message a second (${limit.unitsPerSecond} of ${limit.unitsPerMessage} needed): lower the share or raise the rate`,
          });
        }
      }
    }),
  );

export type CapacityConfig = z.infer<typeof capacityConfigSchema>;
export type CapacityConfigInput = z.input<typeof capacityConfigSchema>;

/**
 * Shipped when a stage says nothing: a toll-free number (3 parts/s), one voice call a second and SES's
 * starting production rate (14/s). A deployment with more states its own.
 */
export const DEFAULT_CAPACITY: CapacityConfigInput = {
  sms: { partsPerSecond: 3 },
  voice: { callsPerSecond: 1 },
  email: { messagesPerSecond: 14 },
};

/** What pacing may use of one channel's identity. */
export interface ChannelLimits {
  /** Units (SMS parts, calls, emails) paced messages may use in one second: the rate less the urgent share. */
  unitsPerSecond: number;
  /** Units one paced message takes. */
  unitsPerMessage: number;
  /** Paced messages a UTC day, when capped. */
  dailyCap?: number;
  /** The identity's whole rate (urgent messages included), for reports. */
  ratePerSecond: number;
}

export function channelLimits(config: CapacityConfig, channel: Channel): ChannelLimits {
  const { rate, unitsPerMessage, share, dailyCap } =
    channel === 'sms'
      ? {
          rate: config.sms.partsPerSecond,
          unitsPerMessage: config.sms.partsPerMessage,
          share: config.sms.urgentShare,
          dailyCap: config.sms.dailyCap,
        }
      : channel === 'voice'
        ? { rate: config.voice.callsPerSecond, unitsPerMessage: 1, share: config.voice.urgentShare, dailyCap: config.voice.dailyCap }
        : { rate: config.email.messagesPerSecond, unitsPerMessage: 1, share: config.email.urgentShare, dailyCap: config.email.dailyCap };
  return {
    unitsPerSecond: Math.floor(rate * (1 - share) + 1e-9),
    unitsPerMessage,
    ratePerSecond: rate,
    ...(dailyCap !== undefined ? { dailyCap } : {}),
  };
}

/** The origination identity each channel sends from: the key its capacity is counted under. */
export const identitiesSchema = z.strictObject({
  sms: z.string().check(z.minLength(1)),
  voice: z.string().check(z.minLength(1)),
  email: z.string().check(z.minLength(1)),
});
export type ChannelIdentities = z.infer<typeof identitiesSchema>;

/** SEND_PACING: the capacity and the identities it applies to, as the decide function receives them. */
export const pacingSettingsSchema = z.strictObject({ capacity: capacityConfigSchema, identities: identitiesSchema });
export type PacingSettings = z.infer<typeof pacingSettingsSchema>;

/** Parses SEND_PACING; throws one line per wrong field. */
export function parsePacingSettings(text: string): PacingSettings {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new Error('SEND_PACING is not JSON');
  }
  const parsed = pacingSettingsSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`SEND_PACING: ${describeIssues(parsed.error).join('; ')}`);
  return parsed.data;
}
