/**
 * Pacing a contact the journey decided on: the message gets a second inside its window on its
 * identity, reserved in the send-slot store, and the journey waits for it (or sends now when it has
 * come). A message already holding a second keeps it. When every second of the window is taken (or the
 * day's cap is reached) the message moves to the next allowed window with a `capacity.<channel>` reason.
 * Urgent messages (replies, the STOP confirmation) never come here: they go out at once, within the
 * share of each second that pacing leaves free.
 */
import { isCareStep } from '../domain/care';
import { channelLimits, type CapacityConfig, type ChannelIdentities, type ChannelLimits } from '../domain/pacing/capacity';
import {
  capacityDeferred,
  nextOpening,
  pacedDecision,
  pacingPlan,
  recheckDelayMs,
  secondOrder,
  spreadSeed,
  utcDay,
  type PacingPlan,
  type WindowInput,
} from '../domain/pacing/pacing';
import type { SendSlotKey, SendSlotStore } from '../domain/storage';
import type { ContactAction, Decision, Reason } from '../domain/decision-types';
import { waitsInExecution } from '../domain/journey-generations';

export interface Pacing {
  slots: SendSlotStore;
  capacity: CapacityConfig;
  identities: ChannelIdentities;
}

/** A held second this long past is spent (the send failed or was skipped): the message reserves anew. */
const HELD_GRACE_MS = 5 * 60_000;
/** Minute counts are read this many at a time (BatchGetItem's limit). */
const MINUTES_PER_READ = 100;

/** What pacing needs about the journey; `decideAt` lets a wait reserve the second of the message it waits for. */
export type PaceInput = WindowInput & {
  cycleId: string;
  /** The decision the journey would take at that instant with what it knows now (decide() is pure). */
  decideAt?: (at: Date) => Decision;
};

/**
 * The decision with pacing applied. A contact gets its second. A wait whose end would decide a contact
 * reserves that message's second already and waits for it instead, so the journey wakes once per
 * message (not at the window's first second, to wait again). Anything else passes through unchanged.
 */
export async function paceDecision(pacing: Pacing, input: PaceInput, decision: Decision): Promise<Decision> {
  if (decision.action.type === 'contact') return paceContact(pacing, input, decision, decision.action);
  if (decision.action.type === 'wait' && input.decideAt) return reserveAhead(pacing, input, decision, new Date(decision.action.until));
  return decision;
}

/**
 * `ahead`: the message is paced for a wait's end, where it seldom holds a second yet, so its hold is not
 * read first: the new second is held unless one is held already, and then given back. At a wake-up the
 * message mostly holds its second: it is read first.
 */
async function paceContact(pacing: Pacing, input: PaceInput, decision: Decision, action: ContactAction, ahead = false): Promise<Decision> {
  const now = input.now;
  const key: SendSlotKey = { accountId: input.account.accountId, cycleId: input.cycleId, stepId: action.stepId, channel: action.channel };
  const stale = now.getTime() - HELD_GRACE_MS;
  const heldNow = async () => {
    const held = await pacing.slots.heldSlot(key);
    return held !== undefined && held > stale ? held : undefined;
  };
  const held = ahead ? undefined : await heldNow();
  if (held !== undefined) return pacedDecision(decision, action, held, now);

  const seed = spreadSeed(key.accountId, key.cycleId, key.stepId, key.channel);
  // The playbook's own hours hold for its steps; care messages keep the legal window (as decide() does).
  const plan = pacingPlan(isCareStep(action.stepId) ? { ...input, sendHours: undefined } : input, action.channel, seed);
  // decide() found the channel allowed now, so the window is open; if the rules disagree, the guard decides.
  if (!plan) return decision;
  const identity = pacing.identities[action.channel];
  const limits = channelLimits(pacing.capacity, action.channel);
  const slot = await reserve(pacing.slots, identity, limits, plan, seed);
  if (slot === undefined) {
    const heldAhead = ahead ? await heldNow() : undefined;
    if (heldAhead !== undefined) return pacedDecision(decision, action, heldAhead, now);
    return capacityDeferred(decision, action, plan.window, nextOpening(input, action.channel, plan.window.closesAt));
  }
  const kept = await pacing.slots.hold(key, slot, stale);
  if (kept === undefined) return pacedDecision(decision, action, slot, now);
  await giveBack(pacing.slots, identity, limits, slot);
  return pacedDecision(decision, action, kept, now);
}

/** A second reserved for a message that held one already: the second and its day's count go back. */
async function giveBack(slots: SendSlotStore, identity: string, limits: ChannelLimits, slot: number): Promise<void> {
  await slots.releaseSecond(identity, slot, limits.unitsPerMessage);
  if (limits.dailyCap !== undefined) await slots.releaseDay(identity, utcDay(slot));
}

