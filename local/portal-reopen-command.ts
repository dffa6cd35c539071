/**
 * `amicable portal-reopen`: an operator reopens an account's portal access after its links were
 * revoked (too many wrong answers to the check), recorded in the ledger with who and why. Works on
 * DynamoDB in AWS (the tables named by the stack outputs StateTableName and LedgerTableName) or on the
 * DynamoDB Local of a running `amicable run --portal` (--endpoint, which that command prints).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CheckGuardStore } from '../functions/adapters/check-guard-store';
import { LedgerStore } from '../functions/adapters/ledger-store';
import { dynamoStateStore } from '../functions/adapters/state-store';
import { reopenPortal, type ReopenOutcome } from '../functions/application/portal-reopen';
import { documentClient, systemClock } from '../functions/commons/dependencies';
import { DEFAULT_LOCKOUT } from '../functions/domain/portal/lockout';
import { reopenRequestSchema } from '../functions/domain/portal/reopen';
import { describeIssues } from '../functions/domain/zod-issues';
import type { Clock } from '../functions/domain/ports';
import { LOCAL_CREDENTIALS } from './dynamodb-local';

export class PortalReopenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PortalReopenError';
  }
}

export interface PortalReopenOptions {
  account?: string;
  reason?: string;
  operator?: string;
  /** DynamoDB Local's endpoint (http://127.0.0.1:<port>); absent: DynamoDB in AWS. */
  endpoint?: string;
  stateTable?: string;
  ledgerTable?: string;
  clock?: Clock;
}

/** The tables locally (DynamoDB Local's names) or on AWS (named, from the stack outputs or the environment). */
function tablesOf(options: PortalReopenOptions, env: Record<string, string | undefined>): { state: string; ledger: string } {
  const state = options.stateTable ?? env.STATE_TABLE_NAME ?? (options.endpoint ? 'amicable-state' : undefined);
  const ledger = options.ledgerTable ?? env.LEDGER_TABLE_NAME ?? (options.endpoint ? 'amicable-ledger' : undefined);
  if (!state || !ledger) {
    throw new PortalReopenError(
      'portal-reopen needs --state-table and --ledger-table on AWS (the stack outputs StateTableName and LedgerTableName), or --endpoint for DynamoDB Local',
    );
  }
  return { state, ledger };
}

const FLAG: Record<string, string> = { accountId: '--account', reason: '--reason', operator: '--operator' };

export async function portalReopenCommand(
  options: PortalReopenOptions,
  out: (line: string) => void,
  env: Record<string, string | undefined> = process.env,
): Promise<number> {
  const parsed = reopenRequestSchema.safeParse({
    accountId: options.account ?? '',
    reason: options.reason ?? '',
    operator: options.operator ?? '',
  });
  if (!parsed.success) {
    const problems = describeIssues(parsed.error).map((p) => p.replace(/^(\w+):/, (_, field: string) => `${FLAG[field] ?? field}:`));
    throw new PortalReopenError(`portal-reopen: ${problems.join('; ')}`);
  }
  if (options.endpoint !== undefined && !/^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?\/?$/.test(options.endpoint)) {
    throw new PortalReopenError(`--endpoint is for DynamoDB Local on this machine (http://127.0.0.1:<port>), got "${options.endpoint}"`);
  }
  const tables = tablesOf(options, env);
  const client = options.endpoint
    ? new DynamoDBClient({ endpoint: options.endpoint, region: 'us-east-1', credentials: LOCAL_CREDENTIALS, maxAttempts: 3 })
    : new DynamoDBClient({});
  try {
    const doc = documentClient(client);
    const outcome = await reopenPortal(
      {
        clock: options.clock ?? systemClock,
        state: dynamoStateStore(doc, tables.state),
        ledger: new LedgerStore(doc, tables.ledger),
        // The policy plays no part in reopening.
        guard: new CheckGuardStore(doc, tables.state, DEFAULT_LOCKOUT),
      },
      parsed.data,
    );
    out(describeOutcome(parsed.data.accountId, parsed.data.operator, outcome));
    return outcome.kind === 'reopened' ? 0 : 1;
  } finally {
    client.destroy();
  }
}

function describeOutcome(accountId: string, operator: string, outcome: ReopenOutcome): string {
  switch (outcome.kind) {
    case 'reopened':
      return `reopened portal access for account ${accountId} (revoked counts removed: ${outcome.scopes.join(', ')}); ledger entry portal-reopened at ${outcome.at} by ${operator}`;
    case 'unknown-account':
      return `no account ${accountId} in the state table: nothing changed`;
    case 'not-revoked':
      return `account ${accountId}'s portal access is not revoked (never, or already reopened): nothing changed, nothing recorded`;
  }
}
