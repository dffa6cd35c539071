/**
 * The portal's identity checks: what each accepts, what it refuses, and which check an account gets
 * when it cannot answer the configured one (the strongest it can).
 */
import { describe, expect, it } from 'vitest';
import { answerMatches, checkFor, readDateOfBirth } from '../../functions/domain/portal/check';
import { InvalidEventError, parseBillingEvent } from '../../functions/domain/events';
import { account } from './fixtures';

const us = account({
  customer: { phone: '+13125550123', address: { country: 'US', region: 'IL', postalCode: '60614-2101' }, dateOfBirth: '1980-04-23' },
});
const uk = account({ customer: { phone: '+447700900456', address: { country: 'GB', postalCode: 'SW1A 1AA' }, dateOfBirth: '1975-11-02' } });

describe('postal code', () => {
  it('matches a US ZIP on its first five digits, with or without the +4 on either side', () => {
    for (const answer of ['60614', '60614-2101', '60614 9999', ' 606142101 '])
      expect(answerMatches('postal-code', us, { answer })).toBe(true);
    const zip5 = account({ customer: { address: { country: 'US', postalCode: '60614' } } });
    expect(answerMatches('postal-code', zip5, { answer: '60614-1234' })).toBe(true);
  });

  it('refuses a US ZIP that is short, another ZIP, or nothing on file', () => {
    for (const answer of ['6061', '60615', '06614-2101', 'abcde']) expect(answerMatches('postal-code', us, { answer })).toBe(false);
    expect(answerMatches('postal-code', account(), { answer: '60614' })).toBe(false);
  });

  it('matches a UK postcode whole, ignoring case and spaces, and refuses its outward code alone', () => {
    for (const answer of ['SW1A 1AA', 'sw1a1aa', ' Sw1a-1aA ']) expect(answerMatches('postal-code', uk, { answer })).toBe(true);
    for (const answer of ['SW1A', 'SW1A 1AB', 'SW1A 1AA X']) expect(answerMatches('postal-code', uk, { answer })).toBe(false);
  });
});

describe('phone last 4', () => {
  it('matches the last four digits of the number on file, and nothing shorter', () => {
    expect(answerMatches('phone-last4', us, { answer: '0123' })).toBe(true);
    expect(answerMatches('phone-last4', uk, { answer: '0456' })).toBe(true);
    for (const answer of ['123', '5550123', '1230']) expect(answerMatches('phone-last4', us, { answer })).toBe(false);
  });
});

describe('postal code and phone last 4', () => {
  it('needs both to match', () => {
    expect(answerMatches('postal-code+phone-last4', us, { answer: '60614', phoneLast4: '0123' })).toBe(true);
    expect(answerMatches('postal-code+phone-last4', uk, { answer: 'sw1a 1aa', phoneLast4: '0456' })).toBe(true);
    expect(answerMatches('postal-code+phone-last4', us, { answer: '60614', phoneLast4: '0124' })).toBe(false);
    expect(answerMatches('postal-code+phone-last4', us, { answer: '60615', phoneLast4: '0123' })).toBe(false);
    expect(answerMatches('postal-code+phone-last4', us, { answer: '60614' })).toBe(false);
    expect(answerMatches('postal-code+phone-last4', uk, { answer: 'SW1A', phoneLast4: '0456' })).toBe(false);
  });
});

