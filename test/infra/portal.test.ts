/**
 * The self-service portal (lib/portal.ts): link key, function grants, HTTP API and its throttling,
 * the private page bucket, the CloudFront distribution and its security headers, and the wiring into
 * the stack (senders' links, the output, the dashboard row).
 */
import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as events from 'aws-cdk-lib/aws-events';
import { describe, expect, it } from 'vitest';
import { PORTAL_SECURITY_HEADERS } from '../../functions/domain/portal/security-headers';
import { DEFAULT_LOCKOUT } from '../../functions/domain/portal/lockout';
import { DataStore } from '../../lib/data-store';
import { Portal } from '../../lib/portal';
import { PORTAL_CSP, PORTAL_ROUTES, PORTAL_THROTTLE, PORTAL_VERIFY_ROUTE_KEY } from '../../lib/portal-access';
import { devConfig, logicalId, synthAmicable } from './helpers';

type Statement = { Action: string | string[]; Resource: unknown; Effect: string; Condition?: unknown; Principal?: unknown };

const { stack, template } = synthAmicable(devConfig());
const id = (c: { node: { defaultChild?: unknown } }) => stack.getLogicalId(c.node.defaultChild as never);
const portal = stack.portal;
const keyId = id(portal.linkKey);
const functionId = id(portal.portalFunction);
const siteBucketId = id(portal.siteBucket);
const logsBucketId = id(portal.logsBucket);
const distributionId = id(portal.distribution);
const apiId = id(portal.httpApi);
const policies = template.findResources('AWS::IAM::Policy');

function statementsOfRole(roleId: string): Statement[] {
  return Object.values(policies)
    .filter((p) => (p.Properties.Roles as { Ref: string }[]).some((r) => r.Ref === roleId))
    .flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]);
}
const statementsOf = (fn: { role?: { node: { defaultChild?: unknown } } }) =>
  statementsOfRole(stack.getLogicalId(fn.role!.node.defaultChild as never));
const env = (fnId: string) =>
  template.findResources('AWS::Lambda::Function')[fnId].Properties.Environment.Variables as Record<string, unknown>;
const portalUrl = { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distributionId, 'DomainName'] }]] };

describe('link key', () => {
  it('is an HMAC_256 key for GenerateMac/VerifyMac (no rotation: KMS rotates only symmetric encryption keys)', () => {
    template.hasResourceProperties('AWS::KMS::Key', {
      KeySpec: 'HMAC_256',
      KeyUsage: 'GENERATE_VERIFY_MAC',
      EnableKeyRotation: Match.absent(),
    });
    expect(Object.values(template.findResources('AWS::KMS::Key', { Properties: { KeySpec: 'HMAC_256' } }))).toHaveLength(1);
  });

  it('may be used for kms:GenerateMac by the portal, send, inbound-sms and the sweep (replies left owed) only, and for nothing else', () => {
    const signers = [portal.portalFunction, stack.journey.sendFunction, stack.conversations.inboundSmsFunction, stack.sweep.sweepFunction];
    for (const fn of stack.functions) {
      const onKey = statementsOf(fn).filter((s) => JSON.stringify(s.Resource).includes(`"${keyId}"`));
      expect(
        onKey.flatMap((s) => [s.Action].flat()),
        fn.node.id,
      ).toEqual(signers.includes(fn) ? ['kms:GenerateMac'] : []);
      const mac = statementsOf(fn).filter((s) => [s.Action].flat().includes('kms:GenerateMac'));
      expect(
        mac.map((s) => s.Resource),
        fn.node.id,
      ).toEqual(signers.includes(fn) ? [{ 'Fn::GetAtt': [keyId, 'Arn'] }] : []);
    }
  });
});

