/**
 * The PaymentDueSoon contract: a bill coming due, sent by the billing system some days before its due
 * date. It carries exactly what AccountOverdue carries (the customer, compliance facts, signals), so a
 * billing system fills both from the same record and the overdue journey can take over where the pre-due
 * one stopped; `cycleId` is the bill's id, the one its AccountOverdue will carry if it goes unpaid.
 */
import * as z from '../zod';
import { idSchema } from '../schema-primitives';

/** What marks the pre-due journey's own cycle key, `<bill id><suffix>` (it never collides with a bill id). */
export const PRE_DUE_CYCLE_SUFFIX = '.pre-due';

/** A bill id leaves room for the suffix within the 64 characters every cycle key may have. */
const BILL_ID_MAX = 64 - PRE_DUE_CYCLE_SUFFIX.length;

/** The pre-due journey's cycle key for a bill. */
export const preDueCycleId = (billCycleId: string): string => `${billCycleId}${PRE_DUE_CYCLE_SUFFIX}`;

type OverdueSchemaFor = (defaultPhoneCountry: string) => z.ZodMiniObject<{ cycleId: typeof idSchema } & z.core.$ZodShape>;

/**
 * The PaymentDueSoon schema for a default phone country, built from AccountOverdue's: the same strict
 * fields, with the bill id short enough for the pre-due cycle key.
 */
export function preDueContract<S extends OverdueSchemaFor>(overdueSchemaFor: S) {
  return (defaultPhoneCountry: string) =>
    z.extend(overdueSchemaFor(defaultPhoneCountry), {
      /** The bill's id: the cycleId its AccountOverdue will carry. */
      cycleId: idSchema.check(z.maxLength(BILL_ID_MAX, `a bill id of at most ${BILL_ID_MAX} characters`)),
    }) as ReturnType<S>;
}
