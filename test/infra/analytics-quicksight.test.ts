/**
 * QuickSight, only when configured: the Athena data source with its least-privilege role, a SPICE dataset
 * per KPI view whose SQL is the view's, a refresh schedule each, the generated dashboard, and read-only
 * sharing with the configured principals. (That nothing QuickSight exists without the config:
 * test/infra/analytics.test.ts, over the default dev and prod templates.)
 */
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { KPI_VIEWS, kpiViewSqlIn } from '../../functions/domain/analytics/views';
import { QUICKSIGHT_READ_ACTIONS } from '../../lib/analytics-quicksight';
import { parseStageConfig } from '../../lib/config';
import VIEW_COLUMNS from '../../schemas/analytics-views.columns.json';
import { prodConfig, rawConfig, synthAmicable } from './helpers';

const MANAGERS = 'arn:aws:quicksight:us-east-1:222222222222:group/default/collections-managers';
const ANALYST = 'arn:aws:quicksight:us-east-1:222222222222:user/default/analyst';
const EXISTING_ROLE = 'arn:aws:iam::222222222222:role/service-role/aws-quicksight-service-role-v0';

let template: Template;
let withRole: Template;

beforeAll(() => {
  const analytics = {
    currencies: ['USD', 'GBP'],
    quicksight: {
      principals: [MANAGERS, ANALYST],
      refresh: { interval: 'WEEKLY', timeOfDay: '05:30', timeZone: 'Europe/London', dayOfWeek: 'MONDAY' },
    },
  };
  template = synthAmicable(prodConfig({ analytics } as never)).template;
  withRole = synthAmicable(
    prodConfig({ analytics: { quicksight: { principals: [MANAGERS], serviceRoleArn: EXISTING_ROLE } } } as never),
  ).template;
}, 600_000);

const shared = (actions: readonly string[]) => [MANAGERS, ANALYST].map((Principal) => ({ Principal, Actions: [...actions] }));
const roleRef = { 'Fn::GetAtt': [Match.stringLikeRegexp('^QuickSightServiceRole'), 'Arn'] };

describe('QuickSight data source', () => {
  it('reads Athena through the stage workgroup as its own role, shared for use only', () => {
    template.resourceCountIs('AWS::QuickSight::DataSource', 1);
    template.hasResourceProperties('AWS::QuickSight::DataSource', {
      Type: 'ATHENA',
      DataSourceId: 'amicable-prod-athena',
      DataSourceParameters: { AthenaParameters: { WorkGroup: { Ref: Match.stringLikeRegexp('^AnalyticsWorkgroup') }, RoleArn: roleRef } },
      Permissions: shared(QUICKSIGHT_READ_ACTIONS.dataSource),
    });
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          Match.objectLike({
            Principal: { Service: 'quicksight.amazonaws.com' },
            Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
          }),
        ],
      },
    });
  });

  it('gives the role the workgroup, the facts table, the facts (read), the results prefix (write) and the analytics key, nothing else', () => {
    const policies = template.findResources('AWS::IAM::Policy', {
      Properties: { Roles: [{ Ref: Match.stringLikeRegexp('^QuickSightServiceRole') }] },
    });
    expect(Object.keys(policies).length).toBe(1);
    const statements = Object.values(policies)[0].Properties.PolicyDocument.Statement as Array<{
      Sid: string;
      Action: string | string[];
      Resource: unknown;
    }>;
    const bySid = Object.fromEntries(
      statements.map((s) => [s.Sid, { actions: [s.Action].flat().sort(), resources: JSON.stringify(s.Resource) }]),
    );
    expect(Object.keys(bySid).sort()).toEqual([
      'ListTheBuckets',
      'ReadTheFacts',
      'ReadTheFactsTable',
      'RunQueriesInTheWorkgroup',
      'UseTheAnalyticsKey',
      'WriteAndReadQueryResults',
    ]);
    expect(bySid.RunQueriesInTheWorkgroup.resources).toMatch(/workgroup\/".*AnalyticsWorkgroup/);
    expect(bySid.ReadTheFactsTable.resources).toContain('table/amicable_prod/facts');
    expect(bySid.ReadTheFacts).toEqual({
      actions: ['s3:GetObject'],
      resources: expect.stringMatching(/AnalyticsFactsBucket.*\/facts\/\*/),
    });
    expect(bySid.WriteAndReadQueryResults.actions).toEqual([
      's3:AbortMultipartUpload',
      's3:GetObject',
      's3:ListMultipartUploadParts',
      's3:PutObject',
    ]);
    expect(bySid.WriteAndReadQueryResults.resources).toMatch(/AnalyticsQueryResults.*\/results\/\*/);
    expect(bySid.UseTheAnalyticsKey).toEqual({
      actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
      resources: expect.stringContaining('AnalyticsKey'),
    });
    const all = statements.flatMap((s) => [s.Action].flat());
    expect(all.filter((a) => a.endsWith('*') || /Delete|Create|Update|Put(Bucket|Table)/.test(a))).toEqual([]);
    expect(JSON.stringify(statements)).not.toMatch(/"Resource":"\*"/);
  });

  it('uses an existing service role when given one: the same policy on it, no new role', () => {
    expect(
      Object.keys(
        withRole.findResources('AWS::IAM::Role', {
          Properties: {
            AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'quicksight.amazonaws.com' } })] },
          },
        }),
      ),
    ).toEqual([]);
    withRole.hasResourceProperties('AWS::IAM::Policy', {
      Roles: ['aws-quicksight-service-role-v0'],
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Sid: 'RunQueriesInTheWorkgroup' })]) },
    });
    withRole.hasResourceProperties('AWS::QuickSight::DataSource', {
      DataSourceParameters: { AthenaParameters: Match.objectLike({ RoleArn: EXISTING_ROLE }) },
    });
  });

  it("refuses another account's service role (no policy could be attached to it)", () => {
    const other = prodConfig({
      analytics: { quicksight: { principals: [MANAGERS], serviceRoleArn: 'arn:aws:iam::999999999999:role/qs' } },
    } as never);
    expect(() => synthAmicable(other)).toThrow(/serviceRoleArn: the role must be in the stack's account 222222222222/);
  });
});

