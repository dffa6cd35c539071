import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { ORIGIN_SECRET_CACHE_MS, SecretsManagerOriginSecret } from '../../functions/adapters/origin-secret';

const client = new SecretsManagerClient({ region: 'us-east-1' });
const mock = mockClient(client);
const ARN = 'arn:aws:secretsmanager:us-east-1:111111111111:secret:PortalOriginSecret-abc123';
let now = Date.parse('2026-12-01T10:00:00Z');
const clock = { now: () => new Date(now) };

beforeEach(() => {
  mock.reset();
  now = Date.parse('2026-12-01T10:00:00Z');
});

describe('the portal origin secret from Secrets Manager', () => {
  it('reads the secret by ARN once, and again only after five minutes (a new value is picked up)', async () => {
    mock.on(GetSecretValueCommand).resolvesOnce({ SecretString: 'first' }).resolves({ SecretString: 'second' });
    const secret = new SecretsManagerOriginSecret(client, ARN, clock);
    expect(await secret.current()).toBe('first');
    now += ORIGIN_SECRET_CACHE_MS - 1;
    expect(await secret.current()).toBe('first');
    expect(mock.commandCalls(GetSecretValueCommand)).toHaveLength(1);
    expect(mock.commandCalls(GetSecretValueCommand)[0].args[0].input).toEqual({ SecretId: ARN });
    now += 1;
    expect(await secret.current()).toBe('second');
    expect(mock.commandCalls(GetSecretValueCommand)).toHaveLength(2);
  });

  it('refuses an empty answer rather than comparing against nothing', async () => {
    mock.on(GetSecretValueCommand).resolves({});
    await expect(new SecretsManagerOriginSecret(client, ARN, clock).current()).rejects.toThrow(/no value/);
  });
});
