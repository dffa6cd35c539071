/**
 * The placement functions read the CSV columns from placement-columns.json (local/placement-columns.ts)
 * instead of deriving them at cold start with zod's JSON Schema converter: the file must be exactly what
 * the AccountOverdue contract derives, so a field added to the contract is a column.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { PLACEMENT_COLUMNS } from '../../../functions/domain/placement-columns';
import { PLACEMENT_COLUMNS_FILE, placementColumns } from '../../../local/placement-columns';

describe('the placement columns the functions carry', () => {
  it('are derived from the AccountOverdue contract (after changing it: npx tsx local/placement-columns.ts)', () => {
    expect(JSON.parse(readFileSync(PLACEMENT_COLUMNS_FILE, 'utf8'))).toEqual(placementColumns());
    expect(PLACEMENT_COLUMNS).toEqual(placementColumns());
  });

  it('name every field of the contract, nested ones by their dotted path', () => {
    const names = PLACEMENT_COLUMNS.map((column) => column.name);
    expect(names).toEqual(expect.arrayContaining(['accountId', 'amountDue', 'customer.address.country', 'compliance.attorney']));
  });
});
