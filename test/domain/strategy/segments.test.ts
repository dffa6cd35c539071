import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  assignSegment,
  describeSegment,
  parseSegmentSignals,
  SEGMENTS,
  segmentSignalsSchema,
  type SegmentSignals,
} from '../../../functions/domain/segments';

describe('segments', () => {
  const cases: Array<[string, SegmentSignals]> = [
    ['likely-self-cure', { daysPastDue: 3, onTimeStreak: 12, propensityToPay: 0.9 }],
    ['early-hardship', { daysPastDue: 5, hardshipDeclared: true }],
    ['early-hardship', { partialPayments: 2, propensityToPay: 0.1, onTimeStreak: 4 }],
    ['chronic-late-payer', { latePaymentsLast12Months: 5 }],
    ['broken-promise', { promisesBroken: 2, promisesKept: 1 }],
    ['unreachable', { engagement: { attempts: 5, delivered: 0 } }],
    ['unreachable', { engagement: { attempts: 4, delivered: 4, opened: 0, clicked: 0, replied: 0 } }],
    ['disputing', { disputing: true, promisesBroken: 3 }],
    ['vulnerable', { vulnerable: true, disputing: true }],
    ['vulnerable', { lifeEvent: true, hardshipDeclared: true }],
  ];
  it.each(cases)('assigns %s with reasons naming the signals', (segment, signals) => {
    const a = assignSegment(signals);
    expect(a.segment).toBe(segment);
    expect(a.reasons.length).toBeGreaterThan(0);
    expect(describeSegment(a)).toMatch(/: .+/);
  });

  it('puts an account with no signals in likely self-cure, saying why', () => {
    expect(assignSegment(undefined)).toEqual({
      segment: 'likely-self-cure',
      reasons: [{ signal: 'default', detail: expect.stringMatching(/forgot/) }],
    });
  });

  it('treats kept promises outweighing broken ones as no broken-promise', () => {
    expect(assignSegment({ promisesBroken: 1, promisesKept: 3, onTimeStreak: 8 }).segment).toBe('likely-self-cure');
  });

  it('protection comes first: vulnerable beats disputing beats everything else', () => {
    expect(assignSegment({ vulnerable: true, disputing: true, hardshipDeclared: true }).segment).toBe('vulnerable');
    expect(assignSegment({ disputing: true, hardshipDeclared: true, latePaymentsLast12Months: 9 }).segment).toBe('disputing');
  });

  it('rejects bad signals naming every path', () => {
    expect(() => parseSegmentSignals({ daysPastDue: -1, propensityToPay: 2, engagement: { opened: 'x' }, mood: 'sad' })).toThrow(
      /daysPastDue: .*engagement\.opened: .*propensityToPay: .*mood: unknown field/s,
    );
  });

  it('is total: any valid signals get one of the segments and at least one reason', () => {
    const count = fc.option(fc.integer({ min: 0, max: 20 }), { nil: undefined });
    const flag = fc.option(fc.boolean(), { nil: undefined });
    const signals = fc.record({
      daysPastDue: count,
      onTimeStreak: count,
      latePaymentsLast12Months: count,
      partialPayments: count,
      promisesKept: count,
      promisesBroken: count,
      hardshipDeclared: flag,
      lifeEvent: flag,
      vulnerable: flag,
      disputing: flag,
      engagement: fc.option(fc.record({ attempts: count, delivered: count, opened: count, clicked: count, replied: count }), {
        nil: undefined,
      }),
      propensityToPay: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
    });
    fc.assert(
      fc.property(signals, (raw) => {
        const s = segmentSignalsSchema.parse(JSON.parse(JSON.stringify(raw)));
        const a = assignSegment(s);
        expect(SEGMENTS).toContain(a.segment);
        expect(a.reasons.length).toBeGreaterThan(0);
        expect(assignSegment(s)).toEqual(a);
      }),
      { numRuns: 300 },
    );
  });
});
