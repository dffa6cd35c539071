import { describe, expect, it } from 'vitest';
import cxDefault from '../../playbooks/cx-default.json';
import cxDigitalFirst from '../../playbooks/cx-digital-first.json';
import { DEFAULT_PLAYBOOK, parsePlaybook } from '../../functions/domain/playbook';

describe('playbook schema', () => {
  it('accepts the CX-led ladder: slowing cadence, kind tones, then a person', () => {
    const ladder = parsePlaybook(cxDefault);
    let day = 0;
    const days = ladder.steps.map((s) => (day += s.afterDays));
    expect(days).toEqual([0, 3, 8, 15, 25]);
    expect(ladder.steps.map((s) => s.tone)).toEqual(['friendly', 'friendly', 'clear', 'supportive', 'supportive']);
    expect(ladder.handOffAfterDays).toBeGreaterThan(0);
  });

  it('ships digital first: the same opening steps, an unanswered cycle ends as no response, a person for who needs one', () => {
    const digitalFirst = parsePlaybook(cxDigitalFirst);
    expect(DEFAULT_PLAYBOOK.id).toBe('cx-default');
    expect(digitalFirst.id).toBe('cx-digital-first');
    expect(digitalFirst.steps.map((s) => s.id)).toEqual(parsePlaybook(cxDefault).steps.map((s) => s.id));
    // An unanswered cycle: a letter and the next bill's journey; a person only for a large balance.
    expect(digitalFirst.endOfCadence).toEqual({ action: 'no-response', nextStep: 'letter', handOffFromBalance: 400 });
    expect(digitalFirst.segments?.unreachable?.endOfCadence).toEqual({
      action: 'no-response',
      nextStep: 'letter',
      handOffFromBalance: 150,
    });
    // Those who need a person keep one at the end of the cadence, whatever they owe.
    for (const segment of ['vulnerable', 'early-hardship', 'disputing'] as const)
      expect(digitalFirst.segments?.[segment]?.endOfCadence, segment).toEqual({ action: 'hand-off' });
    expect(digitalFirst.whenToOfferPerson?.segments).toEqual(expect.arrayContaining(['vulnerable', 'early-hardship', 'disputing']));
    // A missed instalment: the portal first, a person on the second miss.
    expect(digitalFirst.care?.personOnMissedInstalment).toBe(2);
    for (const segment of ['likely-self-cure', 'chronic-late-payer', 'broken-promise'] as const) {
      const steps = digitalFirst.segments?.[segment]?.steps ?? [];
      expect(
        steps.every((s) => s.tone !== 'clear' || segment !== 'likely-self-cure'),
        segment,
      ).toBe(true);
      // Every cadence finishes within a billing cycle, so the next bill's journey can start afresh.
      expect(steps.reduce((d, s) => d + s.afterDays, 0) + (digitalFirst.segments?.[segment]?.handOffAfterDays ?? 0), segment).toBeLessThan(
        30,
      );
    }
  });

  it('rejects a bad playbook listing every problem with its path', () => {
    const bad = {
      ...cxDefault,
      id: 'Bad Id',
      steps: [
        { ...cxDefault.steps[0], template: 'pay-or-else', tone: 'threatening' },
        { ...cxDefault.steps[1], afterDays: -1, channel: 'fax' },
      ],
      surprise: true,
    };
    let message = '';
    try {
      parsePlaybook(bad);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/^invalid playbook \(\d+ problems\)/);
    for (const path of ['id:', 'steps.0.template:', 'steps.0.tone:', 'steps.1.afterDays:', 'steps.1.channel:', 'surprise: unknown field']) {
      expect(message).toContain(path);
    }
  });

  it('rejects duplicate ids, repeated channels, unknown fixed channels and a cadence that speeds up', () => {
    const bad = {
      ...cxDefault,
      channelOrder: ['sms', 'sms'],
      steps: [
        cxDefault.steps[0],
        { ...cxDefault.steps[1], id: 's1-friendly', afterDays: 10 },
        { ...cxDefault.steps[2], afterDays: 2, channel: 'voice' },
      ],
    };
    expect(() => parsePlaybook(bad)).toThrow(/channelOrder\.1: sms is listed twice/);
    expect(() => parsePlaybook(bad)).toThrow(/steps\.1\.id: duplicate step id s1-friendly/);
    expect(() => parsePlaybook(bad)).toThrow(/steps\.2\.channel: voice is not in channelOrder/);
    expect(() => parsePlaybook(bad)).toThrow(/steps\.2\.afterDays: gaps between reminders must not shrink/);
  });
});
