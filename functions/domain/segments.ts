/**
 * Segments: why is this account overdue, and what kind of outreach will help? A pure function of the
 * signals the billing system (and our own engagement history) gives us, returning the segment and the
 * reasons for it in plain words, so a timeline can show "segment: early hardship, because ...".
 *
 * Order matters and is deliberate: protection first (vulnerable, disputing), then what the customer
 * told us or did (broken promise, hardship), then what we observe (unreachable, chronic lateness), and
 * "likely self-cure" (they forgot) when nothing points elsewhere.
 */
import * as z from './zod';
import type { ComplianceFlags } from './types';
import { describeIssues } from './zod-issues';

export const SEGMENTS = [
  'likely-self-cure',
  'early-hardship',
  'chronic-late-payer',
  'broken-promise',
  'unreachable',
  'disputing',
  'vulnerable',
] as const;
export type Segment = (typeof SEGMENTS)[number];
export const segmentSchema = z.enum(SEGMENTS);

/** Labels for managers (reports, explain). */
export const SEGMENT_LABELS: Record<Segment, string> = {
  'likely-self-cure': 'Likely self-cure (forgot)',
  'early-hardship': 'Early hardship',
  'chronic-late-payer': 'Chronic late payer',
  'broken-promise': 'Broken promise',
  unreachable: 'Unreachable',
  disputing: 'Disputing',
  vulnerable: 'Vulnerable',
};

const count = z.number().check(z.int(), z.gte(0), z.lte(100_000));

/**
 * What we know about an account's behaviour. Every field is optional: an account with no signals is
 * "likely self-cure". Compliance facts (dispute opened, vulnerability recorded) live on the account's
 * compliance flags; these are the softer signals a segmenting model uses.
 */
export const segmentSignalsSchema = z.strictObject({
  daysPastDue: z.optional(z.number().check(z.int(), z.gte(0), z.lte(10_000))),
  /** Consecutive bills paid on time before this one. */
  onTimeStreak: z.optional(count),
  /** Late payments in the last 12 months (this one excluded). */
  latePaymentsLast12Months: z.optional(count),
  /** Partial payments in this cycle. */
  partialPayments: z.optional(count),
  promisesKept: z.optional(count),
  promisesBroken: z.optional(count),
  /** The customer told us they cannot pay (job loss, illness, reduced income ...). */
  hardshipDeclared: z.optional(z.boolean()),
  /** A life event reported by the billing system (bereavement, new baby, divorce, relocation ...). */
  lifeEvent: z.optional(z.boolean()),
  /** The billing system or a person flagged the customer as vulnerable. */
  vulnerable: z.optional(z.boolean()),
  /** The customer says the debt is wrong or not theirs. */
  disputing: z.optional(z.boolean()),
  engagement: z.optional(
    z.strictObject({
      attempts: z.optional(count),
      delivered: z.optional(count),
      opened: z.optional(count),
      clicked: z.optional(count),
      replied: z.optional(count),
    }),
  ),
  /** 0..1, supplied in the event by the lender's own model. */
  propensityToPay: z.optional(z.number().check(z.gte(0), z.lte(1))),
});
export type SegmentSignals = z.infer<typeof segmentSignalsSchema>;

export interface SegmentReason {
  /** The signal that decided it, e.g. "promisesBroken". */
  signal: string;
  detail: string;
}

export interface SegmentAssignment {
  segment: Segment;
  reasons: SegmentReason[];
}

/** Validates signals, or throws an Error naming every bad path. */
export function parseSegmentSignals(json: unknown): SegmentSignals {
  const result = segmentSignalsSchema.safeParse(json);
  if (!result.success) throw new Error(`invalid segment signals: ${describeIssues(result.error).join('; ')}`);
  return result.data;
}

/** Thresholds; exported so the documentation and tests say the same thing. */
export const SEGMENT_THRESHOLDS = {
  /** At least this many engagement attempts with nothing delivered or no response makes "unreachable". */
  unreachableAttempts: 3,
  /** This many late payments in 12 months makes a chronic late payer. */
  chronicLatePayments: 3,
  /** A propensity score below this with any hardship hint makes "early hardship". */
  lowPropensity: 0.3,
  /** A propensity score at or above this, with a good history, is "likely self-cure". */
  highPropensity: 0.7,
  /** An on-time streak this long means they most likely forgot. */
  goodStreak: 6,
  /** Beyond this many days past due nobody is "forgetting" any more. */
  selfCureMaxDaysPastDue: 30,
} as const;

