/**
 * Runs the KPI views (functions/domain/analytics/views.ts, the SQL Athena runs) on DuckDB over a local
 * run's facts.jsonl. The table's columns are generated from the same facts schema as the Glue table.
 */
import { stat } from 'node:fs/promises';
import { DuckDBInstance } from '@duckdb/node-api';
import { glueColumns, type GlueColumn } from '../functions/domain/analytics/facts';
import { KPI_VIEWS } from '../functions/domain/analytics/views';

export type ViewRow = Record<string, string | number | boolean | null>;
export type ViewResults = Record<string, ViewRow[]>;

const DUCKDB_TYPES: Record<GlueColumn['type'], string> = { string: 'VARCHAR', double: 'DOUBLE', bigint: 'BIGINT', boolean: 'BOOLEAN' };

/** DuckDB gives 64-bit integers and decimals as strings in JSON: numbers are what the dashboard shows. */
function plain(row: Record<string, unknown>): ViewRow {
  return Object.fromEntries(
    Object.entries(row).map(([k, v]) => [k, typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v) && k !== 'value' && !k.endsWith('_id') ? Number(v) : (v as ViewRow[string])]),
  );
}

/** Every KPI view's rows over the facts in a JSON Lines file. */
export async function runKpiViews(factsFile: string): Promise<ViewResults> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const columns = glueColumns();
    await connection.run(`CREATE TABLE facts (${columns.map((c) => `${c.name} ${DUCKDB_TYPES[c.type]}`).join(', ')})`);
    if ((await stat(factsFile)).size > 0) {
      const shape = columns.map((c) => `${c.name}: '${DUCKDB_TYPES[c.type]}'`).join(', ');
      await connection.run(`INSERT INTO facts SELECT * FROM read_json('${factsFile.replaceAll("'", "''")}', format = 'newline_delimited', columns = {${shape}})`);
    }
    const results: ViewResults = {};
    for (const view of KPI_VIEWS) {
      const reader = await connection.runAndReadAll(view.sql);
      results[view.name] = reader.getRowObjectsJson().map((r) => plain(r as Record<string, unknown>));
    }
    return results;
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
