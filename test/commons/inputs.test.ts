import { describe, expect, it } from 'vitest';
import { journeyRefSchema, parseInput } from '../../functions/commons/inputs';
import { hasErrorName, InvalidInputError } from '../../functions/domain/errors';

describe('a task input that breaks its contract', () => {
  it('throws the contract error InvalidInput, naming every problem, never retryable', () => {
    let thrown: unknown;
    try {
      parseInput(journeyRefSchema, { accountId: 7 }, 'decide');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InvalidInputError);
    expect(hasErrorName(thrown, 'InvalidInput')).toBe(true);
    const error = thrown as InvalidInputError;
    expect(error.retryable).toBe(false);
    expect(error.problems.length).toBeGreaterThanOrEqual(2);
    expect(error.message).toMatch(/^invalid decide input: accountId/);
  });
});
