/**
 * Message rendering: one template id, three channels, two languages. Wording lives in
 * templates/messages.<lang>.json so CX and compliance can read and change it; layout, escaping and the
 * opt-out lines live here so no template can forget them.
 */
import * as z from './zod';
import enCatalog from '../../templates/messages.en.json';
import esCatalog from '../../templates/messages.es.json';
import { voicemailName } from './collector';
import { describeIssues } from './zod-issues';
import type { Account, Channel, Language } from './types';
import { displayPhoneNumber, escapeHtml, escapeXml, formatAmount, formatDueDate, pluralForm } from './template-format';

/** A phrase that depends on a count: Intl.PluralRules picks the form ('other' when the language has no own form). */
const pluralSchema = z.strictObject({
  one: z.optional(z.string().check(z.minLength(1))),
  other: z.string().check(z.minLength(1)),
});

const catalogSchema = z.strictObject({
  language: z.string(),
  locale: z.string(),
  common: z.strictObject({
    smsOptOut: z.string().check(z.minLength(1)),
    emailOptOut: z.string().check(z.minLength(1)),
    emailSender: z.string().check(z.minLength(1)),
    payLinkLabel: z.string().check(z.minLength(1)),
    /**
     * The pieces of a list of plan choices, "{{count}} monthly payments of {{amount}}, or {{count}} of {{amount}}":
     * the first choice in full, the others short, joined by separator and (before the last) lastSeparator.
     */
    planOptions: z.strictObject({
      first: pluralSchema,
      more: pluralSchema,
      separator: z.string(),
      lastSeparator: z.string(),
    }),
    /** Free debt-advice signposting per jurisdiction prefix ("GB", "US"); US is the default. */
    adviceLines: z
      .record(z.string(), z.string().check(z.minLength(1)))
      .check(z.refine((lines) => 'US' in lines, { error: 'adviceLines needs a "US" entry (the default)' })),
  }),
  templates: z.record(
    z.string(),
    z.strictObject({
      /**
       * false: nothing is appended (no SMS opt-out line, no email footer or button). Only for the one
       * confirmation text after an opt-out, which may say nothing else (TCPA, FCC 24-24).
       */
      footer: z.optional(z.boolean()),
      sms: z.string().check(z.minLength(1)),
      email: z.strictObject({
        subject: z.string().check(z.minLength(1)),
        paragraphs: z.array(z.string().check(z.minLength(1))).check(z.minLength(1)),
      }),
      // Voice content stays minimal (limited-content voicemail, 12 CFR 1006.2(j)): no amounts, no debt.
      voice: z.array(z.string().check(z.minLength(1))).check(z.minLength(1)),
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

export const TEMPLATE_VARIABLES = [
  'firstName',
  'amount',
  'creditorName',
  'dueDate',
  'paymentUrl',
  'helpPhoneNumber',
  'promiseAmount',
  'promiseDate',
  'instalmentAmount',
  'instalmentDate',
  'planOptions',
  'adviceLine',
  'disputeBy',
  'originalAmount',
] as const;
type Variable = (typeof TEMPLATE_VARIABLES)[number];

/** What a conversation, promise or plan message talks about, beyond the account itself. */
export interface MessageFacts {
  promise?: { amount: number; dueDate: string /* YYYY-MM-DD */ };
  instalment?: { amount: number; dueDate: string };
  /** Plan choices to offer: number of instalments and the amount of each. */
  planOptions?: Array<{ instalments: number; amount: number }>;
  /** The validation notice: the last day to dispute (YYYY-MM-DD, the end of the validation period). */
  validation?: { disputeBy: string };
}

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
  /** Needed only by templates that name them ({{promiseAmount}}, {{planOptions}} ...). */
  facts?: MessageFacts;
  /** The business name a voicemail speaks when the creditor's own name reveals the debt (stage config). */
  voicemailBusinessName?: string;
}

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

const PLAN_TOKEN = /\{\{\s*([A-Za-z]+)\s*\}\}/g;
/** "3 monthly payments of $40.00, 6 of $20.00, or 12 of $10.00" in the catalog's language. */
function formatPlanOptions(options: NonNullable<MessageFacts['planOptions']>, currency: string, catalog: Catalog): string {
  const pieces = catalog.common.planOptions;
  const items = options.map((o, i) =>
    pluralForm(i === 0 ? pieces.first : pieces.more, o.instalments, catalog.locale).replace(PLAN_TOKEN, (token, name: string) => {
      if (name === 'count') return String(o.instalments);
      if (name === 'amount') return formatAmount(o.amount, currency, catalog.locale);
      throw new Error(`catalog ${catalog.language}: common.planOptions uses unknown variable ${token}; known: {{count}}, {{amount}}`);
    }),
  );
  if (items.length === 1) return items[0];
  return `${items.slice(0, -1).join(pieces.separator)}${pieces.lastSeparator}${items[items.length - 1]}`;
}

/** Free debt-advice signposting: the most specific jurisdiction prefix with a line ("US-NY-NYC", "US-NY", "US"), else US. */
function adviceLineFor(jurisdiction: string, catalog: Catalog): string {
  const lines = catalog.common.adviceLines;
  const parts = jurisdiction.toUpperCase().split('-');
  for (let n = parts.length; n > 0; n--) {
    const line = lines[parts.slice(0, n).join('-')];
    if (line) return line;
  }
  return lines.US;
}

/** The free debt-advice line for an account, in its language (the portal shows it after hardship). */
export function adviceLine(account: Pick<Account, 'jurisdiction' | 'customer'>): string {
  return adviceLineFor(account.jurisdiction, CATALOGS[languageOf(account as Account)]);
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A fact a template needs: present and well-formed, or a clear error naming the template and the fact. */
function requireFact<T>(templateId: string, variable: Variable, fact: string, value: T | undefined): T {
  if (value === undefined || (Array.isArray(value) && value.length === 0)) {
    throw new Error(`template "${templateId}" uses {{${variable}}} but no facts.${fact} was given to render it`);
  }
  return value;
}

function checkedAmount(templateId: string, fact: string, amount: number): number {
  if (!Number.isFinite(amount) || amount < 0)
    throw new Error(`template "${templateId}": facts.${fact} amount ${amount} is not a usable amount`);
  return amount;
}

function checkedDate(templateId: string, fact: string, isoDate: string): string {
  if (!ISO_DATE.test(isoDate) || Number.isNaN(new Date(`${isoDate}T00:00:00Z`).getTime())) {
    throw new Error(`template "${templateId}": facts.${fact} date "${isoDate}" is not a YYYY-MM-DD date`);
  }
  return isoDate;
}

/** The plain-text value of each variable, computed on first use (a fact is only needed when a text names it). */
function variableValues(templateId: string, input: RenderInput, catalog: Catalog, phone: string): (v: Variable) => string {
  const { account, links, facts = {} } = input;
  const { locale } = catalog;
  const money = (amount: number) => formatAmount(amount, account.currency, locale);
  const compute = (v: Variable): string => {
    switch (v) {
      case 'firstName':
        return account.customer.firstName;
      case 'amount':
        return money(account.balance);
      case 'creditorName':
        return account.creditorName;
      case 'dueDate':
        return formatDueDate(account.dueDate, locale);
      case 'paymentUrl':
        return links.paymentUrl;
      case 'helpPhoneNumber':
        return phone;
      case 'promiseAmount':
        return money(checkedAmount(templateId, 'promise', requireFact(templateId, v, 'promise', facts.promise).amount));
      case 'promiseDate':
        return formatDueDate(checkedDate(templateId, 'promise', requireFact(templateId, v, 'promise', facts.promise).dueDate), locale);
      case 'instalmentAmount':
        return money(checkedAmount(templateId, 'instalment', requireFact(templateId, v, 'instalment', facts.instalment).amount));
      case 'disputeBy':
        return formatDueDate(
          checkedDate(templateId, 'validation', requireFact(templateId, v, 'validation', facts.validation).disputeBy),
          locale,
        );
      case 'originalAmount':
        return money(account.amountOverdue);
      case 'instalmentDate':
        return formatDueDate(
          checkedDate(templateId, 'instalment', requireFact(templateId, v, 'instalment', facts.instalment).dueDate),
          locale,
        );
      case 'planOptions': {
        const options = requireFact(templateId, v, 'planOptions', facts.planOptions);
        for (const o of options) {
          checkedAmount(templateId, 'planOptions', o.amount);
          if (!Number.isInteger(o.instalments) || o.instalments < 1) {
            throw new Error(
              `template "${templateId}": facts.planOptions has ${o.instalments} instalments; a whole number from 1 is needed`,
            );
          }
        }
        return formatPlanOptions(options, account.currency, catalog);
      }
      case 'adviceLine':
        return adviceLineFor(account.jurisdiction, catalog);
    }
  };
  const cache = new Map<Variable, string>();
  return (v) => {
    let value = cache.get(v);
    if (value === undefined) {
      value = compute(v);
      cache.set(v, value);
    }
    return value;
  };
}

/** Renders a template for a channel in the customer's language. */
export function renderMessage(input: RenderInput): RenderedMessage {
  const { account, links, channel } = input;
  const { catalog, template } = resolveTemplate(input.template, languageOf(account));
  const phone = displayPhoneNumber(links.helpPhoneNumber);
  const raw = variableValues(input.template, input, catalog, phone);
  const plain = (text: string) => fill(text, input.template, raw, (s) => s);
  const footer = template.footer !== false;

  switch (channel) {
    case 'sms': {
      const text = plain(template.sms);
      return { text: footer ? `${text} ${catalog.common.smsOptOut}` : text };
    }
    case 'email':
      return renderEmail(input.template, template.email, footer, catalog, raw, links, plain);
    case 'voice': {
      // Limited content (12 CFR 1006.2(j)): the business is named only by a name that does not reveal the debt.
      const spoken = voicemailName(account.creditorName, input.voicemailBusinessName);
      if (!spoken.ok) throw new Error(`template "${input.template}" cannot be spoken: ${spoken.problem} (12 CFR 1006.2(j))`);
      const said = (v: Variable) => (v === 'creditorName' ? spoken.name : raw(v));
      const ssmlValue = (v: Variable) =>
        v === 'helpPhoneNumber' ? `<say-as interpret-as="telephone">${escapeXml(phone)}</say-as>` : escapeXml(said(v));
      const ssmlParagraphs = template.voice.map((p) => `<p>${fill(p, input.template, ssmlValue, escapeXml)}</p>`);
      return {
        text: template.voice.map((p) => fill(p, input.template, said, (x) => x)).join(' '),
        ssml: `<speak>${ssmlParagraphs.join('<break time="400ms"/>')}</speak>`,
      };
    }
  }
}

const USES_PAYMENT_URL = /\{\{\s*paymentUrl\s*\}\}/;

function renderEmail(
  templateId: string,
  email: MessageTemplate['email'],
  withFooter: boolean,
  catalog: Catalog,
  raw: (v: Variable) => string,
  links: RenderInput['links'],
  plain: (text: string) => string,
): RenderedMessage {
  const subject = plain(email.subject);
  const footer = withFooter ? [plain(catalog.common.emailSender), catalog.common.emailOptOut] : [];
  const paragraphs = email.paragraphs.map(plain);
  const text = (footer.length ? [...paragraphs, '--', ...footer] : paragraphs).join('\n\n');

  const htmlValue = (v: Variable) => {
    if (v === 'paymentUrl') return `<a href="${escapeHtml(links.paymentUrl)}">${escapeHtml(links.paymentUrl)}</a>`;
    if (v === 'helpPhoneNumber') return `<a href="tel:${escapeHtml(links.helpPhoneNumber)}">${escapeHtml(raw('helpPhoneNumber'))}</a>`;
    return escapeHtml(raw(v));
  };
  const paragraph = (p: string) => `<p style="margin:0 0 16px">${fill(p, templateId, htmlValue, escapeHtml).replace(/\n/g, '<br>')}</p>`;
  // The button repeats the link the message offers; a message without a link (a dispute noted, a
  // complaint recorded, the survey) gets no payment button either.
  const offersLink = withFooter && [email.subject, ...email.paragraphs].some((p) => USES_PAYMENT_URL.test(p));
  const button = offersLink
    ? [
        `<p style="margin:24px 0"><a href="${escapeHtml(links.paymentUrl)}" ` +
          `style="display:inline-block;padding:12px 20px;background:#1d4ed8;color:#ffffff;text-decoration:none;border-radius:6px;font-weight:bold">` +
          `${escapeHtml(catalog.common.payLinkLabel)}</a></p>`,
      ]
    : [];
  const footerHtml = footer.length
    ? [
        '<hr style="border:none;border-top:1px solid #d9dde3;margin:24px 0">',
        ...footer.map((f) => `<p style="margin:0 0 8px;font-size:14px;color:#52606d">${escapeHtml(f)}</p>`),
      ]
    : [];
  const html = [
    '<!doctype html>',
    `<html lang="${escapeHtml(catalog.language)}">`,
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(subject)}</title></head>`,
    '<body style="margin:0;padding:0;background:#f4f5f7">',
    `<div role="article" aria-label="${escapeHtml(subject)}" lang="${escapeHtml(catalog.language)}" ` +
      'style="max-width:560px;margin:0 auto;padding:24px;background:#ffffff;color:#1f2933;font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5">',
    ...email.paragraphs.map(paragraph),
    ...button,
    ...footerHtml,
    '</div></body></html>',
  ].join('\n');
  return { subject, text, html };
}
