/**
 * The portal's origin secret (the value CloudFront adds to every request it sends the API), read from
 * Secrets Manager and kept for a few minutes, so a warm function asks once every five minutes rather
 * than on every request, and a new value is picked up without a redeploy of the function.
 */
import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { Clock } from '../domain/ports';
import type { OriginSecretPort } from '../domain/portal/origin';

/** How long a read value is kept. */
export const ORIGIN_SECRET_CACHE_MS = 5 * 60_000;

export class SecretsManagerOriginSecret implements OriginSecretPort {
  private cached?: { value: string; readAt: number };

  constructor(
    private readonly secretsManager: Pick<SecretsManagerClient, 'send'>,
    private readonly secretArn: string,
    private readonly clock: Clock,
  ) {}

  async current(): Promise<string> {
    const now = this.clock.now().getTime();
    if (this.cached && now - this.cached.readAt < ORIGIN_SECRET_CACHE_MS) return this.cached.value;
    const { SecretString } = await this.secretsManager.send(new GetSecretValueCommand({ SecretId: this.secretArn }));
    if (!SecretString) throw new Error('Secrets Manager returned no value for the portal origin secret');
    this.cached = { value: SecretString, readAt: now };
    return SecretString;
  }
}
