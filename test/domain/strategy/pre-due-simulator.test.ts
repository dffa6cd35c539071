import { describe, expect, it } from 'vitest';
import traditional from '../../../playbooks/traditional.json';
import { DEFAULT_PLAYBOOK, parsePlaybook } from '../../../functions/domain/playbook';
import { behaviourProblems, DEFAULT_BEHAVIOUR, type Behaviour } from '../../../simulator/behaviour';
import { buildSummary, renderHtml, renderText } from '../../../simulator/report';
import { simulate, type Strategy } from '../../../simulator/simulate';

const strategies: Strategy[] = [
  { name: 'cx-default', playbook: DEFAULT_PLAYBOOK },
  { name: 'traditional', playbook: parsePlaybook(traditional) },
];
const run = (behaviour: Behaviour = DEFAULT_BEHAVIOUR) => simulate({ accounts: 600, days: 20, seed: 3, strategies, behaviour });

describe('simulator: bills seen before the due date', () => {
  it('reminds only where the playbook has a preDue block, and the reminder lowers the roll rate', () => {
    const [cx, trad] = run().preDue;
    expect(cx.seen).toBe(trad.seen);
    expect(cx.seen).toBeGreaterThan(100);
    expect(trad).toMatchObject({ reminded: 0, paidBeforeDue: 0, arranged: 0 });
    expect(trad.rollRate.value).toBe(1);
    expect(cx.reminded).toBeGreaterThan(0);
    expect(cx.reminded).toBeLessThan(cx.seen); // only the segments the playbook names
    expect(cx.paidBeforeDue + cx.arranged).toBeGreaterThan(0);
    expect(cx.rollRate.value).toBeCloseTo(1 - (cx.paidBeforeDue + cx.arranged) / cx.seen, 10);
    expect(cx.rollRate.high).toBeLessThan(1);
  });

  it('shows the row in the text and HTML report', () => {
    const summary = buildSummary(run());
    expect(renderText(summary)).toMatch(/pre-due \(bills seen before the due date\)[\s\S]*cx-default \(\d+ seen\)\s+\d+\.\d% \[/);
    expect(renderHtml(summary, DEFAULT_BEHAVIOUR)).toContain('<h2>Before the due date</h2>');
  });

  it('more customers paying on a reminder means a lower roll rate; nothing seen means no row', () => {
    const eager = { ...DEFAULT_BEHAVIOUR, preDue: { ...DEFAULT_BEHAVIOUR.preDue!, payOnReminder: 0.9 } };
    expect(run(eager).preDue[0].rollRate.value).toBeLessThan(run().preDue[0].rollRate.value);
    const unseen = { ...DEFAULT_BEHAVIOUR, preDue: { ...DEFAULT_BEHAVIOUR.preDue!, seenShare: 0 } };
    expect(renderText(buildSummary(run(unseen)))).not.toContain('pre-due');
  });

  it('every preDue parameter carries a source', () => {
    const sources = Object.fromEntries(Object.entries(DEFAULT_BEHAVIOUR.sources).filter(([k]) => !k.startsWith('preDue')));
    expect(behaviourProblems({ ...DEFAULT_BEHAVIOUR, sources })).toEqual(
      expect.arrayContaining([expect.stringMatching(/preDue\.\w+ has no source/)]),
    );
  });
});
