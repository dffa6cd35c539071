/**
 * A placement file read as the placement state machine's Distributed Map reads it: a CSV file with its
 * header in the first row, every cell a string (csv-parse), or JSON Lines, one value per line. Each
 * item keeps its 0-based position (Step Functions' $$.Map.Item.Index). A file that cannot be read as
 * its format says is one clear error naming the line, never quoting it (it carries personal data).
 */
import { parse, CsvError } from 'csv-parse/sync';
import { formatOf, type PlacementFormat } from '../functions/domain/placement-results';

export class PlacementFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlacementFileError';
  }
}

export interface PlacementItems {
  format: PlacementFormat;
  items: Array<{ index: number; value: unknown }>;
}

function csvItems(text: string): PlacementItems['items'] {
  try {
    const records = parse(text, { columns: true, bom: true, skip_empty_lines: true }) as Record<string, string>[];
    return records.map((value, index) => ({ index, value }));
  } catch (error) {
    // csv-parse's messages can quote the field that broke: the code and the line are enough.
    if (error instanceof CsvError) throw new PlacementFileError(`not a CSV file with a header row: ${error.code} at line ${error.lines}`);
    throw error;
  }
}

function jsonLinesItems(text: string): PlacementItems['items'] {
  const lines = text.split(/\r?\n/);
  const items: PlacementItems['items'] = [];
  for (const [i, line] of lines.entries()) {
    if (!line.trim()) continue;
    try {
      items.push({ index: items.length, value: JSON.parse(line) as unknown });
    } catch {
      throw new PlacementFileError(`line ${i + 1} is not valid JSON (JSON Lines: one JSON value per line)`);
    }
  }
  return items;
}

/** The file's items, by the format its name says (.csv or .jsonl). */
export function readPlacementText(fileName: string, text: string): PlacementItems {
  const format = formatOf(fileName);
  if (!format) throw new PlacementFileError(`${fileName}: a placement file ends in .csv or .jsonl`);
  const items = format === 'csv' ? csvItems(text) : jsonLinesItems(text);
  if (items.length === 0) throw new PlacementFileError(`${fileName}: no rows`);
  return { format, items };
}
