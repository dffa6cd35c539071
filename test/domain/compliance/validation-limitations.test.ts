/**
 * Validation notice (1006.34) and overshadowing (1006.38), the Massachusetts and Washington work-number
 * caps, and the statute-of-limitations table deriving time-barred (1006.26).
 */
import { describe, expect, it } from 'vitest';
import { compileProfile, DEFAULT_PROFILE, TEMPLATE_CATALOGS } from '../../../functions/domain/rules';
import { overshadowingTemplates, type CatalogLike } from '../../../functions/domain/rules/content';
import { US_STATUTE_OF_LIMITATIONS } from '../../../functions/domain/rules/statute-of-limitations';
import { addBusinessDays, validationPeriodOf } from '../../../functions/domain/rules/validation-notice';
import { usFederalHolidays } from '../../../functions/domain/rules/us-federal-holidays';
import opmHolidays from './fixtures/opm-federal-holidays-2026-2028.json';
import { decideAt, june, oneChannelPlaybook, ruleIds, sent } from './helpers';

const day = (d: number, hhmm = '15:00', month = '06') => `2026-${month}-${String(d).padStart(2, '0')}T${hhmm}:00.000Z`;
const smsOnly = oneChannelPlaybook('sms');
const voiceOnly = oneChannelPlaybook('voice');
const params = DEFAULT_PROFILE.validation!.params;
const noNotice = () => june({ compliance: { validationNoticeSentAt: undefined } });

describe('Reg F 1006.34: validation notice with or within 5 days of the first communication', () => {
  const tracked = (extra = {}) => june({ compliance: { validationNoticeSentAt: undefined, validationNoticeRequired: true, ...extra } });
  const first = [sent(day(1), 'sms', 'sms-1')];

  it('escalates to a person when the first communication was more than 5 days ago and no notice is recorded', () => {
    const d = decideAt(day(8), tracked(), first, { playbook: smsOnly });
    expect(d.action).toEqual({ type: 'escalate', reason: 'validation-notice-missing' });
    expect(d.reasons.filter((r) => !r.ruleId.startsWith('profile.'))).toEqual([
      expect.objectContaining({
        ruleId: 'regf.validation-notice',
        effect: 'suppressed',
        detail: expect.stringMatching(/no validation notice is recorded within 5 days/),
      }),
    ]);
  });

  it('allows contact within the 5 days (the next message carries the notice), and once the notice is recorded', () => {
    const early = decideAt(day(5), tracked(), first, { playbook: smsOnly });
    expect(early.action).toMatchObject({ type: 'contact', template: 'validation-notice' });
    expect(early.reasons.find((r) => r.ruleId === 'regf.validation-notice')?.detail).toMatch(/due by 2026-06-06/);
    const noticed = decideAt(day(8), tracked({ validationNoticeSentAt: day(1) }), first, { playbook: smsOnly });
    expect(noticed.action.type).toBe('contact');
    expect(noticed.reasons.find((r) => r.ruleId === 'regf.validation-notice')?.detail).toMatch(
      /validation notice sent on 2026-06-01; the validation period runs until 2026-07-08 \(receipt assumed 2026-06-08\)/,
    );
  });

  it('a notice recorded after the decision time does not count', () => {
    expect(decideAt(day(8), tracked({ validationNoticeSentAt: day(9) }), first, { playbook: smsOnly }).action.type).toBe('escalate');
  });

  it('the first message carries the notice when none is recorded (never a voicemail), and then the period runs from it', () => {
    const d = decideAt(day(1), noNotice(), [], { playbook: smsOnly });
    expect(d.action).toMatchObject({ type: 'contact', channel: 'sms', template: 'validation-notice' });
    expect(d.reasons).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          ruleId: 'regf.validation-notice',
          effect: 'allowed',
          detail: expect.stringMatching(/carries the validation notice/),
        }),
      ]),
    );
    const voice = decideAt(day(1), noNotice(), [], { playbook: voiceOnly });
    expect(voice.action.type).not.toBe('contact');
    // Once it went out, the next message is the playbook's own.
    const after = decideAt(day(5), noNotice(), [sent(day(1), 'sms', 's1', { template: 'validation-notice' })], { playbook: smsOnly });
    expect(after.action).not.toMatchObject({ template: 'validation-notice' });
  });

  it('accounts whose billing system sends its own notices (validationNoticeRequired: false) are not escalated, and the reason says so', () => {
    const d = decideAt(day(8), june({ compliance: { validationNoticeSentAt: undefined, validationNoticeRequired: false } }), first, {
      playbook: smsOnly,
    });
    expect(d.action.type).toBe('contact');
    expect(d.reasons.find((r) => r.ruleId === 'regf.validation-notice')?.detail).toMatch(/not enforced for this account/);
  });

  it('assumes receipt 5 business days after sending, skipping weekends and federal holidays', () => {
    // Thu 2 July 2026: Fri 3 July is Independence Day observed, then a weekend.
    const { receipt, end } = validationPeriodOf(Date.parse('2026-07-02T12:00:00Z'), params);
    expect(new Date(receipt).toISOString()).toBe('2026-07-10T00:00:00.000Z');
    expect(new Date(end).toISOString()).toBe('2026-08-10T00:00:00.000Z');
    // Wed 25 Nov 2026: Thanksgiving on the 26th.
    expect(new Date(addBusinessDays(Date.parse('2026-11-25T09:00:00Z'), 5)).toISOString()).toBe('2026-12-03T00:00:00.000Z');
    // Fri 24 Dec 2027 and Fri 31 Dec 2027 are observed holidays.
    expect(new Date(addBusinessDays(Date.parse('2027-12-23T09:00:00Z'), 5)).toISOString()).toBe('2028-01-03T00:00:00.000Z');
  });

  it("computes holidays by rule: OPM's published 2026-2028 schedule, observed dates included", () => {
    const computed = [2026, 2027, 2028].flatMap((y) => usFederalHolidays(y).map((h) => h.date));
    expect(computed).toEqual(opmHolidays.holidays.map((h) => h.date));
  });

  it('never runs out: 2035 (Veterans Day on a Sunday is observed on Monday 12 November)', () => {
    expect(usFederalHolidays(2035).map((h) => h.date)).toEqual([
      '2035-01-01',
      '2035-01-15',
      '2035-02-19',
      '2035-05-28',
      '2035-06-19',
      '2035-07-04',
      '2035-09-03',
      '2035-10-08',
      '2035-11-12',
      '2035-11-22',
      '2035-12-25',
    ]);
    // Wed 21 Nov 2035: Thanksgiving on the 22nd, then a weekend.
    expect(new Date(addBusinessDays(Date.parse('2035-11-21T09:00:00Z'), 5)).toISOString()).toBe('2035-11-29T00:00:00.000Z');
  });
});

