/**
 * Bundles every functions/<handler>.ts exactly as CDK does (bench/bundles.ts, from lib/lambda-defaults.ts)
 * and prints each bundle's size against the budget; `--breakdown` lists the biggest packages and folders.
 * Usage: npx tsx bench/bundle-sizes.ts [--breakdown] [--bundle-sdk]
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { HANDLERS } from '../functions/commons/environment';
import { PROJECT_ROOT } from '../lib/lambda-defaults';
import { BUNDLE_BUDGET_BYTES, buildBundle } from './bundles';

const breakdown = process.argv.includes('--breakdown');
const bundleSdk = process.argv.includes('--bundle-sdk');
const kb = (bytes: number) => (bytes / 1024).toFixed(1);

/** The package (node_modules/<name>) or top-level folder an input belongs to. */
function owner(input: string): string {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
  if (m) return m[1];
  return input.split('/').slice(0, 2).join('/');
}

function printBreakdown(inputs: Record<string, number>): void {
  const totals = new Map<string, number>();
  for (const [input, bytes] of Object.entries(inputs)) totals.set(owner(input), (totals.get(owner(input)) ?? 0) + bytes);
  for (const [name, bytes] of [...totals].sort((a, b) => b[1] - a[1]).slice(0, 8)) {
    console.log(`    ${kb(bytes).padStart(7)} KB  ${name}`);
  }
}

let worst = 0;
for (const handler of HANDLERS) {
  if (!existsSync(resolve(PROJECT_ROOT, 'functions', `${handler}.ts`))) {
    console.log(`${handler.padEnd(16)}  (functions/${handler}.ts missing)`);
    continue;
  }
  const bundle = await buildBundle(handler, bundleSdk);
  worst = Math.max(worst, bundle.bytes);
  const over = bundle.bytes > BUNDLE_BUDGET_BYTES ? `  (over ${kb(BUNDLE_BUDGET_BYTES)} KB)` : '';
  console.log(`${handler.padEnd(16)} ${kb(bundle.bytes).padStart(8)} KB${over}`);
  if (breakdown) printBreakdown(bundle.inputs);
}
console.log(
  `largest ${kb(worst)} KB; budget ${kb(BUNDLE_BUDGET_BYTES)} KB; AWS SDK ${bundleSdk ? 'bundled' : 'external (runtime-provided)'}`,
);
