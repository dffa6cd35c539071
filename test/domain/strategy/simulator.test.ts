import { describe, expect, it } from 'vitest';
import cxDefault from '../../../playbooks/cx-default.json';
import cxDigitalFirst from '../../../playbooks/cx-digital-first.json';
import cxSegmented from '../../../playbooks/cx-segmented.json';
import traditional from '../../../playbooks/traditional.json';
import { parsePlaybook } from '../../../functions/domain/playbook';
import { SEGMENTS } from '../../../functions/domain/segments';
import behaviourJson from '../../../simulator/behaviour.json';
import { behaviourProblems, DEFAULT_BEHAVIOUR } from '../../../simulator/behaviour';
import { KPI_NAMES } from '../../../simulator/kpis';
import { PortfolioGenerator } from '../../../simulator/portfolio';
import { buildSummary, renderHtml, renderText } from '../../../simulator/report';
import { simulate, type Strategy } from '../../../simulator/simulate';

const cxDefaultPlaybook = parsePlaybook(cxDefault);
const strategies: Strategy[] = [
  { name: 'cx-default', playbook: cxDefaultPlaybook },
  { name: 'cx-segmented', playbook: parsePlaybook(cxSegmented) },
  { name: 'traditional', playbook: parsePlaybook(traditional) },
  { name: 'none', playbook: null },
];

function run(seed: number, accounts = 600, days = 60) {
  return buildSummary(simulate({ accounts, days, seed, strategies, behaviour: DEFAULT_BEHAVIOUR }));
}