describe('portal function', () => {
  it('reads its settings from the environment: tables, bus, payment URL, help number, time zone and the portal', () => {
    expect(env(functionId)).toMatchObject({
      STATE_TABLE_NAME: { Ref: logicalId(template, 'AWS::DynamoDB::Table', 'DataStateTable') },
      LEDGER_TABLE_NAME: { Ref: logicalId(template, 'AWS::DynamoDB::Table', 'DataLedgerTable') },
      IDEMPOTENCY_TABLE_NAME: { Ref: logicalId(template, 'AWS::DynamoDB::Table', 'DataIdempotencyTable') },
      EVENT_BUS_NAME: { Ref: logicalId(template, 'AWS::Events::EventBus', 'Bus') },
      PAYMENT_URL: 'https://pay.example.com',
      HELP_PHONE_NUMBER: '+18005550123',
      BUSINESS_TIME_ZONE: 'America/New_York',
      POWERTOOLS_SERVICE_NAME: 'amicable-portal',
      PORTAL_LINK_KEY_ID: { Ref: keyId },
      PORTAL_CHECK: 'postal-code',
      PORTAL_LOCKOUT: JSON.stringify(DEFAULT_LOCKOUT),
      PORTAL_LINK_TTL_DAYS: '14',
      PORTAL_BASE_URL: portalUrl,
    });
    template.hasResourceProperties('AWS::Lambda::Function', { Handler: 'index.handler', Timeout: 10, Architectures: ['arm64'] });
  });

  it('gets item actions on its own partitions of state and ledger (no Scan, delete or batch), nothing on idempotency, PutEvents on the bus', () => {
    const statements = statementsOf(portal.portalFunction);
    const actions = statements.flatMap((s) => [s.Action].flat());
    expect(actions.filter((a) => a.startsWith('dynamodb:') && a.includes('*'))).toEqual([]);
    expect(actions.filter((a) => /^dynamodb:(Scan|DeleteItem|Batch|PartiQL|DeleteTable)/.test(a))).toEqual([]);
    for (const [prefix, partitions] of [
      ['DataStateTable', ['LINK#*', 'GUARD#*', 'ACCOUNT#*', 'MESSAGE#*']],
      ['DataLedgerTable', ['ACCOUNT#*']],
    ] as const) {
      const table = logicalId(template, 'AWS::DynamoDB::Table', prefix);
      const onTable = statements.filter((s) => JSON.stringify(s.Resource).includes(`"${table}"`));
      expect(onTable, prefix).toEqual([
        expect.objectContaining({
          Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query', 'dynamodb:ConditionCheckItem'],
          Resource: { 'Fn::GetAtt': [table, 'Arn'] },
          Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [...partitions] } },
        }),
      ]);
    }
    const idempotency = logicalId(template, 'AWS::DynamoDB::Table', 'DataIdempotencyTable');
    expect(statements.filter((s) => JSON.stringify(s.Resource).includes(`"${idempotency}"`))).toEqual([]);
    expect(statements.find((s) => s.Action === 'events:PutEvents')?.Resource).toEqual({
      'Fn::GetAtt': [logicalId(template, 'AWS::Events::EventBus', 'Bus'), 'Arn'],
    });
    // Nothing it could send messages with. It may wake the customer's journey after a dispute or hardship
    // (stop the waiting execution, start the next generation, which decides by the same rules), never
    // describe journeys or create schedules (test/infra/scale-operations.test.ts has the exact grants).
    expect(actions.filter((a) => /^(sms-voice|ses|mobiletargeting):/.test(a))).toEqual([]);
    expect(actions.filter((a) => /^(states|scheduler):/.test(a)).sort()).toEqual([
      'scheduler:DeleteSchedule',
      'states:StartExecution',
      'states:StopExecution',
    ]);
  });

  it('hands the link settings to the functions that send messages (send, inbound-sms)', () => {
    for (const fn of [stack.journey.sendFunction, stack.conversations.inboundSmsFunction]) {
      expect(env(id(fn)), fn.node.id).toMatchObject({
        PORTAL_LINK_KEY_ID: { Ref: keyId },
        PORTAL_BASE_URL: portalUrl,
        PORTAL_LINK_TTL_DAYS: '14',
      });
    }
    expect(env(id(stack.journey.decideFunction)).PORTAL_LINK_KEY_ID).toBeUndefined();
  });

  it('follows the stage configuration (check, link lifetime, lockout policy)', () => {
    const lockout = { stages: [{ failures: 3, lockMinutes: 30 }, { failures: 6 }], forgetAfterDays: 30 };
    const { stack: other, template: t } = synthAmicable(devConfig({ portal: { check: 'date-of-birth', linkTtlDays: 7, lockout } }));
    const vars = (fn: { node: { defaultChild?: unknown } }) =>
      t.findResources('AWS::Lambda::Function')[other.getLogicalId(fn.node.defaultChild as never)].Properties.Environment.Variables;
    expect(vars(other.portal.portalFunction)).toMatchObject({
      PORTAL_CHECK: 'date-of-birth',
      PORTAL_LINK_TTL_DAYS: '7',
      PORTAL_LOCKOUT: JSON.stringify(lockout),
    });
    // The acknowledgement for a stage without a WAF states the policy deployed.
    const cfr2 = other.portal.nagAcknowledgements.find((a) => a.id === 'AwsSolutions-CFR2');
    expect(cfr2?.reason).toContain('wrong answers lock the account (3: 30 min, 6: links revoked)');
    expect(vars(other.journey.sendFunction)).toMatchObject({ PORTAL_LINK_TTL_DAYS: '7' });
  });
});

