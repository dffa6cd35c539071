/**
 * Playbooks are data that CX managers read and change: the steps of a journey, their spacing, tone,
 * template and channel choice. Validation is strict and names every problem with its path, because a
 * bad playbook must fail at synth or load time, never in the middle of a journey.
 */
import * as z from './zod';
import cxDefault from '../../playbooks/cx-default.json';
import { channelSchema } from './schema-primitives';
import { describeIssues } from './zod-issues';
import { segmentSchema, type Segment } from './segments';
import { TEMPLATE_IDS } from './templates';
import { preDueSchema } from './pre-due/playbook';

const id = z.string().check(z.minLength(1), z.maxLength(64), z.regex(/^[a-z0-9][a-z0-9-]*$/, 'lowercase letters, digits and hyphens'));

const templateIdSchema = z.string().check(
  z.refine((t) => TEMPLATE_IDS.includes(t), {
    error: `a known template: ${TEMPLATE_IDS.join(', ')}`,
  }),
);

export const stepSchema = z.strictObject({
  id,
  /** Days after the previous contact step (step 1: after the journey started). */
  afterDays: z.number().check(z.gte(0), z.lte(365)),
  template: templateIdSchema,
  tone: z.enum(['friendly', 'clear', 'supportive']),
  /**
   * preferred: the customer's preferred channel, else the first in channelOrder.
   * next: the channel after the one used last (a message that went unanswered may have gone unseen).
   * sms | email | voice: that channel first.
   */
  channel: z.enum(['preferred', 'next', 'sms', 'email', 'voice']),
  /** The message offers a person to talk to (templates for these steps mention the help number). */
  offerPerson: z._default(z.boolean(), false),
});

/**
 * What the customer may be offered (the portal and the people read these): plan lengths, a payment date
 * of their choosing, and the floor for a settlement.
 */
export const offersSchema = z.strictObject({
  /** Instalment plan lengths in months the customer may choose from. */
  planLengthsMonths: z._default(z.array(z.number().check(z.int(), z.gte(1), z.lte(60))).check(z.maxLength(12)), []),
  /** The customer may choose a payment date up to this many days ahead (0: no choice). */
  paymentDateChoiceDays: z._default(z.number().check(z.int(), z.gte(0), z.lte(90)), 0),
  /** Lowest settlement as a percentage of the balance; absent: no settlements. */
  settlementMinPercent: z.optional(z.number().check(z.gte(1), z.lte(100))),
});

/** When a person is offered beyond the steps marked offerPerson. */
export const whenToOfferPersonSchema = z.strictObject({
  /** From this step (1-based) on, every message offers a person. */
  fromStep: z.optional(z.number().check(z.int(), z.gte(1), z.lte(30))),
  /** The customer replied to a message: a person answers. */
  onReply: z._default(z.boolean(), true),
  /** Offer a person from the first message to these segments. */
  segments: z._default(z.array(segmentSchema), []),
});

/**
 * How the journey cares for customers who talk to us: promises, plans, hardship, hand-offs and the
 * satisfaction question. Every field has a kind default, so a playbook without this section is complete.
 */
export const careSchema = z.strictObject({
  /** Days after a promised date with no payment before one kind reminder. */
  promiseGraceDays: z._default(z.number().check(z.int(), z.gte(0), z.lte(14)), 1),
  /** A reminder this many days before each plan instalment (0: none). */
  planReminderDaysBefore: z._default(z.number().check(z.int(), z.gte(0), z.lte(14)), 3),
  /** Days after a missed instalment before one gentle nudge. */
  missedInstalmentGraceDays: z._default(z.number().check(z.int(), z.gte(0), z.lte(14)), 2),
  /** Days after that nudge, still unpaid, before a person takes over. */
  missedInstalmentHandOffDays: z._default(z.number().check(z.int(), z.gte(1), z.lte(30)), 7),
  /**
   * The missed instalment (each nudged first) at which a person takes over: 1, the first; 2, the
   * second in the cycle -- a first one still unpaid after its nudge lets the playbook carry on, the
   * nudge having offered the portal to pick a new date or plan and the number to call.
   */
  personOnMissedInstalment: z._default(z.number().check(z.int(), z.gte(1), z.lte(3)), 1),
  /** Forbearance on reported hardship: no payment requests for this many days (0: none). */
  hardshipPauseDays: z._default(z.number().check(z.int(), z.gte(0), z.lte(365)), 30),
  /** A person owns a handed-off account this long before the journey ends and leaves it with them. */
  handoffTimeoutDays: z._default(z.number().check(z.int(), z.gte(1), z.lte(180)), 30),
  /**
   * Optional: while paused (a person, a dispute, a complaint), the journey also looks again at least
   * this often. Absent (the default), a pause rests until it ends -- the hand-off timeout, the complaint
   * bound, a date a compliance rule acts on -- since every change that could end it wakes the journey
   * at once (domain/journey-wake.ts). Kept for a deployment that wants a periodic look regardless, and
   * so that playbooks written when this was the daily re-check (default 24) still load and keep it.
   */
  pauseRecheckHours: z.optional(z.number().check(z.int(), z.gte(1), z.lte(168))),
  /** Ask one 1-5 satisfaction question after a resolution or a hand-off. */
  survey: z._default(z.boolean(), true),
});

