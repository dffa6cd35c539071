/**
 * Analytics facts: the PII-free rows managers query (Athena, QuickSight, the local dashboard.html).
 * Defined once here; the Glue table's columns are generated from this schema (glueColumns), the
 * mapping from the ledger and the account state produces them (derive.ts), and every KPI view reads them.
 *
 * Why these rows cannot carry PII: the object is strict (an unknown key is an error, not dropped), every
 * text column is an enum or a short code (letters, digits, dot, underscore, hyphen, colon: no spaces, no
 * '@', no '+'), so a name, phone number, email, address or free text does not fit in any column.
 */
import * as z from '../zod';
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
  .check(
    z.minLength(1),
    z.maxLength(64),
    z.regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, 'a code: letters, digits, dot, underscore, colon or hyphen'),
  );
/** Outcomes of every kind, as codes (contact outcomes, close reasons, delivery outcomes, resolutions). */
const outcomeCode = code.check(z.maxLength(40));

/**
 * The columns, in Glue order. Every column but the first five may be null: a fact fills those its
 * type has. Numbers: amounts in major units; `hours` is the complaint-to-resolution time.
 */
export const factColumns = {
  fact_id: z.string().check(z.regex(/^[0-9a-f]{32}$/, '32 hex digits')),
  fact_type: z.enum(FACT_TYPES),
  /** ISO-8601 UTC instant, to the millisecond. */
  occurred_at: z.iso.datetime({ offset: false }),
  account_id: code,
  cycle_id: code,
  segment: z.nullable(z.enum(SEGMENTS)),
  experiment: z.nullable(code),
  variant: z.nullable(code),
  /** A jurisdiction profile id such as US, US-MA, GB. */
  jurisdiction: z.nullable(z.string().check(z.regex(/^[A-Z]{2}(-[A-Z0-9]{1,8}){0,3}$/, 'a jurisdiction profile id such as US-MA'))),
  playbook: z.nullable(code),
  channel: z.nullable(z.enum(CHANNELS)),
  template: z.nullable(code),
  step_id: z.nullable(code),
  /** Our own outreach (not an answer to the customer, not a care step such as a survey or reminder). */
  outreach: z.nullable(z.boolean()),
  /** decision: the action; contact, delivery, closed, handoff-completed, dispute-resolved: the outcome. */
  outcome: z.nullable(outcomeCode),
  /** The contact rule that blocked or deferred a decision or a contact. */
  rule_id: z.nullable(code),
  intent: z.nullable(z.enum(REPLY_INTENTS)),
  category: z.nullable(z.enum(COMPLAINT_CATEGORIES)),
  amount: z.nullable(z.number().check(z.gte(0), z.lte(1e9))),
  currency: z.nullable(z.string().check(z.regex(/^[A-Z]{3}$/, 'ISO 4217 code'))),
  score: z.nullable(z.number().check(z.int(), z.gte(1), z.lte(5))),
  hours: z.nullable(z.number().check(z.gte(0), z.lte(1e6))),
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

export const analyticsFactSchema = z.strictObject(factColumns).check(
  z.superRefine((fact, ctx) => {
    for (const column of REQUIRED[fact.fact_type] ?? []) {
      if (fact[column] === null) ctx.addIssue({ code: 'custom', path: [column], message: `a ${fact.fact_type} fact needs ${column}` });
    }
    if (fact.fact_type === 'closed' && !(CLOSE_REASONS as readonly string[]).includes(fact.outcome ?? '')) {
      ctx.addIssue({ code: 'custom', path: ['outcome'], message: `a close reason (${CLOSE_REASONS.join(', ')})` });
    }
    if (fact.fact_type === 'handoff-completed' && !(HANDOFF_OUTCOMES as readonly string[]).includes(fact.outcome ?? '')) {
      ctx.addIssue({ code: 'custom', path: ['outcome'], message: `a hand-off outcome (${HANDOFF_OUTCOMES.join(', ')})` });
    }
  }),
);

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

/** An integer column is a number with zod's int check (an integer number format). */
function isInteger(schema: z.ZodMiniNumber): boolean {
  return (schema._zod.def.checks ?? []).some((check) => {
    const def = check._zod.def as { check: string; format?: string };
    return def.check === 'number_format' && /int/.test(def.format ?? '');
  });
}

function glueType(schema: z.ZodMiniType): GlueColumn['type'] {
  const inner = schema instanceof z.ZodMiniNullable ? (schema._zod.def.innerType as z.ZodMiniType) : schema;
  if (inner instanceof z.ZodMiniBoolean) return 'boolean';
  if (inner instanceof z.ZodMiniNumber) return isInteger(inner) ? 'bigint' : 'double';
  if (inner instanceof z.ZodMiniString || inner instanceof z.ZodMiniEnum || inner instanceof z.ZodMiniISODateTime) return 'string';
  throw new Error(`no Glue type for ${inner.constructor.name}`);
}

/** The Glue table columns (Parquet conversion reads them), in the order of factColumns. */
export function glueColumns(): GlueColumn[] {
  return FACT_COLUMNS.map((name) => {
    const schema = factColumns[name] as z.ZodMiniType;
    return {
      name,
      type: glueType(schema),
      comment: schema instanceof z.ZodMiniNullable ? 'null when the fact type does not have it' : 'every fact has it',
    };
  });
}

/** The partition column: the day the fact was written to S3 (UTC), as YYYY-MM-DD (partition projection). */
export const FACT_PARTITION = { name: 'dt', type: 'string' } as const;
