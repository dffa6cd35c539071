/**
 * Two-way SMS: a customer's text reply, as AWS End User Messaging publishes it to the inbound SNS
 * topic. The sender's number finds their account(s); the explainable classifier reads what they mean
 * (STOP, HELP, PAY, PLAN, a survey score, "already paid", a dispute, hardship, a complaint, a promise,
 * a wish to talk to a person); the lifecycle reducer applies it -- opt-out at once with one
 * confirmation, a reply on the same medium, a hand-off to a person when in doubt. Replies are
 * idempotent per inbound message id; a message that cannot be parsed or matched is kept as a rejection.
 */
import type { Context } from 'aws-lambda';
import type { StoredAccount } from './domain/storage';
import { parseInboundSms, ProviderEventError, type InboundSms } from './adapters/provider-events';
import { applyEvent, outcomeOf, type ApplyOutcome } from './application/apply-event';
import { wakeAfterApplied } from './application/journey-generations';
import type { WakeReason } from './domain/journey-wake';
import { replyReader } from './application/read-reply';
import { awsDependencies, type AwsWiring } from './commons/aws-dependencies';
import { awsPortal } from './commons/aws-portal';
import { awsChannels } from './commons/aws-channels';
import { awsBus } from './commons/aws-bus';
import { awsGenerations } from './commons/aws-journeys';
import type { Dependencies } from './commons/dependencies';
import { awsReplyInterpreter } from './commons/reply-interpreter';
import type { ReplyInterpreter } from './domain/ports';
import { describeIssues } from './domain/zod-issues';
import { snsEventSchema } from './commons/inputs';
import { withPowertools } from './commons/middleware';
import { countMetric, logger, METRIC } from './commons/powertools';

const SOURCE = 'aws.sms-voice';
const DETAIL_TYPE = 'InboundSms';

/** journeyWoken: the reply woke the account's journey (a reason code). */
export type ReplyOutcome = ApplyOutcome & { journeyWoken?: WakeReason };
export type InboundResult =
  { messageId: string; status: 'rejected'; reasons: string[] } | { messageId: string; status: 'applied'; results: ReplyOutcome[] };

async function reject(d: Dependencies, messageId: string, raw: unknown, reasons: string[]): Promise<InboundResult> {
  await d.ledger.recordRejection({
    at: d.clock.now().toISOString(),
    eventId: messageId,
    detailType: DETAIL_TYPE,
    source: SOURCE,
    reasons,
    event: raw,
  });
  countMetric(METRIC.eventsRejected);
  logger.warn('inbound SMS rejected', { messageId, reasons });
  return { messageId, status: 'rejected', reasons };
}

/** Open accounts first, most recently active first: the first one answers, the others only record it. */
const byRelevance = (a: StoredAccount, b: StoredAccount) =>
  Number(b.status === 'overdue') - Number(a.status === 'overdue') || b.updatedAt.localeCompare(a.updatedAt);

/** `interpreter`: a second reading of replies the rules cannot place (none unless the stage turns it on). */
export async function handleInboundSms(
  d: Dependencies,
  sms: InboundSms,
  raw: unknown,
  interpreter?: ReplyInterpreter,
): Promise<InboundResult> {
  const messageId = sms.inboundMessageId;
  const ids = await d.state.accountsForPhone(sms.originationNumber);
  const accounts = (await Promise.all(ids.map((id) => d.state.getAccount(id))))
    .filter((a): a is StoredAccount => a !== undefined)
    .sort(byRelevance);
  if (accounts.length === 0) return reject(d, messageId, raw, ['originationNumber: no account has this phone number']);

  const now = d.clock.now();
  const readReply = replyReader(interpreter, sms.body, messageId);
  const results: ReplyOutcome[] = [];
  for (const [i, account] of accounts.entries()) {
    const classification = await readReply({
      now,
      timeZone: account.customer.timeZone ?? d.settings.businessTimeZone,
      surveyPending: Boolean(account.survey && !account.survey.answeredAt),
    });
    const applied = await applyEvent(
      d,
      account.accountId,
      {
        detailType: 'ReplyReceived',
        detail: {
          accountId: account.accountId,
          channel: 'sms',
          receivedAt: now.toISOString(),
          inboundMessageId: messageId,
          classification,
          // AWS answers its registered keywords (STOP, HELP) itself; only one account answers the rest.
          answeredByProvider:
            i > 0 || (sms.keyword !== undefined && (classification.intent === 'stop' || classification.intent === 'help')),
        },
      },
      { eventId: messageId, detailType: 'ReplyReceived' },
    );
    // A reply that ends or pauses the journey (STOP on its last medium, a dispute, hardship, a person) wakes it now.
    const woken = await wakeAfterApplied(d, applied);
    results.push({ ...outcomeOf(applied), ...(woken ? { journeyWoken: woken } : {}) });
  }
  return { messageId, status: 'applied', results };
}

export const makeInboundSmsHandler = (deps: () => Dependencies, interpreter: () => ReplyInterpreter | undefined = () => undefined) =>
  withPowertools(async (event: unknown, _context: Context): Promise<InboundResult[]> => {
    const d = deps();
    const parsed = snsEventSchema.safeParse(event);
    if (!parsed.success) return [await reject(d, 'no-id', event, describeIssues(parsed.error, '(event)'))];
    const out: InboundResult[] = [];
    for (const record of parsed.data.Records) {
      let sms: InboundSms;
      try {
        sms = parseInboundSms(record.Sns.Message);
      } catch (error) {
        if (error instanceof ProviderEventError) {
          out.push(await reject(d, record.Sns.MessageId, record.Sns.Message, error.problems));
          continue;
        }
        throw error;
      }
      out.push(await handleInboundSms(d, sms, record.Sns.Message, interpreter()));
    }
    return out;
  });

/** The ports this function uses (test/infra/bundle-sizes.test.ts checks its code reads no other). */
export const wiring: AwsWiring = { portal: awsPortal, channels: awsChannels, bus: awsBus, generations: awsGenerations };

export const handler = makeInboundSmsHandler(awsDependencies(wiring), awsReplyInterpreter);
