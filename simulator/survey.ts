/** The one 1-5 satisfaction answer after a resolution, under the behaviour model's `satisfaction` parameters. */
import type { Behaviour } from './behaviour';
import type { Rng } from './prng';

/** How the account was resolved, as the score sees it. */
export interface ResolutionPath {
  humanInvolved: boolean;
  /** The most contacts over the free ones the customer met in one window. */
  peakExtraContacts: number;
  complaints: number;
}

/**
 * The customer's answer, or undefined when they do not answer (`responseRate`): the path's score
 * (self-service or a person), less the pressure and the complaints, plus noise, rounded into 1-5.
 */
export function surveyAnswer(s: Behaviour['satisfaction'], rng: Rng, path: ResolutionPath): number | undefined {
  if (rng.next() >= s.responseRate) return undefined;
  const raw =
    (path.humanInvolved ? s.personScore : s.selfServiceScore) -
    s.perExtraContact * path.peakExtraContacts -
    s.perComplaint * path.complaints +
    s.noise * rng.normal();
  return Math.min(5, Math.max(1, Math.round(raw)));
}
