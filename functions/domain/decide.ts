/**
 * decide(): the whole outreach policy as one pure function of (account, history, playbook, now).
 * It returns ONE action and the reasons for it, so every contact (and every non-contact) is explained
 * by named rules. Order: suppression -> journey state (handed off, failing) -> the playbook's next
 * step -> the contact rules (window -> counters -> channel checks) for each candidate channel.
 */
import { type CollectorType } from './collector';
import { careDecision, closeWithSurvey, handoffState, pauseWithPerson, type CareOutcome } from './care';
import type { Playbook } from './playbook';
import { explainReasons } from './rules/explain';
import { buildContext, checkSuppression, evaluateChannel, type ChannelVerdict } from './rules/engine';
import type { CompiledProfile } from './rules/types';
import { profileForAccount } from './rules/jurisdiction-overlays';
import { type RuleSet } from './rules/rule-set';
import { ceilToMinute } from './rules/time';
import type { RuleContext } from './rules/types';
import { isLocationUnknown } from './time-zones';
import { CHANNELS, type Account, type Channel, type HistoryEntry } from './types';
import { type Action, type Decision, type Reason } from './decision-types';
import { nextStep } from './next-step';

export interface DecideInput {
  account: Account;
  history: readonly HistoryEntry[];
  playbook: Playbook;
  now: Date;
  ruleSet?: RuleSet;
  /** The jurisdiction profile; when absent, the one for account.jurisdiction (see rules/profile.ts). */
  profile?: CompiledProfile;
  /** The business zone, used only when nothing tells us where the customer may be. */
  businessTimeZone?: string;
  /** Who the deployment is (default: a debt collector, whom Regulation F binds). */
  collectorType?: CollectorType;
  /** The voicemail-safe business name (stage config), spoken instead of a creditor name that reveals the debt. */
  voicemailBusinessName?: string;
}

/** A first-party creditor is decided without the rules that bind debt collectors only: said once, as a reason. */
function collectorNote(collectorType: CollectorType | undefined, profile: CompiledProfile): Reason[] {
  if (collectorType !== 'first-party-creditor') return [];
  return [
    {
      ruleId: 'profile.collector',
      effect: 'allowed',
      detail: `decided as a first-party creditor: rules that bind debt collectors only are not applied; ${profile.version}`,
    },
  ];
}

/** The assumption made when nothing says where the customer is, as a reason of its own. */
function locationNote(account: DecideInput['account'], zones: readonly string[]): Reason[] {
  if (!isLocationUnknown(account.customer)) return [];
  return [
    {
      ruleId: 'location.unknown',
      effect: 'allowed',
      detail: `the customer's location is unknown (no stated zone, phone area code or address region): every zone they may be in is assumed (${zones.join(', ')})`,
    },
  ];
}

