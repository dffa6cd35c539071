/**
 * The self-service portal: a static page and a small HTTPS API, same origin behind one CloudFront
 * distribution, reached through signed, expiring links in the messages.
 *
 * - Links and sessions are signed with a KMS HMAC key (HMAC_256, GENERATE_VERIFY_MAC): the key never
 *   leaves KMS; the portal function and the senders (send, inbound-sms) may only call kms:GenerateMac
 *   on it. A verifier recomputes the MAC and compares, so GenerateMac is all anyone needs.
 * - The page: a private S3 bucket (public access blocked, TLS only), readable only by this
 *   distribution through Origin Access Control, filled from portal/ by a BucketDeployment.
 * - The API: an HTTP API (payload format 2.0) with the four portal routes to the portal function,
 *   throttled per stage and more tightly on /api/verify (the identity check is what someone
 *   guessing would hammer), access-logged without bodies or client details.
 * - The distribution: `/api/*` to the API, uncached, every viewer header but Host forwarded, plus
 *   the origin secret (below); everything else to the bucket; both with the same security headers
 *   (the CSP below, HSTS, nosniff, DENY framing, no referrer, no camera/microphone/geolocation).
 *   Same origin: no CORS.
 * - The API only through CloudFront: CloudFront adds a secret header (ORIGIN_VERIFY_HEADER, a value
 *   Secrets Manager generates at the first deploy, put into the distribution by a CloudFormation
 *   dynamic reference, so it is never in the template) and the portal function refuses requests
 *   without it. With the API's own domain the default execute-api endpoint is disabled as well.
 */
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import type * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import type * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { Construct, type IConstruct } from 'constructs';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ENV } from '../functions/commons/environment';
import type { CheckKind } from '../functions/domain/portal/contract';
import { DEFAULT_LOCKOUT, describeLockout, type LockoutPolicy } from '../functions/domain/portal/lockout';
import { ORIGIN_VERIFY_HEADER } from '../functions/domain/portal/origin';
import type { DataStore } from './data-store';
import { AmicableFunction, PROJECT_ROOT, type FunctionDefaults } from './lambda-defaults';
import type { NagAcknowledgement } from './nag';
import { PortalWebAcl } from './portal-waf';
import {
  grantItems,
  PORTAL_CSP,
  PORTAL_HSTS_MAX_AGE,
  PORTAL_PERMISSIONS_POLICY,
  PORTAL_STATE_KEY_PREFIXES,
  TABLE_KEY_ACTIONS,
} from './portal-access';
import { buildPortalApi, type Acknowledge } from './portal-api';
import { buildPortalDeployment } from './portal-deployment';

/** Where the static page lives (html, css, js, i18n). */
export const PORTAL_SITE_DIRECTORY = resolve(PROJECT_ROOT, 'portal');

/** What a function that mints portal links needs: its environment and the right to sign. */
export interface PortalLinks {
  /** PORTAL_LINK_KEY_ID, PORTAL_BASE_URL and PORTAL_LINK_TTL_DAYS. */
  readonly linkEnvironment: Record<string, string>;
  /** kms:GenerateMac on the link key, nothing else. */
  grantGenerateMac(grantee: iam.IGrantable): iam.Grant;
}

export interface PortalProps {
  readonly dataStore: DataStore;
  /** The collections bus: the portal announces what customers do (promises, plans, disputes, ...). */
  readonly eventBus: events.IEventBus;
  /** Environment variables every function gets (time zone, payment URL, help number, ...). */
  readonly environment?: Record<string, string>;
  readonly functionDefaults?: FunctionDefaults;
  /** The identity check before the portal shows anything. @default 'postal-code' */
  readonly check?: CheckKind;
  /** Days a link in a message stays valid. @default 14 */
  readonly linkTtlDays?: number;
  /** How wrong answers to the check lock the account's links. @default DEFAULT_LOCKOUT */
  readonly lockout?: LockoutPolicy;
  /** Where customers pay. @default the PAYMENT_URL in `environment` */
  readonly paymentUrl?: string;
  /** Removal policy of the link key, the page bucket and the access logs. @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
  /** Retention of the API access logs and the server access logs. @default one month */
  readonly logRetention?: logs.RetentionDays;
  /** The static page. @default portal/ in the project */
  readonly siteDirectory?: string;
  /**
   * A custom domain: its certificate (us-east-1) and names, served with TLS 1.2 at least. With `api`
   * (a name for the API and a certificate for it in the stack's Region) the API gets a custom domain
   * (TLS 1.2) that CloudFront uses as its origin, and its default execute-api endpoint is disabled, so
   * the API is reachable only through CloudFront and its WAF. Without a custom domain the
   * distribution's own *.cloudfront.net name and certificate are used. @default none
   */
  readonly customDomain?: {
    readonly certificate: acm.ICertificate;
    readonly domainNames: string[];
    readonly api?: { readonly domainName: string; readonly certificate: acm.ICertificate };
  };
  /**
   * An AWS WAF web ACL on the distribution: `{}` creates one (lib/portal-waf.ts; the stack must be in
   * us-east-1), `{ webAclArn }` attaches one made in us-east-1. @default none (say why in the stage config)
   */
  readonly waf?: { readonly webAclArn?: string };
}