export type Care = z.infer<typeof careSchema>;
export const DEFAULT_CARE: Care = careSchema.parse({});

const localTime = z.string().check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a local time as HH:MM, e.g. 09:00'));

/**
 * The playbook's own sending hours, local to the customer and narrower than the legal contact window:
 * a step due outside them waits for the next opening (in every time zone the customer may be in). Why:
 * the law's 08:00-21:00 is the outer limit, not a good time; a message at 08:00 sent because the
 * window just opened lands before most people start their day. Applies to the playbook's steps; care
 * messages (promise and plan reminders, the survey) keep their own timing.
 */
export const sendHoursSchema = z
  .strictObject({ start: localTime, end: localTime })
  .check(z.refine((h) => h.start < h.end, { message: 'start must be before end (the same day)', path: ['end'] }));
export type SendHours = z.infer<typeof sendHoursSchema>;

/** When the journey stops on its own (beyond payment, the compliance rules and the last step). */
export const stopWhenSchema = z.strictObject({
  /** Stop after this many messages in the cycle. */
  maxMessages: z.optional(z.number().check(z.int(), z.gte(1), z.lte(200))),
  /** Stop this many days after the journey started. */
  maxDays: z.optional(z.number().check(z.int(), z.gte(1), z.lte(730))),
  /** Stop when the customer opted out of this many channels. */
  optedOutChannels: z.optional(z.number().check(z.int(), z.gte(1), z.lte(3))),
});

export const NO_RESPONSE_NEXT_STEPS = ['later-cycle', 'letter', 'agency-placement'] as const;

/**
 * What happens when the last step's wait (handOffAfterDays) ends with nothing resolved. `hand-off`: a
 * person takes over (the default, as before). `no-response`: the cycle closes as "no response" and the
 * account goes to `nextStep` -- the next billing cycle's journey, a letter, or an agency placement --
 * so a person's time goes to the customers who ask for one or need one, not to every unanswered cadence.
 */
export const endOfCadenceSchema = z
  .strictObject({
    action: z.enum(['hand-off', 'no-response']),
    nextStep: z.optional(z.enum(NO_RESPONSE_NEXT_STEPS)),
    /**
     * A no-response ending still hands the account to a person when its balance (in the account's
     * currency) is at least this: with people for a fifth of the accounts, their time goes to the
     * balances it brings back most of.
     */
    handOffFromBalance: z.optional(z.number().check(z.gt(0))),
  })
  .check(
    z.superRefine((e, ctx) => {
      if (e.action === 'no-response' && !e.nextStep)
        ctx.addIssue({ code: 'custom', path: ['nextStep'], message: 'a no-response ending names its next step' });
      if (e.action === 'hand-off' && e.nextStep)
        ctx.addIssue({ code: 'custom', path: ['nextStep'], message: 'only a no-response ending has a next step' });
      if (e.action === 'hand-off' && e.handOffFromBalance !== undefined)
        ctx.addIssue({ code: 'custom', path: ['handOffFromBalance'], message: 'only a no-response ending has a balance for a person' });
    }),
  );
export type EndOfCadence = z.infer<typeof endOfCadenceSchema>;

