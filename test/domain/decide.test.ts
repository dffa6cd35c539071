import { describe, expect, it } from 'vitest';
import { decide } from '../../functions/domain/decide';
import cxDefault from '../../playbooks/cx-default.json';
import cxDigitalFirstFile from '../../playbooks/cx-digital-first.json';
import { parsePlaybook, playbookProblems, type Playbook } from '../../functions/domain/playbook';
import type { Account, HistoryEntry } from '../../functions/domain/types';
import type { Decision } from '../../functions/domain/decision-types';
import { account, calls, contact } from './fixtures';

const at = (iso: string) => new Date(iso);
/** The engine's tests run the CX-led ladder (cx-default), whose every step they know. */
const CX_DEFAULT = parsePlaybook(cxDefault);
const run = (a: Account, history: HistoryEntry[], now: string) => decide({ account: a, history, playbook: CX_DEFAULT, now: at(now) });
/** The rules' reasons, without the engine's notes on where the customer is (e.g. "no overlay for US-IL"). */
const rulesOf = (d: Decision) => d.reasons.filter((r) => !r.ruleId.startsWith('profile.'));
const ruleIds = (d: Decision) => rulesOf(d).map((r) => `${r.ruleId}:${r.effect}${r.channel ? `:${r.channel}` : ''}`);
const noChannels = { sms: { optedOut: false }, email: { optedOut: false }, voice: { optedOut: false } };

describe('decide: first contact', () => {
  it('sends the friendly reminder on the preferred channel now when inside hours', () => {
    const d = run(account({ customer: { preferredChannel: 'email' } }), [], '2026-03-10T15:00:00Z');
    expect(d.action).toEqual({ type: 'contact', stepId: 's1-friendly', channel: 'email', template: 'reminder-friendly', tone: 'friendly' });
    expect(d).toMatchObject({
      decidedAt: '2026-03-10T15:00:00.000Z',
      playbookId: 'cx-default',
      playbookVersion: '1.0.0',
      ruleSetVersion: 'us-federal-2026.11',
    });
    expect(ruleIds(d)).toEqual(
      expect.arrayContaining(['status.stop:allowed', 'window.local-hours:allowed:email', 'optout.channel:allowed:email']),
    );
  });

  it('uses the playbook channel order when the customer has no preference', () => {
    const d = run(account({ customer: { preferredChannel: undefined } }), [], '2026-03-10T15:00:00Z');
    expect(d.action).toMatchObject({ type: 'contact', channel: 'sms' });
  });

  it('at 06:00 local waits until 08:00 local, naming the window rule', () => {
    const a = account({ openedAt: '2026-03-10T10:00:00.000Z' });
    const d = run(a, [], '2026-03-10T11:00:00Z'); // 06:00 Chicago
    expect(d.action).toEqual({ type: 'wait', until: '2026-03-10T13:00:00.000Z' });
    expect(d.reasons).toContainEqual(
      expect.objectContaining({ ruleId: 'window.local-hours', effect: 'deferred', until: '2026-03-10T13:00:00.000Z' }),
    );
  });

  it('Reg F worked example: Eastern phone and Pacific address wait until 11:00 Eastern', () => {
    const a = account({
      openedAt: '2026-03-10T12:00:00.000Z',
      customer: { phone: '+12125550123', address: { country: 'US', region: 'CA' } },
    });
    const d = run(a, [], '2026-03-10T13:30:00Z'); // 09:30 Eastern, 06:30 Pacific
    expect(d.action).toEqual({ type: 'wait', until: '2026-03-10T15:00:00.000Z' });
    expect(run(a, [], '2026-03-10T15:00:00Z').action.type).toBe('contact');
  });
});

