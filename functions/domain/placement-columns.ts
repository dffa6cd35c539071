/**
 * The placement file's CSV columns: the AccountOverdue contract flattened, one column per field named
 * by its dotted path (customer.address.country). The columns are derived from the contract's own JSON
 * Schema by local/placement-columns.ts (a test fails until a field added to the contract is a column).
 * A CSV cell is always a string (as Step Functions' CSV reader and csv-parse both present it): each
 * column's kind says how the string becomes the JSON value the contract then checks.
 */
import * as z from './zod';
import placementColumns from './placement-columns.json';
import { addTransformIssue, safeParseStrict, describeIssues } from './zod-issues';

/** How a cell's text becomes a value: text as is, numbers and booleans read, lists split, JSON parsed. */
export type ColumnKind = 'text' | 'number' | 'integer' | 'boolean' | 'list' | 'json';

export interface PlacementColumn {
  /** The dotted path of the field in an AccountOverdue detail, e.g. customer.address.country. */
  name: string;
  kind: ColumnKind;
}

/** Several values in one cell (optOuts, vulnerability drivers): sms|email. */
export const LIST_SEPARATOR = '|';

/** Every column a placement CSV may have, in the contract's order (written by local/placement-columns.ts). */
export const PLACEMENT_COLUMNS: readonly PlacementColumn[] = placementColumns as PlacementColumn[];

const NUMBER = /^-?\d+(\.\d+)?$/;
const INTEGER = /^-?\d+$/;

/** One cell: trimmed; an empty cell is no value (the field is left out, so the contract's default applies). */
function cellSchema(kind: ColumnKind) {
  return z.pipe(
    z.optional(z.string()),
    z.transform((raw, ctx): unknown => {
      const text = raw?.trim() ?? '';
      if (text === '') return undefined;
      const problem = (message: string) => {
        addTransformIssue(ctx, message);
        return z.NEVER;
      };
      switch (kind) {
        case 'text':
          return text;
        case 'number':
          return NUMBER.test(text) ? Number(text) : problem('a number such as 125.50');
        case 'integer':
          return INTEGER.test(text) ? Number(text) : problem('a whole number such as 3');
        case 'boolean':
          return /^(true|false)$/i.test(text) ? text.toLowerCase() === 'true' : problem('true or false');
        case 'list':
          return text.split(LIST_SEPARATOR).map((item) => item.trim());
        case 'json':
          try {
            return JSON.parse(text) as unknown;
          } catch {
            // Never the parser's message: it quotes the cell, which may hold personal data.
            return problem('a JSON value such as {"since":"2026-01-05T00:00:00Z"}');
          }
      }
    }),
  );
}

/** A CSV row as the reader hands it: column name -> cell text. Unknown columns are named, with the likely one. */
const csvRowSchema = z.strictObject(Object.fromEntries(PLACEMENT_COLUMNS.map((c) => [c.name, cellSchema(c.kind)])));

type Nested = Record<string, unknown>;
const isObject = (value: unknown): value is Nested => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Puts a column's value at its dotted path; a field given twice (in a JSON column and its own) is a problem. */
function place(target: Nested, path: string[], value: unknown): string | undefined {
  let node = target;
  for (const [i, key] of path.slice(0, -1).entries()) {
    if (node[key] === undefined) node[key] = {};
    if (!isObject(node[key])) return `${path.join('.')}: ${path.slice(0, i + 1).join('.')} is given as a value too; give one or the other`;
    node = node[key];
  }
  const last = path[path.length - 1];
  if (node[last] !== undefined) return `${path.join('.')}: also given inside ${path.slice(0, -1).join('.')}; give one or the other`;
  node[last] = value;
  return undefined;
}

/**
 * A CSV row -> the AccountOverdue detail its readable cells describe (still to be checked by the
 * contract), and every problem with its cells. `unread` names the columns whose cells could not be read,
 * so the contract's complaint about the same field ("required") is not said twice. Shorter columns
 * first, so a JSON column is in place before its fields.
 */
export interface RowReading {
  detail: unknown;
  reasons: string[];
  unread: string[];
}

export function detailFromCsvRow(row: unknown): RowReading {
  let parsed = safeParseStrict(csvRowSchema, row);
  const reasons: string[] = [];
  const unread: string[] = [];
  if (!parsed.success) {
    reasons.push(...describeIssues(parsed.error, '(row)'));
    for (const issue of parsed.error.issues) unread.push(...(issue.code === 'unrecognized_keys' ? issue.keys : [String(issue.path[0])]));
    if (!isObject(row)) return { detail: {}, reasons, unread };
    parsed = safeParseStrict(csvRowSchema, Object.fromEntries(Object.entries(row).filter(([name]) => !unread.includes(name))));
    if (!parsed.success) return { detail: {}, reasons, unread };
  }
  const detail: Nested = {};
  const cells = Object.entries(parsed.data).filter(([, value]) => value !== undefined);
  for (const [name, value] of cells.sort(([a], [b]) => a.split('.').length - b.split('.').length)) {
    const problem = place(detail, name.split('.'), value);
    if (problem) reasons.push(problem);
  }
  return { detail, reasons, unread };
}
