/**
 * Placing a batch of a placement file's rows: each row goes through the same contract check and the
 * same placement as an AccountOverdue event (placeAccount), so a row is accepted, a duplicate of a
 * cycle already placed, or rejected with the same readable reasons an event gets. A bad row never
 * stops the batch; a row that cannot be placed for a service error is reported as failed, not lost.
 */
import { InvalidEventError, parseBillingEventDetailed, type AccountOverdue } from '../domain/events';
import { detailFromCsvRow } from '../domain/placement-columns';
import { idOrNothing, type PlacementFormat, type RowOutcome } from '../domain/placement-results';
import type { Dependencies } from '../commons/dependencies';
import { rejectEvent } from '../commons/rejections';
import { logger } from '../commons/powertools';
import { placeAccount } from './place-account';

/** The source rejection records and ledger entries of placed rows name. */
export const PLACEMENT_SOURCE = 'amicable.placement';

export interface PlacementBatch {
  format: PlacementFormat;
  /** One drop of one file (the Step Functions execution name): row event ids are unique per drop. */
  placementId: string;
  /** The file, for the rejection records. */
  source: string;
  /** Each item's 0-based position in the file (Step Functions' $$.Map.Item.Index) and its value. */
  items: Array<{ index: number; value: unknown }>;
}

type Reading = { ok: true; detail: AccountOverdue } | { ok: false; reasons: string[] };

/** The contract's problems, less those about a cell already reported as unreadable. */
function contractProblems(detail: unknown, unread: string[], defaultPhoneCountry: string | undefined): Reading {
  try {
    const { event } = parseBillingEventDetailed('AccountOverdue', detail, { defaultPhoneCountry });
    return { ok: true, detail: event.detail as AccountOverdue };
  } catch (error) {
    if (!(error instanceof InvalidEventError)) throw error;
    return { ok: false, reasons: error.problems.filter((p) => !unread.some((column) => p.startsWith(`${column}:`))) };
  }
}

/** A row -> a valid AccountOverdue detail, or every reason it is not one (its cells' and the contract's). */
function readRow(format: PlacementFormat, value: unknown, defaultPhoneCountry: string | undefined): Reading {
  if (format === 'jsonl') return contractProblems(value, [], defaultPhoneCountry);
  const cells = detailFromCsvRow(value);
  const checked = contractProblems(cells.detail, cells.unread, defaultPhoneCountry);
  if (cells.reasons.length === 0) return checked;
  return { ok: false, reasons: [...cells.reasons, ...(checked.ok ? [] : checked.reasons)] };
}

function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined;
}

async function placeRow(deps: Dependencies, batch: PlacementBatch, item: { index: number; value: unknown }): Promise<RowOutcome> {
  const row = item.index + 1;
  const eventId = `placement:${batch.placementId}:${row}`;
  const reading = readRow(batch.format, item.value, deps.settings.defaultPhoneCountry);
  if (!reading.ok) {
    const accountId = idOrNothing(field(item.value, 'accountId'));
    const cycleId = idOrNothing(field(item.value, 'cycleId'));
    // Kept like a rejected event: every reason and the row itself, under the drop's own event id.
    const envelope = {
      id: eventId,
      'detail-type': 'AccountOverdue',
      source: PLACEMENT_SOURCE,
      file: batch.source,
      row,
      detail: item.value,
    };
    await rejectEvent(deps, envelope, reading.reasons);
    return { row, outcome: 'rejected', ...(accountId ? { accountId } : {}), ...(cycleId ? { cycleId } : {}), reasons: reading.reasons };
  }
  const { accountId, cycleId } = reading.detail;
  const placed = await placeAccount(deps, eventId, reading.detail);
  if (placed.status === 'started' || placed.status === 'restarted') return { row, outcome: 'accepted', accountId, cycleId };
  if (placed.status !== 'stale-cycle') return { row, outcome: 'duplicate', accountId, cycleId, reasons: ['this cycle was placed before'] };
  return {
    row,
    outcome: 'duplicate',
    accountId,
    cycleId,
    reasons: [`the account is already on cycle ${placed.currentCycleId}; an older or replayed cycle changes nothing`],
  };
}

/** Every row of the batch, in file order (two rows of one account are applied in the order the file gives them). */
export async function placeRows(deps: Dependencies, batch: PlacementBatch): Promise<RowOutcome[]> {
  const outcomes: RowOutcome[] = [];
  for (const item of batch.items) {
    try {
      outcomes.push(await placeRow(deps, batch, item));
    } catch (error) {
      // A service error after the SDK's own retries: this row waits for the next drop of the file.
      const errorName = error instanceof Error ? error.name : 'Error';
      logger.error('placement row failed', { placementId: batch.placementId, row: item.index + 1, errorName });
      outcomes.push({ row: item.index + 1, outcome: 'failed', reasons: [`could not be placed now (${errorName}); drop the file again`] });
    }
  }
  return outcomes;
}
