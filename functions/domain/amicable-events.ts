/**
 * Events Amicable itself puts on the bus (source `amicable`): a CRM or contact centre subscribes to
 * them. Kept apart from the billing contracts (events.ts) so the functions that publish them do not
 * bundle the phone-number reading those need.
 */
import * as z from './zod';
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
  summary: z.string().check(z.minLength(1), z.maxLength(2000)),
  requestedAt: isoDateTime,
  /** The segment the journey started in, so people see why the account was treated as it was. */
  segment: z.optional(segmentSchema),
  /** The experiment variant the account is in (champion/challenger), when an experiment runs. */
  variant: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
  /** How and when the customer prefers to be contacted: channel, language, zone, times to avoid. */
  preferredContact: z.optional(
    z.strictObject({
      channel: z.optional(channelSchema),
      language: z.enum(LANGUAGES),
      timeZone: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
      avoid: z.optional(z.array(blockedTimeSchema).check(z.maxLength(20))),
      /** The time the customer asked a person to call back. */
      callbackAt: z.optional(z.string().check(z.minLength(1), z.maxLength(40))),
    }),
  ),
});
export type AgentHandoffRequested = z.infer<typeof agentHandoffRequestedSchema>;
