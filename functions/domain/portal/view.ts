/**
 * What the portal shows a customer who passed the check, and the choices it offers them: the playbook's
 * payment-date window and plan lengths (with every instalment amount and date shown before they
 * commit), dispute, hardship, a person, preferences. Pure: the portal function and the tests use it.
 */
import type { Playbook } from '../playbook';
import { adviceLine } from '../templates';
import { displayPhoneNumber } from '../template-format';
import { validationParamsFor } from '../rules/profile-composition';
import { customerMediumPermission } from '../medium-permission';
import { disputeByDate } from '../rules/validation-notice';
import { possibleTimeZones } from '../time-zones';
import { localTimeParts } from '../zone-clock';
import { CHANNELS, type Account } from '../types';
import type { PlanChoice, PortalView } from './contract';

const pad = (n: number) => String(n).padStart(2, '0');

/** The customer's calendar date at `now` (their stated zone, else the first zone they may be in). */
export function localDate(account: Account, now: Date, businessTimeZone: string): string {
  const zone = possibleTimeZones(account.customer, businessTimeZone)[0];
  const p = localTimeParts(now, zone);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`;
}

/** A calendar date plus days or months (month ends clamp: Jan 31 + 1 month = Feb 28). */
export function addToDate(isoDate: string, days: number, months = 0): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  const at = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), Math.min(d, lastDay)) + days * 86_400_000);
  return at.toISOString().slice(0, 10);
}

/** Splits a balance into n instalments in cents: equal, the last one absorbing the rounding. */
export function instalmentAmounts(balance: number, n: number): number[] {
  const cents = Math.round(balance * 100);
  const each = Math.ceil(cents / n);
  const amounts = Array.from({ length: n }, (_, i) => (i < n - 1 ? each : cents - each * (n - 1)));
  return amounts.map((c) => c / 100);
}

/** The plans a customer may choose: monthly instalments, the first a week from today. */
export function planChoices(account: Account, playbook: Playbook, today: string): PlanChoice[] {
  if (account.balance <= 0) return [];
  const first = addToDate(today, 7);
  return (playbook.offers?.planLengthsMonths ?? [])
    .filter((n) => n > 1 && account.balance / n >= 1)
    .map((n) => ({
      instalments: n,
      amounts: instalmentAmounts(account.balance, n),
      dates: Array.from({ length: n }, (_, i) => addToDate(first, 0, i)),
    }));
}

export interface ViewSettings {
  /** The creditor's own payment page. */
  paymentUrl: string;
  /** Where a person can help (as configured; shown formatted). */
  helpPhoneNumber: string;
  businessTimeZone: string;
}

export function portalView(account: Account, playbook: Playbook, now: Date, settings: ViewSettings): PortalView {
  const today = localDate(account, now, settings.businessTimeZone);
  const c = account.compliance;
  const open = account.status === 'overdue' && account.balance > 0;
  const disputed = Boolean(c?.disputeOpenedAt && !(c.disputeVerifiedAt && c.disputeVerifiedAt >= c.disputeOpenedAt) && !c.disputeUpheldAt);
  const choiceDays = playbook.offers?.paymentDateChoiceDays ?? 0;
  const sent = c?.validationNoticeSentAt;
  // The validation information where the jurisdiction's profile has the notice (US accounts).
  const validation = validationParamsFor(account.jurisdiction);
  return {
    language: account.customer.language,
    firstName: account.customer.firstName,
    creditorName: account.creditorName,
    currency: account.currency,
    balance: account.balance,
    amountOverdue: account.amountOverdue,
    dueDate: account.dueDate,
    status: account.status,
    ...(validation
      ? {
          validation: {
            ...(sent ? { disputeBy: disputeByDate(Date.parse(sent), validation) } : {}),
            rights: ['dispute', 'original-creditor', 'verification'] as Array<'dispute' | 'original-creditor' | 'verification'>,
          },
        }
      : {}),
    ...(account.promise
      ? { promise: { amount: account.promise.amount, dueDate: account.promise.dueDate, status: account.promise.status } }
      : {}),
    ...(account.plan ? { plan: { status: account.plan.status, instalments: account.plan.instalments.map((x) => ({ ...x })) } } : {}),
    ...(c?.disputeOpenedAt
      ? {
          dispute: {
            openedAt: c.disputeOpenedAt,
            ...(c.disputedAmount !== undefined ? { amount: c.disputedAmount } : {}),
            verified: !disputed,
          },
        }
      : {}),
    ...(account.hardship
      ? {
          hardship: {
            reportedAt: account.hardship.reportedAt,
            ...(account.hardship.forbearance ? { pauseUntil: account.hardship.forbearance.until } : {}),
          },
        }
      : {}),
    ...(account.callback ? { callback: { at: account.callback.at } } : {}),
    options: {
      payUrl: settings.paymentUrl,
      promise:
        open && choiceDays > 0 && account.plan?.status !== 'active' ? { earliest: today, latest: addToDate(today, choiceDays) } : null,
      plans: open && account.plan?.status !== 'active' ? planChoices(account, playbook, today) : [],
      canDispute: open && !disputed,
      canReportHardship: open && !account.hardship,
      canAskForPerson: account.status !== 'ceased',
    },
    preferences: {
      ...(account.customer.preferredChannel ? { preferredChannel: account.customer.preferredChannel } : {}),
      language: account.customer.language,
      ...(account.customer.timeZone ? { timeZone: account.customer.timeZone } : {}),
      blockedTimes: account.customer.blockedTimes ?? [],
      channels: Object.fromEntries(
        CHANNELS.map((ch) => [
          ch,
          {
            available: Boolean(ch === 'email' ? account.customer.email : account.customer.phone) && !account.channels[ch].unusable,
            optedOut: !customerMediumPermission(account, ch, now).open,
          },
        ]),
      ) as PortalView['preferences']['channels'],
    },
    advice: adviceLine(account),
    help: { phone: displayPhoneNumber(settings.helpPhoneNumber) },
  };
}
