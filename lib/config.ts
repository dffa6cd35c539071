/**
 * Stage configuration: data, validated at synth. One JSON file per stage under config/, chosen with
 * the CDK context value `stage` (default dev). Every error names the field that is wrong.
 */
import { readFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as z from 'zod';
import { ANALYTICS_DEFAULTS, analyticsConfigSchema } from './analytics';
import { CONTACT_DEFAULTS, contactConfigSchema } from './contact-config';
import { REPLY_MODEL_DEFAULTS, repliesConfigSchema } from './reply-model';
import { SHIPPED_EXPERIMENT_FILES } from '../functions/application/strategy';
import { CHECK_KINDS } from '../functions/domain/portal/contract';
import { lockoutPolicySchema } from '../functions/domain/portal/lockout';
import { ianaTimeZoneSchema } from '../functions/domain/schema-primitives';
import { describeIssues } from '../functions/domain/zod-issues';
import { stageCapacitySchema } from './capacity-config';

/** Phone number, pool or sender ID of End User Messaging SMS and Voice v2: an ARN or its id. */
export const ORIGINATION_IDENTITY_PATTERN =
  /^(arn:aws[a-z-]*:sms-voice:[a-z0-9-]+:\d{12}:(phone-number|pool|sender-id)\/[A-Za-z0-9_+-]+|(phone|pool)-[0-9a-f]{32})$/;

const ORIGINATION_HINT =
  'a phone number or pool ARN (arn:aws:sms-voice:<region>:<account>:phone-number/phone-...|pool/pool-...) or id (phone-<32 hex> | pool-<32 hex>); an E.164 number cannot be scoped in IAM';
/** E.164: accepted only as the Pinpoint origination number (provider 'pinpoint'). */
const E164 = /^\+[1-9]\d{6,14}$/;
const originationIdentity = z.string().refine((v) => ORIGINATION_IDENTITY_PATTERN.test(v) || E164.test(v), ORIGINATION_HINT);

const emailAddress = z.email();
/** A verified SES identity named by ARN: arn:aws:ses:<region>:<account>:identity/<domain or address>. */
const SES_IDENTITY_ARN = /^arn:aws[a-z-]*:ses:[a-z0-9-]+:\d{12}:identity\/[^/\s]+$/;

/** The identity an SES identity setting names: the setting itself, or the name inside its ARN. */
export function sesIdentityName(value: string): string {
  return SES_IDENTITY_ARN.test(value) ? value.slice(value.indexOf(':identity/') + ':identity/'.length) : value;
}

/** Region and account of an ARN (arn:partition:service:region:account:resource). */
function arnScope(value: string): { region: string; account: string } | undefined {
  const parts = value.split(':');
  return value.startsWith('arn:') && parts.length >= 6 ? { region: parts[3], account: parts[4] } : undefined;
}

/** Why an ARN cannot be used by this stack: sends are scoped in IAM to the stack's Region and account. */
function foreignArnProblem(value: string, region: string, account: string): string | undefined {
  const scope = arnScope(value);
  // An invalid account or Region already has its own error; comparing against it would add noise.
  if (!scope || !/^\d{12}$/.test(account) || !/^[a-z]{2}(-gov)?-[a-z]+-\d$/.test(region)) return undefined;
  if (scope.region !== region) return `the ARN is in Region ${scope.region}, the stack deploys to ${region}: use a resource in ${region}`;
  if (scope.account !== account)
    return `the ARN belongs to account ${scope.account}, the stack deploys to ${account}: use a resource of ${account}`;
  return undefined;
}

/** Amazon Pinpoint's end of support, said wherever the provider is chosen. */
export const PINPOINT_END_OF_SUPPORT =
  "Amazon Pinpoint reached end of support on 30 October 2026: its projects, campaigns and journeys are gone, its SMS and voice APIs continue under AWS End User Messaging; use channelProvider 'sms-voice-v2+ses'";
const domain = z.string().regex(/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i, 'a domain such as example.com');

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
    /**
     * How wrong answers lock the account's links: stages in increasing order of failures, each locking
     * for lockMinutes (at most a week) but the last, which revokes the links; counts forgotten after
     * forgetAfterDays without a wrong answer (at least a link's life). Absent: DEFAULT_LOCKOUT
     * (functions/domain/portal/lockout.ts: 5 -> 15 min, 10 -> 1 h, 20 -> revoked; 14 days).
     */
    lockout: z.optional(lockoutPolicySchema),
    /**
     * The AWS WAF web ACL on the portal (per-IP limits, AWS common rule set). On by default for a
     * stage named prod*, off otherwise; turning it off on a production stage needs a reason. A stack
     * outside us-east-1 names a web ACL made there (CloudFront web ACLs live only in us-east-1).
     */
    waf: z
      .strictObject({
        enabled: z.boolean(),
        webAclArn: z
          .string()
          .regex(
            /^arn:aws[a-z-]*:wafv2:us-east-1:\d{12}:global\/webacl\/.+$/,
            'a CLOUDFRONT web ACL ARN (arn:aws:wafv2:us-east-1:<account>:global/webacl/...)',
          )
          .optional(),
        reason: z.string().min(10, 'say why the portal has no WAF').optional(),
      })
      .optional(),
    /** The portal's own domain (certificate in us-east-1) and, optionally, the API's (certificate in the stack's Region). */
    customDomain: z
      .strictObject({
        domainNames: z.array(z.string().min(3)).min(1),
        certificateArn: z
          .string()
          .regex(/^arn:aws[a-z-]*:acm:us-east-1:\d{12}:certificate\/.+$/, 'an ACM certificate ARN in us-east-1 (CloudFront)'),
        api: z
          .strictObject({
            domainName: z.string().min(3),
            certificateArn: z.string().regex(/^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/.+$/, 'an ACM certificate ARN'),
          })
          .optional(),
      })
      .optional(),
  })
  .strict();

