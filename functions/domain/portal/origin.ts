/**
 * Only CloudFront may call the portal API. API Gateway's default execute-api endpoint answers on the
 * internet unless the API has a custom domain, and a request sent there directly would walk around
 * the WAF's per-client limits on the distribution. So CloudFront adds a secret header to every request
 * it sends the API (a value Secrets Manager generates at the first deploy), and the portal function
 * refuses any request that does not carry it, before anything is read.
 */
import { constantTimeEqual } from './links';

/** The header CloudFront adds to the requests it sends the API. */
export const ORIGIN_VERIFY_HEADER = 'x-amicable-origin-verify';

/** The value CloudFront sends: Secrets Manager in AWS. */
export interface OriginSecretPort {
  current(): Promise<string>;
}

/** Who may call the portal API: only CloudFront (AWS), or anyone (the local server on loopback, tests). */
export type PortalCallers = { onlyThrough: 'cloudfront'; secret: () => OriginSecretPort } | 'anyone';

/** Whether a request came through CloudFront: its header holds the secret (compared in constant time). */
export async function cameThroughCloudFront(callers: PortalCallers, headers: Record<string, string | undefined> | undefined) {
  if (callers === 'anyone') return true;
  const presented = headers?.[ORIGIN_VERIFY_HEADER];
  if (!presented) return false;
  const secret = await callers.secret().current();
  return secret.length > 0 && constantTimeEqual(presented, secret);
}
