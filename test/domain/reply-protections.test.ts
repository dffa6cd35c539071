/** What the protective reply intents record on the account (functions/domain/reply-protections.ts). */
import { describe, expect, it } from 'vitest';
import { applyRestriction, markWrongNumber, recordLegalStatus } from '../../functions/domain/reply-protections';
import type { Channel } from '../../functions/domain/types';
import { account } from './fixtures';

const AT = '2026-03-11T15:00:00.000Z';
const LATER = '2026-03-12T15:00:00.000Z';

function optOuts(): { fn: (channel: Channel, by: string) => void; calls: Array<[Channel, string]> } {
  const calls: Array<[Channel, string]> = [];
  return { fn: (channel, by) => calls.push([channel, by]), calls };
}

describe('markWrongNumber', () => {
  it('ends texts and calls to the number and marks both unusable, keeping the first record', () => {
    const a = account();
    const out = optOuts();
    markWrongNumber(a, AT, out.fn);
    expect(out.calls).toEqual([
      ['sms', 'reply:wrong-number'],
      ['voice', 'reply:wrong-number'],
    ]);
    expect(a.channels.sms.unusable).toEqual({ reason: 'wrong-number reply', at: AT });
    expect(a.channels.voice.unusable).toEqual({ reason: 'wrong-number reply', at: AT });
    expect(a.channels.email.unusable).toBeUndefined();
    markWrongNumber(a, LATER, out.fn);
    expect(a.channels.sms.unusable?.at).toBe(AT);
  });
});

describe('recordLegalStatus', () => {
  it('records attorney, bankruptcy and deceased once, never overwriting an earlier record', () => {
    const a = account();
    recordLegalStatus(a, 'attorney', AT);
    recordLegalStatus(a, 'deceased', AT);
    recordLegalStatus(a, 'bankruptcy', AT);
    recordLegalStatus(a, 'attorney', LATER);
    recordLegalStatus(a, 'deceased', LATER);
    expect(a.compliance?.attorney).toEqual({ since: AT });
    expect(a.compliance?.deceased).toEqual({ reportedAt: AT });
    expect(a.compliance?.bankruptcy).toEqual({});
  });
});

describe('applyRestriction', () => {
  it('closes only the media named and keeps the others open', () => {
    const a = account();
    const out = optOuts();
    expect(applyRestriction(a, { channels: ['voice'] }, out.fn)).toBe(true);
    expect(out.calls).toEqual([['voice', 'reply:medium-restriction']]);
    expect(a.customer.blockedTimes).toBeUndefined();
  });

  it('adds blocked times without repeating one already there', () => {
    const a = account({ customer: { blockedTimes: [{ start: '00:00', end: '09:00' }] } });
    const out = optOuts();
    const work = { start: '09:00', end: '17:00', days: ['mon', 'tue', 'wed', 'thu', 'fri'] as const };
    expect(
      applyRestriction(
        a,
        {
          blockedTimes: [
            { start: '00:00', end: '09:00' },
            { ...work, days: [...work.days] },
          ],
        },
        out.fn,
      ),
    ).toBe(true);
    applyRestriction(a, { blockedTimes: [{ ...work, days: [...work.days] }] }, out.fn);
    expect(a.customer.blockedTimes).toEqual([
      { start: '00:00', end: '09:00' },
      { start: '09:00', end: '17:00', days: ['mon', 'tue', 'wed', 'thu', 'fri'] },
    ]);
    expect(out.calls).toEqual([]);
  });

  it('says so when nothing could be read from the restriction, so a person asks', () => {
    const a = account();
    const out = optOuts();
    expect(applyRestriction(a, undefined, out.fn)).toBe(false);
    expect(applyRestriction(a, { place: 'work' }, out.fn)).toBe(false);
    expect(applyRestriction(a, { channels: [], blockedTimes: [] }, out.fn)).toBe(false);
    expect(a.customer.blockedTimes).toBeUndefined();
  });
});
