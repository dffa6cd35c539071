/**
 * The customer's best hour, learned from their own engagement: the local hour around which they reply
 * to our texts and open or click our emails. decide() waits for it (same day only) when the customer
 * has stated no contact-time preference of their own. Pure: history, zones and a clock in, an hour out.
 */
import { DAY_MS, parseInstant } from './rules/time';
import { localMinutesOfDay } from './zone-clock';
import type { HistoryEntry } from './types';

/** Only the last 90 days of engagement count: habits change. */
export const BEST_HOUR_LOOKBACK_DAYS = 90;
/** Fewer events than this say nothing about a habit. */
export const BEST_HOUR_MIN_EVENTS = 3;
/** Events this close to the previously counted one are the same moment (an open then a click, a reply then another). */
const SAME_MOMENT_MS = 60 * 60_000;

export interface BestHour {
  /** Local hour (0-23) in the customer's first possible zone. */
  hour: number;
  /** Engagement events within an hour either side of `hour`. */
  support: number;
  /** Engagement events counted in the lookback. */
  total: number;
}

const hourDistance = (a: number, b: number): number => {
  const d = Math.abs(a - b) % 24;
  return Math.min(d, 24 - d);
};

/**
 * The local hour (in `timeZones[0]`) around which the customer engages -- `inbound` replies and
 * `engaged` (opened/clicked) entries of the last 90 days -- when at least 3 such moments are known and
 * at least half of them fall within an hour of it; undefined otherwise (too few, scattered, or two
 * equally strong habits).
 */
export function bestHour(history: readonly HistoryEntry[], timeZones: readonly string[], now: Date): BestHour | undefined {
  const zone = timeZones[0];
  if (!zone) return undefined;
  const nowMs = now.getTime();
  const from = nowMs - BEST_HOUR_LOOKBACK_DAYS * DAY_MS;
  const times: number[] = [];
  for (const h of history) {
    if (h.kind !== 'inbound' && h.kind !== 'engaged') continue;
    const t = parseInstant(h.at);
    if (t >= from && t <= nowMs) times.push(t);
  }
  times.sort((a, b) => a - b);

  const counts = new Array<number>(24).fill(0);
  let total = 0;
  let last = -Infinity;
  for (const t of times) {
    if (t - last < SAME_MOMENT_MS) continue;
    last = t;
    counts[Math.floor(localMinutesOfDay(new Date(t), zone) / 60)]++;
    total++;
  }
  if (total < BEST_HOUR_MIN_EVENTS) return undefined;

  // Each hour's support is its own count plus its neighbours' (23:00 and 00:00 are neighbours).
  const supportOf = (hour: number) => counts[(hour + 23) % 24] + counts[hour] + counts[(hour + 1) % 24];
  let hour = 0;
  for (let h = 1; h < 24; h++) {
    const s = supportOf(h);
    const best = supportOf(hour);
    if (s > best || (s === best && counts[h] > counts[hour])) hour = h;
  }
  const support = supportOf(hour);
  if (support * 2 < total) return undefined;
  // A second, separate habit as strong as the first: no consistent hour.
  for (let h = 0; h < 24; h++) {
    if (hourDistance(h, hour) > 2 && supportOf(h) === support) return undefined;
  }
  return { hour, support, total };
}
