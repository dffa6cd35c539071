import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyReply, type ReplyClassification } from '../../../functions/domain/conversations/classify';
import { REPLY_INTENTS } from '../../../functions/domain/conversations/reply-phrases';
import { SAFETY_ORDER } from '../../../functions/domain/conversations/safety-floor';
import { isProtective, PROTECTIVE_INTENTS, withSecondReading } from '../../../functions/domain/conversations/second-reading';

const NOW = new Date('2026-12-01T15:00:00Z');
const MODEL = 'anthropic.claude-3-haiku-20240307-v1:0';
const OTHER: ReplyClassification = { intent: 'other', ruleId: 'fallback.other', explanation: 'No known words.' };
/** Requests and promises whose handling goes on collecting. */
const COLLECTING = ['pay', 'plan', 'promise', 'help', 'survey-score'] as const;
/** What a second reading must never produce: collecting, a payment claim, or 'other' again. */
const NOT_PROTECTIVE = [...COLLECTING, 'already-paid', 'other'] as const;

describe('a second reading only adds caution', () => {
  it('takes a protective intent when the rules found nothing, saying the model decided', () => {
    const read = withSecondReading(OTHER, 'stop', MODEL);
    expect(read).toMatchObject({ intent: 'stop', ruleId: 'model.stop' });
    expect(read.explanation).toContain(MODEL);
  });

  it.each(NOT_PROTECTIVE)('never turns an unplaced reply into %s', (intent) => {
    expect(withSecondReading(OTHER, intent, MODEL)).toBe(OTHER);
  });

  it('never replaces what the rules found, not even with something safer', () => {
    const local = classifyReply('send me the link', { now: NOW });
    expect(local.intent).not.toBe('other');
    expect(withSecondReading(local, 'deceased', MODEL)).toBe(local);
  });

  it('for any local reading and any model answer: the local reading stands, or an unplaced reply becomes protective', () => {
    const local = fc.record({ intent: fc.constantFrom(...REPLY_INTENTS), ruleId: fc.constant('x'), explanation: fc.constant('x') });
    fc.assert(
      fc.property(local, fc.constantFrom(...REPLY_INTENTS), (l, modelIntent) => {
        const read = withSecondReading(l, modelIntent, MODEL);
        if (read !== l) {
          expect(l.intent).toBe('other');
          expect(isProtective(read.intent)).toBe(true);
          expect(COLLECTING).not.toContain(read.intent);
        }
      }),
    );
  });

  it('every protective intent ranks above the collecting ones in the safety floor', () => {
    const rank = (intent: string) => (SAFETY_ORDER as readonly string[]).indexOf(intent);
    const firstCollecting = Math.min(...COLLECTING.map(rank));
    for (const intent of PROTECTIVE_INTENTS) expect(rank(intent), intent).toBeLessThan(firstCollecting);
  });
});
