import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ChannelPermanentError, ChannelThrottledError, ERROR_NAMES, LAMBDA_SERVICE_ERRORS, RETRYABLE } from '../../functions/domain/errors';

const STATEMACHINES = join(import.meta.dirname, '..', '..', 'statemachines');

/** Every ErrorEquals list in a definition, with whether it sits in a Retry (else a Catch). */
function errorMatchers(node: unknown, inRetry = false, found: Array<{ names: string[]; retry: boolean }> = []) {
  if (Array.isArray(node)) {
    for (const item of node) errorMatchers(item, inRetry, found);
  } else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'ErrorEquals') found.push({ names: value as string[], retry: inRetry });
      else errorMatchers(value, key === 'Retry' ? true : key === 'Catch' ? false : inRetry, found);
    }
  }
  return found;
}

const definitions = readdirSync(STATEMACHINES)
  .filter((f) => f.endsWith('.asl.json'))
  .map((f) => ({ file: f, matchers: errorMatchers(JSON.parse(readFileSync(join(STATEMACHINES, f), 'utf8'))) }));

describe('the error contract between the handlers and the state machines', () => {
  const ours = new Set<string>(Object.values(ERROR_NAMES));
  const lambdaService = new Set<string>(LAMBDA_SERVICE_ERRORS);

  it.each(definitions)('every ErrorEquals in $file names one of our errors, a Lambda service error or States.*', ({ matchers }) => {
    const names = matchers.flatMap((m) => m.names);
    expect(names.length).toBeGreaterThan(0);
    const unknown = names.filter((n) => !n.startsWith('States.') && !ours.has(n) && !lambdaService.has(n));
    expect(unknown).toEqual([]);
  });

  it('retries every retryable error somewhere', () => {
    const retried = new Set(definitions.flatMap((d) => d.matchers.filter((m) => m.retry).flatMap((m) => m.names)));
    const retryable = Object.entries(RETRYABLE)
      .filter(([, r]) => r)
      .map(([name]) => name);
    expect(retryable.length).toBeGreaterThan(0);
    for (const name of retryable) expect(retried, `${name} is retryable but no Retry matches it`).toContain(name);
  });

  it('keeps each class name-stable: the name Step Functions sees, not the class name', () => {
    expect(new ChannelThrottledError('slow down')).toMatchObject({ name: 'ChannelThrottled', retryable: true });
    expect(new ChannelPermanentError('opted-out', 'no')).toMatchObject({ name: 'ChannelPermanentFailure', retryable: false });
  });
});