describe('HTTP API', () => {
  it('is one HTTP API whose four routes go to the portal function (payload format 2.0)', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Api', 1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', { ProtocolType: 'HTTP', CorsConfiguration: Match.absent() });
    const integrationId = logicalId(template, 'AWS::ApiGatewayV2::Integration', 'Portal');
    template.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
      ApiId: { Ref: apiId },
      IntegrationType: 'AWS_PROXY',
      IntegrationUri: { 'Fn::GetAtt': [functionId, 'Arn'] },
      PayloadFormatVersion: '2.0',
    });
    const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route'));
    expect(routes.map((r) => r.Properties.RouteKey).sort()).toEqual(
      ['POST /api/session', 'POST /api/verify', 'GET /api/account', 'POST /api/actions'].sort(),
    );
    expect(PORTAL_ROUTES.map((r) => `${r.method} ${r.path}`)).toContain(PORTAL_VERIFY_ROUTE_KEY);
    for (const r of routes) {
      expect(r.Properties).toMatchObject({
        ApiId: { Ref: apiId },
        Target: { 'Fn::Join': ['', ['integrations/', { Ref: integrationId }]] },
      });
    }
    // API Gateway may invoke the function, for these routes only.
    const permissions = Object.values(template.findResources('AWS::Lambda::Permission')).filter(
      (p) => JSON.stringify(p.Properties.FunctionName) === JSON.stringify({ 'Fn::GetAtt': [functionId, 'Arn'] }),
    );
    expect(permissions).toHaveLength(4);
    for (const p of permissions) expect(p.Properties.Principal).toBe('apigateway.amazonaws.com');
  });

  it('throttles the stage, and the identity check harder', () => {
    expect(PORTAL_THROTTLE.verify.rateLimit).toBeLessThan(PORTAL_THROTTLE.stage.rateLimit);
    expect(PORTAL_THROTTLE.verify.burstLimit).toBeLessThan(PORTAL_THROTTLE.stage.burstLimit);
    template.resourceCountIs('AWS::ApiGatewayV2::Stage', 1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      ApiId: { Ref: apiId },
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40 },
      RouteSettings: { 'POST /api/verify': { ThrottlingRateLimit: 5, ThrottlingBurstLimit: 10 } },
    });
    // The stage names the verify route, so the route has to exist first.
    const stage = Object.values(template.findResources('AWS::ApiGatewayV2::Stage'))[0];
    const verifyRoute = Object.entries(template.findResources('AWS::ApiGatewayV2::Route')).find(
      ([, r]) => r.Properties.RouteKey === PORTAL_VERIFY_ROUTE_KEY,
    )![0];
    expect(stage.DependsOn).toContain(verifyRoute);
  });

  it('logs access to its own log group: route keys and timings, no paths, bodies or client addresses', () => {
    const stage = Object.values(template.findResources('AWS::ApiGatewayV2::Stage'))[0];
    expect(stage.Properties.AccessLogSettings.DestinationArn).toEqual({
      'Fn::GetAtt': [logicalId(template, 'AWS::Logs::LogGroup', 'PortalAccessLogs'), 'Arn'],
    });
    const format = JSON.parse(stage.Properties.AccessLogSettings.Format) as Record<string, string>;
    expect(format).toMatchObject({ requestId: '$context.requestId', routeKey: '$context.routeKey', status: '$context.status' });
    const values = Object.values(format).join(' ');
    for (const leak of ['$context.path', 'sourceIp', 'requestBody', 'userAgent', 'querystring']) expect(values).not.toContain(leak);
  });
});

