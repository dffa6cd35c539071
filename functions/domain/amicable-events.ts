/**
 * Events Amicable itself puts on the bus (source `amicable`): a CRM or contact centre subscribes to
 * them. Kept apart from the billing contracts (events.ts) so the functions that publish them do not
 * bundle the phone-number reading those need.
 */
import * as z from 'zod';
import { blockedTimeSchema } from './rules/compliance-schema';
import { channelSchema, idSchema as id, isoDateTimeSchema as isoDateTime, shortTextSchema } from './schema-primitives';
import { segmentSchema } from './segments';
import { LANGUAGES } from './types';

export const AMICABLE_SOURCE = 'amicable';

/** A journey asks people to take the account over (escalate), with what they need to do it well. */
export const agentHandoffRequestedSchema = z.strictObject({
  accountId: id,
  cycleId: id,
  reason: shortTextSchema,
  /** Short, PII-free summary of what happened so far. */
  summary: z.string().min(1).max(2000),
  requestedAt: isoDateTime,
  /** The segment the journey started in, so people see why the account was treated as it was. */
  segment: segmentSchema.optional(),
  /** The experiment variant the account is in (champion/challenger), when an experiment runs. */
  variant: z.string().min(1).max(64).optional(),
  /** How and when the customer prefers to be contacted: channel, language, zone, times to avoid. */
  preferredContact: z
    .strictObject({
      channel: channelSchema.optional(),
      language: z.enum(LANGUAGES),
      timeZone: z.string().min(1).max(64).optional(),
      avoid: z.array(blockedTimeSchema).max(20).optional(),
      /** The time the customer asked a person to call back. */
      callbackAt: z.string().min(1).max(40).optional(),
    })
    .optional(),
});
export type AgentHandoffRequested = z.infer<typeof agentHandoffRequestedSchema>;
