/**
 * Escalate: the journey hands the account to people (see application/handoff.ts). A retried or repeated
 * Escalate for the same reason finds the open hand-off and publishes nothing.
 */
import { awsDependencies, type AwsWiring } from './commons/aws-dependencies';
import { awsBus } from './commons/aws-bus';
import type { Dependencies } from './commons/dependencies';
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

/** The ports this function uses (test/infra/bundle-sizes.test.ts checks its code reads no other). */
export const wiring: AwsWiring = { bus: awsBus };

export const handler = makeEscalateHandler(awsDependencies(wiring));
