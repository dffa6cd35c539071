/**
 * What a restriction reply limits, read from its words in the classifier's normal form: a medium ("text
 * only, don't call": calls end, texts go on; 12 CFR 1006.14(h)) or a time or place ("only after 6pm",
 * "don't call me at work": a blocked time, 12 CFR 1006.6(b)(1)). When a reply names work without hours,
 * the usual working hours (weekdays 9:00-17:00) are blocked and a person confirms them: the customer is
 * never reached in the hours they may be at work while we ask.
 */
import type { BlockedTime, Channel, WeekdayCode } from '../types';

export interface ReplyRestriction {
  /** Media the customer asked us not to use; the others stay open. */
  channels?: Channel[];
  /** Local times to avoid, as the customer put them. */
  blockedTimes?: BlockedTime[];
  /** The customer named their workplace (the hours are assumed until a person confirms them). */
  place?: 'work';
}

const EMAIL_ONLY = / (?:email only|only email|by email|email me instead|por correo|prefiero email|prefiero correo) /;
const NOT_TEXTS = / instead of texting /;

/** Calls by default ("stop calling", "no me llamen"); texts too when the customer wants email only. */
export function restrictedMedia(words: readonly string[]): Channel[] {
  const t = ` ${words.join(' ')} `;
  if (EMAIL_ONLY.test(t)) return ['sms', 'voice'];
  if (NOT_TEXTS.test(t)) return ['sms'];
  return ['voice'];
}

const WEEKDAYS: WeekdayCode[] = ['mon', 'tue', 'wed', 'thu', 'fri'];
const hhmm = (hour: number) => `${String(hour).padStart(2, '0')}:00`;

/** "6", "6pm", "9 am", "noon": the hour of the day, an afternoon hour when the reply does not say. */
function hourOf(number: string, suffix: string | undefined, afternoonUnlessSaid: boolean): number | undefined {
  const n = Number(number);
  if (!Number.isInteger(n) || n < 1 || n > 24) return undefined;
  if (suffix === 'am' || suffix === 'manana') return n === 12 ? 0 : n;
  if (suffix === 'pm' || suffix === 'tarde' || suffix === 'noche' || (afternoonUnlessSaid && n <= 7)) return n < 12 ? n + 12 : n;
  return n;
}

const HOUR = String.raw`(\d{1,2})(?::00)?(?: ?(am|pm)| de la (manana|tarde|noche))?`;
const AFTER = new RegExp(` (?:after|past|despues de las|despues de la) ${HOUR} `);
const BEFORE = new RegExp(` (?:never|not|nunca|no) (?:before|earlier than|antes de las|antes de la) ${HOUR} `);
const UNTIL = new RegExp(` (?:until|till|til|hasta las|hasta la) ${HOUR} `);
const NOT_AFTER = new RegExp(` (?:never|not|nunca|no) (?:after|despues de las) ${HOUR} `);

/** The hours a time-or-place reply blocks; place 'work' when it names work; nothing when no hours could be read. */
export function restrictedTimes(words: readonly string[]): ReplyRestriction {
  const t = ` ${words.join(' ')} `.replace(/ noon | mediodia /g, ' 12 pm ');
  let m = NOT_AFTER.exec(t);
  if (m) {
    const hour = hourOf(m[1], m[2] ?? m[3], true);
    if (hour !== undefined) return { blockedTimes: [{ start: hhmm(hour), end: '24:00' }] };
  }
  m = AFTER.exec(t);
  if (m) {
    const hour = hourOf(m[1], m[2] ?? m[3], true);
    if (hour !== undefined && hour > 0) return { blockedTimes: [{ start: '00:00', end: hhmm(hour) }] };
  }
  m = BEFORE.exec(t);
  if (m) {
    const hour = hourOf(m[1], m[2] ?? m[3], false);
    if (hour !== undefined && hour > 0) return { blockedTimes: [{ start: '00:00', end: hhmm(hour) }] };
  }
  const atWork = / (?:work|job|workplace|trabajo|trabajando) /.test(t);
  m = UNTIL.exec(t);
  if (m && atWork) {
    const hour = hourOf(m[1], m[2] ?? m[3], true);
    if (hour !== undefined && hour > 9) return { blockedTimes: [{ start: '09:00', end: hhmm(hour), days: WEEKDAYS }], place: 'work' };
  }
  if (/ (?:evenings? only|only in the evening|en la noche|por la noche) /.test(t))
    return { blockedTimes: [{ start: '00:00', end: '18:00' }] };
  if (/ (?:mornings?|afternoons? only|mananas|manana no|en la tarde) /.test(t)) return { blockedTimes: [{ start: '00:00', end: '12:00' }] };
  if (/ (?:not at night|at night) /.test(t)) return { blockedTimes: [{ start: '20:00', end: '24:00' }] };
  if (/ (?:weekends?|fines de semana|fin de semana) /.test(t)) return { blockedTimes: [{ start: '00:00', end: '24:00', days: WEEKDAYS }] };
  return atWork ? { blockedTimes: [{ start: '09:00', end: '17:00', days: WEEKDAYS }], place: 'work' } : {};
}