describe('strategy simulator', () => {
  it('same seed, same numbers; another seed, other numbers', () => {
    const a = run(11);
    expect(JSON.stringify(run(11))).toBe(JSON.stringify(a));
    expect(JSON.stringify(run(12))).not.toBe(JSON.stringify(a));
  });

  it('reports every KPI from collections-practice.md with an interval around the value', () => {
    const s = run(3);
    for (const st of s.strategies) {
      for (const name of KPI_NAMES) {
        const e = st.kpis[name];
        expect(e.low, `${st.name} ${name}`).toBeLessThanOrEqual(e.value + 1e-9);
        expect(e.high, `${st.name} ${name}`).toBeGreaterThanOrEqual(e.value - 1e-9);
      }
      expect(Object.keys(st.segments)).toEqual([...SEGMENTS]);
      expect(st.daily.all.liquidation).toHaveLength(60);
    }
  });

  it('the holdout sends nothing and calls no decision; playbooks do both', () => {
    const s = run(5);
    const none = s.strategies.find((x) => x.name === 'none')!;
    expect(none.decisions).toBe(0);
    expect(none.kpis['right-party contact rate'].n).toBe(0);
    expect(none.kpis['complaints per 1,000 accounts'].value).toBe(0);
    for (const st of s.strategies.filter((x) => x.name !== 'none')) {
      expect(st.decisions).toBeGreaterThan(600);
      expect(st.kpis['right-party contact rate'].n).toBeGreaterThan(600);
    }
  });

  it('with the default model, outreach beats the holdout and the rigid ladder draws more complaints than CX-led', () => {
    const s = run(21, 4_000, 90);
    const by = Object.fromEntries(s.strategies.map((x) => [x.name, x.kpis]));
    expect(by['cx-default']['cure rate'].low).toBeGreaterThan(by.none['cure rate'].high);
    expect(by.traditional['complaints per 1,000 accounts'].value).toBeGreaterThan(by['cx-default']['complaints per 1,000 accounts'].value);
    expect(by.traditional['opt-out rate'].low).toBeGreaterThan(by['cx-default']['opt-out rate'].high);
  });

  it('compares every strategy with the champion and marks better or worse only where the interval excludes zero', () => {
    const s = run(21, 2_000, 90);
    expect(s.champion).toBe('cx-default');
    expect(s.strategies.find((x) => x.name === 'cx-default')!.vsChampion).toBeUndefined();
    for (const st of s.strategies.filter((x) => x.vsChampion)) {
      for (const name of KPI_NAMES) {
        const c = st.vsChampion![name];
        const d = c.difference;
        // A KPI with no denominator on one side (the holdout's per-contact rates) is not comparable.
        if (d.n > 0) expect(d.value, `${st.name} ${name}`).toBeCloseTo(st.kpis[name].value - s.strategies[0].kpis[name].value, 5);
        else expect(['not comparable', 'reference'], `${st.name} ${name}`).toContain(c.verdict);
        if (st.holdout) expect(c.verdict, `${st.name} ${name}`).toBe('reference');
        else if (c.verdict === 'better' || c.verdict === 'worse') expect(d.low * d.high, `${st.name} ${name}`).toBeGreaterThan(0);
        else if (d.n > 0) expect(d.low * d.high, `${st.name} ${name}`).toBeLessThanOrEqual(0);
      }
    }
    // The rigid ladder draws clearly more complaints than the champion: marked worse, never better.
    const traditionalVs = s.strategies.find((x) => x.name === 'traditional')!.vsChampion!;
    expect(traditionalVs['opt-out rate'].verdict).toBe('worse');
    const html = renderHtml(s, DEFAULT_BEHAVIOUR);
    expect(html).toContain('none (holdout)');
    // Every difference of the holdout is shown as a reference, one per KPI row, never as better.
    expect(html.match(/<td class="reference"/g)).toHaveLength(KPI_NAMES.length);
    expect(html).toContain('day 90</text>');
    expect(html).toMatch(/text-anchor="end" font-size="11" fill="#52606d">day 90</);
  });

  it('puts staff workload and people cost among the KPIs, from the configured minutes per hand-off', () => {
    const slow = { ...DEFAULT_BEHAVIOUR, staff: { minutesPerHandOff: 60, costPerAgentHour: 40 } };
    const s = buildSummary(simulate({ accounts: 500, days: 40, seed: 8, strategies, behaviour: slow }), 'traditional');
    expect(s.champion).toBe('traditional');
    for (const st of s.strategies) {
      const handOffs = st.kpis['hand-offs per 1,000 accounts'].value;
      expect(st.kpis['agent hours per 1,000 accounts'].value).toBeCloseTo(handOffs, 4);
      expect(st.kpis['people cost per 1,000 accounts'].value).toBeCloseTo(handOffs * 40, 2);
    }
    expect(renderText(s)).toContain('cost to collect (USD spent per USD collected)');
  });

  it('records the validation notice as the live journey does; the digital-first playbook hands off far fewer at a fraction of the complaints', () => {
    const s = buildSummary(
      simulate({
        accounts: 1_500,
        days: 90,
        seed: 6,
        strategies: [
          { name: 'traditional', playbook: parsePlaybook(traditional) },
          { name: 'cx-default', playbook: cxDefaultPlaybook },
          { name: 'cx-digital-first', playbook: parsePlaybook(cxDigitalFirst) },
        ],
        behaviour: DEFAULT_BEHAVIOUR,
      }),
    );
    const [ladder, cx, digital] = s.strategies;
    // Before the notice was recorded, every account still open five days after its first message was
    // handed to a person (validation-notice-missing): two in three.
    expect(cx.kpis['hand-offs per 1,000 accounts'].value).toBeLessThan(450);
    expect(cx.kpis['no-response rate'].value).toBe(0);
    expect(digital.kpis['no-response rate'].value).toBeGreaterThan(0.03);
    // Against the ladder: two in five fewer hand-offs (a letter, not a person, after an unanswered cycle
    // with a small balance; a person on the second missed instalment), complaints at most half, recovery
    // not worse, fewer messages per dollar; and customers more satisfied.
    expect(digital.kpis['hand-offs per 1,000 accounts'].value).toBeLessThanOrEqual(ladder.kpis['hand-offs per 1,000 accounts'].value * 0.6);
    expect(digital.vsChampion!['hand-offs per 1,000 accounts'].verdict).toBe('better');
    expect(digital.vsChampion!['recovery rate'].verdict).not.toBe('worse');
    expect(digital.kpis['complaints per 1,000 accounts'].value).toBeLessThanOrEqual(ladder.kpis['complaints per 1,000 accounts'].value / 2);
    expect(digital.vsChampion!['messages per $ collected'].verdict).toBe('better');
    expect(digital.vsChampion!.CSAT.verdict).toBe('better');
  });

  it('models CSAT after a resolution and the complaint-to-resolution median, none for the holdout', () => {
    const s = run(9, 1_000, 60);
    const none = s.strategies.find((x) => x.name === 'none')!;
    expect(none.kpis.CSAT.n).toBe(0);
    expect(none.kpis['complaint-to-resolution time'].n).toBe(0);
    for (const st of s.strategies.filter((x) => !x.holdout)) {
      const csat = st.kpis.CSAT;
      expect(csat.value, st.name).toBeGreaterThanOrEqual(1);
      expect(csat.value, st.name).toBeLessThanOrEqual(5);
      expect(st.kpis['CSAT response rate'].value, st.name).toBeCloseTo(DEFAULT_BEHAVIOUR.satisfaction.responseRate, 1);
      const t = st.kpis['complaint-to-resolution time'];
      expect(t.n, st.name).toBeGreaterThan(0);
      expect(t.low).toBeLessThanOrEqual(t.value);
      expect(t.high).toBeGreaterThanOrEqual(t.value);
    }
    // The ladder's pressure and complaints cost it satisfaction.
    const by = Object.fromEntries(s.strategies.map((x) => [x.name, x.kpis]));
    expect(by.traditional.CSAT.high).toBeLessThan(by['cx-default'].CSAT.low);
    // No pressure, no complaints and no difference between paths: every strategy scores the same.
    const flat = {
      ...DEFAULT_BEHAVIOUR,
      satisfaction: { ...DEFAULT_BEHAVIOUR.satisfaction, perExtraContact: 0, perComplaint: 0, personScore: 4.3, noise: 0 },
    };
    const f = buildSummary(simulate({ accounts: 300, days: 40, seed: 9, strategies, behaviour: flat }));
    for (const st of f.strategies.filter((x) => !x.holdout)) expect(st.kpis.CSAT.value, st.name).toBe(4);
  });

  it('generates the same portfolio for the same seed and a mix close to the configured one', () => {
    const g1 = new PortfolioGenerator(DEFAULT_BEHAVIOUR, 9, Date.parse('2027-01-04T00:00:00Z'));
    const g2 = new PortfolioGenerator(DEFAULT_BEHAVIOUR, 9, Date.parse('2027-01-04T00:00:00Z'));
    expect(g1.generate(17)).toEqual(g2.generate(17));
    const counts: Record<string, number> = {};
    for (let i = 0; i < 5_000; i++) {
      const c = g1.generate(i);
      counts[c.trueSegment] = (counts[c.trueSegment] ?? 0) + 1;
    }
    expect(counts['likely-self-cure'] / 5_000).toBeCloseTo(DEFAULT_BEHAVIOUR.segmentMix['likely-self-cure']!, 1);
  });

  it('refuses a bad behaviour model naming every path', () => {
    const bad = structuredClone(behaviourJson) as Record<string, unknown> & { segments: Record<string, Record<string, unknown>> };
    bad.segmentMix = { ...(bad.segmentMix as object), vulnerable: 0.5 };
    bad.segments.unreachable.reach = { sms: 2, email: 0.1, voice: 0.1 };
    bad.surprise = 1;
    const problems = behaviourProblems(bad);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^segments\.unreachable\.reach\.sms: /),
        expect.stringMatching(/^surprise: unknown field/),
      ]),
    );
    const mixOnly = structuredClone(behaviourJson) as Record<string, unknown>;
    mixOnly.segmentMix = { ...(mixOnly.segmentMix as object), vulnerable: 0.5 };
    expect(behaviourProblems(mixOnly)).toEqual([expect.stringMatching(/^segmentMix: shares must add up to 1/)]);
  });

  it('prints a KPI table and writes a self-contained HTML report with SVG charts', () => {
    const s = run(4, 300, 30);
    const text = renderText(s);
    expect(text).toMatch(/^amicable simulate: 300 accounts x 30 days, seed 4/);
    for (const name of KPI_NAMES) expect(text).toContain(name);
    const html = renderHtml(s, { description: 'model <notes>', sources: DEFAULT_BEHAVIOUR.sources });
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<svg');
    expect(html).toContain('model &lt;notes&gt;');
    expect(html).not.toMatch(/<script|<link|src="http/);
  });
});
