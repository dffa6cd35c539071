import type * as z from 'zod';

/** One line per problem, each naming the field path: what rejection records, CLIs and errors show. */
export function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`);
}
