/** zod building blocks every contract shares: ids, money, dates, time zones, the contract version. */
import * as z from 'zod';
import { isValidTimeZone } from './time-zones';
import { CHANNELS } from './types';

export const channelSchema = z.enum(CHANNELS);

export const idSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9._-]+$/, 'use letters, digits, dot, underscore or hyphen');

/** A positive amount in major units, at most two decimal places. */
export const moneySchema = z
  .number()
  .positive()
  .max(1e9)
  .refine((v) => Math.abs(v * 100 - Math.round(v * 100)) < 1e-6, 'at most two decimal places');

export const currencySchema = z.string().regex(/^[A-Z]{3}$/, 'ISO 4217 code such as USD');
/** A calendar date that exists (2026-02-29 and 2026-13-45 are refused, 2028-02-29 is accepted). */
export const isoDateSchema = z.iso.date('a calendar date as YYYY-MM-DD');
/** An instant with its offset, on a calendar date that exists. */
export const isoDateTimeSchema = z.iso.datetime({ offset: true });

export const ianaTimeZoneSchema = z.string().max(64).refine(isValidTimeZone, 'an IANA time zone such as America/New_York');

/** Free text a person or system writes (a reason, a summary): bounded so no event can carry a novel. */
export const shortTextSchema = z.string().min(1).max(500);

/**
 * The contract version this build understands. Additive-change policy (README "Contract versions"): an
 * event without schemaVersion, or with this one, is checked strictly (an unknown field rejects it); an
 * event that declares a newer version may carry fields this build does not know yet: those are ignored
 * and listed, every field it does know is still checked.
 */
export const CONTRACT_SCHEMA_VERSION = 1;
export const schemaVersionSchema = z.number().int().min(1).max(1000).optional();