describe('Reg F 1006.38: nothing overshadows the validation notice during the validation period', () => {
  // A profile whose overshadowing wording matches the shipped friendly reminder, to show the refusal.
  const strict = compileProfile({
    id: 'US-OV',
    extends: 'US',
    name: 'Overshadowing test',
    version: 'ov.1',
    rules: [
      {
        id: 'regf.validation-notice',
        kind: 'validation-notice',
        sendWithinDays: 5,
        receiptBusinessDays: 5,
        periodDays: 30,
        overshadowingPatterns: ['friendly reminder', 'recordatorio amable'],
        description: 'Test: the friendly reminder counts as overshadowing.',
        source: '12 CFR 1006.38',
      },
    ],
  });

  it('refuses an overshadowing template in the period and names the rule', () => {
    const d = decideAt(day(2), june({ compliance: { validationNoticeSentAt: day(1) } }), [], { playbook: smsOnly, profile: strict });
    expect(d.action).toEqual({ type: 'close', reason: 'no-usable-channel' });
    expect(d.reasons).toContainEqual(
      expect.objectContaining({
        ruleId: 'regf.validation-notice',
        effect: 'blocked',
        channel: 'sms',
        detail: expect.stringMatching(/overshadows the validation notice/),
      }),
    );
  });

  it('refuses it before any notice is recorded, and allows it after the period', () => {
    expect(decideAt(day(2), noNotice(), [], { playbook: smsOnly, profile: strict }).action.type).toBe('close');
    const after = decideAt(day(20, '15:00', '07'), june({ compliance: { validationNoticeSentAt: day(1) } }), [], {
      playbook: smsOnly,
      profile: strict,
    });
    expect(after.action).toMatchObject({ type: 'contact', channel: 'sms' });
  });

  it('the content lint marks overshadowing wording; the shipped catalogs have none', () => {
    const patterns = DEFAULT_PROFILE.validation!.overshadowingPatterns;
    for (const catalog of TEMPLATE_CATALOGS) expect(overshadowingTemplates(catalog, patterns)).toEqual([]);
    const bad: CatalogLike = {
      language: 'en',
      common: { smsOptOut: 'Reply STOP', emailOptOut: 'Unsubscribe' },
      templates: {
        urgent: {
          sms: 'Pay immediately or else.',
          email: { subject: 'FINAL DEMAND', paragraphs: ['Pay within 48 hours.'] },
          voice: ['Hello.'],
        },
      },
    };
    expect(overshadowingTemplates(bad, patterns)).toEqual([
      { template: 'urgent', channel: 'sms', phrase: 'Pay immediately' },
      { template: 'urgent', channel: 'email', phrase: 'FINAL DEMAND' },
    ]);
  });
});

