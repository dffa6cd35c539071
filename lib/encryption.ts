/**
 * Customer-managed KMS keys, made one way: rotation on, a 30-day pending window, and the key policy
 * each AWS service needs to use the key on our behalf. One key per stack for the queues (dead letters
 * hold whole events and invocations: account ids, amounts, sometimes a customer's profile) and one for
 * the log groups (function logs carry account ids and decisions). Constructs ask for them here rather
 * than making their own, so every queue and log group is encrypted the same way.
 */
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

/** A symmetric key with rotation on, kept 30 days after deletion is asked for. */
export function customerManagedKey(scope: Construct, id: string, description: string, removalPolicy = RemovalPolicy.RETAIN): kms.Key {
  return new kms.Key(scope, id, { description, enableKeyRotation: true, removalPolicy, pendingWindow: Duration.days(30) });
}

/** One key per stack, made the first time a construct asks for it. */
function stackKey(scope: Construct, id: string, make: (stack: Stack) => kms.Key): kms.Key {
  const stack = Stack.of(scope);
  return (stack.node.tryFindChild(id) as kms.Key | undefined) ?? make(stack);
}

/**
 * The queues' key. SQS uses it for whoever may use the queue (the same pattern as the AWS-managed
 * aws/sqs key: any principal of this account, only through SQS); EventBridge (rule dead-letter
 * queues) and SNS (subscription dead-letter queues) send to the queues as services.
 */
export function queueKey(scope: Construct): kms.Key {
  return stackKey(scope, 'QueueKey', (stack) => {
    const key = customerManagedKey(stack, 'QueueKey', 'Amicable queues: dead letters (events, invocations)');
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'UseThroughSqsInThisAccount',
        principals: [new iam.AnyPrincipal()],
        actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        resources: ['*'],
        conditions: { StringEquals: { 'kms:CallerAccount': stack.account, 'kms:ViaService': `sqs.${stack.region}.amazonaws.com` } },
      }),
    );
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'EventBridgeAndSnsSendToDeadLetterQueues',
        principals: [new iam.ServicePrincipal('events.amazonaws.com'), new iam.ServicePrincipal('sns.amazonaws.com')],
        actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
    );
    return key;
  });
}

/**
 * The log groups' key. CloudWatch Logs uses it as the service principal logs.<region>.amazonaws.com,
 * only for this account's log groups (the encryption context names the log group).
 */
export function logsKey(scope: Construct): kms.Key {
  return stackKey(scope, 'LogsKey', (stack) => {
    const key = customerManagedKey(stack, 'LogsKey', 'Amicable log groups (functions, state machine, API access)');
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchLogsForThisAccountsLogGroups',
        principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: {
          ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:${stack.partition}:logs:${stack.region}:${stack.account}:log-group:*` },
        },
      }),
    );
    return key;
  });
}

/** A dead-letter / failure queue: KMS-encrypted with the queues' key, TLS only, kept 14 days. */
export function encryptedQueue(scope: Construct, id: string, removalPolicy: RemovalPolicy): sqs.Queue {
  return new sqs.Queue(scope, id, {
    encryption: sqs.QueueEncryption.KMS,
    encryptionMasterKey: queueKey(scope),
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
    removalPolicy,
  });
}

/** A log group encrypted with the logs key. */
export function encryptedLogGroup(
  scope: Construct,
  id: string,
  props: { retention: logs.RetentionDays; removalPolicy: RemovalPolicy },
): logs.LogGroup {
  return new logs.LogGroup(scope, id, { ...props, encryptionKey: logsKey(scope) });
}

/** A private bucket under a customer-managed key: no public access, TLS only, no ACLs. */
export function privateBucketProps(key: kms.IKey, removalPolicy: RemovalPolicy | undefined): s3.BucketProps {
  return {
    encryption: s3.BucketEncryption.KMS,
    encryptionKey: key,
    bucketKeyEnabled: true,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    ...(removalPolicy === undefined ? {} : { removalPolicy }),
  };
}
