/**
 * No personal data in X-Ray: with tracing on, a handler's result is never added to its trace, and an
 * error (whose message may quote account data) is only flagged when the functions' environment says so.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { localLambdaContext } from '../../local/lambda-context';

/** A stand-in X-Ray segment that records what would be sent. */
function recordingSegment() {
  const sent: unknown[] = [];
  const subsegment = {
    addAnnotation: (k: string, v: unknown) => sent.push(['annotation', k, v]),
    addMetadata: (k: string, v: unknown) => sent.push(['metadata', k, v]),
    addError: (e: unknown) => sent.push(['error', String(e)]),
    addErrorFlag: () => sent.push(['error-flag']),
    close: () => undefined,
    flush: () => undefined,
    isClosed: () => false,
  };
  return {
    sent,
    segment: {
      ...subsegment,
      addNewSubsegment: (name: string) => {
        sent.push(['subsegment', name]);
        return subsegment;
      },
    },
  };
}

async function tracedHandler(env: Record<string, string>) {
  vi.resetModules();
  for (const [k, v] of Object.entries(env)) vi.stubEnv(k, v);
  const { tracer } = await import('../../functions/commons/powertools');
  const { withPowertools } = await import('../../functions/commons/middleware');
  const { sent, segment } = recordingSegment();
  vi.spyOn(tracer, 'isTracingEnabled').mockReturnValue(true);
  vi.spyOn(tracer, 'getSegment').mockReturnValue(segment as never);
  vi.spyOn(tracer, 'setSegment').mockImplementation(() => undefined);
  // Metadata and annotations go through the X-Ray provider to the current segment: recorded here.
  vi.spyOn(tracer, 'putMetadata').mockImplementation((key, value) => void sent.push(['metadata', key, value]));
  vi.spyOn(tracer, 'putAnnotation').mockImplementation((key, value) => void sent.push(['annotation', key, value]));
  return { sent, withPowertools };
}

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe('tracing keeps personal data out of X-Ray', () => {
  it('never records what a handler returns', async () => {
    const { sent, withPowertools } = await tracedHandler({});
    const handler = withPowertools(async () => ({ firstName: 'Ana', balance: 300, session: 's.secret-session' }));
    expect(await handler({}, localLambdaContext('amicable-portal'))).toMatchObject({ firstName: 'Ana' });
    expect(sent).toContainEqual(['subsegment', expect.stringMatching(/^## /)]); // traced, without the result
    expect(JSON.stringify(sent)).not.toMatch(/Ana|300|secret-session/);
  });

  it('only flags an error when POWERTOOLS_TRACER_CAPTURE_ERROR is false, as every deployed function has it', async () => {
    const { sent, withPowertools } = await tracedHandler({ POWERTOOLS_TRACER_CAPTURE_ERROR: 'false' });
    const handler = withPowertools(async () => {
      throw new Error('account of Ana Lopez at 98101 could not be read');
    });
    await expect(handler({}, localLambdaContext('amicable-portal'))).rejects.toThrow(/Ana/);
    expect(sent).toContainEqual(['error-flag']);
    expect(JSON.stringify(sent)).not.toMatch(/Ana|98101/);
  });
});
