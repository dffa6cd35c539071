/**
 * The rule engine: runs the registered rules in stage order and turns their outcomes into reasons.
 * decide() uses it to pick a channel and a time; the send-time guard uses checkContact() to re-check a
 * decided contact just before delivery.
 */
import { possibleTimeZones, type LocationAssumption } from '../time-zones';
import type { Account, Channel, HistoryEntry } from '../types';
import type { Reason } from '../decision-types';
import { DEFAULT_COLLECTOR_TYPE, type CollectorType } from '../collector';
import { DEFAULT_PROFILE, forFirstPartyCreditor } from './profile';
import type { CompiledProfile } from './types';
import { profileForAccount } from './jurisdiction-overlays';
import { parseInstant } from './time';
import { withRegulationFFloor, type RuleSet } from './rule-set';
import type { Candidate, ChannelRule, Rule, RuleContext, RuleOutcome, SuppressionRule } from './types';

/** The US federal profile's suppression rules (each profile has its own: ctx.profile). */
export const SUPPRESSION_RULES: readonly SuppressionRule[] = DEFAULT_PROFILE.suppressionRules;

/** The US federal profile's channel rules in evaluation order: window -> counters -> channel checks. */
export const CHANNEL_RULES: readonly ChannelRule[] = DEFAULT_PROFILE.channelRules;

/** Every rule of the US federal profile, for the decide CLI's rule listing and the docs. */
export const RULES: readonly Rule[] = [...SUPPRESSION_RULES, ...CHANNEL_RULES];

/** How many times deferrals may chain (window -> cap -> window ...) before the engine gives up. */
const MAX_DEFERRAL_ROUNDS = 12;

export interface ContextInput {
  account: Account;
  history: readonly HistoryEntry[];
  now: Date;
  /** Overrides the profile's window, call cap and conversation block numbers (and its version label). */
  ruleSet?: RuleSet;
  /** The jurisdiction profile; when absent, the one for account.jurisdiction. */
  profile?: CompiledProfile;
  /** Used only when nothing tells us where the customer is and their country has no zone table. */
  businessTimeZone?: string;
  /** Whether a US customer of unknown location may be in Alaska or Hawaii (default: no). */
  locationAssumption?: LocationAssumption;
  /** Who the deployment is (default: a debt collector, whom Regulation F binds). */
  collectorType?: CollectorType;
}

/**
 * The profile and rule set a decision runs under, for this collector. A debt collector under US rules
 * keeps Regulation F's window and caps as a floor whatever the profile says; a first-party creditor
 * gets only the rules that bind creditors. An explicit rule set (tests, tools) is taken as given.
 */
function profileAndRuleSet(input: ContextInput): { profile: CompiledProfile; ruleSet: RuleSet } {
  const collectorType = input.collectorType ?? DEFAULT_COLLECTOR_TYPE;
  const creditor = collectorType === 'first-party-creditor';
  const profile = input.profile
    ? creditor
      ? forFirstPartyCreditor(input.profile)
      : input.profile
    : profileForAccount(input.account, collectorType).profile;
  if (input.ruleSet) return { profile, ruleSet: input.ruleSet };
  const regulationFBinds = !creditor && profile.chain.includes(DEFAULT_PROFILE.id);
  return { profile, ruleSet: regulationFBinds ? withRegulationFFloor(profile.ruleSet) : profile.ruleSet };
}

/**
 * Sorts the history once, splits this debt's entries from the person's other debts', picks the
 * jurisdiction profile and resolves the customer's possible zones, once per decision.
 */
export function buildContext(input: ContextInput): RuleContext {
  const { account } = input;
  const times = input.history.map((h) => parseInstant(h.at));
  let sorted = true;
  for (let i = 1; i < times.length && sorted; i++) if (times[i] < times[i - 1]) sorted = false;
  // A ledger is nearly always in time order already: only then is an order of its own built (a stable sort).
  const order = sorted ? undefined : times.map((_, i) => i).sort((a, b) => times[a] - times[b]);
  const history: HistoryEntry[] = [];
  const historyTimes: number[] = [];
  const personHistory: HistoryEntry[] = [];
  const personHistoryTimes: number[] = [];
  for (let k = 0; k < times.length; k++) {
    const i = order ? order[k] : k;
    const h = input.history[i];
    const t = times[i];
    personHistory.push(h);
    personHistoryTimes.push(t);
    if (h.debtId === undefined || h.debtId === account.accountId) {
      history.push(h);
      historyTimes.push(t);
    }
  }
  const { profile, ruleSet } = profileAndRuleSet(input);
  return {
    account,
    history,
    historyTimes,
    personHistory,
    personHistoryTimes,
    ruleSet,
    profile,
    timeZones: possibleTimeZones(account.customer, input.businessTimeZone, input.locationAssumption),
    now: input.now,
  };
}

export function toReason(ruleId: string, outcome: RuleOutcome, channel?: Channel): Reason {
  const reason: Reason = { ruleId, effect: outcome.effect, detail: outcome.detail };
  if (channel) reason.channel = channel;
  if ((outcome.effect === 'deferred' || outcome.effect === 'suppressed') && outcome.until) {
    reason.until = outcome.until.toISOString();
  }
  return reason;
}

export type SuppressionVerdict =
  | { suppressed: false; reasons: Reason[] }
  | { suppressed: true; outcome: Extract<RuleOutcome, { effect: 'suppressed' }>; reasons: Reason[] };

