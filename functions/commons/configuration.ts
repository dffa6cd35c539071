/**
 * Reading the Lambda environment: shared by the dependencies every function gets (dependencies.ts) and
 * the wiring only some functions import (aws-pacing.ts, reply-interpreter.ts), so that wiring need not
 * import the whole dependency set to report a bad variable.
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
