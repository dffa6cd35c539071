/**
 * The portal's hardening (issue 14): the WAF web ACL and its rules, the API reachable only through
 * CloudFront (its secret origin header on every stage; DisableExecuteApiEndpoint and TLS 1.2 when the
 * API has its own domain), customer-managed keys
 * on every queue and log group (lib/encryption.ts), and the stage configuration that decides them.
 */
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { parseStageConfig, portalWafEnabled } from '../../lib/config';
import { PORTAL_WAF_LIMITS } from '../../lib/portal-waf';
import { ENV } from '../../functions/commons/environment';
import { ORIGIN_VERIFY_HEADER } from '../../functions/domain/portal/origin';
import { devConfig, prodConfig, rawConfig, synthAmicable } from './helpers';

const prod = synthAmicable(
  prodConfig({
    portal: {
      check: 'postal-code',
      linkTtlDays: 14,
      customDomain: {
        domainNames: ['help.example.com'],
        certificateArn: 'arn:aws:acm:us-east-1:222222222222:certificate/portal',
        api: { domainName: 'portal-api.example.com', certificateArn: 'arn:aws:acm:us-east-1:222222222222:certificate/api' },
      },
    },
  }),
);
const dev = synthAmicable(devConfig());
const idOf = (stack: typeof prod.stack, c: { node: { defaultChild?: unknown } }) => stack.getLogicalId(c.node.defaultChild as never);

describe('WAF on the portal distribution', () => {
  it('is on by default for a production stage: a CLOUDFRONT web ACL attached to the distribution', () => {
    const acls = prod.template.findResources('AWS::WAFv2::WebACL');
    expect(Object.keys(acls)).toHaveLength(1);
    const aclId = Object.keys(acls)[0];
    prod.template.hasResourceProperties('AWS::WAFv2::WebACL', { Scope: 'CLOUDFRONT', DefaultAction: { Allow: {} } });
    prod.template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({ WebACLId: { 'Fn::GetAtt': [aclId, 'Arn'] } }),
    });
    expect(prod.stack.portal.nagAcknowledgements.map((a) => a.id)).not.toContain('AwsSolutions-CFR2');
  });

  it('limits each client IP on /api/verify and on /api/*, and runs the AWS managed common rule set', () => {
    const rateRule = (name: string, limit: number, path: string) =>
      Match.objectLike({
        Name: name,
        Action: { Block: { CustomResponse: { ResponseCode: 429 } } },
        Statement: {
          RateBasedStatement: {
            Limit: limit,
            AggregateKeyType: 'IP',
            EvaluationWindowSec: 300,
            ScopeDownStatement: {
              ByteMatchStatement: {
                FieldToMatch: { UriPath: {} },
                PositionalConstraint: 'STARTS_WITH',
                SearchString: path,
                TextTransformations: [{ Priority: 0, Type: 'NONE' }],
              },
            },
          },
        },
      });
    prod.template.hasResourceProperties('AWS::WAFv2::WebACL', {
      Rules: [
        rateRule('verify-per-ip', PORTAL_WAF_LIMITS.verifyPerIp, '/api/verify'),
        rateRule('api-per-ip', PORTAL_WAF_LIMITS.apiPerIp, '/api/'),
        Match.objectLike({
          Name: 'aws-common-rule-set',
          OverrideAction: { None: {} },
          Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: 'AWSManagedRulesCommonRuleSet' } },
        }),
      ],
    });
  });

  it('is off for dev, with the reason in the cdk-nag acknowledgement', () => {
    expect(dev.template.findResources('AWS::WAFv2::WebACL')).toEqual({});
    const cfr2 = dev.stack.portal.nagAcknowledgements.find((a) => a.id === 'AwsSolutions-CFR2');
    expect(cfr2?.reason).toMatch(/production stages have it on by default/);
  });

  it('needs us-east-1 for a CloudFront web ACL: another Region must name one made there, and prod must say why it is off', () => {
    const elsewhere = () => parseStageConfig({ ...rawConfig('prod.example.json'), region: 'eu-west-1' });
    expect(elsewhere).toThrow(/portal\.waf\.webAclArn.*us-east-1/s);
    const named = parseStageConfig({
      ...rawConfig('prod.example.json'),
      region: 'eu-west-1',
      portal: { waf: { enabled: true, webAclArn: 'arn:aws:wafv2:us-east-1:222222222222:global/webacl/portal/abc' } },
    });
    expect(portalWafEnabled(named)).toBe(true);
    expect(() => parseStageConfig({ ...rawConfig('prod.example.json'), portal: { waf: { enabled: false } } })).toThrow(
      /portal\.waf\.reason/,
    );
  });
});

