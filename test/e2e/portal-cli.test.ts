/**
 * `amicable run --portal` as a user runs it: the run prints the links its messages carried, then serves
 * the portal on loopback; a printed link opens (the check is asked), a tampered one is refused, and the
 * page is served with its security headers.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PORTAL_CSP } from '../../functions/domain/portal/security-headers';

const EVENTS = [
  {
    at: '2026-12-01T15:00:00Z',
    'detail-type': 'AccountOverdue',
    detail: {
      accountId: 'acct-p1',
      cycleId: '2026-11',
      amountDue: 90,
      currency: 'USD',
      dueDate: '2026-11-20',
      creditorName: 'Northwind Energy',
      customer: {
        firstName: 'Pat',
        phone: '+12125550161',
        preferredChannel: 'sms',
        address: { country: 'US', region: 'NY', postalCode: '12207' },
        language: 'en',
      },
    },
  },
];

describe('amicable run --portal', () => {
  it('serves the portal after the run, with fresh links for the accounts still open', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'amicable-portal-'));
    const file = join(dir, 'events.jsonl');
    writeFileSync(file, EVENTS.map((e) => JSON.stringify(e)).join('\n') + '\n');
    const port = 20000 + Math.floor(Math.random() * 20000);
    const child = spawn('node', [
      'bin/amicable.mjs',
      'run',
      '--events',
      file,
      '--until',
      '2026-12-02T00:00:00Z',
      '--quiet',
      '--portal',
      '--port',
      String(port),
    ]);
    let stdout = '';
    try {
      const link = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no portal link printed:\n${stdout}`)), 110_000);
        child.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk.toString();
          const found = new RegExp(`acct-p1\\s+(http://127\\.0\\.0\\.1:${port}/#t=\\S+)`).exec(stdout);
          if (found) {
            clearTimeout(timer);
            resolve(found[1]);
          }
        });
        child.once('exit', (code) => reject(new Error(`exited ${code}:\n${stdout}`)));
      });
      // The timeline showed the link the first text carried.
      expect(stdout).toMatch(new RegExp(`message   sms   validation-notice   link http://127\\.0\\.0\\.1:${port}/#t=`));

      const base = `http://127.0.0.1:${port}`;
      const page = await fetch(`${base}/`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-security-policy')).toBe(PORTAL_CSP);
      expect(await page.text()).toMatch(/<html lang=/);

      const token = link.split('#t=')[1];
      const session = await fetch(`${base}/api/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token }),
      });
      expect(await session.json()).toEqual({ check: 'postal-code', language: 'en', help: { phone: '+1 800 555 0100' } });
      const json = { 'content-type': 'application/json' };
      const tampered = await fetch(`${base}/api/session`, {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ token: `${token.slice(0, -1)}${token.endsWith('x') ? 'y' : 'x'}` }),
      });
      expect(tampered.status).toBe(401);
      const verified = await fetch(`${base}/api/verify`, {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ token, answer: '12207' }),
      });
      const { session: bearer } = (await verified.json()) as { session: string };
      const account = await fetch(`${base}/api/account`, { headers: { authorization: `Bearer ${bearer}` } });
      expect(await account.json()).toMatchObject({ firstName: 'Pat', balance: 90, creditorName: 'Northwind Energy' });
    } finally {
      child.kill('SIGINT');
      await new Promise((resolve) => child.once('exit', resolve));
    }
  }, 120_000);
});