describe('work numbers: Massachusetts 2 calls in 30 days, Washington 1 contact a week at work', () => {
  const ma = (phoneType: 'work' | 'mobile') =>
    june({ jurisdiction: 'US-MA', customer: { phone: '+16175550123', address: { country: 'US', region: 'MA' }, phoneType } });
  const wa = (phoneType: 'work' | 'mobile') =>
    june({ jurisdiction: 'US-WA', customer: { phone: '+12065550123', address: { country: 'US', region: 'WA' }, phoneType } });

  it('Massachusetts: a third call to a work number within 30 days waits for the first to leave the period', () => {
    const history = [sent(day(1), 'voice', 'voice-1'), sent(day(12), 'voice', 'voice-2')];
    const d = decideAt(day(25), ma('work'), history, { playbook: voiceOnly });
    expect(d.action).toEqual({ type: 'wait', until: day(1, '15:00', '07') });
    expect(ruleIds(d, 'deferred')).toEqual(['ma.other-number-cap']);
    expect(decideAt(day(25), ma('mobile'), history, { playbook: voiceOnly }).action.type).toBe('contact');
  });

  it('Washington: one contact a week to a work number; a mobile gets the ordinary three', () => {
    const history = [sent(day(3), 'sms', 'sms-1')];
    const d = decideAt(day(6), wa('work'), history, { playbook: smsOnly });
    expect(d.action).toEqual({ type: 'wait', until: day(10) });
    expect(ruleIds(d, 'deferred')).toEqual(['wa.work-cap']);
    expect(decideAt(day(6), wa('mobile'), history, { playbook: smsOnly }).action.type).toBe('contact');
  });
});

describe('statute of limitations (1006.26): time-barred derived from the state table', () => {
  const ca = (compliance: object) => june({ customer: { address: { country: 'US', region: 'CA' } }, compliance });
  // A profile whose legal-threat wording matches the shipped friendly reminder, to show the lint applies.
  const lint = compileProfile({
    id: 'US-TB',
    extends: 'US',
    name: 'Time-barred test',
    version: 'tb.1',
    rules: [
      {
        id: 'regf.time-barred',
        kind: 'time-barred',
        legalThreatPatterns: ['friendly reminder'],
        description: 'Test: the friendly reminder counts as a legal threat.',
        source: '12 CFR 1006.26(b)',
      },
    ],
  });

  it('has the 50 states and DC, each with both periods; uncertain ones are marked verify', () => {
    const states = Object.keys(US_STATUTE_OF_LIMITATIONS.states);
    expect(states).toHaveLength(51);
    expect(states).toContain('DC');
    expect(US_STATUTE_OF_LIMITATIONS.states.CA).toEqual({ writtenContract: 4, openAccount: 4 });
  });

  it("derives time-barred from the last payment and the customer's state, and the legal-threat lint applies", () => {
    const d = decideAt(day(2), ca({ lastPaymentAt: '2021-05-01T00:00:00Z' }), [], { playbook: smsOnly, profile: lint });
    expect(d.reasons.find((r) => r.ruleId === 'us.statute-of-limitations')?.detail).toMatch(
      /^time-barred: the limitations period \(CA: 4 years/,
    );
    expect(d.reasons).toContainEqual(expect.objectContaining({ ruleId: 'regf.time-barred', effect: 'blocked', channel: 'sms' }));
    expect(d.action.type).toBe('close');
  });

  it("not yet time-barred, or no date, or the billing system's flag: the lint does not apply", () => {
    expect(decideAt(day(2), ca({ lastPaymentAt: '2023-05-01T00:00:00Z' }), [], { playbook: smsOnly, profile: lint }).action.type).toBe(
      'contact',
    );
    expect(
      decideAt(day(2), ca({ chargedOffAt: '2020-01-01T00:00:00Z', timeBarred: false }), [], { playbook: smsOnly, profile: lint }).action
        .type,
    ).toBe('contact');
    expect(decideAt(day(2), ca({}), [], { playbook: smsOnly, profile: lint }).action.type).toBe('contact');
  });

  it('uses the charge-off date when no payment is recorded, the shorter period by default, and the debt type when given', () => {
    const il = (compliance: object) => june({ compliance });
    // Illinois: 10 years written, 5 open account.
    expect(decideAt(day(2), il({ chargedOffAt: '2020-06-01T00:00:00Z' }), [], { playbook: smsOnly, profile: lint }).action.type).toBe(
      'close',
    );
    expect(
      decideAt(day(2), il({ chargedOffAt: '2020-06-01T00:00:00Z', debtType: 'written-contract' }), [], { playbook: smsOnly, profile: lint })
        .action.type,
    ).toBe('contact');
  });
});
