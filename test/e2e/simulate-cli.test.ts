/** `amicable simulate` and `amicable playbook` as a user runs them. */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { amicable, lines } from './run-cli';

describe('amicable simulate', () => {
  it('answers bad flags with one line and exit 2, running nothing', async () => {
    for (const args of [
      ['simulate'],
      ['simulate', '--accounts', '10', '--days', '5'],
      ['simulate', '--accounts', 'ten', '--days', '5', '--playbooks', 'cx-default'],
      ['simulate', '--accounts', '10', '--days', '0', '--playbooks', 'cx-default'],
      ['simulate', '--accounts', '10', '--days', '5', '--playbooks', 'cx-default', '--sed', '1'],
      ['simulate', '--accounts', '10', '--days', '5', '--playbooks', 'cx-default,,none'],
      ['simulate', '--accounts', '10', '--days', '5', '--playbooks', 'no-such-playbook'],
    ]) {
      const r = await amicable(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(lines(r.stderr), args.join(' ')).toHaveLength(1);
      expect(r.stdout, args.join(' ')).toBe('');
    }
  }, 180_000);

  it('refuses a champion that is the holdout or not simulated, with one line and exit 2', async () => {
    for (const champion of ['none', 'traditional']) {
      const r = await amicable('simulate', '--accounts', '10', '--days', '5', '--playbooks', 'cx-default,none', '--champion', champion);
      expect(r.code, champion).toBe(2);
      expect(lines(r.stderr), champion).toEqual([expect.stringContaining('--champion must be one of the playbooks simulated')]);
      expect(r.stdout, champion).toBe('');
    }
  });

  it('refuses a bad playbook file on one line naming every problem with its path', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'amicable-sim-'));
    const bad = join(dir, 'bad.json');
    const good = JSON.parse(await readFile('playbooks/cx-default.json', 'utf8')) as Record<string, unknown> & {
      steps: Array<Record<string, unknown>>;
    };
    good.steps[1] = { ...good.steps[1], tone: 'angry', template: 'pay-now' };
    good.handOffAfterDays = -3;
    await writeFile(bad, JSON.stringify(good));
    const r = await amicable('simulate', '--accounts', '10', '--days', '5', '--playbooks', `cx-default,${bad}`);
    expect(r.code).toBe(2);
    expect(lines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toContain('steps.1.template:');
    expect(r.stderr).toContain('steps.1.tone:');
    expect(r.stderr).toContain('handOffAfterDays:');
    expect(r.stdout).toBe('');
  });

  it('prints KPIs per playbook and writes identical summary.json for the same seed', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'amicable-sim-'));
    const args = ['simulate', '--accounts', '300', '--days', '30', '--seed', '42', '--playbooks', 'cx-default,traditional,none', '--quiet'];
    const a = await amicable(...args, '--report', join(dir, 'a'));
    const b = await amicable(...args, '--report', join(dir, 'b'));
    expect(a.code, a.stderr).toBe(0);
    expect(a.stdout).toMatch(/^amicable simulate: 300 accounts x 30 days, seed 42/);
    expect(a.stdout).toMatch(/liquidation rate\s+\d+\.\d% \[/);
    expect(a.stdout).toContain('complaints per 1,000 accounts');
    expect(b.stdout).toBe(a.stdout);
    const sa = await readFile(join(dir, 'a', 'summary.json'), 'utf8');
    expect(await readFile(join(dir, 'b', 'summary.json'), 'utf8')).toBe(sa);
    expect(JSON.parse(sa).strategies.map((s: { name: string }) => s.name)).toEqual(['cx-default', 'traditional', 'none']);
    const html = await readFile(join(dir, 'a', 'report.html'), 'utf8');
    expect(html).toMatch(/KPIs by strategy[\s\S]*<svg/);
    // The report reruns the comparison across the assumptions that carry it (25 small runs each time).
    expect(html).toMatch(/Robustness: where the result holds[\s\S]*segments\.\*\.reach\.\*/);
  }, 240_000);
});

describe('amicable playbook', () => {
  it('validates a good file with one OK line, exit 0', async () => {
    const r = await amicable('playbook', 'validate', 'playbooks/cx-segmented.json');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('OK: playbooks/cx-segmented.json is a valid playbook: cx-segmented version 1.0.0, 5 steps, 5 segment journeys\n');
  });

  it('lists every problem of a bad file with its path, exit 2', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'amicable-pb-'));
    const bad = join(dir, 'bad.json');
    await writeFile(
      bad,
      JSON.stringify({
        id: 'X',
        version: '1',
        name: 'n',
        description: 'd',
        channelOrder: ['fax'],
        steps: [],
        handOffAfterDays: 1,
        extra: 1,
      }),
    );
    const r = await amicable('playbook', 'validate', bad);
    expect(r.code).toBe(2);
    const out = lines(r.stderr);
    expect(out[0]).toMatch(/^amicable: invalid playbook .*bad\.json \(4 problems\):$/);
    expect(out.slice(1).map((l) => l.replace(/^.*bad\.json: /, '').split(':')[0])).toEqual(['id', 'channelOrder.0', 'steps', 'extra']);
  });

  it('explains a playbook per segment, and answers a missing file or subcommand with one line', async () => {
    const r = await amicable('playbook', 'explain', 'playbooks/cx-segmented.json');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Early hardship: Lead with options/);
    for (const args of [['playbook'], ['playbook', 'explain'], ['playbook', 'lint', 'x.json'], ['playbook', 'validate', 'no/such.json']]) {
      const e = await amicable(...args);
      expect(e.code, args.join(' ')).toBe(2);
      expect(lines(e.stderr), args.join(' ')).toHaveLength(1);
    }
  });
});
