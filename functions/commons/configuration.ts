/**
 * Reading the Lambda environment: shared by the dependencies every function gets (aws-dependencies.ts)
 * and the ports only some functions wire (aws-channels.ts, aws-journeys.ts, aws-bus.ts, aws-portal.ts,
 * aws-pacing.ts, reply-interpreter.ts), so that a port need not import the whole dependency set to
 * report a bad variable.
 */
import * as z from '../domain/zod';
import { describeIssues } from '../domain/zod-issues';

export class ConfigurationError extends Error {
  constructor(problems: string[], purpose: string) {
    super(`Invalid Lambda environment (${purpose}): ${problems.join('; ')}`);
    this.name = 'ConfigurationError';
  }
}

/** Parses part of the environment, or throws naming every missing or invalid variable. */
export function readEnvironment<S extends z.ZodMiniType>(
  schema: S,
  purpose: string,
  env: Record<string, string | undefined> = process.env,
): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  throw new ConfigurationError(describeIssues(result.error, null), purpose);
}

/** A variable that must be set and not blank, named in the error when it is not. */
export const required = (name: string) => z.string({ error: `${name} is not set` }).check(z.trim(), z.minLength(1, `${name} is empty`));

/** Memoises a factory: the part is built (and its environment validated) the first time it is used. */
export function lazy<T>(build: () => T): () => T {
  let value: T | undefined;
  let built = false;
  return () => {
    if (!built) {
      value = build();
      built = true;
    }
    return value as T;
  };
}
