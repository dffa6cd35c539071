/**
 * The letter: the next step a playbook may name for a cycle that ends as no response
 * (`endOfCadence.nextStep: "letter"`, functions/domain/no-response.ts publishes it). Post needs no
 * consent and no working digital address, and is how the regulations expect a collector to reach
 * someone it cannot otherwise reach; the next bill's journey starts afresh after it, as for
 * `later-cycle`. The behaviour model's `letter` parameters (assumptions) say how often the customer
 * reads it; a customer who does answers it as they would a friendly message that offers a person
 * (the letter carries the portal link and the number to call), with no pressure or timing effect: a
 * letter arrives days after the last message and is read when the customer chooses.
 */
import type { Behaviour, SegmentBehaviour } from './behaviour';
import { reachedCustomer, tonePay, type MessageConditions, type MessageOffers } from './contact';
import type { SimCustomer } from './portfolio';
import type { Rng } from './prng';

/** A letter's effect on the customer who reads it: the friendly tone's, nothing else. */
function letterConditions(b: Behaviour, c: SimCustomer): MessageConditions {
  return { extraContacts: 0, harm: b.tone.friendly.harm, payMultiplier: tonePay(b, c, 'friendly') };
}

/**
 * What the customer makes of a letter that arrived: nothing when unread; read, their answer to a
 * friendly message offering a person (the letter carries the number to call).
 */
export function readLetter(b: Behaviour, sb: SegmentBehaviour, c: SimCustomer, rng: Rng, portal: Omit<MessageOffers, 'withPerson'>) {
  if (!b.letter || rng.next() >= b.letter.reach) return undefined;
  return reachedCustomer(b, sb, rng, letterConditions(b, c), { ...portal, withPerson: true });
}