describe('QuickSight datasets and refresh', () => {
  it('has one SPICE dataset per KPI view whose SQL is the view, its facts table qualified by the database', () => {
    template.resourceCountIs('AWS::QuickSight::DataSet', KPI_VIEWS.length);
    for (const view of KPI_VIEWS) {
      const sql = kpiViewSqlIn(view, 'amicable_prod');
      expect(sql.replace('FROM "amicable_prod"."facts" x', 'FROM facts x')).toBe(view.sql);
      template.hasResourceProperties('AWS::QuickSight::DataSet', {
        Name: `Amicable prod ${view.name}`,
        ImportMode: 'SPICE',
        PhysicalTableMap: {
          [view.name.replace(/_/g, '-')]: {
            CustomSql: {
              Name: view.name,
              SqlQuery: sql,
              DataSourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^QuickSightDataSource'), 'Arn'] },
              Columns: (VIEW_COLUMNS as Record<string, Array<{ name: string; type: string }>>)[view.name].map((c) => ({
                Name: c.name,
                Type: c.type,
              })),
            },
          },
        },
        Permissions: shared(QUICKSIGHT_READ_ACTIONS.dataSet),
      });
    }
  });

  it('refreshes every dataset on the configured schedule', () => {
    const schedules = Object.values(template.findResources('AWS::QuickSight::RefreshSchedule'));
    expect(schedules.length).toBe(KPI_VIEWS.length);
    expect(schedules.map((s) => s.Properties.DataSetId).sort()).toEqual(
      KPI_VIEWS.map((v) => `amicable-prod-${v.name.replace(/_/g, '-')}`).sort(),
    );
    for (const s of schedules) {
      expect(s.Properties.Schedule).toEqual({
        ScheduleId: 'amicable-weekly',
        RefreshType: 'FULL_REFRESH',
        ScheduleFrequency: { Interval: 'WEEKLY', TimeOfTheDay: '05:30', TimeZone: 'Europe/London', RefreshOnDay: { DayOfWeek: 'MONDAY' } },
      });
      expect(s.DependsOn?.some((d: string) => d.startsWith('QuickSightDataSet'))).toBe(true);
    }
  });
});

describe('QuickSight dashboard', () => {
  const definition = () => Object.values(template.findResources('AWS::QuickSight::Dashboard'))[0].Properties.Definition;

  it('is generated: KPI tiles per configured currency, weekly trends, and the experiment results with intervals', () => {
    template.resourceCountIs('AWS::QuickSight::Dashboard', 1);
    template.hasResourceProperties('AWS::QuickSight::Dashboard', {
      DashboardId: 'amicable-prod',
      Permissions: shared(QUICKSIGHT_READ_ACTIONS.dashboard),
    });
    const d = definition();
    expect(d.DataSetIdentifierDeclarations.map((x: { Identifier: string }) => x.Identifier)).toEqual([
      'kpi_money',
      'kpi_accounts',
      'kpi_experiment_results',
    ]);
    const visuals = d.Sheets[0].Visuals as Array<Record<string, { VisualId: string; ChartConfiguration: unknown }>>;
    const ids = visuals.map((v) => Object.values(v)[0].VisualId);
    for (const c of ['usd', 'gbp']) expect(ids).toEqual(expect.arrayContaining([`placed-${c}`, `collected-${c}`, `recovery-${c}`]));
    expect(ids).toEqual(expect.arrayContaining(['collected-by-week', 'recovery-by-week', 'cure-by-week', 'experiment-results']));
    const table = visuals.find((v) => v.TableVisual?.VisualId === 'experiment-results')!.TableVisual;
    const columns = JSON.stringify(table.ChartConfiguration);
    for (const c of ['variant', 'against', 'value', 'low', 'high', 'difference_low', 'difference_high', 'significant', 'accounts_needed'])
      expect(columns).toContain(`"ColumnName":"${c}"`);
    // Recovery is collected / placed over the rows in view, never a sum of per-row rates.
    expect(d.CalculatedFields).toEqual([
      { DataSetIdentifier: 'kpi_money', Name: 'recovery_rate_in_view', Expression: 'sum({collected}) / sum({placed})' },
    ]);
    const filters = JSON.stringify(d.FilterGroups);
    expect(filters).toContain('"CategoryValues":["GBP"]');
    expect(filters).toContain('"CategoryValues":["week"]');
  });
});

describe('QuickSight configuration', () => {
  it('refuses a principal that is not a QuickSight user or group ARN, and unknown fields, with the field named', () => {
    const bad = (quicksight: unknown) => () => parseStageConfig({ ...rawConfig('dev.json'), analytics: { quicksight } } as never);
    expect(bad({ principals: ['arn:aws:iam::222222222222:user/alice'] })).toThrow(/analytics\.quicksight\.principals\.0/);
    expect(bad({ principals: [] })).toThrow(/analytics\.quicksight\.principals/);
    expect(bad({ principals: [MANAGERS], refresh: { interval: 'DAILY', timeOfDay: '25:00' } })).toThrow(
      /analytics\.quicksight\.refresh\.timeOfDay/,
    );
    expect(bad({ principals: [MANAGERS], share: 'everyone' })).toThrow(/share/);
  });
});
