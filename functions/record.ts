/**
 * Record: writes what happened to the contact ledger. After Send: the contact's outcome (and the
 * MessagesSent / MessagesFailed metrics). After any failed task: the failure, and whether the journey
 * should give up (too many failures in a row; the decision rules escalate well before this last resort).
 */
import * as z from './domain/zod';
import { channelSchema, isoDateTimeSchema } from './domain/schema-primitives';
import type { SendOutcome } from './domain/decision-types';
import { toHistoryEntries, WITHOUT_DECISIONS, type ContactLedgerOutcome, type LedgerRecord } from './domain/ledger';
import { awsDependencies, type AwsWiring } from './commons/aws-dependencies';
import type { Dependencies } from './commons/dependencies';
import { contactActionSchema, journeyRefSchema, parseInput, redact } from './commons/inputs';
import { withPowertools } from './commons/middleware';
import { countMetric, dimensionedMetric, logger, METRIC } from './commons/powertools';
import { updateAccount } from './application/apply-event';
import { CARE_KIND, CARE_STEP } from './domain/care';
import { VALIDATION_NOTICE_TEMPLATE } from './domain/rules/validation-notice';
import { strategyDimensions, strategyTags } from './application/strategy';
import { strategyOf } from './domain/decision';
import type { StoredAccount, VersionedAccount } from './domain/storage';

/** Failures in a row (nothing else in between) after which the journey stops and fails visibly. */
export const GIVE_UP_AFTER_FAILURES = 5;

const reasonSchema = z.object({
  ruleId: z.string(),
  effect: z.enum(['allowed', 'deferred', 'blocked', 'suppressed']),
  channel: z.optional(channelSchema),
  until: z.optional(z.string()),
  detail: z.string(),
  citation: z.optional(z.string()),
  decisive: z.optional(z.boolean()),
});

const step = {
  stepId: z.string().check(z.minLength(1)),
  channel: channelSchema,
  tags: z.optional(z.object({ segment: z.optional(z.string()), variant: z.optional(z.string()) })),
};
const sendOutcomeSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('sent'), ...step, providerMessageId: z.string(), sentAt: z.optional(isoDateTimeSchema) }),
  z.object({ status: z.literal('skipped'), ...step, reasons: z.array(reasonSchema) }),
  z.object({ status: z.literal('failed-permanent'), ...step, error: z.string() }),
  z.object({ status: z.literal('already-claimed'), ...step, claimStatus: z.string() }),
]);

const recordInputSchema = z.discriminatedUnion('kind', [
  z.extend(journeyRefSchema, { kind: z.literal('contact'), action: contactActionSchema, outcome: sendOutcomeSchema }),
  z.extend(journeyRefSchema, {
    kind: z.literal('failure'),
    error: z.looseObject({ Error: z.optional(z.string()), Cause: z.optional(z.string()) }),
  }),
]);

export type RecordInput = z.infer<typeof recordInputSchema>;
export type RecordResult = Record<string, never> | { giveUp: boolean };

/** A Lambda error's Cause is JSON ({errorType, errorMessage, trace}); keep only a short, PII-free message. */
export function shortCause(cause: string | undefined): string {
  if (!cause) return '';
  let message = cause;
  try {
    const parsed = JSON.parse(cause) as { errorMessage?: unknown };
    if (parsed && typeof parsed.errorMessage === 'string') message = parsed.errorMessage;
  } catch {
    // not JSON: use as is
  }
  return redact(message, 300);
}

type ContactRecord = Extract<LedgerRecord, { kind: 'contact' }>;

async function recordContact(d: Dependencies, input: Extract<RecordInput, { kind: 'contact' }>): Promise<RecordResult> {
  const { accountId, cycleId, action } = input;
  const outcome = input.outcome as SendOutcome;
  // Send's outcome says when it was sent and how the journey is tagged; an outcome without them (from a
  // version before) is completed from the account, read with its version for a care message's change.
  const read = outcome.tags ? undefined : await d.state.getVersionedAccount(accountId);
  const tags = outcome.tags ?? strategyTags(read ? strategyOf(read.account, cycleId) : undefined);
  const sentAt = outcome.status === 'sent' ? outcome.sentAt : undefined;
  const at = sentAt ?? d.clock.now().toISOString();
  const base = {
    kind: 'contact' as const,
    accountId,
    cycleId,
    at,
    stepId: action.stepId,
    channel: action.channel,
    template: action.template,
    ...tags,
  };

  let entry: ContactRecord;
  switch (outcome.status) {
    case 'sent':
      entry = { ...base, outcome: 'sent', providerMessageId: outcome.providerMessageId };
      break;
    case 'skipped':
      entry = { ...base, outcome: 'skipped', reasons: outcome.reasons };
      break;
    case 'failed-permanent':
      entry = { ...base, outcome: 'failed-permanent', error: outcome.error };
      break;
    case 'already-claimed': {
      // The claim tells what really happened when it is known; otherwise the outcome is unknown.
      const claim = await d.state.getClaim(accountId, cycleId, action.stepId, action.channel);
      const known: ContactLedgerOutcome =
        claim?.claimStatus === 'confirmed' ? 'sent' : claim?.claimStatus === 'failed' ? 'failed-permanent' : 'unconfirmed';
      entry = {
        ...base,
        outcome: known,
        ...(claim?.providerMessageId ? { providerMessageId: claim.providerMessageId } : {}),
        ...(claim?.error ? { error: claim.error } : {}),
      };
      break;
    }
  }

  // A retried Record must not count a message twice: sent / failed / unconfirmed are final for a step.
  if (!(await appendFinalOnce(d, entry, sentAt))) {
    logger.info('contact outcome already recorded', { accountId, cycleId, stepId: entry.stepId, channel: entry.channel });
    return {};
  }
  if (entry.outcome === 'sent')
    dimensionedMetric(METRIC.messagesSent, [{ name: 'channel', value: entry.channel }, ...strategyDimensions(tags)]);
  if (entry.outcome === 'sent' || entry.outcome === 'unconfirmed') await recordCareMessage(d, { accountId, read }, entry, at);
  if (entry.outcome === 'failed-permanent') dimensionedMetric(METRIC.messagesFailed, { name: 'channel', value: entry.channel });
  logger.info('contact recorded', { accountId, cycleId, stepId: entry.stepId, channel: entry.channel, outcome: entry.outcome });
  return {};
}