/** Assigns a segment and says why. Pure, total and cheap (called once per journey). */
export function assignSegment(signals: SegmentSignals | undefined): SegmentAssignment {
  const s = signals ?? {};
  const t = SEGMENT_THRESHOLDS;
  const e = s.engagement ?? {};
  if (s.vulnerable) return one('vulnerable', 'vulnerable', 'flagged as vulnerable: a person first, gentle and slow contact');
  if (s.lifeEvent && s.hardshipDeclared) {
    return {
      segment: 'vulnerable',
      reasons: [
        { signal: 'lifeEvent', detail: 'a life event was reported' },
        { signal: 'hardshipDeclared', detail: 'and the customer declared hardship' },
      ],
    };
  }
  if (s.disputing) return one('disputing', 'disputing', 'the customer says the debt is wrong: handle the dispute, do not chase');

  const broken = s.promisesBroken ?? 0;
  const kept = s.promisesKept ?? 0;
  if (broken > 0 && broken >= kept) {
    return one('broken-promise', 'promisesBroken', `${broken} promise${broken === 1 ? '' : 's'} to pay broken (${kept} kept)`);
  }

  if (s.hardshipDeclared || s.lifeEvent) {
    const reasons: SegmentReason[] = [];
    if (s.hardshipDeclared) reasons.push({ signal: 'hardshipDeclared', detail: 'the customer declared hardship' });
    if (s.lifeEvent) reasons.push({ signal: 'lifeEvent', detail: 'a life event was reported' });
    return { segment: 'early-hardship', reasons };
  }
  const partial = s.partialPayments ?? 0;
  if (partial > 0 && s.propensityToPay !== undefined && s.propensityToPay < t.lowPropensity) {
    return {
      segment: 'early-hardship',
      reasons: [
        { signal: 'partialPayments', detail: `${partial} partial payment${partial === 1 ? '' : 's'}: paying what they can` },
        { signal: 'propensityToPay', detail: `propensity to pay ${s.propensityToPay.toFixed(2)} < ${t.lowPropensity}` },
      ],
    };
  }
  if (partial > 0 && (s.onTimeStreak ?? 0) === 0) {
    return one(
      'early-hardship',
      'partialPayments',
      `${partial} partial payment${partial === 1 ? '' : 's'} and no recent on-time streak: paying what they can`,
    );
  }

  const attempts = e.attempts ?? 0;
  const responded = (e.opened ?? 0) + (e.clicked ?? 0) + (e.replied ?? 0);
  if (attempts >= t.unreachableAttempts && ((e.delivered ?? attempts) === 0 || responded === 0)) {
    const detail =
      (e.delivered ?? attempts) === 0
        ? `${attempts} attempts, none delivered`
        : `${attempts} attempts, ${e.delivered ?? attempts} delivered, none opened, clicked or answered`;
    return one('unreachable', 'engagement', detail);
  }

  const late = s.latePaymentsLast12Months ?? 0;
  if (late >= t.chronicLatePayments) {
    return one('chronic-late-payer', 'latePaymentsLast12Months', `${late} late payments in the last 12 months`);
  }
  if ((s.daysPastDue ?? 0) > t.selfCureMaxDaysPastDue) {
    return one('chronic-late-payer', 'daysPastDue', `${s.daysPastDue} days past due (> ${t.selfCureMaxDaysPastDue}) without other signals`);
  }

  const reasons: SegmentReason[] = [];
  if ((s.onTimeStreak ?? 0) >= t.goodStreak)
    reasons.push({ signal: 'onTimeStreak', detail: `${s.onTimeStreak} bills paid on time in a row` });
  if (s.propensityToPay !== undefined && s.propensityToPay >= t.highPropensity) {
    reasons.push({ signal: 'propensityToPay', detail: `propensity to pay ${s.propensityToPay.toFixed(2)} >= ${t.highPropensity}` });
  }
  if (reasons.length === 0)
    reasons.push({ signal: 'default', detail: 'no sign of hardship, dispute, broken promises or lateness: most likely forgot' });
  return { segment: 'likely-self-cure', reasons };
}

function one(segment: Segment, signal: string, detail: string): SegmentAssignment {
  return { segment, reasons: [{ signal, detail }] };
}

/** "early hardship: the customer declared hardship; a life event was reported" for timelines. */
export function describeSegment(a: SegmentAssignment): string {
  return `${SEGMENT_LABELS[a.segment]}: ${a.reasons.map((r) => r.detail).join('; ')}`;
}

const DAY_MS = 24 * 3600 * 1000;

/**
 * The signals a journey is segmented on: what the billing event says (its optional `signals`), plus what
 * the account itself says -- days past due from the due date, and the compliance flags (an open
 * dispute, a recorded vulnerability) that the billing system may send instead of a soft signal.
 * Explicit signals win over derived ones.
 */
export function signalsForAccount(
  account: { dueDate: string; compliance?: ComplianceFlags },
  signals: SegmentSignals | undefined,
  now: Date,
): SegmentSignals {
  const derived: SegmentSignals = {};
  const due = Date.parse(`${account.dueDate}T00:00:00Z`);
  if (Number.isFinite(due)) derived.daysPastDue = Math.max(0, Math.floor((now.getTime() - due) / DAY_MS));
  const c = account.compliance;
  if (c?.vulnerability && c.vulnerability.drivers.length > 0) derived.vulnerable = true;
  if (c?.disputeOpenedAt && !c.disputeVerifiedAt) derived.disputing = true;
  return { ...derived, ...(signals ?? {}) };
}
