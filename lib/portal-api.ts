/**
 * The portal's HTTP API (payload format 2.0): the portal routes to the portal function, a stage
 * throttled per stage and harder on /api/verify, access logs with route keys only, and the API's own
 * domain when the stage has one (then its default execute-api endpoint is disabled). Built in the
 * Portal construct's scope, so logical ids stay those of the Portal.
 */
import type { RemovalPolicy, CfnResource } from 'aws-cdk-lib';
import * as apigwv1 from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as acm from 'aws-cdk-lib/aws-certificatemanager';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct, IConstruct } from 'constructs';
import { encryptedLogGroup } from './encryption';
import { PORTAL_ROUTES, PORTAL_THROTTLE, PORTAL_VERIFY_ROUTE_KEY } from './portal-access';

/** Records a cdk-nag finding the portal accepts, with its reason. */
export type Acknowledge = (scope: IConstruct, rule: string, reason: string) => void;

export interface PortalApiProps {
  readonly portalFunction: lambda.IFunction;
  readonly customDomain?: { readonly api?: { readonly domainName: string; readonly certificate: acm.ICertificate } };
  readonly removalPolicy: RemovalPolicy;
  readonly logRetention: logs.RetentionDays;
  readonly ack: Acknowledge;
}

export interface PortalApi {
  readonly httpApi: apigwv2.HttpApi;
  readonly routes: apigwv2.HttpRoute[];
  readonly stage: apigwv2.HttpStage;
  readonly accessLogGroup: logs.LogGroup;
}

/** The HTTP API: its routes, a throttled stage with access logs (route keys only), its own domain when configured. */
export function buildPortalApi(scope: Construct, portal: PortalApiProps): PortalApi {
  const { portalFunction, customDomain, removalPolicy, logRetention, ack } = portal;
  const apiDomain = customDomain?.api;
  const httpApi = new apigwv2.HttpApi(scope, 'Api', {
    description: 'Amicable self-service portal API (reached through the portal distribution)',
    // The stage is created below with throttling and access logs.
    createDefaultStage: false,
    // With its own domain the API answers only there (CloudFront's origin): nothing walks around the WAF.
    disableExecuteApiEndpoint: apiDomain !== undefined,
  });
  const integration = new HttpLambdaIntegration('PortalIntegration', portalFunction, {
    payloadFormatVersion: apigwv2.PayloadFormatVersion.VERSION_2_0,
  });
  const routes = PORTAL_ROUTES.flatMap((r) => httpApi.addRoutes({ path: r.path, methods: [r.method], integration }));
  for (const route of routes) {
    ack(
      route,
      'AwsSolutions-APIG4',
      'The portal API is for customers without accounts: every request carries a link or session token signed with the KMS HMAC key (checked by the portal function before anything is read), sessions start only after the identity check, and the stage is throttled.',
    );
  }

  const accessLogGroup = encryptedLogGroup(scope, 'AccessLogs', { retention: logRetention, removalPolicy });
  // Route keys, never paths or query strings (they could carry a token); no bodies, no client IP
  // (behind CloudFront it would be an edge address anyway; CloudFront's own logs have the viewer's).
  const accessLogFormat = apigwv1.AccessLogFormat.custom(
    JSON.stringify({
      requestId: '$context.requestId',
      requestTime: '$context.requestTimeEpoch',
      routeKey: '$context.routeKey',
      status: '$context.status',
      responseLength: '$context.responseLength',
      responseLatency: '$context.responseLatency',
      integrationLatency: '$context.integrationLatency',
      integrationStatus: '$context.integrationStatus',
      integrationError: '$context.integrationErrorMessage',
      error: '$context.error.message',
    }),
  );
  const stage = new apigwv2.HttpStage(scope, 'DefaultStage', {
    httpApi,
    autoDeploy: true,
    throttle: { ...PORTAL_THROTTLE.stage },
    accessLogSettings: { destination: new apigwv2.LogGroupLogDestination(accessLogGroup), format: accessLogFormat },
  });
  // The L2 stage has no per-route settings: set them on the CloudFormation stage. The route must
  // exist before the stage names it, or the deployment fails ("Unable to find Route by key").
  (stage.node.defaultChild as CfnResource).addPropertyOverride('RouteSettings', {
    [PORTAL_VERIFY_ROUTE_KEY]: {
      ThrottlingRateLimit: PORTAL_THROTTLE.verify.rateLimit,
      ThrottlingBurstLimit: PORTAL_THROTTLE.verify.burstLimit,
    },
  });
  for (const route of routes) stage.node.addDependency(route);
  if (apiDomain) {
    const domainName = new apigwv2.DomainName(scope, 'ApiDomain', {
      domainName: apiDomain.domainName,
      certificate: apiDomain.certificate,
      securityPolicy: apigwv2.SecurityPolicy.TLS_1_2,
    });
    new apigwv2.ApiMapping(scope, 'ApiMapping', { api: httpApi, domainName, stage });
  }
  return { httpApi, routes, stage, accessLogGroup };
}
