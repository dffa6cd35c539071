/**
 * The whole stack, synthesized once with real esbuild bundling of every handler (dev config),
 * and once more without bundling for the production config.
 */
import { Match } from 'aws-cdk-lib/assertions';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HANDLERS } from '../../functions/commons/environment';
import type { AmicableStack } from '../../lib/amicable-stack';
import { JOURNEY_DEFINITION_FILE } from '../../lib/journey-definition';
import { POWERTOOLS_VERSION } from '../../lib/lambda-defaults';
import { devConfig, logicalId, prodConfig, synthAmicable } from './helpers';

type Statement = { Action: string | string[]; Resource: unknown; Effect: string };
type AmicableFunctionLike = AmicableStack['functions'][number];

const { app, stack, template } = synthAmicable(devConfig({ alarmEmail: 'oncall@example.com' }), { bundle: true });
const allFunctions = template.findResources('AWS::Lambda::Function');
/** The Amicable functions (one per handler), without the CDK BucketDeployment provider of the portal page. */
const functionIds = new Set(stack.functions.map((f) => stack.getLogicalId(f.node.defaultChild as never)));
const functions = Object.fromEntries(Object.entries(allFunctions).filter(([id]) => functionIds.has(id)));
const policies = template.findResources('AWS::IAM::Policy');
/** Log groups with the stage's retention: one per function, the state machine's, the portal API access logs and the page deployment's. */
// One per function, the shared ones (as before), Firehose's delivery log (lib/analytics.ts) and the placement and sweep state machines'.
const LOG_GROUPS = HANDLERS.length + 6;

/** Statements of the policy attached to a function's role. */
function statementsOf(fn: { role?: { node: { defaultChild?: unknown } } | undefined }): Statement[] {
  const roleId = stack.getLogicalId(fn.role!.node.defaultChild as never);
  return Object.values(policies)
    .filter((p) => (p.Properties.Roles as { Ref: string }[]).some((r) => r.Ref === roleId))
    .flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]);
}
const actionsOf = (fn: Parameters<typeof statementsOf>[0]) => statementsOf(fn).flatMap((s) => [s.Action].flat());

