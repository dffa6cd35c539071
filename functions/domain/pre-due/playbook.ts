/**
 * The playbook's optional `preDue` block: which segments get one friendly reminder before a bill's due
 * date, how many days before, and with which message. A playbook without it sends nothing before a bill
 * is overdue (PaymentDueSoon is then recorded and nothing more).
 */
import * as z from '../zod';
import { segmentSchema, type Segment } from '../segments';
import { TEMPLATE_IDS } from '../templates';

export const PRE_DUE_TEMPLATE = 'pre-due-reminder';

export const preDueSchema = z
  .strictObject({
    /** The segments (functions/domain/segments.ts) that get a reminder before the due date. */
    segments: z.array(segmentSchema).check(z.minLength(1)),
    /** The reminder is due this many days before the due date (then the contact rules pick the hour). */
    daysBeforeDue: z._default(z.number().check(z.int(), z.gte(1), z.lte(14)), 3),
    /** The message: a reminder, never a demand (no debt language before anything is overdue). */
    template: z._default(
      z.string().check(z.refine((t) => TEMPLATE_IDS.includes(t), { error: `a known template: ${TEMPLATE_IDS.join(', ')}` })),
      PRE_DUE_TEMPLATE,
    ),
  })
  .check(
    z.superRefine((p, ctx) => {
      p.segments.forEach((s, i) => {
        if (p.segments.indexOf(s) !== i) ctx.addIssue({ code: 'custom', path: ['segments', i], message: `${s} is listed twice` });
      });
    }),
  );

export type PreDue = z.infer<typeof preDueSchema>;

/** Whether a playbook sends a pre-due reminder to this segment. */
export function preDueFor(playbook: { preDue?: PreDue }, segment: Segment | string): PreDue | undefined {
  const preDue = playbook.preDue;
  return preDue && (preDue.segments as readonly string[]).includes(segment) ? preDue : undefined;
}