describe('decide: channel fallback', () => {
  it('falls back to the next channel when the preferred one is opted out, and says why', () => {
    const a = account({ channels: { ...noChannels, sms: { optedOut: true } } });
    const d = run(a, [], '2026-03-10T15:00:00Z');
    expect(d.action).toMatchObject({ type: 'contact', stepId: 's1-friendly', channel: 'email' });
    expect(ruleIds(d)).toContain('optout.channel:blocked:sms');
  });

  it('retries a step on the next usable channel after a permanent failure', () => {
    const a = account({
      channels: { ...noChannels, sms: { optedOut: false, unusable: { reason: 'invalid-address', at: '2026-03-10T15:00:05Z' } } },
    });
    const history = [contact('2026-03-10T15:00:00Z', 's1-friendly', 'sms', 'failed-permanent')];
    const d = run(a, history, '2026-03-10T15:01:00Z');
    expect(d.action).toMatchObject({ type: 'contact', stepId: 's1-friendly', channel: 'email' });
    expect(ruleIds(d)).toEqual(expect.arrayContaining(['playbook.step-once:blocked:sms']));
  });

  it('never repeats a step on a channel, even when the account was not (yet) marked unusable', () => {
    const history = [contact('2026-03-10T15:00:00Z', 's1-friendly', 'sms', 'failed-permanent')];
    expect(run(account(), history, '2026-03-10T15:01:00Z').action).toMatchObject({ channel: 'email' });
  });

  it('treats an unconfirmed send as done: the step is not sent again', () => {
    const history = [contact('2026-03-10T15:00:00Z', 's1-friendly', 'sms', 'unconfirmed')];
    expect(run(account(), history, '2026-03-10T16:00:00Z').action).toEqual({ type: 'wait', until: '2026-03-13T15:00:00.000Z' });
  });

  it('uses email when there is no phone number', () => {
    const d = run(account({ customer: { phone: undefined } }), [], '2026-03-10T15:00:00Z');
    expect(d.action).toMatchObject({ channel: 'email' });
    expect(ruleIds(d)).toContain('channel.no-address:blocked:sms');
  });

  it('closes with no-usable-channel when every channel is blocked, listing each', () => {
    const a = account({ channels: { sms: { optedOut: true }, email: { optedOut: true }, voice: { optedOut: true } } });
    const d = run(a, [], '2026-03-10T15:00:00Z');
    expect(d.action).toEqual({ type: 'close', reason: 'no-usable-channel' });
    expect(ruleIds(d)).toEqual(
      expect.arrayContaining(['optout.channel:blocked:sms', 'optout.channel:blocked:email', 'optout.channel:blocked:voice']),
    );
  });
});

describe('decide: stopping', () => {
  it.each([
    ['paid', 'paid'],
    ['closed', 'account-closed'],
    ['ceased', 'ceased'],
  ] as const)('closes a %s account (%s) before anything else', (status, reason) => {
    const d = run(account({ status }), [], '2026-03-10T15:00:00Z');
    expect(d.action).toEqual({ type: 'close', reason });
    expect(rulesOf(d)).toEqual([expect.objectContaining({ ruleId: 'status.stop', effect: 'suppressed', decisive: true })]);
  });

  it('closes as paid when the balance reaches zero', () => {
    expect(run(account({ balance: 0 }), [], '2026-03-10T15:00:00Z').action).toEqual({ type: 'close', reason: 'paid' });
  });

  it('escalates after repeated failures in a row, but not when a contact came between', () => {
    const fail = (t: string): HistoryEntry => ({ kind: 'failure', at: t, error: 'Lambda timeout' });
    const three = [fail('2026-03-10T15:00:00Z'), fail('2026-03-10T15:05:00Z'), fail('2026-03-10T15:10:00Z')];
    const d = run(account(), three, '2026-03-10T15:15:00Z');
    expect(d.action).toEqual({ type: 'escalate', reason: 'repeated-failures' });
    expect(ruleIds(d)).toEqual(['journey.repeated-failures:suppressed']);
    const broken = [three[0], contact('2026-03-10T15:02:00Z', 's1-friendly', 'sms'), three[1], three[2]];
    expect(run(account(), broken, '2026-03-10T15:15:00Z').action.type).toBe('wait');
  });

  it('pauses while a person has the account, and closes when they keep it past the hand-off timeout', () => {
    const history: HistoryEntry[] = [
      contact('2026-03-10T15:00:00Z', 's1-friendly', 'sms'),
      { kind: 'escalated', at: '2026-03-11T15:00:00Z', reason: 'repeated-failures' },
    ];
    const paused = run(account(), history, '2026-03-11T15:01:00Z');
    // One wait to the timeout (the person finishing wakes the journey sooner: journey-wake.ts).
    expect(paused.action).toEqual({ type: 'wait', until: '2026-04-10T15:00:00.000Z' });
    expect(ruleIds(paused)).toEqual(['care.with-a-person:suppressed']);
    expect(run(account(), history, '2026-04-10T15:00:00Z').action).toEqual({ type: 'close', reason: 'handed-off' });
  });

  it('a person hands the account back: resume carries on the playbook, keep closes, resolved closes after the survey', () => {
    const handedOff: HistoryEntry[] = [
      contact('2026-03-10T15:00:00Z', 's1-friendly', 'sms'),
      { kind: 'escalated', at: '2026-03-11T15:00:00Z', reason: 'customer-asked-for-person' },
    ];
    const back = (outcome: 'resume' | 'keep' | 'resolved'): HistoryEntry[] => [
      ...handedOff,
      { kind: 'handoff-completed', at: '2026-03-12T15:00:00Z', outcome },
    ];
    const resumed = run(account(), back('resume'), '2026-03-13T15:00:00Z');
    expect(resumed.action).toMatchObject({ type: 'contact', stepId: 's2-followup' });
    expect(run(account(), back('keep'), '2026-03-13T15:00:00Z').action).toEqual({ type: 'close', reason: 'handed-off' });
    const resolved = run(account(), back('resolved'), '2026-03-13T15:00:00Z');
    expect(resolved.action).toMatchObject({ type: 'contact', stepId: 'survey-handoff', template: 'survey', channel: 'sms' });
    const asked = [...back('resolved'), contact('2026-03-13T15:00:00Z', 'survey-handoff', 'sms', 'sent', 'survey')];
    expect(run(account(), asked, '2026-03-13T15:01:00Z').action).toEqual({ type: 'close', reason: 'resolved-by-agent' });
  });
});

