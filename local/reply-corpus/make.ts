/**
 * Writes the labelled reply corpus (samples/reply-corpus/train.jsonl and test.jsonl) from the phrasing
 * templates: each template gives a few replies with its alternatives picked and the noise people add
 * (capitals, a typo, dropped accents, stretched letters, an emoji). Deterministic (a seeded generator),
 * no network. The split is by template and fixed before any tuning: every fourth phrasing of an intent
 * and language is test-only, so the test figures measure phrasings the classifier was never tuned on.
 *
 *   npx tsx local/reply-corpus/make.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { seeded, type Random } from './seeded';
import { SLOTS, TEMPLATES, type PhrasingTemplate } from './templates';

const VARIANTS_PER_TEMPLATE = 6;
const ATTEMPTS_PER_TEMPLATE = 40;
const OUT = new URL('../../samples/reply-corpus/', import.meta.url);

const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)];

function expand(text: string, random: Random): string {
  return text
    .replace(/\{(\w+)\}/g, (_, slot: string) => pick(random, SLOTS[slot]))
    .replace(/\[([^\]]*)\]/g, (_, alternatives: string) => pick(random, alternatives.split('|')))
    .replace(/\s+/g, ' ')
    .replace(/ ([,.?!])/g, '$1')
    .trim();
}

/** One typo in one word of four letters or more: two letters swapped, one dropped or one doubled. */
function typo(text: string, random: Random): string {
  const words = text.split(' ');
  const candidates = words.map((w, i) => [w, i] as const).filter(([w]) => /^\p{L}{4,}$/u.test(w));
  if (candidates.length === 0) return text;
  const [word, index] = pick(random, candidates);
  const at = 1 + Math.floor(random() * (word.length - 2));
  const kind = Math.floor(random() * 3);
  words[index] =
    kind === 0
      ? word.slice(0, at) + word[at + 1] + word[at] + word.slice(at + 2)
      : kind === 1
        ? word.slice(0, at) + word.slice(at + 1)
        : word.slice(0, at) + word[at] + word.slice(at);
  return words.join(' ');
}

function noisy(text: string, template: PhrasingTemplate, random: Random): string {
  let s = text;
  if (random() < 0.2) s = typo(s, random);
  if (template.language === 'es' && random() < 0.5) s = s.normalize('NFD').replace(/\p{M}/gu, '').normalize('NFC');
  if (random() < 0.06) s = s.replace(/([aeiou])(?!.*[aeiou])/, '$1$1$1');
  const casing = random();
  if (casing < 0.15) s = s.toUpperCase();
  else if (casing < 0.55) s = s.charAt(0).toUpperCase() + s.slice(1);
  if (!/[?!.]$/.test(s)) s += pick(random, ['', '', '', '.', '!', '!!', ' 🙏', ' 😡', ' 🙄']);
  return s;
}

export interface CorpusReply {
  text: string;
  language: PhrasingTemplate['language'];
  intent: PhrasingTemplate['intent'];
  surveyPending?: boolean;
}

function repliesOf(template: PhrasingTemplate, seed: number): CorpusReply[] {
  const random = seeded(seed);
  const texts = new Set<string>();
  for (let i = 0; i < ATTEMPTS_PER_TEMPLATE && texts.size < VARIANTS_PER_TEMPLATE; i++) {
    texts.add(noisy(expand(template.text, random), template, random));
  }
  return [...texts].map((text) => ({
    text,
    language: template.language,
    intent: template.intent,
    ...(template.surveyPending ? { surveyPending: true } : {}),
  }));
}

/** Train and test replies; a template's replies all land on one side. */
export function makeCorpus(): { train: CorpusReply[]; test: CorpusReply[] } {
  const train: CorpusReply[] = [];
  const test: CorpusReply[] = [];
  const seen = new Map<string, number>();
  for (const [i, template] of TEMPLATES.entries()) {
    const group = `${template.intent}/${template.language}/${template.surveyPending ?? false}`;
    const position = seen.get(group) ?? 0;
    seen.set(group, position + 1);
    (position % 4 === 1 ? test : train).push(...repliesOf(template, 1000 + i));
  }
  return { train, test };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { train, test } = makeCorpus();
  mkdirSync(OUT, { recursive: true });
  for (const [name, replies] of [
    ['train', train],
    ['test', test],
  ] as const) {
    writeFileSync(new URL(`${name}.jsonl`, OUT), replies.map((r) => JSON.stringify(r)).join('\n') + '\n');
    console.log(`samples/reply-corpus/${name}.jsonl: ${replies.length} replies`);
  }
}
