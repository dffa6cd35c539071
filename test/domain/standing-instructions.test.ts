import { describe, expect, it } from 'vitest';
import { holdsStandingInstruction } from '../../functions/domain/standing-instructions';
import type { Account } from '../../functions/domain/types';

const open = { optedOut: false };
const account = (overrides: Partial<Pick<Account, 'status' | 'channels' | 'compliance'>> = {}) => ({
  status: 'overdue' as const,
  channels: { sms: open, email: open, voice: open },
  ...overrides,
});

describe('standing instructions (what never expires with the account)', () => {
  it('are none on an account the customer has not restricted, whatever its other facts', () => {
    expect(holdsStandingInstruction(account())).toBe(false);
    expect(holdsStandingInstruction(account({ status: 'paid', compliance: { disputeOpenedAt: '2026-01-01T00:00:00Z' } }))).toBe(false);
    expect(
      holdsStandingInstruction(
        account({ channels: { sms: { optedOut: false, unusable: { reason: 'x', at: 'y' } }, email: open, voice: open } }),
      ),
    ).toBe(false);
  });

  it('are an opt-out on any one channel, a cease, an attorney, a bankruptcy or a death', () => {
    expect(holdsStandingInstruction(account({ channels: { sms: open, email: open, voice: { optedOut: true } } }))).toBe(true);
    expect(holdsStandingInstruction(account({ status: 'ceased' }))).toBe(true);
    expect(holdsStandingInstruction(account({ compliance: { attorney: {} } }))).toBe(true);
    expect(holdsStandingInstruction(account({ compliance: { bankruptcy: { chapter: '7' } } }))).toBe(true);
    expect(holdsStandingInstruction(account({ compliance: { deceased: {} } }))).toBe(true);
  });
});
