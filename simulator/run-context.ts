/** What one customer's run (customer-run.ts) needs from the strategy it runs under (simulate.ts). */
import type { Playbook } from '../functions/domain/playbook';
import type { Segment } from '../functions/domain/segments';
import type { Behaviour } from './behaviour';
import type { Rng } from './prng';

export interface RunContext {
  readonly b: Behaviour;
  readonly days: number;
  readonly start: number;
  readonly seed: number;
  /** The strategy's whole playbook (segment overrides and whenToOfferPerson); null for the holdout. */
  readonly fullPlaybook: Playbook | null;
  readonly dateChoice: boolean;
  readonly planChoice: boolean;
  /** Reseeded for every use: no allocation per customer. */
  readonly rng: Rng;
  countDecision(): void;
  record(segment: Segment, day: number, field: 'collected' | 'cured' | 'complaints' | 'messages', amount: number): void;
}
