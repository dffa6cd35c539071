/** A small, fast, seeded PRNG (mulberry32) and the seed mixing the simulator uses. Same seed, same stream. */
import { fmix32 } from '../functions/domain/experiments';

export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  reseed(seed: number): void {
    this.state = seed >>> 0;
  }
  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  /** Standard normal (Box-Muller, one of the pair). */
  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}

/** Mixes numbers into a 32-bit seed (murmur3-style finaliser per word). */
export function mixSeed(...words: number[]): number {
  let h = 0x9e3779b9;
  for (const w of words) {
    let k = Math.imul(w | 0, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  return fmix32(h);
}

/**
 * A uniform number in [0, 1) fixed by four words (seed, customer, purpose, day or message number): the
 * same draw wherever it is asked for, so every strategy meets the same luck on the same day.
 */
export function uniformAt(seed: number, customer: number, purpose: number, n: number): number {
  return mixSeed(seed, customer, purpose, n) / 4294967296;
}

/** Picks a key by weight from a precomputed cumulative table. */
export function pickWeighted<T>(keys: readonly T[], cumulative: readonly number[], u: number): T {
  const x = u * cumulative[cumulative.length - 1];
  for (let i = 0; i < cumulative.length; i++) if (x < cumulative[i]) return keys[i];
  return keys[keys.length - 1];
}

export function cumulativeOf(weights: readonly number[]): number[] {
  let s = 0;
  return weights.map((w) => (s += w));
}
