/**
 * A customer's standing instruction not to be contacted (a STOP or unsubscribe on a channel, a cease
 * request) and the facts that bar contact for as long as the debt exists (an attorney, a bankruptcy,
 * a death). They outlive the three-year retention of an account's other state: a billing system that
 * places the account again four years later must find them still in force (TCPA and Reg F: a
 * revocation stands until the customer consents again; the reading that protects the customer).
 */
import type { Account } from './types';

export function holdsStandingInstruction(account: Pick<Account, 'status' | 'channels' | 'compliance'>): boolean {
  if (account.status === 'ceased') return true;
  if (Object.values(account.channels).some((channel) => channel.optedOut)) return true;
  const compliance = account.compliance ?? {};
  return compliance.attorney !== undefined || compliance.bankruptcy !== undefined || compliance.deceased !== undefined;
}
