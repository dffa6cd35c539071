import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadStageConfig, parseStageConfig, StageConfigError } from '../../lib/config';
import { rawConfig } from './helpers';

function problems(raw: unknown): string[] {
  try {
    parseStageConfig(raw);
  } catch (e) {
    expect(e).toBeInstanceOf(StageConfigError);
    return (e as StageConfigError).problems;
  }
  throw new Error('expected the configuration to be rejected');
}

describe('stage configuration', () => {
  it('loads config/dev.json with defaults applied', () => {
    const c = loadStageConfig('dev');
    expect(c).toMatchObject({
      stage: 'dev',
      account: '111111111111',
      region: 'us-east-1',
      removalPolicy: 'destroy',
      channelProvider: 'sms-voice-v2+ses',
      billingAccountIds: [],
    });
    expect(c.sms.createConfigurationSet).toBe(true);
  });

  it('accepts config/prod.example.json, which retains data', () => {
    const c = parseStageConfig(rawConfig('prod.example.json'));
    expect(c.removalPolicy).toBe('retain');
    expect(c.stage).toBe('prod');
  });

  it('validates the contact block: collector type, a voicemail-safe business name, an ISO default phone country', () => {
    expect(parseStageConfig(rawConfig('dev.json')).contact).toEqual({ collectorType: 'debt-collector', defaultPhoneCountry: 'US' });
    const contact = { collectorType: 'first-party-creditor', voicemailBusinessName: 'Northwind Services', defaultPhoneCountry: 'GB' };
    expect(parseStageConfig({ ...rawConfig('dev.json'), contact }).contact).toEqual(contact);
    expect(problems({ ...rawConfig('dev.json'), contact: { collectorType: 'agency', defaultPhoneCountry: 'UK' } })).toEqual([
      expect.stringMatching(/^contact\.collectorType: one of first-party-creditor, debt-collector/),
      expect.stringMatching(/^contact\.defaultPhoneCountry: an ISO 3166-1 alpha-2 country code/),
    ]);
    expect(problems({ ...rawConfig('dev.json'), contact: { voicemailBusinessName: 'Northwind Recuperación de Deudas' } })).toEqual([
      expect.stringMatching(/^contact\.voicemailBusinessName: says "Recuperación".*1006\.2\(j\)/),
    ]);
  });

  it('names the field when the account is not 12 digits', () => {
    expect(problems({ ...rawConfig('dev.json'), account: '1234' })).toEqual([expect.stringMatching(/^account: a 12-digit AWS account id/)]);
  });

  it('accepts a shipped experiment and names the known ones for an unknown name', () => {
    expect(parseStageConfig({ ...rawConfig('dev.json'), experiment: 'cx-vs-traditional' }).experiment).toBe('cx-vs-traditional');
    expect(problems({ ...rawConfig('dev.json'), experiment: 'nope' })).toEqual([
      expect.stringMatching(/^experiment: no experiment named nope in experiments\/ \(known: cx-vs-traditional\)/),
    ]);
  });

  it('rejects an unknown time zone and an hour outside 0-23', () => {
    const p = problems({ ...rawConfig('dev.json'), businessTimeZone: 'Mars/Olympus_Mons', sweepHour: 24 });
    expect(p).toEqual(expect.arrayContaining([expect.stringMatching(/^businessTimeZone: /), expect.stringMatching(/^sweepHour: /)]));
  });

  it('requires retain for a production stage', () => {
    expect(problems({ ...rawConfig('prod.example.json'), removalPolicy: 'destroy' })).toEqual([
      expect.stringMatching(/^removalPolicy: must be 'retain'/),
    ]);
  });

  it('requires a Pinpoint project id when the provider is pinpoint', () => {
    expect(problems({ ...rawConfig('dev.json'), channelProvider: 'pinpoint' })).toEqual([
      expect.stringMatching(/^pinpointApplicationId: required/),
    ]);
    expect(() =>
      parseStageConfig({
        ...rawConfig('dev.json'),
        channelProvider: 'pinpoint',
        pinpointApplicationId: '0123456789abcdef0123456789abcdef',
      }),
    ).not.toThrow();
  });

  it('rejects an E.164 number as origination identity (IAM cannot scope it)', () => {
    const raw = rawConfig('dev.json');
    expect(problems({ ...raw, sms: { ...raw.sms, originationIdentity: '+12065550123' } })).toEqual([
      expect.stringMatching(/^sms\.originationIdentity: /),
    ]);
  });

  it('accepts an E.164 origination number only for pinpoint', () => {
    const raw = rawConfig('dev.json');
    expect(() =>
      parseStageConfig({
        ...raw,
        channelProvider: 'pinpoint',
        pinpointApplicationId: '0123456789abcdef0123456789abcdef',
        sms: { originationIdentity: '+18005550123' },
      }),
    ).not.toThrow();
  });

  it('requires an existing configuration set name when none is created', () => {
    const raw = rawConfig('dev.json');
    expect(problems({ ...raw, sms: { ...raw.sms, createConfigurationSet: false } })).toEqual([
      expect.stringMatching(/^sms\.configurationSetName: required when createConfigurationSet is false/),
    ]);
  });

  it('requires the from address to belong to the SES identity', () => {
    expect(problems({ ...rawConfig('dev.json'), email: { fromAddress: 'billing@other.org', sesIdentity: 'example.com' } })).toEqual([
      expect.stringMatching(/^email\.fromAddress: must be the SES identity example\.com/),
    ]);
  });

  it('rejects unknown fields, a non-https payment URL and a bad log retention', () => {
    const p = problems({ ...rawConfig('dev.json'), paymentUrl: 'http://pay.example.com', logRetentionDays: 31, colour: 'red' });
    expect(p).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^paymentUrl: /),
        expect.stringMatching(/^logRetentionDays: /),
        expect.stringMatching(/colour/),
      ]),
    );
  });

  it('defaults the portal to the postal-code check and 14-day links', () => {
    const raw: Record<string, unknown> = { ...rawConfig('dev.json') };
    delete raw.portal;
    expect(parseStageConfig(raw).portal).toEqual({ check: 'postal-code', linkTtlDays: 14 });
    expect(parseStageConfig({ ...raw, portal: {} }).portal).toEqual({ check: 'postal-code', linkTtlDays: 14 });
    expect(parseStageConfig({ ...raw, portal: { check: 'phone-last4' } }).portal).toEqual({ check: 'phone-last4', linkTtlDays: 14 });
    expect(loadStageConfig('dev').portal).toEqual({ check: 'postal-code', linkTtlDays: 14 });
    expect(parseStageConfig(rawConfig('prod.example.json')).portal.check).toBe('postal-code');
  });

  it('names the portal field that is wrong', () => {
    const raw = rawConfig('dev.json');
    expect(problems({ ...raw, portal: { check: 'birthday' } })).toEqual([
      expect.stringMatching(/^portal\.check: one of postal-code, phone-last4, postal-code\+phone-last4, date-of-birth/),
    ]);
    for (const linkTtlDays of [0, 2.5, 91, '14']) {
      expect(problems({ ...raw, portal: { linkTtlDays } }), String(linkTtlDays)).toEqual([
        expect.stringMatching(/^portal\.linkTtlDays: a whole number of days from 1 to 90/),
      ]);
    }
    expect(problems({ ...raw, portal: { check: 'postal-code', domain: 'x.example.com' } })).toEqual([
      expect.stringMatching(/^portal\.domain: unknown field/),
    ]);
  });

  it("takes the portal lockout policy: stages increasing, locks bounded, the last revoking, counts kept at least a link's life", () => {
    const raw = rawConfig('dev.json');
    const lockout = {
      stages: [{ failures: 3, lockMinutes: 30 }, { failures: 8, lockMinutes: 240 }, { failures: 12 }],
      forgetAfterDays: 30,
    };
    expect(parseStageConfig({ ...raw, portal: { lockout } }).portal.lockout).toEqual(lockout);
    const withStages = (stages: unknown[], forgetAfterDays = 14) => problems({ ...raw, portal: { lockout: { stages, forgetAfterDays } } });
    expect(withStages([{ failures: 5, lockMinutes: 15 }, { failures: 5 }])).toEqual([
      expect.stringMatching(/^portal\.lockout\.stages: stages must be in increasing order of failures/),
    ]);
    expect(
      withStages([
        { failures: 5, lockMinutes: 15 },
        { failures: 10, lockMinutes: 60 },
      ]),
    ).toEqual([expect.stringMatching(/^portal\.lockout\.stages: every stage but the last locks/)]);
    expect(withStages([{ failures: 5, lockMinutes: 20_000 }, { failures: 10 }])).toEqual([
      expect.stringMatching(/^portal\.lockout\.stages\.0\.lockMinutes: a whole number of minutes from 1 to 10080/),
    ]);
    expect(withStages([{ failures: 0, lockMinutes: 15 }, { failures: 10 }])).toEqual([
      expect.stringMatching(/^portal\.lockout\.stages\.0\.failures: a whole number of wrong answers/),
    ]);
    expect(withStages([{ failures: 5 }], 400)).toEqual([
      expect.stringMatching(/^portal\.lockout\.forgetAfterDays: a whole number of days from 1 to 365/),
    ]);
    expect(withStages([{ failures: 5, lockMinutes: 15, unlockBy: 'sms' }, { failures: 10 }])).toEqual([
      expect.stringMatching(/^portal\.lockout\.stages\.0\.unlockBy: unknown field/),
    ]);
    // Forgetting the count before a link expires would give that link a fresh allowance.
    expect(withStages([{ failures: 5 }], 7)).toEqual([
      expect.stringMatching(/^portal\.lockout\.forgetAfterDays: at least the link lifetime \(portal\.linkTtlDays: 14\)/),
    ]);
  });

  it('reports a missing stage file and a stage that does not match its file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'amicable-config-'));
    expect(() => loadStageConfig('qa', dir)).toThrow(/no configuration file for stage 'qa'/);
    writeFileSync(join(dir, 'qa.json'), JSON.stringify(rawConfig('dev.json')));
    expect(() => loadStageConfig('qa', dir)).toThrow(/stage: 'dev' does not match/);
  });

  it('refuses origination identities and SES identity ARNs of another Region or account, naming the field', () => {
    const dev = rawConfig('dev.json') as { sms: Record<string, unknown>; email: Record<string, unknown> };
    expect(
      problems({
        ...dev,
        sms: { ...dev.sms, originationIdentity: 'arn:aws:sms-voice:eu-west-1:111111111111:pool/pool-0123456789abcdef0123456789abcdef' },
      }),
    ).toEqual([expect.stringMatching(/^sms\.originationIdentity: the ARN is in Region eu-west-1, the stack deploys to us-east-1/)]);
    expect(
      problems({
        ...dev,
        sms: {
          ...dev.sms,
          voiceOriginationIdentity: 'arn:aws:sms-voice:us-east-1:222222222222:phone-number/phone-0123456789abcdef0123456789abcdef',
        },
      }),
    ).toEqual([expect.stringMatching(/^sms\.voiceOriginationIdentity: the ARN belongs to account 222222222222/)]);
    expect(problems({ ...dev, email: { ...dev.email, sesIdentity: 'arn:aws:ses:us-west-2:111111111111:identity/example.com' } })).toEqual([
      expect.stringMatching(/^email\.sesIdentity: the ARN is in Region us-west-2/),
    ]);
    expect(
      parseStageConfig({ ...dev, email: { ...dev.email, sesIdentity: 'arn:aws:ses:us-east-1:111111111111:identity/example.com' } }).email
        .sesIdentity,
    ).toMatch(/identity\/example\.com$/);
  });

  it("names Pinpoint's end of support in the error when channelProvider is pinpoint", () => {
    expect(problems({ ...rawConfig('dev.json'), channelProvider: 'pinpoint' })[0]).toMatch(/end of support on 30 October 2026/);
  });
});
