/**
 * Writes functions/domain/placement-columns.json, the placement file's CSV columns: the AccountOverdue
 * contract flattened, one column per field named by its dotted path (customer.address.country), derived
 * from the contract's own JSON Schema so no second copy of a field can drift. Written here rather than
 * at cold start so the placement functions do not carry zod's JSON Schema converter (about 20 KB);
 * test/domain/contracts/placement-columns.test.ts fails after a contract change until this is rerun.
 *
 *   npx tsx local/placement-columns.ts
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { billingEventJsonSchemas } from '../functions/domain/events';
import type { ColumnKind, PlacementColumn } from '../functions/domain/placement-columns';

export const PLACEMENT_COLUMNS_FILE = 'functions/domain/placement-columns.json';

interface JsonSchemaNode {
  type?: string;
  properties?: Record<string, JsonSchemaNode>;
  required?: string[];
  items?: JsonSchemaNode;
  additionalProperties?: boolean | JsonSchemaNode;
}

function leafKind(node: JsonSchemaNode): ColumnKind {
  if (node.type === 'array') return node.items?.type === 'string' ? 'list' : 'json';
  if (node.type === 'number' || node.type === 'integer' || node.type === 'boolean') return node.type;
  if (node.type === 'object') return 'json';
  return 'text';
}

/**
 * Walks the contract: an object with named fields becomes one column per field. An object whose fields
 * are all optional also gets a JSON column of its own, because its presence alone can matter:
 * `compliance.attorney` = `{}` says the customer has an attorney even when the date is not known.
 */
function columnsOf(node: JsonSchemaNode, prefix: string): PlacementColumn[] {
  const named = node.type === 'object' && node.properties && typeof node.additionalProperties !== 'object';
  if (!named) return [{ name: prefix, kind: leafKind(node) }];
  const own = prefix && !(node.required ?? []).length ? [{ name: prefix, kind: 'json' as const }] : [];
  return [...own, ...Object.entries(node.properties!).flatMap(([key, child]) => columnsOf(child, prefix ? `${prefix}.${key}` : key))];
}

/** Every column a placement CSV may have, in the contract's order. */
export function placementColumns(): PlacementColumn[] {
  return columnsOf(billingEventJsonSchemas().AccountOverdue as JsonSchemaNode, '');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(PLACEMENT_COLUMNS_FILE, `${JSON.stringify(placementColumns(), null, 2)}\n`);
  console.log(`wrote ${PLACEMENT_COLUMNS_FILE}`);
}
