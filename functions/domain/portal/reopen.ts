/**
 * An operator's request to reopen an account's portal access after its links were revoked (too many
 * wrong answers to the check). Who and why are required: they go into the ledger, the audit trail.
 */
import * as z from '../zod';

export const reopenRequestSchema = z.strictObject({
  accountId: z.string().check(z.trim(), z.minLength(1, 'the account id'), z.maxLength(128)),
  /** Why access is reopened (no personal data: it is kept in the ledger for three years). */
  reason: z
    .string()
    .check(
      z.trim(),
      z.minLength(10, 'a reason of at least 10 characters (what was checked, and how)'),
      z.maxLength(500, 'a reason of at most 500 characters'),
    ),
  /** Who reopened it: a name or staff id. */
  operator: z.string().check(z.trim(), z.minLength(2, 'the operator: a name or staff id'), z.maxLength(100)),
});
export type ReopenRequest = z.infer<typeof reopenRequestSchema>;
