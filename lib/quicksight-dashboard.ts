/**
 * The QuickSight dashboard's definition, generated from the KPI views' columns
 * (schemas/analytics-views.columns.json, what DuckDB says each view returns): KPI tiles per currency,
 * trends by week per currency, and the per-variant comparison with the 95% intervals of
 * kpi_experiment_results. A column a visual names that a view no longer returns fails the synth here,
 * not QuickSight at deploy.
 */
import type * as quicksight from 'aws-cdk-lib/aws-quicksight';
import VIEW_COLUMNS from '../schemas/analytics-views.columns.json';

type Definition = quicksight.CfnDashboard.DashboardVersionDefinitionProperty;
type Visual = quicksight.CfnDashboard.VisualProperty;
type FilterGroup = quicksight.CfnDashboard.FilterGroupProperty;
type Measure = quicksight.CfnDashboard.MeasureFieldProperty;

/** The views the dashboard reads (each is a SPICE dataset, named by its view). */
export const DASHBOARD_VIEWS = ['kpi_money', 'kpi_accounts', 'kpi_experiment_results'] as const;
type DashboardView = (typeof DASHBOARD_VIEWS)[number];

export const SHEET_ID = 'kpis';
/** Recovery over the rows in view, collected / placed (never a sum or an average of the rows' rates). */
export const RECOVERY_FIELD = 'recovery_rate_in_view';
const RECOVERY_CALCULATION: quicksight.CfnDashboard.CalculatedFieldProperty = {
  dataSetIdentifier: 'kpi_money',
  name: RECOVERY_FIELD,
  expression: `sum(${['collected', 'placed'].map((c) => `{${column('kpi_money', c).columnName}}`).join(') / sum(')})`,
};

/** A column of a view, checked against the view's generated column list. */
function column(view: DashboardView, name: string): quicksight.CfnDashboard.ColumnIdentifierProperty {
  const columns = (VIEW_COLUMNS as Record<string, Array<{ name: string }>>)[view];
  if (!columns?.some((c) => c.name === name)) throw new Error(`the dashboard names ${view}.${name}, which the view does not return`);
  return { dataSetIdentifier: view, columnName: name };
}

const title = (text: string) => ({ visibility: 'VISIBLE', formatText: { plainText: text } });
const sum = (view: DashboardView, name: string, fieldId: string): Measure => ({
  numericalMeasureField: { fieldId, column: column(view, name), aggregationFunction: { simpleNumericalAggregation: 'SUM' } },
});
const recovery = (fieldId: string): Measure => ({
  numericalMeasureField: { fieldId, column: { dataSetIdentifier: 'kpi_money', columnName: RECOVERY_FIELD } },
});
const dimension = (view: DashboardView, name: string, fieldId: string) => ({
  categoricalDimensionField: { fieldId, column: column(view, name) },
});

/** Rows of one value of a category column, for the given visuals. */
function only(id: string, view: DashboardView, name: string, value: string, visualIds: string[]): FilterGroup {
  return {
    filterGroupId: id,
    crossDataset: 'SINGLE_DATASET',
    status: 'ENABLED',
    filters: [
      {
        categoryFilter: {
          filterId: `${id}-filter`,
          column: column(view, name),
          configuration: { filterListConfiguration: { matchOperator: 'CONTAINS', categoryValues: [value] } },
        },
      },
    ],
    scopeConfiguration: {
      selectedSheets: { sheetVisualScopingConfigurations: [{ sheetId: SHEET_ID, scope: 'SELECTED_VISUALS', visualIds }] },
    },
  };
}

const kpi = (visualId: string, text: string, value: Measure, alt: string): Visual => ({
  kpiVisual: { visualId, title: title(text), visualContentAltText: alt, chartConfiguration: { fieldWells: { values: [value] } } },
});

