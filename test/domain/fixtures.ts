/** Test builders: a realistic overdue account and history entries, overridable per test. */
import type { Account, Channel, HistoryEntry } from '../../functions/domain/types';

export type AccountOverrides = Partial<Omit<Account, 'customer'>> & { customer?: Partial<Account['customer']> };

/**
 * Accounts are built with their validation notice already sent long ago (most tests are about other
 * rules); a test about the notice passes `compliance: { validationNoticeSentAt: undefined }`.
 */
export const NOTICE_SENT_AT = '2026-01-05T15:00:00.000Z';

export function account(overrides: AccountOverrides = {}): Account {
  const { customer, channels, compliance, ...rest } = overrides;
  return {
    accountId: 'acc-1',
    cycleId: 'cyc-1',
    status: 'overdue',
    balance: 125.5,
    amountOverdue: 125.5,
    currency: 'USD',
    dueDate: '2026-03-01',
    creditorName: 'Northwind Energy',
    jurisdiction: 'US',
    openedAt: '2026-03-10T14:00:00.000Z',
    updatedAt: '2026-03-10T14:00:00.000Z',
    ...rest,
    compliance: { validationNoticeSentAt: NOTICE_SENT_AT, ...compliance },
    customer: {
      firstName: 'Alex',
      // Chicago area code and an Illinois address: one zone, America/Chicago.
      phone: '+13125550123',
      email: 'alex@example.com',
      preferredChannel: 'sms',
      address: { country: 'US', region: 'IL' },
      language: 'en',
      ...customer,
    },
    channels: channels ?? {
      sms: { optedOut: false },
      email: { optedOut: false },
      voice: { optedOut: false },
    },
  };
}

export function contact(
  at: string,
  stepId: string,
  channel: Channel,
  outcome: 'sent' | 'failed-permanent' | 'unconfirmed' = 'sent',
  template = 'reminder-friendly',
): HistoryEntry {
  return { kind: 'contact', at, stepId, channel, template, outcome };
}

export function calls(times: string[]): HistoryEntry[] {
  return times.map((at, i) => contact(at, `call-${i}`, 'voice', 'sent'));
}