/** A segment's own journey: any field left out is the playbook's. */
export const segmentOverrideSchema = z.strictObject({
  description: z.optional(z.string().check(z.minLength(1), z.maxLength(2000))),
  channelOrder: z.optional(z.array(channelSchema).check(z.minLength(1))),
  steps: z.optional(z.array(stepSchema).check(z.minLength(1), z.maxLength(30))),
  handOffAfterDays: z.optional(z.number().check(z.gte(0), z.lte(365))),
  endOfCadence: z.optional(endOfCadenceSchema),
});

type StepList = z.infer<typeof stepSchema>[];
type IssueSink = { addIssue(issue: { code: 'custom'; path: PropertyKey[]; message: string }): void };

function checkChannelOrder(order: readonly string[], path: PropertyKey[], ctx: IssueSink): Set<string> {
  const seen = new Set<string>();
  order.forEach((c, i) => {
    if (seen.has(c)) ctx.addIssue({ code: 'custom', path: [...path, i], message: `${c} is listed twice` });
    seen.add(c);
  });
  return seen;
}

function checkSteps(steps: StepList, channels: Set<string>, path: PropertyKey[], ctx: IssueSink): void {
  const seenSteps = new Set<string>();
  steps.forEach((s, i) => {
    if (seenSteps.has(s.id)) ctx.addIssue({ code: 'custom', path: [...path, i, 'id'], message: `duplicate step id ${s.id}` });
    seenSteps.add(s.id);
    if (s.channel !== 'preferred' && s.channel !== 'next' && !channels.has(s.channel)) {
      ctx.addIssue({ code: 'custom', path: [...path, i, 'channel'], message: `${s.channel} is not in channelOrder` });
    }
    // CX-led cadence slows down rather than escalating: gaps between reminders never shrink.
    if (i >= 2 && s.afterDays < steps[i - 1].afterDays) {
      ctx.addIssue({
        code: 'custom',
        path: [...path, i, 'afterDays'],
        message: `gaps between reminders must not shrink (${s.afterDays} < ${steps[i - 1].afterDays} before it)`,
      });
    }
  });
}

export const playbookSchema = z
  .strictObject({
    $schema: z.optional(z.string()),
    id,
    version: z.string().check(z.minLength(1), z.maxLength(32)),
    name: z.string().check(z.minLength(1), z.maxLength(120)),
    description: z.string().check(z.minLength(1), z.maxLength(2000)),
    /** Channels in order of fallback; a channel not listed is never used by this playbook. */
    channelOrder: z.array(channelSchema).check(z.minLength(1)),
    steps: z.array(stepSchema).check(z.minLength(1), z.maxLength(30)),
    /** Days after the last step's contact at which the cadence ends (see endOfCadence). */
    handOffAfterDays: z.number().check(z.gte(0), z.lte(365)),
    /** How the cadence ends unanswered; absent: a person takes over. */
    endOfCadence: z.optional(endOfCadenceSchema),
    /** Per-segment journeys (see functions/domain/segments.ts); a segment not listed uses the steps above. */
    segments: z.optional(z.partialRecord(segmentSchema, segmentOverrideSchema)),
    offers: z.optional(offersSchema),
    whenToOfferPerson: z.optional(whenToOfferPersonSchema),
    stopWhen: z.optional(stopWhenSchema),
    /** The playbook's own hours for its steps, inside the legal contact window (absent: the window alone). */
    sendHours: z.optional(sendHoursSchema),
    care: z.optional(careSchema),
    /** One friendly reminder before the due date, for the segments it names (functions/domain/pre-due/). */
    preDue: z.optional(preDueSchema),
  })
  .check(
    z.superRefine((p, ctx) => {
      const seenChannels = checkChannelOrder(p.channelOrder, ['channelOrder'], ctx);
      checkSteps(p.steps, seenChannels, ['steps'], ctx);
      for (const [segment, o] of Object.entries(p.segments ?? {})) {
        if (!o) continue;
        const channels = o.channelOrder ? checkChannelOrder(o.channelOrder, ['segments', segment, 'channelOrder'], ctx) : seenChannels;
        if (o.steps) checkSteps(o.steps, channels, ['segments', segment, 'steps'], ctx);
        else if (o.channelOrder) checkSteps(p.steps, channels, ['segments', segment, 'channelOrder'], ctx);
      }
      const fromStep = p.whenToOfferPerson?.fromStep;
      if (fromStep !== undefined && fromStep > p.steps.length) {
        ctx.addIssue({
          code: 'custom',
          path: ['whenToOfferPerson', 'fromStep'],
          message: `step ${fromStep} does not exist (${p.steps.length} steps)`,
        });
      }
    }),
  );

