/**
 * The simulator's customer-behaviour model, as data (simulator/behaviour.json) validated with zod.
 *
 * How a synthetic customer behaves, day by day:
 * - Each account has a true segment drawn from `segmentMix`; the signals the system sees are generated
 *   from it (with `signalNoise` of them misleading) and segments.ts assigns the segment the playbook uses.
 * - Every day an open account may pay in full on its own (`dailySelfCure`).
 * - A message reaches the right person with `reach[channel]` (a call answered, a text or email seen);
 *   a `badAddress` share of contact details never work (the channel becomes unusable).
 * - A reached customer may pay in full (`pay`), promise to pay by a date (`promise`, kept with
 *   `promiseKept`), set up a plan (`plan`, boosted when the message offers a person), pay part
 *   (`partial`), reply (`reply`), dispute (`dispute`), complain (`complain`) and opt out of the channel
 *   (`optOut`).
 * - Harm -- complaint, opt-out and dispute chances -- is multiplied by contact pressure
 *   (1 + harmPerExtraContact x contacts beyond `freeContacts` in `windowDays`), by `inconvenientHarm`
 *   when the message lands outside the customer's convenient hours (before earliestConvenientHour,
 *   from latestConvenientHour, or in working hours for the `workingHoursShare` who work), and by the
 *   tone's `harm`. Willingness to pay falls with pressure (payFatiguePerExtraContact), with
 *   inconvenient timing, and follows the tone (`hardshipPay` for hardship and vulnerable segments).
 * - A message offering a person: plans and promises are likelier (`personOffer` multipliers), and a
 *   reached customer who does none of those asks for the person with `personOffer.takeUp` (a hand-off).
 * - Self-service: when the playbook offers plans (offers.planLengthsMonths) or a payment date of the
 *   customer's choosing (offers.paymentDateChoiceDays) on the portal, plans and promises are likelier
 *   by `selfService` multipliers.
 * - A person (after an escalation) resolves with `personResolve` a day.
 * - A cycle a playbook ends as "no response" with the next step `later-cycle` starts again with the
 *   next bill, at the next multiple of `laterCycle.billingCycleDays` from placement; with the next step
 *   `letter`, a letter goes out first (`letter`: read with `letter.reach`, answered as a friendly
 *   message offering a person; simulator/letter.ts).
 * - Satisfaction: after a resolution the customer heard about from us (paid, or a plan completed), the
 *   one 1-5 question goes out as care.ts sends it, answered with `responseRate`; the score starts at
 *   `selfServiceScore` (no person involved) or `personScore`, falls by `perExtraContact` for each contact
 *   over the free ones at the account's most pressed moment and by `perComplaint` for each complaint,
 *   plus normal noise, rounded and kept within 1-5.
 * - Complaints are resolved after a log-normal time (`complaintHandling`: median hours and sigma); a
 *   complaint on an account with an open dispute waits for the dispute's answer.
 * - Staff: a hand-off takes a person `minutesPerHandOff` at `costPerAgentHour` (both configurable, so
 *   the workload KPIs follow the operation's own figures).
 * - Costs: per message by channel, per complaint and per dispute handled, a fixed amount per account
 *   worked, and the people cost above.
 */
import { readFile } from 'node:fs/promises';
import * as z from 'zod';
import { preDueBehaviourSchema } from './pre-due-behaviour';
import { letterBehaviourSchema } from './letter-behaviour';
import { describeIssues } from '../functions/domain/zod-issues';
import { SEGMENTS, segmentSchema, type Segment } from '../functions/domain/segments';
import defaultBehaviourJson from './behaviour.json';

const p = z.number().min(0).max(1);
const positive = z.number().min(0);

