/**
 * Champion/challenger: an experiment splits accounts between playbook variants by configured weights,
 * deterministically (a hash of the account id and the experiment id, so the same account always gets
 * the same variant, in every Lambda, on every retry), with an optional holdout that gets no contact or
 * minimal contact -- only where the jurisdiction allows a holdout (experiment.holdoutJurisdictions).
 *
 * Results per variant come with 95% confidence intervals: Wilson for rates, the normal approximation
 * (delta method for ratios of sums) for means and money ratios. Pure: no I/O.
 */
import * as z from './zod';
import { describeIssues } from './zod-issues';

const id = z.string().check(z.minLength(1), z.maxLength(64), z.regex(/^[a-z0-9][a-z0-9-]*$/, 'lowercase letters, digits and hyphens'));

export const HOLDOUT_KINDS = ['no-contact', 'minimal-contact'] as const;
export type HoldoutKind = (typeof HOLDOUT_KINDS)[number];

export const variantSchema = z.strictObject({
  id,
  /** A playbook name (playbooks/<name>.json) or id; for a no-contact holdout, omitted. */
  playbook: z.optional(id),
  /** Relative weight; weights need not add up to 100. */
  weight: z.number().check(z.gte(0), z.lte(1_000_000)),
  /** This variant is a holdout: no contact at all, or the playbook given as the minimal contact. */
  holdout: z.optional(z.enum(HOLDOUT_KINDS)),
});

export const experimentSchema = z
  .strictObject({
    $schema: z.optional(z.string()),
    id,
    name: z.string().check(z.minLength(1), z.maxLength(120)),
    description: z.optional(z.string().check(z.maxLength(2000))),
    /** ISO time the experiment starts assigning accounts; journeys started earlier are not in it. */
    startsAt: z.optional(z.iso.datetime({ offset: true })),
    variants: z.array(variantSchema).check(z.minLength(1), z.maxLength(20)),
    /** The variant given to an account when the holdout it drew is not allowed in its jurisdiction. */
    champion: id,
    /**
     * Jurisdiction profile ids (US, US-MA, GB ...) where a holdout is allowed; anywhere else the
     * account gets the champion. Empty: no holdout anywhere.
     */
    holdoutJurisdictions: z._default(z.array(z.string().check(z.minLength(1), z.maxLength(32))), []),
  })
  .check(
    z.superRefine((e, ctx) => {
      const ids = new Set<string>();
      e.variants.forEach((v, i) => {
        if (ids.has(v.id)) ctx.addIssue({ code: 'custom', path: ['variants', i, 'id'], message: `duplicate variant id ${v.id}` });
        ids.add(v.id);
        if (v.holdout !== 'no-contact' && !v.playbook) {
          ctx.addIssue({
            code: 'custom',
            path: ['variants', i, 'playbook'],
            message: 'a playbook is required (only a no-contact holdout has none)',
          });
        }
        if (v.holdout === 'no-contact' && v.playbook) {
          ctx.addIssue({ code: 'custom', path: ['variants', i, 'playbook'], message: 'a no-contact holdout has no playbook' });
        }
      });
      if (e.variants.reduce((s, v) => s + v.weight, 0) <= 0) {
        ctx.addIssue({ code: 'custom', path: ['variants'], message: 'at least one variant needs a weight above 0' });
      }
      const champion = e.variants.find((v) => v.id === e.champion);
      if (!champion) ctx.addIssue({ code: 'custom', path: ['champion'], message: `${e.champion} is not a variant id` });
      else if (champion.holdout) ctx.addIssue({ code: 'custom', path: ['champion'], message: 'the champion cannot be a holdout' });
    }),
  );

export type Experiment = z.infer<typeof experimentSchema>;
export type Variant = Experiment['variants'][number];

/** Validates an experiment file, or throws an Error listing every problem with its path. */
export function parseExperiment(json: unknown): Experiment {
  const result = experimentSchema.safeParse(json);
  if (!result.success) {
    const lines = describeIssues(result.error);
    throw new Error(
      `invalid experiment (${lines.length} problem${lines.length === 1 ? '' : 's'}):\n${lines.map((l) => `  - ${l}`).join('\n')}`,
    );
  }
  return result.data;
}

/** FNV-1a 32-bit, then a murmur3 finaliser for good spread on short, similar ids. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return fmix32(h);
}

/** murmur3's 32-bit finaliser: spreads every input bit over the whole word. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A number in [0, 1) fixed by the account and the experiment. */
export function bucket(accountId: string, experimentId: string): number {
  return hash32(`${experimentId}:${accountId}`) / 4294967296;
}

