import { describe, expect, it } from 'vitest';
import {
  BUILT_IN_PROFILES,
  compileProfile,
  DEFAULT_PROFILE,
  DEFAULT_RULE_SET,
  PROFILE_FILES,
  profileFor,
} from '../../../functions/domain/rules';
import { validationParamsFor } from '../../../functions/domain/rules/profile-composition';
import { decideAt, june, ruleIds } from './helpers';

describe('jurisdiction profiles (data, validated with zod)', () => {
  it('ships US federal, US-MA, US-NY-NYC, US-WA and GB, every rule with a stable id, a description and a citation', () => {
    expect([...BUILT_IN_PROFILES.keys()]).toEqual(['US', 'US-MA', 'US-NY-NYC', 'US-WA', 'GB']);
    for (const profile of BUILT_IN_PROFILES.values()) {
      const ids = profile.rules.map((r) => r.id);
      expect(new Set(ids).size, profile.id).toBe(ids.length);
      for (const rule of profile.rules) {
        expect(rule.id).toMatch(/^[a-z]+\.[a-z-]+$/);
        expect(rule.description.length, rule.id).toBeGreaterThan(10);
        expect(rule.source.length, rule.id).toBeGreaterThan(3);
      }
      const rank = { suppression: 0, window: 1, counter: 2, channel: 3 };
      const stages = profile.rules.map((r) => rank[r.stage]);
      expect(stages, profile.id).toEqual([...stages].sort());
      expect(profile.rules[0].id, 'payment and cease always come first').toBe('status.stop');
    }
  });

  it('composes overlays over US federal: the state adds its caps and keeps every federal rule', () => {
    const us = BUILT_IN_PROFILES.get('US')!;
    const ma = BUILT_IN_PROFILES.get('US-MA')!;
    expect(ma.chain).toEqual(['US-MA', 'US']);
    expect(ma.version).toBe('us-ma-2026.11+us-federal-2026.11');
    expect(ma.rules.map((r) => r.id)).toEqual(expect.arrayContaining([...us.rules.map((r) => r.id), 'ma.call-text-cap']));
    expect(BUILT_IN_PROFILES.get('US-NY-NYC')!.rules.map((r) => r.id)).toEqual(
      expect.arrayContaining(['nyc.contact-cap', 'nyc.electronic-consent', 'regf.call-frequency']),
    );
  });

  it("carries Washington's citation on its window, never earlier than Regulation F's 08:00", () => {
    const wa = BUILT_IN_PROFILES.get('US-WA')!;
    expect(wa.ruleSet.contactWindow).toEqual({ start: '08:00', end: '21:00' });
    expect(wa.rules.find((r) => r.id === 'window.local-hours')!.source).toMatch(/RCW 19\.16\.250/);
    expect(wa.ruleSet.callAttemptCap).toEqual({ attempts: 7, days: 7 });
  });

  it('GB stands alone: no Reg F call cap, no TCPA, Breathing Space and FG21/1 rules', () => {
    const gb = BUILT_IN_PROFILES.get('GB')!;
    const ids = gb.rules.map((r) => r.id);
    expect(ids).not.toContain('regf.call-frequency');
    expect(ids).not.toContain('tcpa.consent');
    expect(ids).toEqual(expect.arrayContaining(['uk.breathing-space', 'fca.vulnerable-person-first', 'fca.vulnerable-frequency']));
    expect(gb.version).toBe('gb-fca-2026.11');
  });

  it('derives the flat federal rule set from the US profile (one source for the numbers)', () => {
    expect(DEFAULT_PROFILE.ruleSet).toEqual(DEFAULT_RULE_SET);
  });

  it('adds a state with no code: a new JSON profile extending US', () => {
    const ca = compileProfile({
      id: 'US-CA',
      extends: 'US',
      name: 'California (example)',
      version: 'us-ca-test.1',
      rules: [
        {
          id: 'ca.contact-cap',
          kind: 'frequency-cap',
          channels: ['sms', 'email', 'voice'],
          max: 2,
          days: 7,
          scope: 'debt',
          description: 'An example cap added as data only.',
          source: 'test',
        },
        { id: 'amicable.email-cap', kind: 'disabled' },
      ],
    });
    expect(ca.version).toBe('us-ca-test.1+us-federal-2026.11');
    expect(ca.rules.map((r) => r.id)).toContain('ca.contact-cap');
    expect(ca.rules.map((r) => r.id)).not.toContain('amicable.email-cap');
    const d = decideAt('2026-06-01T15:00:00Z', june({ jurisdiction: 'US-CA' }), [], { profile: ca });
    expect(d.ruleSetVersion).toBe('us-ca-test.1+us-federal-2026.11');
  });

  it('rejects a bad profile naming the path or the problem', () => {
    const base = PROFILE_FILES[1] as Record<string, unknown>;
    expect(() =>
      compileProfile({
        ...base,
        rules: [
          {
            id: 'ma.cap',
            kind: 'frequency-cap',
            channels: ['fax'],
            max: 0,
            days: 7,
            scope: 'debt',
            description: 'x'.repeat(20),
            source: 'test',
          },
        ],
      }),
    ).toThrow(/rules\.0\.channels\.0[\s\S]*rules\.0\.max/);
    expect(() => compileProfile({ ...base, extends: 'US-ZZ' })).toThrow(/extends unknown profile "US-ZZ"/);
    expect(() => compileProfile({ id: 'XX', name: 'No window', version: 'x.1', rules: [] })).toThrow(/no contact-window rule/);
    expect(() =>
      compileProfile({
        ...base,
        rules: [
          {
            id: 'ma.window',
            kind: 'contact-window',
            start: '09:00',
            end: '20:00',
            description: 'A second window is ambiguous.',
            source: 'test',
          },
        ],
      }),
    ).toThrow(/2 rules of kind contact-window/);
    expect(() => compileProfile({ ...base, rules: [{ id: 'nope.rule', kind: 'disabled' }] })).toThrow(/disables nope\.rule/);
  });

  it('records the profile and its version with every decision', () => {
    const at = '2026-06-01T15:00:00Z';
    expect(decideAt(at, june({ jurisdiction: 'US' })).ruleSetVersion).toBe('us-federal-2026.11');
    expect(decideAt(at, june({ jurisdiction: 'US-MA' })).ruleSetVersion).toBe('us-ma-2026.11+us-federal-2026.11');
    expect(decideAt(at, june({ jurisdiction: 'US-NY-NYC' })).ruleSetVersion).toBe('us-ny-nyc-2026.11+us-federal-2026.11');
    expect(decideAt(at, june({ jurisdiction: 'US-WA' })).ruleSetVersion).toBe('us-wa-2026.11+us-federal-2026.11');
    expect(decideAt(at, june({ jurisdiction: 'GB' })).ruleSetVersion).toBe('gb-fca-2026.11');
  });

  it('decides a jurisdiction without a profile under its parent, and says so', () => {
    expect(profileFor('US-CA')).toMatchObject({ fallback: true, profile: { id: 'US' } });
    expect(profileFor('us-ma')).toMatchObject({ fallback: false, profile: { id: 'US-MA' } });
    const d = decideAt('2026-06-01T15:00:00Z', june({ jurisdiction: 'US-CA' }));
    const fallback = d.reasons.find((r) => r.ruleId === 'profile.fallback');
    expect(fallback).toMatchObject({ effect: 'allowed' });
    expect(fallback!.detail).toMatch(/no jurisdiction profile for US-CA; decided under US/);
    expect(ruleIds(decideAt('2026-06-01T15:00:00Z', june({ jurisdiction: 'US' })))).not.toContain('profile.fallback');
  });

  it('gives the validation-notice numbers without building rules, as the compiled profile has them', () => {
    for (const jurisdiction of [undefined, 'us', 'US-MA', 'US-NY-NYC', 'US-CA', 'GB', 'GB-SCT', 'FR']) {
      expect(validationParamsFor(jurisdiction), String(jurisdiction)).toEqual(profileFor(jurisdiction).profile.validation?.params);
    }
    expect(validationParamsFor('US-CA')).toEqual(DEFAULT_PROFILE.validation!.params);
    expect(validationParamsFor('GB')).toBeUndefined();
  });
});
