/** The behaviour model's `letter` parameters: how a letter after an unanswered cycle is read (letter.ts). */
import * as z from 'zod';

const p = z.number().min(0).max(1);

/** The behaviour model's `letter` parameters (each needs a source in behaviour.json); absent: no letter is modelled. */
export const letterBehaviourSchema = z
  .object({
    /** A letter sent is read by the customer (the right party), whatever their digital channels. */
    reach: p,
    /** Days from the cycle's close to the letter's arrival. */
    daysToArrive: z.number().int().min(0).max(30),
    /** Printing and postage, USD. */
    cost: z.number().min(0),
  })
  .strict();
