/** One version of each toolchain truth: Powertools (code and layer) and Node (engines, types, Lambda). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { POWERTOOLS_VERSION } from '../../lib/lambda-defaults';

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
  engines: { node: string };
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as { packages: Record<string, { version?: string }> };

describe('toolchain versions', () => {
  it('every Powertools package, declared and locked, is the version the layer is pinned to', () => {
    const declared = Object.entries(pkg.dependencies).filter(([name]) => name.startsWith('@aws-lambda-powertools/'));
    expect(declared.length).toBeGreaterThan(3);
    for (const [name, version] of declared) expect(version, name).toBe(POWERTOOLS_VERSION);
    const locked = Object.entries(lock.packages).filter(([path]) => /node_modules\/@aws-lambda-powertools\/[^/]+$/.test(path));
    for (const [path, entry] of locked) expect(entry.version, path).toBe(POWERTOOLS_VERSION);
  });

  it('requires Node 24, the Lambda runtime, with types of the same major pinned exactly', () => {
    expect(pkg.engines.node).toBe('>=24');
    expect(pkg.devDependencies['@types/node']).toMatch(/^24\.\d+\.\d+$/);
    expect(readFileSync('.ci/run', 'utf8')).toMatch(/npm install --prefix \.ci\/node .*node@24/);
  });
});
