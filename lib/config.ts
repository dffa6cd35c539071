/**
 * Stage configuration: data, validated at synth. One JSON file per stage under config/, chosen with
 * the CDK context value `stage` (default dev). Every error names the field that is wrong.
 */
import { readFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as z from 'zod';
import { ANALYTICS_DEFAULTS, analyticsConfigSchema } from './analytics';
import { SHIPPED_EXPERIMENT_FILES } from '../functions/commons/strategy';
import { CHECK_KINDS } from '../functions/domain/portal/contract';

const ianaTimeZone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return tz.length > 0;
  } catch {
    return false;
  }
}, 'an IANA time zone such as America/New_York');

/** Phone number, pool or sender ID of End User Messaging SMS and Voice v2: an ARN or its id. */
export const ORIGINATION_IDENTITY_PATTERN =
  /^(arn:aws[a-z-]*:sms-voice:[a-z0-9-]+:\d{12}:(phone-number|pool|sender-id)\/[A-Za-z0-9_+-]+|(phone|pool)-[0-9a-f]{32})$/;

const ORIGINATION_HINT =
  'a phone number or pool ARN (arn:aws:sms-voice:<region>:<account>:phone-number/phone-...|pool/pool-...) or id (phone-<32 hex> | pool-<32 hex>); an E.164 number cannot be scoped in IAM';
/** E.164: accepted only as the Pinpoint origination number (provider 'pinpoint'). */
const E164 = /^\+[1-9]\d{6,14}$/;
const originationIdentity = z
  .string()
  .refine((v) => ORIGINATION_IDENTITY_PATTERN.test(v) || E164.test(v), ORIGINATION_HINT);

const emailAddress = z.email();
const domain = z
  .string()
  .regex(/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i, 'a domain such as example.com');

const httpsUrl = z.url({ protocol: /^https$/, error: 'an https:// URL' });

/** Portal defaults: the ZIP/postcode check, links valid for two weeks. */
export const PORTAL_DEFAULTS = { check: 'postal-code', linkTtlDays: 14 } as const;

const portal = z
  .object({
    /** The identity check the portal asks for before it shows anything. */
    check: z.enum(CHECK_KINDS, { error: `one of ${CHECK_KINDS.join(', ')}` }).default(PORTAL_DEFAULTS.check),
    /** Days a link in a message stays valid. */
    linkTtlDays: z
      .number({ error: 'a whole number of days from 1 to 90' })
      .int('a whole number of days from 1 to 90')
      .min(1, 'a whole number of days from 1 to 90')
      .max(90, 'a whole number of days from 1 to 90')
      .default(PORTAL_DEFAULTS.linkTtlDays),
  })
  .strict();

