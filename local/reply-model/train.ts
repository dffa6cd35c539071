/**
 * Trains the reply model (functions/domain/conversations/reply-model.ts) on the train split of the reply
 * corpus and the regression set, never on the test split, and writes its weights as data
 * (functions/domain/conversations/reply-model.json). Multinomial logistic regression by stochastic
 * gradient descent in a seeded order: the same files give the same weights, byte for byte. No network.
 *
 *   npx tsx local/reply-model/train.ts      (npm run train:replies)
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readSentences } from '../../functions/domain/conversations/known-words';
import {
  encodeWeights,
  MODEL_BUCKETS,
  MODEL_INTENTS,
  modelFeatures,
  type ModelIntent,
} from '../../functions/domain/conversations/reply-model';
import { readLabelledReplies, type LabelledReply } from '../classify-command';
import { seeded, shuffled } from '../reply-corpus/seeded';

/** What the model learns from; samples/reply-corpus/test.jsonl is held out and must never be listed. */
export const TRAINING_FILES = ['samples/reply-corpus/train.jsonl', 'samples/replies.jsonl'] as const;
export const WEIGHTS_FILE = 'functions/domain/conversations/reply-model.json';

const EPOCHS = 30;
const LEARNING_RATE = 1;
const DECAY = 0.1;
const L2 = 1e-5;
const SEED = 13;

export interface TrainingExample {
  text: string;
  intent: ModelIntent;
}

/**
 * The labelled replies of the training files (read and checked line by line: a bad line stops training
 * and names its file and line), survey answers left out (the model reads no scores).
 */
export async function trainingExamples(root: URL): Promise<TrainingExample[]> {
  const files = await Promise.all(TRAINING_FILES.map((file) => readLabelledReplies(fileURLToPath(new URL(file, root)))));
  return files
    .flat()
    .filter((r): r is LabelledReply & TrainingExample => r.intent !== 'survey-score' && !r.surveyPending)
    .map(({ text, intent }) => ({ text, intent }));
}

export interface StoredModel {
  trainedOn: readonly string[];
  examples: number;
  intents: ModelIntent[];
  buckets: number;
  scale: number;
  bias: number[];
  weights: string;
}

function softmax(scores: Float64Array): Float64Array {
  let top = -Infinity;
  for (const s of scores) top = Math.max(top, s);
  let sum = 0;
  const out = scores.map((s) => {
    const e = Math.exp(s - top);
    sum += e;
    return e;
  });
  return out.map((e) => e / sum);
}

/** One pass of gradient descent on the log loss over the examples in the given order. */
function epoch(rows: ReadonlyArray<{ features: number[]; label: number }>, w: Float64Array, bias: Float64Array, rate: number): void {
  const classes = bias.length;
  for (const { features, label } of rows) {
    const value = 1 / Math.sqrt(features.length);
    const scores = Float64Array.from(bias);
    for (const f of features) for (let c = 0; c < classes; c++) scores[c] += w[f * classes + c] * value;
    const p = softmax(scores);
    for (let c = 0; c < classes; c++) {
      const gradient = p[c] - (c === label ? 1 : 0);
      bias[c] -= rate * gradient;
      for (const f of features) w[f * classes + c] -= rate * (gradient * value + L2 * w[f * classes + c]);
    }
  }
}

/** Trains on the examples and returns the weights as stored (int8 per bucket and intent, deflated, base64). */
export function trainReplyModel(examples: readonly TrainingExample[]): StoredModel {
  const classes = MODEL_INTENTS.length;
  const rows = examples
    .map((e) => ({ features: modelFeatures(readSentences(e.text)), label: MODEL_INTENTS.indexOf(e.intent) }))
    .filter((r) => r.features.length > 0);
  const w = new Float64Array(MODEL_BUCKETS * classes);
  const bias = new Float64Array(classes);
  const random = seeded(SEED);
  for (let e = 0; e < EPOCHS; e++) epoch(shuffled(rows, random), w, bias, LEARNING_RATE / (1 + DECAY * e));
  const scale = w.reduce((m, x) => Math.max(m, Math.abs(x)), 0) / 127;
  const quantised = Int8Array.from(w, (x) => Math.round(x / scale));
  return {
    trainedOn: TRAINING_FILES,
    examples: rows.length,
    intents: [...MODEL_INTENTS],
    buckets: MODEL_BUCKETS,
    scale: Number(scale.toPrecision(8)),
    bias: [...bias].map((b) => Number(b.toFixed(4))),
    weights: encodeWeights(quantised),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const root = new URL('../../', import.meta.url);
  const started = performance.now();
  const model = trainReplyModel(await trainingExamples(root));
  const json = `${JSON.stringify(model)}\n`;
  writeFileSync(new URL(WEIGHTS_FILE, root), json);
  console.log(
    `${WEIGHTS_FILE}: ${model.examples} examples, ${(json.length / 1024).toFixed(1)} KB, trained in ${Math.round(performance.now() - started)} ms`,
  );
}
