import {
  AccessDeniedException,
  BedrockRuntimeClient,
  ConverseCommand,
  ModelTimeoutException,
  ResourceNotFoundException,
  ServiceUnavailableException,
  ThrottlingException,
  ValidationException,
  type ConverseCommandOutput,
} from '@aws-sdk/client-bedrock-runtime';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import * as z from 'zod';
import {
  ANSWER_JSON_SCHEMA,
  answerSchema,
  BedrockReplyInterpreter,
  INTENT_MEANINGS,
  INTENT_TOOL,
} from '../../functions/adapters/bedrock-reply-interpreter';
import { REPLY_INTENTS } from '../../functions/domain/conversations/reply-phrases';

const MODEL = 'anthropic.claude-3-haiku-20240307-v1:0';
const client = new BedrockRuntimeClient({ region: 'us-east-1' });
const bedrock = mockClient(client);
const interpreter = new BedrockReplyInterpreter(client, { modelId: MODEL, timeoutMs: 200 });

/** A Converse answer shaped like Bedrock's: the assistant message with one toolUse block, stopReason tool_use. */
function toolAnswer(input: unknown, overrides: Partial<ConverseCommandOutput> = {}): ConverseCommandOutput {
  return {
    $metadata: { httpStatusCode: 200 },
    output: {
      message: { role: 'assistant', content: [{ toolUse: { toolUseId: 'tooluse_abc123', name: INTENT_TOOL, input: input as never } }] },
    },
    stopReason: 'tool_use',
    usage: { inputTokens: 812, outputTokens: 41, totalTokens: 853 },
    metrics: { latencyMs: 420 },
    ...overrides,
  };
}

const sdkError = <T>(Exception: new (opts: { message: string; $metadata: object }) => T, message: string) =>
  new Exception({ message, $metadata: { httpStatusCode: 400 } });

beforeEach(() => bedrock.reset());

describe('the Bedrock reply interpreter: the request', () => {
  it('sends only the reply text, with the intent tool forced through toolChoice and a deterministic temperature', async () => {
    bedrock.on(ConverseCommand).resolves(toolAnswer({ intent: 'stop' }));
    await interpreter.interpret('pls no more msgs to this phone');
    const [call] = bedrock.commandCalls(ConverseCommand);
    const input = call.args[0].input;
    expect(input.modelId).toBe(MODEL);
    expect(input.messages).toEqual([{ role: 'user', content: [{ text: 'pls no more msgs to this phone' }] }]);
    expect(input.toolConfig?.toolChoice).toEqual({ tool: { name: INTENT_TOOL } });
    expect(input.toolConfig?.tools?.[0].toolSpec?.inputSchema).toEqual({ json: ANSWER_JSON_SCHEMA });
    expect(input.inferenceConfig).toEqual({ maxTokens: 64, temperature: 0 });
    expect((call.args as unknown[])[1]).toMatchObject({ abortSignal: expect.any(AbortSignal) });
  });

  it('cuts a reply longer than an SMS can be (1,600 characters)', async () => {
    bedrock.on(ConverseCommand).resolves(toolAnswer({ intent: 'other' }));
    await interpreter.interpret('a'.repeat(5000));
    expect(bedrock.commandCalls(ConverseCommand)[0].args[0].input.messages?.[0].content?.[0].text).toHaveLength(1600);
  });

  it('declares the same answer to the model as it validates (the JSON schema is the zod schema)', () => {
    expect({ $schema: 'https://json-schema.org/draft/2020-12/schema', ...ANSWER_JSON_SCHEMA }).toEqual(z.toJSONSchema(answerSchema));
  });

  it('describes every reply intent to the model (a new intent must be described to be offered)', () => {
    expect(REPLY_INTENTS.filter((intent) => INTENT_MEANINGS[intent] === undefined)).toEqual([]);
  });
});

describe('the Bedrock reply interpreter: the answer', () => {
  it('returns the intent the model recorded with the tool', async () => {
    bedrock.on(ConverseCommand).resolves(toolAnswer({ intent: 'wrong-number' }));
    expect(await interpreter.interpret('u got the wrong guy')).toEqual({ ok: true, intent: 'wrong-number' });
  });

  it.each([
    ['an intent that does not exist', toolAnswer({ intent: 'cancel-everything' })],
    ['an extra field beside the intent', toolAnswer({ intent: 'stop', confidence: 0.9 })],
    ['no intent', toolAnswer({})],
    ['text instead of the tool (stopReason end_turn)', { ...toolAnswer({ intent: 'stop' }), stopReason: 'end_turn' as const }],
    ['an answer cut by the token limit', toolAnswer({ intent: 'stop' }, { stopReason: 'max_tokens' })],
    ['a guardrail or filter stepping in', toolAnswer({ intent: 'stop' }, { stopReason: 'content_filtered' })],
    [
      'another tool name',
      toolAnswer(undefined, {
        output: {
          message: { role: 'assistant', content: [{ toolUse: { toolUseId: 't', name: 'other_tool', input: { intent: 'stop' } } }] },
        },
      }),
    ],
    ['no message at all', toolAnswer(undefined, { output: undefined })],
  ])('refuses %s as malformed output', async (_case, output) => {
    bedrock.on(ConverseCommand).resolves(output);
    expect(await interpreter.interpret('whatever')).toEqual({ ok: false, failure: 'malformed-output' });
  });
});

describe('the Bedrock reply interpreter: failures come back, never thrown', () => {
  it.each([
    ['ThrottlingException', sdkError(ThrottlingException, 'Too many requests, please wait before trying again.'), 'throttled'],
    ['ValidationException', sdkError(ValidationException, 'The provided model identifier is invalid.'), 'invalid-request'],
    ['ResourceNotFoundException', sdkError(ResourceNotFoundException, 'Model not found.'), 'invalid-request'],
    [
      'AccessDeniedException',
      sdkError(AccessDeniedException, "You don't have access to the model with the specified model ID."),
      'access-denied',
    ],
    ['ModelTimeoutException', sdkError(ModelTimeoutException, 'Model has timed out in processing the request.'), 'timeout'],
    ['ServiceUnavailableException', sdkError(ServiceUnavailableException, 'Service unavailable.'), 'unavailable'],
    ['a network error', new Error('socket hang up'), 'unavailable'],
  ])('%s', async (_name, error, failure) => {
    bedrock.on(ConverseCommand).rejects(error);
    expect(await interpreter.interpret('hmm')).toEqual({ ok: false, failure });
  });

  it('gives up after the time limit and aborts the request', async () => {
    let signal: AbortSignal | undefined;
    bedrock.on(ConverseCommand).callsFake(() => new Promise((resolve) => setTimeout(() => resolve(toolAnswer({ intent: 'stop' })), 2000)));
    const slow = new BedrockReplyInterpreter(
      {
        send: (command: ConverseCommand, options?: { abortSignal?: AbortSignal }) => {
          signal = options?.abortSignal;
          return client.send(command);
        },
      } as unknown as BedrockRuntimeClient,
      { modelId: MODEL, timeoutMs: 50 },
    );
    const started = Date.now();
    expect(await slow.interpret('hmm')).toEqual({ ok: false, failure: 'timeout' });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(signal?.aborted).toBe(true);
  });
});
