/**
 * What is kept of an event that was not applied: an audit record (ids, field paths, reasons, a hash of
 * the raw event) kept three years, and the raw event itself in a separate item that expires on its own,
 * shorter, configurable schedule (a stranger's text to a wrong number is personal data nobody needs for
 * long). Both are bounded so that no input -- 60,000 problems, a 200 KB event -- can exceed DynamoDB's
 * 400 KB item limit: reasons are counted and cut, the raw event is cut, the hash always covers all of it.
 */
import { createHash } from 'node:crypto';
import type { RejectionDisposition } from '../domain/ledger';

/** At most this many reasons are kept; the rest are counted in a last reason. */
export const MAX_REASONS = 20;
/** Each reason is cut to this many characters. */
export const MAX_REASON_CHARS = 300;
/** Ids, detail-types and sources are cut to this many characters (they are part of the sort key). */
export const MAX_ID_CHARS = 256;
/** The raw event is cut to this many characters (well under the 400 KB item limit). */
export const MAX_RAW_EVENT_CHARS = 100_000;
/** How long the raw event of a rejected or ignored event is kept, unless configured otherwise. */
export const DEFAULT_RAW_EVENT_RETENTION_DAYS = 30;

export type Disposition = RejectionDisposition;

export interface AuditRecord {
  eventId: string;
  detailType: string;
  source: string;
  disposition: Disposition;
  reasons: string[];
  /** The field paths the reasons name ("detail.amount"), for counting problems without reading values. */
  fields: string[];
  /** sha256 of the raw event as JSON: proves which event it was after the raw copy has expired. */
  eventHash: string;
  eventChars: number;
}

const cut = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** The raw event as JSON text (or its string form when it cannot be serialised). */
export function rawText(event: unknown): string {
  try {
    return JSON.stringify(event) ?? 'undefined';
  } catch {
    return String(event);
  }
}

/** Reasons bounded in number and length; the first MAX_REASONS are kept, the rest counted. */
export function boundedReasons(reasons: readonly string[]): string[] {
  const kept = reasons.slice(0, MAX_REASONS).map((r) => cut(String(r), MAX_REASON_CHARS));
  if (reasons.length > MAX_REASONS) kept.push(`… and ${reasons.length - MAX_REASONS} more problems`);
  return kept;
}

/** The field path a reason starts with ("detail.amount: expected number" -> "detail.amount"). */
function fieldOf(reason: string): string | undefined {
  const match = /^([A-Za-z0-9_$.[\]()-]{1,200}): /.exec(reason);
  return match?.[1];
}

export function auditRecord(input: {
  eventId: string;
  detailType: string;
  source: string;
  disposition: Disposition;
  reasons: readonly string[];
  raw: string;
}): AuditRecord {
  const reasons = boundedReasons(input.reasons);
  const fields = [
    ...new Set(
      input.reasons
        .slice(0, 1000)
        .map(fieldOf)
        .filter((f): f is string => f !== undefined),
    ),
  ].slice(0, MAX_REASONS);
  return {
    eventId: cut(input.eventId, MAX_ID_CHARS),
    detailType: cut(input.detailType, MAX_ID_CHARS),
    source: cut(input.source, MAX_ID_CHARS),
    disposition: input.disposition,
    reasons,
    fields,
    eventHash: createHash('sha256').update(input.raw).digest('hex'),
    eventChars: input.raw.length,
  };
}
