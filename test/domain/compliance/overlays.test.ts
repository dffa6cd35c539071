/** State and city rules follow the customer: overlays derived from everything known, strictest wins. */
import { describe, expect, it } from 'vitest';
import { applicableOverlays, profileForAccount } from '../../../functions/domain/rules/jurisdiction-overlays';
import { decideAt, june, oneChannelPlaybook, sent } from './helpers';

const day = (n: number) => `2026-06-${String(n).padStart(2, '0')}T15:00:00.000Z`;
const smsOnly = oneChannelPlaybook('sms', 10, 0);

describe('jurisdiction overlays from where the customer lives', () => {
  it('a Boston address and a 617 number get Massachusetts rules under jurisdiction US: no third text in seven days', () => {
    const boston = june({
      jurisdiction: 'US',
      customer: { phone: '+16175550142', address: { country: 'US', region: 'MA', city: 'Boston', postalCode: '02108' } },
    });
    const history = [sent(day(1), 'sms', 'sms-1'), sent(day(3), 'sms', 'sms-2')];
    const d = decideAt(day(5), boston, history, { playbook: smsOnly });
    expect(d.action).toEqual({ type: 'wait', until: day(8) });
    expect(d.reasons).toContainEqual(expect.objectContaining({ ruleId: 'ma.call-text-cap', effect: 'deferred' }));
    expect(d.reasons).toContainEqual({
      ruleId: 'profile.overlay',
      effect: 'allowed',
      detail: 'US-MA rules apply: address region MA, postal code 021xx, phone area code 617',
    });
  });

  it.each([
    ['address region', { address: { country: 'US', region: 'WA' } }, 'US-WA'],
    ['postal code', { address: { country: 'US', postalCode: '98101' } }, 'US-WA'],
    ['phone area code', { phone: '+12065550123' }, 'US-WA'],
    ['address city', { address: { country: 'US', region: 'NY', city: 'Brooklyn' } }, 'US-NY-NYC'],
    ['NYC postal code', { address: { country: 'US', postalCode: '10001' } }, 'US-NY-NYC'],
  ])('derives an overlay from the %s', (_what, customer, id) => {
    const a = june({ jurisdiction: 'US', customer: { email: 'x@example.com', phone: undefined, address: undefined, ...customer } });
    expect(applicableOverlays(a).map((o) => o.jurisdiction)).toEqual([id]);
  });

  it('the billing field adds a jurisdiction but never removes one: both apply, strictest per rule', () => {
    const a = june({ jurisdiction: 'US-MA', customer: { phone: '+12065550123', address: { country: 'US', region: 'WA' } } });
    const { profile, notes } = profileForAccount(a);
    expect(notes.filter((n) => n.ruleId === 'profile.overlay').map((n) => n.detail)).toEqual([
      'US-MA rules apply: the billing field',
      'US-WA rules apply: address region WA, phone area code 206',
    ]);
    const ids = profile.entries.map((e) => e.id);
    expect(ids).toEqual(expect.arrayContaining(['ma.call-text-cap', 'wa.weekly-cap', 'regf.call-frequency']));
    expect(profile.entries.find((e) => e.id === 'window.local-hours')).toMatchObject({ start: '08:00', end: '21:00' });
  });

  it('an area code signals a state, not a city: a 212 number alone does not bring New York City rules', () => {
    expect(applicableOverlays(june({ jurisdiction: 'US', customer: { phone: '+12125550123', address: undefined } }))).toEqual([]);
  });
});
