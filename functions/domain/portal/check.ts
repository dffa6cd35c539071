/**
 * The light identity check before the portal shows anything (third parties must not learn of the
 * debt): the ZIP/postcode on file, or the last four digits of the phone number our texts go to.
 */
import type { Account } from '../types';
import type { CheckKind } from './contract';

const postal = (s: string) => s.toUpperCase().replace(/[^A-Z0-9]/g, '');
const digits = (s: string) => s.replace(/\D/g, '');

/** The check this account can answer: the configured one, else the other one, else none (call us). */
export function checkFor(configured: CheckKind, account: Account): CheckKind | undefined {
  const can: Record<CheckKind, boolean> = {
    'postal-code': Boolean(account.customer.address?.postalCode),
    'phone-last4': digits(account.customer.phone ?? '').length >= 4,
  };
  if (can[configured]) return configured;
  return (Object.keys(can) as CheckKind[]).find((k) => can[k]);
}

/** Whether the answer matches (a US ZIP+4 matches on its first five digits). */
export function answerMatches(kind: CheckKind, account: Account, answer: string): boolean {
  if (kind === 'phone-last4') {
    const expected = digits(account.customer.phone ?? '').slice(-4);
    return expected.length === 4 && digits(answer) === expected;
  }
  const onFile = postal(account.customer.address?.postalCode ?? '');
  const given = postal(answer);
  if (!onFile || !given) return false;
  if (account.customer.address?.country === 'US') return onFile.slice(0, 5) === given.slice(0, 5) && given.length >= 5;
  return onFile === given;
}
