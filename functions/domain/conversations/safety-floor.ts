/**
 * The safety floor: when a reply carries several intents, the one whose handling is safest for the
 * customer decides, and nothing that would keep collecting can outvote it. Legal status first (a person
 * takes over and contact stops), then the wrong party, revocation, complaint and dispute, then limits on
 * how we may contact, then support, and only last the requests and promises that go on collecting.
 * The other intents are kept beside the decision (a STOP with "I already paid" opts out and records the
 * payment claim).
 */
import type { ReplyIntent } from './reply-phrases';

export const SAFETY_ORDER = [
  'deceased',
  'bankruptcy',
  'attorney',
  'wrong-number',
  'stop',
  'complaint',
  'dispute',
  'restrict-medium',
  'restrict-time-or-place',
  'third-party',
  'hardship',
  'already-paid',
  'wants-person',
  'help',
  'plan',
  'pay',
  'survey-score',
  'promise',
] as const satisfies readonly ReplyIntent[];

export type DecidingIntent = (typeof SAFETY_ORDER)[number];

const RANK = new Map<ReplyIntent, number>(SAFETY_ORDER.map((intent, i) => [intent, i]));

/** Candidates from safest to most pressing (a stable sort: equally safe ones keep their order). */
export function safestFirst<T extends { intent: DecidingIntent }>(candidates: readonly T[]): T[] {
  return [...candidates].sort((a, b) => (RANK.get(a.intent) ?? 0) - (RANK.get(b.intent) ?? 0));
}
