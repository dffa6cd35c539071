/**
 * Properties over random accounts, flags, histories (across two debts and three channels), clocks,
 * zones and jurisdictions, through the same decide() the journey uses. The oracle re-derives every
 * limit from the profile DATA (the JSON entries), independently of the rule code: no contact outside a
 * window, over a cap, through a suppressed or revoked medium, or while suppressed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COLLECTOR_TYPES, type CollectorType } from '../../../functions/domain/collector';
import { decide } from '../../../functions/domain/decide';
import { DEFAULT_PLAYBOOK } from '../../../functions/domain/playbook';
import holidays from './fixtures/opm-federal-holidays-2026-2028.json';
import limitations from '../../../functions/domain/jurisdictions/us-statute-of-limitations.json';
import { checkContact, minutesOf, profileFor, type RuleEntry } from '../../../functions/domain/rules';
import { templateTexts } from '../../../functions/domain/rules/content';
import { possibleTimeZones } from '../../../functions/domain/time-zones';
import { localTimeParts } from '../../../functions/domain/zone-clock';
import {
  CHANNELS,
  WEEKDAY_CODES,
  type Account,
  type Channel,
  type ComplianceFlags,
  type HistoryEntry,
} from '../../../functions/domain/types';
import { account } from '../fixtures';
import { oneChannelPlaybook } from './helpers';

const START = Date.parse('2026-01-01T00:00:00Z');
const DAY = 86_400_000;
const SPAN = 120 * DAY;
const instant = fc.integer({ min: START, max: START + SPAN });
const iso = (t: number) => new Date(t).toISOString();
/** `arb` one time in `every`, undefined otherwise. */
const maybe = <T>(arb: fc.Arbitrary<T>, every = 2) =>
  fc.oneof({ weight: 1, arbitrary: arb }, { weight: every - 1, arbitrary: fc.constant(undefined) });
const hhmm = fc
  .integer({ min: 0, max: 23 * 4 })
  .map((q) => `${String(Math.floor(q / 4)).padStart(2, '0')}:${String((q % 4) * 15).padStart(2, '0')}`);

const blockedTime = fc
  .record({ a: hhmm, len: fc.integer({ min: 1, max: 16 }), days: maybe(fc.subarray([...WEEKDAY_CODES], { minLength: 1 }), 1) })
  .map(({ a, len, days }) => {
    const end = Math.min(24 * 60, minutesOf(a) + len * 15);
    return { start: a, end: `${String(Math.floor(end / 60)).padStart(2, '0')}:${String(end % 60).padStart(2, '0')}`, days };
  });

const consentRecord = fc.record({
  source: fc.constantFrom('provided-for-account' as const, 'written' as const, 'customer-initiated' as const),
  revokedAt: maybe(instant.map(iso), 2),
});

const flags: fc.Arbitrary<ComplianceFlags | undefined> = maybe(
  fc.record(
    {
      disputeOpenedAt: instant.map(iso),
      disputedAmount: fc.constantFrom(5, 50, 500),
      disputeVerifiedAt: instant.map(iso),
      originalCreditorRequestedAt: instant.map(iso),
      originalCreditorSentAt: instant.map(iso),
      attorney: fc.record({ since: instant.map(iso) }),
      bankruptcy: fc.record({ filedAt: instant.map(iso) }),
      deceased: fc.record({ reportedAt: instant.map(iso) }),
      moratoriumUntil: instant.map(iso),
      timeBarred: fc.boolean(),
      validationNoticeSentAt: instant.map(iso),
      lastPaymentAt: fc.integer({ min: Date.parse('2018-01-01T00:00:00Z'), max: START }).map(iso),
      chargedOffAt: fc.integer({ min: Date.parse('2018-01-01T00:00:00Z'), max: START }).map(iso),
      debtType: fc.constantFrom('written-contract' as const, 'open-account' as const),
      vulnerability: fc.record(
        {
          drivers: fc.subarray(['health', 'life-events', 'resilience', 'capability'] as const, { minLength: 1 }),
          reviewedByPersonAt: instant.map(iso),
        },
        { requiredKeys: ['drivers'] },
      ),
    },
    { requiredKeys: [] },
  ),
  3,
);

const channelState = fc.record({
  optedOut: fc.constantFrom(false, false, false, true),
  unusable: maybe(fc.constant({ reason: 'invalid-address', at: '2026-01-01T00:00:00Z' }), 8),
});

