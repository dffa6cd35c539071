/**
 * Environment variables the Lambda functions read. The CDK constructs set them from these same names,
 * so a rename cannot drift between infrastructure and code.
 */
export const ENV = {
  stateTable: 'STATE_TABLE_NAME',
  ledgerTable: 'LEDGER_TABLE_NAME',
  idempotencyTable: 'IDEMPOTENCY_TABLE_NAME',
  stateMachineArn: 'JOURNEY_STATE_MACHINE_ARN',
  eventBusName: 'EVENT_BUS_NAME',
  /** 'sms-voice-v2+ses' (default) or 'pinpoint'. */
  channelProvider: 'CHANNEL_PROVIDER',
  smsOriginationIdentity: 'SMS_ORIGINATION_IDENTITY',
  smsConfigurationSet: 'SMS_CONFIGURATION_SET',
  voiceOriginationIdentity: 'VOICE_ORIGINATION_IDENTITY',
  emailFromAddress: 'EMAIL_FROM_ADDRESS',
  emailConfigurationSet: 'EMAIL_CONFIGURATION_SET',
  pinpointApplicationId: 'PINPOINT_APPLICATION_ID',
  businessTimeZone: 'BUSINESS_TIME_ZONE',
  /** 'debt-collector' (default) or 'first-party-creditor': which contact rules bind the deployment. */
  collectorType: 'COLLECTOR_TYPE',
  /** Optional: the business name a voicemail speaks when the creditor's name reveals debt collection. */
  voicemailBusinessName: 'VOICEMAIL_BUSINESS_NAME',
  /** The ISO country a national phone number is read in when the customer has no address country. Default US. */
  defaultPhoneCountry: 'DEFAULT_PHONE_COUNTRY',
  /** Base URL printed in messages for paying or getting help (the portal, once deployed). */
  paymentUrl: 'PAYMENT_URL',
  /** Number customers can call to talk to a person. */
  helpPhoneNumber: 'HELP_PHONE_NUMBER',
  /** Optional: the champion/challenger experiment to run, by file name in experiments/ (e.g. cx-vs-traditional). */
  experiment: 'EXPERIMENT',
  /** The KMS HMAC key (id or ARN) portal links and sessions are signed with (kms:GenerateMac). */
  portalLinkKeyId: 'PORTAL_LINK_KEY_ID',
  /** The portal's base URL (https://<CloudFront domain>): messages carry links under it. */
  portalBaseUrl: 'PORTAL_BASE_URL',
  /** The identity check before the portal shows anything: one of CHECK_KINDS (portal/contract.ts). */
  portalCheck: 'PORTAL_CHECK',
  /** The portal's lockout policy as JSON (LockoutPolicy, domain/portal/lockout.ts); default DEFAULT_LOCKOUT. */
  portalLockout: 'PORTAL_LOCKOUT',
  /** How long a portal link stays valid, in days. */
  portalLinkTtlDays: 'PORTAL_LINK_TTL_DAYS',
  /** The Secrets Manager secret (ARN) whose value CloudFront adds to every request it sends the portal API. */
  portalOriginSecretArn: 'PORTAL_ORIGIN_SECRET_ARN',
  /** Days the raw event of a rejected or ignored event is kept (its audit record: three years). Default 30. */
  rejectedEventRetentionDays: 'REJECTED_EVENT_RETENTION_DAYS',
  /** The decide function's pacing: capacity per origination identity and the identities, as JSON (domain/pacing/capacity.ts). */
  sendPacing: 'SEND_PACING',
  /** Optional: the Bedrock foundation model (id) that gives a second reading of replies the rules cannot place. */
  replyModelId: 'REPLY_MODEL_ID',
  /** How long a reply waits for that second reading, in milliseconds. */
  replyModelTimeoutMs: 'REPLY_MODEL_TIMEOUT_MS',
  /** Where journeys' resume schedules go, as JSON (ResumeSchedules, adapters/resume-scheduler.ts). */
  resumeSchedules: 'JOURNEY_RESUME_SCHEDULES',
  /** The Firehose delivery stream the analytics facts go to. */
  analyticsDeliveryStream: 'ANALYTICS_DELIVERY_STREAM',
  /** The bucket billing systems drop placement files in (incoming/) and their results are written to (results/). */
  placementBucket: 'PLACEMENT_BUCKET_NAME',
} as const;

export type EnvName = (typeof ENV)[keyof typeof ENV];

/** One Lambda function per handler file in functions/; the CDK constructs bundle these entries. */
export const HANDLERS = [
  'ingest',
  'lifecycle',
  'inbound-sms',
  'delivery-events',
  'decide',
  'send',
  'record',
  'escalate',
  'close',
  'sweep',
  'handover',
  'portal',
  'analytics-facts',
  'placement-batch',
  'placement-results',
] as const;
export type HandlerName = (typeof HANDLERS)[number];
