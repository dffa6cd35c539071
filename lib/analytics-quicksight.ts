/**
 * Optional QuickSight over the analytics side (stage config analytics.quicksight): an Athena data source
 * that assumes a least-privilege role, one SPICE dataset per KPI view whose custom SQL is the view's own
 * (functions/domain/analytics/views.ts, the facts table qualified by its database), a refresh schedule per
 * dataset, and a dashboard whose definition is generated from the views' columns (lib/quicksight-dashboard.ts).
 * Everything is shared with the configured users or groups with read-and-use actions only.
 */
import { Arn, ArnFormat, Aws, Stack, Token, type CfnElement } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as quicksight from 'aws-cdk-lib/aws-quicksight';
import { Construct, type IConstruct } from 'constructs';
import { KPI_VIEWS, kpiViewSqlIn } from '../functions/domain/analytics/views';
import VIEW_COLUMNS from '../schemas/analytics-views.columns.json';
import { FACTS_PREFIX, type Analytics, type QuickSightConfig } from './analytics';
import { DASHBOARD_VIEWS, dashboardDefinition } from './quicksight-dashboard';

/** Read-and-use actions per QuickSight resource type (the console's "viewer"/"user" sets, nothing that edits or deletes). */
export const QUICKSIGHT_READ_ACTIONS = {
  dataSource: ['quicksight:DescribeDataSource', 'quicksight:DescribeDataSourcePermissions', 'quicksight:PassDataSource'],
  dataSet: [
    'quicksight:DescribeDataSet',
    'quicksight:DescribeDataSetPermissions',
    'quicksight:PassDataSet',
    'quicksight:DescribeIngestion',
    'quicksight:ListIngestions',
  ],
  dashboard: ['quicksight:DescribeDashboard', 'quicksight:ListDashboardVersions', 'quicksight:QueryDashboard'],
} as const;

/** QuickSight's limit on a custom SQL query (the longest view, kpi_accounts, is about 13,000). */
const MAX_CUSTOM_SQL = 65_536;

/** Athena results of SPICE refreshes go under their own prefix of the workgroup's results bucket. */
const RESULTS_PREFIX = 'results/';

export interface AnalyticsQuickSightProps {
  readonly stage: string;
  readonly analytics: Analytics;
  readonly config: QuickSightConfig;
  /** The currencies the dashboard shows KPI tiles for (analytics.currencies). */
  readonly currencies: readonly string[];
}

export class AnalyticsQuickSight extends Construct {
  readonly role: iam.IRole;
  readonly policy: iam.Policy;
  readonly dataSource: quicksight.CfnDataSource;
  readonly dataSets: Record<string, quicksight.CfnDataSet> = {};
  readonly refreshSchedules: quicksight.CfnRefreshSchedule[] = [];
  readonly dashboard: quicksight.CfnDashboard;
  readonly nagAcknowledgements: Array<{ scope: IConstruct; id: string; reason: string }> = [];