export class Portal extends Construct implements PortalLinks {
  /** HMAC_256 key links and sessions are signed with. */
  readonly linkKey: kms.Key;
  readonly portalFunction: AmicableFunction;
  readonly httpApi: apigwv2.HttpApi;
  readonly stage: apigwv2.HttpStage;
  readonly routes: apigwv2.HttpRoute[];
  readonly accessLogGroup: logs.LogGroup;
  /** The static page. */
  readonly siteBucket: s3.Bucket;
  /** Server access logs of the page bucket and the distribution's standard logs. */
  readonly logsBucket: s3.Bucket;
  readonly deployment: s3deploy.BucketDeployment;
  readonly responseHeadersPolicy: cloudfront.ResponseHeadersPolicy;
  readonly distribution: cloudfront.Distribution;
  /** https://<distribution domain>: the base of every portal link. */
  readonly url: string;
  readonly linkEnvironment: Record<string, string>;
  /** The web ACL on the distribution, when the stage has one. */
  readonly webAclArn?: string;
  /** The value CloudFront adds to every request it sends the API; the portal function reads it. */
  readonly originSecret: secretsmanager.Secret;
  /** Every cdk-nag finding the portal accepts, each with its reason (see where each is added). */
  /** The portal's cdk-nag acknowledgements (the stack applies them with the others). */
  readonly nagAcknowledgements: NagAcknowledgement[] = [];

  constructor(scope: Construct, id: string, props: PortalProps) {
    super(scope, id);
    // S3 server access logs are delivered under a bucket policy (logging.s3.amazonaws.com, this account,
    // the page bucket only) rather than the legacy LogDeliveryWrite ACL: the current CDK behaviour,
    // behind a feature flag this project's cdk.json does not set. Scoped to the portal's constructs.
    this.node.setContext(cxapi.S3_SERVER_ACCESS_LOGS_USE_BUCKET_POLICY, true);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const logRetention = props.logRetention ?? logs.RetentionDays.ONE_MONTH;
    const linkTtlDays = props.linkTtlDays ?? 14;
    if (!Number.isInteger(linkTtlDays) || linkTtlDays < 1) {
      throw new Error(`portal linkTtlDays: a whole number of days, at least 1 (got ${linkTtlDays})`);
    }
    const siteDirectory = props.siteDirectory ?? PORTAL_SITE_DIRECTORY;
    if (!existsSync(join(siteDirectory, 'index.html'))) {
      throw new Error(`portal: the page is missing, no index.html in ${siteDirectory}`);
    }

    this.linkKey = new kms.Key(this, 'LinkKey', {
      description: 'Amicable portal links and sessions (HMAC-SHA-256; GenerateMac only)',
      keySpec: kms.KeySpec.HMAC_256,
      keyUsage: kms.KeyUsage.GENERATE_VERIFY_MAC,
      removalPolicy,
      pendingWindow: Duration.days(30),
    });
    // KMS5 (rotation) does not apply: AWS rotates only symmetric encryption keys; cdk-nag exempts HMAC keys.
    [this.logsBucket, this.siteBucket] = this.buildBuckets(removalPolicy, logRetention);

    const keyEnvironment = {
      [ENV.portalLinkKeyId]: this.linkKey.keyId,
      [ENV.portalLinkTtlDays]: String(linkTtlDays),
    };
    this.originSecret = this.buildOriginSecret(removalPolicy);
    this.portalFunction = this.buildFunction(props, keyEnvironment);
    const ack: Acknowledge = (scope, rule, reason) => this.ack(scope, rule, reason);
    const api = buildPortalApi(this, {
      portalFunction: this.portalFunction,
      customDomain: props.customDomain,
      removalPolicy,
      logRetention,
      ack,
    });
    this.httpApi = api.httpApi;
    this.routes = api.routes;
    this.stage = api.stage;
    this.accessLogGroup = api.accessLogGroup;
    this.responseHeadersPolicy = this.buildSecurityHeaders();
    this.webAclArn = props.waf ? (props.waf.webAclArn ?? new PortalWebAcl(this, 'Waf').arn) : undefined;
    this.distribution = this.buildDistribution(props);
    this.url = `https://${this.distribution.distributionDomainName}`;
    // The portal function gets it too (no cycle: the distribution needs the API, not its routes).
    this.portalFunction.addEnvironment(ENV.portalBaseUrl, this.url);
    this.linkEnvironment = { ...keyEnvironment, [ENV.portalBaseUrl]: this.url };
    this.deployment = buildPortalDeployment(this, {
      siteDirectory,
      siteBucket: this.siteBucket,
      distribution: this.distribution,
      removalPolicy,
      logRetention,
      ack,
    });
  }

