/**
 * How values appear in a message: amounts in the account's currency and locale, calendar dates,
 * US numbers, plural forms, and the escaping HTML email and SSML voice need. Intl formatters are
 * costly to build and a sweep renders thousands of messages, so each is built once per locale.
 */
const numberFormats = new Map<string, Intl.NumberFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();
const pluralRules = new Map<string, Intl.PluralRules>();

/** A phrase that depends on a count ('other' when the language has no form of its own for one). */
export interface PluralForms {
  one?: string;
  other: string;
}

export function formatAmount(amount: number, currency: string, locale: string): string {
  const key = `${locale}|${currency}`;
  let f = numberFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, { style: 'currency', currency });
    numberFormats.set(key, f);
  }
  return f.format(amount);
}

export function formatDueDate(isoDate: string, locale: string): string {
  let f = dateFormats.get(locale);
  if (!f) {
    // The due date is a calendar date, not an instant: format it in UTC so it never shifts a day.
    f = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' });
    dateFormats.set(locale, f);
  }
  const date = new Date(`${isoDate}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? isoDate : f.format(date);
}

/** +18005550123 -> "+1 800-555-0123"; other numbers are shown as given. */
export function displayPhoneNumber(e164: string): string {
  const m = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(e164);
  return m ? `+1 ${m[1]}-${m[2]}-${m[3]}` : e164;
}

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** SSML is XML: the same five entities. */
export const escapeXml = escapeHtml;

export function pluralForm(forms: PluralForms, count: number, locale: string): string {
  let rules = pluralRules.get(locale);
  if (!rules) {
    rules = new Intl.PluralRules(locale);
    pluralRules.set(locale, rules);
  }
  return (rules.select(count) === 'one' && forms.one) || forms.other;
}