export interface Assignment {
  variant: Variant;
  /** What the hash drew, when a holdout was replaced by the champion. */
  drawn?: Variant;
  reason: string;
}

/** Whether a jurisdiction (or its parent: US-NY-NYC is under US-NY and US) allows a holdout. */
export function holdoutAllowed(experiment: Experiment, jurisdiction: string): boolean {
  const allow = experiment.holdoutJurisdictions;
  const parts = jurisdiction.toUpperCase().split('-');
  for (let n = parts.length; n > 0; n--) {
    if (allow.some((j) => j.toUpperCase() === parts.slice(0, n).join('-'))) return true;
  }
  return false;
}

/** The variant for an account: deterministic, by weight; a disallowed holdout becomes the champion. */
export function assignVariant(experiment: Experiment, accountId: string, jurisdiction: string): Assignment {
  const total = experiment.variants.reduce((s, v) => s + v.weight, 0);
  const x = bucket(accountId, experiment.id) * total;
  let acc = 0;
  let drawn = experiment.variants[experiment.variants.length - 1];
  for (const v of experiment.variants) {
    acc += v.weight;
    if (x < acc && v.weight > 0) {
      drawn = v;
      break;
    }
  }
  if (drawn.holdout && !holdoutAllowed(experiment, jurisdiction)) {
    const champion = experiment.variants.find((v) => v.id === experiment.champion)!;
    return {
      variant: champion,
      drawn,
      reason: `drew ${drawn.id} (${drawn.holdout} holdout), not allowed in ${jurisdiction}: the champion ${champion.id}`,
    };
  }
  return { variant: drawn, reason: `experiment ${experiment.id}: variant ${drawn.id} by weight ${drawn.weight}/${total}` };
}

// ---------------------------------------------------------------------------------------------------
// Confidence intervals

export interface Estimate {
  value: number;
  low: number;
  high: number;
  /** The number of units (accounts, promises ...) the estimate is over. */
  n: number;
}

export const Z95 = 1.959963984540054;

/** Wilson score interval for a proportion (good near 0 and 1 and for small n). */
export function wilson(successes: number, n: number, z = Z95): Estimate {
  if (n <= 0) return { value: 0, low: 0, high: 0, n: 0 };
  const p = successes / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  // Exact at the edges (the formula leaves rounding dust there).
  const low = successes <= 0 ? 0 : Math.max(0, centre - half);
  const high = successes >= n ? 1 : Math.min(1, centre + half);
  return { value: p, low, high, n };
}

/** Normal-approximation interval for a mean from running sums (sum of x, sum of x^2). */
export function meanInterval(sum: number, sumSq: number, n: number, z = Z95): Estimate {
  if (n <= 0) return { value: 0, low: 0, high: 0, n: 0 };
  const mean = sum / n;
  const variance = n > 1 ? Math.max(0, (sumSq - n * mean * mean) / (n - 1)) : 0;
  const half = z * Math.sqrt(variance / n);
  return { value: mean, low: mean - half, high: mean + half, n };
}

/** Running sums for a ratio of per-unit totals, sum(y) / sum(x) (e.g. dollars collected / dollars placed). */
export interface RatioSums {
  n: number;
  sx: number;
  sy: number;
  sxx: number;
  syy: number;
  sxy: number;
}

export function emptyRatio(): RatioSums {
  return { n: 0, sx: 0, sy: 0, sxx: 0, syy: 0, sxy: 0 };
}

export function addRatio(r: RatioSums, x: number, y: number): void {
  r.n++;
  r.sx += x;
  r.sy += y;
  r.sxx += x * x;
  r.syy += y * y;
  r.sxy += x * y;
}

/** Ratio estimate with a delta-method (linearisation) 95% interval; units are the accounts. */
export function ratioInterval(r: RatioSums, z = Z95): Estimate {
  if (r.n <= 0 || r.sx === 0) return { value: 0, low: 0, high: 0, n: r.n };
  const R = r.sy / r.sx;
  // Residual variance of d_i = y_i - R x_i.
  const sdd = r.syy - 2 * R * r.sxy + R * R * r.sxx;
  const variance = r.n > 1 ? Math.max(0, sdd / (r.n - 1)) : 0;
  const xbar = r.sx / r.n;
  const half = (z * Math.sqrt(variance / r.n)) / xbar;
  return { value: R, low: R - half, high: R + half, n: r.n };
}

/** Two intervals that do not overlap: a difference a manager may act on (conservative). */
export function clearlyDifferent(a: Estimate, b: Estimate): boolean {
  return a.low > b.high || b.low > a.high;
}
