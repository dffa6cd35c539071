import { describe, expect, it } from 'vitest';
import cxDefault from '../../../playbooks/cx-default.json';
import traditional from '../../../playbooks/traditional.json';
import { parsePlaybook } from '../../../functions/domain/playbook';
import behaviourJson from '../../../simulator/behaviour.json';
import { behaviourProblems, DEFAULT_BEHAVIOUR, parameterPaths, sourceOf } from '../../../simulator/behaviour';
import { HEADLINE_KPIS } from '../../../simulator/compare';
import { parseVary, robustness, varyValues, withParameter } from '../../../simulator/robustness';
import { robustnessSection, robustnessText, winningRange } from '../../../simulator/robustness-report';

describe('simulator robustness', () => {
  it('parses --vary, with 5 steps unless given, and refuses what it cannot run', () => {
    expect(parseVary('pressure.harmPerExtraContact=0..0.9')).toEqual({
      parameter: 'pressure.harmPerExtraContact',
      from: 0,
      to: 0.9,
      steps: 5,
    });
    expect(varyValues(parseVary('tone.clear.harm=1..2:3'))).toEqual([1, 1.5, 2]);
    for (const bad of ['harm', 'pressure.harm=0..1:1', 'pressure.harm=a..b', 'x=1..2:40'])
      expect(() => parseVary(bad), bad).toThrow(/--vary/);
  });

  it('sets a parameter, scales a wildcard path by a factor, and refuses a path or value the model refuses', () => {
    expect(withParameter(DEFAULT_BEHAVIOUR, 'pressure.harmPerExtraContact', 0.2).pressure.harmPerExtraContact).toBe(0.2);
    const halved = withParameter(DEFAULT_BEHAVIOUR, 'segments.*.dailySelfCure', 0.5);
    expect(halved.segments['likely-self-cure'].dailySelfCure).toBeCloseTo(
      DEFAULT_BEHAVIOUR.segments['likely-self-cure'].dailySelfCure / 2,
      9,
    );
    expect(halved.segments.vulnerable.dailySelfCure).toBeCloseTo(DEFAULT_BEHAVIOUR.segments.vulnerable.dailySelfCure / 2, 9);
    expect(DEFAULT_BEHAVIOUR.segments.vulnerable.dailySelfCure).toBe(behaviourJson.segments.vulnerable.dailySelfCure);
    expect(() => withParameter(DEFAULT_BEHAVIOUR, 'pressure.noSuchThing', 1)).toThrow(/names no number/);
    expect(() => withParameter(DEFAULT_BEHAVIOUR, 'signalNoise', 2)).toThrow(/signalNoise/);
  });

  it('gives every behaviour parameter a source or "assumption", and refuses a model that leaves one out', () => {
    for (const path of parameterPaths(DEFAULT_BEHAVIOUR)) expect(sourceOf(DEFAULT_BEHAVIOUR.sources, path), path).toBeTruthy();
    expect(sourceOf(DEFAULT_BEHAVIOUR.sources, 'segments.unreachable.reach.sms')).toMatch(/right-party contact/);
    const bad = structuredClone(behaviourJson) as { sources: Record<string, string> };
    delete bad.sources.timing;
    expect(behaviourProblems(bad)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^sources: timing\.inconvenientHarm has no source/)]),
    );
  });

  it('reruns the comparison across a parameter and reports where the challenger still wins', () => {
    const r = robustness({
      behaviour: DEFAULT_BEHAVIOUR,
      strategies: [
        { name: 'traditional', playbook: parsePlaybook(traditional) },
        { name: 'cx-default', playbook: parsePlaybook(cxDefault) },
      ],
      accounts: 600,
      days: 40,
      seed: 3,
      vary: parseVary('pressure.harmPerExtraContact=0..0.9:3'),
    });
    expect(r.points.map((p) => p.value)).toEqual([0, 0.45, 0.9]);
    expect(r.current).toBe(DEFAULT_BEHAVIOUR.pressure.harmPerExtraContact);
    for (const p of r.points) expect(Object.keys(p.challengers['cx-default'])).toEqual([...HEADLINE_KPIS]);
    // Fewer messages per dollar than the ladder at any harm: the ladder sends more whatever the customer does.
    expect(winningRange(r, 'cx-default', 'messages per $ collected')).toBe('0 to 0.9');
    expect(robustnessText(r, 'traditional')).toContain('messages per $ collected: better at 0 to 0.9');
    const html = robustnessSection([r], 'traditional');
    expect(html).toContain('<svg');
    expect(html).toContain('0.45 (model)');
  });
});
