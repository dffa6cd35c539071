/** The simulator's report as a manager opens it: Chromium, no network, and the screenshot in README.md. */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import cxDefault from '../../playbooks/cx-default.json';
import cxDigitalFirst from '../../playbooks/cx-digital-first.json';
import traditional from '../../playbooks/traditional.json';
import { parsePlaybook } from '../../functions/domain/playbook';
import { DEFAULT_BEHAVIOUR } from '../../simulator/behaviour';
import { buildSummary, renderHtml } from '../../simulator/report';
import { DEFAULT_ROBUSTNESS, robustness } from '../../simulator/robustness';
import { simulate, type Strategy } from '../../simulator/simulate';
import { launchChromium } from './browser';

describe('simulator report in Chromium', () => {
  it('answers "which is better, by how much, how sure" at a glance, with robustness, and a screenshot for README.md', async () => {
    const strategies: Strategy[] = [
      { name: 'traditional', playbook: parsePlaybook(traditional) },
      { name: 'cx-default', playbook: parsePlaybook(cxDefault) },
      { name: 'cx-digital-first', playbook: parsePlaybook(cxDigitalFirst) },
      { name: 'none', playbook: null },
    ];
    const summary = buildSummary(simulate({ accounts: 2_000, days: 90, seed: 5, strategies, behaviour: DEFAULT_BEHAVIOUR }));
    summary.robustness = DEFAULT_ROBUSTNESS.slice(0, 2).map(({ vary, label }) =>
      robustness({
        behaviour: DEFAULT_BEHAVIOUR,
        strategies: strategies.slice(0, 2),
        accounts: 400,
        days: 90,
        seed: 5,
        vary: { ...vary, steps: 3 },
        label,
      }),
    );
    const dir = await mkdtemp(join(tmpdir(), 'amicable-sim-report-'));
    await writeFile(join(dir, 'report.html'), renderHtml(summary, DEFAULT_BEHAVIOUR));
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1200, height: 1000 } });
      const requests: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      await page.goto(`file://${join(dir, 'report.html')}`);
      const glance = page.locator('h2:has-text("Which strategy is better") + ul li');
      expect(await glance.count()).toBe(2);
      expect(await glance.first().innerText()).toMatch(/^cx-default against the champion traditional: recovery rate [+-±]/);
      // Paired intervals, and the live KPIs the simulator now models, in the answer at a glance.
      expect(await glance.first().innerText()).toMatch(/recovery rate [+-±][^;]*\(paired 95% interval/);
      expect(await glance.first().innerText()).toMatch(/CSAT [+-±].*complaint-to-resolution time [+-±][^;]*\(unpaired 95% interval/);
      expect(await page.locator('td.better').count()).toBeGreaterThan(0);
      // The holdout is beside, never crowned.
      expect(await page.locator('td.reference').count()).toBeGreaterThan(0);
      expect(await page.locator('text=day 90').count()).toBeGreaterThan(0);
      expect(await page.locator('h2:has-text("Robustness")').count()).toBe(1);
      expect(requests.filter((u) => !u.startsWith('file://'))).toEqual([]);
      await page.screenshot({ path: new URL('../../docs/screenshots/simulator-report.png', import.meta.url).pathname, fullPage: false });
    } finally {
      await browser.close();
    }
  }, 180_000);
});
