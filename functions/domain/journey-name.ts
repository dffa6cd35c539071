import { createHash } from 'node:crypto';

/**
 * Deterministic Step Functions execution name for one account's delinquency cycle: a repeated overdue
 * event maps to the same name, so it can never start a second journey. Names allow 1-80 characters
 * of [A-Za-z0-9-_]; longer or unusual ids fall back to a hash suffix.
 */
export function journeyExecutionName(accountId: string, cycleId: string): string {
  const plain = `${accountId}--${cycleId}`.replace(/[^A-Za-z0-9_-]/g, '_');
  if (plain.length <= 80 && plain === `${accountId}--${cycleId}`) return plain;
  const digest = createHash('sha256').update(`${accountId}\u0000${cycleId}`).digest('hex').slice(0, 16);
  return `${plain.slice(0, 62)}-${digest}`;
}
