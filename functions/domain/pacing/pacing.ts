/**
 * Pacing, the pure part: the window a contact may be sent in (every rule's window for this customer,
 * found with the same channel rules decide() runs, whole from its opening), the order in which its
 * seconds are tried (from a point a hash of the message picks in the whole window, so accounts fan out
 * instead of all starting at the window's first minute, and a cadence's later steps do not drift to
 * where the previous wait ended; a point already passed today is taken in the next window), and the
 * decision that results: send in the reserved second, wait for
 * it (`pacing.<channel>`), or move to the next window when this one has no capacity left
 * (`capacity.<channel>`). Reserving a second is the application's job (application/pace.ts).
 */
import { buildContext, evaluateChannel, type ContextInput } from '../rules/engine';
import { MINUTE_MS } from '../rules/time';
import { earliestInsideWindow, zonesOutsideWindow, type LocalWindow } from '../rules/contact-window';
import { WINDOW_SEARCH_DAYS } from '../rules/local-hours';
import { minutesOf } from '../rules/rule-set';
import type { SendHours } from '../playbook';
import type { Channel } from '../types';
import type { ContactAction, Decision, Reason } from '../decision-types';

/** [opensAt, closesAt) in epoch ms: every instant in it is allowed by every channel rule. */
export interface SendWindow {
  opensAt: number;
  closesAt: number;
}

/** The window is probed every 15 minutes, then its edge minute is found by bisection. */
const PROBE_MS = 15 * MINUTE_MS;
/** No window is taken to reach more than a day from the instant it is looked for from. */
const MAX_WINDOW_MS = 24 * 3_600_000;

/**
 * The account, history and zones the rules need; `now` is the instant the window is looked for from;
 * `sendHours`, the playbook's own hours when the message is one of its steps (the window is then both).
 */
export type WindowInput = ContextInput & { sendHours?: SendHours };

type Allowed = (t: number) => boolean;

const hoursWindow = (h: SendHours): LocalWindow => ({ startMinute: minutesOf(h.start), endMinute: minutesOf(h.end) });

const allowedFor = (input: WindowInput, channel: Channel): Allowed => {
  const ctx = buildContext(input);
  const hours = input.sendHours && hoursWindow(input.sendHours);
  // Without this, a step the playbook sends at 17:00 could be paced into the morning, where decide()
  // would wait for 17:00 again: the journey would never send.
  return (t) =>
    (!hours || zonesOutsideWindow(new Date(t), ctx.timeZones, hours).length === 0) &&
    evaluateChannel(ctx, { channel, at: new Date(t) }, false).kind === 'allowed';
};

/**
 * Bisects on whole minutes between an allowed instant and a disallowed one (either side of it): the
 * last allowed minute and the first disallowed one next to it, in minute numbers.
 */
function edge(allowed: Allowed, inside: number, outside: number): { inMinute: number; outMinute: number } {
  let inMinute = Math.floor(inside / MINUTE_MS);
  let outMinute = outside > inside ? Math.ceil(outside / MINUTE_MS) : Math.floor(outside / MINUTE_MS);
  while (Math.abs(outMinute - inMinute) > 1) {
    const mid = Math.floor((inMinute + outMinute) / 2);
    if (allowed(mid * MINUTE_MS)) inMinute = mid;
    else outMinute = mid;
  }
  return { inMinute, outMinute };
}

/** The first disallowed instant probing from `from` by `step` (either direction), within a day. */
function probe(allowed: Allowed, from: number, step: number): { inside: number; outside?: number } {
  let inside = from;
  for (let t = from + step; Math.abs(t - from) <= MAX_WINDOW_MS; t += step) {
    if (!allowed(t)) return { inside, outside: t };
    inside = t;
  }
  return { inside };
}

