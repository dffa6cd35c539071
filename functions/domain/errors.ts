/**
 * The error contract. A handler's error reaches Step Functions as its `name`, which the journey's
 * Retry/Catch `ErrorEquals` match on (statemachines/journey.asl.json), so each name here is fixed:
 * renaming a class never changes it. test/infra/asl-errors.test.ts checks that every name the state
 * machine matches is one of these (or a Lambda service error) and that every retryable one is matched.
 */

export const ERROR_NAMES = {
  channelThrottled: 'ChannelThrottled',
  channelPermanentFailure: 'ChannelPermanentFailure',
  accountNotFound: 'AccountNotFound',
  staleAccount: 'StaleAccountError',
  claimState: 'ClaimStateError',
  invalidInput: 'InvalidInput',
} as const;

export type ErrorName = (typeof ERROR_NAMES)[keyof typeof ERROR_NAMES];

/** Whether trying again later may succeed: the state machine must retry every retryable name. */
export const RETRYABLE: Readonly<Record<ErrorName, boolean>> = {
  ChannelThrottled: true,
  ChannelPermanentFailure: false,
  AccountNotFound: false,
  StaleAccountError: false,
  ClaimStateError: false,
  InvalidInput: false,
};

/** Errors the Lambda service raises around an invocation (retried by every Task in the journey). */
export const LAMBDA_SERVICE_ERRORS = [
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.TooManyRequestsException',
] as const;

/** Base of Amicable's errors: a stable name, and whether trying again later may succeed. */
export abstract class AmicableError extends Error {
  declare readonly name: ErrorName;
  protected constructor(name: ErrorName, message: string) {
    super(message);
    this.name = name;
  }

  get retryable(): boolean {
    return RETRYABLE[this.name];
  }
}

/** The provider asked us to slow down; nothing was sent. The journey retries with backoff. */
export class ChannelThrottledError extends AmicableError {
  constructor(message: string) {
    super(ERROR_NAMES.channelThrottled, message);
  }
}

/** The address can never work (invalid number, suppressed or opted-out address). Nothing was sent. */
export class ChannelPermanentError extends AmicableError {
  constructor(
    readonly reason: 'invalid-address' | 'suppressed' | 'opted-out' | 'rejected',
    message: string,
  ) {
    super(ERROR_NAMES.channelPermanentFailure, message);
  }
}

export class AccountNotFoundError extends AmicableError {
  constructor(readonly accountId: string) {
    super(ERROR_NAMES.accountNotFound, `unknown account ${accountId}`);
  }
}

/** Another writer changed the account between read and write: read again and recompute. */
export class StaleAccountError extends AmicableError {
  constructor(accountId: string) {
    super(ERROR_NAMES.staleAccount, `account ${accountId} changed while it was being updated`);
  }
}

/** A send claim was not in the state a settlement expects (settled twice, or never claimed). */
export class ClaimStateError extends AmicableError {
  constructor(message: string) {
    super(ERROR_NAMES.claimState, message);
  }
}

/** A state machine task received input that does not match its contract: a defect, never retried. */
export class InvalidInputError extends AmicableError {
  constructor(
    readonly problems: string[],
    what: string,
  ) {
    super(ERROR_NAMES.invalidInput, `invalid ${what} input: ${problems.join('; ')}`);
  }
}

/** Whether an error (possibly from another bundle, so not an instance) carries a given contract name. */
export const hasErrorName = (error: unknown, name: ErrorName): boolean => (error as Error | undefined)?.name === name;
