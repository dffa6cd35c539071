import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  accountOverdueSchema,
  billingEventSchemas,
  InvalidEventError,
  parseBillingEvent,
  parseBillingEventDetailed,
  type AccountOverdue,
} from '../../../functions/domain/events';
import { CONTRACT_SCHEMA_VERSION } from '../../../functions/domain/schema-primitives';

const overdue = () => ({
  accountId: 'acct-1',
  cycleId: 'inv-1',
  amountDue: 125.5,
  currency: 'USD',
  dueDate: '2026-11-01',
  creditorName: 'Acme Energy',
  customer: { firstName: 'Ana', phone: '+16175550142', email: 'ana@example.com' },
});

function problemsOf(detailType: string, detail: unknown): string[] {
  try {
    parseBillingEvent(detailType, detail);
  } catch (error) {
    if (error instanceof InvalidEventError) return error.problems;
    throw error;
  }
  throw new Error('expected the event to be rejected');
}

describe('strict billing contracts', () => {
  it('rejects an unknown top-level field and names the one it probably meant', () => {
    expect(problemsOf('AccountOverdue', { ...overdue(), optout: ['sms'] })).toEqual(['optout: unknown field; did you mean optOuts?']);
  });

  it('rejects misspelt nested fields with their path and a suggestion each', () => {
    const detail = { ...overdue(), customer: { ...overdue().customer, preferedChannel: 'email', timezone: 'America/New_York' } };
    expect(problemsOf('AccountOverdue', detail)).toEqual([
      'customer.preferedChannel: unknown field; did you mean preferredChannel?',
      'customer.timezone: unknown field; did you mean timeZone?',
    ]);
  });

  it('names an unknown field without a suggestion when none is close', () => {
    expect(
      problemsOf('PaymentReceived', {
        accountId: 'a',
        paymentId: 'p',
        amount: 1,
        currency: 'USD',
        paidAt: '2026-11-02T10:00:00Z',
        zzzzzz: 1,
      }),
    ).toEqual(['zzzzzz: unknown field']);
  });

  it.each(Object.keys(billingEventSchemas))('%s rejects an unknown field', (detailType) => {
    const problems = problemsOf(detailType, { accountId: 'a', surpriseField: true });
    expect(problems).toContain('surpriseField: unknown field');
  });

  it('suggests the nearest detail-type for a typo', () => {
    expect(problemsOf('PaymentRecieved', {})[0]).toMatch(/^unknown detail-type; did you mean PaymentReceived\?/);
  });

  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty'])('refuses %s as a detail-type instead of crashing', (detailType) => {
    expect(problemsOf(detailType, {})[0]).toMatch(/^unknown detail-type/);
  });
});

describe('schemaVersion: additive change', () => {
  it('accepts the current version and checks it strictly', () => {
    expect(parseBillingEvent('AccountOverdue', { ...overdue(), schemaVersion: CONTRACT_SCHEMA_VERSION }).detailType).toBe('AccountOverdue');
    expect(problemsOf('AccountOverdue', { ...overdue(), schemaVersion: CONTRACT_SCHEMA_VERSION, loyaltyTier: 'gold' })).toEqual([
      'loyaltyTier: unknown field',
    ]);
  });

  it('ignores and lists fields of a newer declared version, still checking the known ones', () => {
    const detail = {
      ...overdue(),
      schemaVersion: CONTRACT_SCHEMA_VERSION + 1,
      loyaltyTier: 'gold',
      customer: { ...overdue().customer, pronouns: 'she' },
    };
    const parsed = parseBillingEventDetailed('AccountOverdue', detail);
    expect(parsed.ignoredFields.sort()).toEqual(['customer.pronouns', 'loyaltyTier']);
    expect(parsed.event.detail).not.toHaveProperty('loyaltyTier');
    expect(problemsOf('AccountOverdue', { ...detail, amountDue: -1 })).toEqual(['amountDue: Too small: expected number to be >0']);
  });

  it('refuses a schemaVersion that is not a positive whole number', () => {
    expect(problemsOf('AccountOverdue', { ...overdue(), schemaVersion: 0 })[0]).toMatch(/^schemaVersion:/);
    expect(problemsOf('AccountOverdue', { ...overdue(), schemaVersion: '2' })[0]).toMatch(/^schemaVersion:/);
  });
});

