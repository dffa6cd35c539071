/** Typo tolerance (issue 13): one slip of the thumb on a revocation keyword is still a revocation (FCC 24-24). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyReply } from '../../../functions/domain/conversations/classify';
import { REPLY_KEYWORDS } from '../../../functions/domain/conversations/reply-phrases';

const NOW = new Date('2026-03-04T15:00:00Z');
const STOP_KEYWORDS = REPLY_KEYWORDS.filter((k) => k.intent === 'stop').map((k) => k.keyword);
/** An edit that spells another intent's keyword exactly ("parar" -> "pagar") is that keyword, not a typo. */
const OTHER_KEYWORDS = new Set(REPLY_KEYWORDS.filter((k) => k.intent !== 'stop').map((k) => k.keyword));
const letter = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz');

/** One edit: a letter inserted, deleted or replaced, or two neighbours swapped. */
const oneEdit = (word: string) =>
  fc.oneof(
    fc.tuple(fc.nat({ max: word.length }), letter).map(([i, c]) => word.slice(0, i) + c + word.slice(i)),
    fc.nat({ max: word.length - 1 }).map((i) => word.slice(0, i) + word.slice(i + 1)),
    fc.tuple(fc.nat({ max: word.length - 1 }), letter).map(([i, c]) => word.slice(0, i) + c + word.slice(i + 1)),
    fc.nat({ max: word.length - 2 }).map((i) => word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2)),
  );

describe('typo tolerance', () => {
  it('one random edit of every STOP keyword, in any case, is still stop', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...STOP_KEYWORDS).chain((keyword) =>
          fc.tuple(
            fc.constant(keyword),
            oneEdit(keyword).filter((typo) => !OTHER_KEYWORDS.has(typo)),
            fc.boolean(),
          ),
        ),
        ([keyword, typo, upper]) => {
          const text = upper ? typo.toUpperCase() : typo;
          const got = classifyReply(text, { now: NOW });
          expect(got.intent, `${keyword} -> ${text}`).toBe('stop');
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('misspelt phrases and keywords in longer replies are read as meant', () => {
    for (const [text, intent] of [
      ['Stpo', 'stop'],
      ['unsubscibe', 'stop'],
      ['S T O P', 'stop'],
      ['s.t.o.p', 'stop'],
      ['stoooop', 'stop'],
      ['quit txting me plz', 'stop'],
      ['no mas mensjaes', 'stop'],
      ['dejen de mandarme msjs', 'stop'],
      ['wrong numbr', 'wrong-number'],
      ['my lawer will call you', 'attorney'],
      ['i filed for bankrupcy', 'bankruptcy'],
      ['plan de pagso porfa', 'plan'],
    ] as const) {
      expect(classifyReply(text, { now: NOW }).intent, text).toBe(intent);
    }
  });
});