const segmentBehaviourSchema = z
  .object({
    dailySelfCure: p,
    reach: z.object({ sms: p, email: p, voice: p }).strict(),
    pay: p,
    promise: p,
    promiseKept: p,
    plan: p,
    partial: p,
    reply: p,
    dispute: p,
    complain: p,
    optOut: p,
    badAddress: p,
    personResolve: p,
  })
  .strict()
  .superRefine((s, ctx) => {
    if (s.pay + s.promise + s.plan + s.partial > 1) {
      ctx.addIssue({ code: 'custom', path: ['pay'], message: 'pay + promise + plan + partial must not exceed 1' });
    }
  });
export type SegmentBehaviour = z.infer<typeof segmentBehaviourSchema>;

const toneSchema = z.object({ harm: positive, pay: positive, hardshipPay: positive }).strict();

export const behaviourSchema = z
  .object({
    $schema: z.string().optional(),
    description: z.string().optional(),
    /**
     * Where each parameter comes from: a source or "assumption", keyed by a dotted path (segments.*.reach
     * for every segment's reach). A parameter is covered by its longest matching key; every one must be.
     */
    sources: z.record(z.string().min(1), z.string().min(1)),
    segmentMix: z.partialRecord(segmentSchema, p),
    signalNoise: p,
    balance: z
      .object({
        median: z.number().positive(),
        sigma: z.number().min(0).max(5),
        min: z.number().positive(),
        max: z.number().positive(),
        outstandingFactor: z.number().min(1).max(100),
      })
      .strict(),
    daysPastDueAtPlacement: z.object({ min: z.number().int().min(0), max: z.number().int().min(0) }).strict(),
    jurisdictions: z.record(z.string().regex(/^[A-Z]{2}(-[A-Z]+)*$/), p),
    vulnerableRecordedShare: p,
    workingHoursShare: p,
    preferredChannel: z.object({ sms: p, email: p, voice: p }).strict(),
    segments: z.record(segmentSchema, segmentBehaviourSchema),
    pressure: z
      .object({
        windowDays: z.number().int().min(1).max(60),
        freeContacts: z.number().int().min(0),
        harmPerExtraContact: positive,
        payFatiguePerExtraContact: positive,
      })
      .strict(),
    timing: z
      .object({
        inconvenientHarm: positive,
        inconvenientPay: positive,
        earliestConvenientHour: z.number().int().min(0).max(23),
        latestConvenientHour: z.number().int().min(1).max(24),
      })
      .strict(),
    tone: z.object({ friendly: toneSchema, clear: toneSchema, supportive: toneSchema }).strict(),
    personOffer: z.object({ planMultiplier: positive, promiseMultiplier: positive, takeUp: p }).strict(),
    selfService: z.object({ planMultiplier: positive, promiseMultiplier: positive }).strict(),
    laterCycle: z.object({ billingCycleDays: z.number().int().min(1).max(365) }).strict(),
    promise: z.object({ minDays: z.number().int().min(0), maxDays: z.number().int().min(0).max(90) }).strict(),
    plan: z.object({ months: z.number().int().min(1).max(60) }).strict(),
    dispute: z.object({ upheldShare: p, daysToResolve: z.number().int().min(0).max(365) }).strict(),
    satisfaction: z
      .object({
        responseRate: p,
        selfServiceScore: z.number().min(1).max(5),
        personScore: z.number().min(1).max(5),
        perExtraContact: positive,
        perComplaint: positive,
        noise: z.number().min(0).max(5),
      })
      .strict(),
    complaintHandling: z.object({ medianHours: z.number().positive().max(8760), sigma: z.number().min(0).max(3) }).strict(),
    staff: z.object({ minutesPerHandOff: z.number().min(0).max(1440), costPerAgentHour: positive }).strict(),
    /** Bills seen before their due date and what a reminder does (simulator/pre-due.ts); absent: not modelled. */
    preDue: preDueBehaviourSchema.optional(),
    /** The letter a playbook may name as the next step of an unanswered cycle (simulator/letter.ts); absent: not modelled. */
    letter: letterBehaviourSchema.optional(),
    costs: z
      .object({
        sms: positive,
        email: positive,
        voice: positive,
        complaint: positive,
        dispute: positive,
        fixedPerAccount: positive,
      })
      .strict(),
  })
  .strict()
  .superRefine((b, ctx) => {
    for (const path of parameterPaths(b)) {
      if (!sourceOf(b.sources, path))
        ctx.addIssue({ code: 'custom', path: ['sources'], message: `${path} has no source (give one, or "assumption")` });
    }
    const mix = SEGMENTS.reduce((s, seg) => s + (b.segmentMix[seg] ?? 0), 0);
    if (Math.abs(mix - 1) > 0.001)
      ctx.addIssue({ code: 'custom', path: ['segmentMix'], message: `shares must add up to 1 (they add up to ${mix.toFixed(3)})` });
    const j = Object.values(b.jurisdictions).reduce((s, x) => s + x, 0);
    if (Math.abs(j - 1) > 0.001)
      ctx.addIssue({ code: 'custom', path: ['jurisdictions'], message: `shares must add up to 1 (they add up to ${j.toFixed(3)})` });
    const c = b.preferredChannel.sms + b.preferredChannel.email + b.preferredChannel.voice;
    if (Math.abs(c - 1) > 0.001)
      ctx.addIssue({ code: 'custom', path: ['preferredChannel'], message: `shares must add up to 1 (they add up to ${c.toFixed(3)})` });
    if (b.daysPastDueAtPlacement.max < b.daysPastDueAtPlacement.min)
      ctx.addIssue({ code: 'custom', path: ['daysPastDueAtPlacement', 'max'], message: 'must be at least min' });
    if (b.promise.maxDays < b.promise.minDays)
      ctx.addIssue({ code: 'custom', path: ['promise', 'maxDays'], message: 'must be at least minDays' });
    if (b.balance.max < b.balance.min) ctx.addIssue({ code: 'custom', path: ['balance', 'max'], message: 'must be at least min' });
    if (b.timing.latestConvenientHour <= b.timing.earliestConvenientHour)
      ctx.addIssue({ code: 'custom', path: ['timing', 'latestConvenientHour'], message: 'must be after earliestConvenientHour' });
  });

