/** `amicable playbook validate` lints the reading grade of the templates a playbook uses. */
import { describe, expect, it } from 'vitest';
import { amicable, lines } from './run-cli';

describe('amicable playbook validate: readability', () => {
  it.each(['cx-default', 'cx-segmented', 'traditional'])(
    'passes the shipped %s playbook with one readability line, exit 0',
    async (name) => {
      const r = await amicable('playbook', 'validate', `playbooks/${name}.json`);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^OK: playbooks/${name}\\.json is a valid playbook`));
      expect(lines(r.stderr)).toEqual([expect.stringMatching(/^readability: ok \(highest grade \d+\.\d: [a-z-]+ (en|es) (sms|email)\)$/)]);
    },
  );

  it('fails with --max-grade 3, naming each template, language and channel above it, exit 2', async () => {
    const r = await amicable('playbook', 'validate', 'playbooks/cx-default.json', '--max-grade', '3');
    expect(r.code).toBe(2);
    const out = lines(r.stderr);
    expect(out.length).toBeGreaterThan(0);
    for (const l of out) expect(l).toMatch(/^readability: [a-z-]+ \((en|es), (sms|email)\) reads at grade \d+\.\d; aim for 3 or lower$/);
    expect(out).toContainEqual(expect.stringMatching(/^readability: offer-help \(es, email\) reads at grade/));
  });

  it('answers a bad --max-grade, or one given to explain, with one line, exit 2', async () => {
    for (const args of [
      ['playbook', 'validate', 'playbooks/cx-default.json', '--max-grade', 'easy'],
      ['playbook', 'validate', 'playbooks/cx-default.json', '--max-grade=-1'],
      ['playbook', 'explain', 'playbooks/cx-default.json', '--max-grade', '8'],
    ]) {
      const e = await amicable(...args);
      expect(e.code, args.join(' ')).toBe(2);
      expect(lines(e.stderr), args.join(' ')).toHaveLength(1);
    }
  });
});
