/**
 * Decisions a compliance officer can read quickly: every rule evaluated stays in the reasons, but the
 * ones that decided the action come first, marked `decisive`, and each reason of a profile rule carries
 * that rule's legal citation (from the profile data), so no one has to look the rule id up.
 */
import type { Action, Reason } from '../decision-types';
import type { CompiledProfile } from './types';

const citations = new WeakMap<CompiledProfile, ReadonlyMap<string, string>>();

function citationsOf(profile: CompiledProfile): ReadonlyMap<string, string> {
  let found = citations.get(profile);
  if (!found) {
    found = new Map(profile.rules.map((r) => [r.id, r.source]));
    citations.set(profile, found);
  }
  return found;
}

/** Reasons that record what the engine assumed or derived (where the customer is, which rules apply). */
const isNote = (r: Reason) => r.ruleId.startsWith('profile.') || r.ruleId.startsWith('location.');

/** The reasons that decided this action, by its kind (see README "Reading a decision"). */
function decisiveOf(action: Action, reasons: readonly Reason[], profileRules: ReadonlyMap<string, string>): ReadonlySet<Reason> {
  const pick = (test: (r: Reason) => boolean) => reasons.filter((r) => !isNote(r) && test(r));
  let decisive: Reason[];
  switch (action.type) {
    case 'contact': {
      // What chose this message now (the playbook step, a care message, the notice it carries), else its channel's rules.
      const onChannel = pick((r) => r.channel === action.channel && r.effect === 'allowed');
      const chosen = onChannel.filter((r) => !profileRules.has(r.ruleId));
      decisive = chosen.length ? chosen : onChannel;
      break;
    }
    case 'wait': {
      // The deferral that sets the time; several may agree on it.
      const deferred = pick((r) => r.effect === 'deferred');
      const exact = deferred.filter((r) => r.until === action.until);
      decisive = exact.length ? exact : deferred.length ? deferred : pick((r) => r.effect === 'suppressed');
      break;
    }
    case 'escalate':
    case 'close': {
      const suppressed = pick((r) => r.effect === 'suppressed');
      decisive = action.type === 'close' && action.reason === 'no-usable-channel' ? pick((r) => r.effect !== 'allowed') : suppressed;
      break;
    }
  }
  // Every action has a cause; when none of the above names it, the last reason given is the one that settled it.
  if (decisive.length === 0 && reasons.length > 0) decisive = [reasons[reasons.length - 1]];
  return new Set(decisive);
}

/**
 * The reasons as a decision carries them: decisive ones first (marked), then the engine's assumptions,
 * then every other rule evaluated, each profile rule with its citation.
 */
export function explainReasons(action: Action, reasons: readonly Reason[], profile: CompiledProfile): Reason[] {
  const cite = citationsOf(profile);
  const decisive = decisiveOf(action, reasons, cite);
  // Decisive, then notes, then the rest, each in the order given (a stable partition: every decision runs it).
  const ranked: [Reason[], Reason[], Reason[]] = [[], [], []];
  for (const r of reasons) {
    const annotated: Reason = { ...r };
    const citation = r.citation ?? cite.get(r.ruleId);
    if (citation) annotated.citation = citation;
    if (decisive.has(r)) annotated.decisive = true;
    ranked[annotated.decisive ? 0 : isNote(annotated) ? 1 : 2].push(annotated);
  }
  return ranked[0].concat(ranked[1], ranked[2]);
}
