/**
 * AccountNoResponse: what Amicable tells billing and agency systems when a cycle closes as "no response"
 * (the playbook's `endOfCadence`, domain/playbook.ts): which next step the playbook chose -- a later
 * cycle, a letter, or an agency placement -- for which account and cycle, and why. Ids only: no name,
 * number, address or amount leaves in it.
 */
import * as z from './zod';
import { NO_RESPONSE_NEXT_STEPS, type Playbook } from './playbook';
import { idSchema, isoDateTimeSchema, shortTextSchema } from './schema-primitives';
import { segmentSchema } from './segments';

export const ACCOUNT_NO_RESPONSE = 'AccountNoResponse';

export const accountNoResponseSchema = z.strictObject({
  accountId: idSchema,
  cycleId: idSchema,
  nextStep: z.enum(NO_RESPONSE_NEXT_STEPS),
  /** Plain words, no personal data: "all 5 steps sent; no response within 5 days of the last". */
  reason: shortTextSchema,
  closedAt: isoDateTimeSchema,
  playbookId: z.string().check(z.minLength(1), z.maxLength(64)),
  playbookVersion: z.string().check(z.minLength(1), z.maxLength(32)),
  segment: z.optional(segmentSchema),
  variant: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
});
export type AccountNoResponse = z.infer<typeof accountNoResponseSchema>;

/**
 * The event for a cycle that closed as no response under this playbook (already the segment's): its
 * steps all sent and unanswered, or no channel left to reach the customer (`unreachable`). A playbook
 * that closes as no response always names its next step; one that does not (a journey whose playbook
 * changed since) gets the gentlest, a later cycle.
 */
export function accountNoResponse(
  playbook: Playbook,
  closed: { accountId: string; cycleId: string; closedAt: string; segment?: string; variant?: string; unreachable?: boolean },
): AccountNoResponse {
  const nextStep = playbook.endOfCadence?.nextStep ?? 'later-cycle';
  const days = playbook.handOffAfterDays;
  return accountNoResponseSchema.parse({
    accountId: closed.accountId,
    cycleId: closed.cycleId,
    nextStep,
    reason: closed.unreachable
      ? 'no channel can reach the customer: every address failed, was opted out of or lacks consent'
      : `all ${playbook.steps.length} steps sent; no response within ${days} day${days === 1 ? '' : 's'} of the last`,
    closedAt: closed.closedAt,
    playbookId: playbook.id,
    playbookVersion: playbook.version,
    ...(closed.segment ? { segment: closed.segment } : {}),
    ...(closed.variant ? { variant: closed.variant } : {}),
  });
}
