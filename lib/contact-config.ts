/**
 * The stage's `contact` block: who the deployment is for the contact rules (a debt collector, bound by
 * Regulation F, or a first-party creditor), the business name a voicemail speaks, and the country a
 * national phone number is read in. Kept in its own file so the stage config only names the block.
 */
import * as z from 'zod';
import { collectorTypeSchema, DEFAULT_COLLECTOR_TYPE, voicemailBusinessNameSchema } from '../functions/domain/collector';
import { DEFAULT_PHONE_COUNTRY, phoneCountrySchema } from '../functions/domain/phone-countries';
import { ENV } from '../functions/commons/environment';

export const CONTACT_DEFAULTS = { collectorType: DEFAULT_COLLECTOR_TYPE, defaultPhoneCountry: DEFAULT_PHONE_COUNTRY } as const;

export const contactConfigSchema = z.strictObject({
  /** debt-collector (default: Regulation F binds it) or first-party-creditor (only the rules that bind creditors). */
  collectorType: z._default(collectorTypeSchema, CONTACT_DEFAULTS.collectorType),
  /** The name a voicemail speaks when the creditor's own name reveals debt collection (12 CFR 1006.2(j)). */
  voicemailBusinessName: z.optional(voicemailBusinessNameSchema),
  /** The country a phone number without a country code is read in when the customer has no address country. */
  defaultPhoneCountry: z._default(phoneCountrySchema, CONTACT_DEFAULTS.defaultPhoneCountry),
});
export type ContactConfig = z.infer<typeof contactConfigSchema>;

/** The Lambda environment variables that carry the block to the functions. */
export function contactEnvironment(contact: ContactConfig): Record<string, string> {
  return {
    [ENV.collectorType]: contact.collectorType,
    [ENV.defaultPhoneCountry]: contact.defaultPhoneCountry,
    ...(contact.voicemailBusinessName ? { [ENV.voicemailBusinessName]: contact.voicemailBusinessName } : {}),
  };
}
