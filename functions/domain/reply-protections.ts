/**
 * What the protective reply intents record on the account (issue 13): not the customer (a wrong number
 * is closed for texts and calls and marked unusable; nothing about the debt is said to whoever has it),
 * legal status (attorney, bankruptcy, deceased: the suppression rules stop contact and a person takes
 * over) and the customer's limits on how and when we contact them (a medium closed, times blocked:
 * 12 CFR 1006.6(b)(1), 1006.14(h)). Pure: the lifecycle reducer calls these for the deciding intent
 * and for every intent kept beside it.
 */
import type { ReplyRestriction } from './conversations/restriction';
import type { Account, BlockedTime, Channel } from './types';

/** Hand-off reasons of the protective intents. */
export const PROTECTIVE_HANDOFF_REASON = {
  'wrong-number': 'wrong-party',
  'third-party': 'third-party-answered',
  attorney: 'attorney-represented',
  bankruptcy: 'bankruptcy',
  deceased: 'bereavement',
  unreadRestriction: 'contact-limits-to-confirm',
} as const;

export type OptOutFn = (channel: Channel, by: string) => void;

/** The phone number reaches someone else: texts and calls to it end, the number is unusable for this account. */
export function markWrongNumber(account: Account, at: string, optOut: OptOutFn): void {
  for (const channel of ['sms', 'voice'] as const) {
    optOut(channel, 'reply:wrong-number');
    account.channels[channel].unusable ??= { reason: 'wrong-number reply', at };
  }
}

/** attorney, bankruptcy, deceased: the fact the suppression rules read, kept if already recorded. */
export function recordLegalStatus(account: Account, intent: 'attorney' | 'bankruptcy' | 'deceased', at: string): void {
  const compliance = (account.compliance ??= {});
  if (intent === 'attorney') compliance.attorney ??= { since: at };
  else if (intent === 'bankruptcy') compliance.bankruptcy ??= {};
  else compliance.deceased ??= { reportedAt: at };
}

const sameTime = (a: BlockedTime, b: BlockedTime) => a.start === b.start && a.end === b.end && String(a.days) === String(b.days);

/**
 * The customer's limits: media closed (the others stay open), times added to their blocked times.
 * Returns false when nothing could be read from it, so a person asks.
 */
export function applyRestriction(account: Account, restriction: ReplyRestriction | undefined, optOut: OptOutFn): boolean {
  for (const channel of restriction?.channels ?? []) optOut(channel, 'reply:medium-restriction');
  const times = restriction?.blockedTimes ?? [];
  if (times.length > 0) {
    const blocked = account.customer.blockedTimes ?? [];
    account.customer.blockedTimes = [...blocked, ...times.filter((t) => !blocked.some((b) => sameTime(b, t)))];
  }
  return (restriction?.channels?.length ?? 0) > 0 || times.length > 0;
}
