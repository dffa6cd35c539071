/** Contact windows: per profile, intersected over every zone the customer may be in, minus their own blocked times. */
import { describe, expect, it } from 'vitest';
import { blockedTimeSchema } from '../../../functions/domain/rules/compliance-schema';
import { decideAt, june } from './helpers';

describe('contact windows', () => {
  // Reg F commentary 6(b)(1)-2: an Eastern mobile number and a Pacific address: only 11:00-21:00 Eastern.
  const bicoastal = june({
    openedAt: '2026-12-01T14:00:00Z',
    customer: { phone: '+12125550123', address: { country: 'US', region: 'CA' } },
  });

  it('worked example: Eastern phone, Pacific address -> 11:00-21:00 Eastern only', () => {
    const early = decideAt('2026-12-01T15:00:00Z', bicoastal); // 10:00 ET, 07:00 PT
    expect(early.action).toEqual({ type: 'wait', until: '2026-12-01T16:00:00.000Z' }); // 11:00 ET = 08:00 PT
    expect(early.reasons.find((r) => r.effect === 'deferred')!.detail).toMatch(/America\/Los_Angeles/);
    expect(decideAt('2026-12-01T16:00:00Z', bicoastal).action.type).toBe('contact');
    expect(decideAt('2026-12-02T01:59:00Z', bicoastal).action.type).toBe('contact'); // 20:59 ET
    expect(decideAt('2026-12-02T02:00:00Z', bicoastal).action).toEqual({ type: 'wait', until: '2026-12-02T16:00:00.000Z' }); // 21:00 ET
  });

  it("Washington's 07:30 never opens earlier than Regulation F's 08:00 (the federal window is the floor)", () => {
    const seattle = { phone: '+12065550123', address: { country: 'US', region: 'WA' } };
    const at = '2026-06-02T14:45:00Z'; // 07:45 PDT
    expect(decideAt(at, june({ jurisdiction: 'US-WA', customer: seattle })).action).toEqual({
      type: 'wait',
      until: '2026-06-02T15:00:00.000Z',
    });
    expect(decideAt(at, june({ jurisdiction: 'US', customer: seattle })).action).toEqual({
      type: 'wait',
      until: '2026-06-02T15:00:00.000Z',
    });
    expect(decideAt('2026-06-02T15:00:00Z', june({ jurisdiction: 'US-WA', customer: seattle })).action.type).toBe('contact');
  });

  it('the United Kingdom: 08:00-21:00 local (CONC 7.9, MCOB 13.5)', () => {
    const uk = june({ jurisdiction: 'GB', customer: { phone: '+447700900123', address: { country: 'GB' } } });
    expect(decideAt('2026-06-02T06:30:00Z', uk).action).toEqual({ type: 'wait', until: '2026-06-02T07:00:00.000Z' }); // 07:30 BST
    expect(decideAt('2026-06-02T07:00:00Z', uk).action.type).toBe('contact');
  });

  it("honours the customer's own inconvenient times, on the days they named", () => {
    const a = june({ customer: { blockedTimes: [{ start: '09:00', end: '12:00', days: ['tue'] }] } });
    const tue = decideAt('2026-06-02T15:00:00Z', a); // Tue 10:00 CDT
    expect(tue.action).toEqual({ type: 'wait', until: '2026-06-02T17:00:00.000Z' });
    expect(tue.reasons).toContainEqual(
      expect.objectContaining({ ruleId: 'window.customer-blocked', effect: 'deferred', until: '2026-06-02T17:00:00.000Z' }),
    );
    expect(decideAt('2026-06-03T15:00:00Z', a).action.type).toBe('contact'); // Wednesday
  });

  it('honours a range over midnight: "not after 10 at night, not before 10 in the morning"', () => {
    const a = june({ customer: { blockedTimes: [{ start: '22:00', end: '10:00' }] } });
    expect(decideAt('2026-06-02T14:00:00Z', a).action).toEqual({ type: 'wait', until: '2026-06-02T15:00:00.000Z' }); // Tue 09:00 CDT
    expect(decideAt('2026-06-02T15:00:00Z', a).action.type).toBe('contact'); // 10:00 CDT
    expect(decideAt('2026-06-03T01:30:00Z', a).action.type).toBe('contact'); // 20:30 CDT
    expect(blockedTimeSchema.safeParse({ start: '22:00', end: '10:00' }).success).toBe(true);
    expect(blockedTimeSchema.safeParse({ start: '10:00', end: '10:00' }).success).toBe(false);
  });

  it('a range over midnight belongs to the evening it starts on', () => {
    const mondayNight = june({ customer: { blockedTimes: [{ start: '22:00', end: '10:00', days: ['mon'] }] } });
    expect(decideAt('2026-06-02T14:00:00Z', mondayNight).action).toEqual({ type: 'wait', until: '2026-06-02T15:00:00.000Z' }); // Tue 09:00: Monday night's range
    const tuesdayNight = june({ customer: { blockedTimes: [{ start: '22:00', end: '10:00', days: ['tue'] }] } });
    expect(decideAt('2026-06-02T14:00:00Z', tuesdayNight).action.type).toBe('contact');
    expect(decideAt('2026-06-03T14:00:00Z', tuesdayNight).action).toEqual({ type: 'wait', until: '2026-06-03T15:00:00.000Z' }); // Wed 09:00
  });

  it('chains the night window and a blocked morning: 06:00 -> 08:00 -> 10:00', () => {
    const a = june({ customer: { blockedTimes: [{ start: '08:00', end: '10:00' }] } });
    const d = decideAt('2026-06-02T11:00:00Z', a); // 06:00 CDT
    expect(d.action).toEqual({ type: 'wait', until: '2026-06-02T15:00:00.000Z' });
    // The customer's blocked morning sets 10:00 (decisive, first); the night window pushed it to 08:00 before.
    expect(d.reasons.filter((r) => r.effect === 'deferred').map((r) => [r.ruleId, r.decisive])).toEqual([
      ['window.customer-blocked', true],
      ['window.local-hours', undefined],
    ]);
  });
});
