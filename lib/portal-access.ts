/**
 * What the portal may reach and how it is reached: its security headers, the API's routes and
 * throttling, and the item-level DynamoDB grants of the portal function (by partition prefix).
 */
import { Duration } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import { PORTAL_SECURITY_HEADERS } from '../functions/domain/portal/security-headers';

/**
 * The portal's Content-Security-Policy: everything from the portal's own origin, images also as
 * data: URIs, no framing, no <base>, forms post only to itself. Defined once with the other security
 * headers (functions/domain/portal/security-headers.ts), which the local portal server sends too.
 */
export const PORTAL_CSP: string = PORTAL_SECURITY_HEADERS['content-security-policy'];

/** Powerful features the portal never uses, switched off for it and anything it could embed. */
export const PORTAL_PERMISSIONS_POLICY: string = PORTAL_SECURITY_HEADERS['permissions-policy'];

/** HSTS max-age: two years, the preload list's expectation (with includeSubDomains and preload). */
export const PORTAL_HSTS_MAX_AGE = Duration.days(730);

/** The portal API: route keys of the HTTP API, all to the portal function. */
export const PORTAL_ROUTES = [
  { method: apigwv2.HttpMethod.POST, path: '/api/session' },
  { method: apigwv2.HttpMethod.POST, path: '/api/verify' },
  { method: apigwv2.HttpMethod.GET, path: '/api/account' },
  { method: apigwv2.HttpMethod.POST, path: '/api/actions' },
] as const;

/** The route the identity check goes through: throttled harder than the rest. */
export const PORTAL_VERIFY_ROUTE_KEY = 'POST /api/verify';

/** Requests per second (steady) and burst, for the whole stage and for the verify route. */
export const PORTAL_THROTTLE = {
  stage: { rateLimit: 20, burstLimit: 40 },
  verify: { rateLimit: 5, burstLimit: 10 },
} as const;

/**
 * The state-table partitions the portal function may touch (dynamodb:LeadingKeys): links, check
 * counts, accounts (with their claims and journeys), and the message index of a reply it sends.
 */
export const PORTAL_STATE_KEY_PREFIXES = ['LINK#', 'GUARD#', 'ACCOUNT#', 'MESSAGE#'] as const;

/** Item-level actions only: no Scan, no DeleteItem, no batch or PartiQL. */
export const PORTAL_ITEM_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:Query',
  'dynamodb:ConditionCheckItem',
] as const;

/** What DynamoDB needs on the tables' key for a caller to read and write items (as the CDK table grants). */
export const TABLE_KEY_ACTIONS = ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*'] as const;

/** Item actions on one table, only on partitions whose key starts with one of the prefixes. */
export function grantItems(grantee: iam.IGrantable, table: dynamodb.ITable, prefixes: readonly string[]): void {
  grantee.grantPrincipal.addToPrincipalPolicy(
    new iam.PolicyStatement({
      actions: [...PORTAL_ITEM_ACTIONS],
      resources: [table.tableArn],
      conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': prefixes.map((p) => `${p}*`) } },
    }),
  );
}
