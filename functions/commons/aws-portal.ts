/**
 * The self-service portal in AWS: its settings (link key, base URL, identity check, lockout), wired into
 * the functions that send messages (which then carry a signed link) and the portal function; the guard
 * that counts wrong answers to the check; and who may call the portal function. The other bundles carry
 * none of them.
 */
import { KMSClient } from '@aws-sdk/client-kms';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import * as z from '../domain/zod';
import { addTransformIssue, describeIssues } from '../domain/zod-issues';
import type { PortalSettings } from '../application/portal-links';
import { SecretsManagerOriginSecret } from '../adapters/origin-secret';
import type { PortalCallers } from '../domain/portal/origin';
import { KmsMac } from '../adapters/link-mac';
import { CHECK_KINDS } from '../domain/portal/contract';
import { CheckGuardStore } from '../adapters/check-guard-store';
import type { CheckGuard } from '../domain/storage';
import { DEFAULT_LOCKOUT, lockoutPolicySchema, type LockoutPolicy } from '../domain/portal/lockout';
import { lazy, readEnvironment, required } from './configuration';
import { systemClock } from './dependencies';
import { perCore, type AwsCore, type Environment } from './aws-core';
import { ENV } from './environment';

const portalEnvSchema = z.object({
  [ENV.portalLinkKeyId]: required(ENV.portalLinkKeyId),
  [ENV.portalBaseUrl]: z
    .url({ error: `${ENV.portalBaseUrl} must be an https URL` })
    .check(z.refine((u) => u.startsWith('https://'), `${ENV.portalBaseUrl} must be an https URL`)),
  [ENV.portalCheck]: z._default(
    z.enum(CHECK_KINDS, { error: `${ENV.portalCheck} must be one of ${CHECK_KINDS.join(', ')}` }),
    'postal-code',
  ),
  [ENV.portalLinkTtlDays]: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(90)), 14),
  [ENV.portalLockout]: z.pipe(
    z.optional(z.string()),
    z.transform((text, ctx) => (text === undefined ? undefined : lockoutFromJson(text, ctx))),
  ),
});

/** PORTAL_LOCKOUT: a LockoutPolicy as JSON, checked like the stage config that wrote it. */
function lockoutFromJson(text: string, ctx: z.core.ParsePayload): LockoutPolicy {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    addTransformIssue(ctx, `${ENV.portalLockout} is not JSON`);
    return z.NEVER;
  }
  const parsed = lockoutPolicySchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  for (const problem of describeIssues(parsed.error)) addTransformIssue(ctx, `${ENV.portalLockout}: ${problem}`);
  return z.NEVER;
}

/** The portal settings when the function is given the portal's key (the senders and the portal function). */
export const awsPortal = perCore((core: AwsCore): PortalSettings | undefined => {
  if (!core.env[ENV.portalLinkKeyId]) return undefined;
  const parsed = readEnvironment(portalEnvSchema, 'portal', core.env);
  const kms = lazy(() => new KMSClient({}));
  return {
    mac: new KmsMac({ send: (command) => kms().send(command) }, parsed[ENV.portalLinkKeyId]),
    baseUrl: parsed[ENV.portalBaseUrl],
    check: parsed[ENV.portalCheck],
    linkTtlDays: parsed[ENV.portalLinkTtlDays],
    ...(parsed[ENV.portalLockout] ? { lockout: parsed[ENV.portalLockout] } : {}),
  };
});

/** The lockout counts, under the portal's policy (the default without the portal or its PORTAL_LOCKOUT). */
export const awsGuard = (core: AwsCore): CheckGuard =>
  new CheckGuardStore(core.doc, core.stateTable, awsPortal(core)?.lockout ?? DEFAULT_LOCKOUT);

/**
 * Who may call the portal function in AWS: only CloudFront, which adds the secret named by
 * PORTAL_ORIGIN_SECRET_ARN. Read on the first request; without the variable every request fails (the
 * function never answers a caller it cannot tell from CloudFront).
 */
export function portalCallersFromEnvironment(env: Environment = process.env): PortalCallers {
  const secret = lazy(() => {
    const parsed = readEnvironment(z.object({ [ENV.portalOriginSecretArn]: required(ENV.portalOriginSecretArn) }), 'portal origin', env);
    return new SecretsManagerOriginSecret(new SecretsManagerClient({}), parsed[ENV.portalOriginSecretArn], systemClock);
  });
  return { onlyThrough: 'cloudfront', secret };
}