export type Behaviour = z.infer<typeof behaviourSchema>;

/** Dotted paths of every number in the model (the parameters), sources and description aside. */
export function parameterPaths(b: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(b).flatMap(([k, v]) => {
    if (!prefix && (k === 'sources' || k === 'description' || k === '$schema')) return [];
    const path = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'number') return [path];
    return v !== null && typeof v === 'object' ? parameterPaths(v as Record<string, unknown>, path) : [];
  });
}

/** The source of a parameter: the longest key that is the path or a prefix of it (`*` matches one part). */
export function sourceOf(sources: Record<string, string>, path: string): string | undefined {
  const parts = path.split('.');
  let best: { length: number; text: string } | undefined;
  for (const [key, text] of Object.entries(sources)) {
    const k = key.split('.');
    if (k.length > parts.length || !k.every((x, i) => x === '*' || x === parts[i])) continue;
    if (!best || k.length > best.length) best = { length: k.length, text };
  }
  return best?.text;
}

export class BehaviourError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BehaviourError';
  }
}

/** Every problem with a behaviour model, with its path; empty when valid. */
export function behaviourProblems(json: unknown): string[] {
  const r = behaviourSchema.safeParse(json);
  return r.success ? [] : describeIssues(r.error);
}

export function parseBehaviour(json: unknown, source = 'behaviour model'): Behaviour {
  const r = behaviourSchema.safeParse(json);
  if (!r.success) throw new BehaviourError(`invalid ${source}: ${describeIssues(r.error).join('; ')}`);
  return r.data;
}

export const DEFAULT_BEHAVIOUR: Behaviour = parseBehaviour(defaultBehaviourJson, 'simulator/behaviour.json');

export async function loadBehaviour(file: string): Promise<Behaviour> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new BehaviourError(`cannot read behaviour file ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new BehaviourError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
  return parseBehaviour(json, file);
}

export function segmentBehaviour(b: Behaviour, s: Segment): SegmentBehaviour {
  return b.segments[s];
}