const accountArb: fc.Arbitrary<Account> = fc
  .record({
    jurisdiction: fc.constantFrom('US', 'US-MA', 'US-NY-NYC', 'US-WA', 'GB', 'US-CA'),
    status: fc.constantFrom('overdue', 'overdue', 'overdue', 'overdue', 'overdue', 'overdue', 'paid', 'ceased'),
    balance: fc.constantFrom(0, 40, 125.5, 125.5, 900),
    phone: fc.oneof(
      {
        weight: 8,
        arbitrary: fc.constantFrom(
          '+12125550123',
          '+13125550123',
          '+12065550123',
          '+16175550123',
          '+18085550123',
          '+447700900123',
          '+19075550123',
        ),
      },
      { weight: 1, arbitrary: fc.constant(undefined) },
    ),
    email: fc.oneof({ weight: 8, arbitrary: fc.constant('a@example.com') }, { weight: 1, arbitrary: fc.constant(undefined) }),
    region: maybe(fc.constantFrom('CA', 'NY', 'WA', 'MA', 'TX', 'HI', 'AZ'), 2),
    city: maybe(fc.constantFrom('Boston', 'Brooklyn', 'Seattle', 'Austin'), 3),
    postalCode: maybe(fc.constantFrom('02108', '98101', '10001', '11201', '60601', '94110'), 3),
    timeZone: maybe(fc.constantFrom('America/Chicago', 'Europe/London', 'Asia/Tokyo', 'America/Denver'), 4),
    preferredChannel: maybe(fc.constantFrom<Channel>(...CHANNELS), 2),
    blockedTimes: maybe(fc.array(blockedTime, { minLength: 1, maxLength: 2 }), 4),
    employerEmail: maybe(fc.boolean(), 4),
    phoneSource: maybe(fc.constantFrom('customer' as const, 'third-party' as const), 4),
    phoneType: maybe(fc.constantFrom('mobile' as const, 'landline' as const, 'work' as const, 'unknown' as const), 2),
    emailSource: maybe(
      fc.oneof(
        fc.constantFrom({ source: 'consumer-used' as const }, { source: 'consented' as const }),
        fc.record(
          {
            source: fc.constant('creditor-notice' as const),
            noticeAt: instant.map(iso),
            optOutWindowDays: fc.constantFrom(14, 30, 35, 60),
          },
          { requiredKeys: ['source'] },
        ),
      ),
      3,
    ),
    consent: maybe(fc.record({ sms: consentRecord, email: consentRecord, voice: consentRecord }, { requiredKeys: [] }), 3),
    lastText: maybe(instant.map(iso), 4),
    compliance: flags,
    noticeRequired: maybe(fc.constant(true), 8),
    sms: channelState,
    email_: channelState,
    voice: channelState,
  })
  .map((r) =>
    account({
      jurisdiction: r.jurisdiction,
      status: r.status as Account['status'],
      balance: r.balance,
      openedAt: iso(START),
      compliance: r.noticeRequired ? { ...r.compliance, validationNoticeRequired: true } : r.compliance,
      customer: {
        phone: r.phone,
        email: r.email,
        timeZone: r.timeZone,
        preferredChannel: r.preferredChannel,
        address:
          r.region || r.city || r.postalCode
            ? {
                country: 'US',
                ...(r.region ? { region: r.region } : {}),
                ...(r.city ? { city: r.city } : {}),
                ...(r.postalCode ? { postalCode: r.postalCode } : {}),
              }
            : undefined,
        blockedTimes: r.blockedTimes,
        employerEmail: r.employerEmail,
        phoneSource: r.phoneSource,
        phoneType: r.phoneType,
        emailSource: r.emailSource,
        consent: r.consent,
        textSafeHarbor: r.lastText ? { lastCustomerTextAt: r.lastText } : undefined,
      },
      channels: { sms: r.sms, email: r.email_, voice: r.voice },
    }),
  );

const playbooks = [DEFAULT_PLAYBOOK, oneChannelPlaybook('sms', 12), oneChannelPlaybook('email', 12), oneChannelPlaybook('voice', 12)];
const stepIds = [...new Set(playbooks.flatMap((p) => p.steps.map((s) => s.id)))];

