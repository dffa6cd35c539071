/**
 * How people answer a collections text, as phrasing templates per intent and language (templates.json),
 * written from what customers write (short, misspelt, mixed, Spanglish) and not from the classifier's
 * phrase lists. `[a|b|c]` picks one alternative (an empty one drops it); `{slot}` is one of the shared
 * slots. Each template is one phrasing: the corpus is split by template, so the test split's phrasings are
 * never seen while the classifier is tuned. A reply carrying two intents is labelled with the safest
 * handling. The phrasings are listed in the order they were written (new ones are appended at the end,
 * so the replies and the split of the earlier ones never move); survey answers carry surveyPending.
 */
import * as z from 'zod';
import { REPLY_INTENTS, type ReplyIntent, type ReplyLanguage } from '../../functions/domain/conversations/reply-phrases';
import data from './templates.json';

export interface PhrasingTemplate {
  intent: ReplyIntent;
  language: ReplyLanguage;
  text: string;
  /** The reply answers a pending 1-5 survey question. */
  surveyPending?: boolean;
}

const templatesSchema = z.strictObject({
  slots: z.record(z.string(), z.array(z.string()).min(1)),
  phrasings: z.array(
    z.strictObject({
      intent: z.enum(REPLY_INTENTS),
      language: z.enum(['en', 'es']),
      surveyPending: z.literal(true).optional(),
      texts: z.array(z.string().min(1)).min(1),
    }),
  ),
});

const parsed = templatesSchema.parse(data);

export const SLOTS: Readonly<Record<string, readonly string[]>> = parsed.slots;

/** Every phrasing, in the order written. */
export const TEMPLATES: readonly PhrasingTemplate[] = parsed.phrasings.flatMap(({ intent, language, surveyPending, texts }) =>
  texts.map((text) => ({ intent, language, text, ...(surveyPending ? { surveyPending } : {}) })),
);