  private ack(scope: IConstruct, rule: string, reason: string): void {
    this.nagAcknowledgements.push({ scope, id: rule, reason });
  }

  /** The logs bucket (server access logs of the page bucket, CloudFront's standard logs) and the page bucket. */
  private buildBuckets(removalPolicy: RemovalPolicy, logRetention: logs.RetentionDays): [s3.Bucket, s3.Bucket] {
    // Kept when the stack is deleted (they are the record of who reached the portal) and expired by age.
    // CloudFront standard logging writes with an ACL: the bucket owner is preferred, not enforced.
    // S3-managed keys: request logs hold no event or message data (paths carry no token, which stays in
    // the URL fragment; CloudFront's lines have the viewer's IP). A customer-managed key would need its
    // policy to trust both S3 and CloudFront log delivery, which this project has not deployed and verified.
    const logsBucket = new s3.Bucket(this, 'LogsBucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ id: 'expire-access-logs', expiration: Duration.days(logRetention) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // (AwsSolutions-S1 does not ask a bucket that receives server access logs to log itself.)

    // S3-managed keys: the content is the public static page (html, css, js, texts), no personal data,
    // and OAC reads of SSE-KMS objects would need the key policy to trust CloudFront.
    const siteBucket = new s3.Bucket(this, 'SiteBucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: logsBucket,
      serverAccessLogsPrefix: 'site-bucket/',
      removalPolicy,
    });
    return [logsBucket, siteBucket];
  }

  /**
   * The origin secret: 64 letters and digits generated by Secrets Manager (encrypted with its AWS managed
   * key), never in the template: the distribution names it by a dynamic reference, the function by ARN.
   */
  private buildOriginSecret(removalPolicy: RemovalPolicy): secretsmanager.Secret {
    const secret = new secretsmanager.Secret(this, 'OriginSecret', {
      description: 'Amicable portal: the header CloudFront adds to API requests; the portal function refuses requests without it',
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
      removalPolicy,
    });
    this.ack(
      secret,
      'AwsSolutions-SMG4',
      'Not rotated by Secrets Manager: CloudFront takes the value only when the distribution is deployed, so a scheduled rotation would lock CloudFront out until the next deploy. The value is random (64 characters), readable only by the portal function (GetSecretValue on this secret) and by whoever may read the distribution config; it guards only which path reaches the API, not any customer data.',
    );
    return secret;
  }

