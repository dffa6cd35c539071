/**
 * Content checks over the template catalogs: every text and email carries an opt-out line, a voicemail
 * is limited-content only (12 CFR 1006.2(j)), and nothing threatens legal action when the debt is
 * time-barred (1006.26(b)). decide() uses templateThreatens() before choosing a step's message for a
 * time-barred debt; the test suite lints every catalog with lintCatalog(). A template with "footer": false
 * (the one confirmation text after an opt-out, TCPA / FCC 24-24) carries no opt-out line and may say
 * nothing but the confirmation.
 */
import enCatalog from '../../../templates/messages.en.json';
import esCatalog from '../../../templates/messages.es.json';
import type { Channel } from '../types';

export interface CatalogLike {
  language: string;
  common: { smsOptOut: string; emailOptOut: string };
  templates: Record<string, { footer?: boolean; sms: string; email: { subject: string; paragraphs: string[] }; voice: string[] }>;
}

export const TEMPLATE_CATALOGS: readonly CatalogLike[] = [enCatalog as CatalogLike, esCatalog as CatalogLike];

/** What makes a reply an opt-out, per language: the opt-out line must name one of these. */
export const OPT_OUT_WORDS = /\b(STOP|UNSUBSCRIBE|OPT OUT|CANCEL)\b/;

/**
 * Words that give a debt away in a voicemail anyone in the household might hear. Limited content is a
 * greeting, the customer's name, a business name, a request to call back, a number and suggested times.
 */
export const VOICEMAIL_FORBIDDEN = [
  /\{\{\s*(amount|dueDate|paymentUrl)\s*\}\}/i,
  /\b(debts?|owe[sd]?|owing|balance|overdue|arrears|collect(ion|or)?s?|payments?|pay|late|due)\b/i,
  /\b(deuda|debe|saldo|vencid[oa]|pagos?|pagar|cobr[oa]s?|atrasad[oa])\b/i,
];

/**
 * Variables a footer-less template (the opt-out confirmation) may use: who we are and whom we write to,
 * nothing about the debt, no link, no call to action.
 */
export const NO_FOOTER_ALLOWED_VARIABLES: readonly string[] = ['creditorName', 'firstName'];

/** Texts of one template on one channel, in every language (a translation may stand in for another). */
export function templateTexts(templateId: string, channel: Channel): string[] {
  const texts: string[] = [];
  for (const catalog of TEMPLATE_CATALOGS) {
    const t = catalog.templates[templateId];
    if (!t) continue;
    const footer = t.footer !== false;
    if (channel === 'sms') texts.push(t.sms, ...(footer ? [catalog.common.smsOptOut] : []));
    else if (channel === 'email') texts.push(t.email.subject, ...t.email.paragraphs, ...(footer ? [catalog.common.emailOptOut] : []));
    else texts.push(...t.voice);
  }
  return texts;
}

/** Whether a template's text on a channel uses a variable, e.g. whether a message carries the payment link. */
export function templateUses(templateId: string, channel: Channel, variable: string): boolean {
  const token = new RegExp(`\\{\\{\\s*${variable}\\s*\\}\\}`);
  return templateTexts(templateId, channel).some((text) => token.test(text));
}

const threatCache = new WeakMap<readonly RegExp[], Map<string, string | null>>();

/** The first legal-threat phrase in a template on a channel, or null; cached per pattern list. */
export function templateThreatens(templateId: string, channel: Channel, patterns: readonly RegExp[]): string | null {
  let cache = threatCache.get(patterns);
  if (!cache) {
    cache = new Map();
    threatCache.set(patterns, cache);
  }
  const key = `${templateId}|${channel}`;
  let hit = cache.get(key);
  if (hit === undefined) {
    hit = null;
    for (const text of templateTexts(templateId, channel)) {
      for (const p of patterns) {
        const m = p.exec(text);
        if (m) {
          hit = m[0];
          break;
        }
      }
      if (hit) break;
    }
    cache.set(key, hit);
  }
  return hit;
}

export interface LintProblem {
  catalog: string;
  template: string;
  channel: Channel | 'common';
  problem: string;
}

/**
 * Every content problem in a catalog: missing opt-out lines, voicemail content, legal-threat wording, a
 * footer-less template (exempt from the opt-out line) that says more than the opt-out confirmation.
 */
export function lintCatalog(catalog: CatalogLike, legalThreatPatterns: readonly RegExp[]): LintProblem[] {
  const problems: LintProblem[] = [];
  const at = (template: string, channel: LintProblem['channel'], problem: string) =>
    problems.push({ catalog: catalog.language, template, channel, problem });
  if (!OPT_OUT_WORDS.test(catalog.common.smsOptOut)) at('(common)', 'common', 'the SMS opt-out line names no opt-out keyword');
  if (!OPT_OUT_WORDS.test(catalog.common.emailOptOut)) at('(common)', 'common', 'the email opt-out line names no opt-out keyword');
  for (const [id, t] of Object.entries(catalog.templates)) {
    t.voice.forEach((line) => {
      for (const p of VOICEMAIL_FORBIDDEN) {
        const m = p.exec(line);
        if (m) at(id, 'voice', `voicemail is limited-content only, but says "${m[0]}"`);
      }
    });
    const all: Array<[Channel, string]> = [
      ['sms', t.sms],
      ['email', t.email.subject],
      ...t.email.paragraphs.map((p): [Channel, string] => ['email', p]),
      ...t.voice.map((v): [Channel, string] => ['voice', v]),
    ];
    if (t.footer === false) {
      for (const [channel, text] of all) {
        const link = /https?:\/\/\S+|\bwww\.\S+/i.exec(text);
        if (link) at(id, channel, `a template without the opt-out footer may only confirm the opt-out, but links to ${link[0]}`);
        for (const m of text.matchAll(/\{\{\s*([A-Za-z]+)\s*\}\}/g)) {
          if (!NO_FOOTER_ALLOWED_VARIABLES.includes(m[1])) {
            at(id, channel, `a template without the opt-out footer may only confirm the opt-out, but uses ${m[0]}`);
          }
        }
      }
    }
    for (const [channel, text] of all) {
      for (const p of legalThreatPatterns) {
        const m = p.exec(text);
        if (m) at(id, channel, `legal-threat wording "${m[0]}" (never allowed for a time-barred debt)`);
      }
    }
  }
  return problems;
}

/**
 * The templates of a catalog marked as overshadowing the validation notice (their wording matches one
 * of the profile's overshadowing patterns): never used during the validation period (12 CFR 1006.38).
 */
export function overshadowingTemplates(
  catalog: CatalogLike,
  patterns: readonly RegExp[],
): Array<{ template: string; channel: Channel; phrase: string }> {
  const out: Array<{ template: string; channel: Channel; phrase: string }> = [];
  for (const id of Object.keys(catalog.templates)) {
    for (const channel of ['sms', 'email', 'voice'] as const) {
      const t = catalog.templates[id];
      const texts = channel === 'sms' ? [t.sms] : channel === 'email' ? [t.email.subject, ...t.email.paragraphs] : t.voice;
      for (const text of texts) {
        const m = patterns.map((p) => p.exec(text)).find(Boolean);
        if (m) {
          out.push({ template: id, channel, phrase: m[0] });
          break;
        }
      }
    }
  }
  return out;
}
