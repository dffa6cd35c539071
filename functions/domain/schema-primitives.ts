/** zod building blocks every contract shares: ids, money, dates, time zones. */
import * as z from 'zod';
import { isValidTimeZone } from './time-zones';

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
export const isoDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'date as YYYY-MM-DD');
export const isoDateTimeSchema = z.iso.datetime({ offset: true });

export const ianaTimeZoneSchema = z.string().refine(isValidTimeZone, 'an IANA time zone such as America/New_York');
