/**
 * Medium and consent rules: TCPA consent for automated calls and texts (revocable by any reasonable
 * means, honoured at once), written consent where a city requires it, the employer-email ban, the text
 * safe harbour's 60-day condition, and no automated voice for vulnerable customers.
 */
import type { Account, Channel, ConsentRecord } from '../types';
import { vulnerabilityOf } from './suppression-rules';
import { DAY_MS } from './time';
import type { ChannelRule, RuleContext, RuleMeta } from './types';

function revoked(record: ConsentRecord | undefined, at: number): boolean {
  return Boolean(record?.revokedAt && Date.parse(record.revokedAt) <= at);
}

/** Default revocation replies (FCC 24-24); profiles may list more. */
export const DEFAULT_REVOCATION_KEYWORDS = ['STOP', 'QUIT', 'END', 'REVOKE', 'OPT OUT', 'CANCEL', 'UNSUBSCRIBE'] as const;

/**
 * Whether an inbound reply revokes consent: the whole message (trimmed, case- and punctuation-
 * insensitive) is one of the keywords, or starts with one followed by nothing but words like "please".
 * "Stop calling me", "please stop", "STOP!" and "optout" all revoke; "unstoppable" does not.
 */
export function isRevocationReply(text: string, keywords: readonly string[] = DEFAULT_REVOCATION_KEYWORDS): boolean {
  const words = text
    .toUpperCase()
    .replace(/[^A-Z\s]/g, ' ')
    .split(/\s+/)
    .filter(Boolean);
  const joined = ` ${words.join(' ')} `;
  // "OPT OUT", "opt-out" and "optout" are the same reasonable request.
  return keywords.some((k) => joined.includes(` ${k.toUpperCase()} `) || words.includes(k.toUpperCase().replace(/\s+/g, '')));
}

function channelList(channels: readonly Channel[]): string {
  return channels.join(' and ');
}

export function automatedConsentRule(meta: RuleMeta, p: { channels: readonly Channel[] }): ChannelRule {
  const covered = new Set(p.channels);
  return {
    ...meta,
    stage: 'channel',
    evaluate(ctx, { channel, at }) {
      if (!covered.has(channel)) return { effect: 'allowed', detail: `${channel} is not an automated call or text` };
      const customer = ctx.account.customer;
      const record = customer.consent?.[channel];
      if (revoked(record, at.getTime())) {
        return {
          effect: 'blocked',
          detail: `consent to automated ${channel} was revoked on ${record!.revokedAt}${record!.revokedBy ? ` (${record!.revokedBy})` : ''}`,
        };
      }
      if (record) return { effect: 'allowed', detail: `consent to automated ${channel} on record (${record.source})` };
      if (customer.phoneSource === 'third-party') {
        return {
          effect: 'blocked',
          detail: `the number was not given by the customer and no consent to automated ${channel} is on record`,
        };
      }
      const line = customer.phoneType === 'landline' || customer.phoneType === 'work' ? customer.phoneType : 'mobile (or unknown)';
      return {
        effect: 'allowed',
        detail: `${line} number given for the account: prior express consent to automated ${channelList(p.channels)}`,
      };
    },
  };
}

export function writtenConsentRule(meta: RuleMeta, p: { channels: readonly Channel[] }): ChannelRule {
  const covered = new Set(p.channels);
  return {
    ...meta,
    stage: 'channel',
    evaluate(ctx, { channel, at }) {
      if (!covered.has(channel)) return { effect: 'allowed', detail: `${channel} needs no written consent` };
      const record = ctx.account.customer.consent?.[channel];
      if (!record || record.source !== 'written') return { effect: 'blocked', detail: `no written consent to ${channel} on record` };
      if (revoked(record, at.getTime()))
        return { effect: 'blocked', detail: `written consent to ${channel} was revoked on ${record.revokedAt}` };
      return { effect: 'allowed', detail: `written consent to ${channel} on record${record.at ? ` since ${record.at}` : ''}` };
    },
  };
}