describe('decide: call limits', () => {
  const caller = account({ customer: { preferredChannel: 'voice' } });

  it('defers a call when 7 calls were made in the last 7 days', () => {
    const history = calls([
      '2026-03-04T15:00:00Z',
      '2026-03-05T15:00:00Z',
      '2026-03-06T15:00:00Z',
      '2026-03-07T15:00:00Z',
      '2026-03-08T15:00:00Z',
      '2026-03-09T15:00:00Z',
      '2026-03-10T14:00:00Z',
    ]);
    const d = run(caller, history, '2026-03-10T16:00:00Z');
    expect(d.action).toEqual({ type: 'wait', until: '2026-03-11T15:00:00.000Z' });
    expect(ruleIds(d)).toContain('regf.call-frequency:deferred:voice');
  });

  it('combines a call-cap deferral with the window: a cap ending at night waits for the morning', () => {
    // Oldest call at 03:30 Chicago; it leaves the window at 03:30, then the window moves it to 08:00.
    const history = calls([
      '2026-03-04T08:30:00Z',
      '2026-03-05T15:00:00Z',
      '2026-03-06T15:00:00Z',
      '2026-03-07T15:00:00Z',
      '2026-03-08T15:00:00Z',
      '2026-03-09T15:00:00Z',
      '2026-03-10T14:00:00Z',
    ]);
    const d = run(caller, history, '2026-03-10T16:00:00Z');
    expect(d.action).toEqual({ type: 'wait', until: '2026-03-11T13:00:00.000Z' });
    expect(ruleIds(d)).toEqual(expect.arrayContaining(['regf.call-frequency:deferred:voice', 'window.local-hours:deferred:voice']));
  });

  it('does not call within 7 days of a telephone conversation', () => {
    const history: HistoryEntry[] = [{ kind: 'conversation', at: '2026-03-09T20:00:00Z', channel: 'voice' }];
    const d = run(caller, history, '2026-03-10T15:00:00Z');
    expect(d.action).toEqual({ type: 'wait', until: '2026-03-16T13:00:00.000Z' }); // Mon 08:00 Chicago
    expect(ruleIds(d)).toContain('regf.conversation-block:deferred:voice');
  });
});