describe('page bucket', () => {
  it('blocks public access, enforces TLS and keeps server access logs', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      LoggingConfiguration: { DestinationBucketName: { Ref: logsBucketId }, LogFilePrefix: 'site-bucket/' },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
    });
    for (const bucket of Object.values(template.findResources('AWS::S3::Bucket'))) {
      expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
    }
  });

  it('is readable only by this distribution (OAC, AWS:SourceArn), and never over plain HTTP', () => {
    const policy = Object.values(template.findResources('AWS::S3::BucketPolicy')).find((p) => p.Properties.Bucket.Ref === siteBucketId)!;
    const statements = policy.Properties.PolicyDocument.Statement as Statement[];
    const allows = statements.filter((s) => s.Effect === 'Allow');
    expect(allows).toEqual([
      {
        Effect: 'Allow',
        Action: 's3:GetObject',
        Principal: { Service: 'cloudfront.amazonaws.com' },
        Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [siteBucketId, 'Arn'] }, '/*']] },
        Condition: {
          StringEquals: {
            'AWS:SourceArn': {
              'Fn::Join': [
                '',
                ['arn:', { Ref: 'AWS::Partition' }, ':cloudfront::', { Ref: 'AWS::AccountId' }, ':distribution/', { Ref: distributionId }],
              ],
            },
          },
        },
      },
    ]);
    expect(statements).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
    template.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: { OriginAccessControlOriginType: 's3', SigningBehavior: 'always', SigningProtocol: 'sigv4' },
    });
  });

  it('is filled from portal/ by a BucketDeployment that invalidates the distribution', () => {
    template.hasResourceProperties('Custom::CDKBucketDeployment', {
      DestinationBucketName: { Ref: siteBucketId },
      DistributionId: { Ref: distributionId },
      DistributionPaths: ['/*'],
      SourceObjectKeys: [Match.stringLikeRegexp('\\.zip$')],
    });
    // dev is a destroyed stage: the deployment empties the bucket on delete so it can go.
    template.hasResourceProperties('Custom::CDKBucketDeployment', { RetainOnDelete: false });
  });

  it('takes server access logs under a bucket policy scoped to the page bucket, not a log-delivery ACL', () => {
    const logs = template.findResources('AWS::S3::Bucket')[logsBucketId];
    expect(logs.Properties.AccessControl).toBeUndefined();
    const policy = Object.values(template.findResources('AWS::S3::BucketPolicy')).find((p) => p.Properties.Bucket.Ref === logsBucketId)!;
    expect(policy.Properties.PolicyDocument.Statement).toContainEqual({
      Effect: 'Allow',
      Action: 's3:PutObject',
      Principal: { Service: 'logging.s3.amazonaws.com' },
      Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [logsBucketId, 'Arn'] }, '/site-bucket/*']] },
      Condition: {
        ArnLike: { 'aws:SourceArn': { 'Fn::GetAtt': [siteBucketId, 'Arn'] } },
        StringEquals: { 'aws:SourceAccount': '111111111111' },
      },
    });
  });

  it('keeps the access logs (retained, expired by age)', () => {
    template.hasResource('AWS::S3::Bucket', {
      Properties: Match.objectLike({ LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 30, Status: 'Enabled' })] } }),
      DeletionPolicy: 'Retain',
    });
  });
});

