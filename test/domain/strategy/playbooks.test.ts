import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import cxDefault from '../../../playbooks/cx-default.json';
import cxDigitalFirst from '../../../playbooks/cx-digital-first.json';
import cxSegmented from '../../../playbooks/cx-segmented.json';
import traditional from '../../../playbooks/traditional.json';
import { explainPlaybook } from '../../../local/playbook-command';
import { renderPlaybookSchema } from '../../../schemas/generate-playbook';
import {
  DEFAULT_PLAYBOOK,
  offersPerson,
  parsePlaybook,
  playbookForSegment,
  playbookProblems,
  stopReason,
} from '../../../functions/domain/playbook';

describe('playbooks as files', () => {
  it('ships valid CX-led, per-segment and traditional playbooks', () => {
    for (const p of [cxDefault, cxSegmented, traditional]) expect(playbookProblems(p)).toEqual([]);
    const t = parsePlaybook(traditional);
    expect(t.steps.every((s) => s.tone === 'clear' && !s.offerPerson)).toBe(true);
  });

  it('a playbook without segment journeys is unchanged for the journey; no segment: the base steps', () => {
    const ladder = parsePlaybook(cxDefault);
    expect(playbookForSegment(ladder, 'vulnerable')).toBe(ladder);
    expect(playbookForSegment(DEFAULT_PLAYBOOK, undefined)).toBe(DEFAULT_PLAYBOOK);
    // The digital-first playbook gives a vulnerable customer its own supportive journey and a person.
    expect(playbookForSegment(parsePlaybook(cxDigitalFirst), 'vulnerable').endOfCadence).toEqual({ action: 'hand-off' });
  });

  it('applies a segment journey, keeping id and version', () => {
    const p = parsePlaybook(cxSegmented);
    const v = playbookForSegment(p, 'vulnerable');
    expect(v.id).toBe(p.id);
    expect(v.version).toBe(p.version);
    expect(v.channelOrder).toEqual(['email', 'sms']);
    expect(v.steps.map((s) => s.id)).toEqual(['v1-help', 'v2-help']);
    expect(playbookForSegment(p, 'chronic-late-payer').steps).toBe(p.steps);
  });

  it('offers a person by step flag, from a step on, and per segment', () => {
    const p = parsePlaybook(cxSegmented);
    expect(offersPerson(p, 0, 'likely-self-cure')).toBe(false);
    expect(offersPerson(p, 3, 'likely-self-cure')).toBe(true);
    expect(offersPerson(p, 0, 'early-hardship')).toBe(true);
  });

  it('stops on its own conditions', () => {
    const p = parsePlaybook(cxSegmented);
    expect(stopReason(p, { messagesSent: 3, daysSinceStart: 10, optedOutChannels: 0 })).toBeUndefined();
    expect(stopReason(p, { messagesSent: 8, daysSinceStart: 10, optedOutChannels: 0 })).toMatch(/8 messages sent \(limit 8\)/);
    expect(stopReason(p, { messagesSent: 1, daysSinceStart: 10, optedOutChannels: 2 })).toMatch(/opted out of 2 channels/);
    expect(stopReason(DEFAULT_PLAYBOOK, { messagesSent: 99, daysSinceStart: 99, optedOutChannels: 3 })).toBeUndefined();
  });

  it('lists every problem in segment journeys, offers and stop conditions with its path', () => {
    const problems = playbookProblems({
      ...cxSegmented,
      segments: {
        vulnerable: { channelOrder: ['email', 'email'], steps: [{ ...cxSegmented.steps[0], channel: 'voice' }] },
        'early-hardship': { steps: [cxSegmented.steps[0], cxSegmented.steps[3], { ...cxSegmented.steps[4], id: 'x', afterDays: 1 }] },
        bored: { steps: [] },
      },
      offers: { planLengthsMonths: [0] },
      whenToOfferPerson: { fromStep: 9 },
      stopWhen: { maxMessages: 0, later: true },
    });
    const text = problems.join('\n');
    for (const path of [
      'segments.bored: unknown field',
      'offers.planLengthsMonths.0:',
      'stopWhen.maxMessages:',
      'stopWhen.later: unknown field',
    ]) {
      expect(text).toContain(path);
    }
    // Cross-field checks run once the shape is right.
    const shapeOk = playbookProblems({
      ...cxSegmented,
      segments: {
        vulnerable: { channelOrder: ['email', 'email'], steps: [{ ...cxSegmented.steps[0], channel: 'voice' }] },
        'early-hardship': { steps: [cxSegmented.steps[0], cxSegmented.steps[3], { ...cxSegmented.steps[4], id: 'x', afterDays: 1 }] },
      },
      whenToOfferPerson: { fromStep: 9 },
    }).join('\n');
    for (const path of [
      'segments.vulnerable.channelOrder.1: email is listed twice',
      'segments.vulnerable.steps.0.channel: voice is not in channelOrder',
      'segments.early-hardship.steps.2.afterDays: gaps between reminders must not shrink',
      'whenToOfferPerson.fromStep: step 9 does not exist',
    ]) {
      expect(shapeOk).toContain(path);
    }
  });

  it('explains a playbook per segment in plain words', () => {
    const text = explainPlaybook(parsePlaybook(cxSegmented));
    expect(text).toMatch(/^CX-led, per segment \(cx-segmented, version 1\.0\.0\)/);
    expect(text).toMatch(/Vulnerable: Few, gentle messages/);
    expect(text).toMatch(
      /1\. Right away: a supportive message \("offer-help"\) on the customer's preferred channel \(else email\), offering a person to talk to\./,
    );
    expect(text).toMatch(/Likely self-cure \(forgot\), Chronic late payer: the standard journey:/);
    expect(text).toMatch(/a plan over 2, 3, 4, 6 months/);
    expect(text).toMatch(/Outreach stops after 8 messages/);
    expect(explainPlaybook(parsePlaybook(traditional))).toMatch(
      /Every segment gets the same journey:\n {2}1\. Right away: a clear, firm message \("reminder-clear"\) by phone call \(text message, then email if that cannot be used\)\./,
    );
    // How each cadence ends, as the playbook says: a person, or no response with its next step.
    const digital = explainPlaybook(parsePlaybook(cxDigitalFirst));
    expect(digital).toMatch(
      /a person takes over when the balance is 150 or more; otherwise the cycle ends as no response and the account goes to the next step: letter\./,
    );
    expect(digital).toMatch(/Vulnerable:[^]*?Then: if nothing is resolved 3 days after the last message, a person takes over\./);
  });

  it('the committed JSON Schema is current (run npx tsx schemas/generate-playbook.ts)', () => {
    const committed = readFileSync(new URL('../../../schemas/playbook.schema.json', import.meta.url), 'utf8');
    expect(committed).toBe(renderPlaybookSchema());
    const schema = JSON.parse(committed) as { properties: Record<string, unknown> };
    expect(Object.keys(schema.properties)).toEqual(
      expect.arrayContaining(['steps', 'segments', 'offers', 'whenToOfferPerson', 'stopWhen']),
    );
  });
});