export type Playbook = z.infer<typeof playbookSchema>;
export type PlaybookStep = Playbook['steps'][number];

/** Validate a playbook, or throw an Error listing every problem with its path. */
export function parsePlaybook(json: unknown): Playbook {
  const result = playbookSchema.safeParse(json);
  if (!result.success) {
    const lines = describeIssues(result.error);
    throw new Error(
      `invalid playbook (${lines.length} problem${lines.length === 1 ? '' : 's'}):\n${lines.map((l) => `  - ${l}`).join('\n')}`,
    );
  }
  return result.data;
}

/**
 * The playbook a journey runs when no experiment assigns one: the CX-led ladder. The digital-first
 * playbook (playbooks/cx-digital-first.json) is shipped beside it, chosen by stage config or experiment:
 * in the simulator it hands about half as many accounts to a person at equal recovery (README, "Digital first").
 */
export const DEFAULT_PLAYBOOK: Playbook = parsePlaybook(cxDefault);

/**
 * The journey a segment gets: the playbook with the segment's overrides applied. Same id and version
 * (a running journey keeps the version it started with); the result is a plain Playbook decide() takes.
 */
export function playbookForSegment(playbook: Playbook, segment: Segment | undefined): Playbook {
  const o = segment ? playbook.segments?.[segment] : undefined;
  if (!o) return playbook;
  return {
    ...playbook,
    channelOrder: o.channelOrder ?? playbook.channelOrder,
    steps: o.steps ?? playbook.steps,
    handOffAfterDays: o.handOffAfterDays ?? playbook.handOffAfterDays,
    endOfCadence: o.endOfCadence ?? playbook.endOfCadence,
  };
}

/** Whether a message at this step (0-based) offers a person, for this segment. */
export function offersPerson(playbook: Playbook, stepIndex: number, segment: Segment | undefined): boolean {
  const steps = playbookForSegment(playbook, segment).steps;
  if (steps[stepIndex]?.offerPerson) return true;
  const w = playbook.whenToOfferPerson;
  if (!w) return false;
  if (w.fromStep !== undefined && stepIndex + 1 >= w.fromStep) return true;
  return segment !== undefined && w.segments.includes(segment);
}

export interface JourneyProgress {
  messagesSent: number;
  daysSinceStart: number;
  optedOutChannels: number;
}

/** The playbook's own stop condition that holds now, in plain words; undefined to carry on. */
export function stopReason(playbook: Playbook, p: JourneyProgress): string | undefined {
  const s = playbook.stopWhen;
  if (!s) return undefined;
  if (s.maxMessages !== undefined && p.messagesSent >= s.maxMessages) return `${p.messagesSent} messages sent (limit ${s.maxMessages})`;
  if (s.maxDays !== undefined && p.daysSinceStart >= s.maxDays)
    return `${Math.floor(p.daysSinceStart)} days since the journey started (limit ${s.maxDays})`;
  if (s.optedOutChannels !== undefined && p.optedOutChannels >= s.optedOutChannels) {
    return `the customer opted out of ${p.optedOutChannels} channel${p.optedOutChannels === 1 ? '' : 's'}`;
  }
  return undefined;
}

/** The published JSON Schema of a playbook file (schemas/playbook.schema.json is generated from it). */
export function playbookJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(playbookSchema, {
    io: 'input',
    unrepresentable: 'any',
    // The template check is a refinement in zod; publish it as the enum it is.
    override: (c) => {
      if (c.zodSchema === templateIdSchema) c.jsonSchema.enum = [...TEMPLATE_IDS];
    },
  }) as Record<string, unknown>;
}

/** Every problem with a playbook, with its path; empty when valid. */
export function playbookProblems(json: unknown): string[] {
  const result = playbookSchema.safeParse(json);
  return result.success ? [] : describeIssues(result.error);
}
