import { BedrockRuntimeClient, ConverseCommand, ThrottlingException, type ConverseCommandOutput } from '@aws-sdk/client-bedrock-runtime';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BedrockReplyInterpreter, INTENT_TOOL } from '../../functions/adapters/bedrock-reply-interpreter';
import { logger, metrics } from '../../functions/commons/powertools';
import { makeDecideHandler } from '../../functions/decide';
import type { ContactAction } from '../../functions/domain/decision-types';
import { makeInboundSmsHandler } from '../../functions/inbound-sms';
import { makeIngestHandler } from '../../functions/ingest';
import { makeRecordHandler } from '../../functions/record';
import { makeSendHandler } from '../../functions/send';
import { billingEvent, context, newAccountId, overdueDetail, T0, useWorld, type World } from './harness';

const MODEL = 'anthropic.claude-3-haiku-20240307-v1:0';
const client = new BedrockRuntimeClient({ region: 'us-east-1' });
const bedrock = mockClient(client);
const interpreter = new BedrockReplyInterpreter(client, { modelId: MODEL, timeoutMs: 500 });

let w: World;
const deps = () => w.deps;
const h = {
  ingest: makeIngestHandler(deps),
  decide: makeDecideHandler(deps),
  send: makeSendHandler(deps),
  record: makeRecordHandler(deps),
  inbound: makeInboundSmsHandler(deps, () => interpreter),
};
useWorld((created) => (w = created));

/** What Bedrock answers when the model records an intent with the tool. */
const modelSays = (intent: string): ConverseCommandOutput => ({
  $metadata: { httpStatusCode: 200 },
  output: { message: { role: 'assistant', content: [{ toolUse: { toolUseId: 'tooluse_1', name: INTENT_TOOL, input: { intent } } }] } },
  stopReason: 'tool_use',
  usage: { inputTokens: 800, outputTokens: 40, totalTokens: 840 },
  metrics: { latencyMs: 300 },
});

let seq = 0;
async function contactedCustomer(prefix: string): Promise<{ accountId: string; phone: string }> {
  const accountId = newAccountId(prefix);
  const phone = `+1206556${String(1000 + ((++seq * 53 + Math.floor(Math.random() * 40)) % 9000)).padStart(4, '0')}`;
  const base = overdueDetail(accountId);
  await h.ingest(billingEvent('AccountOverdue', { ...base, customer: { ...base.customer, phone } }), context('ingest'));
  const decision = await h.decide({ accountId, cycleId: 'inv-1' }, context('decide'));
  const action = decision.action as ContactAction;
  const outcome = await h.send({ accountId, cycleId: 'inv-1', action }, context('send'));
  await h.record({ kind: 'contact', accountId, cycleId: 'inv-1', action, outcome }, context('record'));
  return { accountId, phone };
}

function smsEvent(from: string, body: string) {
  const inboundMessageId = `in-model-${++seq}-${Math.random().toString(36).slice(2, 8)}`;
  const message = { originationNumber: from, destinationNumber: '+18005550100', messageBody: body, inboundMessageId };
  return {
    Records: [
      {
        EventSource: 'aws:sns',
        Sns: {
          Type: 'Notification',
          MessageId: `sns-${inboundMessageId}`,
          TopicArn: 'arn:aws:sns:us-east-1:000000000000:inbound',
          Message: JSON.stringify(message),
        },
      },
    ],
  };
}

const inboundIntents = async (accountId: string) =>
  (await w.deps.ledger.history(accountId, 'inv-1')).flatMap((r) => (r.kind === 'inbound' ? [r.intent] : []));

const outcomes: string[] = [];
beforeEach(() => {
  w.clock.set(T0);
  bedrock.reset();
  outcomes.length = 0;
  // The ReplyModelReadings metrics emitted, by their outcome dimension (Powertools metrics are off in tests).
  vi.spyOn(metrics, 'singleMetric').mockImplementation(() => {
    const dimensions: string[] = [];
    const single = {
      addDimension: (_name: string, value: string) => (dimensions.push(value), single),
      addMetric: (name: string) => (name === 'ReplyModelReadings' && outcomes.push(...dimensions), single),
    };
    return single as unknown as ReturnType<typeof metrics.singleMetric>;
  });
});
afterEach(() => vi.restoreAllMocks());

describe('inbound SMS with the Bedrock second reading', () => {
  it('a revocation the rules miss is honoured when the model reads it as stop (the model is asked once)', async () => {
    const c = await contactedCustomer('model-stop');
    bedrock.on(ConverseCommand).resolves(modelSays('stop'));
    await h.inbound(smsEvent(c.phone, 'nah fam im good on these msgs'), context('inbound-sms'));
    expect((await w.deps.state.getAccount(c.accountId))!.channels.sms.optedOut).toBe(true);
    expect(await inboundIntents(c.accountId)).toEqual(['stop']);
    expect(bedrock.commandCalls(ConverseCommand)).toHaveLength(1);
    expect(outcomes).toEqual(['protective']);
  });

  it('a model answer that would keep collecting is ignored: a person reads the reply', async () => {
    const c = await contactedCustomer('model-pay');
    bedrock.on(ConverseCommand).resolves(modelSays('pay'));
    await h.inbound(smsEvent(c.phone, 'the dog ate my phone lol'), context('inbound-sms'));
    expect(await inboundIntents(c.accountId)).toEqual(['other']);
    expect(w.bus.published.filter((p) => p.detail.accountId === c.accountId && p.detailType === 'AgentHandoffRequested')).toHaveLength(1);
    expect(outcomes).toEqual(['not-protective']);
  });

  it('a reply the rules read is never sent to the model', async () => {
    const c = await contactedCustomer('model-skip');
    await h.inbound(smsEvent(c.phone, 'PAY'), context('inbound-sms'));
    expect(await inboundIntents(c.accountId)).toEqual(['pay']);
    expect(bedrock.commandCalls(ConverseCommand)).toHaveLength(0);
  });

  it('throttling leaves the local reading, counted and logged without the reply text', async () => {
    const c = await contactedCustomer('model-throttled');
    bedrock.on(ConverseCommand).rejects(new ThrottlingException({ message: 'Too many requests', $metadata: {} }));
    const warn = vi.spyOn(logger, 'warn');
    await h.inbound(smsEvent(c.phone, 'my phone got new owner, he is gone'), context('inbound-sms'));
    expect(await inboundIntents(c.accountId)).toEqual(['other']);
    expect(outcomes).toEqual(['throttled']);
    expect(warn).toHaveBeenCalledWith(
      expect.stringContaining('second reading'),
      expect.objectContaining({ outcome: 'throttled', modelId: MODEL }),
    );
    expect(JSON.stringify(warn.mock.calls)).not.toMatch(/new owner/);
  });
});
