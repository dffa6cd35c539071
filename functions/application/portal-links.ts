/**
 * Personal portal links: minted for each message that offers them, opened by the portal. A link is a
 * random id in the state table (bound to one account and cycle, expiring) plus a MAC, carried in the URL
 * fragment; a session after the check is a second, short-lived token for the same link.
 */
import { randomBytes } from 'node:crypto';
import { checkToken, signToken, type MacPort } from '../domain/portal/links';
import type { CheckKind } from '../domain/portal/contract';
import type { LockoutPolicy } from '../domain/portal/lockout';
import type { PortalLinkState, StateStore } from '../domain/storage';

export interface PortalSettings {
  mac: MacPort;
  /** Where the portal page is served, e.g. https://d123.cloudfront.net */
  baseUrl: string;
  linkTtlDays: number;
  check: CheckKind;
  /** How wrong answers lock the account's links. @default DEFAULT_LOCKOUT */
  lockout?: LockoutPolicy;
}

/** A session lasts this long after the check. */
export const SESSION_MINUTES = 30;

const DAY_MS = 86_400_000;

export async function mintLink(
  portal: PortalSettings,
  state: StateStore,
  ref: { accountId: string; cycleId: string },
  now: Date,
): Promise<string> {
  const linkId = randomBytes(12).toString('base64url');
  const expiresAt = Math.floor((now.getTime() + portal.linkTtlDays * DAY_MS) / 1000);
  await state.createLink({ linkId, ...ref, createdAt: now.toISOString(), expiresAt: new Date(expiresAt * 1000).toISOString() });
  const token = await signToken(portal.mac, 'link', linkId, expiresAt);
  return `${portal.baseUrl.replace(/\/+$/, '')}/#t=${token}`;
}

export type Opened = { ok: true; link: PortalLinkState } | { ok: false; problem: 'invalid' | 'expired' };

/** The link or session a token names, when its MAC is valid, it has not expired and the link exists. */
export async function openToken(
  portal: PortalSettings,
  state: StateStore,
  token: string,
  kind: 'link' | 'session',
  now: Date,
): Promise<Opened> {
  const checked = await checkToken(portal.mac, token, kind, now);
  if (!checked.ok) return checked;
  const link = await state.getLink(checked.linkId);
  if (!link) return { ok: false, problem: 'invalid' };
  if (Date.parse(link.expiresAt) <= now.getTime()) return { ok: false, problem: 'expired' };
  return { ok: true, link };
}

export async function startSession(portal: PortalSettings, linkId: string, now: Date): Promise<{ session: string; expiresAt: string }> {
  const expiresAt = Math.floor(now.getTime() / 1000) + SESSION_MINUTES * 60;
  return { session: await signToken(portal.mac, 'session', linkId, expiresAt), expiresAt: new Date(expiresAt * 1000).toISOString() };
}