function currencyTiles(currency: string): { visuals: Visual[]; filters: FilterGroup[] } {
  const id = currency.toLowerCase();
  const ids = [`placed-${id}`, `collected-${id}`, `recovery-${id}`];
  return {
    visuals: [
      kpi(ids[0], `${currency} placed`, sum('kpi_money', 'placed', `${ids[0]}-value`), `Amount placed in ${currency}`),
      kpi(ids[1], `${currency} collected`, sum('kpi_money', 'collected', `${ids[1]}-value`), `Amount collected in ${currency}`),
      kpi(ids[2], `${currency} recovery rate`, recovery(`${ids[2]}-value`), `Recovery rate in ${currency}: collected divided by placed`),
    ],
    filters: [only(`all-${id}`, 'kpi_money', 'dimension', 'all', ids), only(`currency-${id}`, 'kpi_money', 'currency', currency, ids)],
  };
}

function weeklyTrends(): { visuals: Visual[]; filters: FilterGroup[] } {
  const line = (visualId: string, text: string, value: Measure): Visual => ({
    lineChartVisual: {
      visualId,
      title: title(text),
      visualContentAltText: text,
      chartConfiguration: {
        fieldWells: {
          lineChartAggregatedFieldWells: {
            category: [dimension('kpi_money', 'value', `${visualId}-week`)],
            colors: [dimension('kpi_money', 'currency', `${visualId}-currency`)],
            values: [value],
          },
        },
      },
    },
  });
  const visuals = [
    line('collected-by-week', 'Collected by week placed, per currency', sum('kpi_money', 'collected', 'collected-by-week-value')),
    line('recovery-by-week', 'Recovery rate by week placed, per currency', recovery('recovery-by-week-value')),
  ];
  const cure: Visual = {
    lineChartVisual: {
      visualId: 'cure-by-week',
      title: title('Cure rate and escalation rate by week placed'),
      visualContentAltText: 'Cure rate and escalation rate by week placed',
      chartConfiguration: {
        fieldWells: {
          lineChartAggregatedFieldWells: {
            category: [dimension('kpi_accounts', 'value', 'cure-by-week-week')],
            values: [
              sum('kpi_accounts', 'cure_rate', 'cure-by-week-cure'),
              sum('kpi_accounts', 'escalation_rate', 'cure-by-week-escalation'),
            ],
          },
        },
      },
    },
  };
  return {
    visuals: [...visuals, cure],
    filters: [
      only('by-week-money', 'kpi_money', 'dimension', 'week', ['collected-by-week', 'recovery-by-week']),
      only('by-week-accounts', 'kpi_accounts', 'dimension', 'week', ['cure-by-week']),
    ],
  };
}

/** Each variant's KPIs with their intervals, and the difference against every other variant (champion, holdout). */
const EXPERIMENT_TABLE_COLUMNS = [
  'experiment',
  'variant',
  'currency',
  'kpi',
  'value',
  'low',
  'high',
  'against',
  'difference',
  'difference_low',
  'difference_high',
  'significant',
  'accounts_needed',
] as const;

function experimentTable(): Visual {
  return {
    tableVisual: {
      visualId: 'experiment-results',
      title: title('Champion and challengers: each KPI with its 95% interval, and the difference against each other variant'),
      visualContentAltText: 'Experiment results per variant with 95% intervals and differences',
      chartConfiguration: {
        fieldWells: {
          tableUnaggregatedFieldWells: {
            values: EXPERIMENT_TABLE_COLUMNS.map((c) => ({ fieldId: `experiment-${c}`, column: column('kpi_experiment_results', c) })),
          },
        },
      },
    },
  };
}

/** The whole definition; `dataSetArns` by view name. */
export function dashboardDefinition(dataSetArns: Record<DashboardView, string>, currencies: readonly string[]): Definition {
  const tiles = currencies.map(currencyTiles);
  const trends = weeklyTrends();
  return {
    dataSetIdentifierDeclarations: DASHBOARD_VIEWS.map((view) => ({ identifier: view, dataSetArn: dataSetArns[view] })),
    sheets: [
      {
        sheetId: SHEET_ID,
        name: 'Recovery and outcomes',
        visuals: [...tiles.flatMap((t) => t.visuals), ...trends.visuals, experimentTable()],
      },
    ],
    calculatedFields: [RECOVERY_CALCULATION],
    filterGroups: [...tiles.flatMap((t) => t.filters), ...trends.filters],
  };
}
