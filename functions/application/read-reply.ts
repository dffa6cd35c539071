/**
 * Reading a customer's reply: the local classifier first and, when it cannot place the reply and the
 * deployment has a reply interpreter (stage config replies.bedrock), a second reading that can only add
 * caution (domain/conversations/second-reading.ts). The interpreter is asked at most once per message,
 * however many accounts share the number. A second reading that fails leaves the local reading; each one
 * is counted (ReplyModelReadings by outcome) and failures are logged without the reply's text.
 */
import { classifyReply, type ClassifyContext, type ReplyClassification } from '../domain/conversations/classify';
import { isProtective, wantsSecondReading, withSecondReading } from '../domain/conversations/second-reading';
import type { ReplyInterpretation, ReplyInterpreter } from '../domain/ports';
import { dimensionedMetric, logger, METRIC } from '../commons/powertools';

/** Reads one message for one account (its zone and pending survey are the context). */
export type ReplyReader = (context: ClassifyContext) => Promise<ReplyClassification>;

/** Counts the second reading by its outcome; a failure is logged with the model and the message id only. */
function observe(interpretation: ReplyInterpretation, modelId: string, messageId: string): ReplyInterpretation {
  const outcome = interpretation.ok ? (isProtective(interpretation.intent) ? 'protective' : 'not-protective') : interpretation.failure;
  dimensionedMetric(METRIC.replyModelReadings, { name: 'outcome', value: outcome });
  if (!interpretation.ok) logger.warn('second reading of a reply failed; the local reading stands', { messageId, modelId, outcome });
  return interpretation;
}

/** A reader for one inbound message: the rules for every account, the interpreter once if the rules find nothing. */
export function replyReader(interpreter: ReplyInterpreter | undefined, text: string, messageId: string): ReplyReader {
  let second: Promise<ReplyInterpretation> | undefined;
  return async (context) => {
    const local = classifyReply(text, context);
    if (!interpreter || !wantsSecondReading(local)) return local;
    second ??= interpreter.interpret(text).then((reading) => observe(reading, interpreter.modelId, messageId));
    const reading = await second;
    return reading.ok ? withSecondReading(local, reading.intent, interpreter.modelId) : local;
  };
}
