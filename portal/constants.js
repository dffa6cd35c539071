// The page's fixed choices. Those the portal contract also defines are typed against it (tsc checkJs
// through tsconfig.portal.json) and compared with it in test/domain/portal/page-contract.test.ts, so a
// contract change the page does not follow fails npm test.

/** @typedef {import('../functions/domain/portal/contract').PageLanguage} PageLanguage */
/** @typedef {import('../functions/domain/portal/contract').Channel} Channel */
/** @typedef {import('../functions/domain/portal/contract').DisputeReason} DisputeReason */
/** @typedef {import('../functions/domain/portal/contract').HardshipDriver} HardshipDriver */
/** @typedef {import('../functions/domain/portal/contract').CheckKind} CheckKind */

/** @type {Record<PageLanguage, string>} */
export const LOCALES = { en: 'en-US', es: 'es-US' };
/** @type {readonly Channel[]} */
export const CHANNELS = ['sms', 'email', 'voice'];
/** @type {readonly DisputeReason[]} */
export const REASONS = ['not-mine', 'wrong-amount', 'already-paid', 'other'];
/**
 * The identity checks the page can ask, and the questions each one puts (postal, phone, dob: their
 * texts are check.<question>.* in i18n).
 * @type {Readonly<Record<CheckKind, ReadonlyArray<'postal' | 'phone' | 'dob'>>>}
 */
export const CHECKS = {
  'postal-code': ['postal'],
  'phone-last4': ['phone'],
  'postal-code+phone-last4': ['postal', 'phone'],
  'date-of-birth': ['dob'],
};
/** @type {readonly HardshipDriver[]} */
export const DRIVERS = ['health', 'life-events', 'resilience', 'capability'];
/** The zones offered first in preferences (the customer's own is added when it is elsewhere). */
export const ZONES = [
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Phoenix',
  'America/Los_Angeles',
  'America/Anchorage',
  'Pacific/Honolulu',
  'America/Puerto_Rico',
  'Europe/London',
];
export const DAY_MS = 86_400_000;
