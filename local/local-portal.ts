/**
 * The portal locally: links signed with a fixed development key (never used in AWS, where the key is a
 * KMS HMAC key), so a link printed by one run opens in the portal served by the same command. Settings
 * made here can be rebuilt on another thread (a sharded run) from plain data; any other portal cannot.
 */
import type { PortalSettings } from '../functions/application/portal-links';
import { HmacMac } from '../functions/adapters/link-mac';

/** Where `amicable run --portal` serves the portal; links in local messages point here. */
export const LOCAL_PORTAL_PORT = 8787;

const LOCAL_DEVELOPMENT_KEY = 'amicable-local-development-only';

/** Portal settings made by localPortal (their key is the development key, so they can be rebuilt). */
const madeHere = new WeakSet<PortalSettings>();

export function localPortal(port = LOCAL_PORTAL_PORT): PortalSettings {
  const portal: PortalSettings = {
    mac: new HmacMac(LOCAL_DEVELOPMENT_KEY),
    baseUrl: `http://127.0.0.1:${port}`,
    linkTtlDays: 14,
    check: 'postal-code',
  };
  madeHere.add(portal);
  return portal;
}

/** The portal as plain data, when it is a local one (else undefined: its key cannot leave this thread). */
export type LocalPortalData = Omit<PortalSettings, 'mac'>;

export function localPortalData(portal: PortalSettings): LocalPortalData | undefined {
  if (!madeHere.has(portal)) return undefined;
  return {
    baseUrl: portal.baseUrl,
    linkTtlDays: portal.linkTtlDays,
    check: portal.check,
    ...(portal.lockout ? { lockout: portal.lockout } : {}),
  };
}

export function portalFromData(data: LocalPortalData): PortalSettings {
  const portal = { ...data, mac: new HmacMac(LOCAL_DEVELOPMENT_KEY) };
  madeHere.add(portal);
  return portal;
}
