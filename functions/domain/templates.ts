/**
 * Message rendering: one template id, three channels, two languages. Wording lives in
 * templates/messages.<lang>.json so CX and compliance can read and change it; layout, escaping and the
 * opt-out lines live here so no template can forget them.
 */
import * as z from 'zod';
import enCatalog from '../../templates/messages.en.json';
import esCatalog from '../../templates/messages.es.json';
import { describeIssues } from './events';
import type { Account, Channel, Language } from './types';

const catalogSchema = z.object({
  language: z.string(),
  locale: z.string(),
  common: z.object({
    smsOptOut: z.string().min(1),
    emailOptOut: z.string().min(1),
    emailSender: z.string().min(1),
    payLinkLabel: z.string().min(1),
  }),
  templates: z.record(
    z.string(),
    z.object({
      sms: z.string().min(1),
      email: z.object({ subject: z.string().min(1), paragraphs: z.array(z.string().min(1)).min(1) }),
      // Voice content stays minimal (limited-content voicemail, 12 CFR 1006.2(j)): no amounts, no debt.
      voice: z.array(z.string().min(1)).min(1),
    }),
  ),
});
type Catalog = z.infer<typeof catalogSchema>;
type MessageTemplate = Catalog['templates'][string];

function loadCatalog(name: string, json: unknown): Catalog {
  const result = catalogSchema.safeParse(json);
  if (!result.success) throw new Error(`invalid template catalog ${name}: ${describeIssues(result.error).join('; ')}`);
  return result.data;
}

const CATALOGS: Record<Language, Catalog> = {
  en: loadCatalog('messages.en.json', enCatalog),
  es: loadCatalog('messages.es.json', esCatalog),
};

/** Every template id a playbook may name (English is the complete set). */
export const TEMPLATE_IDS: readonly string[] = Object.keys(CATALOGS.en.templates);

export const TEMPLATE_VARIABLES = ['firstName', 'amount', 'creditorName', 'dueDate', 'paymentUrl', 'helpPhoneNumber'] as const;
type Variable = (typeof TEMPLATE_VARIABLES)[number];

export interface RenderedMessage {
  text: string;
  subject?: string;
  html?: string;
  ssml?: string;
}

export interface RenderInput {
  template: string;
  channel: Channel;
  account: Account;
  links: { paymentUrl: string; helpPhoneNumber: string };
}

// Intl formatters are costly to build; a sweep renders thousands of messages.
const numberFormats = new Map<string, Intl.NumberFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();

function formatAmount(amount: number, currency: string, locale: string): string {
  const key = `${locale}|${currency}`;
  let f = numberFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, { style: 'currency', currency });
    numberFormats.set(key, f);
  }
  return f.format(amount);
}

function formatDueDate(isoDate: string, locale: string): string {
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

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}
// SSML is XML: the same five entities.
const escapeXml = escapeHtml;

const TOKEN = /\{\{\s*([A-Za-z]+)\s*\}\}/g;

/** Replaces {{variables}}; an unknown variable is a template bug and throws rather than leaking braces. */
function fill(text: string, templateId: string, value: (v: Variable) => string, escape: (s: string) => string): string {
  let out = '';
  let last = 0;
  for (const m of text.matchAll(TOKEN)) {
    const name = m[1] as Variable;
    if (!TEMPLATE_VARIABLES.includes(name)) {
      throw new Error(`template "${templateId}" uses unknown variable {{${m[1]}}}; known: ${TEMPLATE_VARIABLES.join(', ')}`);
    }
    out += escape(text.slice(last, m.index)) + value(name);
    last = m.index + m[0].length;
  }
  return out + escape(text.slice(last));
}

function languageOf(account: Account): Language {
  const lang = account.customer.language;
  return lang && lang in CATALOGS ? lang : 'en';
}

function resolveTemplate(templateId: string, language: Language): { catalog: Catalog; template: MessageTemplate } {
  const own = CATALOGS[language];
  const template = own.templates[templateId];
  if (template) return { catalog: own, template };
  // A translation not written yet: English is better than nothing.
  const fallback = CATALOGS.en.templates[templateId];
  if (fallback) return { catalog: CATALOGS.en, template: fallback };
  throw new Error(`unknown message template "${templateId}"; known templates: ${TEMPLATE_IDS.join(', ')}`);
}