/**
 * The whole allowed window around `at` (from its opening, which may have passed, to its closing), or
 * undefined when the channel is not allowed at `at`. Rule windows open and close on whole minutes and
 * last longer than the probe step (the contact hours, blocked times and holidays do); the send-time
 * guard re-checks every send all the same. With no edge within a day, the window starts at `at`.
 */
function windowAround(allowed: Allowed, at: number): SendWindow | undefined {
  if (!allowed(at)) return undefined;
  const back = probe(allowed, at, -PROBE_MS);
  const ahead = probe(allowed, at, PROBE_MS);
  const opensAt = back.outside === undefined ? at : Math.min(at, edge(allowed, back.inside, back.outside).inMinute * MINUTE_MS);
  const closesAt =
    ahead.outside === undefined ? at + MAX_WINDOW_MS : Math.max(at, edge(allowed, ahead.inside, ahead.outside).outMinute * MINUTE_MS);
  return { opensAt, closesAt };
}

/** The channel's whole window around `input.now` (opened already, perhaps hours ago), or undefined when it is not allowed now. */
export function sendWindow(input: WindowInput, channel: Channel): SendWindow | undefined {
  return windowAround(allowedFor(input, channel), input.now.getTime());
}

/** When the channel is next allowed at or after `from`; undefined when a rule blocks it outright. */
export function nextOpening(input: WindowInput, channel: Channel, from: number): number | undefined {
  const ctx = buildContext(input);
  const verdict = evaluateChannel(ctx, { channel, at: new Date(from) }, false);
  const opening = verdict.kind === 'allowed' ? from : verdict.kind === 'deferred' ? verdict.until.getTime() : undefined;
  if (opening === undefined || !input.sendHours) return opening;
  // The playbook's hours open later still (or never meet in every zone: then the rules' opening).
  return earliestInsideWindow(new Date(opening), ctx.timeZones, hoursWindow(input.sendHours), WINDOW_SEARCH_DAYS)?.getTime() ?? opening;
}

/**
 * Where a message is paced: the window it is searched in (from now, or the next window when its
 * point has passed) and its minutes in the order they are tried.
 */
export interface PacingPlan {
  window: SendWindow;
  minutes: number[];
}

/**
 * The plan for a message decided at `input.now`: the seed points at the same share of every window
 * (so a cadence's later steps land anywhere in their day's window, not where the previous wait ended).
 * When that point is still ahead today, today's window from now is searched, starting at the point;
 * when it has passed, the next window, starting at its point. Undefined when the channel is not
 * allowed now.
 */
export function pacingPlan(input: WindowInput, channel: Channel, seed: number): PacingPlan | undefined {
  const allowed = allowedFor(input, channel);
  const now = input.now.getTime();
  const today = windowAround(allowed, now);
  if (!today) return undefined;
  if (aimedAt(today, seed) >= now) {
    const rest = { opensAt: now, closesAt: today.closesAt };
    return { window: rest, minutes: minuteOrder(today, seed).filter((m) => m + MINUTE_MS > now) };
  }
  const opening = nextOpening(input, channel, today.closesAt);
  const next = opening === undefined ? undefined : windowAround(allowed, opening);
  // No next window a rule can name: today's rest is all there is.
  if (!next)
    return { window: { opensAt: now, closesAt: today.closesAt }, minutes: minuteOrder(today, seed).filter((m) => m + MINUTE_MS > now) };
  return { window: next, minutes: minuteOrder(next, seed) };
}

/** FNV-1a, 32 bits: stable and evenly spread, no crypto needed. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** FNV-1a over the message's identity: the same message always aims at the same point of a window. */
export function spreadSeed(accountId: string, cycleId: string, stepId: string, channel: Channel): number {
  return fnv1a(`${accountId}|${cycleId}|${stepId}|${channel}`);
}

/** A look-again wait (no message at its end) that rests ends up to this much after its decided time. */
export const RECHECK_SPREAD_MS = 3_600_000;

