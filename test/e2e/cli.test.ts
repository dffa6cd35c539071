/** The amicable CLI as a user runs it: one-line errors with a non-zero exit, and a report on success. */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { amicable, lines } from './run-cli';

describe('amicable CLI', () => {
  it('answers a missing --events with one line and exit 2', async () => {
    const r = await amicable('run');
    expect(r.code).toBe(2);
    expect(lines(r.stderr)).toEqual(['amicable: run needs --events <file> (JSON lines of billing events) or --placement <file>']);
  });

  it('answers a placement file it cannot read with one line naming the problem and exit 2, before starting anything', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'amicable-cli-'));
    const broken = join(dir, 'broken.csv');
    await writeFile(broken, 'accountId,cycleId\n"a-1,c-1\n');
    const cases: Array<[string[], RegExp]> = [
      [['run', '--placement', 'no/such/file.csv'], /^amicable: --placement: no such file no\/such\/file\.csv$/],
      [
        ['run', '--events', 'samples/events.jsonl', '--playbook', 'nope'],
        /^amicable: --playbook must name a shipped playbook \(a file in playbooks\/\), got "nope"$/,
      ],
      [['run', '--placement', broken], /not a CSV file with a header row: CSV_QUOTE_NOT_CLOSED at line \d/],
    ];
    for (const [args, message] of cases) {
      const r = await amicable(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(lines(r.stderr), args.join(' ')).toEqual([expect.stringMatching(message)]);
    }
  }, 180_000);

  it('answers an unknown flag, an unknown command and a bad --until with one line each', async () => {
    for (const args of [['run', '--evnts', 'x'], ['fly'], ['run', '--events', 'samples/events.jsonl', '--until', 'tomorrow']]) {
      const r = await amicable(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(lines(r.stderr), args.join(' ')).toHaveLength(1);
    }
  });

  it('names the missing file and the broken line of a bad events file', async () => {
    const missing = await amicable('run', '--events', 'no/such/file.jsonl');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read events file no\/such\/file\.jsonl: ENOENT/);

    const dir = await mkdtemp(join(tmpdir(), 'amicable-cli-'));
    const bad = join(dir, 'bad.jsonl');
    await writeFile(bad, '{"at":"2026-12-01T10:00:00Z","detail-type":"PaymentReceived","detail":{}}\n{not json\n');
    const broken = await amicable('run', '--events', bad);
    expect(broken.code).toBe(2);
    expect(lines(broken.stderr)).toHaveLength(1);
    expect(broken.stderr).toMatch(/bad\.jsonl:2: not valid JSON/);

    await writeFile(bad, '{"detail-type":"PaymentReceived","detail":{}}\n');
    const noTime = await amicable('run', '--events', bad);
    expect(noTime.code).toBe(2);
    expect(noTime.stderr).toMatch(/bad\.jsonl:1: at:/);
  });

  it('runs a file end to end and writes timeline.json and summary.json', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'amicable-cli-'));
    const events = join(dir, 'events.jsonl');
    await writeFile(
      events,
      [
        {
          at: '2026-12-01T12:00:00Z',
          'detail-type': 'AccountOverdue',
          detail: {
            accountId: 'cli-1',
            cycleId: 'c1',
            amountDue: 42.5,
            currency: 'USD',
            dueDate: '2026-11-20',
            creditorName: 'Northwind Energy',
            customer: { firstName: 'Pat', phone: '+14155550142', preferredChannel: 'sms' },
          },
        },
        {
          at: '2026-12-05T18:00:00Z',
          'detail-type': 'PaymentReceived',
          detail: { accountId: 'cli-1', paymentId: 'p1', amount: 42.5, currency: 'USD', paidAt: '2026-12-05T18:00:00Z' },
        },
      ]
        .map((e) => JSON.stringify(e))
        .join('\n'),
    );
    const r = await amicable('run', '--events', events, '--report', join(dir, 'out'));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/cli-1 · cycle c1/);
    expect(r.stdout).toMatch(/message\s+sms\s+validation-notice/);
    expect(r.stdout).toMatch(/closed: paid/);
    expect(r.stdout).not.toMatch(/"level"|CloudWatchMetrics/);

    const timeline = JSON.parse(await readFile(join(dir, 'out', 'timeline.json'), 'utf8')) as Array<Record<string, unknown>>;
    const first = timeline[0];
    expect(first).toMatchObject({ accountId: 'cli-1', at: expect.stringMatching(/Z$/), reasons: expect.any(Array) });
    for (const entry of timeline) expect(['message', 'blocked', 'wait', 'escalated', 'closed']).toContain(entry.kind);
    // 12:00Z is 04:00 in San Francisco: the first message reserves its paced second inside that day's
    // window (08:00-21:00 Pacific) at once and waits for it, said as a pacing.sms wait (one wake-up).
    const message = timeline.find((e) => e.kind === 'message') as { at: string };
    expect(message).toMatchObject({ channel: 'sms', template: 'validation-notice' });
    expect(message.at >= '2026-12-01T16:00:00.000Z' && message.at < '2026-12-02T05:00:00.000Z', message.at).toBe(true);
    const paced = timeline.find(
      (e) => e.kind === 'wait' && (e.reasons as Array<{ ruleId: string }>).some((r) => r.ruleId === 'pacing.sms'),
    );
    expect(paced).toMatchObject({ at: '2026-12-01T12:00:00.000Z' });

    const summary = JSON.parse(await readFile(join(dir, 'out', 'summary.json'), 'utf8'));
    expect(summary.journeys).toMatchObject({ started: 1, closed: { paid: 1 }, failed: 0 });
    expect(summary.amounts.USD).toMatchObject({ overdue: 42.5, paid: 42.5, recoveryRate: 1 });
  });

  it('ends non-zero with a loud line when an event was rejected (a payment that never arrived)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'amicable-cli-'));
    const events = join(dir, 'events.jsonl');
    const overdue = {
      at: '2026-12-01T12:00:00Z',
      'detail-type': 'AccountOverdue',
      detail: {
        accountId: 'cli-r',
        cycleId: 'c1',
        amountDue: 42.5,
        currency: 'USD',
        dueDate: '2026-11-20',
        creditorName: 'Northwind Energy',
        customer: { firstName: 'Pat', email: 'pat@example.com' },
      },
    };
    const typo = {
      at: '2026-12-02T12:00:00Z',
      'detail-type': 'PaymentRecieved',
      detail: { accountId: 'cli-r', paymentId: 'p1', amount: 42.5, currency: 'USD', paidAt: '2026-12-02T12:00:00Z' },
    };
    await writeFile(events, [overdue, typo].map((e) => JSON.stringify(e)).join('\n'));
    const r = await amicable('run', '--events', events, '--until', '2026-12-03T00:00:00Z', '--quiet');
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toMatch(/amicable: REJECTED 1 event\(s\) \(1 PaymentRecieved\)/);
    expect(r.stdout).toMatch(/did you mean PaymentReceived\?/);
    const allowed = await amicable('run', '--events', events, '--until', '2026-12-03T00:00:00Z', '--quiet', '--allow-rejections');
    expect(allowed.code, allowed.stderr).toBe(0);
    expect(allowed.stderr).toMatch(/REJECTED 1 event/);
  }, 240_000);
});
