/**
 * Builds one Lambda bundle in-process exactly as the CDK NodejsFunction does for lib/lambda-defaults.ts
 * (the same esbuild flags: aws-cdk-lib/aws-lambda-nodejs Bundling.buildEsbuildArgs), so the sizes
 * bench/bundle-sizes.ts prints and test/infra/bundle-sizes.test.ts checks are the bytes CDK ships.
 */
import * as esbuild from 'esbuild';
import { resolve } from 'node:path';
import type { HandlerName } from '../functions/commons/environment';
import { bundlingOptions, PROJECT_ROOT } from '../lib/lambda-defaults';

/** The per-function budget for a bundle (the index.mjs CDK zips), in bytes. */
export const BUNDLE_BUDGET_BYTES = 250 * 1024;

/**
 * The BundlingOptions keys translated below. A new key in bundlingOptions() that is not translated
 * throws, so the measurement cannot silently drift from what CDK builds.
 */
const TRANSLATED = new Set([
  'minify',
  'sourceMap',
  'format',
  'target',
  'mainFields',
  'banner',
  'externalModules',
  'bundleAwsSDK',
  'metafile',
]);

export interface BuiltBundle {
  readonly bytes: number;
  /** Bytes in the output per input file (node_modules/<package>/..., functions/..., templates/...). */
  readonly inputs: Record<string, number>;
}

/** The esbuild options CDK derives from bundlingOptions() for functions/<handler>.ts. */
export function esbuildOptionsFor(handler: HandlerName, bundleAwsSdk = false): esbuild.BuildOptions {
  const opts = bundlingOptions(bundleAwsSdk);
  const untranslated = Object.keys(opts).filter((key) => !TRANSLATED.has(key));
  if (untranslated.length > 0) throw new Error(`bench/bundles.ts does not translate bundling option(s) ${untranslated.join(', ')}`);
  return {
    entryPoints: [resolve(PROJECT_ROOT, 'functions', `${handler}.ts`)],
    absWorkingDir: PROJECT_ROOT,
    bundle: true,
    platform: 'node',
    format: opts.format,
    target: opts.target,
    minify: opts.minify,
    sourcemap: opts.sourceMap,
    mainFields: opts.mainFields,
    banner: opts.banner === undefined ? undefined : { js: opts.banner },
    external: opts.externalModules,
    outfile: resolve(PROJECT_ROOT, 'cdk.out', 'bundle', handler, opts.format === 'esm' ? 'index.mjs' : 'index.js'),
  };
}

/** Bundles a handler in memory (nothing written) and reports its size and what it is made of. */
export async function buildBundle(handler: HandlerName, bundleAwsSdk = false): Promise<BuiltBundle> {
  const result = await esbuild.build({ ...esbuildOptionsFor(handler, bundleAwsSdk), write: false, metafile: true, logLevel: 'silent' });
  const [output] = result.outputFiles;
  const inputs = Object.values(result.metafile.outputs)[0].inputs;
  return {
    bytes: output.contents.byteLength,
    inputs: Object.fromEntries(Object.entries(inputs).map(([file, info]) => [file, info.bytesInOutput])),
  };
}
