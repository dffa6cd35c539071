/**
 * Builds the channel port from deployment settings: validates them once, at cold start, with an error
 * that names the missing setting and its environment variable, then wires adapters behind the router.
 */
import { PinpointClient } from '@aws-sdk/client-pinpoint';
import { PinpointSMSVoiceV2Client } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import * as z from '../../domain/zod';
import { ENV } from '../../commons/environment';
import type { ChannelPort } from '../../domain/ports';
import { LazyChannel } from './lazy';
import { PinpointChannel } from './pinpoint';
import { ChannelRouter } from './router';
import { SesV2EmailChannel } from './ses-v2';
import { SmsVoiceV2Channel } from './sms-voice-v2';

const required = z.string().check(z.trim(), z.minLength(1));
const optional = z.optional(z.string().check(z.trim(), z.minLength(1)));

const channelSettingsSchema = z.discriminatedUnion('provider', [
  z.object({
    provider: z.literal('sms-voice-v2+ses'),
    smsOriginationIdentity: required,
    voiceOriginationIdentity: optional,
    smsConfigurationSet: required,
    emailFromAddress: required,
    emailConfigurationSet: required,
  }),
  z.object({
    provider: z.literal('pinpoint'),
    pinpointApplicationId: required,
    /** Used as the Pinpoint origination number for SMS and voice. */
    smsOriginationIdentity: optional,
    /** Email goes through SES v2: Pinpoint's email did not outlive its end of support (30 October 2026). */
    emailFromAddress: required,
    emailConfigurationSet: required,
  }),
]);

export type ChannelSettings = z.infer<typeof channelSettingsSchema>;

export interface ChannelSettingsInput {
  provider: 'sms-voice-v2+ses' | 'pinpoint';
  smsOriginationIdentity?: string;
  voiceOriginationIdentity?: string;
  smsConfigurationSet?: string;
  emailFromAddress?: string;
  emailConfigurationSet?: string;
  pinpointApplicationId?: string;
}

/** Clients to use instead of creating them (tests, or callers that share clients). */
export interface ChannelClients {
  smsVoice?: PinpointSMSVoiceV2Client;
  ses?: SESv2Client;
  pinpoint?: PinpointClient;
}

/**
 * One attempt per send, no SDK retries: a timeout after the provider accepted a message would otherwise
 * be retried into a second text. Throttling is retried by the state machine, which knows nothing was sent.
 * Region and credentials come from the Lambda environment.
 */
const CLIENT_CONFIG = { maxAttempts: 1 };

export function channelsFromSettings(settings: ChannelSettingsInput, clients: ChannelClients = {}): ChannelPort {
  const valid = parseChannelSettings(settings);
  if (valid.provider === 'pinpoint') {
    const pinpoint = new LazyChannel(
      () =>
        new PinpointChannel({
          client: clients.pinpoint ?? new PinpointClient(CLIENT_CONFIG),
          applicationId: valid.pinpointApplicationId,
          originationNumber: valid.smsOriginationIdentity,
        }),
    );
    return new ChannelRouter({ sms: pinpoint, voice: pinpoint, email: sesEmail(valid, clients) });
  }
  const smsVoice = new LazyChannel(
    () =>
      new SmsVoiceV2Channel({
        client: clients.smsVoice ?? new PinpointSMSVoiceV2Client(CLIENT_CONFIG),
        smsOriginationIdentity: valid.smsOriginationIdentity,
        voiceOriginationIdentity: valid.voiceOriginationIdentity,
        configurationSetName: valid.smsConfigurationSet,
      }),
  );
  return new ChannelRouter({ sms: smsVoice, voice: smsVoice, email: sesEmail(valid, clients) });
}

/** Email through SES v2, whichever provider sends texts and calls. */
function sesEmail(settings: { emailFromAddress: string; emailConfigurationSet: string }, clients: ChannelClients): ChannelPort {
  return new LazyChannel(
    () =>
      new SesV2EmailChannel({
        client: clients.ses ?? new SESv2Client(CLIENT_CONFIG),
        fromEmailAddress: settings.emailFromAddress,
        configurationSetName: settings.emailConfigurationSet,
      }),
  );
}

/** Validates channel settings; the error lists every missing or invalid setting with its variable. */
export function parseChannelSettings(settings: unknown): ChannelSettings {
  const result = channelSettingsSchema.safeParse(settings);
  if (result.success) return result.data;
  const provider = (settings as { provider?: unknown } | undefined)?.provider;
  const problems = result.error.issues.map((issue) => {
    const key = String(issue.path[0] ?? 'provider');
    const variable = (ENV as Record<string, string>)[key === 'provider' ? 'channelProvider' : key];
    const where = variable ? `${key} (${variable})` : key;
    if (key === 'provider') return `${where} must be 'sms-voice-v2+ses' or 'pinpoint', got ${JSON.stringify(provider)}`;
    return `${where} is missing or empty; provider '${String(provider)}' needs it`;
  });
  throw new Error(`Invalid channel settings: ${problems.join('; ')}`);
}

/** Reads channel settings from the Lambda environment (names in commons/environment); blank means unset. */
export function channelSettingsFromEnvironment(env: Record<string, string | undefined> = process.env): ChannelSettingsInput {
  const read = (name: string) => (env[name]?.trim() ? env[name]!.trim() : undefined);
  return {
    provider: (read(ENV.channelProvider) ?? 'sms-voice-v2+ses') as ChannelSettingsInput['provider'],
    smsOriginationIdentity: read(ENV.smsOriginationIdentity),
    voiceOriginationIdentity: read(ENV.voiceOriginationIdentity),
    smsConfigurationSet: read(ENV.smsConfigurationSet),
    emailFromAddress: read(ENV.emailFromAddress),
    emailConfigurationSet: read(ENV.emailConfigurationSet),
    pinpointApplicationId: read(ENV.pinpointApplicationId),
  };
}