export function decide(input: DecideInput): Decision {
  const ctx = buildContext(input);
  const { playbook, now } = input;
  // Which overlays applied and why, and a billing jurisdiction without a profile of its own: said as reasons.
  const profileNote: Reason[] = [
    ...(input.profile ? [] : profileForAccount(input.account, input.collectorType).notes),
    ...collectorNote(input.collectorType, ctx.profile),
    ...locationNote(input.account, ctx.timeZones),
  ];
  const decision = (action: Action, reasons: Reason[], nextAllowed?: Decision['nextAllowed']): Decision => ({
    action,
    reasons: explainReasons(action, [...profileNote, ...reasons], ctx.profile),
    decidedAt: now.toISOString(),
    playbookId: playbook.id,
    playbookVersion: playbook.version,
    ruleSetVersion: ctx.ruleSet.version,
    nextAllowed: nextAllowed ?? NONE_ALLOWED,
  });

  const fromCare = (outcome: CareOutcome, extra: Reason[] = []) =>
    decision(
      outcome.action,
      [...extra, ...outcome.reasons],
      outcome.action.type === 'wait' ? nextAllowedPerChannel(ctx, new Date(outcome.action.until)) : undefined,
    );

  const suppression = checkSuppression(ctx);
  if (suppression.suppressed) {
    const { close, until, escalate } = suppression.outcome;
    if (close) return fromCare(closeWithSurvey(ctx, playbook, close, suppression.reasons));
    if (until) {
      const at = ceilToMinute(until.getTime());
      return decision({ type: 'wait', until: at.toISOString() }, suppression.reasons, nextAllowedPerChannel(ctx, at));
    }
    const reason = escalate ?? 'suppressed';
    // A person was already asked for this, or has the account anyway: collection stays paused while
    // they work on it (escalating again would loop Decide -> Escalate without ever waiting).
    const open = handoffState(ctx.history);
    const asked = lastEscalation(ctx.history, reason) ?? (open.last && !open.completed ? open.last : undefined);
    if (asked) return fromCare(pauseWithPerson(ctx, playbook, asked.at, suppression.reasons[0].detail), suppression.reasons);
    return decision({ type: 'escalate', reason }, suppression.reasons);
  }

  const handoff = handoffState(ctx.history);
  // A hand-off for a suppression that has since cleared (verification sent) is over: the journey resumes.
  if (handoff.last && !handoff.completed && !RESUMES_WHEN_CLEARED.has(handoff.last.reason)) {
    return fromCare(pauseWithPerson(ctx, playbook, handoff.last.at, `handed to a person (${handoff.last.reason})`));
  }
  if (handoff.completed?.outcome === 'resolved') {
    return fromCare(
      closeWithSurvey(ctx, playbook, 'resolved-by-agent', [
        { ruleId: 'care.handoff-completed', effect: 'suppressed', detail: `a person resolved the account on ${handoff.completed.at}` },
      ]),
    );
  }
  if (handoff.completed?.outcome === 'keep') {
    return decision({ type: 'close', reason: 'handed-off' }, [
      { ruleId: 'care.handoff-completed', effect: 'suppressed', detail: `a person keeps the account (since ${handoff.completed.at})` },
    ]);
  }

  const cared = careDecision(ctx, playbook);
  if (cared) return fromCare(cared, suppression.reasons);

  const failures = trailingFailures(ctx.history);
  if (failures >= ctx.ruleSet.maxConsecutiveFailures) {
    return decision({ type: 'escalate', reason: 'repeated-failures' }, [
      {
        ruleId: 'journey.repeated-failures',
        effect: 'suppressed',
        detail: `${failures} failures in a row without a contact (limit ${ctx.ruleSet.maxConsecutiveFailures}); a person should look`,
      },
    ]);
  }

  // Channels evaluated at `now` while choosing the step are not evaluated again for nextAllowed.
  const atNow = new Map<Channel, ChannelVerdict>();
  const result = nextStep(ctx, playbook, atNow, input.voicemailBusinessName);
  return decision(result.action, [...suppression.reasons, ...result.reasons], nextAllowedPerChannel(ctx, now, atNow));
}

/** Hand-offs whose only purpose was a suppression (a person sends verification): over when it clears. */
const RESUMES_WHEN_CLEARED: ReadonlySet<string> = new Set(['dispute-pending-verification', 'original-creditor-request']);

const NONE_ALLOWED: Readonly<Record<Channel, null>> = Object.freeze({ sms: null, email: null, voice: null });

/**
 * Per channel, the earliest instant from `from` at which the contact rules allow it (the playbook's
 * cadence aside); null when a rule blocks the channel outright.
 */
export function nextAllowedPerChannel(
  ctx: RuleContext,
  from: Date,
  known?: ReadonlyMap<Channel, ChannelVerdict>,
): Record<Channel, string | null> {
  const out = {} as Record<Channel, string | null>;
  for (const channel of CHANNELS) {
    const verdict = known?.get(channel) ?? evaluateChannel(ctx, { channel, at: from }, false);
    out[channel] =
      verdict.kind === 'allowed'
        ? from.toISOString()
        : verdict.kind === 'deferred'
          ? ceilToMinute(verdict.until.getTime()).toISOString()
          : null;
  }
  return out;
}

function lastEscalation(history: readonly HistoryEntry[], reason: string): Extract<HistoryEntry, { kind: 'escalated' }> | undefined {
  for (let i = history.length - 1; i >= 0; i--) {
    const h = history[i];
    if (h.kind === 'escalated' && h.reason === reason) return h;
  }
  return undefined;
}

/** Failures at the end of the history with nothing else after them. */
function trailingFailures(history: readonly HistoryEntry[]): number {
  let n = 0;
  for (let i = history.length - 1; i >= 0 && history[i].kind === 'failure'; i--) n++;
  return n;
}
