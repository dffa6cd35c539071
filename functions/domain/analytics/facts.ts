/**
 * Analytics facts: the PII-free rows managers query (Athena, QuickSight, the local dashboard.html).
 * Defined once here; the Glue table's columns are generated from this schema (glueColumns), the
 * mapping from the ledger and the account state produces them (derive.ts), and every KPI view reads them.
 *
 * Why these rows cannot carry PII: the object is strict (an unknown key is an error, not dropped), every
 * text column is an enum or a short code (letters, digits, dot, underscore, hyphen, colon: no spaces, no
 * '@', no '+'), so a name, phone number, email, address or free text does not fit in any column.
 */
import * as z from 'zod';
import { CHANNELS, COMPLAINT_CATEGORIES, HANDOFF_OUTCOMES } from '../types';
import { CLOSE_REASONS } from '../decision-types';
import { REPLY_INTENTS } from '../conversations/reply-phrases';
import { SEGMENTS } from '../segments';

export const FACT_TYPES = [
  /** A delinquency cycle began: the amount placed, with the strategy the journey runs. */
  'placed',
  /** Decide chose an action (contact, wait, escalate, close). */
  'decision',
  /** A contact attempt and its outcome (sent, failed-permanent, skipped ...). */
  'contact',
  /** A provider delivery event (delivered, failed, answered ...). */
  'delivery',
  /** The customer replied: what they meant, never what they wrote. */
  'reply',
  /** The customer opened or clicked a message. */
  'engaged',
  'payment',
  'promise-made',
  'promise-kept',
  'promise-broken',
  'plan-agreed',
  'plan-completed',
  'dispute-opened',
  'dispute-resolved',
  'complaint-opened',
  'complaint-resolved',
  'hardship-reported',
  'opted-out',
  'ceased',
  'handoff',
  'handoff-completed',
  'survey-sent',
  'survey-answered',
  'closed',
] as const;
export type FactType = (typeof FACT_TYPES)[number];

/** A code: an id, a template or step name, a rule id. Never room for a name, a number with '+', an email or a sentence. */
const code = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, 'a code: letters, digits, dot, underscore, colon or hyphen');
/** Outcomes of every kind, as codes (contact outcomes, close reasons, delivery outcomes, resolutions). */
const outcomeCode = code.max(40);

/**
 * The columns, in Glue order. Every column but the first five may be null: a fact fills those its
 * type has. Numbers: amounts in major units; `hours` is the complaint-to-resolution time.
 */
export const factColumns = {
  fact_id: z.string().regex(/^[0-9a-f]{32}$/, '32 hex digits'),
  fact_type: z.enum(FACT_TYPES),
  /** ISO-8601 UTC instant, to the millisecond. */
  occurred_at: z.iso.datetime({ offset: false }),
  account_id: code,
  cycle_id: code,
  segment: z.enum(SEGMENTS).nullable(),
  experiment: code.nullable(),
  variant: code.nullable(),
  /** A jurisdiction profile id such as US, US-MA, GB. */
  jurisdiction: z
    .string()
    .regex(/^[A-Z]{2}(-[A-Z0-9]{1,8}){0,3}$/, 'a jurisdiction profile id such as US-MA')
    .nullable(),
  playbook: code.nullable(),
  channel: z.enum(CHANNELS).nullable(),
  template: code.nullable(),
  step_id: code.nullable(),
  /** Our own outreach (not an answer to the customer, not a care step such as a survey or reminder). */
  outreach: z.boolean().nullable(),
  /** decision: the action; contact, delivery, closed, handoff-completed, dispute-resolved: the outcome. */
  outcome: outcomeCode.nullable(),
  /** The contact rule that blocked or deferred a decision or a contact. */
  rule_id: code.nullable(),
  intent: z.enum(REPLY_INTENTS).nullable(),
  category: z.enum(COMPLAINT_CATEGORIES).nullable(),
  amount: z.number().min(0).max(1e9).nullable(),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'ISO 4217 code')
    .nullable(),
  score: z.number().int().min(1).max(5).nullable(),
  hours: z.number().min(0).max(1e6).nullable(),
} as const;

export type FactColumn = keyof typeof factColumns;
export const FACT_COLUMNS = Object.keys(factColumns) as FactColumn[];

/** The columns each fact type must fill (beyond the five every fact has). */
const REQUIRED: Partial<Record<FactType, FactColumn[]>> = {
  placed: ['amount', 'currency'],
  decision: ['outcome'],
  contact: ['channel', 'step_id', 'outcome', 'outreach'],
  delivery: ['channel', 'outcome'],
  reply: ['channel', 'intent'],
  engaged: ['channel'],
  payment: ['amount', 'currency'],
  'opted-out': ['channel'],
  'complaint-opened': ['category'],
  'complaint-resolved': ['hours'],
  'survey-answered': ['score'],
  closed: ['outcome'],
  'handoff-completed': ['outcome'],
};

export const analyticsFactSchema = z
  .object(factColumns)
  .strict()
  .superRefine((fact, ctx) => {
    for (const column of REQUIRED[fact.fact_type] ?? []) {
      if (fact[column] === null) ctx.addIssue({ code: 'custom', path: [column], message: `a ${fact.fact_type} fact needs ${column}` });
    }
    if (fact.fact_type === 'closed' && !(CLOSE_REASONS as readonly string[]).includes(fact.outcome ?? '')) {
      ctx.addIssue({ code: 'custom', path: ['outcome'], message: `a close reason (${CLOSE_REASONS.join(', ')})` });
    }
    if (fact.fact_type === 'handoff-completed' && !(HANDOFF_OUTCOMES as readonly string[]).includes(fact.outcome ?? '')) {
      ctx.addIssue({ code: 'custom', path: ['outcome'], message: `a hand-off outcome (${HANDOFF_OUTCOMES.join(', ')})` });
    }
  });

export type AnalyticsFact = z.infer<typeof analyticsFactSchema>;

/** A fact before it is checked: the type and the keys, with only the columns it fills. */
export type FactDraft = Pick<AnalyticsFact, 'fact_type' | 'occurred_at' | 'account_id' | 'cycle_id'> &
  Partial<Omit<AnalyticsFact, 'fact_id'>>;

// ---------------------------------------------------------------------------------------------------
// The Glue schema, generated from the columns above

export interface GlueColumn {
  name: FactColumn;
  type: 'string' | 'double' | 'bigint' | 'boolean';
  comment: string;
}

function glueType(schema: z.ZodType): GlueColumn['type'] {
  const inner = schema instanceof z.ZodNullable ? (schema.unwrap() as z.ZodType) : schema;
  if (inner instanceof z.ZodBoolean) return 'boolean';
  if (inner instanceof z.ZodNumber) return inner.isInt ? 'bigint' : 'double';
  if (inner instanceof z.ZodString || inner instanceof z.ZodEnum || inner instanceof z.ZodISODateTime) return 'string';
  throw new Error(`no Glue type for ${inner.constructor.name}`);
}

/** The Glue table columns (Parquet conversion reads them), in the order of factColumns. */
export function glueColumns(): GlueColumn[] {
  return FACT_COLUMNS.map((name) => {
    const schema = factColumns[name] as z.ZodType;
    return {
      name,
      type: glueType(schema),
      comment: schema instanceof z.ZodNullable ? 'null when the fact type does not have it' : 'every fact has it',
    };
  });
}

/** The partition column: the day the fact was written to S3 (UTC), as YYYY-MM-DD (partition projection). */
export const FACT_PARTITION = { name: 'dt', type: 'string' } as const;