export const stageConfigSchema = z
  .object({
    /** Stage name; also part of the stack name. */
    stage: z.string().regex(/^[a-z][a-z0-9-]{1,20}$/, 'lowercase letters, digits and hyphens, 2-21 characters'),
    account: z.string().regex(/^\d{12}$/, 'a 12-digit AWS account id'),
    region: z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, 'an AWS Region such as us-east-1'),
    businessTimeZone: ianaTimeZone,
    /** Local hour (0-23, business time zone) when the daily sweep runs. */
    sweepHour: z.number().int().min(0).max(23),
    sms: z.object({
      originationIdentity,
      voiceOriginationIdentity: originationIdentity.optional(),
      createConfigurationSet: z.boolean().default(true),
      /** An existing SMS/voice configuration set, required when createConfigurationSet is false. */
      configurationSetName: z
        .string()
        .regex(/^[A-Za-z0-9_-]{1,64}$/, 'a configuration set name: letters, digits, _ and -')
        .optional(),
    }),
    email: z.object({
      fromAddress: emailAddress,
      /** Verified SES identity: a domain or an email address. */
      sesIdentity: z.union([emailAddress, domain], { error: 'a verified SES identity: a domain or an email address' }),
    }),
    channelProvider: z.enum(['sms-voice-v2+ses', 'pinpoint']).default('sms-voice-v2+ses'),
    pinpointApplicationId: z
      .string()
      .regex(/^[0-9a-f]{32}$/, 'a Pinpoint project (application) id: 32 hex characters')
      .optional(),
    alarmEmail: emailAddress.optional(),
    /** Accounts whose billing systems may put events on the collections bus. */
    billingAccountIds: z.array(z.string().regex(/^\d{12}$/, 'a 12-digit AWS account id')).default([]),
    paymentUrl: httpsUrl,
    helpPhoneNumber: z.string().regex(/^\+[1-9]\d{6,14}$/, 'an E.164 phone number such as +18005550123'),
    /** Optional champion/challenger experiment: a file name in experiments/ (checked at synth). */
    experiment: z
      .string()
      .refine((name) => name in SHIPPED_EXPERIMENT_FILES, {
        error: (issue) => `no experiment named ${String(issue.input)} in experiments/ (known: ${Object.keys(SHIPPED_EXPERIMENT_FILES).join(', ')})`,
      })
      .optional(),
    /** The analytics side: retention of the facts, Athena's per-query scan limit, dashboard currencies. */
    analytics: analyticsConfigSchema.default({ ...ANALYTICS_DEFAULTS }),
    /** The self-service portal: which identity check it asks for, how long links last. */
    portal: portal.default({ ...PORTAL_DEFAULTS }),
    removalPolicy: z.enum(['retain', 'destroy']),
    logRetentionDays: z
      .number()
      .int()
      .refine((d) => LOG_RETENTION_DAYS.includes(d), `one of ${'1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653'}`),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.channelProvider === 'pinpoint' && !c.pinpointApplicationId) {
      ctx.addIssue({
        code: 'custom',
        path: ['pinpointApplicationId'],
        message: "required when channelProvider is 'pinpoint'",
      });
    }
    if (/^prod/.test(c.stage) && c.removalPolicy !== 'retain') {
      ctx.addIssue({
        code: 'custom',
        path: ['removalPolicy'],
        message: "must be 'retain' for a production stage: the tables hold the 3-year audit trail",
      });
    }
    if (c.channelProvider === 'sms-voice-v2+ses') {
      for (const key of ['originationIdentity', 'voiceOriginationIdentity'] as const) {
        const v = c.sms[key];
        if (v !== undefined && !ORIGINATION_IDENTITY_PATTERN.test(v)) {
          ctx.addIssue({ code: 'custom', path: ['sms', key], message: ORIGINATION_HINT });
        }
      }
      if (!c.sms.createConfigurationSet && !c.sms.configurationSetName) {
        ctx.addIssue({
          code: 'custom',
          path: ['sms', 'configurationSetName'],
          message: 'required when createConfigurationSet is false: the send function needs a configuration set',
        });
      }
    }
    const from = c.email.fromAddress.toLowerCase();
    const identity = c.email.sesIdentity.toLowerCase();
    const sameIdentity = identity.includes('@') ? from === identity : from.endsWith(`@${identity}`);
    if (!sameIdentity) {
      ctx.addIssue({
        code: 'custom',
        path: ['email', 'fromAddress'],
        message: `must be the SES identity ${c.email.sesIdentity} or an address in that domain`,
      });
    }
  });

/** CloudWatch Logs retention values (days) that CloudFormation accepts. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

export type StageConfig = z.infer<typeof stageConfigSchema>;
export type StageConfigInput = z.input<typeof stageConfigSchema>;

export class StageConfigError extends Error {
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`invalid stage configuration ${source}:\n  ${problems.join('\n  ')}`);
    this.name = 'StageConfigError';
  }
}

/** Validates a parsed configuration object; throws StageConfigError with one line per bad field. */
export function parseStageConfig(raw: unknown, source = '(inline)'): StageConfig {
  const result = stageConfigSchema.safeParse(raw);
  if (!result.success) {
    throw new StageConfigError(
      source,
      result.error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`),
    );
  }
  return result.data;
}

/** Loads config/<stage>.json (relative to configDir) and validates it. */
export function loadStageConfig(stage: string, configDir = resolve(process.cwd(), 'config')): StageConfig {
  if (!/^[a-z][a-z0-9.-]*$/.test(stage)) {
    throw new StageConfigError(stage, [`stage: '${stage}' is not a valid stage name`]);
  }
  const file = join(configDir, `${stage}.json`);
  if (!existsSync(file)) {
    throw new StageConfigError(file, [`stage: no configuration file for stage '${stage}' (expected ${file})`]);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new StageConfigError(file, [`(root): not valid JSON: ${(e as Error).message}`]);
  }
  const config = parseStageConfig(raw, file);
  if (config.stage !== stage) {
    throw new StageConfigError(file, [`stage: '${config.stage}' does not match the file name's stage '${stage}'`]);
  }
  return config;
}
