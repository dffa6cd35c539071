/**
 * The reply model: a linear classifier over hashed features of the reply in the reader's normal form
 * (character 2-4-grams of each word with its edges, words and word pairs), one weight vector per intent,
 * softmax on top. It generalises past the phrase lists ("quit blowing up my phone" is near "quit texting
 * me"), and it never decides alone: model-combination.ts lets it fill in where the rules found nothing and add
 * caution, never remove it. Weights are data (reply-model.json, int8 per bucket and intent, deflated, base64),
 * trained by local/reply-model/train.ts on the train split only. Pure and fast: one pass over the
 * features, a few hundred multiply-adds.
 */
import type { Sentence } from './normalise';
import { REPLY_INTENTS } from './reply-phrases';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import stored from './reply-model.json';

/** What the model reads: every intent but a survey score (only a pending survey question makes one). */
export const MODEL_INTENTS = REPLY_INTENTS.filter((intent) => intent !== 'survey-score');
export type ModelIntent = (typeof MODEL_INTENTS)[number];

/** Feature buckets: enough to keep collisions rare on short replies, few enough for a small weights file. */
export const MODEL_BUCKETS = 2048;

/** FNV-1a, 32 bits: the same bucket for the same feature on every machine. */
function bucketOf(feature: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < feature.length; i++) {
    h ^= feature.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % MODEL_BUCKETS;
}

/** The distinct feature buckets of a reply, sorted (the same reply gives the same list). */
export function modelFeatures(sentences: readonly Sentence[]): number[] {
  const features = new Set<number>();
  for (const { words, question } of sentences) {
    if (question) features.add(bucketOf('?'));
    for (const [i, word] of words.entries()) {
      features.add(bucketOf(`w:${word}`));
      if (i > 0) features.add(bucketOf(`b:${words[i - 1]} ${word}`));
      const edged = `<${word}>`;
      for (let n = 2; n <= 4; n++) {
        for (let j = 0; j + n <= edged.length; j++) features.add(bucketOf(edged.slice(j, j + n)));
      }
    }
  }
  return [...features].sort((a, b) => a - b);
}

/** Weights as trained: bias per intent, then bucket-major int8 weights times `scale`. */
export interface ModelWeights {
  intents: readonly ModelIntent[];
  buckets: number;
  scale: number;
  bias: readonly number[];
  weights: Int8Array;
}

/** The model's probabilities over MODEL_INTENTS for a feature list (features weigh 1/sqrt(count)). */
export function probabilities(features: readonly number[], model: ModelWeights): number[] {
  const classes = model.intents.length;
  const norm = features.length > 0 ? model.scale / Math.sqrt(features.length) : 0;
  const scores = [...model.bias];
  for (const f of features) {
    const row = f * classes;
    for (let c = 0; c < classes; c++) scores[c] += model.weights[row + c] * norm;
  }
  const top = Math.max(...scores);
  const exp = scores.map((s) => Math.exp(s - top));
  const sum = exp.reduce((a, b) => a + b, 0);
  return exp.map((e) => e / sum);
}

export interface ModelReading {
  intent: ModelIntent;
  /** 0..1: the model's probability of that intent. */
  probability: number;
}

/** The intent the model finds most likely in a reply, with its probability. */
export function readByModel(sentences: readonly Sentence[], model: ModelWeights = shippedModel()): ModelReading {
  const p = probabilities(modelFeatures(sentences), model);
  let best = 0;
  for (let c = 1; c < p.length; c++) if (p[c] > p[best]) best = c;
  return { intent: model.intents[best], probability: p[best] };
}

/**
 * The stored form of the int8 weights: deflated (most are near zero, so it is a third smaller than the
 * bytes, 17 KB less in the inbound-sms bundle), then base64. Lossless: decodeModel gets the same bytes.
 */
export function encodeWeights(weights: Int8Array): string {
  return deflateRawSync(weights, { level: 9 }).toString('base64');
}

/** Decodes the stored weights (deflated int8, base64), checking they were trained for these intents and buckets. */
export function decodeModel(data: { intents: string[]; buckets: number; scale: number; bias: number[]; weights: string }): ModelWeights {
  if (data.buckets !== MODEL_BUCKETS || data.intents.join() !== MODEL_INTENTS.join())
    throw new Error('reply-model.json was trained for other intents or buckets: retrain it (local/reply-model/train.ts)');
  const bytes = inflateRawSync(Buffer.from(data.weights, 'base64'));
  const weights = new Int8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { intents: MODEL_INTENTS, buckets: data.buckets, scale: data.scale, bias: data.bias, weights };
}

let shipped: ModelWeights | undefined;
/** The shipped weights, decoded on first use. */
const shippedModel = (): ModelWeights => (shipped ??= decodeModel(stored));