/**
 * Appends the entry unless its step's outcome is recorded already (false then). A message sent at a known
 * time is keyed by its step and that time: the write itself refuses a second one. Otherwise the cycle is
 * read first; a skip is never final (the journey decides again), so it is always appended.
 */
async function appendFinalOnce(d: Dependencies, entry: ContactRecord, sentAt: string | undefined): Promise<boolean> {
  if (entry.outcome === 'sent' && sentAt) return d.ledger.appendOnce(entry, `${entry.stepId}\n${entry.channel}\n${entry.outcome}`);
  if (entry.outcome !== 'skipped') {
    const existing = await d.ledger.history(entry.accountId, entry.cycleId, WITHOUT_DECISIONS);
    const same = (r: LedgerRecord) =>
      r.kind === 'contact' && r.stepId === entry.stepId && r.channel === entry.channel && r.outcome === entry.outcome;
    if (existing.some(same)) return false;
    // The cycle's first message, known from the claim only (Send counts the messages it sent itself).
    if (entry.outcome === 'sent' && !existing.some((r) => r.kind === 'contact' && r.outcome === 'sent'))
      countMetric(METRIC.accountsContacted);
  }
  await d.ledger.append(entry);
  return true;
}

/**
 * A message with consequences went out: the validation notice starts the validation period, the survey
 * question is now pending (so a "5" reply is read as its answer),
 * a promise reminder means the promise was broken, a missed-instalment nudge counts a missed instalment.
 */
async function recordCareMessage(
  d: Dependencies,
  { accountId, read }: { accountId: string; read: VersionedAccount | undefined },
  entry: ContactRecord,
  at: string,
): Promise<void> {
  const { stepId, channel } = entry;
  const update = (mutate: (account: StoredAccount) => boolean) => updateAccount(d, accountId, mutate, read);
  if (entry.template === VALIDATION_NOTICE_TEMPLATE && entry.outcome === 'sent') {
    // The validation period runs from this notice (12 CFR 1006.34).
    await update((a) =>
      a.compliance?.validationNoticeSentAt ? false : ((a.compliance = { ...a.compliance, validationNoticeSentAt: at }), true),
    );
  } else if (stepId.startsWith(CARE_KIND.survey)) {
    const trigger = stepId === CARE_STEP.survey('handoff') ? 'handoff' : 'resolution';
    if (await update((a) => (a.survey ? false : ((a.survey = { trigger, channel, sentAt: at }), true)))) {
      countMetric(METRIC.surveysSent);
    }
  } else if (stepId.startsWith(CARE_KIND.promiseReminder)) {
    const broken = await update((a) =>
      a.promise?.status === 'open' && stepId === CARE_STEP.promiseReminder(a.promise.promiseId)
        ? ((a.promise = { ...a.promise, status: 'broken', settledAt: at }), true)
        : false,
    );
    if (broken) countMetric(METRIC.promisesBroken);
  } else if (stepId.startsWith(CARE_KIND.planMissed)) {
    countMetric(METRIC.instalmentsMissed);
  }
}

async function recordFailure(d: Dependencies, input: Extract<RecordInput, { kind: 'failure' }>): Promise<{ giveUp: boolean }> {
  const { accountId, cycleId } = input;
  const error = input.error.Error || 'UnknownError';
  await d.ledger.append({
    kind: 'failure',
    accountId,
    cycleId,
    at: d.clock.now().toISOString(),
    error,
    cause: shortCause(input.error.Cause),
  });
  const history = toHistoryEntries(await d.ledger.history(accountId, cycleId, WITHOUT_DECISIONS));
  let trailing = 0;
  for (let i = history.length - 1; i >= 0 && history[i].kind === 'failure'; i--) trailing++;
  const giveUp = trailing >= GIVE_UP_AFTER_FAILURES;
  logger.warn('journey step failed', { accountId, cycleId, error, failuresInARow: trailing, giveUp });
  return { giveUp };
}

export const makeRecordHandler = (deps: () => Dependencies) =>
  withPowertools(async (event: unknown): Promise<RecordResult> => {
    const d = deps();
    const input = parseInput(recordInputSchema, event, 'record');
    return input.kind === 'contact' ? recordContact(d, input) : recordFailure(d, input);
  });

/** The ports this function uses (test/infra/bundle-sizes.test.ts checks its code reads no other). */
export const wiring: AwsWiring = {};

export const handler = makeRecordHandler(awsDependencies(wiring));
