/** zod building blocks every contract shares: ids, money, dates, time zones, the contract version. */
import * as z from './zod';
import { isValidTimeZone } from './zone-clock';
import { CHANNELS } from './types';

export const channelSchema = z.enum(CHANNELS);

export const idSchema = z
  .string()
  .check(z.minLength(1), z.maxLength(64), z.regex(/^[A-Za-z0-9._-]+$/, 'use letters, digits, dot, underscore or hyphen'));

/** A positive amount in major units, at most two decimal places. */
export const moneySchema = z.number().check(
  z.positive(),
  z.lte(1e9),
  z.refine((v) => Math.abs(v * 100 - Math.round(v * 100)) < 1e-6, 'at most two decimal places'),
);

export const currencySchema = z.string().check(z.regex(/^[A-Z]{3}$/, 'ISO 4217 code such as USD'));
/** A calendar date that exists (2026-02-29 and 2026-13-45 are refused, 2028-02-29 is accepted). */
export const isoDateSchema = z.iso.date('a calendar date as YYYY-MM-DD');
/** An instant with its offset, on a calendar date that exists. */
export const isoDateTimeSchema = z.iso.datetime({ offset: true });

export const ianaTimeZoneSchema = z
  .string()
  .check(z.maxLength(64), z.refine(isValidTimeZone, 'an IANA time zone such as America/New_York'));

/** Free text a person or system writes (a reason, a summary): bounded so no event can carry a novel. */
export const shortTextSchema = z.string().check(z.minLength(1), z.maxLength(500));

/**
 * The contract version this build understands. Additive-change policy (README "Contract versions"): an
 * event without schemaVersion, or with this one, is checked strictly (an unknown field rejects it); an
 * event that declares a newer version may carry fields this build does not know yet: those are ignored
 * and listed, every field it does know is still checked.
 */
export const CONTRACT_SCHEMA_VERSION = 1;
export const schemaVersionSchema = z.optional(z.number().check(z.int(), z.gte(1), z.lte(1000)));