describe('the API only through CloudFront', () => {
  for (const [name, synthed] of [
    ['dev (no custom domain: the default endpoint answers)', dev],
    ['prod', prod],
  ] as const) {
    it(`${name}: CloudFront adds the origin secret to every API request, by a dynamic reference (never in the template)`, () => {
      const { template, stack } = synthed;
      const secretId = idOf(stack, stack.portal.originSecret);
      template.hasResourceProperties('AWS::SecretsManager::Secret', {
        GenerateSecretString: { PasswordLength: 64, ExcludePunctuation: true, IncludeSpace: false },
      });
      expect(template.findResources('AWS::SecretsManager::Secret')[secretId].Properties.SecretString).toBeUndefined();
      const origins = Object.values(template.findResources('AWS::CloudFront::Distribution'))[0].Properties.DistributionConfig.Origins;
      const apiOrigin = origins.find((o: { CustomOriginConfig?: unknown }) => o.CustomOriginConfig);
      expect(apiOrigin.OriginCustomHeaders).toEqual([
        {
          HeaderName: ORIGIN_VERIFY_HEADER,
          HeaderValue: { 'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: secretId }, ':SecretString:::}}']] },
        },
      ]);
      // The page's origin (S3, through OAC) has no such header: the secret goes only to the API.
      expect(origins.filter((o: { OriginCustomHeaders?: unknown }) => o.OriginCustomHeaders)).toHaveLength(1);
      template.hasResourceProperties('AWS::Lambda::Function', {
        Environment: { Variables: Match.objectLike({ [ENV.portalOriginSecretArn]: { Ref: secretId } }) },
      });
    });

    it(`${name}: only the portal function may read the secret, and only its value (GetSecretValue on that ARN)`, () => {
      const { template, stack } = synthed;
      const secretId = idOf(stack, stack.portal.originSecret);
      const roleId = stack.getLogicalId(stack.portal.portalFunction.role!.node.defaultChild as never);
      const readers = Object.values(template.findResources('AWS::IAM::Policy')).flatMap((policy) =>
        (policy.Properties.PolicyDocument.Statement as Array<{ Action: string | string[]; Resource: unknown }>)
          .filter((st) => [st.Action].flat().some((a) => a.startsWith('secretsmanager:')))
          .map((st) => ({ roles: policy.Properties.Roles, action: st.Action, resource: st.Resource })),
      );
      expect(readers).toEqual([{ roles: [{ Ref: roleId }], action: 'secretsmanager:GetSecretValue', resource: { Ref: secretId } }]);
    });
  }

  it('dev: the default execute-api endpoint stays on (API Gateway disables it only with a custom domain)', () => {
    dev.template.hasResourceProperties('AWS::ApiGatewayV2::Api', { DisableExecuteApiEndpoint: false });
  });

  it('with its own domain: the default execute-api endpoint is disabled and the domain requires TLS 1.2', () => {
    prod.template.hasResourceProperties('AWS::ApiGatewayV2::Api', { DisableExecuteApiEndpoint: true });
    prod.template.hasResourceProperties('AWS::ApiGatewayV2::DomainName', {
      DomainName: 'portal-api.example.com',
      DomainNameConfigurations: [
        Match.objectLike({ CertificateArn: 'arn:aws:acm:us-east-1:222222222222:certificate/api', SecurityPolicy: 'TLS_1_2' }),
      ],
    });
    prod.template.hasResourceProperties('AWS::ApiGatewayV2::ApiMapping', {
      DomainName: Match.anyValue(),
      ApiId: { Ref: idOf(prod.stack, prod.stack.portal.httpApi) },
    });
    // CloudFront reaches the API by that domain, and serves the portal's own with TLS 1.2 at least.
    prod.template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Aliases: ['help.example.com'],
        ViewerCertificate: Match.objectLike({ MinimumProtocolVersion: 'TLSv1.2_2021' }),
        Origins: Match.arrayWith([Match.objectLike({ DomainName: 'portal-api.example.com' })]),
      }),
    });
  });
});

