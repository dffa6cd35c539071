/** What a restriction reply limits (functions/domain/conversations/restriction.ts), read from the reply's normal form. */
import { describe, expect, it } from 'vitest';
import { readSentences } from '../../../functions/domain/conversations/known-words';
import { restrictedMedia, restrictedTimes } from '../../../functions/domain/conversations/restriction';

const words = (text: string) => readSentences(text).flatMap((s) => s.words);
const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri'];

describe('restrictedMedia', () => {
  it('closes calls by default, texts and calls when the customer wants email, texts when calls replace them', () => {
    expect(restrictedMedia(words("text only, don't call"))).toEqual(['voice']);
    expect(restrictedMedia(words('no me llamen, escríbanme'))).toEqual(['voice']);
    expect(restrictedMedia(words('please only contact me by email'))).toEqual(['sms', 'voice']);
    expect(restrictedMedia(words('prefiero email, no llamadas'))).toEqual(['sms', 'voice']);
    expect(restrictedMedia(words('email me instead of texting'))).toEqual(['sms', 'voice']);
    expect(restrictedMedia(words('call me instead of texting'))).toEqual(['sms']);
  });
});

describe('restrictedTimes', () => {
  it('reads "after" and "not before" as the hours before them blocked, an afternoon hour unless said', () => {
    expect(restrictedTimes(words('only after 6'))).toEqual({ blockedTimes: [{ start: '00:00', end: '18:00' }] });
    expect(restrictedTimes(words('only after 6pm please'))).toEqual({ blockedTimes: [{ start: '00:00', end: '18:00' }] });
    expect(restrictedTimes(words('solo después de las 5 de la tarde'))).toEqual({ blockedTimes: [{ start: '00:00', end: '17:00' }] });
    expect(restrictedTimes(words('never before 9am'))).toEqual({ blockedTimes: [{ start: '00:00', end: '09:00' }] });
    expect(restrictedTimes(words('never earlier than noon'))).toEqual({ blockedTimes: [{ start: '00:00', end: '12:00' }] });
    expect(restrictedTimes(words('nunca antes de las 10'))).toEqual({ blockedTimes: [{ start: '00:00', end: '10:00' }] });
  });

  it('reads "not after" as the rest of the day blocked', () => {
    expect(restrictedTimes(words('not after 8pm'))).toEqual({ blockedTimes: [{ start: '20:00', end: '24:00' }] });
  });

  it('blocks working hours on weekdays when work is named, until the hour given or 17:00', () => {
    expect(restrictedTimes(words('i am at work till 6, text me after'))).toEqual({
      blockedTimes: [{ start: '09:00', end: '18:00', days: WEEKDAYS }],
      place: 'work',
    });
    for (const text of ["don't call me at work", 'no me llamen al trabajo']) {
      expect(restrictedTimes(words(text)), text).toEqual({
        blockedTimes: [{ start: '09:00', end: '17:00', days: WEEKDAYS }],
        place: 'work',
      });
    }
  });

  it('reads parts of the day and weekends, and nothing when no time can be read', () => {
    expect(restrictedTimes(words('evenings only'))).toEqual({ blockedTimes: [{ start: '00:00', end: '18:00' }] });
    expect(restrictedTimes(words('mornings are bad'))).toEqual({ blockedTimes: [{ start: '00:00', end: '12:00' }] });
    expect(restrictedTimes(words('not at night'))).toEqual({ blockedTimes: [{ start: '20:00', end: '24:00' }] });
    expect(restrictedTimes(words('weekends only'))).toEqual({ blockedTimes: [{ start: '00:00', end: '24:00', days: WEEKDAYS }] });
    expect(restrictedTimes(words('not now'))).toEqual({});
    expect(restrictedTimes(words('only after 30'))).toEqual({});
  });
});
