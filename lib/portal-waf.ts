/**
 * The portal's AWS WAF web ACL (scope CLOUDFRONT): per-client limits in front of the distribution.
 *
 * - A rate-based rule per client IP on /api/verify: the identity check is what a guesser hammers; the
 *   per-account lockout (functions/application/portal-check.ts) caps guesses per account, this caps one
 *   client's guesses across accounts, and a throttled client no longer exhausts the API for everyone.
 * - A looser rate-based rule per IP on the rest of /api/*.
 * - The AWS managed common rule set (OWASP-style bad inputs, oversized bodies, ...).
 *
 * A CLOUDFRONT web ACL can only be created in us-east-1 (AWS WAF's rule for global resources): the
 * stack creates it when it is deployed there; elsewhere the stage names one made in us-east-1
 * (`portal.webAclArn`), see README.md.
 */
import { Stack } from 'aws-cdk-lib';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';

/** Requests per client IP per 5 minutes before WAF blocks it for a while (rate-based rules). */
export const PORTAL_WAF_LIMITS = {
  /**
   * Mobile carriers put many customers behind one address (CGNAT), so this is not one customer's
   * allowance (the lockout is): it stops one client guessing across many accounts.
   */
  verifyPerIp: 100,
  apiPerIp: 1000,
} as const;

/** Where a CLOUDFRONT-scope web ACL must live. */
export const CLOUDFRONT_WAF_REGION = 'us-east-1';

const visibility = (metricName: string): wafv2.CfnWebACL.VisibilityConfigProperty => ({
  cloudWatchMetricsEnabled: true,
  sampledRequestsEnabled: true,
  metricName,
});

const pathStartsWith = (prefix: string): wafv2.CfnWebACL.StatementProperty => ({
  byteMatchStatement: {
    fieldToMatch: { uriPath: {} },
    positionalConstraint: 'STARTS_WITH',
    searchString: prefix,
    textTransformations: [{ priority: 0, type: 'NONE' }],
  },
});

const ratePerIp = (name: string, priority: number, limit: number, prefix: string): wafv2.CfnWebACL.RuleProperty => ({
  name,
  priority,
  action: { block: { customResponse: { responseCode: 429 } } },
  statement: {
    rateBasedStatement: { limit, aggregateKeyType: 'IP', evaluationWindowSec: 300, scopeDownStatement: pathStartsWith(prefix) },
  },
  visibilityConfig: visibility(name),
});

export class PortalWebAcl extends Construct {
  readonly webAcl: wafv2.CfnWebACL;
  readonly arn: string;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const region = Stack.of(this).region;
    if (region !== CLOUDFRONT_WAF_REGION) {
      throw new Error(
        `portal WAF: a CloudFront web ACL can only be created in ${CLOUDFRONT_WAF_REGION} (this stack is in ${region}): deploy the stage in ${CLOUDFRONT_WAF_REGION}, or create the web ACL there and set portal.webAclArn`,
      );
    }
    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      scope: 'CLOUDFRONT',
      description: 'Amicable portal: per-IP limits on the identity check and the API, AWS common rule set',
      defaultAction: { allow: {} },
      visibilityConfig: visibility('amicable-portal'),
      rules: [
        ratePerIp('verify-per-ip', 0, PORTAL_WAF_LIMITS.verifyPerIp, '/api/verify'),
        ratePerIp('api-per-ip', 1, PORTAL_WAF_LIMITS.apiPerIp, '/api/'),
        {
          name: 'aws-common-rule-set',
          priority: 2,
          overrideAction: { none: {} },
          statement: { managedRuleGroupStatement: { vendorName: 'AWS', name: 'AWSManagedRulesCommonRuleSet' } },
          visibilityConfig: visibility('aws-common-rule-set'),
        },
      ],
    });
    this.arn = this.webAcl.attrArn;
  }
}
