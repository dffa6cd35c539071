import { closest, distance } from 'fastest-levenshtein';
import type * as z from './zod';

/**
 * One line per problem, each naming the field path: what rejection records, CLIs and errors show.
 * A problem with the whole value is named `root` ('(root)', '(event)' ...), or shown bare when null.
 */
export function describeIssues(error: z.core.$ZodError, root: string | null = '(root)'): string[] {
  return error.issues.flatMap((issue) => {
    const where = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      // One line per unknown field; a parse with unknownFieldMessages put a suggestion on each.
      const suggested = issue.message.split('\n');
      return issue.keys.map((key) => {
        const line = suggested.find((l) => l.startsWith(`${key}: `)) ?? `${key}: unknown field`;
        return [...where, line].join('.');
      });
    }
    const path = where.join('.') || root;
    return [path === null ? issue.message : `${path}: ${issue.message}`];
  });
}

/** The known name a misspelt one most probably meant, or undefined when none is close. */
export function suggestName(unknown: string, known: readonly string[]): string | undefined {
  if (known.length === 0) return undefined;
  const lowered = known.map((k) => k.toLowerCase());
  const best = closest(unknown.toLowerCase(), lowered);
  const allowed = Math.max(2, Math.floor(unknown.length / 3));
  return distance(unknown.toLowerCase(), best) <= allowed ? known[lowered.indexOf(best)] : undefined;
}

interface UnknownKeysIssue {
  code: string;
  keys?: string[];
  inst?: unknown;
}

/** Fields an object schema knows: zod keeps them in the object's definition (`_zod.def.shape`). */
function knownFields(schema: unknown): string[] {
  const shape = (schema as { _zod?: { def?: { shape?: object } } } | undefined)?._zod?.def?.shape;
  return shape ? Object.keys(shape) : [];
}

/**
 * Per-parse error map for strict objects: every unknown field gets its own line naming it and, when a
 * known field is close, the one it probably meant ("optout: unknown field; did you mean optOuts?").
 */
export function unknownFieldMessages(issue: UnknownKeysIssue): string | undefined {
  if (issue.code !== 'unrecognized_keys' || !issue.keys) return undefined;
  const known = knownFields(issue.inst);
  return issue.keys
    .map((key) => {
      const suggestion = suggestName(key, known);
      return `${key}: unknown field${suggestion ? `; did you mean ${suggestion}?` : ''}`;
    })
    .join('\n');
}

/** safeParse with the unknown-field suggestions: what every boundary that parses a contract uses. */
export function safeParseStrict<S extends z.ZodMiniType>(schema: S, input: unknown): z.core.util.SafeParseResult<z.output<S>> {
  return schema.safeParse(input, { error: unknownFieldMessages });
}

/**
 * Reports a problem from inside a z.transform: zod mini hands a transform the parse payload itself
 * (its issues), where the classic API wrapped it with addIssue.
 */
export function addTransformIssue(payload: z.core.ParsePayload, message: string, path?: PropertyKey[]): void {
  payload.issues.push({ code: 'custom', message, input: payload.value, ...(path ? { path } : {}) });
}
