/**
 * The MAC behind portal links: HMAC-SHA-256 under a KMS HMAC_256 key in AWS (the key never leaves
 * KMS), or under a key held in memory locally and in tests. Both return the same base64url text.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { GenerateMacCommand, type KMSClient } from '@aws-sdk/client-kms';
import type { MacPort } from '../domain/portal/links';

export class KmsMac implements MacPort {
  constructor(
    private readonly kms: Pick<KMSClient, 'send'>,
    private readonly keyId: string,
  ) {}

  async mac(message: string): Promise<string> {
    const { Mac } = await this.kms.send(
      new GenerateMacCommand({ KeyId: this.keyId, MacAlgorithm: 'HMAC_SHA_256', Message: new TextEncoder().encode(message) }),
    );
    if (!Mac) throw new Error('KMS GenerateMac returned no MAC');
    return Buffer.from(Mac).toString('base64url');
  }
}

/** HMAC-SHA-256 with a local key (a random one per process unless given). */
export class HmacMac implements MacPort {
  private readonly key: Buffer;
  constructor(key?: Buffer | string) {
    this.key = key === undefined ? randomBytes(32) : Buffer.from(key);
  }
  async mac(message: string): Promise<string> {
    return createHmac('sha256', this.key).update(message).digest('base64url');
  }
}
