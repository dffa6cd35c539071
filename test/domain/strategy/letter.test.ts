import { describe, expect, it } from 'vitest';
import cxDigitalFirst from '../../../playbooks/cx-digital-first.json';
import { parsePlaybook, type Playbook } from '../../../functions/domain/playbook';
import { DEFAULT_BEHAVIOUR, parseBehaviour, type Behaviour } from '../../../simulator/behaviour';
import { simulate } from '../../../simulator/simulate';

const digitalFirst = parsePlaybook(cxDigitalFirst);
/** Every unanswered cycle ends as no response with this next step (no person at any balance). */
const endingWith = (nextStep: 'letter' | 'later-cycle'): Playbook => ({
  ...digitalFirst,
  endOfCadence: { action: 'no-response', nextStep },
  segments: Object.fromEntries(
    Object.entries(digitalFirst.segments ?? {}).map(([s, o]) => [s, { ...o, endOfCadence: { action: 'no-response' as const, nextStep } }]),
  ),
});
const withLetterReach = (reach: number): Behaviour =>
  parseBehaviour({ ...DEFAULT_BEHAVIOUR, letter: { ...DEFAULT_BEHAVIOUR.letter!, reach } });

function totals(behaviour: Behaviour, playbook: Playbook) {
  const r = simulate({ accounts: 600, days: 90, seed: 4, strategies: [{ name: 'p', playbook }], behaviour });
  const t = r.strategies[0].tallies.all;
  return { collected: t.collected, messages: t.messages, cost: t.cost, rightParty: t.rightPartyContacts, noResponse: t.noResponse };
}

describe('simulator: the letter after an unanswered cycle', () => {
  it('costs a message and postage, and changes nothing else when nobody reads it', () => {
    const laterCycle = totals(withLetterReach(0), endingWith('later-cycle'));
    const unread = totals(withLetterReach(0), endingWith('letter'));
    expect(laterCycle.noResponse).toBeGreaterThan(50);
    // One letter for each cycle that closed unanswered; the texts, emails and calls draw the same numbers.
    expect(unread.collected).toBeCloseTo(laterCycle.collected, 6);
    expect(unread.messages).toBeGreaterThanOrEqual(laterCycle.messages + laterCycle.noResponse);
    expect(unread.cost - laterCycle.cost).toBeCloseTo((unread.messages - laterCycle.messages) * DEFAULT_BEHAVIOUR.letter!.cost, 6);
    // A model without the letter sends none.
    const withoutLetter = parseBehaviour({ ...DEFAULT_BEHAVIOUR, letter: undefined });
    expect(withoutLetter.letter).toBeUndefined();
    expect(totals(withoutLetter, endingWith('letter')).messages).toBe(laterCycle.messages);
  });

  it('read, it is answered like a message: more right-party contacts and more collected', () => {
    const unread = totals(withLetterReach(0), endingWith('letter'));
    const read = totals(withLetterReach(1), endingWith('letter'));
    expect(read.rightParty).toBeGreaterThan(unread.rightParty + 20);
    expect(read.collected).toBeGreaterThan(unread.collected);
  });
});
