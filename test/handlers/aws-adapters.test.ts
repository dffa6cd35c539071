import { beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import {
  DescribeExecutionCommand,
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { GenerateMacCommand, InvalidKeyUsageException, KMSClient } from '@aws-sdk/client-kms';
import { KmsMac } from '../../functions/adapters/link-mac';
import { executionArnFor, SfnJourneyStarter } from '../../functions/adapters/journey-starter-sfn';
import { EventBridgePublisher } from '../../functions/adapters/event-publisher-eventbridge';
import { dependenciesFromEnvironment, type AwsWiring } from '../../functions/commons/aws-dependencies';
import { awsPacing } from '../../functions/commons/aws-pacing';
import { awsChannels } from '../../functions/commons/aws-channels';
import { awsBus } from '../../functions/commons/aws-bus';
import { awsGenerations, awsJourneys } from '../../functions/commons/aws-journeys';
import { awsGuard, awsPortal } from '../../functions/commons/aws-portal';
import { DEFAULT_LOCKOUT } from '../../functions/domain/portal/lockout';
import { journeyExecutionName } from '../../functions/domain/journey-name';

const SM = 'arn:aws:states:eu-west-1:123456789012:stateMachine:amicable-journey';

/** Every port a function may wire (the portal function's set plus journeys). */
const ALL_PORTS: AwsWiring = {
  channels: awsChannels,
  journeys: awsJourneys,
  generations: awsGenerations,
  bus: awsBus,
  portal: awsPortal,
  guard: awsGuard,
};

describe('SfnJourneyStarter', () => {
  const sfn = mockClient(SFNClient);
  beforeEach(() => sfn.reset());
  const starter = () => new SfnJourneyStarter(new SFNClient({ region: 'eu-west-1' }), SM);

  it('derives the execution ARN from the state machine ARN', () => {
    expect(executionArnFor(SM, 'a--c')).toBe('arn:aws:states:eu-west-1:123456789012:execution:amicable-journey:a--c');
    expect(() => executionArnFor('arn:aws:lambda:eu-west-1:1:function:x', 'a')).toThrow('not a state machine ARN');
  });

  it('starts generation 0 with the deterministic name and {accountId, cycleId, generation, loops}; an existing execution is alreadyStarted', async () => {
    sfn
      .on(StartExecutionCommand)
      .resolvesOnce({ executionArn: 'x', startDate: new Date() })
      .rejectsOnce(new ExecutionAlreadyExists({ message: 'exists', $metadata: {} }));
    expect(await starter().start({ accountId: 'A1', cycleId: 'C1' })).toEqual({ executionName: 'A1--C1', alreadyStarted: false });
    expect(await starter().start({ accountId: 'A1', cycleId: 'C1' })).toEqual({ executionName: 'A1--C1', alreadyStarted: true });
    const input = sfn.commandCalls(StartExecutionCommand)[0].args[0].input;
    expect(input).toEqual({
      stateMachineArn: SM,
      name: journeyExecutionName('A1', 'C1'),
      input: '{"accountId":"A1","cycleId":"C1","generation":0,"loops":0}',
    });
  });

  it('isRunning: RUNNING is true, finished or missing is false, other errors propagate', async () => {
    sfn
      .on(DescribeExecutionCommand)
      .resolvesOnce({ status: 'RUNNING' } as never)
      .resolvesOnce({ status: 'FAILED' } as never)
      .rejectsOnce(new ExecutionDoesNotExist({ message: 'nope', $metadata: {} }))
      .rejectsOnce(Object.assign(new Error('denied'), { name: 'AccessDeniedException' }));
    const ref = { accountId: 'A1', cycleId: 'C1' };
    expect(await starter().isRunning(ref)).toBe(true);
    expect(await starter().isRunning(ref)).toBe(false);
    expect(await starter().isRunning(ref)).toBe(false);
    await expect(starter().isRunning(ref)).rejects.toThrow('denied');
    expect(sfn.commandCalls(DescribeExecutionCommand)[0].args[0].input.executionArn).toBe(executionArnFor(SM, 'A1--C1'));
  });
});

describe('EventBridgePublisher', () => {
  const eb = mockClient(EventBridgeClient);
  beforeEach(() => eb.reset());

  it('puts one entry with source amicable on the bus, and throws when the entry failed', async () => {
    eb.on(PutEventsCommand)
      .resolvesOnce({ FailedEntryCount: 0, Entries: [{ EventId: '1' }] })
      .resolvesOnce({ FailedEntryCount: 1, Entries: [{ ErrorCode: 'InternalFailure', ErrorMessage: 'try later' }] });
    const publisher = new EventBridgePublisher(new EventBridgeClient({ region: 'eu-west-1' }), 'collections');
    await publisher.publish('AgentHandoffRequested', { accountId: 'A1' });
    expect(eb.commandCalls(PutEventsCommand)[0].args[0].input.Entries).toEqual([
      { Source: 'amicable', DetailType: 'AgentHandoffRequested', Detail: '{"accountId":"A1"}', EventBusName: 'collections' },
    ]);
    await expect(publisher.publish('AgentHandoffRequested', { accountId: 'A1' })).rejects.toThrow(/InternalFailure/);
  });
});

describe('dependenciesFromEnvironment', () => {
  const tables = { STATE_TABLE_NAME: 's', LEDGER_TABLE_NAME: 'l', IDEMPOTENCY_TABLE_NAME: 'i' };

  it('names every missing table variable at once', () => {
    expect(() => dependenciesFromEnvironment({ STATE_TABLE_NAME: 's' })).toThrow(/LEDGER_TABLE_NAME.*IDEMPOTENCY_TABLE_NAME/);
  });

  it('validates the other parts only when they are used, naming the variable', () => {
    const deps = dependenciesFromEnvironment({ ...tables, BUSINESS_TIME_ZONE: 'Europe/London' }, ALL_PORTS);
    expect(deps.settings.businessTimeZone).toBe('Europe/London');
    expect(() => deps.journeys).toThrow(/JOURNEY_STATE_MACHINE_ARN/);
    expect(() => deps.bus).toThrow(/EVENT_BUS_NAME/);
    expect(() => deps.settings.paymentUrl).toThrow(/PAYMENT_URL/);
    expect(() => deps.channels).toThrow(/SMS_ORIGINATION_IDENTITY/);
  });

  it('builds only the ports the function wires: another one throws when used, an optional one is absent', () => {
    const env = { ...tables, EVENT_BUS_NAME: 'collections', PORTAL_LINK_KEY_ID: 'key', PORTAL_BASE_URL: 'https://d111.cloudfront.net' };
    const deps = dependenciesFromEnvironment(env, { bus: awsBus });
    expect(deps.bus).toBeInstanceOf(EventBridgePublisher);
    expect(deps.portal).toBeUndefined();
    for (const port of ['channels', 'journeys', 'generations', 'guard'] as const) {
      expect(() => deps[port], port).toThrow(new RegExp(`${port} is not wired into this function`));
    }
  });

  it('paces only where the function wires pacing (the decide function), validating SEND_PACING at once', () => {
    const SEND_PACING = JSON.stringify({
      capacity: {
        sms: { partsPerSecond: 1, partsPerMessage: 1, urgentShare: 0 },
        voice: { callsPerSecond: 1 },
        email: { messagesPerSecond: 14 },
      },
      identities: { sms: 'pool-paced', voice: 'phone-v', email: 'example.com' },
    });
    const wiring = { pacing: awsPacing };
    const paced = dependenciesFromEnvironment({ ...tables, SEND_PACING }, wiring).pacing;
    expect(paced?.identities.sms).toBe('pool-paced');
    expect(paced?.slots).toBeDefined();
    expect(dependenciesFromEnvironment(tables, wiring).pacing).toBeUndefined();
    expect(dependenciesFromEnvironment({ ...tables, SEND_PACING }).pacing).toBeUndefined();
    expect(() => dependenciesFromEnvironment({ ...tables, SEND_PACING: '{' }, wiring)).toThrow(/pacing.*SEND_PACING is not JSON/);
  });

  it('reads the contact settings (collector type, voicemail name, default phone country), naming a bad one', () => {
    const defaults = dependenciesFromEnvironment(tables).settings;
    expect([defaults.collectorType, defaults.defaultPhoneCountry, defaults.voicemailBusinessName]).toEqual([
      'debt-collector',
      'US',
      undefined,
    ]);
    const set = dependenciesFromEnvironment({
      ...tables,
      COLLECTOR_TYPE: 'first-party-creditor',
      DEFAULT_PHONE_COUNTRY: 'GB',
      VOICEMAIL_BUSINESS_NAME: 'Northwind Services',
    }).settings;
    expect([set.collectorType, set.defaultPhoneCountry, set.voicemailBusinessName]).toEqual([
      'first-party-creditor',
      'GB',
      'Northwind Services',
    ]);
    expect(() => dependenciesFromEnvironment({ ...tables, DEFAULT_PHONE_COUNTRY: 'XX' }).settings.defaultPhoneCountry).toThrow(
      /DEFAULT_PHONE_COUNTRY/,
    );
    expect(() => dependenciesFromEnvironment({ ...tables, COLLECTOR_TYPE: 'agency' }).settings.collectorType).toThrow(/COLLECTOR_TYPE/);
    expect(
      () => dependenciesFromEnvironment({ ...tables, VOICEMAIL_BUSINESS_NAME: 'Acme Collections' }).settings.voicemailBusinessName,
    ).toThrow(/VOICEMAIL_BUSINESS_NAME.*Collections/);
  });

  it('builds every part from a complete environment', () => {
    const deps = dependenciesFromEnvironment(
      {
        ...tables,
        JOURNEY_STATE_MACHINE_ARN: SM,
        EVENT_BUS_NAME: 'collections',
        PAYMENT_URL: 'https://pay.example.com',
        HELP_PHONE_NUMBER: '+18005550100',
        CHANNEL_PROVIDER: 'pinpoint',
        PINPOINT_APPLICATION_ID: 'app',
        EMAIL_FROM_ADDRESS: 'billing@example.com',
        EMAIL_CONFIGURATION_SET: 'amicable-email',
      },
      ALL_PORTS,
    );
    expect(deps.journeys).toBeInstanceOf(SfnJourneyStarter);
    expect(deps.journeys).toBe(deps.journeys);
    expect(deps.bus).toBeInstanceOf(EventBridgePublisher);
    expect(deps.settings).toMatchObject({ paymentUrl: 'https://pay.example.com', businessTimeZone: 'America/New_York' });
    expect(deps.channels).toBeDefined();
    expect(deps.idempotency.tableName).toBe(tables.IDEMPOTENCY_TABLE_NAME);
  });
});

describe('portal links through KMS', () => {
  const kms = mockClient(KMSClient);
  beforeEach(() => kms.reset());
  const tables = { STATE_TABLE_NAME: 's', LEDGER_TABLE_NAME: 'l', IDEMPOTENCY_TABLE_NAME: 'i' };
  const KEY = 'arn:aws:kms:eu-west-1:123456789012:key/hmac-1';

  it('KmsMac asks KMS for an HMAC-SHA-256 of the exact message and returns it base64url', async () => {
    const mac = Uint8Array.from({ length: 32 }, (_, i) => i * 7);
    kms.on(GenerateMacCommand).resolves({ Mac: mac, KeyId: KEY, MacAlgorithm: 'HMAC_SHA_256' });
    expect(await new KmsMac(new KMSClient({ region: 'eu-west-1' }), KEY).mac('amicable-portal|link|abc|123')).toBe(
      Buffer.from(mac).toString('base64url'),
    );
    const input = kms.commandCalls(GenerateMacCommand)[0].args[0].input;
    expect(input).toMatchObject({ KeyId: KEY, MacAlgorithm: 'HMAC_SHA_256' });
    expect(new TextDecoder().decode(input.Message)).toBe('amicable-portal|link|abc|123');
  });

  it('a KMS error (wrong key usage, key disabled) reaches the caller: no link is ever signed without the key', async () => {
    kms.on(GenerateMacCommand).rejects(new InvalidKeyUsageException({ message: 'key usage is ENCRYPT_DECRYPT', $metadata: {} }));
    await expect(new KmsMac(new KMSClient({ region: 'eu-west-1' }), KEY).mac('x')).rejects.toThrow(InvalidKeyUsageException);
  });

  it('the senders and the portal get the portal from their environment; a bad setting names the variable', () => {
    const portal = {
      PORTAL_LINK_KEY_ID: KEY,
      PORTAL_BASE_URL: 'https://d111.cloudfront.net',
      PORTAL_CHECK: 'phone-last4',
      PORTAL_LINK_TTL_DAYS: '7',
    };
    const deps = dependenciesFromEnvironment({ ...tables, ...portal }, ALL_PORTS);
    expect(deps.portal).toMatchObject({ baseUrl: 'https://d111.cloudfront.net', check: 'phone-last4', linkTtlDays: 7 });
    expect(deps.portal?.mac).toBeInstanceOf(KmsMac);
    expect(dependenciesFromEnvironment(tables, ALL_PORTS).portal).toBeUndefined();
    expect(() => dependenciesFromEnvironment({ ...tables, ...portal, PORTAL_CHECK: 'dob' }, ALL_PORTS)).toThrow(
      /PORTAL_CHECK must be one of postal-code, phone-last4, postal-code\+phone-last4, date-of-birth/,
    );
    expect(() => dependenciesFromEnvironment({ ...tables, ...portal, PORTAL_BASE_URL: 'http://insecure.example.com' }, ALL_PORTS)).toThrow(
      /PORTAL_BASE_URL must be an https URL/,
    );
  });

  it('the portal takes its lockout policy from PORTAL_LOCKOUT (the default without it), refusing a policy that is not one', () => {
    const portal = { PORTAL_LINK_KEY_ID: KEY, PORTAL_BASE_URL: 'https://d111.cloudfront.net' };
    const policy = { stages: [{ failures: 3, lockMinutes: 30 }, { failures: 6 }], forgetAfterDays: 30 };
    const deps = dependenciesFromEnvironment({ ...tables, ...portal, PORTAL_LOCKOUT: JSON.stringify(policy) }, ALL_PORTS);
    expect(deps.portal?.lockout).toEqual(policy);
    expect(deps.guard.policy).toEqual(policy);
    expect(dependenciesFromEnvironment({ ...tables, ...portal }, ALL_PORTS).guard.policy).toEqual(DEFAULT_LOCKOUT);
    expect(() => dependenciesFromEnvironment({ ...tables, ...portal, PORTAL_LOCKOUT: '{stages' }, ALL_PORTS)).toThrow(
      /PORTAL_LOCKOUT is not JSON/,
    );
    const decreasing = { stages: [{ failures: 6, lockMinutes: 30 }, { failures: 3 }], forgetAfterDays: 30 };
    expect(() => dependenciesFromEnvironment({ ...tables, ...portal, PORTAL_LOCKOUT: JSON.stringify(decreasing) }, ALL_PORTS)).toThrow(
      /PORTAL_LOCKOUT: stages: stages must be in increasing order/,
    );
  });
});
