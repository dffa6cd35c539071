/**
 * cdk-nag (AwsSolutions, cdk-nag 3 validation plugin): no unacknowledged finding, and every
 * acknowledgement carries a reason.
 */
import { Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { nagAcknowledgements } from '../../lib/stack-nag';
import { devConfig, prodConfig, synthAmicable } from './helpers';

function acknowledgements(root: IConstruct): { path: string; id: string; reason: unknown }[] {
  return root.node.findAll().flatMap((c) =>
    c.node.metadata
      .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((m) => Object.entries(m.data as Record<string, unknown>).map(([id, reason]) => ({ path: c.node.path, id, reason })))
      // aws-cdk-lib acknowledges its own template-lint warning on an S3 access-log bucket's ACL; not ours.
      .filter((a) => !a.id.startsWith('CloudFormation-Validate::')),
  );
}

describe.each([
  ['dev', devConfig()],
  ['prod', prodConfig({ channelProvider: 'pinpoint', pinpointApplicationId: '0123456789abcdef0123456789abcdef' })],
  [
    'prod with QuickSight',
    prodConfig({
      analytics: { quicksight: { principals: ['arn:aws:quicksight:us-east-1:222222222222:group/default/collections-managers'] } },
    } as never),
  ],
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

  it('acknowledges only wildcard IAM findings and dead-letter queues outside the portal', () => {
    const portalAcks = new Set(stack.portal.nagAcknowledgements);
    const ids = new Set(
      nagAcknowledgements(stack)
        .filter((a) => !portalAcks.has(a))
        .map((a) => a.id.replace(/\[.*$/, '')),
    );
    expect([...ids].sort()).toEqual(['AwsSolutions-IAM5', 'AwsSolutions-SQS3']);
  });

  it('acknowledges for the portal only: open API routes (signed links), no geo block, the default certificate, the origin secret not rotated by Secrets Manager, and the CDK page deployment (CFR2 only without the WAF: dev)', () => {
    const { portal } = stack;
    const byRule = (rule: string) =>
      portal.nagAcknowledgements
        .filter((a) => a.id.replace(/\[.*$/, '') === rule)
        .map((a) => a.scope.node.path)
        .sort();
    expect([...new Set(portal.nagAcknowledgements.map((a) => a.id.replace(/\[.*$/, '')))].sort()).toEqual([
      'AwsSolutions-APIG4',
      'AwsSolutions-CFR1',
      ...(portal.webAclArn ? [] : ['AwsSolutions-CFR2']),
      'AwsSolutions-CFR4',
      'AwsSolutions-IAM4',
      'AwsSolutions-IAM5',
      'AwsSolutions-L1',
      'AwsSolutions-SMG4',
    ]);
    expect(byRule('AwsSolutions-SMG4')).toEqual([portal.originSecret.node.path]);
    expect(byRule('AwsSolutions-APIG4')).toEqual(portal.routes.map((r) => r.node.path).sort());
    for (const rule of ['AwsSolutions-CFR1', ...(portal.webAclArn ? [] : ['AwsSolutions-CFR2']), 'AwsSolutions-CFR4'])
      expect(byRule(rule)).toEqual([portal.distribution.node.path]);
    // IAM4, IAM5 and L1 only on the CDK BucketDeployment provider (deploy time), never on a portal resource.
    const provider = portal.deployment.handlerRole.node.scope!.node.path;
    for (const rule of ['AwsSolutions-IAM4', 'AwsSolutions-IAM5', 'AwsSolutions-L1']) {
      for (const path of byRule(rule)) expect(path === provider || path.startsWith(`${provider}/`), `${rule} ${path}`).toBe(true);
    }
  });

  it('acknowledges nothing on the portal key, buckets, API stage or the portal function beyond what every function has (and waking journeys)', () => {
    const { portal } = stack;
    const clean = [
      portal.linkKey,
      portal.siteBucket,
      portal.logsBucket,
      portal.stage,
      portal.accessLogGroup,
      portal.responseHeadersPolicy,
    ].map((c) => c.node.path);
    const acked = acknowledgements(stack).filter((a) => clean.some((p) => a.path === p || a.path.startsWith(`${p}/`)));
    expect(acked).toEqual([]);
    const role = portal.portalFunction.role!.node.path;
    const onRole = acknowledgements(stack)
      .filter((a) => a.path === role)
      .map((a) => a.id)
      .sort();
    const onDecideRole = acknowledgements(stack)
      .filter((a) => a.path === stack.journey.decideFunction.role!.node.path)
      .map((a) => a.id)
      .sort();
    // Waking a journey names its executions and resume schedules, which are named at run time (lib/journey-resume.ts).
    const wakes = acknowledgements(stack)
      .filter((a) => a.path === role && !onDecideRole.includes(a.id))
      .map((a) => a.id);
    expect(wakes.sort()).toEqual([
      expect.stringMatching(
        /^Annotation::AwsSolutions-IAM5\[Resource::arn:<AWS::Partition>:scheduler:.*:schedule\/amicable-journey-\w+-resumes\/\*\]$/,
      ),
      expect.stringMatching(
        /^Annotation::AwsSolutions-IAM5\[Resource::arn:<AWS::Partition>:states:.*:execution:amicable-journey-\w+:\*\]$/,
      ),
    ]);
    expect(onRole.filter((id) => !wakes.includes(id))).toEqual(onDecideRole);
  });

  it("says the truth about KMS ReEncrypt*/GenerateDataKey*: every such grant names the tables' key or the queues' key", () => {
    const allowed = [stack.dataStore.key, stack.node.findChild('QueueKey') as IConstruct].map((k) => ({
      'Fn::GetAtt': [stack.getLogicalId(k.node.defaultChild as never), 'Arn'],
    }));
    const resources = Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy')).flatMap((policy) =>
      (policy.Properties.PolicyDocument.Statement as Array<{ Action: string | string[]; Resource: unknown }>)
        .filter((st) => [st.Action].flat().some((a) => a === 'kms:ReEncrypt*' || a === 'kms:GenerateDataKey*'))
        .flatMap((st) => [st.Resource].flat()),
    );
    expect(resources.length).toBeGreaterThan(0);
    for (const resource of resources) expect(allowed).toContainEqual(resource);
  });

  it('acknowledges SQS3 on exactly the dead-letter queues, the conversations ones included', () => {
    const sqs3 = nagAcknowledgements(stack)
      .filter((a) => a.id === 'AwsSolutions-SQS3')
      .map((a) => a.scope.node.path);
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
