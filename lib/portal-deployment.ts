/**
 * The portal page, deployed from portal/ into its bucket by a CDK BucketDeployment, which invalidates
 * the distribution's cache on change; with the cdk-nag findings its provider function brings, each
 * accepted with its reason. Built in the Portal construct's scope, so logical ids stay the Portal's.
 */
import { DefaultStackSynthesizer, RemovalPolicy, Stack, type CfnElement } from 'aws-cdk-lib';
import type * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import type { Construct, IConstruct } from 'constructs';
import { encryptedLogGroup } from './encryption';
import type { Acknowledge } from './portal-api';

export interface PortalDeploymentProps {
  readonly siteDirectory: string;
  readonly siteBucket: s3.IBucket;
  readonly distribution: cloudfront.IDistribution;
  readonly removalPolicy: RemovalPolicy;
  readonly logRetention: logs.RetentionDays;
  readonly ack: Acknowledge;
}

/** The page, deployed into the bucket; the distribution's cache is invalidated on change. */
export function buildPortalDeployment(scope: Construct, site: PortalDeploymentProps): s3deploy.BucketDeployment {
  const { siteDirectory, siteBucket, distribution, removalPolicy, logRetention, ack } = site;
  const stack = Stack.of(scope);
  const deploymentLogs = encryptedLogGroup(scope, 'DeploymentLogs', { retention: logRetention, removalPolicy });
  const deployment = new s3deploy.BucketDeployment(scope, 'Deployment', {
    sources: [s3deploy.Source.asset(siteDirectory)],
    destinationBucket: siteBucket,
    distribution,
    distributionPaths: ['/*'],
    // A stage that is destroyed takes its page with it, so the bucket can be deleted.
    retainOnDelete: removalPolicy === RemovalPolicy.RETAIN,
    logGroup: deploymentLogs,
    memoryLimit: 256,
  });
  const deploymentRole = deployment.handlerRole;
  for (const [rule, reason] of deploymentRoleFindings(stack, siteBucket)) ack(deploymentRole, rule, reason);
  ack(
    deploymentRole.node.scope as IConstruct,
    'AwsSolutions-L1',
    'The CDK BucketDeployment provider function: its runtime is chosen by aws-cdk-lib (Python, bundled AWS CLI) and moves with aws-cdk-lib upgrades; it runs only at deploy time.',
  );
  return deployment;
}

/** The cdk-nag findings on the BucketDeployment provider's role, each with why it is accepted. */
function deploymentRoleFindings(stack: Stack, siteBucket: s3.IBucket): Array<[rule: string, reason: string]> {
  const assetsBucket = `cdk-${stack.synthesizer.bootstrapQualifier ?? DefaultStackSynthesizer.DEFAULT_QUALIFIER}-assets-${stack.account}-${stack.region}`;
  return [
    [
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      'The CDK BucketDeployment provider function (deploy-time only, not reachable by customers) comes with the basic execution role for its logs.',
    ],
    [
      'AwsSolutions-IAM5[Action::s3:GetObject*]',
      'CDK BucketDeployment grant: it reads the page asset from the CDK assets bucket (object-level read actions on that one bucket).',
    ],
    [
      'AwsSolutions-IAM5[Action::s3:GetBucket*]',
      'CDK BucketDeployment grant: it reads the page asset from the CDK assets bucket and writes it to the page bucket.',
    ],
    ['AwsSolutions-IAM5[Action::s3:List*]', 'CDK BucketDeployment grant: it lists the asset and page buckets to sync the page.'],
    [
      'AwsSolutions-IAM5[Action::s3:DeleteObject*]',
      'CDK BucketDeployment grant: it removes files the page no longer has (prune) from the page bucket only.',
    ],
    ['AwsSolutions-IAM5[Action::s3:Abort*]', 'CDK BucketDeployment grant: it aborts its own failed multipart uploads to the page bucket.'],
    [
      `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::${assetsBucket}/*]`,
      'CDK BucketDeployment grant: it reads the page asset (a zip) from the CDK bootstrap assets bucket; asset keys are content hashes known only at synth.',
    ],
    [
      `AwsSolutions-IAM5[Resource::<${stack.getLogicalId(siteBucket.node.defaultChild as CfnElement)}.Arn>/*]`,
      'CDK BucketDeployment grant: it writes and prunes the page files, which are every object of the page bucket (and only that bucket).',
    ],
    [
      'AwsSolutions-IAM5[Resource::*]',
      'cloudfront:CreateInvalidation/GetInvalidation for the page deployment: the grant is made by the CDK BucketDeployment provider, which is shared by the stack; deploy-time only.',
    ],
  ];
}