const entryArb: fc.Arbitrary<HistoryEntry> = fc.oneof(
  {
    weight: 12,
    arbitrary: fc
      .record({
        t: instant,
        stepId: fc.constantFrom(...stepIds, 'manual'),
        channel: fc.constantFrom<Channel>(...CHANNELS),
        outcome: fc.constantFrom('sent' as const, 'sent' as const, 'unconfirmed' as const, 'failed-permanent' as const),
        debtId: fc.constantFrom(undefined, undefined, 'acc-2'),
        consented: maybe(fc.constant(true), 6),
      })
      .map((r): HistoryEntry => ({
        kind: 'contact',
        at: iso(r.t),
        stepId: r.stepId,
        channel: r.channel,
        template: 'reminder-friendly',
        outcome: r.outcome,
        debtId: r.debtId,
        consented: r.consented,
      })),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({ t: instant, debtId: fc.constantFrom(undefined, 'acc-2') })
      .map((r): HistoryEntry => ({ kind: 'conversation', at: iso(r.t), channel: 'voice', debtId: r.debtId })),
  },
  { weight: 1, arbitrary: instant.map((t): HistoryEntry => ({ kind: 'failure', at: iso(t), error: 'timeout' })) },
  {
    weight: 1,
    arbitrary: fc
      .record({ t: instant, channel: fc.constantFrom<Channel>(...CHANNELS), debtId: fc.constantFrom(undefined, undefined, 'acc-2') })
      .map((r): HistoryEntry => ({ kind: 'inbound', at: iso(r.t), channel: r.channel, debtId: r.debtId })),
  },
);

// Dense histories in the weeks before `now` make the caps bite.
const scenario = fc
  .record({
    account: accountArb,
    now: instant,
    offsets: fc.array(fc.tuple(entryArb, fc.integer({ min: 0, max: 21 * DAY })), { maxLength: 24 }),
    // Customer-initiated contacts in the last day, so the one-reply exception comes into play.
    recent: fc.array(fc.tuple(fc.constantFrom<Channel>(...CHANNELS), fc.integer({ min: 0, max: DAY })), { maxLength: 2 }),
    playbook: fc.constantFrom(...playbooks),
    collectorType: fc.constantFrom<CollectorType>(...COLLECTOR_TYPES),
  })
  .map(({ account: a, now, offsets, recent, playbook, collectorType }) => ({
    account: a,
    now,
    playbook,
    collectorType,
    history: [
      ...offsets.map(([h, back]) => ({ ...h, at: iso(now - back) })),
      ...recent.map(([channel, back]): HistoryEntry => ({ kind: 'inbound', at: iso(now - back), channel })),
    ] as HistoryEntry[],
  }));

const at = (s: string | undefined) => (s ? Date.parse(s) : NaN);
const inEffect = (s: string | undefined, now: number) => !s || !(at(s) > now);
/**
 * Independent overlay derivation: the places with rules of their own, from the address region, city,
 * ZIP code and the phone's area code (a state only); every applicable profile's rules all apply.
 */
const OVERLAY_BY_REGION: Record<string, string> = { MA: 'US-MA', WA: 'US-WA' };
const OVERLAY_BY_AREA_CODE: Record<string, string> = { '617': 'US-MA', '206': 'US-WA' };
const OVERLAY_BY_ZIP: Record<string, string> = { '02108': 'US-MA', '98101': 'US-WA', '10001': 'US-NY-NYC', '11201': 'US-NY-NYC' };
function applicableJurisdictions(a: Account): string[] {
  const ids = [a.jurisdiction];
  if (profileFor(a.jurisdiction).profile.chain.at(-1) !== 'US') return ids;
  // The federal rules always apply in the US (for a debt collector they are the floor no overlay loosens).
  ids.push('US');
  const address = a.customer.address;
  if (address?.region && OVERLAY_BY_REGION[address.region]) ids.push(OVERLAY_BY_REGION[address.region]);
  if (address?.city === 'Brooklyn' && (!address.region || address.region === 'NY')) ids.push('US-NY-NYC');
  if (address?.postalCode && OVERLAY_BY_ZIP[address.postalCode]) ids.push(OVERLAY_BY_ZIP[address.postalCode]);
  const areaCode = a.customer.phone?.slice(2, 5) ?? '';
  if (OVERLAY_BY_AREA_CODE[areaCode]) ids.push(OVERLAY_BY_AREA_CODE[areaCode]);
  return ids;
}
/**
 * Every rule of every applicable profile: two windows both hold, two caps both hold (strictest wins).
 * A first-party creditor is held only to the rules the profile data does not mark `exempt` for creditors.
 */