describe('distribution', () => {
  const distribution = template.findResources('AWS::CloudFront::Distribution')[distributionId].Properties.DistributionConfig;
  const originOf = (originId: string) =>
    (distribution.Origins as { Id: string }[]).find((o) => o.Id === originId) as Record<string, unknown>;
  const headersPolicy = { Ref: logicalId(template, 'AWS::CloudFront::ResponseHeadersPolicy', 'PortalSecurityHeaders') };

  it('serves the page from the bucket through OAC, HTTPS only, index.html at the root', () => {
    expect(distribution).toMatchObject({
      Enabled: true,
      DefaultRootObject: 'index.html',
      PriceClass: 'PriceClass_100',
      Logging: { Bucket: { 'Fn::GetAtt': [logsBucketId, 'RegionalDomainName'] }, Prefix: 'cloudfront/', IncludeCookies: false },
      DefaultCacheBehavior: {
        ViewerProtocolPolicy: 'redirect-to-https',
        AllowedMethods: ['GET', 'HEAD'],
        ResponseHeadersPolicyId: headersPolicy,
      },
    });
    expect(originOf(distribution.DefaultCacheBehavior.TargetOriginId)).toMatchObject({
      DomainName: { 'Fn::GetAtt': [siteBucketId, 'RegionalDomainName'] },
      OriginAccessControlId: { 'Fn::GetAtt': [logicalId(template, 'AWS::CloudFront::OriginAccessControl', 'Portal'), 'Id'] },
      S3OriginConfig: { OriginAccessIdentity: '' },
    });
  });

  it('sends /api/* to the HTTP API, uncached, every method, every viewer header but Host', () => {
    expect(distribution.CacheBehaviors).toHaveLength(1);
    const api = distribution.CacheBehaviors[0];
    expect(api).toMatchObject({
      PathPattern: '/api/*',
      // CachePolicy.CACHING_DISABLED and OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER (managed policies).
      CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad',
      OriginRequestPolicyId: 'b689b0a8-53d0-40ab-baf2-68738e2966ac',
      AllowedMethods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE'],
      ViewerProtocolPolicy: 'https-only',
      ResponseHeadersPolicyId: headersPolicy,
    });
    expect(originOf(api.TargetOriginId)).toMatchObject({
      DomainName: { 'Fn::Join': ['', [{ Ref: apiId }, '.execute-api.us-east-1.', { Ref: 'AWS::URLSuffix' }]] },
      CustomOriginConfig: { OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] },
    });
  });

  it('adds the security headers: the exact CSP, HSTS two years with subdomains and preload, nosniff, DENY, no-referrer, Permissions-Policy', () => {
    template.resourceCountIs('AWS::CloudFront::ResponseHeadersPolicy', 1);
    template.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: {
        SecurityHeadersConfig: {
          ContentSecurityPolicy: {
            ContentSecurityPolicy:
              "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
            Override: true,
          },
          StrictTransportSecurity: { AccessControlMaxAgeSec: 63072000, IncludeSubdomains: true, Preload: true, Override: true },
          ContentTypeOptions: { Override: true },
          FrameOptions: { FrameOption: 'DENY', Override: true },
          ReferrerPolicy: { ReferrerPolicy: 'no-referrer', Override: true },
        },
        CustomHeadersConfig: {
          Items: [{ Header: 'Permissions-Policy', Value: 'camera=(), microphone=(), geolocation=()', Override: true }],
        },
        CorsConfig: Match.absent(),
      },
    });
  });

  it('sends exactly the headers the local portal server sends (functions/domain/portal/security-headers.ts)', () => {
    const config = Object.values(template.findResources('AWS::CloudFront::ResponseHeadersPolicy'))[0].Properties
      .ResponseHeadersPolicyConfig;
    const sec = config.SecurityHeadersConfig;
    const hsts = sec.StrictTransportSecurity;
    const rendered: Record<string, string> = {
      'content-security-policy': sec.ContentSecurityPolicy.ContentSecurityPolicy,
      'strict-transport-security': `max-age=${hsts.AccessControlMaxAgeSec}${hsts.IncludeSubdomains ? '; includeSubDomains' : ''}${hsts.Preload ? '; preload' : ''}`,
      'x-content-type-options': 'nosniff',
      'x-frame-options': sec.FrameOptions.FrameOption,
      'referrer-policy': sec.ReferrerPolicy.ReferrerPolicy,
      ...Object.fromEntries(
        (config.CustomHeadersConfig.Items as { Header: string; Value: string }[]).map((h) => [h.Header.toLowerCase(), h.Value]),
      ),
    };
    expect(rendered).toEqual(PORTAL_SECURITY_HEADERS);
    expect(PORTAL_CSP).toBe(PORTAL_SECURITY_HEADERS['content-security-policy']);
  });

  it('uses the CloudFront default certificate (no custom domain), acknowledged for cdk-nag CFR4', () => {
    expect(distribution.ViewerCertificate).toBeUndefined();
    expect(portal.nagAcknowledgements.map((a) => a.id)).toContain('AwsSolutions-CFR4');
  });

  it('requires TLSv1.2_2021 when a custom domain and certificate are given', () => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const s = new Stack(app, 'PortalDomain', { env: { account: '111111111111', region: 'us-east-1' } });
    const p = new Portal(s, 'Portal', {
      dataStore: new DataStore(s, 'Data', { removalPolicy: 'destroy' }),
      eventBus: new events.EventBus(s, 'Bus'),
      customDomain: {
        certificate: acm.Certificate.fromCertificateArn(s, 'Cert', 'arn:aws:acm:us-east-1:111111111111:certificate/abc'),
        domainNames: ['pay-help.example.com'],
      },
    });
    Template.fromStack(s).hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Aliases: ['pay-help.example.com'],
        ViewerCertificate: {
          AcmCertificateArn: 'arn:aws:acm:us-east-1:111111111111:certificate/abc',
          MinimumProtocolVersion: 'TLSv1.2_2021',
          SslSupportMethod: 'sni-only',
        },
      }),
    });
    expect(p.nagAcknowledgements.map((a) => a.id)).not.toContain('AwsSolutions-CFR4');
  });
});

