/** Shared builders for the compliance tests: decide through the same engine the journey uses. */
import { decide } from '../../../functions/domain/decide';
import { DEFAULT_PLAYBOOK, parsePlaybook, type Playbook } from '../../../functions/domain/playbook';
import type { CompiledProfile } from '../../../functions/domain/rules/types';
import type { Channel, HistoryEntry } from '../../../functions/domain/types';
import type { Decision } from '../../../functions/domain/decision-types';
import { account, type AccountOverrides } from '../fixtures';

export const JUNE_1 = '2026-06-01T14:00:00.000Z';

/** An overdue Chicago account opened on Monday 1 June 2026 (CDT, UTC-5). */
export function june(overrides: AccountOverrides = {}) {
  return account({ openedAt: JUNE_1, updatedAt: JUNE_1, ...overrides });
}

export function decideAt(
  now: string,
  a = june(),
  history: HistoryEntry[] = [],
  options: { playbook?: Playbook; profile?: CompiledProfile } = {},
): Decision {
  return decide({ account: a, history, playbook: options.playbook ?? DEFAULT_PLAYBOOK, now: new Date(now), profile: options.profile });
}

/** A playbook of `n` steps on one channel, each due `gapDays` after the previous. */
export function oneChannelPlaybook(channel: Channel, n = 10, gapDays = 0): Playbook {
  return parsePlaybook({
    id: `only-${channel}`,
    version: '1.0.0',
    name: `Only ${channel}`,
    description: 'Test playbook: many steps on one channel so caps are what limits contact.',
    channelOrder: [channel],
    steps: Array.from({ length: n }, (_, i) => ({
      id: `${channel}-${i + 1}`,
      afterDays: i === 0 ? 0 : gapDays,
      template: 'reminder-friendly',
      tone: 'friendly',
      channel,
    })),
    handOffAfterDays: 5,
  });
}

export function sent(
  at: string,
  channel: Channel,
  stepId: string,
  extra: Partial<Extract<HistoryEntry, { kind: 'contact' }>> = {},
): HistoryEntry {
  return { kind: 'contact', at, stepId, channel, template: 'reminder-friendly', outcome: 'sent', ...extra };
}

export const ruleIds = (d: Decision, effect?: string) => d.reasons.filter((r) => !effect || r.effect === effect).map((r) => r.ruleId);
