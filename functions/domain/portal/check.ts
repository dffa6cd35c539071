/**
 * The identity check before the portal shows anything (third parties must not learn of the debt): the
 * ZIP/postcode on file, the last four digits of the phone number our texts go to, both together, or
 * the date of birth on file. README.md ("The identity check cannot be guessed") says what each is worth.
 */
import type { Account } from '../types';
import type { CheckKind } from './contract';

/** The answer as the portal receives it: `answer`, plus the phone digits the combined check also asks. */
export interface CheckAnswer {
  answer: string;
  phoneLast4?: string;
}

/**
 * Strongest first, against someone who knows the customer a little (the likeliest guesser): both the
 * postcode and the phone digits; the date of birth (an age within five years still leaves ~1,800
 * days); the postcode (a town has few ZIPs); the phone digits (anyone holding the number knows them).
 */
export const CHECKS_BY_STRENGTH: readonly CheckKind[] = ['postal-code+phone-last4', 'date-of-birth', 'postal-code', 'phone-last4'];

const postal = (s: string) => s.toUpperCase().replace(/[^A-Z0-9]/g, '');
const digits = (s: string) => s.replace(/\D/g, '');

const phoneLast4OnFile = (account: Account) => digits(account.customer.phone ?? '').slice(-4);
const hasPostalCode = (account: Account) => postal(account.customer.address?.postalCode ?? '').length > 0;
const hasPhoneLast4 = (account: Account) => phoneLast4OnFile(account).length === 4;

const CAN_ANSWER: Record<CheckKind, (account: Account) => boolean> = {
  'postal-code': hasPostalCode,
  'phone-last4': hasPhoneLast4,
  'postal-code+phone-last4': (account) => hasPostalCode(account) && hasPhoneLast4(account),
  'date-of-birth': (account) => Boolean(account.customer.dateOfBirth),
};

/** The check this account can answer: the configured one, else the strongest it can, else none (call us). */
export function checkFor(configured: CheckKind, account: Account): CheckKind | undefined {
  if (CAN_ANSWER[configured](account)) return configured;
  return CHECKS_BY_STRENGTH.find((kind) => CAN_ANSWER[kind](account));
}

/** Which fields a check needs in the verify request (the portal refuses a request without them). */
export const needsPhoneLast4 = (kind: CheckKind): boolean => kind === 'postal-code+phone-last4';

/** Whether the answer matches what is on file (nothing on file never matches). */
export function answerMatches(kind: CheckKind, account: Account, given: CheckAnswer): boolean {
  switch (kind) {
    case 'postal-code':
      return postalCodeMatches(account, given.answer);
    case 'phone-last4':
      return phoneLast4Matches(account, given.answer);
    case 'postal-code+phone-last4':
      // Both must match; the phone digits are compared even when the postcode is wrong, so the
      // answer's time does not tell which half was right.
      return [postalCodeMatches(account, given.answer), phoneLast4Matches(account, given.phoneLast4 ?? '')].every(Boolean);
    case 'date-of-birth': {
      const onFile = account.customer.dateOfBirth;
      return onFile !== undefined && readDateOfBirth(given.answer, account.customer.address?.country) === onFile;
    }
  }
}

function phoneLast4Matches(account: Account, answer: string): boolean {
  const expected = phoneLast4OnFile(account);
  return expected.length === 4 && digits(answer) === expected;
}

/** A US ZIP+4 matches on its first five digits (either side may carry the +4); elsewhere the whole code. */
function postalCodeMatches(account: Account, answer: string): boolean {
  const onFile = postal(account.customer.address?.postalCode ?? '');
  const given = postal(answer);
  if (!onFile || !given) return false;
  if (account.customer.address?.country === 'US') return given.length >= 5 && onFile.slice(0, 5) === given.slice(0, 5);
  return onFile === given;
}

/**
 * A typed date of birth as YYYY-MM-DD, or undefined when it is not one real date: YYYY-MM-DD (what a
 * date input sends), else day, month and year separated by / . - or spaces, read month first in the
 * US (and when no country is on file, the default) and day first elsewhere.
 */
export function readDateOfBirth(text: string, country: string | undefined): string | undefined {
  const trimmed = text.trim();
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(trimmed);
  if (iso) return realDate(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const parts = /^(\d{1,2})[/.\-\s]+(\d{1,2})[/.\-\s]+(\d{4})$/.exec(trimmed);
  if (!parts) return undefined;
  const [first, second, year] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  const monthFirst = (country ?? 'US') === 'US';
  return monthFirst ? realDate(year, first, second) : realDate(year, second, first);
}

function realDate(year: number, month: number, day: number): string | undefined {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return date.toISOString().slice(0, 10);
}