describe('functions', () => {
  it('has one function per handler, and otherwise only the CDK page-deployment provider', () => {
    expect(Object.keys(functions)).toHaveLength(HANDLERS.length);
    expect(stack.functions.map((f) => f.handlerName).sort()).toEqual([...HANDLERS].sort());
    const others = Object.keys(allFunctions).filter((id) => !functionIds.has(id));
    expect(others).toEqual([expect.stringMatching(/^CustomCDKBucketDeployment/)]);
  });

  it('runs every function on arm64, Node 24, with active tracing and an explicit log group', () => {
    template.resourcePropertiesCountIs(
      'AWS::Lambda::Function',
      {
        Architectures: ['arm64'],
        Runtime: 'nodejs24.x',
        TracingConfig: { Mode: 'Active' },
        Handler: 'index.handler',
        LoggingConfig: Match.objectLike({ LogFormat: 'JSON', LogGroup: { Ref: Match.anyValue() } }),
        Environment: {
          Variables: Match.objectLike({
            POWERTOOLS_METRICS_NAMESPACE: 'Amicable',
            POWERTOOLS_SERVICE_NAME: Match.stringLikeRegexp('^amicable-'),
            STATE_TABLE_NAME: { Ref: Match.stringLikeRegexp('^DataStateTable') },
            BUSINESS_TIME_ZONE: 'America/New_York',
            // The stage's contact block: who the deployment is, and the country national numbers are read in.
            COLLECTOR_TYPE: 'debt-collector',
            DEFAULT_PHONE_COUNTRY: 'US',
          }),
        },
      },
      // placement-results reads and writes the placement bucket only: no table name in its environment.
      HANDLERS.length - 1,
    );
    for (const f of Object.values(functions)) {
      expect(f.Properties.MemorySize).toBeGreaterThanOrEqual(256);
      expect(f.Properties.MemorySize).toBeLessThanOrEqual(512);
      expect(f.Properties.Environment.Variables.NODE_OPTIONS).toBeUndefined();
    }
    template.resourcePropertiesCountIs('AWS::Logs::LogGroup', { RetentionInDays: 30 }, LOG_GROUPS);
  });

  it('takes Powertools from the official layer, pinned to the installed version through its public SSM parameter', () => {
    const parameters = template.toJSON().Parameters as Record<string, { Type: string; Default: string }>;
    const layerParameter = Object.entries(parameters).find(
      ([, p]) => p.Default === `/aws/service/powertools/typescript/generic/all/${POWERTOOLS_VERSION}`,
    );
    expect(layerParameter?.[1].Type).toBe('AWS::SSM::Parameter::Value<String>');
    template.resourcePropertiesCountIs('AWS::Lambda::Function', { Layers: [{ Ref: layerParameter![0] }] }, HANDLERS.length);
  });

  it('gives send the channel settings and the others none', () => {
    const env = (fn: (typeof stack.functions)[number]) =>
      functions[stack.getLogicalId(fn.node.defaultChild as never)].Properties.Environment.Variables;
    expect(env(stack.journey.sendFunction)).toMatchObject({
      CHANNEL_PROVIDER: 'sms-voice-v2+ses',
      SMS_ORIGINATION_IDENTITY: expect.stringMatching(/^arn:aws:sms-voice:/),
      SMS_CONFIGURATION_SET: { Ref: expect.stringMatching(/^ChannelsSmsConfigurationSet/) },
      EMAIL_FROM_ADDRESS: 'billing@example.com',
    });
    expect(env(stack.journey.decideFunction).CHANNEL_PROVIDER).toBeUndefined();
    // inbound-sms answers customers through the same channels, with the same settings.
    expect(env(stack.conversations.inboundSmsFunction).CHANNEL_PROVIDER).toBe('sms-voice-v2+ses');
    expect(env(stack.conversations.deliveryEventsFunction).CHANNEL_PROVIDER).toBeUndefined();
    expect(env(stack.intake.ingestFunction).JOURNEY_STATE_MACHINE_ARN).toEqual({ Ref: expect.stringMatching(/^JourneyStateMachine/) });
    expect(env(stack.journey.escalateFunction).EVENT_BUS_NAME).toEqual({ Ref: logicalId(template, 'AWS::Events::EventBus', 'Bus') });
  });

  it('sends failed asynchronous invocations of ingest, lifecycle, inbound-sms and delivery-events to a queue', () => {
    template.resourceCountIs('AWS::Lambda::EventInvokeConfig', 4);
    template.allResourcesProperties('AWS::Lambda::EventInvokeConfig', {
      DestinationConfig: {
        OnFailure: {
          Destination: {
            'Fn::GetAtt': [
              Match.stringLikeRegexp('^(IntakeFailureQueue|ConversationsInboundSmsFailureQueue|ConversationsDeliveryEventsFailureQueue)'),
              'Arn',
            ],
          },
        },
      },
      MaximumRetryAttempts: 2,
    });
  });
});

describe('journey state machine', () => {
  // The journey's; the placement machines are tested in placement.test.ts, the sweep's fan-out in sweep.test.ts.
  const sm = Object.values(template.findResources('AWS::StepFunctions::StateMachine')).filter(
    (machine) => machine.Properties.StateMachineName === 'amicable-journey-dev',
  );
  const props = sm[0].Properties;

  it('is one Standard state machine, traced, logging without execution data, CMK-encrypted', () => {
    expect(sm).toHaveLength(1);
    template.resourceCountIs('AWS::StepFunctions::StateMachine', 3);
    expect(props).toMatchObject({
      StateMachineType: 'STANDARD',
      StateMachineName: 'amicable-journey-dev',
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: { IncludeExecutionData: false, Level: 'ALL' },
      EncryptionConfiguration: { Type: 'CUSTOMER_MANAGED_KMS_KEY' },
    });
  });

  it('deploys the file definition with every function ARN substituted', () => {
    // DefinitionBody.fromFile ships the file itself as an S3 asset; CloudFormation substitutes the ARNs.
    expect(props.DefinitionS3Location).toMatchObject({ Key: expect.stringMatching(/\.json$/) });
    const deployed = readFileSync(join(app.synth().directory, `asset.${props.DefinitionS3Location.Key}`), 'utf8');
    expect(deployed).toBe(readFileSync(JOURNEY_DEFINITION_FILE, 'utf8'));
    const subs = props.DefinitionSubstitutions as Record<string, { 'Fn::GetAtt': [string, string] }>;
    const expected = {
      DecideFunctionArn: stack.journey.decideFunction,
      SendFunctionArn: stack.journey.sendFunction,
      RecordFunctionArn: stack.journey.recordFunction,
      EscalateFunctionArn: stack.journey.escalateFunction,
      CloseFunctionArn: stack.journey.closeFunction,
      HandoverFunctionArn: stack.journey.handoverFunction,
    };
    expect(Object.keys(subs).sort()).toEqual(Object.keys(expected).sort());
    for (const [name, fn] of Object.entries(expected)) {
      expect(subs[name]).toEqual({ 'Fn::GetAtt': [stack.getLogicalId(fn.node.defaultChild as never), 'Arn'] });
    }
  });

  it('may invoke exactly the six journey functions', () => {
    const roleId = stack.getLogicalId(stack.journey.stateMachine.role.node.defaultChild as never);
    const invoke = Object.values(policies)
      .filter((p) => (p.Properties.Roles as { Ref: string }[]).some((r) => r.Ref === roleId))
      .flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[])
      .filter((s) => [s.Action].flat().includes('lambda:InvokeFunction'));
    expect(invoke).toHaveLength(1);
    expect(invoke[0].Resource).toHaveLength(6);
  });
});

