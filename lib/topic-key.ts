/**
 * The customer-managed key of an SNS topic an AWS service publishes to: the service may use it only to
 * encrypt what it publishes (GenerateDataKey*, Decrypt), and only on behalf of this account.
 */
import type { RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import { customerManagedKey } from './encryption';

export interface PublisherTopicKeyProps {
  /** A key to use instead of creating one (the publishing statement is added to it). */
  readonly key?: kms.IKey;
  readonly description: string;
  readonly removalPolicy?: RemovalPolicy;
  /** The statement's id, e.g. AllowSmsVoiceToPublishEncrypted. */
  readonly sid: string;
  /** The publishing service, e.g. sms-voice.amazonaws.com. */
  readonly servicePrincipal: string;
  /** aws:SourceAccount (and any other conditions) the service must publish under. */
  readonly conditions: Record<string, Record<string, unknown>>;
}

export function publisherTopicKey(scope: Construct, id: string, props: PublisherTopicKeyProps): kms.IKey {
  const key = props.key ?? customerManagedKey(scope, id, props.description, props.removalPolicy);
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: props.sid,
      principals: [new iam.ServicePrincipal(props.servicePrincipal)],
      actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
      resources: ['*'],
      conditions: props.conditions,
    }),
  );
  return key;
}