/**
 * The wait ends where the journey would contact: that message is paced now, as of the wait's end, and
 * the wait lasts until its second (or, with no capacity left, the next window). The second is held
 * for the message, so the decision at the wake-up finds it and sends.
 */
async function reserveAhead(pacing: Pacing, input: PaceInput, decision: Decision, wakeAt: Date): Promise<Decision> {
  const ahead = input.decideAt!(wakeAt);
  if (ahead.action.type !== 'contact') return spreadRecheck(input, decision, wakeAt);
  const paced = await paceContact(pacing, { ...input, now: wakeAt }, ahead, ahead.action, true);
  if (paced.action.type !== 'wait' || Date.parse(paced.action.until) <= wakeAt.getTime()) return decision;
  const held = paced.reasons.filter((r) => r.ruleId.startsWith('pacing.') || r.ruleId.startsWith('capacity.'));
  return { ...decision, action: paced.action, reasons: [...decision.reasons, ...held] };
}

/**
 * A wait that rests and has no message at its end (a hand-off's timeout, an open complaint's bound)
 * ends a hashed delay after its time (under an hour, another each day). Journeys paused together -- a
 * cohort handed off in one second -- would otherwise all wake in one second and each rest again or close
 * with a CreateSchedule or a write in it (the scale model's busiest seconds). Only later, never sooner: looking again
 * later sends nothing earlier, and the decision at the wake-up re-checks everything.
 */
function spreadRecheck(input: PaceInput, decision: Decision, wakeAt: Date): Decision {
  if (waitsInExecution(input.now, wakeAt)) return decision;
  const until = new Date(wakeAt.getTime() + recheckDelayMs(input.account.accountId, input.cycleId, wakeAt)).toISOString();
  const reason: Reason = {
    ruleId: 'pacing.recheck',
    effect: 'deferred',
    until,
    detail: 'a look-again wait ends at a point of the hour after its time, so that journeys paused together do not all wake in one second',
  };
  return { ...decision, action: { type: 'wait', until }, reasons: [...decision.reasons, reason] };
}

/** Claims the first free second in the window's try order; undefined when the window (or its days) is full. */
async function reserve(
  slots: SendSlotStore,
  identity: string,
  limits: ChannelLimits,
  { window, minutes }: PacingPlan,
  seed: number,
): Promise<number | undefined> {
  const days = new DayClaims(slots, identity, limits.dailyCap);
  // The seed's minute first, without reading counts: in a window with room this is the only write.
  if (minutes.length > 0 && (await days.holdFor(utcDay(minutes[0])))) {
    const second = await claimInMinute(slots, identity, limits, secondOrder(minutes[0], window, seed));
    if (second !== undefined) return second;
  }
  const perMinute = 60 * limits.unitsPerSecond;
  for (let i = 1; i < minutes.length; i += MINUTES_PER_READ) {
    const chunk = minutes.slice(i, i + MINUTES_PER_READ);
    const used = await slots.minutesUsed(identity, chunk);
    for (const minute of chunk) {
      if ((used.get(minute) ?? 0) + limits.unitsPerMessage > perMinute) continue;
      if (!(await days.holdFor(utcDay(minute)))) continue;
      const second = await claimInMinute(slots, identity, limits, secondOrder(minute, window, seed));
      if (second !== undefined) return second;
    }
  }
  await days.giveBack();
  return undefined;
}

/** The seed's second if free (one write, the common case), else the first free one the minute's counts show. */
async function claimInMinute(
  slots: SendSlotStore,
  identity: string,
  limits: ChannelLimits,
  seconds: number[],
): Promise<number | undefined> {
  if (seconds.length === 0) return undefined;
  const { unitsPerMessage: units, unitsPerSecond: limit } = limits;
  if (await slots.claimSecond(identity, seconds[0], units, limit)) return seconds[0];
  const used = await slots.secondsUsed(identity, Math.floor(seconds[0] / 60_000) * 60_000);
  for (const second of seconds.slice(1)) {
    if ((used.get(second) ?? 0) + units > limit) continue;
    if (await slots.claimSecond(identity, second, units, limit)) return second;
  }
  return undefined;
}

/** The daily cap: one day counted at a time, given back when the window found no second on it. */
class DayClaims {
  private held: string | undefined;
  private readonly full = new Set<string>();

  constructor(
    private readonly slots: SendSlotStore,
    private readonly identity: string,
    private readonly cap: number | undefined,
  ) {}

  async holdFor(day: string): Promise<boolean> {
    if (this.cap === undefined || this.held === day) return true;
    if (this.full.has(day)) return false;
    await this.giveBack();
    if (await this.slots.claimDay(this.identity, day, this.cap)) {
      this.held = day;
      return true;
    }
    this.full.add(day);
    return false;
  }

  async giveBack(): Promise<void> {
    if (this.held === undefined) return;
    await this.slots.releaseDay(this.identity, this.held);
    this.held = undefined;
  }
}