export function employerEmailRule(meta: RuleMeta): ChannelRule {
  return {
    ...meta,
    stage: 'channel',
    evaluate(ctx, { channel }) {
      if (channel !== 'email') return { effect: 'allowed', detail: 'not an email' };
      return ctx.account.customer.employerEmail
        ? { effect: 'blocked', detail: "the email address is known to be the employer's: never used" }
        : { effect: 'allowed', detail: "the email address is not known to be the employer's" };
    },
  };
}

export function textSafeHarborRule(meta: RuleMeta, p: { days: number; require: boolean }): ChannelRule {
  return {
    ...meta,
    stage: 'channel',
    evaluate(ctx: RuleContext, { channel, at }) {
      if (channel !== 'sms') return { effect: 'allowed', detail: 'not a text' };
      const sh = ctx.account.customer.textSafeHarbor;
      const latest = Math.max(Date.parse(sh?.lastCustomerTextAt ?? '') || 0, Date.parse(sh?.notReassignedCheckedAt ?? '') || 0);
      if (!latest) {
        return p.require
          ? { effect: 'blocked', detail: `no customer text or reassigned-number check on record (required within ${p.days} days)` }
          : { effect: 'allowed', detail: 'no safe-harbour evidence on record; the number was given for the account' };
      }
      const ageDays = Math.floor((at.getTime() - latest) / DAY_MS);
      if (at.getTime() - latest > p.days * DAY_MS) {
        return {
          effect: 'blocked',
          detail: `the number was last confirmed ${ageDays} days ago (limit ${p.days}): confirm it before texting`,
        };
      }
      return { effect: 'allowed', detail: `the number was confirmed ${ageDays} days ago (within ${p.days})` };
    },
  };
}

/**
 * Email safe harbour (12 CFR 1006.6(d)(4)): email only an address the consumer used with the collector
 * or consented to, or one a creditor notified with an opt-out window of at least `minOptOutDays` that
 * has ended. Without evidence on record the address is used (it was given for the account) unless the
 * profile requires evidence, and the reason says so.
 */
export function emailSafeHarborRule(meta: RuleMeta, p: { minOptOutDays: number; require: boolean }): ChannelRule {
  return {
    ...meta,
    stage: 'channel',
    evaluate(ctx: RuleContext, { channel, at }) {
      if (channel !== 'email') return { effect: 'allowed', detail: 'not an email' };
      const source = ctx.account.customer.emailSource;
      if (!source) {
        return p.require
          ? { effect: 'blocked', detail: 'no safe-harbour evidence on record for the email address (required)' }
          : { effect: 'allowed', detail: 'no safe-harbour evidence on record; the address was given for the account' };
      }
      if (source.source === 'consumer-used') return { effect: 'allowed', detail: 'the customer used this email address with us' };
      if (source.source === 'consented') return { effect: 'allowed', detail: 'the customer consented to email at this address' };
      const window = source.optOutWindowDays;
      if (window === undefined || window < p.minOptOutDays) {
        return {
          effect: 'blocked',
          detail: `the creditor's notice gave ${window === undefined ? 'no recorded' : `a ${window}-day`} opt-out window (at least ${p.minOptOutDays} days needed)`,
        };
      }
      const noticeAt = source.noticeAt ? Date.parse(source.noticeAt) : NaN;
      if (!(noticeAt <= at.getTime())) return { effect: 'blocked', detail: "the creditor's notice date is not on record" };
      const ends = noticeAt + window * DAY_MS;
      if (at.getTime() < ends) {
        return {
          effect: 'deferred',
          until: new Date(ends),
          detail: `the creditor's notice of ${source.noticeAt} gave ${window} days to opt out: email only after ${new Date(ends).toISOString()}`,
        };
      }
      return { effect: 'allowed', detail: `the creditor's notice of ${source.noticeAt} gave ${window} days to opt out; none received` };
    },
  };
}

export function vulnerableNoAutomatedVoiceRule(meta: RuleMeta): ChannelRule {
  return {
    ...meta,
    stage: 'channel',
    evaluate(ctx: RuleContext, { channel }) {
      if (channel !== 'voice') return { effect: 'allowed', detail: 'not an automated call' };
      return vulnerabilityOf(ctx.account as Account)
        ? { effect: 'blocked', detail: 'no automated (synthetic) voice calls to a vulnerable customer' }
        : { effect: 'allowed', detail: 'no vulnerability recorded' };
    },
  };
}
