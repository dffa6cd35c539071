import type * as z from 'zod';

/**
 * One line per problem, each naming the field path: what rejection records, CLIs and errors show.
 * A problem with the whole value is named `root` ('(root)', '(event)' ...), or shown bare when null.
 */
export function describeIssues(error: z.ZodError, root: string | null = '(root)'): string[] {
  return error.issues.map((i) => {
    const path = i.path.map(String).join('.') || root;
    return path === null ? i.message : `${path}: ${i.message}`;
  });
}
