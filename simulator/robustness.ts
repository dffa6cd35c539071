/**
 * Robustness: the comparison rerun across a behaviour parameter, so a manager sees how far an
 * assumption may be wrong before the ranking changes. A parameter is a dotted path into the behaviour
 * model (pressure.harmPerExtraContact); a path with `*` (segments.*.dailySelfCure) scales every value it
 * matches by the factor given, since those values differ by segment.
 */
import { parseBehaviour, type Behaviour } from './behaviour';
import { compareWithChampion, HEADLINE_KPIS, type ChampionComparison } from './compare';
import { simulate, type Strategy } from './simulate';

export interface Vary {
  parameter: string;
  from: number;
  to: number;
  steps: number;
}

export class VaryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VaryError';
  }
}

const VARY = /^([A-Za-z*][\w*.-]*)=(-?\d+(?:\.\d+)?)\.\.(-?\d+(?:\.\d+)?)(?::(\d+))?$/;

/** Parses `<parameter>=<from>..<to>[:steps]` (5 steps unless given, 2 to 21). */
export function parseVary(text: string): Vary {
  const m = VARY.exec(text.trim());
  if (!m)
    throw new VaryError(`--vary must be <parameter>=<from>..<to>[:steps], such as pressure.harmPerExtraContact=0..0.9:5, got "${text}"`);
  const steps = m[4] === undefined ? 5 : Number(m[4]);
  if (steps < 2 || steps > 21) throw new VaryError(`--vary takes 2 to 21 steps, got ${steps}`);
  return { parameter: m[1], from: Number(m[2]), to: Number(m[3]), steps };
}

export function varyValues(v: Vary): number[] {
  return Array.from({ length: v.steps }, (_, i) => Math.round((v.from + ((v.to - v.from) * i) / (v.steps - 1)) * 1e6) / 1e6);
}

/** Every numeric leaf a (possibly wildcard) path names, as [container, key] pairs. */
function matches(root: unknown, parts: string[]): Array<[Record<string, unknown>, string]> {
  if (parts.length === 0 || root === null || typeof root !== 'object') return [];
  const node = root as Record<string, unknown>;
  const [head, ...rest] = parts;
  const keys = head === '*' ? Object.keys(node) : head in node ? [head] : [];
  if (rest.length === 0) return keys.filter((k) => typeof node[k] === 'number').map((k) => [node, k]);
  return keys.flatMap((k) => matches(node[k], rest));
}

/** The behaviour model with the parameter set (or, for a wildcard path, scaled) and validated again. */
export function withParameter(b: Behaviour, parameter: string, value: number): Behaviour {
  const copy = structuredClone(b) as unknown as Record<string, unknown>;
  const found = matches(copy, parameter.split('.'));
  if (found.length === 0) throw new VaryError(`--vary: ${parameter} names no number in the behaviour model`);
  const scale = parameter.includes('*');
  for (const [node, key] of found) node[key] = scale ? Math.min(1, (node[key] as number) * value) : value;
  try {
    return parseBehaviour(copy, `behaviour model with ${parameter}=${value}`);
  } catch (error) {
    throw new VaryError((error as Error).message);
  }
}

/** The current value of a parameter (a wildcard path's is the factor 1). */
export function currentValue(b: Behaviour, parameter: string): number {
  if (parameter.includes('*')) return 1;
  const [found] = matches(b, parameter.split('.'));
  return found ? (found[0][found[1]] as number) : NaN;
}

export interface RobustnessPoint {
  value: number;
  /** Per challenger, its headline KPIs against the champion at this value. */
  challengers: Record<string, Record<string, ChampionComparison>>;
}

export interface RobustnessResult {
  parameter: string;
  /** What the parameter stands for, in plain words (for the report). */
  label: string;
  scaled: boolean;
  current: number;
  accounts: number;
  points: RobustnessPoint[];
}

export interface RobustnessOptions {
  behaviour: Behaviour;
  /** The champion first, then the challengers (a holdout is left out: it competes with nothing). */
  strategies: Strategy[];
  accounts: number;
  days: number;
  seed: number;
  vary: Vary;
  label?: string;
}

export function robustness(o: RobustnessOptions): RobustnessResult {
  const [, ...challengers] = o.strategies;
  const points = varyValues(o.vary).map((value) => {
    const behaviour = withParameter(o.behaviour, o.vary.parameter, value);
    const r = simulate({ accounts: o.accounts, days: o.days, seed: o.seed, strategies: o.strategies, behaviour });
    const byChallenger = Object.fromEntries(
      challengers.map((c, i) => {
        const all = compareWithChampion(r, i + 1, 0);
        return [c.name, Object.fromEntries(HEADLINE_KPIS.map((k) => [k, all[k]]))];
      }),
    );
    return { value, challengers: byChallenger };
  });
  return {
    parameter: o.vary.parameter,
    label: o.label ?? o.vary.parameter,
    scaled: o.vary.parameter.includes('*'),
    current: currentValue(o.behaviour, o.vary.parameter),
    accounts: o.accounts,
    points,
  };
}

/** The assumptions that carry the CX-led result, each over a range around its default. */
export const DEFAULT_ROBUSTNESS: ReadonlyArray<{ vary: Vary; label: string }> = [
  { vary: { parameter: 'pressure.harmPerExtraContact', from: 0, to: 0.9, steps: 5 }, label: 'harm per extra contact' },
  { vary: { parameter: 'tone.clear.harm', from: 1, to: 2.2, steps: 5 }, label: 'harm of a clear (firm) tone' },
  { vary: { parameter: 'timing.inconvenientHarm', from: 1, to: 2.6, steps: 5 }, label: 'harm of an inconvenient time' },
  { vary: { parameter: 'segments.*.dailySelfCure', from: 0.5, to: 1.5, steps: 5 }, label: 'self-cure rate (x default)' },
  { vary: { parameter: 'segments.*.reach.*', from: 0.6, to: 1.4, steps: 5 }, label: 'reach (x default)' },
  // Digital first's recovery leans on the letter after an unanswered cycle, an assumption: from unread to twice as read.
  { vary: { parameter: 'letter.reach', from: 0, to: 0.6, steps: 4 }, label: 'letters read (share)' },
];
