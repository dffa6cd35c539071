/**
 * Contact-window arithmetic over several time zones at once: is an instant inside [start, end) local
 * time in every zone, and if not, which is the earliest instant that is? Pure and allocation-light:
 * the send-time guard and the simulator call it for every decision.
 */
import { instantAtLocal, localMinutesOfDay, localTimeParts } from '../zone-clock';

export interface LocalWindow {
  /** Minutes after local midnight, inclusive. */
  startMinute: number;
  /** Minutes after local midnight, exclusive. */
  endMinute: number;
}

/** Zones (from `zones`) in which `at` is outside the window; empty when inside everywhere. */
export function zonesOutsideWindow(at: Date, zones: readonly string[], window: LocalWindow): string[] {
  const outside: string[] = [];
  for (const zone of zones) {
    const m = localMinutesOfDay(at, zone);
    if (m < window.startMinute || m >= window.endMinute) outside.push(zone);
  }
  return outside;
}

function isInside(at: Date, zones: readonly string[], window: LocalWindow): boolean {
  for (const zone of zones) {
    const m = localMinutesOfDay(at, zone);
    if (m < window.startMinute || m >= window.endMinute) return false;
  }
  return true;
}

/**
 * The earliest instant >= `from` inside the window in every zone, searching at most `maxDays` days
 * ahead; undefined when the zones' windows never overlap in that time. The intersection of windows
 * always opens when the last zone's window opens, so only `from` and each zone's daily opening
 * instants need checking, which also makes DST transitions a non-issue.
 */
export function earliestInsideWindow(from: Date, zones: readonly string[], window: LocalWindow, maxDays: number): Date | undefined {
  if (isInside(from, zones, window)) return from;
  const fromMs = from.getTime();
  const todays = zones.map((zone) => localTimeParts(from, zone));
  // Day by day (lazily: nearly always the answer is today or tomorrow), check each zone's opening.
  // A zone's local date may lag the others' by one, so each day looks one local day further ahead.
  let previous: number[] = [];
  for (let d = 0; d <= maxDays + 1; d++) {
    const openings: number[] = [];
    zones.forEach((zone, i) => {
      const today = todays[i];
      const date = new Date(Date.UTC(today.year, today.month - 1, today.day + d));
      const opening = instantAtLocal(
        { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() },
        window.startMinute,
        zone,
      ).getTime();
      if (opening > fromMs) openings.push(opening);
    });
    // Openings of the previous round not yet tried could be earlier than this round's: merge them.
    const candidates = [...previous, ...openings].sort((a, b) => a - b);
    const horizon = openings.length > 0 ? Math.min(...openings) : Infinity;
    previous = [];
    for (const t of candidates) {
      // Only settle candidates earlier than every opening still to come from this round onwards.
      if (t > horizon) {
        previous.push(t);
        continue;
      }
      const candidate = new Date(t);
      if (isInside(candidate, zones, window)) return candidate;
    }
  }
  return undefined;
}