describe('least privilege', () => {
  it('never grants dynamodb:* , DeleteTable or wildcard actions to any function', () => {
    for (const fn of stack.functions) {
      const actions = actionsOf(fn);
      expect(actions).not.toContain('dynamodb:DeleteTable');
      expect(actions).not.toContain('dynamodb:*');
      expect(actions.filter((a) => a === '*' || a.endsWith(':*'))).toEqual([]);
    }
  });

  it('lets only send, inbound-sms (its replies) and the sweep (replies whose event ran out of retries) deliver messages', () => {
    const senders: AmicableFunctionLike[] = [stack.journey.sendFunction, stack.conversations.inboundSmsFunction, stack.sweep.sweepFunction];
    for (const fn of stack.functions) {
      const sends = actionsOf(fn).filter((a) => /^(sms-voice|ses|mobiletargeting):/.test(a));
      expect(sends.length > 0, fn.node.id).toBe(senders.includes(fn));
    }
  });

  it('grants each function only the table access its handler uses', () => {
    const table = (prefix: string) => logicalId(template, 'AWS::DynamoDB::Table', prefix);
    const access = (fn: Parameters<typeof statementsOf>[0], tableId: string) => {
      const actions = statementsOf(fn)
        .filter((s) => JSON.stringify(s.Resource).includes(`"${tableId}"`))
        .flatMap((s) => [s.Action].flat());
      const read = actions.includes('dynamodb:GetItem') && actions.includes('dynamodb:Query');
      const write = actions.includes('dynamodb:PutItem') && actions.includes('dynamodb:UpdateItem');
      return read && write ? 'rw' : read ? 'r' : write ? 'w' : '-';
    };
    const [state, ledger, idem] = [table('DataStateTable'), table('DataLedgerTable'), table('DataIdempotencyTable')];
    const j = stack.journey;
    const expected: [AmicableFunctionLike, string, string, string][] = [
      // Writes only the send-slot items (PACE#, test/infra/pacing.test.ts).
      [j.decideFunction, 'rw', 'rw', '-'],
      [j.sendFunction, 'rw', 'r', '-'],
      [j.recordFunction, 'r', 'rw', '-'],
      [j.escalateFunction, 'r', 'rw', '-'],
      [j.closeFunction, 'rw', 'rw', '-'],
      // Records the generation it scheduled or started on the journey record.
      [j.handoverFunction, 'rw', '-', '-'],
      [stack.intake.ingestFunction, 'rw', 'w', 'rw'],
      [stack.intake.lifecycleFunction, 'rw', 'w', 'rw'],
      [stack.sweep.sweepFunction, 'rw', 'w', '-'],
      [stack.conversations.inboundSmsFunction, 'rw', 'rw', 'rw'],
      [stack.conversations.deliveryEventsFunction, 'rw', 'rw', 'rw'],
      // Item actions on its own partitions (test/infra/portal.test.ts); no idempotency records.
      [stack.portal.portalFunction, 'rw', 'rw', '-'],
      // Reads the two tables' streams only (new ledger entries, account changes), never the tables.
      [stack.analytics.factsFunction, '-', '-', '-'],
      // As ingest, without idempotency records: a placed row is idempotent by its account and cycle.
      [stack.placement.batchFunction, 'rw', 'w', '-'],
      // Reads and writes the placement bucket only.
      [stack.placement.resultsFunction, '-', '-', '-'],
    ];
    expect(expected.map(([fn]) => fn.handlerName).sort()).toEqual([...HANDLERS].sort());
    for (const [fn, s, l, i] of expected) {
      expect([access(fn, state), access(fn, ledger), access(fn, idem)], fn.node.id).toEqual([s, l, i]);
    }
  });

  it('lets only the functions that hand accounts to people and the portal (customer actions) put events on the bus', () => {
    const publishers: AmicableFunctionLike[] = [
      stack.journey.escalateFunction,
      stack.conversations.inboundSmsFunction,
      stack.conversations.deliveryEventsFunction,
      stack.portal.portalFunction,
      // Hand-offs their events owe (a complaint, a callback; parked ones on placement), and the sweep's outbox lane.
      stack.intake.ingestFunction,
      stack.intake.lifecycleFunction,
      stack.placement.batchFunction,
      stack.sweep.sweepFunction,
    ];
    for (const fn of stack.functions) {
      expect(actionsOf(fn).includes('events:PutEvents'), fn.node.id).toBe(publishers.includes(fn));
    }
    for (const fn of publishers) {
      const put = statementsOf(fn).find((s) => s.Action === 'events:PutEvents');
      expect(put?.Resource).toEqual({ 'Fn::GetAtt': [logicalId(template, 'AWS::Events::EventBus', 'Bus'), 'Arn'] });
    }
  });

  it('lets ingest, sweep and placement start and describe journeys, handover and the wakers start next generations, and nobody else', () => {
    const starters: AmicableFunctionLike[] = [stack.intake.ingestFunction, stack.sweep.sweepFunction, stack.placement.batchFunction];
    // handover, and what wakes a journey early: lifecycle, inbound-sms (replies) and the portal (customer actions).
    const generations: AmicableFunctionLike[] = [
      stack.journey.handoverFunction,
      stack.intake.lifecycleFunction,
      stack.conversations.inboundSmsFunction,
      stack.portal.portalFunction,
    ];
    for (const fn of stack.functions) {
      const actions = actionsOf(fn);
      expect(actions.includes('states:StartExecution'), fn.node.id).toBe(starters.includes(fn) || generations.includes(fn));
      expect(actions.includes('states:DescribeExecution'), fn.node.id).toBe(starters.includes(fn));
    }
    const describeExec = statementsOf(stack.intake.ingestFunction).find((s) => s.Action === 'states:DescribeExecution');
    expect(JSON.stringify(describeExec?.Resource)).toContain(':execution:amicable-journey-dev:*');
  });

  it('uses no AWS managed policies on function roles', () => {
    for (const fn of stack.functions) {
      const role = template.findResources('AWS::IAM::Role')[stack.getLogicalId(fn.role!.node.defaultChild as never)];
      expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    }
  });
});