/** Whether the portal gets a WAF: as configured, else on for production stages. */
export const portalWafEnabled = (c: { stage: string; portal: { waf?: { enabled: boolean } } }): boolean =>
  c.portal.waf?.enabled ?? /^prod/.test(c.stage);

export const stageConfigSchema = z
  .object({
    /** Stage name; also part of the stack name. */
    stage: z.string().regex(/^[a-z][a-z0-9-]{1,20}$/, 'lowercase letters, digits and hyphens, 2-21 characters'),
    account: z.string().regex(/^\d{12}$/, 'a 12-digit AWS account id'),
    region: z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, 'an AWS Region such as us-east-1'),
    businessTimeZone: ianaTimeZoneSchema,
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
      sesIdentity: z.union([emailAddress, domain, z.string().regex(SES_IDENTITY_ARN)], {
        error: 'a verified SES identity: a domain, an email address or its ARN',
      }),
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
        error: (issue) =>
          `no experiment named ${String(issue.input)} in experiments/ (known: ${Object.keys(SHIPPED_EXPERIMENT_FILES).join(', ')})`,
      })
      .optional(),
    /** The analytics side: retention of the facts, Athena's per-query scan limit, dashboard currencies. */
    analytics: analyticsConfigSchema.default({ ...ANALYTICS_DEFAULTS }),
    /** Who the deployment is for the contact rules, its voicemail-safe name, the default phone country. */
    contact: contactConfigSchema.default({ ...CONTACT_DEFAULTS }),
    /** How replies are read: replies.bedrock turns on a second reading by a Bedrock model (lib/reply-model.ts). */
    replies: repliesConfigSchema.default({ bedrock: { ...REPLY_MODEL_DEFAULTS } }),
    /** The self-service portal: which identity check it asks for, how long links last. */
    portal: portal.default({ ...PORTAL_DEFAULTS }),
    /**
     * What each origination identity can send (SMS parts/s, voice calls/s, SES rate, optional daily caps):
     * journeys pace their messages inside it (lib/capacity-config.ts). Absent: DEFAULT_CAPACITY; null: no pacing.
     */
    capacity: stageCapacitySchema,
    removalPolicy: z.enum(['retain', 'destroy']),
    logRetentionDays: z
      .number()
      .int()
      .refine(
        (d) => LOG_RETENTION_DAYS.includes(d),
        `one of ${'1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653'}`,
      ),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.channelProvider === 'pinpoint' && !c.pinpointApplicationId) {
      ctx.addIssue({
        code: 'custom',
        path: ['pinpointApplicationId'],
        message: `required when channelProvider is 'pinpoint' (an existing project only). ${PINPOINT_END_OF_SUPPORT}`,
      });
    }
    // Counts forgotten before a link expires would give an attacker a fresh allowance on the same link.
    if (c.portal.lockout && c.portal.lockout.forgetAfterDays < c.portal.linkTtlDays) {
      ctx.addIssue({
        code: 'custom',
        path: ['portal', 'lockout', 'forgetAfterDays'],
        message: `at least the link lifetime (portal.linkTtlDays: ${c.portal.linkTtlDays}), or a link would outlive the count of its wrong answers`,
      });
    }
    if (/^prod/.test(c.stage) && c.portal.waf?.enabled === false && !c.portal.waf.reason) {
      ctx.addIssue({
        code: 'custom',
        path: ['portal', 'waf', 'reason'],
        message: 'a production stage without the portal WAF must say why',
      });
    }
    if (portalWafEnabled(c) && c.region !== 'us-east-1' && !c.portal.waf?.webAclArn) {
      ctx.addIssue({
        code: 'custom',
        path: ['portal', 'waf', 'webAclArn'],
        message: `a CloudFront web ACL can only be created in us-east-1: deploy this stage there, or create the web ACL in us-east-1 and name it here (stack in ${c.region})`,
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
    for (const [path, value] of [
      [['sms', 'originationIdentity'], c.sms.originationIdentity],
      [['sms', 'voiceOriginationIdentity'], c.sms.voiceOriginationIdentity],
      [['email', 'sesIdentity'], c.email.sesIdentity],
    ] as const) {
      const problem = value === undefined ? undefined : foreignArnProblem(value, c.region, c.account);
      if (problem) ctx.addIssue({ code: 'custom', path: [...path], message: problem });
    }
    const from = c.email.fromAddress.toLowerCase();
    const identity = sesIdentityName(c.email.sesIdentity).toLowerCase();
    const sameIdentity = identity.includes('@') ? from === identity : from.endsWith(`@${identity}`);
    if (!sameIdentity) {
      ctx.addIssue({
        code: 'custom',
        path: ['email', 'fromAddress'],
        message: `must be the SES identity ${sesIdentityName(c.email.sesIdentity)} or an address in that domain`,
      });
    }
  });

/** CloudWatch Logs retention values (days) that CloudFormation accepts. */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

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
    throw new StageConfigError(source, describeIssues(result.error));
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