  constructor(scope: Construct, id: string, props: AnalyticsQuickSightProps) {
    super(scope, id);
    const { analytics, config, stage } = props;
    this.role = this.buildRole(config, stage);
    this.policy = new iam.Policy(this, 'AthenaAccess', { statements: this.statements(analytics) });
    this.role.attachInlinePolicy(this.policy);
    const share = (actions: readonly string[]) => config.principals.map((principal) => ({ principal, actions: [...actions] }));
    this.dataSource = new quicksight.CfnDataSource(this, 'DataSource', {
      awsAccountId: Aws.ACCOUNT_ID,
      dataSourceId: `amicable-${stage}-athena`,
      name: `Amicable ${stage} (Athena)`,
      type: 'ATHENA',
      dataSourceParameters: { athenaParameters: { workGroup: analytics.workgroup.ref, roleArn: this.role.roleArn } },
      permissions: share(QUICKSIGHT_READ_ACTIONS.dataSource),
    });
    // The role must be able to run the query QuickSight makes when it creates the data source.
    this.dataSource.node.addDependency(this.policy);
    for (const view of KPI_VIEWS) {
      const dataSet = this.buildDataSet(view, analytics, stage, share(QUICKSIGHT_READ_ACTIONS.dataSet));
      this.dataSets[view.name] = dataSet;
      this.refreshSchedules.push(this.buildRefresh(view.name, dataSet, config.refresh));
    }
    const arns = Object.fromEntries(DASHBOARD_VIEWS.map((v) => [v, this.dataSets[v].attrArn])) as Record<
      (typeof DASHBOARD_VIEWS)[number],
      string
    >;
    this.dashboard = new quicksight.CfnDashboard(this, 'Dashboard', {
      awsAccountId: Aws.ACCOUNT_ID,
      dashboardId: `amicable-${stage}`,
      name: `Amicable ${stage}: recovery, outcomes and experiments`,
      definition: dashboardDefinition(arns, props.currencies),
      permissions: share(QUICKSIGHT_READ_ACTIONS.dashboard),
      versionDescription: 'Generated from functions/domain/analytics/views.ts',
    });
    this.acknowledge(analytics);
  }