/** Renders a template for a channel in the customer's language. */
export function renderMessage(input: RenderInput): RenderedMessage {
  const { account, links, channel } = input;
  const { catalog, template } = resolveTemplate(input.template, languageOf(account));
  const phone = displayPhoneNumber(links.helpPhoneNumber);
  const raw: Record<Variable, string> = {
    firstName: account.customer.firstName,
    amount: formatAmount(account.balance, account.currency, catalog.locale),
    creditorName: account.creditorName,
    dueDate: formatDueDate(account.dueDate, catalog.locale),
    paymentUrl: links.paymentUrl,
    helpPhoneNumber: phone,
  };
  const plain = (text: string) => fill(text, input.template, (v) => raw[v], (s) => s);

  switch (channel) {
    case 'sms':
      return { text: `${plain(template.sms)} ${catalog.common.smsOptOut}` };
    case 'email':
      return renderEmail(input.template, template.email, catalog, raw, links, plain);
    case 'voice': {
      const ssmlValue = (v: Variable) =>
        v === 'helpPhoneNumber'
          ? `<say-as interpret-as="telephone">${escapeXml(phone)}</say-as>`
          : escapeXml(raw[v]);
      const ssmlParagraphs = template.voice.map((p) => `<p>${fill(p, input.template, ssmlValue, escapeXml)}</p>`);
      return {
        text: template.voice.map(plain).join(' '),
        ssml: `<speak>${ssmlParagraphs.join('<break time="400ms"/>')}</speak>`,
      };
    }
  }
}

function renderEmail(
  templateId: string,
  email: MessageTemplate['email'],
  catalog: Catalog,
  raw: Record<Variable, string>,
  links: RenderInput['links'],
  plain: (text: string) => string,
): RenderedMessage {
  const subject = plain(email.subject);
  const footer = [plain(catalog.common.emailSender), catalog.common.emailOptOut];
  const text = [...email.paragraphs.map(plain), '--', ...footer].join('\n\n');

  const htmlValue = (v: Variable) => {
    if (v === 'paymentUrl') return `<a href="${escapeHtml(links.paymentUrl)}">${escapeHtml(links.paymentUrl)}</a>`;
    if (v === 'helpPhoneNumber') return `<a href="tel:${escapeHtml(links.helpPhoneNumber)}">${escapeHtml(raw.helpPhoneNumber)}</a>`;
    return escapeHtml(raw[v]);
  };
  const paragraph = (p: string) =>
    `<p style="margin:0 0 16px">${fill(p, templateId, htmlValue, escapeHtml).replace(/\n/g, '<br>')}</p>`;
  const button =
    `<p style="margin:24px 0"><a href="${escapeHtml(links.paymentUrl)}" ` +
    `style="display:inline-block;padding:12px 20px;background:#1d4ed8;color:#ffffff;text-decoration:none;border-radius:6px;font-weight:bold">` +
    `${escapeHtml(catalog.common.payLinkLabel)}</a></p>`;
  const html = [
    '<!doctype html>',
    `<html lang="${escapeHtml(catalog.language)}">`,
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(subject)}</title></head>`,
    '<body style="margin:0;padding:0;background:#f4f5f7">',
    `<div role="article" aria-label="${escapeHtml(subject)}" lang="${escapeHtml(catalog.language)}" ` +
      'style="max-width:560px;margin:0 auto;padding:24px;background:#ffffff;color:#1f2933;font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5">',
    ...email.paragraphs.map(paragraph),
    button,
    '<hr style="border:none;border-top:1px solid #d9dde3;margin:24px 0">',
    ...footer.map((f) => `<p style="margin:0 0 8px;font-size:14px;color:#52606d">${escapeHtml(f)}</p>`),
    '</div></body></html>',
  ].join('\n');
  return { subject, text, html };
}
