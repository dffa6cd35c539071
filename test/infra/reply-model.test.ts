/**
 * The optional Bedrock second reading of replies (stage config replies.bedrock): off by default with no
 * Bedrock permission anywhere; on, inbound-sms alone may invoke that one foundation model in the stack's
 * Region, and is told which model and how long to wait.
 */
import { describe, expect, it } from 'vitest';
import { parseStageConfig } from '../../lib/config';
import { REPLY_MODEL_DEFAULTS } from '../../lib/reply-model';
import { devConfig, rawConfig, synthAmicable } from './helpers';

type Statement = { Sid?: string; Action: string | string[]; Resource: unknown };
const MODEL = 'anthropic.claude-3-haiku-20240307-v1:0';

function synthesized(bedrock?: Record<string, unknown>) {
  const { stack, template } = synthAmicable(devConfig(bedrock ? { replies: { bedrock } } : {}));
  const idOf = (c: { node: { defaultChild?: unknown } }) => stack.getLogicalId(c.node.defaultChild as never);
  const inboundId = idOf(stack.conversations.inboundSmsFunction);
  const inboundRoleId = idOf(stack.conversations.inboundSmsFunction.role as never);
  const bedrockStatements = Object.values(template.findResources('AWS::IAM::Policy')).flatMap((p) =>
    (p.Properties.PolicyDocument.Statement as Statement[])
      .filter((s) => [s.Action].flat().some((a) => a.startsWith('bedrock:')))
      .map((s) => ({ ...s, roles: (p.Properties.Roles as { Ref: string }[]).map((r) => r.Ref) })),
  );
  const functions = template.findResources('AWS::Lambda::Function');
  const withModelVariable = Object.entries(functions)
    .filter(([, f]) => 'REPLY_MODEL_ID' in ((f.Properties.Environment?.Variables as object | undefined) ?? {}))
    .map(([id]) => id);
  return { inboundId, inboundRoleId, bedrockStatements, withModelVariable, functions };
}

describe('replies.bedrock in the stage config', () => {
  it('is off by default, with the in-Region Claude 3 Haiku and a 3 s limit', () => {
    expect(parseStageConfig(rawConfig('dev.json')).replies.bedrock).toEqual(REPLY_MODEL_DEFAULTS);
    expect(REPLY_MODEL_DEFAULTS).toEqual({ enabled: false, modelId: MODEL, timeoutMs: 3000 });
  });

  it.each([
    [{ enabled: true, modelId: 'us.anthropic.claude-3-haiku-20240307-v1:0' }, /cross-Region inference profile/],
    [{ enabled: true, modelId: 'global.anthropic.claude-haiku-4-5-20251001-v1:0' }, /cross-Region inference profile/],
    [{ enabled: true, modelId: 'arn:aws:bedrock:us-east-1::foundation-model/x' }, /foundation model id/],
    [{ enabled: true, timeoutMs: 60_000 }, /timeoutMs/],
    [{ enabled: 'yes' }, /enabled/],
    [{ enabled: true, temperature: 0.5 }, /temperature/],
  ])('refuses %j with a reason', (bedrock, reason) => {
    expect(() => parseStageConfig({ ...rawConfig('dev.json'), replies: { bedrock } })).toThrow(reason);
  });
});

// Synthesized once each, outside the tests' time limit (synthesis takes seconds; minutes on a busy machine).
const off = synthesized();
const on = synthesized({ enabled: true, timeoutMs: 2500 });

describe('the reply model in the stack', () => {
  it('off: no function may call Bedrock and none is told of a model', () => {
    expect(off.bedrockStatements).toEqual([]);
    expect(off.withModelVariable).toEqual([]);
  });

  it('on: inbound-sms alone may invoke that one foundation model in the stack Region, and knows the model and limit', () => {
    expect(on.bedrockStatements).toEqual([
      {
        Sid: 'ReadUnplacedReplies',
        Effect: 'Allow',
        Action: 'bedrock:InvokeModel',
        Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:bedrock:us-east-1::foundation-model/${MODEL}`]] },
        roles: [on.inboundRoleId],
      },
    ]);
    expect(on.withModelVariable).toEqual([on.inboundId]);
    expect(on.functions[on.inboundId].Properties.Environment.Variables).toMatchObject({
      REPLY_MODEL_ID: MODEL,
      REPLY_MODEL_TIMEOUT_MS: '2500',
    });
  });
});
