/**
 * The one answer to "may this medium be used for this customer?" as far as the customer's own choices
 * go: an opt-out on the channel (billing system, portal, STOP reply) and a recorded revocation of
 * consent (`customer.consent.<medium>.revokedAt`, whoever recorded it) both close it. Every rule, the
 * reply handling and the portal read this, so the two records can never disagree.
 */
import type { Account, Channel } from './types';

export type MediumPermission = { open: true } | { open: false; reason: string };

/** Closed from the moment of the opt-out or revocation; a revocation dated after `at` is not yet in force. */
export function customerMediumPermission(account: Pick<Account, 'channels' | 'customer'>, channel: Channel, at: Date): MediumPermission {
  if (account.channels[channel]?.optedOut) return { open: false, reason: `the customer opted out of ${channel}` };
  const consent = account.customer.consent?.[channel];
  if (consent?.revokedAt && Date.parse(consent.revokedAt) <= at.getTime()) {
    const by = consent.revokedBy ? ` (${consent.revokedBy})` : '';
    return { open: false, reason: `the customer revoked consent to ${channel} on ${consent.revokedAt}${by}` };
  }
  return { open: true };
}
