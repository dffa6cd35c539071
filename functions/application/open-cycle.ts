/**
 * Opens a cycle for an AccountOverdue: creates the account, or replaces its cycle with a newer one that
 * carries over what outlives a cycle (domain/cycles.ts), or leaves it alone when the event is for the
 * same, an older or a replayed cycle. The replacement is optimistic: a concurrent change (a STOP
 * arriving meanwhile) makes it read again, so nothing the customer did is lost to the new cycle.
 */
import { carryOver, orderOfCycle, type CycleOrder } from '../domain/cycles';
import { StaleAccountError } from '../domain/errors';
import type { StateStore, StoredAccount } from '../domain/storage';

export type OpenedCycle = { outcome: 'created' | 'new-cycle' | Exclude<CycleOrder, 'newer'>; account: StoredAccount };

/** Attempts before giving up on a constantly changing account (the event is then retried). */
const MAX_ATTEMPTS = 5;

export async function openCycle(state: StateStore, account: StoredAccount): Promise<OpenedCycle> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const read = await state.getVersionedAccount(account.accountId);
    if (!read) {
      const saved = await state.saveAccount(account);
      if (saved.created) return { outcome: 'created', account };
      continue; // created meanwhile by another event: order against it
    }
    const order = orderOfCycle(read.account, account);
    if (order !== 'newer') return { outcome: order, account: read.account };
    const next = carryOver(read.account, account);
    try {
      await state.replaceAccount(next, read);
      return { outcome: 'new-cycle', account: next };
    } catch (error) {
      if (!(error instanceof StaleAccountError)) throw error;
    }
  }
  throw new StaleAccountError(account.accountId);
}
