/**
 * cdk-nag (AwsSolutions, cdk-nag 3 validation plugin): no unacknowledged finding, and every
 * acknowledgement carries a reason.
 */
import { Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { nagAcknowledgements } from '../../lib/amicable-stack';
import { devConfig, prodConfig, synthAmicable } from './helpers';

function acknowledgements(root: IConstruct): { path: string; id: string; reason: unknown }[] {
  return root.node.findAll().flatMap((c) =>
    c.node.metadata
      .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((m) => Object.entries(m.data as Record<string, unknown>).map(([id, reason]) => ({ path: c.node.path, id, reason }))),
  );
}

describe.each([
  ['dev', devConfig()],
  ['prod', prodConfig({ channelProvider: 'pinpoint', pinpointApplicationId: '0123456789abcdef0123456789abcdef' })],
])('cdk-nag AwsSolutions (%s)', (_name, config) => {
  const { stack } = synthAmicable(config);

  it('reports no unacknowledged finding', () => {
    const report = new AwsSolutionsChecks(stack).validateScope(stack);
    const findings = report.violations.map((v) => `${v.ruleName}: ${v.violatingResources.map((r) => r.constructPath).join(', ')}`);
    expect(findings).toEqual([]);
  });

  it('gives every acknowledgement a reason', () => {
    const acks = acknowledgements(stack);
    expect(acks.length).toBe(nagAcknowledgements(stack).length);
    for (const a of acks) {
      expect(typeof a.reason, `${a.path} ${a.id}`).toBe('string');
      expect((a.reason as string).trim().length, `${a.path} ${a.id}`).toBeGreaterThan(20);
    }
  });

  it('acknowledges only wildcard IAM findings and dead-letter queues', () => {
    const ids = new Set(nagAcknowledgements(stack).map((a) => a.id.replace(/\[.*$/, '')));
    expect([...ids].sort()).toEqual(['AwsSolutions-IAM5', 'AwsSolutions-SQS3']);
  });

  it('acknowledges SQS3 on exactly the dead-letter queues, the conversations ones included', () => {
    const sqs3 = nagAcknowledgements(stack).filter((a) => a.id === 'AwsSolutions-SQS3').map((a) => a.scope.node.path);
    expect(sqs3.sort()).toEqual(stack.deadLetterQueues.map((q) => q.node.path).sort());
    expect(sqs3.filter((p) => p.includes('/Conversations/'))).toHaveLength(5);
  });

  it('acknowledges nothing on the two-way SMS path: inbound topic, its key, the two-way channel role', () => {
    const { inboundTopic, inboundKey, twoWayChannelRole } = stack.conversations;
    const clean = [inboundTopic.node.path, inboundKey.node.path, twoWayChannelRole.node.path];
    const acked = acknowledgements(stack).filter((a) => clean.some((p) => a.path === p || a.path.startsWith(`${p}/`)));
    expect(acked).toEqual([]);
  });
});
