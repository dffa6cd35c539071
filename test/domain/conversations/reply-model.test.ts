/** The reply model (issue 13): reproducible weights, small, and combined so it can add caution but never remove it. */
import { readFileSync, statSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyReply } from '../../../functions/domain/conversations/classify';
import { CAUTION_THRESHOLD, FILL_THRESHOLD, withModelReading } from '../../../functions/domain/conversations/model-combination';
import { decodeModel, encodeWeights, MODEL_BUCKETS, MODEL_INTENTS } from '../../../functions/domain/conversations/reply-model';
import type { ReplyClassification } from '../../../functions/domain/conversations/reply-reading';
import { SAFETY_ORDER } from '../../../functions/domain/conversations/safety-floor';
import { trainingExamples, trainReplyModel, TRAINING_FILES, WEIGHTS_FILE } from '../../../local/reply-model/train';

const ROOT = new URL('../../../', import.meta.url);
const NOW = new Date('2026-03-04T15:00:00Z');
const rank = (intent: string) => SAFETY_ORDER.indexOf(intent as (typeof SAFETY_ORDER)[number]);

describe('the reply model weights', () => {
  it('are what retraining on the train split and the regression set writes, byte for byte', async () => {
    const retrained = `${JSON.stringify(trainReplyModel(await trainingExamples(ROOT)))}\n`;
    expect(retrained).toBe(readFileSync(new URL(WEIGHTS_FILE, ROOT), 'utf8'));
  }, 60_000);

  it('never learn from the test split, and stay under 60 KB', () => {
    expect(TRAINING_FILES.join()).not.toContain('test');
    expect(statSync(new URL(WEIGHTS_FILE, ROOT)).size).toBeLessThanOrEqual(60 * 1024);
  });

  it('decode to exactly the int8 weights that were encoded (the deflated storage is lossless)', () => {
    const stored = JSON.parse(readFileSync(new URL(WEIGHTS_FILE, ROOT), 'utf8'));
    const weights = Int8Array.from({ length: MODEL_BUCKETS * MODEL_INTENTS.length }, (_, i) => ((i * 7919) % 255) - 127);
    expect(decodeModel({ ...stored, weights: encodeWeights(weights) }).weights).toEqual(weights);
    const shipped = decodeModel(stored).weights;
    expect(decodeModel({ ...stored, weights: encodeWeights(shipped) }).weights).toEqual(shipped);
  });

  it('are refused when trained for other intents', () => {
    const stored = JSON.parse(readFileSync(new URL(WEIGHTS_FILE, ROOT), 'utf8'));
    expect(() => decodeModel({ ...stored, intents: stored.intents.slice(1) })).toThrow(/retrain/);
  });
});

const rulesRead = (intent: ReplyClassification['intent'], also?: ReplyClassification['intent'][]): ReplyClassification =>
  intent === 'other'
    ? { intent, ruleId: 'fallback.other', explanation: 'nothing found' }
    : { intent, ruleId: `phrase.${intent}`, matched: 'x', explanation: 'found "x"', ...(also ? { also } : {}) };

describe('rules and model together', () => {
  it('a model reading never removes what the rules read, and never reads a less safe intent than theirs', () => {
    const decided = fc.constantFrom(...SAFETY_ORDER.filter((i) => i !== 'survey-score'));
    fc.assert(
      fc.property(decided, fc.constantFrom(...MODEL_INTENTS), fc.double({ min: 0, max: 1, noNaN: true }), (rules, model, p) => {
        const got = withModelReading(rulesRead(rules), { intent: model, probability: p });
        expect([got.intent, ...(got.also ?? [])]).toContain(rules);
        expect(rank(got.intent)).toBeLessThanOrEqual(rank(rules));
        expect(got.confidence).toBeGreaterThanOrEqual(0);
        expect(got.confidence).toBeLessThanOrEqual(1);
      }),
      { numRuns: 2000 },
    );
  });

  it('adds caution only when sure: a safer reading decides and the rules reading is kept', () => {
    const cautious = withModelReading(rulesRead('pay'), { intent: 'dispute', probability: CAUTION_THRESHOLD });
    expect(cautious).toMatchObject({ intent: 'dispute', ruleId: 'model.dispute', also: ['pay'], confidence: CAUTION_THRESHOLD });
    expect(cautious.matched).toBeUndefined();
    expect(withModelReading(rulesRead('pay'), { intent: 'dispute', probability: CAUTION_THRESHOLD - 0.01 })).toMatchObject({
      intent: 'pay',
      confidence: 1,
    });
    expect(withModelReading(rulesRead('dispute'), { intent: 'pay', probability: 1 })).toMatchObject({ intent: 'dispute' });
  });

  it('fills in where the rules found nothing, when sure, but never with a promise', () => {
    expect(withModelReading(rulesRead('other'), { intent: 'plan', probability: FILL_THRESHOLD })).toMatchObject({
      intent: 'plan',
      ruleId: 'model.plan',
      confidence: FILL_THRESHOLD,
    });
    expect(withModelReading(rulesRead('other'), { intent: 'plan', probability: FILL_THRESHOLD - 0.01 })).toMatchObject({
      intent: 'other',
      ruleId: 'fallback.other',
    });
    expect(withModelReading(rulesRead('other'), { intent: 'promise', probability: 0.99 }).intent).toBe('other');
    expect(withModelReading(rulesRead('other'), { intent: 'other', probability: 0.8 }).confidence).toBe(0.8);
  });

  it('reads revocations no phrase list holds, and says how sure it is', () => {
    for (const text of ['pls quit blowing up my phone', 'olvídense de mi número porfa']) {
      const got = classifyReply(text, { now: NOW });
      expect(got.intent, text).toBe('stop');
      expect(got.ruleId, text).toBe('model.stop');
      expect(got.confidence, text).toBeGreaterThanOrEqual(FILL_THRESHOLD);
    }
    expect(classifyReply('STOP', { now: NOW })).toMatchObject({ intent: 'stop', confidence: 1 });
  });
});