  /** The configured service role (in this account), or one QuickSight alone may assume. */
  private buildRole(config: AnalyticsQuickSightProps['config'], stage: string): iam.IRole {
    const roleAccount = config.serviceRoleArn ? Arn.split(config.serviceRoleArn, ArnFormat.SLASH_RESOURCE_NAME).account : undefined;
    const stackAccount = Stack.of(this).account;
    if (roleAccount && !Token.isUnresolved(stackAccount) && roleAccount !== stackAccount) {
      // CDK cannot attach a policy to another account's role: the data source would fail at deploy.
      throw new Error(`analytics.quicksight.serviceRoleArn: the role must be in the stack's account ${stackAccount}, not ${roleAccount}`);
    }
    if (config.serviceRoleArn) return iam.Role.fromRoleArn(this, 'ServiceRole', config.serviceRoleArn, { mutable: true });
    return new iam.Role(this, 'ServiceRole', {
      description: `QuickSight's Athena data source for Amicable ${stage}: the one workgroup, database and buckets`,
      assumedBy: new iam.ServicePrincipal('quicksight.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
    });
  }

  /** One SPICE data set per KPI view, its SQL the same the Athena named query runs. */
  private buildDataSet(
    view: (typeof KPI_VIEWS)[number],
    analytics: Analytics,
    stage: string,
    permissions: quicksight.CfnDataSet.ResourcePermissionProperty[],
  ): quicksight.CfnDataSet {
    const columns = VIEW_COLUMNS as Record<string, Array<{ name: string; type: string }>>;
    const sqlQuery = kpiViewSqlIn(view, analytics.databaseName);
    if (sqlQuery.length > MAX_CUSTOM_SQL)
      throw new Error(`${view.name}: ${sqlQuery.length} characters of SQL, more than QuickSight's custom SQL takes (${MAX_CUSTOM_SQL})`);
    if (!columns[view.name])
      throw new Error(`no columns for ${view.name} in schemas/analytics-views.columns.json: run npx tsx schemas/generate-analytics.ts`);
    return new quicksight.CfnDataSet(this, `DataSet-${view.name}`, {
      awsAccountId: Aws.ACCOUNT_ID,
      dataSetId: `amicable-${stage}-${view.name.replace(/_/g, '-')}`,
      name: `Amicable ${stage} ${view.name}`,
      importMode: 'SPICE',
      physicalTableMap: {
        // Physical table ids are letters, digits and hyphens.
        [view.name.replace(/_/g, '-')]: {
          customSql: { dataSourceArn: this.dataSource.attrArn, name: view.name, sqlQuery, columns: columns[view.name] },
        },
      },
      permissions,
    });
  }

  private buildRefresh(
    viewName: string,
    dataSet: quicksight.CfnDataSet,
    refresh: AnalyticsQuickSightProps['config']['refresh'],
  ): quicksight.CfnRefreshSchedule {
    const schedule = new quicksight.CfnRefreshSchedule(this, `Refresh-${viewName}`, {
      awsAccountId: Aws.ACCOUNT_ID,
      dataSetId: dataSet.dataSetId,
      schedule: {
        scheduleId: `amicable-${refresh.interval.toLowerCase()}`,
        refreshType: 'FULL_REFRESH',
        scheduleFrequency: {
          interval: refresh.interval,
          ...(refresh.interval === 'HOURLY' ? {} : { timeOfTheDay: refresh.timeOfDay }),
          timeZone: refresh.timeZone,
          ...(refresh.interval === 'WEEKLY' ? { refreshOnDay: { dayOfWeek: refresh.dayOfWeek } } : {}),
        },
      },
    });
    schedule.node.addDependency(dataSet);
    return schedule;
  }

  /** What QuickSight needs to run the views through the workgroup, and no more (no delete, no other data). */
  private statements(analytics: Analytics): iam.PolicyStatement[] {
    const stack = Stack.of(this);
    const workgroupArn = stack.formatArn({ service: 'athena', resource: 'workgroup', resourceName: analytics.workgroup.ref });
    const glueArns = [
      stack.formatArn({ service: 'glue', resource: 'catalog' }),
      stack.formatArn({ service: 'glue', resource: 'database', resourceName: analytics.databaseName }),
      stack.formatArn({ service: 'glue', resource: 'table', resourceName: `${analytics.databaseName}/facts` }),
    ];
    return [
      new iam.PolicyStatement({
        sid: 'RunQueriesInTheWorkgroup',
        actions: [
          'athena:GetWorkGroup',
          'athena:StartQueryExecution',
          'athena:StopQueryExecution',
          'athena:GetQueryExecution',
          'athena:GetQueryResults',
          'athena:GetQueryResultsStream',
        ],
        resources: [workgroupArn],
      }),
      new iam.PolicyStatement({
        sid: 'ReadTheFactsTable',
        actions: ['glue:GetDatabase', 'glue:GetTable', 'glue:GetPartition', 'glue:GetPartitions'],
        resources: glueArns,
      }),
      new iam.PolicyStatement({
        sid: 'ListTheBuckets',
        actions: ['s3:GetBucketLocation', 's3:ListBucket'],
        resources: [analytics.bucket.bucketArn, analytics.resultsBucket.bucketArn],
      }),
      new iam.PolicyStatement({
        sid: 'ReadTheFacts',
        actions: ['s3:GetObject'],
        resources: [analytics.bucket.arnForObjects(`${FACTS_PREFIX}*`)],
      }),
      new iam.PolicyStatement({
        sid: 'WriteAndReadQueryResults',
        actions: ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
        resources: [analytics.resultsBucket.arnForObjects(`${RESULTS_PREFIX}*`)],
      }),
      new iam.PolicyStatement({
        sid: 'UseTheAnalyticsKey',
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: [analytics.key.keyArn],
      }),
    ];
  }

  private acknowledge(analytics: Analytics): void {
    const stack = Stack.of(this);
    const id = (c: IConstruct) => stack.getLogicalId(c.node.defaultChild as CfnElement);
    for (const [bucket, prefix, why] of [
      [analytics.bucket, FACTS_PREFIX, 'Athena reads the fact files under facts/ (day partitions, file names Firehose chose).'],
      [
        analytics.resultsBucket,
        RESULTS_PREFIX,
        'Athena writes and QuickSight reads query results under results/, with names Athena chooses per query.',
      ],
    ] as const) {
      this.nagAcknowledgements.push({ scope: this.policy, id: `AwsSolutions-IAM5[Resource::<${id(bucket)}.Arn>/${prefix}*]`, reason: why });
    }
  }
}
