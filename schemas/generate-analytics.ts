/**
 * Writes the analytics fact table's Glue columns, the KPI views' SQL and their output columns from their definitions
 * (functions/domain/analytics/facts.ts and views.ts), for teams that create the table or the views
 * outside CDK. Run `npx tsx schemas/generate-analytics.ts` after changing either; test/domain/analytics
 * fails while the committed files are stale. The stack reads the definitions themselves, not these files.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FACT_PARTITION, glueColumns } from '../functions/domain/analytics/facts';
import { KPI_VIEWS } from '../functions/domain/analytics/views';
import { describeKpiViews } from '../local/duckdb-views';

export const ANALYTICS_SCHEMA_FILES = { glue: 'analytics-facts.glue.json', views: 'analytics-views.sql', columns: 'analytics-views.columns.json' } as const;

/**
 * The Glue columns, the views' SQL and the views' output columns (what DuckDB says each view's SQL
 * returns: QuickSight's custom SQL datasets must declare them, lib/analytics-quicksight.ts reads this file).
 */
export async function renderAnalyticsSchemas(): Promise<Record<keyof typeof ANALYTICS_SCHEMA_FILES, string>> {
  const glue = { table: 'facts', columns: glueColumns(), partitionKeys: [FACT_PARTITION], format: 'parquet' };
  const views = KPI_VIEWS.map((v) => `-- ${v.name}: ${v.description}\nCREATE OR REPLACE VIEW ${v.name} AS\n${v.sql};\n`).join('\n');
  const columns = await describeKpiViews();
  return { glue: `${JSON.stringify(glue, null, 2)}\n`, views, columns: `${JSON.stringify(columns, null, 2)}\n` };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const dir = dirname(fileURLToPath(import.meta.url));
  const rendered = await renderAnalyticsSchemas();
  for (const key of Object.keys(ANALYTICS_SCHEMA_FILES) as Array<keyof typeof ANALYTICS_SCHEMA_FILES>) {
    writeFileSync(join(dir, ANALYTICS_SCHEMA_FILES[key]), rendered[key]);
    console.log(`wrote schemas/${ANALYTICS_SCHEMA_FILES[key]}`);
  }
}