describe('bounded, real values', () => {
  it.each(['2026-13-45', '2026-02-30', '2026-00-10'])('refuses the date %s', (dueDate) => {
    expect(problemsOf('AccountOverdue', { ...overdue(), dueDate })[0]).toMatch(/^dueDate:/);
  });

  it('accepts a leap day', () => {
    expect((parseBillingEvent('AccountOverdue', { ...overdue(), dueDate: '2028-02-29' }).detail as AccountOverdue).dueDate).toBe(
      '2028-02-29',
    );
  });

  it('refuses an instant on a date that does not exist', () => {
    expect(
      problemsOf('PaymentReceived', { accountId: 'a', paymentId: 'p', amount: 1, currency: 'USD', paidAt: '2026-02-30T10:00:00Z' })[0],
    ).toMatch(/^paidAt:/);
  });

  it('bounds every array and string', () => {
    expect(problemsOf('AccountOverdue', { ...overdue(), optOuts: ['sms', 'sms', 'sms', 'sms'] })[0]).toMatch(/^optOuts:/);
    expect(
      problemsOf('AccountOverdue', {
        ...overdue(),
        customer: { ...overdue().customer, address: { country: 'US', city: 'x'.repeat(101) } },
      })[0],
    ).toMatch(/^customer\.address\.city:/);
    expect(problemsOf('AccountOverdue', { ...overdue(), customer: { ...overdue().customer, timeZone: 'A'.repeat(65) } })[0]).toMatch(
      /^customer\.timeZone:/,
    );
    expect(
      accountOverdueSchema.safeParse({
        ...overdue(),
        customer: { ...overdue().customer, blockedTimes: Array.from({ length: 21 }, () => ({ start: '08:00', end: '09:00' })) },
      }).success,
    ).toBe(false);
  });
});

describe('phone numbers', () => {
  const withPhone = (phone: string, country?: string) => ({
    ...overdue(),
    customer: { firstName: 'Ana', phone, ...(country ? { address: { country } } : {}) },
  });
  const phoneOf = (detail: unknown, defaultPhoneCountry?: string) =>
    (parseBillingEvent('AccountOverdue', detail, { defaultPhoneCountry }).detail as AccountOverdue).customer.phone;

  it('reads national forms in the default country and keeps E.164', () => {
    expect(phoneOf(withPhone('(617) 555-0142'))).toBe('+16175550142');
    expect(phoneOf(withPhone('617.555.0142'))).toBe('+16175550142');
    expect(phoneOf(withPhone('+1 617 555 0142'))).toBe('+16175550142');
  });

  it('reads a national number in the address country before the default one', () => {
    expect(phoneOf(withPhone('020 7946 0018', 'GB'))).toBe('+442079460018');
  });

  it('uses the configured default country', () => {
    expect(phoneOf(withPhone('020 7946 0018'), 'GB')).toBe('+442079460018');
  });

  it('rejects only a number that is truly invalid, naming it', () => {
    expect(problemsOf('AccountOverdue', withPhone('12'))[0]).toMatch(/^customer\.phone: not a possible phone number/);
    expect(problemsOf('AccountOverdue', withPhone('call me'))[0]).toMatch(/^customer\.phone:/);
  });
});

describe('the contract version policy', () => {
  it('README "Contract versions" states the additive-change policy and the current version', () => {
    const readme = readFileSync('README.md', 'utf8');
    const section = readme.slice(
      readme.indexOf('### Contract versions'),
      readme.indexOf('\n#', readme.indexOf('### Contract versions') + 5),
    );
    expect(section).toMatch(/only by adding\s+optional fields/);
    expect(section).toContain(`${CONTRACT_SCHEMA_VERSION} today`);
    expect(section).toContain('"schemaVersion": <n>');
  });
});