describe('decide: cadence', () => {
  it('waits for the next step and lands on the due minute', () => {
    const history = [contact('2026-03-10T15:00:20Z', 's1-friendly', 'sms')];
    const d = run(account(), history, '2026-03-10T15:05:00Z');
    expect(d.action).toEqual({ type: 'wait', until: '2026-03-13T15:01:00.000Z' });
    expect(d.reasons).toContainEqual(expect.objectContaining({ ruleId: 'playbook.cadence', effect: 'deferred' }));
  });

  it('moves a due time that falls outside hours to the next morning, naming both reasons', () => {
    const history = [contact('2026-03-11T01:59:30Z', 's1-friendly', 'sms')]; // 20:59:30 Chicago
    const d = run(account(), history, '2026-03-11T02:00:00Z');
    expect(d.action).toEqual({ type: 'wait', until: '2026-03-14T13:00:00.000Z' });
    // Step 2 rotates to the channel after the one used last (sms -> email).
    expect(ruleIds(d)).toEqual(expect.arrayContaining(['playbook.cadence:deferred', 'window.local-hours:deferred:email']));
  });

  it('runs the whole default journey: days 0, 3, 8, 15, 25, rotating channels, then hands off and closes', () => {
    const a = account({ openedAt: '2026-03-10T15:00:00.000Z' });
    const history: HistoryEntry[] = [];
    const sent: { day: number; stepId: string; channel: string; tone: string }[] = [];
    let now = new Date('2026-03-10T15:00:00Z');
    let last: Decision | undefined;
    for (let i = 0; i < 80; i++) {
      last = decide({ account: a, history, playbook: CX_DEFAULT, now });
      const act = last.action;
      if (act.type === 'contact') {
        history.push(contact(now.toISOString(), act.stepId, act.channel, 'sent', act.template));
        sent.push({
          day: Math.round((now.getTime() - Date.parse(a.openedAt)) / 86_400_000),
          stepId: act.stepId,
          channel: act.channel,
          tone: act.tone,
        });
        now = new Date(now.getTime() + 60_000);
      } else if (act.type === 'wait') {
        expect(Date.parse(act.until)).toBeGreaterThan(now.getTime());
        now = new Date(act.until);
      } else if (act.type === 'escalate') {
        expect(act.reason).toBe('playbook-hand-off');
        history.push({ kind: 'escalated', at: now.toISOString(), reason: act.reason });
        now = new Date(now.getTime() + 60_000);
      } else break;
    }
    expect(sent).toEqual([
      { day: 0, stepId: 's1-friendly', channel: 'sms', tone: 'friendly' },
      { day: 3, stepId: 's2-followup', channel: 'email', tone: 'friendly' },
      { day: 8, stepId: 's3-clear', channel: 'sms', tone: 'clear' },
      { day: 15, stepId: 's4-help', channel: 'email', tone: 'supportive' },
      { day: 25, stepId: 's5-final', channel: 'sms', tone: 'supportive' },
    ]);
    expect(history.at(-1)).toMatchObject({ kind: 'escalated', at: '2026-04-09T15:00:00.000Z' }); // day 30
    // A person has it: the journey looks again daily, and leaves it with them after 30 days (day 60).
    expect(last?.action).toEqual({ type: 'close', reason: 'handed-off' });
    expect(last?.decidedAt).toBe('2026-05-09T15:00:00.000Z');
  });

  it('ends an unanswered cadence as no response with its next step, not a hand-off, when the playbook says so', () => {
    const playbook: Playbook = {
      ...CX_DEFAULT,
      steps: CX_DEFAULT.steps.slice(0, 1),
      endOfCadence: { action: 'no-response', nextStep: 'later-cycle' },
    };
    const a = account({ openedAt: '2026-03-10T15:00:00.000Z' });
    const history = [contact('2026-03-10T15:00:00.000Z', 's1-friendly', 'sms')];
    const before = decide({ account: a, history, playbook, now: at('2026-03-12T15:00:00Z') });
    expect(before.action).toEqual({ type: 'wait', until: '2026-03-15T15:00:00.000Z' });
    const after = decide({ account: a, history, playbook, now: at('2026-03-15T15:00:00Z') });
    expect(after.action).toEqual({ type: 'close', reason: 'no-response' });
    expect(after.reasons).toContainEqual(
      expect.objectContaining({ ruleId: 'playbook.no-response', detail: expect.stringContaining('the next step: later-cycle') }),
    );
    // The same playbook for a segment that keeps the hand-off (a segment override) escalates instead.
    const handOff = decide({
      account: a,
      history,
      playbook: { ...playbook, endOfCadence: { action: 'hand-off' } },
      now: at('2026-03-15T15:00:00Z'),
    });
    expect(handOff.action).toEqual({ type: 'escalate', reason: 'playbook-hand-off' });
  });

  it('the digital-first playbook ends an unanswered cadence as no response three days after its last step', () => {
    const digitalFirst = parsePlaybook(cxDigitalFirstFile);
    const a = account({ openedAt: '2026-03-10T15:00:00.000Z' });
    const history = digitalFirst.steps.reduce<{ entries: HistoryEntry[]; day: number }>(
      (acc, step) => {
        const day = acc.day + step.afterDays;
        acc.entries.push(contact(new Date(Date.parse(a.openedAt) + day * 86_400_000).toISOString(), step.id, 'sms'));
        return { entries: acc.entries, day };
      },
      { entries: [], day: 0 },
    ).entries;
    const last = Date.parse(history.at(-1)!.at);
    const end = decide({ account: a, history, playbook: digitalFirst, now: new Date(last + 3 * 86_400_000) });
    expect(end.action).toEqual({ type: 'close', reason: 'no-response' });
    expect(end.reasons.map((r) => r.detail).join(' ')).toContain('the next step: letter');
    // A balance of 400 or more is worth a person's time: the same cadence ends with a hand-off.
    const large = decide({ account: { ...a, balance: 400 }, history, playbook: digitalFirst, now: new Date(last + 3 * 86_400_000) });
    expect(large.action).toEqual({ type: 'escalate', reason: 'playbook-hand-off' });
  });

  it('under a no-response playbook, an account no channel can reach ends as no response with its next step', () => {
    const digitalFirst = parsePlaybook(cxDigitalFirstFile);
    const a = account({ channels: { sms: { optedOut: true }, email: { optedOut: true }, voice: { optedOut: true } } });
    const d = decide({ account: a, history: [], playbook: digitalFirst, now: at('2026-03-10T23:00:00Z') });
    expect(d.action).toEqual({ type: 'close', reason: 'no-response' });
    expect(d.reasons.find((r) => r.ruleId === 'playbook.no-usable-channel')?.detail).toMatch(/no channel .* next step: letter$/);
    // A playbook that hands unanswered cadences to a person keeps the plain closing.
    expect(decide({ account: a, history: [], playbook: CX_DEFAULT, now: at('2026-03-10T23:00:00Z') }).action).toEqual({
      type: 'close',
      reason: 'no-usable-channel',
    });
  });

  it('refuses a no-response ending without a next step, and a hand-off with one', () => {
    expect(playbookProblems({ ...CX_DEFAULT, endOfCadence: { action: 'no-response' } })).toEqual([
      expect.stringMatching(/^endOfCadence\.nextStep: a no-response ending names its next step/),
    ]);
    expect(playbookProblems({ ...CX_DEFAULT, endOfCadence: { action: 'hand-off', nextStep: 'letter' } })).toEqual([
      expect.stringMatching(/^endOfCadence\.nextStep: only a no-response ending/),
    ]);
    expect(playbookProblems({ ...CX_DEFAULT, endOfCadence: { action: 'hand-off', handOffFromBalance: 100 } })).toEqual([
      expect.stringMatching(/^endOfCadence\.handOffFromBalance: only a no-response ending/),
    ]);
  });
});