/** Account-level rules; the first suppression wins, and its reason says why. */
export function checkSuppression(ctx: RuleContext): SuppressionVerdict {
  const reasons: Reason[] = [];
  for (const rule of ctx.profile.suppressionRules) {
    const outcome = rule.evaluate(ctx);
    if (outcome.effect === 'suppressed') {
      return { suppressed: true, outcome, reasons: [toReason(rule.id, outcome)] };
    }
    reasons.push(toReason(rule.id, outcome));
  }
  return { suppressed: false, reasons };
}

export type ChannelVerdict =
  /** Allowed at the candidate instant; reasons are the allowing rules (the audit trail). */
  | { kind: 'allowed'; at: Date; reasons: Reason[] }
  /** Allowed from `until`; reasons are the rules that pushed it there. */
  | { kind: 'deferred'; until: Date; reasons: Reason[] }
  /** Not usable; reasons are the blocking rules. */
  | { kind: 'blocked'; reasons: Reason[] };

/**
 * Runs every channel rule on a candidate. Deferrals chain: when a rule defers, all rules are run again
 * at the later instant (a call cap may end at 03:00, which the window then moves to 08:00).
 *
 * `explain: false` gives the same verdict with empty reasons, for callers that read only its kind and
 * time (pacing's window probes, the next-allowed times): building the reasons was most of their cost.
 */
export function evaluateChannel(ctx: RuleContext, candidate: Candidate, explain = true): ChannelVerdict {
  const deferrals = new Map<string, Reason>();
  let at = candidate.at;
  for (let round = 0; round < MAX_DEFERRAL_ROUNDS; round++) {
    const found = evaluateRound(ctx, candidate.channel, at, explain, deferrals);
    if (found.blocked) return { kind: 'blocked', reasons: found.blocked };
    if (found.latest === at.getTime()) {
      return round === 0
        ? { kind: 'allowed', at, reasons: found.allowed }
        : { kind: 'deferred', until: at, reasons: [...deferrals.values()] };
    }
    at = new Date(found.latest);
  }
  return {
    kind: 'blocked',
    reasons: [
      {
        ruleId: 'engine.no-convenient-time',
        effect: 'blocked',
        channel: candidate.channel,
        detail: `rules kept deferring ${candidate.channel} past ${at.toISOString()}; not usable for now`,
      },
    ],
  };
}

/** One round of evaluateChannel at `at`: the blocking reasons (a verdict), or the latest deferral and the allowing reasons. */
function evaluateRound(
  ctx: RuleContext,
  channel: Channel,
  at: Date,
  explain: boolean,
  deferrals: Map<string, Reason>,
): { blocked?: Reason[]; latest: number; allowed: Reason[] } {
  const blocked: Reason[] = [];
  const allowed: Reason[] = [];
  let latest = at.getTime();
  let exemptStage: ChannelRule['stage'] | undefined;
  let exemptBy = '';
  const candidate: Candidate = { channel, at, explain };
  for (const rule of ctx.profile.channelRules) {
    const outcome = rule.evaluate(ctx, candidate);
    if (outcome.effect === 'allowed' && outcome.exempt && rule.grantsException) {
      exemptStage = rule.stage;
      exemptBy = rule.id;
      if (explain) allowed.push(toReason(rule.id, outcome, channel));
    } else if (outcome.effect !== 'allowed' && rule.stage === exemptStage) {
      if (explain) allowed.push({ ruleId: rule.id, effect: 'allowed', channel, detail: `exception (${exemptBy}) to: ${outcome.detail}` });
    } else if (outcome.effect === 'blocked' || outcome.effect === 'suppressed') {
      // Any block in a round is the verdict: without reasons to collect, the other rules need not run.
      if (!explain) return { blocked, latest, allowed };
      blocked.push({ ...toReason(rule.id, outcome, channel), effect: 'blocked' });
    } else if (outcome.effect === 'deferred') {
      if (explain) deferrals.set(rule.id, toReason(rule.id, outcome, channel));
      latest = Math.max(latest, outcome.until.getTime());
    } else if (explain) {
      allowed.push(toReason(rule.id, outcome, channel));
    }
  }
  return { ...(blocked.length > 0 ? { blocked } : {}), latest, allowed };
}

export interface CheckContactInput extends ContextInput {
  channel: Channel;
}

export interface ContactCheck {
  allowed: boolean;
  reasons: Reason[];
  /** When deferred: the earliest instant the rules allow this channel. */
  until?: string;
}

/**
 * The send-time guard: may this channel be used right now? Re-runs suppression and channel rules
 * on the freshly read account and history.
 */
export function checkContact(input: CheckContactInput): ContactCheck {
  const ctx = buildContext(input);
  const suppression = checkSuppression(ctx);
  if (suppression.suppressed) return { allowed: false, reasons: suppression.reasons };
  const verdict = evaluateChannel(ctx, { channel: input.channel, at: input.now });
  switch (verdict.kind) {
    case 'allowed':
      return { allowed: true, reasons: [...suppression.reasons, ...verdict.reasons] };
    case 'deferred':
      return { allowed: false, reasons: verdict.reasons, until: verdict.until.toISOString() };
    case 'blocked':
      return { allowed: false, reasons: verdict.reasons };
  }
}
