/**
 * Pacing, the pure part: the window a contact may be sent in (every rule's window for this customer,
 * found with the same channel rules decide() runs), the order in which its seconds are tried (from a
 * point spread across the window by a hash of the message, so accounts fan out instead of all starting
 * at the window's first minute), and the decision that results: send in the reserved second, wait for
 * it (`pacing.<channel>`), or move to the next window when this one has no capacity left
 * (`capacity.<channel>`). Reserving a second is the application's job (application/pace.ts).
 */
import { buildContext, evaluateChannel, type ContextInput } from '../rules/engine';
import { MINUTE_MS } from '../rules/time';
import type { Channel, ContactAction, Decision, Reason } from '../types';

/** [opensAt, closesAt) in epoch ms: every instant in it is allowed by every channel rule. */
export interface SendWindow {
  opensAt: number;
  closesAt: number;
}

/** The window is probed every 15 minutes, then the closing minute is found by bisection. */
const PROBE_MS = 15 * MINUTE_MS;
/** No window is taken to last longer than a day (a customer with no hours limit still gets daily spreads). */
const MAX_WINDOW_MS = 24 * 3_600_000;

/** The account, history and zones the rules need; `now` is the instant the window is looked for from. */
export type WindowInput = ContextInput;

/**
 * The window this channel is allowed in from `input.now` on, or undefined when it is not allowed now.
 * Rule windows open and close on whole minutes and last longer than the probe step (the contact hours,
 * blocked times and holidays do); the send-time guard re-checks every send all the same.
 */
export function sendWindow(input: WindowInput, channel: Channel): SendWindow | undefined {
  const ctx = buildContext(input);
  const allowed = (t: number) => evaluateChannel(ctx, { channel, at: new Date(t) }).kind === 'allowed';
  const from = input.now.getTime();
  if (!allowed(from)) return undefined;
  let open = from;
  let shut: number | undefined;
  for (let t = from + PROBE_MS; t <= from + MAX_WINDOW_MS; t += PROBE_MS) {
    if (!allowed(t)) {
      shut = t;
      break;
    }
    open = t;
  }
  if (shut === undefined) return { opensAt: from, closesAt: from + MAX_WINDOW_MS };
  // Bisect on whole minutes: `open` is allowed, `shut` is not.
  let lo = Math.floor(open / MINUTE_MS);
  let hi = Math.ceil(shut / MINUTE_MS);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (allowed(mid * MINUTE_MS)) lo = mid;
    else hi = mid;
  }
  return { opensAt: from, closesAt: Math.max(from, hi * MINUTE_MS) };
}

/** When the channel is next allowed at or after `from`; undefined when a rule blocks it outright. */
export function nextOpening(input: WindowInput, channel: Channel, from: number): number | undefined {
  const verdict = evaluateChannel(buildContext(input), { channel, at: new Date(from) });
  if (verdict.kind === 'allowed') return from;
  return verdict.kind === 'deferred' ? verdict.until.getTime() : undefined;
}

/** FNV-1a over the message's identity: the same message always aims at the same point of a window. */
export function spreadSeed(accountId: string, cycleId: string, stepId: string, channel: Channel): number {
  let h = 0x811c9dc5;
  const text = `${accountId}|${cycleId}|${stepId}|${channel}`;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * The window's minutes (epoch ms of each minute's start) in the order they are tried: from the one
 * the seed points at to the window's end, then from the window's start. Every minute is tried before
 * the message is moved to the next window, so no account waits while this window has room.
 */
export function minuteOrder(window: SendWindow, seed: number): number[] {
  const first = Math.floor(window.opensAt / MINUTE_MS) * MINUTE_MS;
  const count = Math.ceil((window.closesAt - first) / MINUTE_MS);
  if (count <= 0) return [];
  const start = seed % count;
  return Array.from({ length: count }, (_, i) => first + ((start + i) % count) * MINUTE_MS);
}

/** The seconds (epoch ms) of one minute that lie in the window, starting at a seed-chosen second. */
export function secondOrder(minute: number, window: SendWindow, seed: number): number[] {
  const offset = Math.floor(seed / 65_536) % 60;
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