describe('bus wiring', () => {
  it('routes the two rules to ingest and lifecycle with a DLQ each', () => {
    // Two on the collections bus; on the default bus the SES events rule (conversations.test.ts) and End User
    // Messaging's delivery-status and registration rules (the registration rule has no target: it is alarmed on),
    // and the placement bucket's file-dropped rule (placement.test.ts).
    template.resourceCountIs('AWS::Events::Rule', 6);
    const onBus = Object.values(template.findResources('AWS::Events::Rule')).filter(
      (r) => JSON.stringify(r.Properties.EventBusName) === JSON.stringify({ Ref: logicalId(template, 'AWS::Events::EventBus', 'Bus') }),
    );
    expect(onBus).toHaveLength(2);
    for (const r of Object.values(template.findResources('AWS::Events::Rule')).filter((rule) => rule.Properties.Targets)) {
      expect(r.Properties.Targets).toEqual([
        expect.objectContaining({ DeadLetterConfig: expect.anything(), RetryPolicy: expect.anything() }),
      ]);
    }
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { 'detail-type': ['AccountOverdue', 'PaymentDueSoon'] },
      Targets: [
        Match.objectLike({
          Arn: { 'Fn::GetAtt': [stack.getLogicalId(stack.intake.ingestFunction.node.defaultChild as never), 'Arn'] },
          DeadLetterConfig: Match.anyValue(),
          RetryPolicy: Match.anyValue(),
        }),
      ],
    });
    template.hasResourceProperties('AWS::Events::EventBus', { Name: 'amicable-collections-dev' });
  });
});

