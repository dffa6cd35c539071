/**
 * The stack's outputs: what an operator needs after `cdk deploy` (the bus, the state machine, the
 * portal, the tables, the alarm topic) and how to turn two-way SMS on for the given origination identity.
 */
import { CfnOutput } from 'aws-cdk-lib';
import type { StageConfig } from './config';
import type { StackParts } from './stack-parts';

export function addStackOutputs(stack: StackParts, config: StageConfig): void {
  new CfnOutput(stack, 'AnalyticsWorkgroup', {
    value: stack.analytics.workgroup.ref,
    description: 'Athena workgroup with a named query per KPI view',
  });
  new CfnOutput(stack, 'EventBusName', { value: stack.bus.eventBus.eventBusName });
  new CfnOutput(stack, 'EventBusArn', { value: stack.bus.eventBus.eventBusArn });
  new CfnOutput(stack, 'StateMachineArn', { value: stack.journey.stateMachine.stateMachineArn });
  new CfnOutput(stack, 'SmsEventsTopicArn', { value: stack.channels.smsEventsTopic.topicArn });
  addTwoWaySmsOutputs(stack, config);
  new CfnOutput(stack, 'PortalUrl', {
    value: stack.portal.url,
    description: 'The self-service portal (CloudFront): messages link to it with signed, expiring links.',
  });
  new CfnOutput(stack, 'AlarmTopicArn', { value: stack.monitoring.alarmTopic.topicArn });
  new CfnOutput(stack, 'StateTableName', { value: stack.dataStore.stateTable.tableName });
  new CfnOutput(stack, 'LedgerTableName', { value: stack.dataStore.ledgerTable.tableName });
}

/** Two-way SMS is enabled by the operator (the identity is given, not created): the outputs say how. */
function addTwoWaySmsOutputs(stack: StackParts, config: StageConfig): void {
  const twoWay = twoWaySmsCommand(config.sms.originationIdentity);
  new CfnOutput(stack, 'InboundSmsTopicArn', {
    value: stack.conversations.inboundTopic.topicArn,
    description:
      'Two-way SMS: replies arrive on this topic once two-way SMS is enabled on the origination identity (not done by the stack: the identity is given, not created). ' +
      `Run: aws pinpoint-sms-voice-v2 ${twoWay.verb} ${twoWay.idOption} ${twoWay.id} --two-way-enabled --two-way-channel-arn <InboundSmsTopicArn> --two-way-channel-role <TwoWayChannelRoleArn> ` +
      '(output EnableTwoWaySmsCommand is that command, filled in).',
  });
  new CfnOutput(stack, 'OptOutListArn', {
    value: stack.channels.optOutList.attrArn,
    description: `The opt-out list STOP replies land in: attached to the origination identity by EnableTwoWaySmsCommand (${twoWay.verb} --opt-out-list-name).`,
  });
  new CfnOutput(stack, 'TwoWayChannelRoleArn', {
    value: stack.conversations.twoWayChannelRole.roleArn,
    description:
      'Two-way SMS: the role End User Messaging SMS assumes to publish replies to InboundSmsTopicArn. Pass it as --two-way-channel-role ' +
      `to aws pinpoint-sms-voice-v2 ${twoWay.verb} ${twoWay.idOption} ${twoWay.id} --two-way-enabled --two-way-channel-arn <InboundSmsTopicArn>.`,
  });
  new CfnOutput(stack, 'EnableTwoWaySmsCommand', {
    value: [
      'aws pinpoint-sms-voice-v2',
      twoWay.verb,
      twoWay.idOption,
      twoWay.id,
      '--two-way-enabled --two-way-channel-arn',
      stack.conversations.inboundTopic.topicArn,
      '--two-way-channel-role',
      stack.conversations.twoWayChannelRole.roleArn,
      // STOP lands in the stack's opt-out list, the list every send from this identity is checked against.
      '--opt-out-list-name',
      stack.channels.optOutList.attrArn,
      '--no-self-managed-opt-outs-enabled',
      '--region',
      stack.region,
    ].join(' '),
    description:
      "Run once after the first deploy: turns on two-way SMS for the origination identity, delivering replies to inbound-sms, and attaches the stack's opt-out list (a STOP is added to it; sends from the identity are checked against it).",
  });
}

/**
 * The pinpoint-sms-voice-v2 command that turns two-way SMS on for the SMS origination identity: a pool
 * (update-pool) or a phone number (update-phone-number). Both take an id or an ARN. A sender ID cannot
 * receive replies; a Pinpoint origination number is given as E.164, which the API does not take.
 */
export function twoWaySmsCommand(originationIdentity: string): { verb: string; idOption: string; id: string } {
  const id = originationIdentity.startsWith('arn:')
    ? originationIdentity.slice(originationIdentity.lastIndexOf('/') + 1)
    : originationIdentity;
  if (id.startsWith('pool-')) return { verb: 'update-pool', idOption: '--pool-id', id };
  if (id.startsWith('phone-')) return { verb: 'update-phone-number', idOption: '--phone-number-id', id };
  return { verb: 'update-phone-number', idOption: '--phone-number-id', id: '<phone-number-id of the number that receives replies>' };
}