const entriesOf = (a: Account, collectorType: CollectorType) =>
  applicableJurisdictions(a)
    .flatMap((j) => profileFor(j).profile.entries)
    .filter((e) => collectorType === 'debt-collector' || e.firstPartyCreditor !== 'exempt');
const kindOf = <K extends RuleEntry['kind']>(entries: readonly RuleEntry[], kind: K) =>
  entries.filter((e): e is Extract<RuleEntry, { kind: K }> => e.kind === kind);

const HOLIDAYS = new Set(holidays.holidays.map((h) => h.date));
/** Start of the UTC day `n` business days (no weekends, no federal holidays) after the day of `t`. */
function businessDaysAfter(t: number, n: number): number {
  const d = new Date(Math.floor(t / DAY) * DAY);
  while (n > 0) {
    d.setUTCDate(d.getUTCDate() + 1);
    if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6 && !HOLIDAYS.has(d.toISOString().slice(0, 10))) n--;
  }
  return d.getTime();
}

/** Time-barred from the flag, else from the state table and the last payment or charge-off. */
function timeBarred(a: Account, now: number, collectorType: CollectorType): boolean {
  const c = a.compliance ?? {};
  if (c.timeBarred !== undefined) return c.timeBarred;
  if (!kindOf(entriesOf(a, collectorType), 'statute-of-limitations').length) return false;
  const row = (limitations.states as Record<string, { writtenContract: number; openAccount: number }>)[a.customer.address?.region ?? ''];
  const from = c.lastPaymentAt ?? c.chargedOffAt;
  if (!row || !from || a.customer.address?.country !== 'US') return false;
  const years =
    c.debtType === 'written-contract'
      ? row.writtenContract
      : c.debtType === 'open-account'
        ? row.openAccount
        : Math.min(row.writtenContract, row.openAccount);
  const end = new Date(from);
  end.setUTCFullYear(end.getUTCFullYear() + years);
  return now >= end.getTime();
}

/** Content clauses: what the chosen template may not say for this account at `now`. */
function contentViolations(a: Account, template: string, channel: Channel, now: number, collectorType: CollectorType): string[] {
  const out: string[] = [];
  const entries = entriesOf(a, collectorType);
  const texts = templateTexts(template, channel);
  const says = (patterns: readonly string[]) => texts.some((t) => patterns.some((p) => new RegExp(p, 'i').test(t)));
  if (timeBarred(a, now, collectorType))
    for (const e of kindOf(entries, 'time-barred')) if (says(e.legalThreatPatterns)) out.push('legal threat on a time-barred debt');
  for (const e of kindOf(entries, 'validation-notice')) {
    const sent = at(a.compliance?.validationNoticeSentAt);
    const inPeriod = !(sent <= now) || now < businessDaysAfter(sent, e.receiptBusinessDays) + (e.periodDays + 1) * DAY;
    if (inPeriod && says(e.overshadowingPatterns)) out.push('overshadowing in the validation period');
  }
  return out;
}