describe("decide: the playbook's own sending hours", () => {
  const evenings: Playbook = { ...CX_DEFAULT, sendHours: { start: '17:00', end: '20:00' } };
  const runEvenings = (a: Account, now: string) => decide({ account: a, history: [], playbook: evenings, now: at(now) });

  it('a step due in the morning waits for the opening of the playbook hours, naming them; inside them it goes', () => {
    const a = account({ openedAt: '2026-03-10T15:00:00.000Z' });
    const morning = runEvenings(a, '2026-03-10T15:00:00Z'); // 10:00 in Chicago (CDT)
    expect(morning.action).toEqual({ type: 'wait', until: '2026-03-10T22:00:00.000Z' });
    expect(morning.reasons).toContainEqual(
      expect.objectContaining({ ruleId: 'playbook.send-hours', effect: 'deferred', until: '2026-03-10T22:00:00.000Z' }),
    );
    expect(runEvenings(a, '2026-03-10T22:00:00Z').action).toMatchObject({ type: 'contact', stepId: 's1-friendly' });
    // After 20:00 local the step waits for the next evening, not for the legal window's 08:00.
    expect(runEvenings(a, '2026-03-11T01:30:00Z').action).toEqual({ type: 'wait', until: '2026-03-11T22:00:00.000Z' });
  });

  it('hours that never overlap across the zones the customer may be in leave the legal window to decide', () => {
    const a = account({
      openedAt: '2026-03-10T15:00:00.000Z',
      customer: { phone: '+12125550123', address: { country: 'US', region: 'CA' } },
    });
    // 17:00-20:00 Eastern and Pacific never meet; 11:00 Eastern, 08:00 Pacific is inside the legal window in both.
    expect(runEvenings(a, '2026-03-10T15:00:00Z').action).toMatchObject({ type: 'contact' });
  });

  it('refuses hours that end before they start', () => {
    expect(playbookProblems({ ...CX_DEFAULT, sendHours: { start: '20:00', end: '17:00' } })).toEqual([
      expect.stringMatching(/^sendHours\.end: start must be before end/),
    ]);
  });
});
