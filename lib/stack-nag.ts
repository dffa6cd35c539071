/** The cdk-nag findings the Amicable stack accepts, and their acknowledgement on the stack. */
import { Validations, type CfnElement } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type { AmicableFunction } from './lambda-defaults';
import type { NagAcknowledgement } from './nag';
import type { StackParts } from './stack-parts';

/**
 * Every cdk-nag (AwsSolutions) finding this stack accepts, each with its reason, on the narrowest
 * construct it applies to. Kept in one place so a reviewer sees them all.
 */
export function nagAcknowledgements(stack: StackParts): NagAcknowledgement[] {
  const acks: NagAcknowledgement[] = [];
  const ack = (scope: IConstruct, id: string, reason: string) => acks.push({ scope, id, reason });
  const role = (fn: AmicableFunction) => fn.role as IConstruct;

  for (const fn of stack.functions) {
    ack(
      role(fn),
      'AwsSolutions-IAM5[Resource::*]',
      'Only xray:PutTraceSegments and xray:PutTelemetryRecords (active tracing): X-Ray has no resource-level permissions.',
    );
  }
  // Every function writes to a table (decide and record append to the ledger, ...).
  for (const fn of stack.functions) {
    for (const action of ['kms:ReEncrypt*', 'kms:GenerateDataKey*']) {
      ack(
        role(fn),
        `AwsSolutions-IAM5[Action::${action}]`,
        "Key grants on two of the stack's customer-managed keys only (each statement names the key ARN): the tables' key, through aws-cdk-lib's table read-write grant (the portal's own item grant mirrors it), and the queues' key, through the queue send grant of a function's on-failure destination or dead-letter queue. GenerateDataKey* encrypts what is written or sent; ReEncrypt* comes with those grants and, scoped to these ARNs, can only move data between them.",
      );
    }
  }
  acks.push(...stack.journey.resume.nagAcknowledgements);
  // aws-cdk-lib's table grants cover the table's indexes too; only the sweep reads them (its own Query grant names each).
  const stateTableId = stack.getLogicalId(stack.dataStore.stateTable.node.defaultChild as CfnElement);
  for (const fn of stack.functions.filter((f) => f !== stack.sweep.sweepFunction)) {
    ack(
      role(fn),
      `AwsSolutions-IAM5[Resource::<${stateTableId}.Arn>/index/*]`,
      "Added by aws-cdk-lib's table read/write grant for the table's indexes (the sweep's sparse indexes): this function never queries them.",
    );
  }
  const executions = `Resource::arn:<AWS::Partition>:states:${stack.region}:${stack.account}:execution:${stack.journey.stateMachineName}:*`;
  for (const fn of [stack.intake.ingestFunction, stack.sweep.sweepFunction]) {
    ack(
      role(fn),
      `AwsSolutions-IAM5[${executions}]`,
      'states:DescribeExecution on the executions of the one journey state machine: execution names (account + cycle) are only known at run time.',
    );
  }
  ack(
    stack.journey.stateMachine.role,
    'AwsSolutions-IAM5[Resource::*]',
    'Step Functions logging (logs:CreateLogDelivery and friends) and X-Ray tracing APIs have no resource-level permissions.',
  );
  const sweepId = stack.getLogicalId(stack.sweep.sweepFunction.node.defaultChild as CfnElement);
  ack(
    stack.sweep.schedulerRole,
    `AwsSolutions-IAM5[Resource::<${sweepId}.Arn>:*]`,
    'Added by the aws-scheduler-targets LambdaInvoke grant (function and its versions); the role is assumable only by EventBridge Scheduler for this account and names only the sweep function.',
  );
  for (const q of stack.deadLetterQueues) {
    ack(
      q,
      'AwsSolutions-SQS3',
      'This queue is itself a dead-letter queue (EventBridge target DLQ, SNS subscription redrive queue, Lambda on-failure destination or Scheduler DLQ); it is alarmed on depth, and a DLQ for it would add nothing.',
    );
  }
  // The portal's (CloudFront, the API routes, the origin secret, the CDK page deployment): each is made
  // in lib/portal.ts next to the resource it is about.
  acks.push(
    ...stack.portal.nagAcknowledgements,
    ...stack.analytics.nagAcknowledgements,
    ...stack.placement.nagAcknowledgements,
    ...(stack.quickSight?.nagAcknowledgements ?? []),
  );
  acks.push(...stack.sweep.nagAcknowledgements);
  return acks;
}

export function acknowledgeNagFindings(stack: StackParts): void {
  for (const a of nagAcknowledgements(stack)) {
    Validations.of(a.scope).acknowledge({ id: a.id, reason: a.reason });
  }
}
