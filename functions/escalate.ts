/**
 * Escalate: the journey hands the account to people (see commons/handoff.ts). A retried or repeated
 * Escalate for the same reason finds the open hand-off and publishes nothing.
 */
import { awsDependencies, type Dependencies } from './commons/dependencies';
import { requestHandoff } from './application/handoff';
import { AccountNotFoundError } from './domain/errors';
import { escalateInputSchema, parseInput } from './commons/inputs';
import { withPowertools } from './commons/middleware';

export type EscalateResult = { published: boolean };

export const makeEscalateHandler = (deps: () => Dependencies) =>
  withPowertools(async (event: unknown): Promise<EscalateResult> => {
    const d = deps();
    const { accountId, cycleId, action } = parseInput(escalateInputSchema, event, 'escalate');
    const account = await d.state.getAccount(accountId);
    if (!account) throw new AccountNotFoundError(accountId);
    return requestHandoff(d, account, cycleId, action.reason);
  });

export const handler = makeEscalateHandler(awsDependencies);
