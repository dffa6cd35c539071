/**
 * Runs the KPI views (functions/domain/analytics/views.ts, the SQL Athena runs) on DuckDB over a local
 * run's facts.jsonl. The table's columns are generated from the same facts schema as the Glue table.
 */
import { stat } from 'node:fs/promises';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { glueColumns, type GlueColumn } from '../functions/domain/analytics/facts';
import { KPI_VIEWS } from '../functions/domain/analytics/views';

export type ViewRow = Record<string, string | number | boolean | null>;
export type ViewResults = Record<string, ViewRow[]>;

const DUCKDB_TYPES: Record<GlueColumn['type'], string> = { string: 'VARCHAR', double: 'DOUBLE', bigint: 'BIGINT', boolean: 'BOOLEAN' };

/** DuckDB gives 64-bit integers and decimals as strings in JSON: numbers are what the dashboard shows. */
function plain(row: Record<string, unknown>): ViewRow {
  return Object.fromEntries(
    Object.entries(row).map(([k, v]) => [
      k,
      typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v) && k !== 'value' && !k.endsWith('_id') ? Number(v) : (v as ViewRow[string]),
    ]),
  );
}

/** An in-memory DuckDB with the facts table (columns from the facts schema), for the length of `use`. */
async function withFactsTable<T>(use: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    await connection.run(
      `CREATE TABLE facts (${glueColumns()
        .map((c) => `${c.name} ${DUCKDB_TYPES[c.type]}`)
        .join(', ')})`,
    );
    return await use(connection);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** Every KPI view's rows over the facts in a JSON Lines file. */
export async function runKpiViews(factsFile: string): Promise<ViewResults> {
  return withFactsTable(async (connection) => {
    if ((await stat(factsFile)).size > 0) {
      const shape = glueColumns()
        .map((c) => `${c.name}: '${DUCKDB_TYPES[c.type]}'`)
        .join(', ');
      await connection.run(
        `INSERT INTO facts SELECT * FROM read_json('${factsFile.replaceAll("'", "''")}', format = 'newline_delimited', columns = {${shape}})`,
      );
    }
    const results: ViewResults = {};
    for (const view of KPI_VIEWS) {
      const reader = await connection.runAndReadAll(view.sql);
      results[view.name] = reader.getRowObjectsJson().map((r) => plain(r as Record<string, unknown>));
    }
    return results;
  });
}

/** The kind of value a view column holds, in the words QuickSight's custom SQL input columns use. */
export type ViewColumnType = 'STRING' | 'INTEGER' | 'DECIMAL' | 'BOOLEAN';
export interface ViewColumn {
  name: string;
  type: ViewColumnType;
}

const columnType = (duckdbType: string): ViewColumnType => {
  if (duckdbType === 'VARCHAR') return 'STRING';
  if (duckdbType === 'BOOLEAN') return 'BOOLEAN';
  if (/^(BIGINT|HUGEINT|INTEGER|SMALLINT|TINYINT|UBIGINT|UHUGEINT|UINTEGER)$/.test(duckdbType)) return 'INTEGER';
  if (/^(DOUBLE|FLOAT|DECIMAL)/.test(duckdbType)) return 'DECIMAL';
  throw new Error(`a KPI view column of DuckDB type ${duckdbType}: map it to a QuickSight column type`);
};

/** Every KPI view's output columns (DuckDB's DESCRIBE of the view's SQL over the empty facts table). */
export async function describeKpiViews(): Promise<Record<string, ViewColumn[]>> {
  return withFactsTable(async (connection) => {
    const described: Record<string, ViewColumn[]> = {};
    for (const view of KPI_VIEWS) {
      const rows = (await connection.runAndReadAll(`DESCRIBE ${view.sql}`)).getRowObjectsJson() as Array<{
        column_name: string;
        column_type: string;
      }>;
      described[view.name] = rows.map((r) => ({ name: r.column_name, type: columnType(r.column_type) }));
    }
    return described;
  });
}
