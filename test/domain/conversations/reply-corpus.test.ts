/** The labelled reply corpus: large enough, both languages, split by phrasing, reproducible from its templates. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { makeCorpus } from '../../../local/reply-corpus/make';
import { evaluationLines } from '../../../local/reply-evaluation';

const shipped = (name: string) =>
  readFileSync(new URL(`../../../samples/reply-corpus/${name}.jsonl`, import.meta.url), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { text: string; language: string; intent: string });

describe('reply corpus', () => {
  it('is what the generator writes: at least 1,500 replies, both languages, every split holding every intent', () => {
    const { train, test } = makeCorpus();
    expect(shipped('train')).toEqual(train);
    expect(shipped('test')).toEqual(test);
    expect(train.length + test.length).toBeGreaterThanOrEqual(1500);
    for (const split of [train, test]) {
      expect(new Set(split.map((r) => r.language))).toEqual(new Set(['en', 'es']));
      expect(new Set(test.map((r) => r.intent))).toEqual(new Set(train.map((r) => r.intent)));
    }
  });
});

describe('evaluationLines', () => {
  it('reports accuracy per language, safety precision and recall, and counts a safety reply read as collecting', () => {
    const lines = evaluationLines([
      { expected: 'stop', got: 'stop', language: 'en' },
      { expected: 'stop', got: 'promise', language: 'es' },
      { expected: 'pay', got: 'stop', language: 'es' },
      { expected: 'help', got: 'other', language: 'en' },
      { expected: 'other', got: 'other', language: 'en' },
    ]);
    expect(lines[0]).toBe('accuracy                  40.0%  (2/5)');
    expect(lines).toContain('  es                       0.0%  (0/2)');
    expect(lines).toContain('read as other: 40.0% (2/5)');
    expect(lines).toContain('replies with an intent read as other: 25.0% (1/4)');
    expect(lines).toContain('stop                         50.0%     50.0%');
    expect(lines).toContain('safety replies read as collecting: 1');
    expect(lines).toContain('stop                        1    0    0    1    0');
  });
});
