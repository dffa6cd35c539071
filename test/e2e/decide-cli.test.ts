/** `amicable decide` as a user runs it: a file or stdin in, the decision as JSON out; bad input -> one line, exit 2. */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { amicable, lines } from './run-cli';
import { decisionSchema } from '../../functions/domain/rules/decide-schema';

function amicableWithStdin(input: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('node', ['bin/amicable.mjs', ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(input);
  });
}

describe('amicable decide', () => {
  it('decides a request file and prints a schema-valid decision with reasons and next allowed times', async () => {
    const r = await amicable('decide', '--input', 'examples/decide/eastern-phone-pacific-address.json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const decision = JSON.parse(r.stdout);
    expect(decisionSchema.safeParse(decision).success).toBe(true);
    expect(decision.action).toEqual({ type: 'wait', until: '2026-12-01T16:00:00.000Z' });
    expect(decision.reasons.some((x: { ruleId: string }) => x.ruleId === 'window.local-hours')).toBe(true);
    expect(decision.nextAllowed).toEqual({
      sms: '2026-12-01T16:00:00.000Z',
      email: '2026-12-01T16:00:00.000Z',
      voice: '2026-12-01T16:00:00.000Z',
    });
  });

  it('reads the request from stdin with --input - or with no --input', async () => {
    const text = await readFile('examples/decide/massachusetts-text-cap.json', 'utf8');
    for (const args of [['decide', '--input', '-'], ['decide']]) {
      const r = await amicableWithStdin(text, ...args);
      expect(r.code, args.join(' ')).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ ruleSetVersion: 'us-ma-2026.11+us-federal-2026.11', action: { type: 'wait' } });
    }
  });

  it('answers a malformed request with one line naming the paths, and exit 2', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'amicable-decide-'));
    const request = JSON.parse(await readFile('examples/decide/ceased.json', 'utf8'));
    const bad = join(dir, 'bad.json');
    await writeFile(bad, JSON.stringify({ ...request, now: 'soon', account: { ...request.account, status: 'late' } }));
    const r = await amicable('decide', '--input', bad);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(lines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toMatch(/^amicable: invalid decide request: .*account\.status: .*now: /);

    const notJson = join(dir, 'not.json');
    await writeFile(notJson, '{"account": ');
    const broken = await amicable('decide', '--input', notJson);
    expect(broken.code).toBe(2);
    expect(lines(broken.stderr)).toEqual([expect.stringMatching(/^amicable: .*not\.json is not valid JSON/)]);

    const missing = await amicable('decide', '--input', 'no/such/request.json');
    expect(missing.code).toBe(2);
    expect(lines(missing.stderr)).toEqual(['amicable: cannot read request file no/such/request.json: ENOENT']);

    const flag = await amicable('decide', '--inptu', 'x');
    expect(flag.code).toBe(2);
    expect(lines(flag.stderr)).toHaveLength(1);

    const empty = await amicableWithStdin('', 'decide', '--input', '-');
    expect(empty.code).toBe(2);
    expect(lines(empty.stderr)).toEqual(['amicable: stdin is empty; expected one JSON decide request']);
  });

  it('lists decide in the usage text', async () => {
    const r = await amicable('help');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/decide \[--input <file> \| --input -\]/);
  });
});
