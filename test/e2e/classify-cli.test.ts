/** `amicable classify` as a user runs it: one reply as JSON, or a labelled replies file as a confusion summary. */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { amicable, lines } from './run-cli';
import { classifyCommand } from '../../local/classify-command';

describe('amicable classify', () => {
  it('classifies every line of samples/replies.jsonl as labelled (exit 0) and prints the summary per intent', async () => {
    const r = await amicable('classify', '--file', 'samples/replies.jsonl');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = lines(r.stdout);
    expect(out[0]).toMatch(/^\d+ replies \(en \d+, es \d+\) as of 2026-03-04T15:00:00\.000Z in America\/New_York$/);
    expect(out).toContainEqual(expect.stringMatching(/^stop +\d+ +\d+$/));
    expect(out).toContainEqual(expect.stringMatching(/^promise +\d+ +\d+$/));
    expect(out.at(-1)).toMatch(/^all \d+ replies classified as labelled$/);
  });

  it('classifies one reply and prints the classification as JSON', async () => {
    const r = await amicable('classify', 'I can pay $50 on the 15th', '--time-zone', 'America/Chicago', '--now', '2026-03-04T15:00:00Z');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      intent: 'promise',
      language: 'en',
      ruleId: 'phrase.promise',
      matched: 'can pay',
      promise: { amount: 50, date: '2026-03-15' },
    });

    const survey = await amicable('classify', '5', '--survey-pending');
    expect(JSON.parse(survey.stdout)).toMatchObject({ intent: 'survey-score', score: 5 });
  });

  it('answers a missing text, a bad zone or a bad file with one line and exit 2', async () => {
    const none = await amicable('classify');
    expect(none.code).toBe(2);
    expect(lines(none.stderr)).toEqual([expect.stringMatching(/^amicable: classify needs a reply text/)]);

    const zone = await amicable('classify', 'stop', '--time-zone', 'Mars/Olympus');
    expect(zone.code).toBe(2);
    expect(lines(zone.stderr)).toEqual(['amicable: --time-zone must be an IANA zone such as America/Chicago, got "Mars/Olympus"']);

    const dir = await mkdtemp(join(tmpdir(), 'amicable-classify-'));
    const bad = join(dir, 'bad.jsonl');
    await writeFile(bad, '{"text":"STOP","language":"en","intent":"stop"}\n{"text":"hi","language":"fr","intent":"other"}\n');
    const file = await amicable('classify', '--file', bad);
    expect(file.code).toBe(2);
    expect(lines(file.stderr)).toEqual([expect.stringMatching(/^amicable: .*bad\.jsonl:2: language: /)]);
  });

  it('lists classify in the usage text', async () => {
    const r = await amicable('help');
    expect(r.stdout).toContain('classify "<reply text>" [--survey-pending] [--time-zone <zone>] | classify --file <replies.jsonl>');
  });
});

describe('classifyCommand', () => {
  it('returns 1 and lists each misclassified line under its expected intent', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'amicable-classify-'));
    const file = join(dir, 'replies.jsonl');
    await writeFile(
      file,
      [
        { text: 'STOP', language: 'en', intent: 'stop' },
        { text: 'I lost my job', language: 'en', intent: 'promise' },
        { text: "I'll pay friday", language: 'en', intent: 'promise', promise: { date: '2026-03-07' } },
      ]
        .map((x) => JSON.stringify(x))
        .join('\n'),
    );
    const out: string[] = [];
    const code = await classifyCommand({ file }, (line) => out.push(line));
    expect(code).toBe(1);
    expect(out).toContain('stop               1        1');
    expect(out).toContain('promise            2        0');
    expect(out).toContain('    "I lost my job" (en): got hardship (phrase.hardship "lost my job"), expected promise');
    expect(out).toContain('    "I\'ll pay friday" (en): promise date 2026-03-06, expected 2026-03-07');
    expect(out.at(-1)).toBe('2 of 3 replies misclassified');
  });
});
