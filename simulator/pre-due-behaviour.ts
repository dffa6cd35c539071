/** The behaviour model's `preDue` parameters: what customers do with a reminder before a bill is due (pre-due.ts). */
import * as z from 'zod';

const p = z.number().min(0).max(1);

/** The behaviour model's `preDue` parameters (each needs a source in behaviour.json). */
export const preDueBehaviourSchema = z
  .object({
    /** Share of bills the billing system announces before their due date. */
    seenShare: p,
    /** Days from the announcement to the due date. */
    noticeDays: z.number().int().min(1).max(30),
    /** A reached customer pays before the due date. */
    payOnReminder: p,
    /** A reached customer who does not pay chooses a date or a plan on the portal. */
    arrangeOnReminder: p,
    /** Harm (complaint, opt-out) of a friendly reminder before anything is owed, relative to an overdue message. */
    harmFactor: z.number().min(0).max(10),
  })
  .strict();
export type PreDueBehaviour = z.infer<typeof preDueBehaviourSchema>;
