/**
 * Every Lambda bundle, built exactly as CDK builds it (bench/bundles.ts, from lib/lambda-defaults.ts),
 * stays under the team's budget for the index.mjs CDK zips. `npx tsx bench/bundle-sizes.ts --breakdown`
 * shows what a bundle is made of.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { HANDLERS, type HandlerName } from '../../functions/commons/environment';
import type { AwsWiring } from '../../functions/commons/aws-dependencies';
import { PROJECT_ROOT } from '../../lib/lambda-defaults';
import { BUNDLE_BUDGET_BYTES, buildBundle, type BuiltBundle } from '../../bench/bundles';

/**
 * Functions still over the budget, each with the ceiling in KB it may not pass (a ratchet: lower it
 * when the bundle shrinks, remove the entry when it fits). Each function composes only the ports it
 * wires (commons/aws-dependencies.ts), so what is left is its own code and data: ingest and
 * placement-batch read raw phone numbers and carry libphonenumber-js with its parsing metadata (13 KB
 * deflated, 36 KB of library), and with inbound-sms they apply events and so render messages (the two
 * template catalogues, 37 KB) and look up every shipped playbook (11 KB); inbound-sms also carries the
 * reply model (31 KB of deflated int8 weights) and the reply phrase lists (16 KB). Event-driven pauses
 * (the wake reasons and the pause's own end, functions/domain/pause-end.ts) added 0.8 KB to all three,
 * the ledger's batched retention update 0.3 KB.
 */
const OVER_BUDGET: Partial<Record<HandlerName, number>> = {
  ingest: 253.5 * 1024,
  'placement-batch': 258.5 * 1024,
  'inbound-sms': 261.5 * 1024,
};

/** A port read in the functions' code (`d.bus`, `deps.journeys`): the handlers' dependencies are always `d` or `deps`. */
const PORT_READ = /\b(?:d|deps)\.(channels|journeys|generations|bus|portal|guard|pacing)\b/g;

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

  it('wire exactly the ports their code reads (the handler module passes those factories to awsDependencies)', async () => {
    for (const [handler, bundle] of bundles) {
      const { wiring = {} } = (await import(`../../functions/${handler}.ts`)) as { wiring?: AwsWiring };
      const code = Object.keys(bundle.inputs).filter((input) => input.startsWith('functions/'));
      const read = new Set(
        code.flatMap((file) => [...readFileSync(resolve(PROJECT_ROOT, file), 'utf8').matchAll(PORT_READ)].map((m) => m[1])),
      );
      expect(Object.keys(wiring).sort(), handler).toEqual([...read].sort());
    }
  });
});
