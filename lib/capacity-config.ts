/**
 * The stage config's `capacity` block, kept in its own file: what each origination identity can send
 * (domain/pacing/capacity.ts) and the pacing settings the decide function is given. null turns pacing
 * off: every contact is then sent when it is decided, as before pacing existed.
 */
import * as z from 'zod';
import { capacityConfigSchema, DEFAULT_CAPACITY, type PacingSettings } from '../functions/domain/pacing/capacity';

/** `capacity` in a stage config: absent means the shipped default, null means no pacing. */
export const stageCapacitySchema = z._default(z.nullable(capacityConfigSchema), capacityConfigSchema.parse(DEFAULT_CAPACITY));

/** The identities capacity is counted on, as the stage config names them. */
interface CapacityScope {
  capacity: PacingSettings['capacity'] | null;
  sms: { originationIdentity: string; voiceOriginationIdentity?: string };
  email: { sesIdentity: string };
}

/** The decide function's pacing (SEND_PACING), or undefined when the stage turned pacing off. */
export function pacingSettings(config: CapacityScope): PacingSettings | undefined {
  if (!config.capacity) return undefined;
  return {
    capacity: config.capacity,
    identities: {
      sms: config.sms.originationIdentity,
      voice: config.sms.voiceOriginationIdentity ?? config.sms.originationIdentity,
      email: config.email.sesIdentity,
    },
  };
}
