/**
 * Portal links and sessions as tokens: `<linkId>.<expiry>.<mac>` (a session: `s.<linkId>.<expiry>.<mac>`).
 * The link id is random and maps to one account and cycle in the state table; the expiry is base-36
 * epoch seconds; the MAC (HMAC-SHA-256 under a KMS HMAC key, truncated to 128 bits) covers the kind,
 * the id and the expiry, so a tampered or invented token is refused before anything is looked up. No
 * personal data is in a token.
 */

/** Computes HMAC-SHA-256 of a message: KMS GenerateMac in AWS, node:crypto locally. Base64url. */
export interface MacPort {
  mac(message: string): Promise<string>;
}

export type TokenKind = 'link' | 'session';

export interface TokenParts {
  kind: TokenKind;
  linkId: string;
  /** Epoch seconds. */
  expiresAt: number;
  mac: string;
}

/** 128 bits of MAC, base64url: 22 characters. */
const MAC_CHARS = 22;
const ID = /^[A-Za-z0-9_-]{16,32}$/;
const EXPIRY = /^[0-9a-z]{1,10}$/;

const signedPart = (kind: TokenKind, linkId: string, expiresAt: number) => `amicable-portal|${kind}|${linkId}|${expiresAt}`;

export async function signToken(mac: MacPort, kind: TokenKind, linkId: string, expiresAt: number): Promise<string> {
  const tag = (await mac.mac(signedPart(kind, linkId, expiresAt))).slice(0, MAC_CHARS);
  const body = `${linkId}.${expiresAt.toString(36)}.${tag}`;
  return kind === 'session' ? `s.${body}` : body;
}

/** The token's parts when it is well-formed (the MAC is not checked here). */
export function parseToken(token: string): TokenParts | undefined {
  const parts = token.trim().split('.');
  const kind: TokenKind = parts.length === 4 && parts[0] === 's' ? 'session' : 'link';
  const [linkId, expiry, tag] = kind === 'session' ? parts.slice(1) : parts;
  if (parts.length !== (kind === 'session' ? 4 : 3) || !ID.test(linkId) || !EXPIRY.test(expiry) || tag.length !== MAC_CHARS)
    return undefined;
  return { kind, linkId, expiresAt: parseInt(expiry, 36), mac: tag };
}

/** Compares without an early exit, so the time taken says nothing about how much of a MAC matched. */
export function constantTimeEqual(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < Math.max(a.length, b.length); i++) diff |= (a.charCodeAt(i) || 0) ^ (b.charCodeAt(i) || 0);
  return diff === 0;
}

export type TokenCheck = { ok: true; linkId: string; expiresAt: number } | { ok: false; problem: 'invalid' | 'expired' };

/** A token of the expected kind with a valid MAC, not yet expired at `now`. */
export async function checkToken(mac: MacPort, token: string, kind: TokenKind, now: Date): Promise<TokenCheck> {
  const parts = parseToken(token);
  if (!parts || parts.kind !== kind) return { ok: false, problem: 'invalid' };
  const expected = (await mac.mac(signedPart(kind, parts.linkId, parts.expiresAt))).slice(0, MAC_CHARS);
  if (!constantTimeEqual(expected, parts.mac)) return { ok: false, problem: 'invalid' };
  if (parts.expiresAt * 1000 <= now.getTime()) return { ok: false, problem: 'expired' };
  return { ok: true, linkId: parts.linkId, expiresAt: parts.expiresAt };
}
