/**
 * Every Lambda bundle, built exactly as CDK builds it (bench/bundles.ts, from lib/lambda-defaults.ts),
 * stays under the team's budget for the index.mjs CDK zips. `npx tsx bench/bundle-sizes.ts --breakdown`
 * shows what a bundle is made of.
 */
import { describe, expect, it } from 'vitest';
import { HANDLERS, type HandlerName } from '../../functions/commons/environment';
import { BUNDLE_BUDGET_BYTES, buildBundle, type BuiltBundle } from '../../bench/bundles';

/**
 * Functions still over the budget, each with the ceiling in KB it may not pass (a ratchet: lower it
 * when the bundle shrinks, remove the entry when it fits). ingest and placement-batch read raw phone
 * numbers and carry libphonenumber-js with its parsing metadata (67 KB of the 250); inbound-sms carries
 * the reply model (31 KB of deflated int8 weights). decide and send went 0.7 KB over with digital
 * first's care and end-of-cadence rules: every handler carries every adapter (commons/dependencies.ts)
 * and every shipped playbook, which a per-handler dependency graph would take out.
 */
const OVER_BUDGET: Partial<Record<HandlerName, number>> = {
  ingest: 276.5 * 1024,
  'placement-batch': 300 * 1024,
  'inbound-sms': 263.5 * 1024,
  decide: 251 * 1024,
  send: 251 * 1024,
};

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

describe('Lambda bundles', () => {
  let bundles: Map<HandlerName, BuiltBundle>;

  it('build for every handler, in parallel, with the options CDK uses', async () => {
    bundles = new Map(await Promise.all(HANDLERS.map(async (handler) => [handler, await buildBundle(handler)] as const)));
    expect([...bundles.keys()]).toEqual([...HANDLERS]);
  }, 120_000);

  it(`are each under ${kb(BUNDLE_BUDGET_BYTES)} (or under their recorded ceiling while over)`, () => {
    const over = [...bundles]
      .filter(([handler, bundle]) => bundle.bytes > (OVER_BUDGET[handler] ?? BUNDLE_BUDGET_BYTES))
      .map(([handler, bundle]) => `${handler} ${kb(bundle.bytes)}`);
    expect(over).toEqual([]);
    const fitting = Object.keys(OVER_BUDGET).filter((handler) => bundles.get(handler as HandlerName)!.bytes <= BUNDLE_BUDGET_BYTES);
    expect(fitting, 'under budget now: remove them from OVER_BUDGET').toEqual([]);
  });

  it('keep the English zod messages the rejections quote (the one module with an import side effect survives tree shaking)', () => {
    for (const [handler, bundle] of bundles) {
      const usesZod = Object.keys(bundle.inputs).some((input) => input.includes('node_modules/zod/'));
      if (usesZod) expect(Object.keys(bundle.inputs), handler).toContain('node_modules/zod/v4/locales/en.js');
    }
  });

  it('carry libphonenumber-js only where raw phone numbers are read', () => {
    const withPhones = [...bundles].filter(([, bundle]) => Object.keys(bundle.inputs).some((input) => input.includes('libphonenumber-js')));
    expect(withPhones.map(([handler]) => handler).sort()).toEqual(['ingest', 'placement-batch']);
  });
});