/** Independent oracle: would contact on `channel` at `now` break any rule of the account's profile? */
function violations(a: Account, history: HistoryEntry[], channel: Channel, now: number, collectorType: CollectorType): string[] {
  const out: string[] = [];
  const entries = entriesOf(a, collectorType);
  const c = a.compliance ?? {};
  const customer = a.customer;
  if (a.status !== 'overdue' || a.balance <= 0) out.push('not overdue');
  // suppression
  if (c.moratoriumUntil && at(c.moratoriumUntil) > now) out.push('moratorium');
  if (
    c.disputeOpenedAt &&
    inEffect(c.disputeOpenedAt, now) &&
    !(c.disputeVerifiedAt && at(c.disputeVerifiedAt) >= at(c.disputeOpenedAt)) &&
    !(c.disputedAmount !== undefined && c.disputedAmount < a.balance)
  )
    out.push('dispute');
  if (
    kindOf(entries, 'original-creditor').length &&
    c.originalCreditorRequestedAt &&
    inEffect(c.originalCreditorRequestedAt, now) &&
    !(c.originalCreditorSentAt && at(c.originalCreditorSentAt) >= at(c.originalCreditorRequestedAt))
  )
    out.push('original creditor');
  if (c.attorney && inEffect(c.attorney.since, now)) out.push('attorney');
  if (c.bankruptcy && inEffect(c.bankruptcy.filedAt, now)) out.push('bankruptcy');
  if (c.deceased && inEffect(c.deceased.reportedAt, now)) out.push('deceased');
  const vulnerable = Boolean(c.vulnerability?.drivers.length);
  if (vulnerable && !(c.vulnerability!.reviewedByPersonAt && inEffect(c.vulnerability!.reviewedByPersonAt, now)))
    out.push('vulnerable, not reviewed');
  const thisDebt = (h: HistoryEntry) => h.debtId === undefined || h.debtId === a.accountId;
  // validation notice: overdue (more than N days after the first communication) where enforced
  for (const e of kindOf(entries, 'validation-notice')) {
    const firsts = history
      .filter((h) => h.kind === 'contact' && thisDebt(h) && h.outcome !== 'failed-permanent' && at(h.at) <= now)
      .map((h) => at(h.at));
    const first = firsts.length ? Math.min(...firsts) : undefined;
    const sent = at(c.validationNoticeSentAt) <= now;
    if (!sent && first !== undefined && now - first > e.sendWithinDays * DAY && (c.validationNoticeRequired ?? e.require))
      out.push('validation notice overdue');
  }
  // the one reply to a customer-initiated contact on this channel lifts the window rules
  let reply = false;
  for (const e of kindOf(entries, 'consumer-reply')) {
    const inbound = history
      .filter((h) => h.kind === 'inbound' && thisDebt(h) && h.channel === channel && at(h.at) <= now)
      .map((h) => at(h.at));
    const last = inbound.length ? Math.max(...inbound) : undefined;
    const answered =
      last !== undefined &&
      history.some((h) => h.kind === 'contact' && thisDebt(h) && h.channel === channel && at(h.at) >= last && at(h.at) <= now);
    if (last !== undefined && now - last <= e.hours * 3_600_000 && !answered) reply = true;
  }
  // windows, in every zone: every applicable window holds
  const windows = kindOf(entries, 'contact-window');
  for (const zone of reply ? [] : possibleTimeZones(customer)) {
    const p = localTimeParts(new Date(now), zone);
    for (const window of windows)
      if (p.minutesOfDay < minutesOf(window.start) || p.minutesOfDay >= minutesOf(window.end)) out.push(`outside window in ${zone}`);
    for (const b of customer.blockedTimes ?? []) {
      if (b.days && !b.days.includes(WEEKDAY_CODES[p.weekday])) continue;
      if (p.minutesOfDay >= minutesOf(b.start) && p.minutesOfDay < minutesOf(b.end)) out.push(`customer-blocked in ${zone}`);
    }
  }
  // medium
  const state = a.channels[channel];
  if (state.optedOut || state.unusable) out.push('opted out or unusable');
  if (channel === 'email' ? !customer.email : !customer.phone) out.push('no address');
  const record = customer.consent?.[channel];
  const revoked = Boolean(record?.revokedAt && at(record.revokedAt) <= now);
  for (const e of kindOf(entries, 'automated-consent')) {
    if (e.channels.includes(channel) && (revoked || (!record && customer.phoneSource === 'third-party'))) out.push('no automated consent');
  }
  for (const e of kindOf(entries, 'written-consent')) {
    if (e.channels.includes(channel) && (record?.source !== 'written' || revoked)) out.push('no written consent');
  }
  if (channel === 'email' && customer.employerEmail && kindOf(entries, 'employer-email').length) out.push('employer email');
  for (const e of kindOf(entries, 'text-safe-harbor')) {
    const last = at(customer.textSafeHarbor?.lastCustomerTextAt);
    if (channel === 'sms' && last && now - last > e.days * DAY) out.push('text safe harbour');
  }
  if (channel === 'voice' && vulnerable && kindOf(entries, 'vulnerable-no-automated-voice').length)
    out.push('automated voice to a vulnerable customer');
  for (const e of kindOf(entries, 'email-safe-harbor')) {
    const src = customer.emailSource;
    if (channel !== 'email' || !src || src.source !== 'creditor-notice') continue;
    const notice = at(src.noticeAt);
    if (
      src.optOutWindowDays === undefined ||
      src.optOutWindowDays < e.minOptOutDays ||
      !(notice <= now) ||
      now < notice + src.optOutWindowDays * DAY
    )
      out.push('email safe harbour');
  }
  // counters
  const count = (channels: readonly Channel[], days: number, person: boolean) =>
    history.filter(
      (h) =>
        h.kind === 'contact' &&
        (person || thisDebt(h)) &&
        channels.includes(h.channel) &&
        h.outcome !== 'failed-permanent' &&
        !h.consented &&
        at(h.at) > now - days * DAY &&
        at(h.at) <= now,
    ).length;
  for (const e of kindOf(entries, 'frequency-cap')) {
    if (!e.channels.includes(channel) || (e.appliesTo === 'vulnerable' && !vulnerable)) continue;
    if (e.phoneTypes && !e.phoneTypes.includes(customer.phoneType ?? 'unknown')) continue;
    if (count(e.channels, e.days, e.scope === 'person') >= e.max) out.push(`cap ${e.id}`);
  }
  if (channel === 'voice') {
    for (const e of kindOf(entries, 'call-attempt-cap')) if (count(['voice'], e.days, false) >= e.attempts) out.push('call cap');
    for (const e of kindOf(entries, 'conversation-block')) {
      if (history.some((h) => h.kind === 'conversation' && thisDebt(h) && at(h.at) <= now && now - at(h.at) < (e.days - 1) * DAY))
        out.push('conversation block');
    }
  }
  return out;
}

