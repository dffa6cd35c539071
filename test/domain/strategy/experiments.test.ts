import { describe, expect, it } from 'vitest';
import experimentFile from '../../../experiments/cx-vs-traditional.json';
import {
  addRatio,
  assignVariant,
  bucket,
  emptyRatio,
  holdoutAllowed,
  meanInterval,
  parseExperiment,
  ratioInterval,
  wilson,
  type Experiment,
} from '../../../functions/domain/experiments';

const experiment: Experiment = parseExperiment(experimentFile);

describe('experiments', () => {
  it('the shipped experiment file is valid', () => {
    expect(experiment.variants.map((v) => v.id)).toEqual(['champion', 'segmented', 'traditional', 'holdout']);
  });

  it('assigns deterministically by account and experiment', () => {
    const a = assignVariant(experiment, 'acct-42', 'US');
    expect(assignVariant(experiment, 'acct-42', 'US')).toEqual(a);
    expect(bucket('acct-42', experiment.id)).toBe(bucket('acct-42', experiment.id));
    expect(bucket('acct-42', experiment.id)).not.toBe(bucket('acct-42', 'another-experiment'));
  });

  it('splits by the configured weights', () => {
    const counts: Record<string, number> = {};
    const n = 20_000;
    for (let i = 0; i < n; i++) {
      const v = assignVariant(experiment, `acct-${i}`, 'US').variant.id;
      counts[v] = (counts[v] ?? 0) + 1;
    }
    expect(counts.champion / n).toBeCloseTo(0.45, 1);
    expect(counts.segmented / n).toBeCloseTo(0.4, 1);
    expect(counts.traditional / n).toBeCloseTo(0.1, 1);
    expect(counts.holdout / n).toBeGreaterThan(0.03);
    expect(counts.holdout / n).toBeLessThan(0.07);
  });

  it('gives the champion instead of a holdout where the jurisdiction does not allow one', () => {
    const gbHoldouts = [];
    for (let i = 0; i < 2_000; i++) {
      const a = assignVariant(experiment, `acct-${i}`, 'GB');
      expect(a.variant.holdout).toBeUndefined();
      if (a.drawn?.holdout) {
        gbHoldouts.push(a);
        expect(a.variant.id).toBe('champion');
        expect(a.reason).toMatch(/not allowed in GB/);
      }
    }
    expect(gbHoldouts.length).toBeGreaterThan(0);
    expect(holdoutAllowed(experiment, 'US-MA')).toBe(true);
    expect(holdoutAllowed(experiment, 'GB')).toBe(false);
  });

  it('refuses a bad experiment listing every problem with its path', () => {
    let message = '';
    try {
      parseExperiment({
        id: 'Bad',
        name: 'x',
        variants: [
          { id: 'a', weight: 1 },
          { id: 'a', playbook: 'cx-default', weight: -1 },
          { id: 'h', holdout: 'no-contact', playbook: 'cx-default', weight: 1 },
        ],
        champion: 'h',
      });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/^invalid experiment/);
    for (const path of ['id:', 'variants.1.weight:', 'variants.0.playbook:', 'variants.1.id:', 'variants.2.playbook:', 'champion:']) {
      expect(message).toContain(path);
    }
  });

  it('computes Wilson intervals', () => {
    const w = wilson(8, 10);
    expect(w.value).toBe(0.8);
    expect(w.low).toBeCloseTo(0.4902, 3);
    expect(w.high).toBeCloseTo(0.9433, 3);
    expect(wilson(0, 0)).toEqual({ value: 0, low: 0, high: 0, n: 0 });
    const zero = wilson(0, 50);
    expect(zero.low).toBe(0);
    expect(zero.high).toBeGreaterThan(0);
  });

  it('computes mean and ratio intervals that narrow with more data', () => {
    const m = meanInterval(10, 10 * 1, 10);
    expect(m.value).toBe(1);
    expect(m.high - m.low).toBeCloseTo(0, 9);
    const small = emptyRatio();
    const large = emptyRatio();
    for (let i = 0; i < 100; i++) addRatio(small, 100, i % 2 ? 100 : 0);
    for (let i = 0; i < 10_000; i++) addRatio(large, 100, i % 2 ? 100 : 0);
    const a = ratioInterval(small);
    const b = ratioInterval(large);
    expect(a.value).toBeCloseTo(0.5, 9);
    expect(b.value).toBeCloseTo(0.5, 9);
    expect(a.high - a.low).toBeGreaterThan(b.high - b.low);
    expect(a.low).toBeLessThan(0.5);
    expect(a.high).toBeGreaterThan(0.5);
  });
});
