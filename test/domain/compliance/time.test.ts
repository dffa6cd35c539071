import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseInstant } from '../../../functions/domain/rules/time';

describe('parseInstant (the fast path for ledger times)', () => {
  it('agrees with Date.parse on canonical UTC instants', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.parse('1970-01-01T00:00:00Z'), max: Date.parse('2200-01-01T00:00:00Z') }), (t) => {
        const s = new Date(t).toISOString();
        expect(parseInstant(s)).toBe(Date.parse(s));
        expect(parseInstant(s.replace(/\.\d{3}Z$/, 'Z'))).toBe(Date.parse(s.replace(/\.\d{3}Z$/, 'Z')));
      }),
      { numRuns: 2000 },
    );
  });

  it('matches Date.parse on edge dates, and hands anything else to it', () => {
    for (const s of [
      '2026-02-31T00:00:00Z',
      '2024-02-29T23:59:59.999Z',
      '1900-03-01T00:00:00Z',
      '0100-01-01T00:00:00Z',
      '2026-12-01T15:00:00+01:00',
      '2026-12-01T1::00:00Z',
      '2026-13-01T00:00:00Z',
      '0099-01-01T00:00:00Z',
      'garbage',
      '2026-12-01T15:00:00.1Z',
      '',
    ]) {
      expect(Object.is(parseInstant(s), Date.parse(s)), s).toBe(true);
    }
  });
});
