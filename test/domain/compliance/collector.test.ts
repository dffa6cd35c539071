/**
 * Who the deployment is: a debt collector keeps Regulation F's window and caps as a floor no profile can
 * loosen; a first-party creditor gets only the rules the profile data marks as binding creditors.
 */
import { describe, expect, it } from 'vitest';
import { decide } from '../../../functions/domain/decide';
import { DEFAULT_PLAYBOOK } from '../../../functions/domain/playbook';
import { BUILT_IN_PROFILES, compileProfile, PROFILE_FILES } from '../../../functions/domain/rules/profile';
import type { CollectorType } from '../../../functions/domain/collector';
import type { HistoryEntry } from '../../../functions/domain/types';
import { june, oneChannelPlaybook, ruleIds, sent } from './helpers';

const seattle = { phone: '+12065550123', address: { country: 'US', region: 'WA' } };

function decideAs(
  collectorType: CollectorType | undefined,
  now: string,
  options: { history?: HistoryEntry[]; account?: ReturnType<typeof june> } = {},
) {
  return decide({
    account: options.account ?? june({ customer: seattle }),
    history: options.history ?? [],
    playbook: oneChannelPlaybook('sms'),
    now: new Date(now),
    collectorType,
  });
}

describe('the collector type', () => {
  it('every shipped rule says whether it applies to a first-party creditor', () => {
    for (const profile of PROFILE_FILES as Array<{ id: string; rules: Array<{ id: string; firstPartyCreditor?: string }> }>) {
      for (const rule of profile.rules)
        expect([profile.id, rule.id, rule.firstPartyCreditor]).toEqual([
          profile.id,
          rule.id,
          expect.stringMatching(/^(binds|policy|exempt)$/),
        ]);
    }
  });

  it("a debt collector: a profile that opens earlier or calls more than Regulation F is held to Regulation F's floor", () => {
    const loose = compileProfile({
      id: 'US-XX',
      extends: 'US',
      name: 'A looser overlay',
      version: 'us-xx-1',
      rules: [{ ...BUILT_IN_PROFILES.get('US')!.entries.find((e) => e.id === 'window.local-hours')!, start: '07:00', end: '22:00' }],
    });
    const at = '2026-06-02T14:15:00Z'; // 07:15 PDT
    const asCollector = decide({
      account: june({ customer: seattle }),
      history: [],
      playbook: DEFAULT_PLAYBOOK,
      now: new Date(at),
      profile: loose,
    });
    expect(asCollector.action).toEqual({ type: 'wait', until: '2026-06-02T15:00:00.000Z' });
    expect(asCollector.reasons.find((r) => r.ruleId === 'window.local-hours')!.detail).toMatch(/08:00-21:00/);
  });

  it("a first-party creditor is not held to Washington's collection-agency cap (RCW 19.16), a debt collector is", () => {
    const week: HistoryEntry[] = [
      sent('2026-06-01T16:00:00Z', 'email', 'e-1'),
      sent('2026-06-02T16:00:00Z', 'voice', 'v-1'),
      sent('2026-06-03T16:00:00Z', 'sms', 'sms-1'),
    ];
    const at = '2026-06-04T16:00:00Z';
    const collector = decideAs('debt-collector', at, { history: week });
    expect(collector.action.type).toBe('wait');
    expect(ruleIds(collector, 'deferred')).toContain('wa.weekly-cap');
    const creditor = decideAs('first-party-creditor', at, { history: week });
    expect(creditor.action).toMatchObject({ type: 'contact', channel: 'sms' });
    expect(ruleIds(creditor)).not.toContain('wa.weekly-cap');
    expect(ruleIds(creditor)).toContain('profile.collector');
  });

  it("a first-party creditor keeps Amicable's 08:00-21:00 window in Washington (policy), never 07:30", () => {
    expect(decideAs('first-party-creditor', '2026-06-02T14:45:00Z').action).toEqual({ type: 'wait', until: '2026-06-02T15:00:00.000Z' });
  });

  it('a first-party creditor sends no validation notice (12 CFR 1006.34 binds debt collectors); a debt collector must', () => {
    const noNotice = june({ customer: seattle, compliance: { validationNoticeSentAt: undefined } });
    const at = '2026-06-02T16:00:00Z';
    expect(decideAs('debt-collector', at, { account: noNotice }).action).toMatchObject({ type: 'contact', template: 'validation-notice' });
    expect(decideAs(undefined, at, { account: noNotice }).action).toMatchObject({ type: 'contact', template: 'validation-notice' });
    expect(decideAs('first-party-creditor', at, { account: noNotice }).action).toMatchObject({
      type: 'contact',
      template: 'reminder-friendly',
    });
  });
});
