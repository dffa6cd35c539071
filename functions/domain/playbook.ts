/**
 * Playbooks are data that CX managers read and change: the steps of a journey, their spacing, tone,
 * template and channel choice. Validation is strict and names every problem with its path, because a
 * bad playbook must fail at synth or load time, never in the middle of a journey.
 */
import * as z from 'zod';
import cxDefault from '../../playbooks/cx-default.json';
import { channelSchema, describeIssues } from './events';
import { TEMPLATE_IDS } from './templates';

const id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'lowercase letters, digits and hyphens');

export const stepSchema = z
  .object({
    id,
    /** Days after the previous contact step (step 1: after the journey started). */
    afterDays: z.number().min(0).max(365),
    template: z.string().refine((t) => TEMPLATE_IDS.includes(t), {
      error: `a known template: ${TEMPLATE_IDS.join(', ')}`,
    }),
    tone: z.enum(['friendly', 'clear', 'supportive']),
    /**
     * preferred: the customer's preferred channel, else the first in channelOrder.
     * next: the channel after the one used last (a message that went unanswered may have gone unseen).
     * sms | email | voice: that channel first.
     */
    channel: z.enum(['preferred', 'next', 'sms', 'email', 'voice']),
    /** The message offers a person to talk to (templates for these steps mention the help number). */
    offerPerson: z.boolean().default(false),
  })
  .strict();

export const playbookSchema = z
  .object({
    $schema: z.string().optional(),
    id,
    version: z.string().min(1).max(32),
    name: z.string().min(1).max(120),
    description: z.string().min(1).max(2000),
    /** Channels in order of fallback; a channel not listed is never used by this playbook. */
    channelOrder: z.array(channelSchema).min(1),
    steps: z.array(stepSchema).min(1).max(30),
    /** Days after the last step's contact at which a person takes over. */
    handOffAfterDays: z.number().min(0).max(365),
  })
  .strict()
  .superRefine((p, ctx) => {
    const seenChannels = new Set<string>();
    p.channelOrder.forEach((c, i) => {
      if (seenChannels.has(c)) ctx.addIssue({ code: 'custom', path: ['channelOrder', i], message: `${c} is listed twice` });
      seenChannels.add(c);
    });
    const seenSteps = new Set<string>();
    p.steps.forEach((s, i) => {
      if (seenSteps.has(s.id)) ctx.addIssue({ code: 'custom', path: ['steps', i, 'id'], message: `duplicate step id ${s.id}` });
      seenSteps.add(s.id);
      if (s.channel !== 'preferred' && s.channel !== 'next' && !seenChannels.has(s.channel)) {
        ctx.addIssue({ code: 'custom', path: ['steps', i, 'channel'], message: `${s.channel} is not in channelOrder` });
      }
      // CX-led cadence slows down rather than escalating: gaps between reminders never shrink.
      if (i >= 2 && s.afterDays < p.steps[i - 1].afterDays) {
        ctx.addIssue({
          code: 'custom',
          path: ['steps', i, 'afterDays'],
          message: `gaps between reminders must not shrink (${s.afterDays} < ${p.steps[i - 1].afterDays} before it)`,
        });
      }
    });
  });

export type Playbook = z.infer<typeof playbookSchema>;
export type PlaybookStep = Playbook['steps'][number];

/** Validate a playbook, or throw an Error listing every problem with its path. */
export function parsePlaybook(json: unknown): Playbook {
  const result = playbookSchema.safeParse(json);
  if (!result.success) {
    const lines = describeIssues(result.error);
    throw new Error(`invalid playbook (${lines.length} problem${lines.length === 1 ? '' : 's'}):\n${lines.map((l) => `  - ${l}`).join('\n')}`);
  }
  return result.data;
}

export const DEFAULT_PLAYBOOK: Playbook = parsePlaybook(cxDefault);