describe('date of birth', () => {
  it('reads YYYY-MM-DD, and typed dates month first in the US, day first elsewhere', () => {
    expect(readDateOfBirth('1980-04-23', 'US')).toBe('1980-04-23');
    expect(readDateOfBirth('1980-4-3', 'GB')).toBe('1980-04-03');
    expect(readDateOfBirth('04/23/1980', 'US')).toBe('1980-04-23');
    expect(readDateOfBirth('4.23.1980', undefined)).toBe('1980-04-23');
    expect(readDateOfBirth('23/04/1980', 'GB')).toBe('1980-04-23');
    expect(readDateOfBirth('02 11 1975', 'GB')).toBe('1975-11-02');
    expect(readDateOfBirth('02-11-1975', 'US')).toBe('1975-02-11');
  });

  it('refuses what is not one real date', () => {
    for (const text of ['23/04/1980', '1980-02-30', '1981-02-29', '04/23/80', '1980/04/23', 'April 23 1980', '', '13-01-1980']) {
      expect(readDateOfBirth(text, 'US'), text).toBeUndefined();
    }
    expect(readDateOfBirth('1980-02-29', 'US')).toBe('1980-02-29');
  });

  it('matches the date on file in any accepted form, and never without one', () => {
    for (const answer of ['1980-04-23', '04/23/1980', '4-23-1980']) expect(answerMatches('date-of-birth', us, { answer })).toBe(true);
    for (const answer of ['23/04/1980', '1980-04-24', '1979-04-23']) expect(answerMatches('date-of-birth', us, { answer })).toBe(false);
    expect(answerMatches('date-of-birth', uk, { answer: '02/11/1975' })).toBe(true);
    expect(answerMatches('date-of-birth', uk, { answer: '11/02/1975' })).toBe(false);
    expect(answerMatches('date-of-birth', account(), { answer: '1980-04-23' })).toBe(false);
  });
});

describe('which check an account gets', () => {
  it('the configured one when the account can answer it', () => {
    expect(checkFor('postal-code', us)).toBe('postal-code');
    expect(checkFor('phone-last4', us)).toBe('phone-last4');
    expect(checkFor('postal-code+phone-last4', us)).toBe('postal-code+phone-last4');
    expect(checkFor('date-of-birth', us)).toBe('date-of-birth');
  });

  it('else the strongest it can answer', () => {
    const noDob = account({ customer: { address: { country: 'US', postalCode: '60614' } } });
    expect(checkFor('date-of-birth', noDob)).toBe('postal-code+phone-last4');
    const dobAndPhone = account({ customer: { dateOfBirth: '1980-04-23' } });
    expect(checkFor('postal-code+phone-last4', dobAndPhone)).toBe('date-of-birth');
    expect(checkFor('postal-code', dobAndPhone)).toBe('date-of-birth');
    const phoneOnly = account();
    expect(checkFor('postal-code+phone-last4', phoneOnly)).toBe('phone-last4');
    expect(checkFor('date-of-birth', account({ customer: { phone: undefined, address: { country: 'US', postalCode: '60614' } } }))).toBe(
      'postal-code',
    );
    expect(checkFor('postal-code', account({ customer: { phone: undefined } }))).toBeUndefined();
  });
});

describe('the date of birth in AccountOverdue', () => {
  const overdue = (dateOfBirth: unknown) => ({
    accountId: 'A-1',
    cycleId: 'C-1',
    amountDue: 10,
    currency: 'USD',
    dueDate: '2026-11-20',
    creditorName: 'Northwind Energy',
    customer: { firstName: 'Ava', phone: '+12125550101', dateOfBirth },
  });
  const problems = (dateOfBirth: unknown) => {
    try {
      parseBillingEvent('AccountOverdue', overdue(dateOfBirth));
      return [];
    } catch (error) {
      return (error as InvalidEventError).problems;
    }
  };

  it('is kept when it is a real date in the past', () => {
    const event = parseBillingEvent('AccountOverdue', overdue('1980-02-29'));
    expect(event.detail).toMatchObject({ customer: { dateOfBirth: '1980-02-29' } });
  });

  it('is refused when it is not a real past date, naming the field and never the value', () => {
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    for (const bad of ['1981-02-29', '1980-13-01', '04/23/1980', '1899-12-31', tomorrow, 19800423]) {
      const found = problems(bad);
      expect(found.length, String(bad)).toBeGreaterThan(0);
      expect(
        found.every((p) => p.startsWith('customer.dateOfBirth:')),
        found.join('; '),
      ).toBe(true);
      expect(found.join(' ')).not.toContain(String(bad));
    }
  });
});
