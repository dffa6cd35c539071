/**
 * From the pre-due stage to the overdue journey of the same bill. The pre-due stage is its own cycle
 * (`<bill id>.pre-due`, see contract.ts); the bill's AccountOverdue opens the bill's cycle after it, and
 * everything the customer said before the due date comes with it: a chosen date (an open promise), a plan,
 * hardship, complaints, a callback, their channel, language and zone. Opt-outs, consent revocations, a
 * cease and blocked times already carry across every cycle (domain/cycles.ts).
 */
import type { StoredAccount } from '../storage';

type CycleKey = Pick<StoredAccount, 'cycleId' | 'dueDate' | 'preDue' | 'status' | 'priorCycles'>;

/**
 * How a cycle relates to the current one when either is a pre-due stage; undefined when neither is (the
 * ordinary order applies). An overdue bill always takes over from a pre-due stage, whatever its due date
 * (a reminder never hides a debt). A pre-due stage never replaces an overdue cycle still open, nor a bill
 * already overdue (it would send a "due soon" about something overdue): both count as older.
 */
export function preDueOrder(current: CycleKey, incoming: Pick<CycleKey, 'cycleId' | 'preDue'>): 'newer' | 'older' | undefined {
  if (current.preDue && !incoming.preDue) return 'newer';
  if (!incoming.preDue) return undefined;
  const bill = incoming.preDue.billCycleId;
  if (current.cycleId === bill || current.priorCycles?.includes(bill)) return 'older';
  if (!current.preDue && current.status === 'overdue') return 'older';
  return undefined;
}

/** The overdue cycle of the bill whose pre-due stage `previous` was: what the customer said comes with it. */
export function handOverPreDue(previous: StoredAccount, next: StoredAccount): StoredAccount {
  if (previous.preDue?.billCycleId !== next.cycleId) return next;
  const before = previous.customer;
  return {
    ...next,
    customer: {
      ...next.customer,
      // The customer's own choices (PreferencesChanged, the portal) win over the billing system's copy.
      language: before.language,
      ...(before.preferredChannel ? { preferredChannel: before.preferredChannel } : {}),
      ...(before.timeZone ? { timeZone: before.timeZone } : {}),
    },
    ...(previous.promise?.status === 'open' ? { promise: previous.promise } : {}),
    ...(previous.plan?.status === 'active' ? { plan: previous.plan } : {}),
    ...(previous.hardship ? { hardship: previous.hardship } : {}),
    ...(previous.complaints?.length ? { complaints: previous.complaints } : {}),
    ...(previous.callback ? { callback: previous.callback } : {}),
  };
}
