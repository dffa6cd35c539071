/**
 * Bundles every functions/<handler>.ts with the esbuild options the CDK functions use
 * (lib/lambda-defaults.ts) and prints each minified size; `--breakdown` lists the biggest inputs.
 * Usage: npx tsx bench/bundle-sizes.ts [--breakdown] [--bundle-sdk]
 */
import * as esbuild from 'esbuild';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { HANDLERS } from '../functions/commons/environment';
import { bundlingOptions, PROJECT_ROOT } from '../lib/lambda-defaults';

const breakdown = process.argv.includes('--breakdown');
const bundleSdk = process.argv.includes('--bundle-sdk');
const opts = bundlingOptions(bundleSdk);
const TARGET_KB = 250;

function owner(input: string): string {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
  if (m) return m[1];
  return input.split('/').slice(0, 2).join('/');
}

let worst = 0;
for (const handler of HANDLERS) {
  const entry = resolve(PROJECT_ROOT, 'functions', `${handler}.ts`);
  if (!existsSync(entry)) {
    console.log(`${handler.padEnd(10)}  (functions/${handler}.ts missing)`);
    continue;
  }
  const result = await esbuild.build({
    entryPoints: [entry],
    absWorkingDir: PROJECT_ROOT,
    bundle: true,
    write: false,
    metafile: true,
    platform: 'node',
    format: 'esm',
    target: opts.target,
    minify: opts.minify,
    sourcemap: opts.sourceMap,
    mainFields: opts.mainFields,
    banner: { js: opts.banner ?? '' },
    external: opts.externalModules,
    outfile: 'index.mjs',
    logLevel: 'silent',
  });
  const bytes = result.outputFiles[0].contents.byteLength;
  worst = Math.max(worst, bytes);
  const kb = (bytes / 1024).toFixed(1);
  console.log(`${handler.padEnd(10)} ${kb.padStart(8)} KB${bytes / 1024 > TARGET_KB ? `  (over ${TARGET_KB} KB)` : ''}`);
  if (breakdown) {
    const totals = new Map<string, number>();
    for (const [input, info] of Object.entries(Object.values(result.metafile.outputs)[0].inputs)) {
      totals.set(owner(input), (totals.get(owner(input)) ?? 0) + info.bytesInOutput);
    }
    for (const [name, b] of [...totals].sort((a, b) => b[1] - a[1]).slice(0, 8)) {
      console.log(`    ${(b / 1024).toFixed(1).padStart(7)} KB  ${name}`);
    }
  }
}
console.log(
  `largest ${(worst / 1024).toFixed(1)} KB; target < ${TARGET_KB} KB; AWS SDK ${bundleSdk ? 'bundled' : 'external (runtime-provided)'}`,
);
