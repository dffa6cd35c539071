/**
 * What one message does to a customer who sees it, under the behaviour model: how contact pressure, the
 * local hour and the tone change harm and willingness to pay, and what the customer then does. The
 * draws come from the message's own stream (the n-th message to a customer draws the same numbers
 * under every strategy), always in the same order.
 */
import { DAY_MS } from '../functions/domain/rules/time';
import type { Segment } from '../functions/domain/segments';
import type { Tone } from '../functions/domain/decision-types';
import type { Behaviour, SegmentBehaviour } from './behaviour';
import type { SimCustomer } from './portfolio';
import type { Rng } from './prng';

export type ContactResult = 'none' | 'paid' | 'promise' | 'plan' | 'partial' | 'dispute' | 'opt-out' | 'asks-for-person';

export interface MessageConditions {
  /** Contacts in the pressure window beyond the free ones, this one included. */
  extraContacts: number;
  /** Factor on the complaint, dispute and opt-out chances. */
  harm: number;
  /** Factor on the chances of paying, promising, a plan or a part payment. */
  payMultiplier: number;
}

/** What the message offers beyond the portal link: a person, a payment date, a plan. */
export interface MessageOffers {
  withPerson: boolean;
  dateChoice: boolean;
  planChoice: boolean;
}

const HOUR_MS = 3_600_000;
const TONE_HARDSHIP = new Set<Segment>(['early-hardship', 'vulnerable']);

/** A tone's factor on willingness to pay for this customer (its own for hardship and vulnerable customers). */
export function tonePay(b: Behaviour, c: SimCustomer, tone: Tone): number {
  const t = b.tone[tone];
  return TONE_HARDSHIP.has(c.trueSegment) ? t.hardshipPay : t.pay;
}

/** The harm and pay factors of a message sent at `at`, given the earlier contacts' times. */
export function messageConditions(
  b: Behaviour,
  c: SimCustomer,
  tone: Tone,
  at: number,
  contactTimes: readonly number[],
): MessageConditions {
  let recent = 0;
  const from = at - b.pressure.windowDays * DAY_MS;
  for (const t of contactTimes) if (t > from) recent++;
  const extraContacts = Math.max(0, recent - b.pressure.freeContacts);
  const local = at + c.utcOffset * HOUR_MS;
  const hour = Math.floor((local % DAY_MS) / HOUR_MS);
  const weekday = (Math.floor(local / DAY_MS) + 4) % 7;
  const inconvenient =
    hour < b.timing.earliestConvenientHour ||
    hour >= b.timing.latestConvenientHour ||
    (c.worksDays && weekday >= 1 && weekday <= 5 && hour >= 9 && hour < 17);
  const t = b.tone[tone];
  const harm = (1 + b.pressure.harmPerExtraContact * extraContacts) * (inconvenient ? b.timing.inconvenientHarm : 1) * t.harm;
  const payMultiplier =
    (tonePay(b, c, tone) * (inconvenient ? b.timing.inconvenientPay : 1)) / (1 + b.pressure.payFatiguePerExtraContact * extraContacts);
  return { extraContacts, harm, payMultiplier };
}

/**
 * What a customer who saw the message does: harm first (a complaint, then a dispute or an opt-out),
 * then paying in full, promising, a plan, paying part, or -- offered a person and doing none of
 * those -- asking for the person (a hand-off the customer chose).
 */
export function reachedCustomer(
  b: Behaviour,
  sb: SegmentBehaviour,
  rng: Rng,
  m: MessageConditions,
  offers: MessageOffers,
): { complained: boolean; result: ContactResult } {
  const complained = rng.next() < Math.min(1, sb.complain * m.harm);
  if (rng.next() < Math.min(1, sb.dispute * m.harm)) return { complained, result: 'dispute' };
  if (rng.next() < Math.min(1, sb.optOut * m.harm)) return { complained, result: 'opt-out' };
  const u = rng.next();
  const pay = Math.min(1, sb.pay * m.payMultiplier);
  const promise =
    sb.promise *
    m.payMultiplier *
    (offers.withPerson ? b.personOffer.promiseMultiplier : 1) *
    (offers.dateChoice ? b.selfService.promiseMultiplier : 1);
  const plan =
    sb.plan *
    m.payMultiplier *
    (offers.withPerson ? b.personOffer.planMultiplier : 1) *
    (offers.planChoice ? b.selfService.planMultiplier : 1);
  const partial = sb.partial * m.payMultiplier;
  const result: ContactResult =
    u < pay
      ? 'paid'
      : u < pay + promise
        ? 'promise'
        : u < pay + promise + plan
          ? 'plan'
          : u < pay + promise + plan + partial
            ? 'partial'
            : offers.withPerson && rng.next() < b.personOffer.takeUp
              ? 'asks-for-person'
              : 'none';
  return { complained, result };
}
