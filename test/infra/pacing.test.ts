/**
 * Capacity-aware sending in the stack: the stage's capacity reaches the decide function (and only it)
 * with the identities it is counted on, and decide may write the send-slot items (PACE#) and nothing else
 * of the STATE table. A stage with capacity null deploys no pacing.
 */
import { describe, expect, it } from 'vitest';
import { ENV } from '../../functions/commons/environment';
import { parsePacingSettings } from '../../functions/domain/pacing/capacity';
import { devConfig, logicalId, synthAmicable } from './helpers';

type Statement = { Action: string | string[]; Resource: unknown; Condition?: unknown };

function synth(capacity?: unknown) {
  const { stack, template } = synthAmicable(devConfig(capacity === undefined ? {} : { capacity: capacity as never }));
  const functions = template.findResources('AWS::Lambda::Function');
  const env = (fn: { node: { defaultChild?: unknown } }) =>
    functions[stack.getLogicalId(fn.node.defaultChild as never)].Properties.Environment.Variables as Record<string, unknown>;
  const roleStatements = (fn: { role?: { node: { defaultChild?: unknown } } }) => {
    const roleId = stack.getLogicalId(fn.role!.node.defaultChild as never);
    return Object.values(template.findResources('AWS::IAM::Policy'))
      .filter((p) => (p.Properties.Roles as { Ref: string }[]).some((r) => r.Ref === roleId))
      .flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]);
  };
  return { stack, template, env, roleStatements };
}

describe('pacing in the stack', () => {
  const { stack, template, env, roleStatements } = synth({
    sms: { partsPerSecond: 40, dailyCap: 200000 },
    voice: { callsPerSecond: 5 },
    email: { messagesPerSecond: 50 },
  });
  const state = logicalId(template, 'AWS::DynamoDB::Table', 'DataStateTable');

  it('gives decide the capacity and the identities it is counted on, and no other function', () => {
    const settings = parsePacingSettings(env(stack.journey.decideFunction)[ENV.sendPacing] as string);
    expect(settings.capacity.sms).toEqual({ partsPerSecond: 40, partsPerMessage: 2, dailyCap: 200000, urgentShare: 0.1 });
    expect(settings.identities).toEqual({
      sms: expect.stringContaining(':pool/pool-'),
      voice: expect.stringContaining(':phone-number/phone-'),
      email: 'example.com',
    });
    for (const fn of stack.functions.filter((f) => f !== stack.journey.decideFunction))
      expect(env(fn)[ENV.sendPacing], fn.node.id).toBeUndefined();
  });

  it('lets decide write only PACE# items of the STATE table', () => {
    const writes = roleStatements(stack.journey.decideFunction).filter(
      (s) =>
        JSON.stringify(s.Resource).includes(`"${state}"`) &&
        [s.Action].flat().some((a) => /PutItem|UpdateItem|DeleteItem|BatchWrite/.test(a)),
    );
    expect(writes).toEqual([
      {
        Action: ['dynamodb:UpdateItem', 'dynamodb:PutItem'],
        Effect: 'Allow',
        Resource: { 'Fn::GetAtt': [state, 'Arn'] },
        Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['PACE#*'] } },
      },
    ]);
  });

  it('deploys no pacing for a stage with capacity null', () => {
    const off = synth(null);
    expect(off.env(off.stack.journey.decideFunction)[ENV.sendPacing]).toBeUndefined();
    const state = logicalId(off.template, 'AWS::DynamoDB::Table', 'DataStateTable');
    const writes = off
      .roleStatements(off.stack.journey.decideFunction)
      .filter((s) => JSON.stringify(s.Resource).includes(`"${state}"`) && [s.Action].flat().some((a) => /PutItem|UpdateItem/.test(a)));
    expect(writes).toEqual([]);
  });

  it('refuses a capacity whose urgent share leaves no paced message, naming the field', () => {
    expect(() =>
      devConfig({ capacity: { sms: { partsPerSecond: 1 }, voice: { callsPerSecond: 1 }, email: { messagesPerSecond: 14 } } as never }),
    ).toThrow(/capacity\.sms\.urgentShare: leaves no room/);
  });
});
