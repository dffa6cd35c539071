import { describe, expect, it } from 'vitest';
import traditional from '../../../playbooks/traditional.json';
import { differenceInterval } from '../../../functions/domain/analytics/experiment-results';
import { DEFAULT_PLAYBOOK, parsePlaybook } from '../../../functions/domain/playbook';
import { DEFAULT_BEHAVIOUR } from '../../../simulator/behaviour';
import { compareWithChampion } from '../../../simulator/compare';
import { emptyOutcome, KPI_NAMES, kpis, medianInterval } from '../../../simulator/kpis';
import { PAIRED_KPIS, PairedSums, accountTerms } from '../../../simulator/paired';
import { buildSummary, renderText } from '../../../simulator/report';
import { simulate } from '../../../simulator/simulate';

const ladder = parsePlaybook(traditional);

describe('paired comparison over common random numbers', () => {
  it('gives the same customer the same luck under every strategy: a strategy against its twin differs by exactly zero', () => {
    const r = simulate({
      accounts: 400,
      days: 45,
      seed: 2,
      behaviour: DEFAULT_BEHAVIOUR,
      strategies: [
        { name: 'a', playbook: DEFAULT_PLAYBOOK },
        { name: 'b', playbook: DEFAULT_PLAYBOOK },
      ],
    });
    const vs = compareWithChampion(r, 1, 0);
    for (const name of PAIRED_KPIS) {
      expect(vs[name].interval, name).toBe('paired');
      const { low, value, high } = vs[name].difference;
      expect([low, value, high].map(Math.abs), name).toEqual([0, 0, 0]);
    }
    expect(vs['complaint-to-resolution time'].interval).toBe('unpaired');
  });

  it('is narrower than the unpaired interval, centred on the same difference', () => {
    const r = simulate({
      accounts: 1_500,
      days: 60,
      seed: 4,
      behaviour: DEFAULT_BEHAVIOUR,
      strategies: [
        { name: 'traditional', playbook: ladder },
        { name: 'cx-default', playbook: DEFAULT_PLAYBOOK },
      ],
    });
    const [a, b] = r.strategies.map((s) => kpis(s.tallies.all));
    const vs = compareWithChampion(r, 1, 0);
    for (const name of ['recovery rate', 'cure rate', 'hand-offs per 1,000 accounts', 'CSAT'] as const) {
      const unpaired = differenceInterval(b[name], a[name]);
      const paired = vs[name].difference;
      expect(paired.value, name).toBeCloseTo(unpaired.value, 5);
      expect(paired.high - paired.low, name).toBeLessThan(unpaired.high - unpaired.low);
    }
    // b - a is a - b turned round.
    const back = r.paired.difference(0, 1, 'recovery rate');
    expect(back.value).toBeCloseTo(-vs['recovery rate'].difference.value, 6);
    expect(back.low).toBeCloseTo(-vs['recovery rate'].difference.high, 6);
    expect(renderText(buildSummary(r))).toContain('paired over the same customers and draws');
  });

  it('computes the delta-method interval of a paired ratio difference by hand', () => {
    const sums = new PairedSums();
    // Four accounts: cured under a in 3, under b in 1 (all four worked by both): d = 0.5.
    const outcome = (cured: boolean) => accountTerms({ ...blank, cured });
    for (const [x, y] of [
      [true, true],
      [true, false],
      [true, false],
      [false, false],
    ] as const)
      sums.add(outcome(x), outcome(y));
    const d = sums.difference('cure rate');
    // u_i = (a_i - 0.75) - (b_i - 0.25); var = sum(u^2) / (n (n - 1)).
    const u = [0.25 - 0.75, 0.25 + 0.25, 0.25 + 0.25, -0.75 + 0.25];
    const half = 1.959963984540054 * Math.sqrt(u.reduce((s, x) => s + x * x, 0) / 12);
    expect(d.value).toBeCloseTo(0.5, 9);
    expect(d.high - d.value).toBeCloseTo(half, 9);
    expect(KPI_NAMES.length).toBe(PAIRED_KPIS.length + 1);
  });

  it('reports the median with order-statistic bounds', () => {
    expect(medianInterval([])).toEqual({ value: 0, low: 0, high: 0, n: 0 });
    const m = medianInterval([5, 1, 3, 2, 4, 6]);
    expect(m.value).toBe(3.5);
    expect(m.low).toBeLessThanOrEqual(3.5);
    expect(m.high).toBeGreaterThanOrEqual(3.5);
  });
});

const blank = { ...emptyOutcome(100, 100, 0), contacted: true, attempts: 1, rightPartyContacts: 1, messages: 1 };