/**
 * How much later than decided a resting look-again wait ends (whole seconds under RECHECK_SPREAD_MS), by
 * a hash of the account and that time: the same on every retry, another one each day.
 */
export function recheckDelayMs(accountId: string, cycleId: string, at: Date): number {
  return (fnv1a(`${accountId}|${cycleId}|recheck|${at.toISOString()}`) % (RECHECK_SPREAD_MS / 1000)) * 1000;
}

/** The second of its minute a message aims at. */
const secondOffset = (seed: number) => Math.floor(seed / 65_536) % 60;

/** The seed's minute of a window: the same share of every window's length. */
function aimedMinuteIndex(window: SendWindow, seed: number): { first: number; count: number; index: number } {
  const first = Math.floor(window.opensAt / MINUTE_MS) * MINUTE_MS;
  const count = Math.ceil((window.closesAt - first) / MINUTE_MS);
  return { first, count, index: count > 0 ? seed % count : 0 };
}

/** The second a message aims at in a window (before capacity is looked at). */
export function aimedAt(window: SendWindow, seed: number): number {
  const { first, index } = aimedMinuteIndex(window, seed);
  return Math.max(window.opensAt, first + index * MINUTE_MS + secondOffset(seed) * 1000);
}

/**
 * The window's minutes (epoch ms of each minute's start) in the order they are tried: from the one
 * the seed points at to the window's end, then from the window's start. Every minute is tried before
 * the message is moved to the next window, so no account waits while this window has room.
 */
export function minuteOrder(window: SendWindow, seed: number): number[] {
  const { first, count, index } = aimedMinuteIndex(window, seed);
  if (count <= 0) return [];
  return Array.from({ length: count }, (_, i) => first + ((index + i) % count) * MINUTE_MS);
}

/** The seconds (epoch ms) of one minute that lie in the window, starting at a seed-chosen second. */
export function secondOrder(minute: number, window: SendWindow, seed: number): number[] {
  const offset = secondOffset(seed);
  const seconds: number[] = [];
  for (let i = 0; i < 60; i++) {
    const at = minute + ((offset + i) % 60) * 1000;
    if (at >= window.opensAt && at < window.closesAt) seconds.push(at);
  }
  return seconds;
}

/** The UTC day of an instant, YYYY-MM-DD: the period a daily cap counts. */
export const utcDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** The contact decision with its reserved second: sent now when the second has come, else a wait for it. */
export function pacedDecision(decision: Decision, action: ContactAction, slot: number, now: Date): Decision {
  const at = new Date(slot).toISOString();
  if (slot <= now.getTime()) {
    const reason: Reason = {
      ruleId: `pacing.${action.channel}`,
      effect: 'allowed',
      channel: action.channel,
      detail: `sent in the second reserved for it on the ${action.channel} identity (${at})`,
    };
    return { ...decision, reasons: [...decision.reasons, reason] };
  }
  const reason: Reason = {
    ruleId: `pacing.${action.channel}`,
    effect: 'deferred',
    channel: action.channel,
    until: at,
    detail: `${action.channel} is paced across the contact window: this message has the second ${at} on its identity`,
  };
  return { ...decision, action: { type: 'wait', until: at }, reasons: [...decision.reasons, reason] };
}

/**
 * The window has no capacity left for this channel: wait for the next allowed window (or, when no rule
 * says when that is, for this one's end, where the journey decides again).
 */
export function capacityDeferred(decision: Decision, action: ContactAction, window: SendWindow, nextOpen: number | undefined): Decision {
  const until = new Date(nextOpen ?? window.closesAt).toISOString();
  const reason: Reason = {
    ruleId: `capacity.${action.channel}`,
    effect: 'deferred',
    channel: action.channel,
    until,
    detail: `the ${action.channel} identity has no capacity left until ${new Date(window.closesAt).toISOString()}: moved to the next allowed window`,
  };
  return { ...decision, action: { type: 'wait', until }, reasons: [...decision.reasons, reason] };
}
