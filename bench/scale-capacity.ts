/** The deployment the scale model stands for, and one shard identity's share of it (bench/scale.ts). */
import { capacityConfigSchema, type CapacityConfig } from '../functions/domain/pacing/capacity';

/** The deployment's identities at the target size (each divisible by the scale ratio times the shards). */
const DEPLOYMENT_CAPACITY = { smsPartsPerSecond: 200, voiceCallsPerSecond: 40, emailPerSecond: 200 };

/** One shard identity's capacity: the deployment's divided by the ratio and the shards, refused when that is not whole. */
export function shardCapacityFor(ratio: number, shards: number): CapacityConfig {
  const scaled = (n: number, what: string) => {
    const v = n / ratio / shards;
    if (!Number.isInteger(v) || v < 1)
      throw new Error(`${what} ${n}/s does not divide by the ratio ${ratio} times ${shards} shards: choose accounts and shards so it does`);
    return v;
  };
  return capacityConfigSchema.parse({
    sms: { partsPerSecond: scaled(DEPLOYMENT_CAPACITY.smsPartsPerSecond, 'SMS') },
    voice: { callsPerSecond: scaled(DEPLOYMENT_CAPACITY.voiceCallsPerSecond, 'voice') },
    email: { messagesPerSecond: scaled(DEPLOYMENT_CAPACITY.emailPerSecond, 'email') },
  });
}