  /** The portal function: reads and writes the items it needs by key, announces on the bus, signs links. */
  private buildFunction(props: PortalProps, keyEnvironment: Record<string, string>): AmicableFunction {
    const { dataStore, eventBus } = props;
    const portalFunction = new AmicableFunction(this, 'Function', {
      ...props.functionDefaults,
      handler: 'portal',
      // API Gateway gives up on an integration after 30 s; a customer should never wait that long.
      timeout: Duration.seconds(10),
      environment: {
        ...dataStore.environment,
        [ENV.eventBusName]: eventBus.eventBusName,
        ...props.environment,
        ...(props.paymentUrl ? { [ENV.paymentUrl]: props.paymentUrl } : {}),
        [ENV.portalCheck]: props.check ?? 'postal-code',
        // Always written out: the template says which policy is deployed.
        [ENV.portalLockout]: JSON.stringify(props.lockout ?? DEFAULT_LOCKOUT),
        [ENV.portalOriginSecretArn]: this.originSecret.secretArn,
        ...keyEnvironment,
      },
    });
    // Least privilege: the items it reads and writes, by key, and no Scan, delete or batch. Links,
    // check counts, the account (and its send claims, when an action answers with a message), the
    // message index of such a message; ledger entries of the account. Announced on the bus.
    grantItems(portalFunction, dataStore.stateTable, PORTAL_STATE_KEY_PREFIXES);
    grantItems(portalFunction, dataStore.ledgerTable, ['ACCOUNT#']);
    dataStore.key.grant(portalFunction, ...TABLE_KEY_ACTIONS);
    eventBus.grantPutEventsTo(portalFunction);
    this.grantGenerateMac(portalFunction);
    // The origin secret's value, and nothing else of Secrets Manager (not even DescribeSecret).
    portalFunction.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [this.originSecret.secretArn] }),
    );
    return portalFunction;
  }

  /** CSP, HSTS, nosniff, no framing, no referrer, no powerful features: on the page and the API. */
  private buildSecurityHeaders(): cloudfront.ResponseHeadersPolicy {
    return new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'Amicable portal: CSP, HSTS, nosniff, no framing, no referrer, no powerful features',
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: PORTAL_CSP, override: true },
        strictTransportSecurity: { accessControlMaxAge: PORTAL_HSTS_MAX_AGE, includeSubdomains: true, preload: true, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.NO_REFERRER, override: true },
      },
      customHeadersBehavior: {
        customHeaders: [{ header: 'Permissions-Policy', value: PORTAL_PERMISSIONS_POLICY, override: true }],
      },
    });
  }

  /** The distribution: the page from its bucket (OAC), /api/* to the API, the security headers, the web ACL. */
  private buildDistribution(props: PortalProps): cloudfront.Distribution {
    const stack = Stack.of(this);
    const apiDomain = props.customDomain?.api;
    // The API's own domain when it has one (DNS: a CNAME to its regional name), else its default endpoint.
    const apiOrigin = apiDomain?.domainName ?? `${this.httpApi.apiId}.execute-api.${stack.region}.${stack.urlSuffix}`;
    const distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'Amicable self-service portal',
      defaultRootObject: 'index.html',
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      ...(props.customDomain
        ? {
            certificate: props.customDomain.certificate,
            domainNames: props.customDomain.domainNames,
            minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
          }
        : {}),
      ...(this.webAclArn ? { webAclId: this.webAclArn } : {}),
      enableLogging: true,
      logBucket: this.logsBucket,
      logFilePrefix: 'cloudfront/',
      logIncludesCookies: false,
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(this.siteBucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        compress: true,
        responseHeadersPolicy: this.responseHeadersPolicy,
      },
      additionalBehaviors: {
        '/api/*': this.apiBehavior(apiOrigin),
      },
    });
    this.acknowledgeDistribution(distribution, props);
    return distribution;
  }

  /** /api/* to the API (uncached, HTTPS only, every viewer header but Host, plus the origin secret). */
  private apiBehavior(apiOrigin: string): cloudfront.BehaviorOptions {
    return {
      origin: new origins.HttpOrigin(apiOrigin, {
        protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
        originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
        readTimeout: Duration.seconds(30),
        // Resolved by CloudFormation at deploy ({{resolve:secretsmanager:...}}), never in the template.
        customHeaders: { [ORIGIN_VERIFY_HEADER]: this.originSecret.secretValue.unsafeUnwrap() },
      }),
      // A POST must not be redirected (it would turn into a GET): plain HTTP is refused.
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
      cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
      originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      responseHeadersPolicy: this.responseHeadersPolicy,
    };
  }

  /** The distribution's accepted cdk-nag findings, each with its reason. */
  private acknowledgeDistribution(distribution: cloudfront.Distribution, props: PortalProps): void {
    this.ack(
      distribution,
      'AwsSolutions-CFR1',
      'No geo restriction: customers are contacted wherever they are (travelling, living abroad) and must be able to pay, ask for a plan or dispute from there.',
    );
    if (!this.webAclArn) {
      this.ack(
        distribution,
        'AwsSolutions-CFR2',
        `No AWS WAF web ACL on this stage (portal.waf is off: production stages have it on by default; a web ACL costs about $5 a month plus $1 per rule): links are signed and expire, wrong answers lock the account (${describeLockout(props.lockout ?? DEFAULT_LOCKOUT)}), the API is throttled per stage and harder on the identity check.`,
      );
    }
    if (!props.customDomain) {
      this.ack(
        distribution,
        'AwsSolutions-CFR4',
        'The distribution uses its own *.cloudfront.net name and the CloudFront default certificate, whose security policy is fixed by CloudFront; with a custom domain (customDomain) the minimum is TLSv1.2_2021.',
      );
    }
  }

  /** kms:GenerateMac on the link key, and nothing else (signing and verifying links and sessions). */
  grantGenerateMac(grantee: iam.IGrantable): iam.Grant {
    return this.linkKey.grant(grantee, 'kms:GenerateMac');
  }
}