describe('compliance properties (random histories, clocks, zones, flags, jurisdictions)', () => {
  it('never contacts outside a window, over a cap, through a suppressed or revoked medium, or while suppressed', () => {
    let contacts = 0;
    fc.assert(
      fc.property(scenario, ({ account: a, history, now, playbook, collectorType }) => {
        const d = decide({ account: a, history, playbook, now: new Date(now), collectorType });
        expect(d.reasons.length).toBeGreaterThan(0);
        // What decided the action comes first, marked; nothing after it is marked.
        expect(d.reasons[0].decisive).toBe(true);
        const firstOther = d.reasons.findIndex((r) => !r.decisive);
        if (firstOther >= 0) expect(d.reasons.slice(firstOther).some((r) => r.decisive)).toBe(false);
        for (const j of new Set(applicableJurisdictions(a)))
          expect(d.ruleSetVersion).toContain(profileFor(j).profile.version.split('+')[0]);
        if (d.action.type === 'wait') expect(Date.parse(d.action.until)).toBeGreaterThan(now);
        if (d.action.type !== 'contact') return;
        contacts++;
        // The one satisfaction question after a resolution goes to a resolved account, under every other rule.
        const survey = d.action.template === 'survey';
        const found = violations(a, history, d.action.channel, now, collectorType).filter((v) => !(survey && v === 'not overdue'));
        expect(found).toEqual([]);
        expect(contentViolations(a, d.action.template, d.action.channel, now, collectorType)).toEqual([]);
        // The send-time guard, on the same facts, agrees.
        if (!survey)
          expect(checkContact({ account: a, history, channel: d.action.channel, now: new Date(now), collectorType }).allowed).toBe(true);
      }),
      { numRuns: 1800 },
    );
    // The generators must reach contact decisions often enough for the property to mean something.
    expect(contacts).toBeGreaterThan(150);
  });

  it('says a channel is allowed now only when contacting on it now breaks no rule; never names a past time', () => {
    fc.assert(
      fc.property(scenario, ({ account: a, history, now, playbook, collectorType }) => {
        const d = decide({ account: a, history, playbook, now: new Date(now), collectorType });
        for (const channel of CHANNELS) {
          const next = d.nextAllowed?.[channel];
          if (next === undefined || next === null) continue;
          expect(Date.parse(next)).toBeGreaterThanOrEqual(now);
          if (Date.parse(next) === now) expect(violations(a, history, channel, now, collectorType)).toEqual([]);
        }
      }),
      { numRuns: 800 },
    );
  });

  it('never escalates twice: after a hand-off the journey ends or waits, so Decide -> Escalate cannot loop', () => {
    fc.assert(
      fc.property(scenario, ({ account: a, history, now, playbook }) => {
        const escalated: HistoryEntry = { kind: 'escalated', at: new Date(now - 60_000).toISOString(), reason: 'any' };
        const d = decide({ account: a, history: [...history, escalated], playbook, now: new Date(now) });
        expect(d.action.type).not.toBe('escalate');
      }),
      { numRuns: 300 },
    );
  });

  it('is deterministic and ignores the order of the history', () => {
    fc.assert(
      fc.property(scenario, ({ account: a, history, now, playbook }) => {
        const forward = decide({ account: a, history, playbook, now: new Date(now) });
        const reversed = decide({ account: a, history: [...history].reverse(), playbook, now: new Date(now) });
        expect(reversed).toEqual(forward);
      }),
      { numRuns: 200 },
    );
  });
});
