/**
 * Counting contacts in rolling windows, fast: each counter's contact times are collected once per
 * decision (the context is new for every decision) and then counted by binary search, so deferral
 * chains and the per-channel next-allowed times do not rescan a long history again and again.
 */
import type { HistoryEntry } from '../types';
import type { RuleContext } from './types';

// By scope, then key: no key string is built per call (pacing's window probes ask thousands of times).
const memo = new WeakMap<RuleContext, Record<'debt' | 'person', Map<string, number[]>>>();

/** Sorted times of the entries `counts` accepts, from this debt's or the person's whole history. */
export function countedTimes(ctx: RuleContext, key: string, scope: 'debt' | 'person', counts: (h: HistoryEntry) => boolean): number[] {
  let byScope = memo.get(ctx);
  if (!byScope) {
    byScope = { debt: new Map(), person: new Map() };
    memo.set(ctx, byScope);
  }
  const byKey = byScope[scope];
  let times = byKey.get(key);
  if (!times) {
    times = [];
    const history = scope === 'person' ? ctx.personHistory : ctx.history;
    const historyTimes = scope === 'person' ? ctx.personHistoryTimes : ctx.historyTimes;
    for (let i = 0; i < history.length; i++) if (counts(history[i])) times.push(historyTimes[i]);
    byKey.set(key, times);
  }
  return times;
}

/** Index of the first time > t (times sorted ascending). */
export function upperBound(times: readonly number[], t: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid] <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The times in (t - windowMs, t]: as [from, to) indexes into `times`.
 */
export function windowRange(times: readonly number[], t: number, windowMs: number): { from: number; to: number } {
  return { from: upperBound(times, t - windowMs), to: upperBound(times, t) };
}