describe('daily sweep', () => {
  it('starts the sweep state machine at the configured local hour in the business time zone, with retries and a DLQ', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 6 * * ? *)',
      ScheduleExpressionTimezone: 'America/New_York',
      State: 'ENABLED',
      Target: {
        Arn: { Ref: stack.getLogicalId(stack.sweep.fanOut.stateMachine.node.defaultChild as never) },
        RetryPolicy: { MaximumRetryAttempts: 10, MaximumEventAgeInSeconds: 21600 },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SweepDeadLetterQueue'), 'Arn'] } },
        RoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SweepSchedulerRole'), 'Arn'] },
      },
    });
  });
});

describe('monitoring', () => {
  it('has a Customer outcomes section with the CX KPIs', () => {
    const dashboard = Object.values(template.findResources('AWS::CloudWatch::Dashboard'))[0];
    const body = JSON.stringify(stack.resolve(dashboard.Properties.DashboardBody));
    for (const name of [
      'Customer outcomes',
      'FirstContactResolution',
      'SurveyScore',
      'SurveyResponses',
      'SurveysSent',
      'ComplaintResolutionHours',
      'ComplaintsReceived',
      'AccountsContacted',
      'OptOuts',
      'Escalations',
      'DisputesRaised',
      'PromisesMade',
      'PromisesKept',
      'PromisesBroken',
      'PlansAgreed',
      'PlansCompleted',
      'InstalmentsMissed',
      'RepliesReceived',
      'DeliveryEvents',
      'HandoffsCompleted',
      'HardshipReported',
    ]) {
      expect(body, name).toContain(name);
    }
    // The metric math, read from the dashboard JSON itself.
    const resolved = stack.resolve(dashboard.Properties.DashboardBody) as string | { 'Fn::Join': [string, unknown[]] };
    const text =
      typeof resolved === 'string' ? resolved : resolved['Fn::Join'][1].map((p) => (typeof p === 'string' ? p : 'TOKEN')).join('');
    const expressions = (JSON.parse(text).widgets as { properties: { metrics?: unknown[][] } }[])
      .flatMap((w) => w.properties.metrics ?? [])
      .map((m) => (m.at(-1) as { expression?: string }).expression)
      .filter((e): e is string => typeof e === 'string');
    const search = (name: string, stat: string) => `SEARCH('Namespace="Amicable" MetricName="${name}"', '${stat}', 86400)`;
    // Averages are Sum / SampleCount over every dimension set; the complaint clock is a median.
    expect(expressions).toContain(`SUM(${search('FirstContactResolution', 'Sum')})`);
    expect(expressions).toContain(`SUM(${search('FirstContactResolution', 'SampleCount')})`);
    expect(expressions).toContain('100 * resolved / contacts');
    expect(expressions).toContain(`SUM(${search('SurveyScore', 'SampleCount')})`);
    expect(expressions).toContain('score / answers');
    expect(expressions).toContain(search('ComplaintResolutionHours', 'p50'));
    // Rates are per account contacted; the survey response rate is responses over surveys sent.
    expect(expressions).toContain(`SUM(${search('AccountsContacted', 'Sum')})`);
    expect(expressions).toContain('1000 * complaintsReceived / contacted');
    for (const id of ['optOuts', 'escalations', 'disputesRaised']) expect(expressions).toContain(`100 * ${id} / contacted`);
    expect(expressions).toContain('100 * responses / sent');
    // Open-ended dimensions (intent, channel and outcome) are found with SEARCH.
    expect(expressions).toContain(search('RepliesReceived', 'Sum'));
    expect(expressions).toContain(search('DeliveryEvents', 'Sum'));
  });

  it('has a dashboard with the journey, message, contact-rule and payment metrics', () => {
    const dashboards = Object.values(template.findResources('AWS::CloudWatch::Dashboard'));
    expect(dashboards).toHaveLength(1);
    expect(dashboards[0].Properties.DashboardName).toBe('Amicable-dev');
    const body = JSON.stringify(stack.resolve(dashboards[0].Properties.DashboardBody));
    for (const name of [
      'JourneysStarted',
      'JourneysClosed',
      'MessagesSent',
      'MessagesFailed',
      'ContactsBlocked',
      'AmountPaid',
      'UnconfirmedClaims',
      'EventsRejected',
      'ExecutionsStarted',
      'ExecutionsFailed',
      'OpenExecutionCount',
    ]) {
      expect(body, name).toContain(name);
    }
  });

  it('alarms on every DLQ, failed journeys, every function, unknown and unsettled send outcomes, rejected events and portal guessing', () => {
    // The Monitoring construct's alarms (the operational ones are in operational-alarms.test.ts).
    const alarms = Object.entries(template.findResources('AWS::CloudWatch::Alarm'))
      .filter(([id]) => id.startsWith('Monitoring'))
      .map(([, alarm]) => alarm);
    const dlqs = stack.deadLetterQueues.length;
    expect(dlqs).toBe(13);
    expect(alarms).toHaveLength(dlqs + 1 + HANDLERS.length + 3 + 2);
    for (const a of alarms) {
      expect(a.Properties).toMatchObject({
        // More wrong answers in 5 minutes than one account can ever have: guessing across accounts.
        Threshold: JSON.stringify(a.Properties.Metrics ?? '').includes('PortalCheckFailures') ? 20 : 0,
        ComparisonOperator: 'GreaterThanThreshold',
        TreatMissingData: 'notBreaching',
        AlarmActions: [{ Ref: expect.stringMatching(/^MonitoringAlarmTopic/) }],
      });
    }
    const byMetric = (name: string) => alarms.filter((a) => a.Properties.MetricName === name);
    expect(byMetric('ApproximateNumberOfMessagesVisible')).toHaveLength(dlqs);
    expect(byMetric('ExecutionsFailed')).toHaveLength(1);
    expect(byMetric('Errors')).toHaveLength(HANDLERS.length);
    const insights = alarms.map((a) => JSON.stringify(a.Properties.Metrics ?? '')).filter((m) => m.includes('SELECT'));
    expect(insights.some((m) => m.includes('SUM(UnconfirmedClaims) FROM Amicable'))).toBe(true);
    expect(insights.some((m) => m.includes('SUM(UnknownSendOutcomes) FROM Amicable'))).toBe(true);
    expect(insights.some((m) => m.includes('SUM(EventsRejected) FROM Amicable'))).toBe(true);
    expect(insights.some((m) => m.includes('SUM(PortalLockouts) FROM Amicable'))).toBe(true);
    expect(insights.some((m) => m.includes('SUM(PortalCheckFailures) FROM Amicable'))).toBe(true);
  });

  it('sends alarms to a KMS-encrypted topic with the configured email subscribed', () => {
    template.hasResourceProperties('AWS::SNS::Topic', {
      DisplayName: 'Amicable alarms',
      KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^MonitoringAlarmTopicKey'), 'Arn'] },
    });
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'oncall@example.com' });
  });
});

describe('production configuration', () => {
  const { template: prod } = synthAmicable(prodConfig());

  it('retains tables, keys, queues, log groups and the portal buckets, and protects tables from deletion', () => {
    for (const type of ['AWS::DynamoDB::Table', 'AWS::KMS::Key', 'AWS::SQS::Queue', 'AWS::Logs::LogGroup', 'AWS::S3::Bucket']) {
      for (const [id, r] of Object.entries(prod.findResources(type))) {
        expect(r.DeletionPolicy, `${type} ${id}`).toBe('Retain');
      }
    }
    prod.allResourcesProperties('AWS::DynamoDB::Table', { DeletionProtectionEnabled: true });
    prod.resourcePropertiesCountIs('AWS::Logs::LogGroup', { RetentionInDays: 365 }, LOG_GROUPS);
    // The page stays in its bucket when the stack is deleted.
    prod.hasResourceProperties('Custom::CDKBucketDeployment', { RetainOnDelete: true });
  });

  it('accepts a pool id as origination identity', () => {
    expect(JSON.stringify(prod.toJSON())).toContain(':sms-voice:us-east-1:222222222222:pool/pool-fedcba9876543210fedcba9876543210');
  });
});
