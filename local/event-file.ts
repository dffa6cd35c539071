/**
 * The local run's input: one EventBridge entry per line (`detail-type`, `detail`, optional `source`
 * and `id`) plus `at`, the virtual time it arrives. A malformed line is a bad file (the CLI stops with
 * the line number); a well-formed entry whose detail breaks its schema is delivered anyway, so the
 * handlers reject and keep it exactly as they would in AWS.
 */
import { readFile } from 'node:fs/promises';
import * as z from 'zod';
import { JOURNEY_START_DETAIL_TYPES, type BillingDetailType } from '../functions/domain/events';
import { describeIssues } from '../functions/domain/zod-issues';

const entrySchema = z.object({
  at: z.iso.datetime({ offset: true }),
  'detail-type': z.string().min(1),
  source: z.string().min(1).default('billing.local'),
  id: z.string().min(1).optional(),
  detail: z.record(z.string(), z.unknown()),
});

export interface LocalEvent {
  /** Line number in the file (1-based): names the event in errors and reports. */
  line: number;
  at: Date;
  id: string;
  source: string;
  detailType: string;
  detail: Record<string, unknown>;
}

export class EventFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EventFileError';
  }
}

export function parseEventLines(text: string, fileName = 'events'): LocalEvent[] {
  const events: LocalEvent[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('//')) return;
    let json: unknown;
    try {
      json = JSON.parse(trimmed);
    } catch (error) {
      throw new EventFileError(`${fileName}:${line}: not valid JSON (${(error as Error).message})`);
    }
    const parsed = entrySchema.safeParse(json);
    if (!parsed.success) {
      throw new EventFileError(`${fileName}:${line}: ${describeIssues(parsed.error).join('; ')}`);
    }
    const entry = parsed.data;
    events.push({
      line,
      at: new Date(entry.at),
      id: entry.id ?? `local-${line}`,
      source: entry.source,
      detailType: entry['detail-type'],
      detail: entry.detail,
    });
  });
  if (events.length === 0) throw new EventFileError(`${fileName}: no events in the file`);
  // Stable sort: same-time events keep file order.
  return events
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.at.getTime() - b.e.at.getTime() || a.i - b.i)
    .map(({ e }) => e);
}

export async function readEventFile(path: string): Promise<LocalEvent[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new EventFileError(`cannot read events file ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  return parseEventLines(text, path);
}

/**
 * Which account's timeline an event belongs to. Billing events name the account; a customer's text
 * and a provider's delivery event carry a phone number or email address instead, matched against the
 * customers of the file's AccountOverdue events (as the deployed handlers match them against the state
 * table). Entries that match nothing share one stream, and their handlers reject and keep them.
 */
export function accountKeys(events: readonly LocalEvent[]): (event: LocalEvent) => string {
  const byContact = new Map<string, string>();
  for (const e of events) {
    if (!JOURNEY_START_DETAIL_TYPES.includes(e.detailType as BillingDetailType) || typeof e.detail.accountId !== 'string') continue;
    const customer = (e.detail.customer ?? {}) as { phone?: unknown; email?: unknown };
    for (const contact of [customer.phone, customer.email]) {
      if (typeof contact === 'string' && !byContact.has(contact.toLowerCase())) byContact.set(contact.toLowerCase(), e.detail.accountId);
    }
  }
  return (event) => {
    const id = event.detail.accountId;
    if (typeof id === 'string' && id.length > 0) return id;
    const d = event.detail as { originationNumber?: unknown; destinationPhoneNumber?: unknown; mail?: { destination?: unknown } };
    const destination = Array.isArray(d.mail?.destination) ? d.mail.destination[0] : undefined;
    for (const contact of [d.originationNumber, d.destinationPhoneNumber, destination]) {
      const key = typeof contact === 'string' ? byContact.get(contact.toLowerCase()) : undefined;
      if (key) return key;
    }
    return NO_ACCOUNT;
  };
}

export const NO_ACCOUNT = '(no account id)';