describe('stack wiring', () => {
  it('raises no synthesis warnings or errors on the portal', () => {
    const annotations = Annotations.fromStack(stack);
    const messages = [...annotations.findWarning('*', Match.anyValue()), ...annotations.findError('*', Match.anyValue())].filter((m) =>
      m.id.startsWith(`/${stack.stackName}/Portal`),
    );
    expect(messages.map((m) => `${m.id}: ${JSON.stringify(m.entry.data)}`)).toEqual([]);
  });

  it('outputs the portal URL', () => {
    template.hasOutput('PortalUrl', { Value: portalUrl });
  });

  it('puts a Portal row on the dashboard: API 4xx, 5xx and latency by ApiId', () => {
    const dashboard = Object.values(template.findResources('AWS::CloudWatch::Dashboard'))[0];
    const body = JSON.stringify(stack.resolve(dashboard.Properties.DashboardBody));
    expect(body).toContain('## Portal');
    for (const metric of ['4xx', '5xx', 'Latency']) {
      expect(body).toContain(`[\\"AWS/ApiGateway\\",\\"${metric}\\",\\"ApiId\\",\\"`);
    }
    expect(body).toContain(JSON.stringify({ Ref: apiId }));
  });

  it('alarms on the portal function errors like every other function', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: functionId } }],
    });
  });
});
