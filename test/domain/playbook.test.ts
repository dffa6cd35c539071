import { describe, expect, it } from 'vitest';
import cxDefault from '../../playbooks/cx-default.json';
import { DEFAULT_PLAYBOOK, parsePlaybook } from '../../functions/domain/playbook';

describe('playbook schema', () => {
  it('accepts the CX-led default: slowing cadence, kind tones, then a person', () => {
    expect(DEFAULT_PLAYBOOK.id).toBe('cx-default');
    let day = 0;
    const days = DEFAULT_PLAYBOOK.steps.map((s) => (day += s.afterDays));
    expect(days).toEqual([0, 3, 8, 15, 25]);
    expect(DEFAULT_PLAYBOOK.steps.map((s) => s.tone)).toEqual(['friendly', 'friendly', 'clear', 'supportive', 'supportive']);
    expect(DEFAULT_PLAYBOOK.handOffAfterDays).toBeGreaterThan(0);
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