describe('customer-managed keys on every queue and log group', () => {
  for (const [name, { template }] of [
    ['dev', dev],
    ['prod', prod],
  ] as const) {
    it(`${name}: every SQS queue uses the queues' key, every log group the logs' key`, () => {
      const queues = Object.values(template.findResources('AWS::SQS::Queue'));
      expect(queues.length).toBeGreaterThanOrEqual(9);
      const keyIds = Object.keys(template.findResources('AWS::KMS::Key'));
      const queueKey = keyIds.find((k) => k.startsWith('QueueKey'))!;
      const logsKey = keyIds.find((k) => k.startsWith('LogsKey'))!;
      for (const q of queues) {
        expect(q.Properties.KmsMasterKeyId).toEqual({ 'Fn::GetAtt': [queueKey, 'Arn'] });
        expect(q.Properties.SqsManagedSseEnabled).toBeUndefined();
      }
      const logGroups = Object.values(template.findResources('AWS::Logs::LogGroup'));
      expect(logGroups.length).toBeGreaterThanOrEqual(14);
      for (const g of logGroups) expect(g.Properties.KmsKeyId).toEqual({ 'Fn::GetAtt': [logsKey, 'Arn'] });
    });
  }

  it("the logs' key lets CloudWatch Logs (this Region) use it for this account's log groups only; both keys rotate", () => {
    dev.template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'CloudWatchLogsForThisAccountsLogGroups',
            Principal: { Service: 'logs.us-east-1.amazonaws.com' },
            Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': Match.anyValue() } },
          }),
        ]),
      },
    });
    dev.template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'UseThroughSqsInThisAccount',
            Condition: { StringEquals: { 'kms:CallerAccount': '111111111111', 'kms:ViaService': 'sqs.us-east-1.amazonaws.com' } },
          }),
          Match.objectLike({
            Sid: 'EventBridgeAndSnsSendToDeadLetterQueues',
            Principal: { Service: ['events.amazonaws.com', 'sns.amazonaws.com'] },
          }),
        ]),
      },
    });
  });

  it("the logs' key condition names this account's log groups in this Region", () => {
    const logsKey = Object.entries(dev.template.findResources('AWS::KMS::Key')).find(([k]) => k.startsWith('LogsKey'))![1];
    expect(JSON.stringify(logsKey.Properties.KeyPolicy)).toContain(':logs:us-east-1:111111111111:log-group:*');
  });

  it('every function keeps errors and responses out of its traces', () => {
    for (const fn of Object.values(dev.template.findResources('AWS::Lambda::Function'))) {
      const vars = fn.Properties.Environment?.Variables ?? {};
      if (!('POWERTOOLS_SERVICE_NAME' in vars)) continue; // CDK's own provider functions
      expect(vars).toMatchObject({ POWERTOOLS_TRACER_CAPTURE_ERROR: 'false', POWERTOOLS_TRACER_CAPTURE_RESPONSE: 'false' });
    }
  });
});
