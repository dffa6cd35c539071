import type { AccountStatus } from '../types';
import type { CloseReason } from '../decision-types';
import type { SuppressionRule } from './types';

const CLOSE_FOR_STATUS: Record<Exclude<AccountStatus, 'overdue'>, CloseReason> = {
  paid: 'paid',
  closed: 'account-closed',
  ceased: 'ceased',
};

/** The journey only exists to help with an overdue balance; anything else ends it. */
export const statusStop: SuppressionRule = {
  id: 'status.stop',
  stage: 'suppression',
  description: 'Stop all outreach when the account is paid, closed, or the customer asked us to cease.',
  source: 'FDCPA 805(c) (cease communication); Amicable policy (no reminders once resolved)',
  evaluate(ctx) {
    const { status, balance } = ctx.account;
    if (status !== 'overdue') {
      return { effect: 'suppressed', close: CLOSE_FOR_STATUS[status], detail: `account status is ${status}` };
    }
    if (balance <= 0) {
      return { effect: 'suppressed', close: 'paid', detail: 'nothing is owed any more (balance is zero)' };
    }
    return { effect: 'allowed', detail: 'account is overdue with a balance owed' };
  },
};
