/** The published decide schemas match their zod definitions; the examples are valid and decide as documented. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decideFromRequest, decideFromText, DecideRequestError } from '../../../local/decide-command';
import { decideRequestSchema, decisionSchema } from '../../../functions/domain/rules/decide-schema';
import { renderSchemas, SCHEMA_FILES } from '../../../schemas/generate';

const EXAMPLES = 'examples/decide';
const example = (name: string) => JSON.parse(readFileSync(join(EXAMPLES, name), 'utf8')) as Record<string, unknown>;

describe('published decide schemas', () => {
  it('are up to date with the zod definitions (run: npx tsx schemas/generate.ts)', () => {
    const rendered = renderSchemas();
    for (const key of Object.keys(SCHEMA_FILES) as Array<keyof typeof SCHEMA_FILES>) {
      expect(readFileSync(join('schemas', SCHEMA_FILES[key]), 'utf8'), SCHEMA_FILES[key]).toBe(rendered[key]);
    }
  });

  it('describe the request and the response', () => {
    const request = JSON.parse(rendered('request'));
    expect(request.required).toEqual(expect.arrayContaining(['account', 'now']));
    expect(Object.keys(request.properties)).toEqual(expect.arrayContaining(['account', 'history', 'now', 'jurisdiction', 'playbook']));
    const response = JSON.parse(rendered('response'));
    expect(Object.keys(response.properties)).toEqual(expect.arrayContaining(['action', 'reasons', 'ruleSetVersion', 'nextAllowed']));
  });
});

function rendered(key: keyof typeof SCHEMA_FILES): string {
  return readFileSync(join('schemas', SCHEMA_FILES[key]), 'utf8');
}

describe('examples/decide', () => {
  const expected: Record<string, { action: object; ruleSetVersion: string; rule?: string }> = {
    'eastern-phone-pacific-address.json': {
      action: { type: 'wait', until: '2026-12-01T16:00:00.000Z' },
      ruleSetVersion: 'us-federal-2026.11',
      rule: 'window.local-hours',
    },
    'call-cap-7-in-7.json': {
      action: { type: 'wait', until: '2026-12-08T15:00:00.000Z' },
      ruleSetVersion: 'us-federal-2026.11',
      rule: 'regf.call-frequency',
    },
    'ceased.json': { action: { type: 'close', reason: 'ceased' }, ruleSetVersion: 'us-federal-2026.11', rule: 'status.stop' },
    'massachusetts-text-cap.json': {
      action: { type: 'wait', until: '2026-12-08T15:00:00.000Z' },
      ruleSetVersion: 'us-ma-2026.11+us-federal-2026.11',
      rule: 'ma.call-text-cap',
    },
  };

  it('has an expectation for every example', () => {
    expect(readdirSync(EXAMPLES).sort()).toEqual(Object.keys(expected).sort());
  });

  it.each(Object.entries(expected))('%s is a valid request and decides as documented', (name, want) => {
    const json = example(name);
    expect(decideRequestSchema.safeParse(json).success).toBe(true);
    const d = decideFromRequest(json);
    expect(d.action).toEqual(want.action);
    expect(d.ruleSetVersion).toBe(want.ruleSetVersion);
    expect(d.reasons.some((r) => r.ruleId === want.rule && r.effect !== 'allowed')).toBe(true);
    expect(decisionSchema.safeParse(JSON.parse(JSON.stringify(d))).success).toBe(true);
  });

  it('a request may carry its own jurisdiction profile, extending a built-in one', () => {
    const json = example('eastern-phone-pacific-address.json');
    const d = decideFromRequest({
      ...json,
      now: '2026-12-01T16:00:00Z',
      jurisdiction: {
        id: 'US-XX',
        extends: 'US',
        name: 'Test',
        version: 'us-xx-test.1',
        rules: [
          {
            id: 'window.local-hours',
            kind: 'contact-window',
            start: '09:00',
            end: '20:00',
            description: 'A narrower window for the test.',
            source: 'test',
          },
        ],
      },
    });
    expect(d.ruleSetVersion).toBe('us-xx-test.1+us-federal-2026.11');
    expect(d.action).toEqual({ type: 'wait', until: '2026-12-01T17:00:00.000Z' }); // 09:00 Pacific
    expect(decideFromRequest({ ...json, jurisdiction: 'US-MA' }).ruleSetVersion).toBe('us-ma-2026.11+us-federal-2026.11');
  });

  it('rejects a malformed request on one line naming each bad path', () => {
    const json = example('ceased.json');
    const bad = {
      ...json,
      now: 'tomorrow',
      account: { ...(json.account as object), balance: -1, customer: { firstName: 'Jo', phone: '555', language: 'en' } },
    };
    expect(() => decideFromRequest(bad)).toThrow(DecideRequestError);
    let message = '';
    try {
      decideFromRequest(bad);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).not.toMatch(/\n/);
    expect(message).toMatch(/^invalid decide request: /);
    expect(message).toMatch(/account\.customer\.phone: not a possible phone number/);
    expect(message).toMatch(/account\.balance/);
    expect(message).toMatch(/now: /);
    expect(() => decideFromText('{"account":', 'x.json')).toThrow(/^x\.json is not valid JSON/);
    expect(() => decideFromText('  ', 'stdin')).toThrow(/stdin is empty/);
    expect(() =>
      decideFromRequest({ ...json, jurisdiction: { id: 'US-XX', extends: 'US-ZZ', name: 'x', version: 'x.1', rules: [] } }),
    ).toThrow(/^invalid decide request: jurisdiction: jurisdiction profile US-XX extends unknown profile "US-ZZ"/);
    expect(() => decideFromRequest({ ...json, history: [{ kind: 'contact', at: '2026-12-01T15:00:00Z' }] })).toThrow(/history\.0\.stepId/);
  });
});
